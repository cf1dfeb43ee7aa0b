# Body-page limits and narrowed page sizes: --count body, --page-size,
# the manifest's limits (count, page_size), and a style that extends
# another, on the publishers' template papers of tests/fixtures/papers.
. "$(dirname "$0")/lib.sh"
require_tools python3
FIXTURES="$SRCDIR/tests/fixtures/papers"

# ieee-9pages: REFERENCES heads the first column of page 9, so the body is
# pages 1-8: within 6 + 2 paid when the body counts, one page over when
# every page does.
"$COLLATE" check --style ieee-conference "$FIXTURES/ieee-9pages.pdf" > all.out 2>&1
expect_eq "$?" 1 "every page counted: over the limit"
expect_line all.out ':9: error: 9 pages, more than the limit of 6 plus 2 paid extra pages; remove 1 page \[page_limit\]$'
"$COLLATE" check --style ieee-conference --count body "$FIXTURES/ieee-9pages.pdf" > body.out 2>&1
expect_eq "$?" 0 "body counted: paid pages only"
expect_line body.out ':7: notice: 8 body pages \(references start on page 9\): 2 paid extra pages beyond the 6 included \(fee 200.00 USD\) \[extra_pages\]$'
expect_no_line body.out 'page_limit'
"$COLLATE" check --style ieee-conference --count body --format json "$FIXTURES/ieee-9pages.pdf" > body.json
python3 - > json.out 2>&1 <<'PY' && pass || fail "JSON of --count body: $(cat json.out)"
import json
f = json.load(open("body.json"))["files"][0]
assert f["pages"] == 9 and f["paid_pages"] == 2 and f["fee"] == 200, f
assert [x["code"] for x in f["findings"]] == ["extra_pages"], f["findings"]
PY
# The letter paper ends its body on page 3 (REFERENCES at the top of page 4).
"$COLLATE" check --style ieee-conference --count body --pages 3 --extra-pages 0 "$FIXTURES/ieee-conf-letter.pdf" > three.out 2>&1
expect_eq "$?" 0 "3 body pages within a limit of 3"
"$COLLATE" check --style ieee-conference --count body --pages 2 --extra-pages 0 "$FIXTURES/ieee-conf-letter.pdf" > two.out 2>&1
expect_line two.out ':3: error: 3 body pages \(references start on page 4\), more than the limit of 2; remove 1 page \[page_limit\]$'
expect_status 2 "$COLLATE" check --style ieee-conference --count most "$FIXTURES/ieee-conf-letter.pdf"

# --page-size letter: the A4 IEEE paper is no longer accepted.
"$COLLATE" check --style ieee-conference "$FIXTURES/ieee-conf-a4.pdf" > a4.out 2>&1
expect_eq "$?" 0 "A4 accepted by ieee-conference"
"$COLLATE" check --style ieee-conference --page-size letter "$FIXTURES/ieee-conf-a4.pdf" > letter.out 2>&1
expect_eq "$?" 1 "A4 refused with --page-size letter"
expect_line letter.out ':1: error: pages 1–4 are 595.3 x 841.9 pt \(210.0 x 297.0 mm\); expected letter \(612 x 792 pt\) \[page_size\]$'
"$COLLATE" check --style ieee-conference --page-size letter "$FIXTURES/ieee-conf-letter.pdf" > ok.out 2>&1
expect_eq "$?" 0 "letter paper with --page-size letter"
# repeatable and comma lists
expect_status 0 "$COLLATE" check -q --style ieee-conference --page-size letter --page-size a4 "$FIXTURES/ieee-conf-a4.pdf"
expect_status 0 "$COLLATE" check -q --style ieee-conference --page-size a4,letter "$FIXTURES/ieee-conf-a4.pdf"
# unknown names and sizes the style does not accept are usage errors
"$COLLATE" check --style ieee-conference --page-size leter "$FIXTURES/ieee-conf-a4.pdf" > typo.out 2>&1
expect_eq "$?" 2 "unknown size name"
expect_line typo.out "^collate: error: unknown page size 'leter'; known sizes are a4, letter, a5, b5 and legal$"
expect_line typo.out "^hint: did you mean 'letter'\?$"
"$COLLATE" check --style acl --page-size letter "$FIXTURES/acl-like.pdf" > add.out 2>&1
expect_eq "$?" 2 "a restriction cannot add a size"
expect_line add.out "error: page size 'letter' is not one style 'acl' accepts \(a4\)"

