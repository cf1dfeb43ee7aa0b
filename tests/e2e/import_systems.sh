# collate init on the exports of EDAS, OpenReview, Softconf START and
# Microsoft CMT (committed fixtures in each system's real layout, see
# tests/unit/data/import and tests/tools/mkworkbook.py); --pdfs from
# archives and folders as the systems deliver final versions; stale and
# swapped PDFs caught by build; --update keeping the chair's edits.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"
DATA="$SRCDIR/tests/unit/data/import"

# build_without_pdfs MANIFEST N: the manifest loads; the only errors are
# the N missing PDFs.
build_without_pdfs() {
  "$COLLATE" build "$1" > build.out 2> build.err
  expect_eq "$?" 1 "build of $1 without PDFs"
  expect_eq "$(grep -c "error: paper '.*': file '.*' not found" build.err)" "$2" "missing PDFs in $1"
  if grep -v -E "error: paper '.*': file '.*' not found$|error: $2 errors? in the manifest$" build.err | grep -q .; then
    fail "other diagnostics than missing files for $1"; sed 's/^/  | /' build.err >&2
  else pass; fi
}

# Sources of the fixtures' formats:
#   openreview-v2.json  the /notes response of OpenReview's API v2 ({"notes": [...], "count"}),
#                       content fields as {"value": ...}, venueid suffixes as openreview-py and
#                       aclpub2's openreview/or2papers.py use them;
#   openreview-v1.json  openreview-py's Note.to_json() of API v1 notes (plain content fields);
#   start-submissions.csv  the header of aclpub2's examples/softconf/paper-metadata.csv (START's
#                       Spreadsheet Maker, "csv (UTF-8)"), with its quirks: "N: ..." author slots,
#                       empty slots, run-together 'Track Chairs', multi-line abstracts, CRLF;
#   cmt-papers.xlsx/.xls   CMT's "Export to Excel" columns as public scripts read them
#                       (tests/tools/mkworkbook.py writes both files);
#   edas-*.csv/.tsv     EDAS's statuses (its "Status Labels" documentation) and 1570xxxxxx numbers.

# --- OpenReview: API v2 notes ({"value": ...} fields), detected ---
"$COLLATE" init -o or2.yaml "$DATA/openreview-v2.json" > or.out 2> or.err
expect_eq "$?" 0 "openreview v2 exit status"
expect_line or.out '^wrote or2.yaml: 2 papers in 1 session \(2 not accepted, left out\)$'
expect_line or.err 'openreview-v2.json: note: left out 2 papers that were not accepted: #16 \(withdrawn\), #21 \(rejected\)'
expect_eq "$(grep -c "unknown key 'responsible_checklist'" or.err)" 1 "one warning per unknown content key"
expect_line or2.yaml "from the openreview export 'openreview-v2.json'"
expect_line or2.yaml '^  - title: "Privacy"$'
expect_line or2.yaml '^        title: "Auditing Differential Privacy in Practice"$'
expect_line or2.yaml '\{given: "Ludwig", family: "van Beethoven", email: "lvb@example.org"\}'
expect_line or2.yaml '\{given: "洪森", family: "陈", family_first: true\}'
expect_line or2.yaml '^        keywords: \["membership inference", "tokenizers"\]$'
build_without_pdfs or2.yaml 2

# --- OpenReview: API v1 (a list of notes, plain content fields) ---
"$COLLATE" init --from openreview -o or1.yaml "$DATA/openreview-v1.json" > or.out 2> or.err
expect_eq "$?" 0 "openreview v1 exit status"
expect_line or.err "note: left out 1 paper that was not accepted: #9 \(no decision\)"
expect_line or1.yaml '^      - id: "p7"$'
expect_line or1.yaml '\{given: "Petar", family: "Veličković", email: "petar.velickovic@example.org"\}'
build_without_pdfs or1.yaml 1

# --- Softconf START: Spreadsheet Maker CSV with author slots ---
"$COLLATE" init -o start.yaml "$DATA/start-submissions.csv" > st.out 2> st.err
expect_eq "$?" 0 "start exit status"
expect_line st.out '^wrote start.yaml: 2 papers in 2 sessions \(2 not accepted, left out\)$'
expect_line st.err 'note: left out 2 submissions that were not accepted: #112 \(Reject\), #120 \(Withdrawn\)'
expect_line start.yaml "from the start export"
expect_line start.yaml '\{given: "Anh Tuan", family: "Luu", affiliation: "Nanyang Technological University", email: "atluu@example.edu"\}'
expect_line start.yaml '\{given: "María José", family: "de la Cruz", affiliation: "Universidad de Chile", email: "mj@example.org"\}'
expect_line start.yaml '^  - title: "Information Extraction"$'
expect_no_line st.err 'unknown column'
build_without_pdfs start.yaml 2

