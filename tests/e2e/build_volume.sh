# collate build: pages copied with their text, stamps in place on rotated,
# cropped and offset pages, labels, outline, links, embedded fonts,
# qpdf-clean, deterministic, atomic, and the --split exports.
. "$(dirname "$0")/lib.sh"
require_tools qpdf pdfinfo pdftotext
: "${PDFPROBE:?}"

mkdir -p papers
"$MKPAPER" --out p1-src.pdf --pages 3 --seed 21 --internal-links --title "Links and Named Destinations" --authors "Zoë Dvořák; Hongsen Chen"
"$PDFMUTATE" p1-src.pdf papers/p1.pdf named-dests
"$MKPAPER" --out papers/p2.pdf --pages 2 --seed 22 --rotate 2:90 --title "A Rotated Page" --authors "Łukasz Nowak"
"$MKPAPER" --out p3-src.pdf --pages 2 --seed 23 --size 632x812 --margins 64,82,58.6,58.6 --title "A Cropped Paper" --authors "Nguyễn Văn An"
"$PDFMUTATE" p3-src.pdf papers/p3.pdf cropbox:all:10,10,622,802
"$MKPAPER" --out p4-src.pdf --pages 2 --seed 24 --title "An Offset Media Box" --authors "Ada Lovelace"
"$PDFMUTATE" p4-src.pdf papers/p4.pdf mediabox-offset:all:100,50

cat > proceedings.yaml <<'YAML'
volume:
  title: Proceedings of the Test Workshop
  short_title: TW 2025
  year: "2025"
  editors: [Ada Lovelace]
  publisher: Test Press
  doi_prefix: 10.5555/tw.2025
  notice: "979-8-0000-0000-0/25/$31.00 ©2025 TEST"
style: ieee-conference
output: volume.pdf
front_matter: [title_page, toc]
back_matter: [author_index]
sessions:
  - title: Session A
    papers:
      - {id: p1, title: Links and Named Destinations, authors: [{given: Zoë, family: Dvořák}, {given: Hongsen, family: Chen, native: 陈洪森}], pdf: papers/p1.pdf}
      - {id: p2, title: A Rotated Page, authors: [Łukasz Nowak], pdf: papers/p2.pdf}
  - title: Session B
    papers:
      - {id: p3, title: A Cropped Paper, authors: [Nguyễn Văn An], pdf: papers/p3.pdf}
      - {id: p4, title: An Offset Media Box, authors: [Ada Lovelace], pdf: papers/p4.pdf}
YAML

# The rotated page is landscape: a check error that --allow-violations lets through.
"$COLLATE" build proceedings.yaml > build.out 2> build.err
expect_eq "$?" 1 "violations stop the build"
expect_line build.err "p2.pdf:2: error: paper 'p2': page is landscape"
[ ! -e volume.pdf ] && pass || fail "no output after a stopped build"

"$COLLATE" build --allow-violations --split split proceedings.yaml > build.out 2> build.err
expect_eq "$?" 0 "build exit status"
expect_line build.err "p2.pdf:2: error \\(allowed\\): paper 'p2': page is landscape"
expect_line build.err "warning: paper 'p2': 1 page \\(2\\) scaled to 64% to fit the volume's 612 x 792 pt pages"
expect_line build.out '^volume.pdf: 12 pages, 4 papers$'
"$PDFPROBE" volume.pdf --words > probe.txt

# Page plan: title (i), contents (ii), papers 1-9, author index (10).
expect_line probe.txt '^pages 12$'
expect_line probe.txt '^page 1 label=i '
expect_line probe.txt '^page 2 label=ii '
expect_line probe.txt '^page 3 label=1 size=612x792$'
expect_line probe.txt '^page 7 label=5 size=612x792$'   # /Rotate 90: landscape, scaled onto the volume's page
expect_line probe.txt '^page 8 label=6 size=612x792$'   # cropped: displayed size is the CropBox
expect_line probe.txt '^page 12 label=10 '

# Every original page's text is on the right volume page.
check_page_text() { # volume-page marker
  page_has volume.pdf "$1" "$2" && pass || fail "page $1 lacks '$2'"
}
check_page_text 3 mkpaper-page-1; check_page_text 4 mkpaper-page-2; check_page_text 5 mkpaper-page-3
check_page_text 6 mkpaper-page-1; check_page_text 7 mkpaper-page-2
check_page_text 8 mkpaper-page-1; check_page_text 9 mkpaper-page-2
check_page_text 10 mkpaper-page-1; check_page_text 11 mkpaper-page-2

# The page number stamp sits centred at the foot of each paper page, as
# displayed, also on the rotated (landscape) and the offset pages.
check_stamp() { # volume-page number width height
  awk -v p="$1" -v n="$2" -v w="$3" -v h="$4" '
    $1=="word" && $2=="page="p && $5=="text="n {
      split($3,a,"="); split($4,b,"=");
      if (a[2] > w/2-15 && a[2] < w/2+10 && b[2] > h-50 && b[2] < h-20) ok=1 }
    END { exit !ok }' probe.txt && pass || fail "page $1: no stamp '$2' at the foot centre"
}
check_stamp 3 1 612 792; check_stamp 4 2 612 792; check_stamp 5 3 612 792
check_stamp 6 4 612 792; check_stamp 7 5 612 792   # /Rotate 90, scaled down
check_stamp 8 6 612 792; check_stamp 9 7 612 792   # CropBox inside a larger MediaBox
check_stamp 10 8 612 792; check_stamp 11 9 612 792 # MediaBox not at 0,0
# The copyright notice on each paper's first page, bottom left.
for p in 3 6 8 10; do
  awk -v p="$p" '$1=="word" && $2=="page="p && $0 ~ /text=979-8-0000-0000-0\/25\/\$31.00/ { split($3,a,"="); if (a[2] < 100) ok=1 } END { exit !ok }' probe.txt \
    && pass || fail "page $p: no notice at the bottom left"
