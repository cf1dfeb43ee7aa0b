# collate check finds each defect with the right code, page and side, and
# nothing on clean papers.
. "$(dirname "$0")/lib.sh"
require_tools python3

check() { # check NAME [collate options]: run on NAME.pdf into NAME.out
  local name=$1; shift
  "$COLLATE" check --style ieee-conference "$@" "$name.pdf" > "$name.out" 2> "$name.err"
  echo $? > "$name.rc"
}
rc() { cat "$1.rc"; }

"$MKPAPER" --out clean.pdf --pages 6 --seed 1 --image --title "A Clean Paper" --authors "Ada Lovelace; Alan Turing"
check clean
expect_eq "$(rc clean)" 0 "clean paper exit status"
expect_line clean.out '^clean.pdf: ok \(6 pages\)$'
expect_line clean.out '1 passed, 0 with warnings, 0 with errors \(0 errors, 0 warnings, 0 notices\)'

"$MKPAPER" --out a4.pdf --size a4 --pages 5 --seed 2
check a4
expect_eq "$(rc a4)" 0 "A4 paper is accepted by ieee-conference"

"$MKPAPER" --out seven.pdf --pages 7 --seed 3
check seven
expect_eq "$(rc seven)" 0 "paid extra page is not an error"
expect_line seven.out '^seven.pdf:7: notice: 7 pages: 1 paid extra page beyond the 6 included \(fee 100.00 USD\) \[extra_pages\]$'

"$MKPAPER" --out nine.pdf --pages 9 --seed 4
check nine
expect_eq "$(rc nine)" 1 "over-length exit status"
expect_line nine.out '^nine.pdf:9: error: 9 pages, more than the limit of 6 plus 2 paid extra pages; remove 1 page \[page_limit\]$'
check nine --pages 10
expect_eq "$(rc nine)" 0 "--pages overrides the limit"
check nine --pages 6 --extra-pages 3
expect_eq "$(rc nine)" 0 "--extra-pages overrides the paid allowance"

"$MKPAPER" --out margin.pdf --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:3 --image-into-margin bottom:30:2 --rule-into-margin right:15:4
check margin
expect_eq "$(rc margin)" 1 "margin exit status"
expect_line margin.out '^margin.pdf:2: error: an image extends (29|30|31)\.[0-9] pt into the bottom margin \[margin\]$'
expect_line margin.out '^margin.pdf:3: error: text extends (19|20|21)\.[0-9] pt into the left margin \[margin\]$'
expect_line margin.out '^margin.pdf:4: error: graphics extends (14|15|16)\.[0-9] pt into the right margin \[margin\]$'
expect_no_line margin.out '^margin.pdf:1:' "no finding on the clean first page"

# inspect reads image boxes only where check could name a crossing by
# them: page 2's text crosses the right edge, its image the left one.
"$MKPAPER" --out both.pdf --pages 3 --seed 11 --margins 54,72,45,45 --text-into-margin right:20:2 \
  --image-into-margin left:15:2
check both
expect_line both.out '^both.pdf:2: error: an image extends (14|15|16)\.[0-9] pt into the left margin \[margin\]$'
expect_line both.out '^both.pdf:2: error: text extends (19|20|21)\.[0-9] pt into the right margin \[margin\]$'

"$MKPAPER" --out small.pdf --pages 3 --seed 6 --text-into-margin top:3:2
check small
expect_eq "$(rc small)" 0 "an intrusion within the tolerance is not a finding"

"$MKPAPER" --out base14.pdf --pages 2 --seed 7 --base14
check base14
expect_line base14.out '^base14.pdf:1: error: font .(Times-Roman|Helvetica). \(Type 1\) is not embedded \[font_not_embedded\]$'

"$MKPAPER" --out blank.pdf --pages 5 --seed 8 --blank-page 4
check blank
expect_line blank.out '^blank.pdf:4: warning: page is blank \[blank_page\]$'
expect_eq "$(grep -c blank_page blank.out)" 1 "one blank page"

"$MKPAPER" --out numbered.pdf --pages 5 --seed 9 --page-numbers
check numbered
expect_line numbered.out '^numbered.pdf:1: error: page numbers are printed on 5 of 5 pages.*\[page_numbers\]$'
expect_no_line numbered.out '\[margin\]' "page numbers are not also margin findings"