# --- Microsoft CMT: "Export to Excel" .xlsx, and the XML Spreadsheet 2003 .xls ---
for f in cmt-papers.xlsx cmt-papers.xls; do
  "$COLLATE" init -o cmt.yaml --force "$DATA/$f" > cmt.out 2> cmt.err
  expect_eq "$?" 0 "cmt $f exit status"
  expect_line cmt.out '^wrote cmt.yaml: 2 papers in 2 sessions \(3 not accepted, left out\)$'
  expect_line cmt.err "$f: note: left out 3 papers that were not accepted: #9 \(Reject\), #12 \(Withdrawn\), #14 \(Awaiting Decision\)"
  expect_line cmt.err "$f:1:38: warning: unknown column 'Poster Board' ignored"
  expect_eq "$(grep -c warning cmt.err)" 1 "only the unknown column is warned about ($f)"
  expect_line cmt.yaml '\{given: "Maria", family: "Rossi", affiliation: "Politecnico di Milano", email: "m.rossi@example.it"\}'
  expect_line cmt.yaml '\{given: "Wei", family: "Zhang", affiliation: "Tsinghua University", email: "wz@example.cn"\}'
  expect_line cmt.yaml '^  - title: "Short Papers"$'
  build_without_pdfs cmt.yaml 2
done

# --- EDAS: paper list (CSV) and author list (tab-separated) ---
"$COLLATE" init -o edas.yaml "$DATA/edas-papers.csv" > ed.out 2> ed.err
expect_eq "$?" 0 "edas list exit status"
expect_line ed.err 'note: left out 3 papers that were not accepted: #1570912401 \(rejected\), #1570913500 \(withdrawn\), #1570913612 \(pending\)'
expect_line ed.err "edas-papers.csv:1:78: warning: unknown column 'Shepherd' ignored"
expect_line edas.yaml '^      - id: "p1570913377"$'
expect_line edas.yaml '^  - title: "Session 2A: Signal Processing"$'
expect_line edas.yaml '\{given: "Maria", family: "Rossi", affiliation: "Politecnico di Milano, Italy"\}'
build_without_pdfs edas.yaml 2
"$COLLATE" init --from edas -o edas2.yaml "$DATA/edas-authors.tsv" > ed.out 2> ed.err
expect_eq "$?" 0 "edas author list exit status"
expect_line ed.err "edas-authors.tsv:5:141: warning: '0000-0002-1825-0098' is not a valid ORCID iD; left out"
expect_line edas2.yaml '\{given: "Maria", family: "Rossi", affiliation: "Politecnico di Milano", email: "m.rossi@example.it", orcid: "0000-0002-1825-0097"\}'
expect_line edas2.yaml '\{given: "Hongsen", family: "Chen", affiliation: "Tsinghua University", email: "hc@example.cn"\}'
build_without_pdfs edas2.yaml 2

# --- input errors keep their file:line:column in the new formats ---
printf 'Submission ID,Title,Authors,Acceptance Status\n5,Caf\351 Culture,A B,Accept\n' > bad-start.csv
"$COLLATE" init -o bad.yaml bad-start.csv > bad.out 2> bad.err
expect_eq "$?" 1 "invalid UTF-8 exit status"
expect_line bad.err 'bad-start.csv:2:6: error: invalid UTF-8 \(byte 0xE9\)'
printf '{"notes": [{"id": "x1", "number": 3, "content": {"title": {"value": "T"}, "authors": {"value": "A B"}}}]}' > bad-or.json
"$COLLATE" init -o bad.yaml bad-or.json > bad.out 2> bad.err
expect_eq "$?" 1 "openreview authors not a list"
expect_line bad.err "bad-or.json:1:.*: error: 'authors' must be a list, not text"
printf 'PK\003\004junk' > broken.xlsx
"$COLLATE" init -o bad.yaml broken.xlsx > bad.out 2> bad.err
expect_eq "$?" 1 "damaged workbook exit status"
expect_line bad.err 'broken.xlsx: error: the workbook is damaged'
[ ! -e bad.yaml ] && pass || fail "nothing written after input errors"

