# Faults while writing: the previous volume stays intact, no temporary file
# is left under any name, and the message says what happened.
. "$(dirname "$0")/lib.sh"

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
finish
