# Faults while writing: the previous volume stays intact, no temporary file
# is left under any name, and the message says what happened.
. "$(dirname "$0")/lib.sh"
require_tools qpdf

mkdir -p papers
{
  echo "volume: {title: Fault Test}"
  echo "style: ieee-conference"
  echo "output: volume.pdf"
  echo "front_matter: [title_page, toc]"
  echo "papers:"
} > proceedings.yaml
for i in $(seq 1 24); do
  "$MKPAPER" --out "papers/p$i.pdf" --pages 6 --seed "$i" --image --title "Fault paper $i" --authors "Author $i"
  echo "  - {id: p$i, title: Fault paper $i, authors: [Author $i], pdf: papers/p$i.pdf}" >> proceedings.yaml
done
"$COLLATE" build -q --no-cache proceedings.yaml > /dev/null 2> first.err
expect_eq "$?" 0 "first build"
cp volume.pdf previous.pdf
no_temporaries() { # description
  local left
  left=$(find . -name '*.tmp*' | head -3)
  [ -z "$left" ] && pass || fail "$1: temporary files left: $left"
}

# The output folder is not a folder.
: > notadir
"$COLLATE" build -q --no-cache -o notadir/volume.pdf proceedings.yaml > /dev/null 2> notadir.err
expect_eq "$?" 3 "exit status when the output cannot be created"
expect_line notadir.err "notadir/volume.pdf.*(Not a directory|cannot)" "message names the output"

# A full disk, simulated with a file-size limit smaller than the volume.
( ulimit -f 256; "$COLLATE" build -q --no-cache proceedings.yaml > /dev/null 2> full.err )
expect_eq "$?" 3 "exit status when the disk is full"
expect_line full.err "volume.pdf" "message names the output"
cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a failed write"
no_temporaries "disk full"

# Interrupted at various moments: inspecting, typesetting, assembling.
for delay in 0.1 0.4 0.8 1.2; do
  timeout -s INT "$delay" "$COLLATE" build -q --no-cache proceedings.yaml > /dev/null 2> int.err
  rc=$?
  if [ "$rc" = 0 ]; then pass; else
    expect_eq "$rc" 124 "interrupted build ends by the signal (after $delay s)"
    cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by an interrupt after $delay s"
  fi
  no_temporaries "interrupt after $delay s"
done
# A paper rewritten or removed after its check, before the assembly (the
# build is stopped there by a test hook): refused by name, since the
# volume must hold the bytes that were checked.
stopped_build() { # ACTION...: build stopped before assembly, run ACTION, resume
  COLLATE_SPECULATE=0 COLLATE_STOP_BEFORE_ASSEMBLY=1 "$COLLATE" build -q --no-cache proceedings.yaml > /dev/null 2> changed.err &
  local pid=$! state=""
  for _ in $(seq 1 1200); do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
    [ "$state" = T ] && break
    sleep 0.05
  done
  expect_eq "$state" T "build stopped before the assembly"
  "$@"
  kill -CONT "$pid"
  wait "$pid"
}
cp papers/p7.pdf p7.orig
stopped_build cp papers/p8.pdf papers/p7.pdf
expect_eq "$?" 3 "exit status when a paper changed during the build"
expect_line changed.err "papers/p7.pdf: error: paper 'p7': .*changed after it was checked" "message names the changed paper"
cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a build with a changed paper"
no_temporaries "paper changed"
cp p7.orig papers/p7.pdf   # else p7 and p8 are one PDF (duplicate_pdf) and the check stops the build
stopped_build rm papers/p7.pdf
expect_eq "$?" 3 "exit status when a paper was removed during the build"
expect_line changed.err "papers/p7.pdf: error: paper 'p7': .*cannot open the file: No such file" "message names the removed paper"
cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a build with a removed paper"
no_temporaries "paper removed"
cp p7.orig papers/p7.pdf

# Over the memory budget, papers are merged through batch files; a reader
# sees the same volume as from the direct merge.
COLLATE_MERGE_MEMORY=400000 "$COLLATE" build -q --no-cache -o batched.pdf proceedings.yaml > /dev/null 2> batched.err
expect_eq "$?" 0 "batched build"
"$PDFPROBE" previous.pdf > direct.facts
"$PDFPROBE" batched.pdf > batched.facts
cmp -s direct.facts batched.facts && pass || { fail "batched volume differs from the direct one"; diff direct.facts batched.facts | head >&2; }
expect_line batched.facts "^pages [0-9]+$" "the batched volume has pages"
expect_no_line batched.facts "target=broken" "no broken link in the batched volume"
qpdf --check batched.pdf > /dev/null 2>&1 && pass || fail "qpdf --check of the batched volume"
no_temporaries "batched build"
finish
