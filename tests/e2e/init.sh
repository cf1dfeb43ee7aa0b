# collate init: a manifest from each export format that collate build
# accepts (with only "file not found" errors before the PDFs exist, and a
# whole volume once they do), no overwriting without --force, every input
# error reported with its location and nothing written, usage errors.
. "$(dirname "$0")/lib.sh"
require_tools pdftotext
: "${SRCDIR:?}"
DATA="$SRCDIR/tests/unit/data/import"

# build_without_pdfs MANIFEST: the manifest loads; the only errors are the
# missing PDFs (one per paper) and their count.
build_without_pdfs() {
  local manifest=$1 papers=$2
  "$COLLATE" build "$manifest" > build.out 2> build.err
  expect_eq "$?" 1 "build of $manifest without PDFs"
  expect_eq "$(grep -c "error: paper '.*': file '.*' not found" build.err)" "$papers" "missing PDFs in $manifest"
  if grep -v -E "error: paper '.*': file '.*' not found$|error: $papers errors? in the manifest$" build.err | grep -q .; then
    fail "other diagnostics than missing files for $manifest"; sed 's/^/  | /' build.err >&2
  else pass; fi
}

# EasyChair submissions joined with the author file, detected from the header.
"$COLLATE" init "$DATA/easychair-submission.csv" "$DATA/easychair-author.csv" > init.out 2> init.err
expect_eq "$?" 0 "easychair init exit status"
expect_line init.out '^wrote proceedings.yaml: 3 papers in 3 sessions \(3 not accepted, left out\)$'
expect_line init.err "easychair-submission.csv:1:116: warning: unknown column 'Student paper' ignored"
expect_line init.err 'note: left out 3 submissions that were not accepted: #5 \(REJECT\), #8 \(deleted\), #11 \(desk reject\)'
expect_line proceedings.yaml "^# proceedings manifest written by 'collate init' from the easychair export"
expect_line proceedings.yaml '^style: "ieee-conference"$'
expect_line proceedings.yaml '^  title: "TODO: volume title'
expect_line proceedings.yaml '^  - title: "Adversarial Robustness"$'
expect_line proceedings.yaml '\{given: "Ludwig", family: "van Beethoven", affiliation: "Universität Wien, Musik", email: "lvb@example.org"\}'
expect_line proceedings.yaml '^        title: "Certified Robustness for \\"Federated\\" Models"$'
expect_line proceedings.yaml '^        keywords: \["robustness", "federated learning"\]$'
expect_line proceedings.yaml '^        pdf: "papers/p3.pdf"$'
build_without_pdfs proceedings.yaml 3

# No overwriting without --force; the file is left as it was.
cp proceedings.yaml before.yaml
"$COLLATE" init "$DATA/hotcrp.json" > again.out 2> again.err
expect_eq "$?" 2 "existing output exit status"
expect_line again.err "error: 'proceedings.yaml' already exists"
expect_line again.err '^hint: pass --force'
cmp -s before.yaml proceedings.yaml && pass || fail "proceedings.yaml changed without --force"
"$COLLATE" init --force "$DATA/hotcrp.json" > again.out 2> again.err
expect_eq "$?" 0 "--force exit status"
expect_line proceedings.yaml "from the hotcrp export 'hotcrp.json'"

# HotCRP with another style and papers folder.
"$COLLATE" init --from hotcrp --style acm-sigconf --papers-dir pdfs/ -o hotcrp.yaml "$DATA/hotcrp.json" > hc.out 2> hc.err
expect_eq "$?" 0 "hotcrp init exit status"
expect_line hc.out '^wrote hotcrp.yaml: 2 papers in 2 sessions \(2 not accepted, left out\)$'
expect_eq "$(grep -c "unknown key 'custom_field'" hc.err)" 1 "one warning per unknown key"
expect_line hotcrp.yaml '^style: "acm-sigconf"$'
expect_line hotcrp.yaml '^        pdf: "pdfs/p17.pdf"$'
expect_line hotcrp.yaml '^        title: "Tokens “in” Context: A \\"Study\\""$'
expect_line hotcrp.yaml 'family: "van Gogh", orcid: "0000-0002-1825-0097"'
build_without_pdfs hotcrp.yaml 2

# EasyChair's accepted-papers listing on its own.
"$COLLATE" init -o accepted.yaml "$DATA/easychair-accepted.csv" > acc.out 2> acc.err
expect_eq "$?" 0 "accepted listing exit status"
expect_eq "$(cat acc.err)" "" "no diagnostics for a clean listing"
build_without_pdfs accepted.yaml 2

# A plain CSV, then the PDFs: the volume builds.
cat > papers.csv <<'CSV'
id,title,authors,pdf,keywords,session
p1,"Robust Aggregation: Theory & Practice","Ada Lovelace (University of London); Turing, Alan",,"aggregation; robustness",Theory
p2,Privacy for Everyone,Ludwig van Beethoven;Zoë Dvořák,,privacy,Practice
p3,"A ""Quoted"" Title, With Commas",Grace Hopper,,,Practice
CSV
"$COLLATE" init --from csv -o volume.yaml papers.csv > csv.out 2> csv.err
expect_eq "$?" 0 "csv init exit status"
expect_line csv.out '^wrote volume.yaml: 3 papers in 2 sessions$'
expect_line volume.yaml '^        title: "A \\"Quoted\\" Title, With Commas"$'
build_without_pdfs volume.yaml 3
mkdir -p papers
"$MKPAPER" --out papers/p1.pdf --pages 2 --seed 31 --title "Robust Aggregation: Theory & Practice" --authors "Ada Lovelace; Alan Turing"
"$MKPAPER" --out papers/p2.pdf --pages 3 --seed 32 --title "Privacy for Everyone" --authors "Ludwig van Beethoven; Zoë Dvořák"
"$MKPAPER" --out papers/p3.pdf --pages 2 --seed 33 --title 'A "Quoted" Title, With Commas' --authors "Grace Hopper"
"$COLLATE" build volume.yaml -o volume.pdf > vol.out 2> vol.err
expect_eq "$?" 0 "build with the PDFs"
expect_line vol.out '^volume.pdf: [0-9]+ pages, 3 papers$'
[ -s volume.pdf ] && pass || fail "volume.pdf written"
pdftotext volume.pdf volume.txt
expect_line volume.txt 'van Beethoven'
expect_line volume.txt 'TODO: volume title'