done
awk '$1=="word" && $2=="page=4" && /text=979-8-0000/ {bad=1} END {exit bad}' probe.txt && pass || fail "notice only on first pages"

# Links: none broken; contents entries go to the papers' first pages; the
# paper's own links (named destinations) land on its later pages.
expect_no_line probe.txt 'target=broken' "broken links"
for t in 3 6 8 10; do expect_line probe.txt "^link page=2 target=$t " "contents link to page $t"; done
expect_line probe.txt '^link page=3 target=4 ' "paper link to its page 2"
expect_line probe.txt '^link page=3 target=5 ' "paper link to its page 3"
expect_line probe.txt '^link page=12 target=3 ' "author index link"

# Outline: parts, sessions, papers.
expect_line probe.txt '^outline depth=1 target=2 title=Contents$'
expect_line probe.txt '^outline depth=1 target=3 title=Session A$'
expect_line probe.txt '^outline depth=2 target=3 title=Links and Named Destinations$'
expect_line probe.txt '^outline depth=2 target=10 title=An Offset Media Box$'
expect_line probe.txt '^outline depth=1 target=12 title=Author Index$'

# Fonts embedded; the volume is structurally clean.
expect_no_line probe.txt '^font embedded=no' "non-embedded fonts"
qpdf --check volume.pdf > qpdf.out 2>&1 && pass || { fail "qpdf --check"; cat qpdf.out >&2; }
page_has volume.pdf 12 "Dvořák, Zoë" && pass || fail "author index entry with accents"
page_has volume.pdf 12 "陈洪森" && pass || fail "author index CJK name"
pdfinfo volume.pdf > info.txt; grep -q "^Title: *Proceedings of the Test Workshop" info.txt && pass || fail "document title"

# Deterministic: the same inputs give the same bytes.
cp volume.pdf first.pdf
"$COLLATE" build --allow-violations -q proceedings.yaml > /dev/null 2>&1
cmp -s first.pdf volume.pdf && pass || fail "two builds differ"
# The volume assembled while the papers are inspected (speculate) is the
# one assembled after the check.
COLLATE_SPECULATE=0 "$COLLATE" build --allow-violations -q --no-cache proceedings.yaml > /dev/null 2>&1
cmp -s first.pdf volume.pdf && pass || fail "speculative and sequential builds differ"

# --compact: object streams make a smaller file that reads the same.
"$COLLATE" build --allow-violations --compact -q -o compact.pdf proceedings.yaml > /dev/null 2>&1
expect_eq "$?" 0 "compact build"
grep -aq "/ObjStm" compact.pdf && pass || fail "compact volume has no object streams"
grep -aq "/ObjStm" volume.pdf && fail "default volume has object streams" || pass
[ "$(stat -c %s compact.pdf)" -lt "$(stat -c %s volume.pdf)" ] && pass || fail "compact volume is not smaller"
"$PDFPROBE" volume.pdf > plain.facts
"$PDFPROBE" compact.pdf > compact.facts
cmp -s plain.facts compact.facts && pass || { fail "compact volume reads differently"; diff plain.facts compact.facts | head >&2; }
qpdf --check compact.pdf > /dev/null 2>&1 && pass || fail "qpdf --check of the compact volume"

# A failed build leaves the previous output untouched and no temporaries.
cp papers/p4.pdf p4-good.pdf
head -c 500 p4-good.pdf > papers/p4.pdf
"$COLLATE" build --allow-violations proceedings.yaml > /dev/null 2> fail.err
expect_eq "$?" 1 "a broken paper stops the build"
expect_line fail.err "p4.pdf: error: paper 'p4': .*\[unreadable\]"
cmp -s first.pdf volume.pdf && pass || fail "previous output changed by a failed build"
[ -z "$(ls | grep tmp)" ] && pass || fail "temporary files left: $(ls | grep tmp)"
cp p4-good.pdf papers/p4.pdf

# --split: one stamped PDF per paper, volume.json and BibTeX.
for id in p1:3 p2:2 p3:2 p4:2; do
  n=$(pdfinfo "split/${id%%:*}.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  expect_eq "$n" "${id##*:}" "pages of split/${id%%:*}.pdf"
done
page_has split/p3.pdf 2 "mkpaper-page-2" && pass || fail "split paper keeps its text"
"$PDFPROBE" split/p1.pdf > split1.txt
expect_no_line split1.txt 'target=broken' "broken links in a split paper"
expect_line split1.txt '^link page=1 target=3 ' "split paper keeps its internal links"
expect_line split/volume.json '"first_page": 6' "volume.json first page of p3"
expect_line split/volume.bib 'pages += \{6--7\},' "BibTeX pages of p3"
expect_line split/volume.bib 'doi += \{10.5555/tw.2025.p3\},' "BibTeX DOI"
finish