# A style file that extends another: a letter-only IEEE variant in one line
# (plus its name), and a cycle.
printf 'name: ieee-letter-only\nextend: ieee-conference\npage:\n  sizes:\n    - {name: letter, width: 8.5in, height: 11in, margins: {top: 0.75in, bottom: 1in, left: 0.625in, right: 0.625in}, text_block: {left: 48.96pt, top: 46.96pt, width: 514.07pt, height: 669.49pt}}\n' > letter-only.yml
"$COLLATE" check --style ./letter-only.yml "$FIXTURES/ieee-conf-a4.pdf" > ext.out 2>&1
expect_eq "$?" 1 "extended style refuses A4"
expect_line ext.out '\[page_size\]$'
"$COLLATE" check --style ./letter-only.yml "$FIXTURES/ieee-7pages.pdf" > ext7.out 2>&1
expect_line ext7.out ':7: notice: 7 pages: 1 paid extra page beyond the 6 included \(fee 100.00 USD\) \[extra_pages\]$'
printf 'extend: ./b.yml\n' > a.yml
printf '# b\nextend: a.yml\n' > b.yml
"$COLLATE" check --style ./a.yml "$FIXTURES/ieee-conf-a4.pdf" > cycle.out 2>&1
expect_eq "$?" 2 "extend cycle"
expect_line cycle.out "^collate: \./b\.yml:2:9: error: 'extend' makes a cycle: 'b\.yml' extends 'a\.yml', which is already being read$"

# The manifest's limits: body pages and letter only, for the whole build.
mkdir -p papers
cp "$FIXTURES/ieee-9pages.pdf" "$FIXTURES/ieee-conf-a4.pdf" "$FIXTURES/ieee-conf-letter.pdf" papers/
cat > proceedings.yaml <<'YAML'
volume:
  title: Proceedings of the Test Workshop
  year: "2025"
  editors: [Ada Lovelace]
  publisher: Test Press
style: ieee-conference
limits: {count: body, page_size: letter}
output: volume.pdf
front_matter: [toc]
papers:
  - {id: p1, title: A Comprehensive Evaluation of Robust Aggregation Rules for Federated Learning, authors: [Priya Singh], pdf: papers/ieee-9pages.pdf}
  - {id: p2, title: Trimmed-Mean Aggregation with Adaptive Clipping for Cross-Device Federated Learning, authors: [Łukasz Nowak], pdf: papers/ieee-conf-a4.pdf}
  - {id: p3, title: Robust Aggregation for Federated Learning under Byzantine Clients, authors: [Hongsen Chen], pdf: papers/ieee-conf-letter.pdf}
YAML
"$COLLATE" build proceedings.yaml > build.out 2> build.err
expect_eq "$?" 1 "the A4 paper stops the build"
expect_line build.err "ieee-9pages.pdf:7: note: paper 'p1': 8 body pages \(references start on page 9\): 2 paid extra pages"
expect_line build.err "ieee-conf-a4.pdf:1: error: paper 'p2': pages 1–4 are 595.3 x 841.9 pt .*expected letter .*\[page_size\]$"
expect_no_line build.err 'page_limit'
# --count all on the command line overrides the manifest
"$COLLATE" build --count all proceedings.yaml > build2.out 2> build2.err
expect_line build2.err "ieee-9pages.pdf:9: error: paper 'p1': 9 pages, more than the limit of 6 plus 2 paid extra pages; remove 1 page \[page_limit\]$"
# a size the style does not accept, at its place in the manifest
sed -i 's/page_size: letter}/page_size: [letter, b5]}/' proceedings.yaml
"$COLLATE" build proceedings.yaml > build3.out 2> build3.err
expect_eq "$?" 1 "b5 is not an IEEE size"
expect_line build3.err "^collate: proceedings.yaml:7:34: error: page size 'b5' is not one style 'ieee-conference' accepts \(letter, a4\); a restriction cannot add a size$"
sed -i 's/page_size: \[letter, b5\]}/page_size: a3}/' proceedings.yaml
"$COLLATE" build proceedings.yaml > build4.out 2> build4.err
expect_line build4.err "^collate: proceedings.yaml:7:34: error: unknown page size 'a3'"
finish