# --- --pdfs: final versions from archives, matched by the ids in the names ---
mkdir -p gen
"$MKPAPER" --out gen/a.pdf --pages 2 --seed 41 --title "Membership Inference against Tokenizers" --authors "Ana García Márquez; Ludwig van Beethoven; Hongsen Chen"
"$MKPAPER" --out gen/b.pdf --pages 2 --seed 42 --title "Auditing Differential Privacy in Practice" --authors "Zoë Dvořák; Kenji Watanabe"
"$MKPAPER" --out gen/c.pdf --pages 2 --seed 43 --title "Certified Defenses for Speech Models" --authors "Maria Rossi; Kenji Watanabe"
"$MKPAPER" --out gen/d.pdf --pages 2 --seed 44 --title "Privacy Budgets in Federated Analytics" --authors "Ludwig van Beethoven; Ana García Márquez; Wei Zhang"
if command -v python3 > /dev/null; then
  # OpenReview: PDFs named by note id, a copyright form and a README beside them
  python3 - <<'PY'
import zipfile
with zipfile.ZipFile("or-finals.zip", "w") as z:
    z.write("gen/a.pdf", "camera_ready/Hk3mPK5gXa.pdf")
    z.writestr("camera_ready/Hk3mPK5gXa_copyright.txt", "signed")
    z.writestr("README.txt", "finals")
    z.write("gen/c.pdf", "camera_ready/unrelated.pdf")
PY
  mkdir -p orv && cd orv
  "$COLLATE" init --pdfs ../or-finals.zip "$DATA/openreview-v2.json" > pdfs.out 2> pdfs.err
  expect_eq "$?" 0 "init --pdfs exit status"
  cmp -s papers/p12.pdf ../gen/a.pdf && pass || fail "p12 placed from its note id"
  [ ! -e papers/p15.pdf ] && pass || fail "p15 has no PDF in the archive"
  expect_line pdfs.out '^placed 1 PDF \(0 already in place\); 1 paper without a PDF, 3 files matched no paper$'
  expect_line pdfs.err "or-finals.zip: warning: 1 paper without a PDF: p15"
  expect_line pdfs.err "note: 'README.txt' matched no paper \(not a PDF\)"
  expect_line pdfs.err "note: 'camera_ready/unrelated.pdf' matched no paper \(no paper id in its name\)"
  expect_line pdfs.err "note: 'camera_ready/Hk3mPK5gXa_copyright.txt' matched no paper \(not a PDF\)"
  cd ..

  # START: final/<id>/<id>_Paper.pdf beside supplementary material
  python3 - <<'PY'
