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
# The hooks come after the check: the inspection cache saves time.
stopped_build() { # VARS ACTION...: build stopped by a test hook (VARS: its environment), run ACTION, resume
  local vars=$1; shift
  # shellcheck disable=SC2086
  env COLLATE_SPECULATE=0 $vars "$COLLATE" build -q proceedings.yaml > /dev/null 2> changed.err &
  local pid=$! state=""
  for _ in $(seq 1 1200); do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
    [ "$state" = T ] && break
    sleep 0.05
  done
  expect_eq "$state" T "build stopped ($vars)"
  "$@"
  kill -CONT "$pid"
  wait "$pid"
}
cp papers/p7.pdf p7.orig
# Papers read into memory, and lazily from their files (COLLATE_HOLD_MEMORY).
for hold in "" COLLATE_HOLD_MEMORY=1; do
  stopped_build "COLLATE_STOP_BEFORE_ASSEMBLY=1 $hold" cp papers/p8.pdf papers/p7.pdf
  expect_eq "$?" 3 "exit status when a paper changed during the build ($hold)"
  expect_line changed.err "papers/p7.pdf: error: paper 'p7': .*changed after it was checked" "message names the changed paper"
  cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a build with a changed paper"
  no_temporaries "paper changed"
  cp p7.orig papers/p7.pdf   # else p7 and p8 are one PDF (duplicate_pdf) and the check stops the build
  stopped_build "COLLATE_STOP_BEFORE_ASSEMBLY=1 $hold" rm papers/p7.pdf
  expect_eq "$?" 3 "exit status when a paper was removed during the build ($hold)"
  expect_line changed.err "papers/p7.pdf: error: paper 'p7': .*cannot open the file: No such file" "message names the removed paper"
  cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a build with a removed paper"
  no_temporaries "paper removed"
  cp p7.orig papers/p7.pdf
done

# Papers read lazily are read while the volume is written: a paper rewritten,
# altered in place (same size), cut short or removed after its pages were
# copied and before the write (stopped there by a test hook) fails the
# build by name, cleanly, and the previous volume stays.
flip_byte() { # FILE: one byte in the middle, in place
  local size; size=$(stat -c %s "$1")
  printf 'Z' | dd of="$1" bs=1 seek=$((size / 2)) conv=notrunc status=none
}
cut_short() { # FILE: to a third
  truncate -s $(($(stat -c %s "$1") / 3)) "$1"
}
for change in "cp papers/p8.pdf papers/p7.pdf" "flip_byte papers/p7.pdf" "cut_short papers/p7.pdf" \
              "rm papers/p7.pdf"; do
  # shellcheck disable=SC2086
  stopped_build "COLLATE_STOP_BEFORE_WRITE=1 COLLATE_HOLD_MEMORY=1" $change
  expect_eq "$?" 3 "exit status when a paper changed before the write ($change)"
  expect_line changed.err "papers/p7.pdf: error: paper 'p7': .*(changed while the volume was written|cannot open)" \
    "message names the paper changed before the write ($change)"
  cmp -s previous.pdf volume.pdf && pass || fail "previous volume changed by a build with a paper changed ($change)"
  no_temporaries "paper changed before the write ($change)"
  cp p7.orig papers/p7.pdf
done

# Over the memory budget, papers read into memory are merged through batch
# files.  With too few descriptors for every paper (hard limit), some are
# read into memory instead of lazily.  A reader sees the same volume as
# from the direct merge.
"$PDFPROBE" previous.pdf > direct.facts
COLLATE_MERGE_MEMORY=400000 "$COLLATE" build -q --no-cache -o batched.pdf proceedings.yaml > /dev/null 2> batched.err
expect_eq "$?" 0 "batched build"
( ulimit -n 48; COLLATE_HOLD_MEMORY=1 "$COLLATE" build -q --no-cache -o fewfiles.pdf proceedings.yaml \
  > /dev/null 2> fewfiles.err )
expect_eq "$?" 0 "build with few descriptors"
( ulimit -n 48; COLLATE_HOLD_MEMORY=1 COLLATE_MERGE_MEMORY=1000000 "$COLLATE" build -q --no-cache \
  -o fewbatched.pdf proceedings.yaml > /dev/null 2> fewbatched.err )
expect_eq "$?" 0 "batched build with few descriptors"
for f in batched fewfiles fewbatched; do
  "$PDFPROBE" $f.pdf > $f.facts
  cmp -s direct.facts $f.facts && pass || { fail "$f volume differs from the direct one"; diff direct.facts $f.facts | head >&2; }
  expect_line $f.facts "^pages [0-9]+$" "the $f volume has pages"
  expect_no_line $f.facts "target=broken" "no broken link in the $f volume"
  qpdf --check $f.pdf > /dev/null 2>&1 && pass || fail "qpdf --check of the $f volume"
done
no_temporaries "batched build"
finish
