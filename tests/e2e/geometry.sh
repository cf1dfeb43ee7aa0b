# Page geometry read once (pdf/geometry, as poppler shows pages) and kept in
# the volume: a real /Rotate, an empty MediaBox of the page under a usable
# one of its parent, and a CropBox reaching outside the MediaBox come out
# in the volume as the check saw them, placed on the volume's Letter pages
# from that geometry, with the stamps at the foot centre.
. "$(dirname "$0")/lib.sh"
: "${PDFPROBE:?}"

edit_qdf() { # IN OUT SED-SCRIPT: edit a QDF copy of IN and repair its xref
  qpdf --qdf --object-streams=disable "$1" "$2.qdf" && sed -i "$3" "$2.qdf" && fix-qdf "$2.qdf" > "$2"
  rm -f "$2.qdf"
}
mkdir -p papers
# p1: page 2 has /Rotate 90.0, a real: poppler skips it and shows the page
# upright, other readers turn it.  The volume states /Rotate 0.
"$MKPAPER" --out p1-src.pdf --pages 2 --seed 31 --rotate 2:90 --title "Real Rotate" --authors "Ada Lovelace"
edit_qdf p1-src.pdf papers/p1.pdf 's|^  /Rotate 90$|  /Rotate 90.0|'
# p2: page 1's own MediaBox is all zero, its parent's is A4: poppler shows
# the parent's.  The volume states it on the page.
"$MKPAPER" --out p2-src.pdf --pages 2 --seed 32 --title "Inherited Box" --authors "Ada Lovelace"
edit_qdf p2-src.pdf papers/p2.pdf '0,/^    612$/s//    0/; 0,/^    792$/s//    0/; s|^  /Type /Pages$|  /Type /Pages /MediaBox [0 0 595 842]|'
# p3: a CropBox reaching outside the MediaBox: shown clamped into it.
"$MKPAPER" --out p3-src.pdf --pages 2 --seed 33 --title "Wide Crop" --authors "Ada Lovelace"
"$PDFMUTATE" p3-src.pdf papers/p3.pdf cropbox:1:-20,-20,400,500
grep -aq '/Rotate 90.0' papers/p1.pdf && pass || fail "p1 has no real /Rotate"

cat > proceedings.yaml <<'YAML'
volume: {title: Geometry Workshop}
style: ieee-conference
output: volume.pdf
papers:
  - {id: p1, title: Real Rotate, authors: [Ada Lovelace], pdf: papers/p1.pdf}
  - {id: p2, title: Inherited Box, authors: [Ada Lovelace], pdf: papers/p2.pdf}
  - {id: p3, title: Wide Crop, authors: [Ada Lovelace], pdf: papers/p3.pdf}
YAML

"$COLLATE" check --style ieee-conference papers/p1.pdf papers/p2.pdf papers/p3.pdf > check.out 2>&1
expect_line check.out '^papers/p1.pdf: ok \(2 pages\)$' "the real /Rotate is skipped: an upright page"
expect_line check.out '^papers/p2.pdf:1: error: page has an empty MediaBox \(0 x 0 pt\).*\[page_size\]$'
"$COLLATE" inspect papers/p2.pdf > p2.json 2>&1
expect_line p2.json '"width": ?595' "p2 page 1 shown at its parent's width"

"$COLLATE" build --allow-violations -q --no-cache proceedings.yaml > build.out 2> build.err
expect_eq "$?" 0 "build exit status"
"$PDFPROBE" volume.pdf --words > probe.txt
expect_line probe.txt '^page 2 label=2 size=612x792$' "real /Rotate: upright, as checked"
expect_line probe.txt '^page 3 label=3 size=612x792$' "one page size"
expect_line probe.txt '^page 5 label=5 size=612x792$' "one page size"
# The A4 box of the parent (595 x 842), its text block put on the Letter
# one: 8.36 pt right, 50 pt down; the 400 x 500 CropBox centred on the
# text block.
pdfinfo -f 1 -l 6 -box volume.pdf > boxes.txt
expect_line boxes.txt '^Page +3 MediaBox: +-8\.36 +50\.00 +603\.64 +842\.00$' "empty own MediaBox: the parent's A4"
expect_line boxes.txt '^Page +5 MediaBox: +-106\.00 +-160\.29 +506\.00 +631\.71$' "CropBox clamped into the MediaBox"
check_stamp() { # volume-page number width height
  awk -v p="$1" -v n="$2" -v w="$3" -v h="$4" '
    $1=="word" && $2=="page="p && $5=="text="n {
      split($3,a,"="); split($4,b,"=");
      if (a[2] > w/2-15 && a[2] < w/2+10 && b[2] > h-50 && b[2] < h-20) ok=1 }
    END { exit !ok }' probe.txt && pass || fail "page $1: no stamp '$2' at the foot centre"
}
check_stamp 1 1 612 792; check_stamp 2 2 612 792; check_stamp 3 3 612 792; check_stamp 5 5 612 792
# The volume states the geometry on each page: no real /Rotate, the box
# on the page itself, the CropBox within the MediaBox.
qpdf --qdf --object-streams=disable volume.pdf vq.pdf
grep -aq '/Rotate 90.0' vq.pdf && fail "a real /Rotate left in the volume" || pass
qpdf --check volume.pdf > qpdf.out 2>&1 && pass || { fail "qpdf --check"; cat qpdf.out >&2; }
# Speculative and sequential builds agree.
cp volume.pdf first.pdf
COLLATE_SPECULATE=0 "$COLLATE" build --allow-violations -q --no-cache proceedings.yaml > /dev/null 2>&1
cmp -s first.pdf volume.pdf && pass || fail "speculative and sequential builds differ"
finish