"$MKPAPER" --out mixed.pdf --pages 3 --seed 10 --mixed-size 2:595x842
check mixed
expect_line mixed.out '^mixed.pdf:2: error: page is a4 .* but page 1 is letter .*\[mixed_page_size\]$'

"$MKPAPER" --out land.pdf --pages 3 --seed 11 --landscape-page 3
check land
expect_line land.out '^land.pdf:3: error: page is landscape.*\[page_size\]$'

"$MKPAPER" --out odd.pdf --pages 2 --seed 12 --size 500x700
check odd
expect_line odd.out '^odd.pdf:1: error: pages 1, 2 are 500.0 x 700.0 pt.*\[page_size\]$'   # one finding for both pages

"$MKPAPER" --out attach.pdf --pages 2 --seed 13 --attach "$SRCDIR/README.md"
check attach
expect_line attach.out '^attach.pdf: error: the file carries 1 attached file.*\[attachment\]$'

"$MKPAPER" --out user.pdf --pages 2 --seed 14 --encrypt-user secret
check user
expect_line user.out '^user.pdf: error: the file needs a password to open.*\[encrypted\]$'
"$MKPAPER" --out owner.pdf --pages 2 --seed 15 --encrypt-owner secret
check owner
expect_line owner.out '^owner.pdf: error: the file (is protected by an owner password|is encrypted).*\[encrypted\]$'

"$PDFMUTATE" clean.pdf js.pdf js-openaction
check js
expect_line js.out '^js.pdf: error: the file contains JavaScript \(.*OpenAction.*\) \[javascript\]$'
"$PDFMUTATE" clean.pdf jsnames.pdf js-names
check jsnames
expect_line jsnames.out '\[javascript\]$'
"$PDFMUTATE" clean.pdf annot.pdf attach-annot:2
check annot
expect_line annot.out '^annot.pdf:2: error: the file carries 1 attached file.*\[attachment\]$'
"$PDFMUTATE" clean.pdf t3.pdf type3-font:3
check t3
expect_line t3.out '^t3.pdf:3: error: font .* is a Type 3 .*\[type3_font\]$'

# Unreadable inputs: each a finding, and the good file in the same run still passes.
: > empty.pdf
echo "just text" > text.pdf
head -c 3000 clean.pdf > truncated.pdf
"$COLLATE" check --style ieee-conference empty.pdf text.pdf truncated.pdf clean.pdf > bad.out 2> bad.err
expect_eq "$?" 1 "unreadable inputs exit status"
expect_line bad.out '^empty.pdf: error: file is empty \[unreadable\]$'
expect_line bad.out '^text.pdf: error: not a PDF file.*\[unreadable\]$'
expect_line bad.out '^truncated.pdf: error: .*\[(unreadable|damaged)\]$'
expect_line bad.out '^clean.pdf: ok \(6 pages\)$'

# JSON output: valid, with codes, pages and sides.
"$COLLATE" check --style ieee-conference --format json margin.pdf seven.pdf > report.json
expect_eq "$?" 1 "json exit status"
python3 - report.json <<'PY' > json.out 2>&1 && pass || fail "JSON report: $(cat json.out)"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "collate-check/1"
files = {f["path"]: f for f in r["files"]}
m = [x for x in files["margin.pdf"]["findings"] if x["code"] == "margin"]
assert sorted((x["page"], x["side"]) for x in m) == [(2, "bottom"), (3, "left"), (4, "right")], m
assert all(len(x["box"]) == 4 for x in m)
s = files["seven.pdf"]
assert s["status"] == "ok" and s["paid_pages"] == 1 and s["fee"] == 100, s
assert r["summary"]["errors"] == 3, r["summary"]
PY

# Usage errors exit 2.
expect_status 2 "$COLLATE" check clean.pdf 2>/dev/null
expect_status 2 "$COLLATE" check --style no-such-style clean.pdf 2>/dev/null
expect_status 2 "$COLLATE" check --style ieee-conference --pages zero clean.pdf 2>/dev/null
finish