# The lncs style: Springer's front matter (preface, organization,
# contents), its recto settings, and a preface to fill in, so the manifest
# builds as written.
mkdir -p lncsvol
"$COLLATE" init --from csv --style lncs -o lncsvol/proceedings.yaml papers.csv > lncs.out 2> lncs.err
expect_eq "$?" 0 "lncs init exit status"
expect_line lncs.out '^wrote lncsvol/messages/preface.md: the text of the Preface, to fill in$'
expect_line lncsvol/proceedings.yaml '^style: "lncs"$'
expect_line lncsvol/proceedings.yaml '^  - \{message: "messages/preface.md", title: "Preface"\}$'
expect_line lncsvol/proceedings.yaml '^  - \{committees: true, title: "Organization"\}$'
expect_line lncsvol/proceedings.yaml '^  - "toc"$'
expect_line lncsvol/proceedings.yaml '^recto: false$'
expect_line lncsvol/proceedings.yaml '^front_matter_recto: true$'
expect_line lncsvol/messages/preface.md '^TODO: the text of the Preface'
build_without_pdfs lncsvol/proceedings.yaml 3
echo "My own preface." > lncsvol/messages/preface.md
"$COLLATE" init --force --from csv --style lncs -o lncsvol/proceedings.yaml papers.csv > lncs.out 2> lncs.err
expect_line lncsvol/messages/preface.md '^My own preface.$' "an existing preface is kept"
expect_line volume.yaml '^front_matter_recto: false$' "the ieee-conference recto settings"

# A style name with a typo gets the near one.
expect_status 2 "$COLLATE" init --style lncss -o new.yaml papers.csv 2> usage.err
expect_line usage.err "error: unknown style 'lncss'"
expect_line usage.err "^hint: did you mean 'lncs'\?$"

# Input errors: every one reported with its place, exit 1, nothing written.
"$COLLATE" init -o bad.yaml "$DATA/bad-rows.csv" > bad.out 2> bad.err
expect_eq "$?" 1 "input errors exit status"
expect_line bad.err "bad-rows.csv:2:1: error: paper id 'p 1' may only contain"
expect_line bad.err "bad-rows.csv:3:1: error: paper 'p2' has no title"
expect_line bad.err "bad-rows.csv:4:1: error: paper 'p3' has no authors"
expect_line bad.err "bad-rows.csv:6:1: error: paper id 'p4' is used twice"
expect_line bad.err "error: 4 errors in the export; 'bad.yaml' was not written"
[ ! -e bad.yaml ] && pass || fail "nothing written after input errors"

"$COLLATE" init -o bad.yaml "$DATA/cp1252.csv" > bad.out 2> bad.err
expect_eq "$?" 1 "Windows-1252 exit status"
expect_line bad.err 'cp1252.csv:2:7: error: invalid UTF-8 \(byte 0xE9\)'
expect_line bad.err 'iconv -f cp1252 -t utf-8'
"$COLLATE" init -o bad.yaml "$DATA/broken.json" > bad.out 2> bad.err
expect_eq "$?" 1 "JSON syntax error exit status"
expect_line bad.err "broken.json:3:17: error: expected ',' or '\}' in an object"
printf 'PK\003\004junk' > workbook.xlsx
"$COLLATE" init -o bad.yaml workbook.xlsx > bad.out 2> bad.err
expect_eq "$?" 1 "workbook exit status"
expect_line bad.err 'workbook.xlsx: error: the workbook is damaged'
printf 'name,colour\nx,y\n' > unknown.csv
"$COLLATE" init -o bad.yaml unknown.csv > bad.out 2> bad.err
expect_eq "$?" 1 "undetectable format exit status"
expect_line bad.err 'cannot tell what kind of export this is'
[ ! -e bad.yaml ] && pass || fail "nothing written after input errors"

# Usage errors.
expect_status 2 "$COLLATE" init 2> usage.err
expect_line usage.err 'error: no export file given'
expect_status 2 "$COLLATE" init --from jems x.csv 2> usage.err
expect_line usage.err "error: --from takes easychair, hotcrp, openreview, start, cmt, edas or csv, not 'jems'"
expect_status 2 "$COLLATE" init --from csv a.csv b.csv 2> usage.err
expect_line usage.err 'only EasyChair exports come in two files'
expect_status 2 "$COLLATE" init a.csv b.csv c.csv 2> usage.err
expect_status 2 "$COLLATE" init --style no-such-style -o new.yaml papers.csv 2> usage.err
[ ! -e new.yaml ] && pass || fail "nothing written after a usage error"
"$COLLATE" init --help > help.out
expect_eq "$?" 0 "--help exit status"
expect_line help.out '^usage: collate init'

finish