import zipfile
with zipfile.ZipFile("start-finals.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.write("gen/a.pdf", "final/108/108_Paper.pdf")
    z.write("gen/b.pdf", "final/108/108_Supplementary.pdf")
    z.write("gen/c.pdf", "final/117/117_Paper.pdf")
PY
  mkdir -p stv && cd stv
  "$COLLATE" init --pdfs ../start-finals.zip "$DATA/start-submissions.csv" > pdfs.out 2> pdfs.err
  expect_eq "$?" 0 "start --pdfs exit status"
  cmp -s papers/p108.pdf ../gen/a.pdf && pass || fail "p108 is the paper, not the supplementary PDF"
  cmp -s papers/p117.pdf ../gen/c.pdf && pass || fail "p117 placed"
  expect_line pdfs.err "'final/108/108_Supplementary.pdf' matched no paper \(another file was taken for its paper\)"
  # again: the files in place are left alone
  "$COLLATE" init --update --pdfs ../start-finals.zip "$DATA/start-submissions.csv" > pdfs.out 2> pdfs.err
  expect_line pdfs.out '^placed 0 PDFs \(2 already in place\)'
  cd ..

  # hostile archives are refused whole, and nothing is written
  python3 - <<'PY'
import io, tarfile, zipfile
def add(t, name, data=b"%PDF-1.4 x", kind=tarfile.REGTYPE, link=""):
    i = tarfile.TarInfo(name); i.size = len(data) if kind == tarfile.REGTYPE else 0; i.type = kind; i.linkname = link
    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
with tarfile.open("traversal.tar.gz", "w:gz") as t:
    add(t, "finals/p7.pdf"); add(t, "../../etc/p9.pdf")
with tarfile.open("link.tar.gz", "w:gz") as t:
    add(t, "p7.pdf", kind=tarfile.SYMTYPE, link="/etc/passwd")
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("p7.pdf", b"%PDF-1.4\n" + bytes(96 << 20))
PY
  for a in traversal.tar.gz link.tar.gz bomb.zip; do
    rm -rf hv && mkdir hv && cd hv
    "$COLLATE" init --pdfs "../$a" "$DATA/openreview-v1.json" > pdfs.out 2> pdfs.err
    expect_eq "$?" 1 "$a refused"
    [ ! -e proceedings.yaml ] && [ ! -e papers ] && pass || fail "nothing written for $a"
    cd ..
  done
  grep -q "refused: entry '../../etc/p9.pdf' has an absolute path or '..'" <(cd hv; "$COLLATE" init --pdfs ../traversal.tar.gz "$DATA/openreview-v1.json" 2>&1) && pass || fail "traversal message"
  grep -q "refused: entry 'p7.pdf' is a link" <(cd hv; "$COLLATE" init --pdfs ../link.tar.gz "$DATA/openreview-v1.json" 2>&1) && pass || fail "link message"
  grep -q "refused: the archive expands to 96 MiB" <(cd hv; "$COLLATE" init --pdfs ../bomb.zip "$DATA/openreview-v1.json" 2>&1) && pass || fail "bomb message"
fi

# --- HotCRP final versions: the hash in place, stale and swapped PDFs caught by build ---
sha() { sha256sum "$1" | cut -c1-64; }
size() { wc -c < "$1" | tr -d ' '; }
mkdir -p hc && cd hc
cat > hotcrp.json <<EOF2
[
 {"pid": 4, "title": "Certified Defenses for Speech Models", "decision": "Accepted",
  "authors": [{"first": "Maria", "last": "Rossi"}, {"first": "Kenji", "last": "Watanabe"}],
  "final": {"mimetype": "application/pdf", "hash": "sha2-$(sha ../gen/c.pdf)", "size": $(size ../gen/c.pdf), "timestamp": 1740000000}},
 {"pid": 11, "title": "Privacy Budgets in Federated Analytics", "decision": "Accepted",
  "authors": [{"first": "Ludwig", "last": "van Beethoven"}, {"first": "Ana", "last": "García Márquez"}, {"first": "Wei", "last": "Zhang"}],
  "final": {"mimetype": "application/pdf", "hash": "sha2-$(sha ../gen/d.pdf)", "size": $(size ../gen/d.pdf), "timestamp": 1740000000}}
]
EOF2
mkdir -p finals && cp ../gen/c.pdf finals/testconf-final4.pdf && cp ../gen/d.pdf finals/testconf-final11.pdf
"$COLLATE" init --pdfs finals hotcrp.json > init.out 2> init.err
expect_eq "$?" 0 "hotcrp --pdfs from a folder"
expect_line proceedings.yaml "^        pdf_sha256: \"$(sha ../gen/c.pdf)\"$"
expect_line proceedings.yaml "^        pdf_size: $(size ../gen/c.pdf)$"
"$COLLATE" build proceedings.yaml -o v.pdf > b.out 2> b.err
expect_eq "$?" 0 "build with the final versions in place"
expect_no_line b.err 'stale_pdf|swapped_pdf'
# a stale file: an older version of paper 4 in place
"$MKPAPER" --out papers/p4.pdf --pages 2 --seed 99 --title "Certified Defenses for Speech Models" --authors "Maria Rossi; Kenji Watanabe"
"$COLLATE" build proceedings.yaml -o v.pdf > b.out 2> b.err
expect_eq "$?" 1 "a stale PDF stops the build"
expect_line b.err "papers/p4.pdf: error: paper 'p4': the PDF has [0-9]+ bytes but the final version in the submission system has [0-9]+; .* \[stale_pdf\]"
# swapped: each paper's file is the other's
cp ../gen/d.pdf papers/p4.pdf && cp ../gen/c.pdf papers/p11.pdf
"$COLLATE" build proceedings.yaml -o v.pdf --allow-violations > b.out 2> b.err
expect_line b.err "papers/p4.pdf:1: warning: paper 'p4': the first page has the title of paper 'p11' .*\[swapped_pdf\]"
expect_line b.err "papers/p11.pdf:1: warning: paper 'p11': the first page has the title of paper 'p4' .*\[swapped_pdf\]"
expect_line b.err "papers/p4.pdf: error \(allowed\): paper 'p4': .*\[stale_pdf\]"
cd ..

# --- --update: new, changed and withdrawn papers; the chair's edits kept ---
if command -v python3 > /dev/null; then
mkdir -p up && cd up
cp "$DATA/start-submissions.csv" s1.csv
"$COLLATE" init -q -o m.yaml s1.csv
# the chair's edits: a volume title with a comment, a short title, a fixed author name
sed -i -e 's|^  title: "TODO: volume title (Proceedings of ...)"|  title: "Proceedings of NLP-X"   # by hand|' \
       -e 's|^        title: "Named Entities in the Wild"$|&\n        short_title: "Named Entities"   # for the running head|' \
       -e 's|{given: "Anh Tuan", family: "Luu"|{given: "Anh-Tuan", family: "Luu"|' m.yaml
cp m.yaml before.yaml
# the system: p117 retitled with a new affiliation, p125 and p130 new, p108 withdrawn
python3 - <<'PY'
import csv
rows = list(csv.reader(open("s1.csv", encoding="utf-8", newline="")))
h = {n: i for i, n in enumerate(rows[0])}
out = [rows[0]]
for r in rows[1:]:
    r = list(r)
    if r[0] == "117":
        new = list(r); new[0] = "130"; new[h["Title"]] = "Dialogue Systems at Scale"; new[h["Track"]] = "Dialogue"
        r[h["Title"]] = "Named Entities in the Wild: A Study"
        r[h["2: Affiliation"]] = "Pontificia Universidad Católica de Chile"
    if r[0] == "108":
        added = list(r); added[0] = "125"; added[h["Title"]] = "A New Accepted Paper"; added[h["Track"]] = "Information Extraction"
        r[h["Acceptance Status"]] = "Withdrawn"
    out.append(r)
out += [added, new]
csv.writer(open("s2.csv", "w", encoding="utf-8", newline=""), lineterminator="\r\n").writerows(out)
PY
"$COLLATE" init --update -o m.yaml s2.csv > up.out 2> up.err
expect_eq "$?" 0 "--update exit status"
expect_line up.out '^updated m.yaml: 4 papers added, changed or commented out$'
expect_line up.err "note: paper 'p117' changed in the export:"
expect_line up.err '^  - Named Entities in the Wild$'
expect_line up.err '^  \+ Named Entities in the Wild: A Study$'
expect_line up.err '^  \+ María José de la Cruz \(Pontificia Universidad Católica de Chile\)$'
expect_line up.err "note: paper 'p108' is Withdrawn in the export; commented out"
expect_line up.err "note: paper 'p125' is new in the export; added to session 'Information Extraction'"
expect_line up.err "note: paper 'p130' is new in the export; added in a new session 'Dialogue' at the end"
# kept: the chair's lines, byte for byte
expect_line m.yaml '^  title: "Proceedings of NLP-X"   # by hand$'
expect_line m.yaml '^        short_title: "Named Entities"   # for the running head$'
expect_line m.yaml '^        title: "Named Entities in the Wild: A Study"$'
expect_line m.yaml '^#           - \{given: "Anh-Tuan", family: "Luu"'
expect_line m.yaml '^# Withdrawn in the submission system'
expect_line m.yaml '^    papers: \[\]$'
expect_line m.yaml '^      - id: "p125"$'
expect_line m.yaml '^  - title: "Dialogue"$'
# every other line of the old file is still there, in the same order
python3 - <<'PY' && pass || fail "hand-written lines lost or reordered"
old = open("before.yaml", encoding="utf-8").read().splitlines()
a = old.index('      - id: "p108"'); b = old.index('  - title: "Information Extraction"')
changed = ('Named Entities in the Wild"', "Universidad de Chile", "imported:")
kept = [l for l in old[:a - 1] + old[b:] if not any(c in l for c in changed)]  # less p108 and "papers:" above it
new = iter(open("m.yaml", encoding="utf-8").read().splitlines())
missing = [k for k in kept if not any(k == line for line in new)]  # a subsequence, in order
raise SystemExit(1 if missing else 0)
PY
"$COLLATE" build m.yaml > b.out 2> b.err
expect_eq "$(grep -c "error: paper '.*': file '.*' not found" b.err)" 3 "the merged manifest loads (3 PDFs missing)"
# the chair edits p125 by hand; the next update with the same export keeps the edit
sed -i 's|^        title: "A New Accepted Paper"$|        title: "A New Accepted Paper (Revised by the Chair)"|' m.yaml
cp m.yaml m2.yaml
"$COLLATE" init --update -o m.yaml s2.csv > up.out 2> up.err
expect_eq "$?" 0 "second --update exit status"
expect_line up.out 'm.yaml is up to date with the export'
cmp -s m.yaml m2.yaml && pass || fail "an unchanged export changes nothing"
expect_status 2 "$COLLATE" init --update -o none.yaml s2.csv 2> usage.err
expect_line usage.err "'none.yaml' does not exist"
cd ..
fi

finish
