# collate check --html and collate build --report: one self-contained page
# with the findings, fees and page thumbnails; exit codes unchanged; a
# write failure is exit 3; thumbnail children that crash or hang leave
# "thumbnail unavailable".  html_screenshot.sh renders the pages in a browser.
. "$(dirname "$0")/lib.sh"
require_tools python3

# html_ok FILE: parses with python3's html.parser, every non-void element
# is closed in order, and nothing is fetched from outside (no http(s) URL
# and no src/href other than data: or #fragments).
html_ok() {
  if python3 - "$1" <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not (value.startswith("data:") or value.startswith("#")):
                self.errors.append("external %s=%r" % (name, value[:60]))
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
text = open(sys.argv[1], encoding="utf-8").read()   # raises on invalid UTF-8
c = Checker()
c.feed(text)
c.close()
if c.stack:
    c.errors.append("unclosed: " + " ".join(c.stack))
if not text.startswith("<!DOCTYPE html>"):
    c.errors.append("no doctype")
for e in c.errors[:10]:
    print(e, file=sys.stderr)
sys.exit(1 if c.errors else 0)
PY
  then pass; else fail "$1 is not well-formed HTML"; fi
}

"$MKPAPER" --out clean.pdf --pages 6 --seed 1 --title "A Clean Paper" --authors "Ada Lovelace"
"$MKPAPER" --out margin.pdf --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:2
"$MKPAPER" --out long.pdf --pages 8 --seed 3
cp clean.pdf "r&d's.pdf"

# ---- check --html ----
"$COLLATE" check --style ieee-conference --html r.html clean.pdf margin.pdf long.pdf "r&d's.pdf" > check.out 2> check.err
expect_eq "$?" 1 "check exit status with --html (a margin error)"
[ -s r.html ] && pass || fail "r.html was not written"
expect_line check.out '^margin.pdf:2: error: text extends' "the text report is unchanged"
expect_line r.html '<!DOCTYPE html>'
for p in clean.pdf margin.pdf long.pdf; do
  expect_line r.html ">$p<" "row for $p"
done
expect_line r.html ">r&amp;d&#39;s.pdf<" "paths are escaped"
expect_no_line r.html "r&d's" "no unescaped path"
expect_line r.html '<span class="badge ok">ok</span>' "ok badge"
expect_line r.html '<span class="badge error">error</span>' "error badge"
expect_line r.html '200\.00 USD' "fee of the 8-page paper (2 paid pages x 100)"
expect_line r.html '<img [^>]*src="data:image/png;base64,' "thumbnail of the margin finding"
expect_eq "$(grep -o 'data:image/png;base64,' r.html | wc -l)" 1 "one thumbnail (one page with a margin finding)"
expect_line r.html 'page 2 &middot; <code>margin</code>' "thumbnail caption"
expect_line r.html 'ieee-conference' "style name"
expect_line r.html '2023-11-14 22:13 UTC' "date from SOURCE_DATE_EPOCH"
expect_no_line r.html 'https?://' "no external URLs"
expect_no_line r.html 'thumbnail unavailable' "every thumbnail rendered"
html_ok r.html

# The thumbnail is a PNG that decodes (base64 -d is in coreutils).
grep -o 'data:image/png;base64,[^"]*' r.html | head -1 | sed 's/^data:image\/png;base64,//' | base64 -d > thumb.png 2> /dev/null
if [ "$(head -c 8 thumb.png | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then pass; else fail "thumbnail is not a PNG"; fi

# Deterministic under SOURCE_DATE_EPOCH; JSON output can go with it.
"$COLLATE" check --style ieee-conference --format json --html r2.html clean.pdf margin.pdf long.pdf "r&d's.pdf" > check.json 2> /dev/null
expect_eq "$?" 1 "exit status with --format json --html"
cmp -s r.html r2.html && pass || fail "two runs give different HTML"

# A clean run still exits 0.
"$COLLATE" check -q --style ieee-conference --html ok.html clean.pdf > /dev/null 2>&1
expect_eq "$?" 0 "clean check with --html"
expect_line ok.html 'No findings'

# Write failure: exit 3 with a diagnostic, even though the check passed.
"$COLLATE" check -q --style ieee-conference --html no/such/dir/r.html clean.pdf > /dev/null 2> werr.txt
expect_eq "$?" 3 "unwritable --html"
expect_line werr.txt "no/such/dir/r.html: error: cannot write the HTML report"

# Thumbnail children that crash or hang do not affect the parent.
COLLATE_FAULT_THUMBNAIL=crash "$COLLATE" check -q --style ieee-conference --html crash.html margin.pdf > /dev/null 2>&1
expect_eq "$?" 1 "exit status when thumbnail children crash"
expect_line crash.html 'thumbnail unavailable'
expect_no_line crash.html 'data:image/png' "no picture from a crashed child"
start=$(date +%s)
COLLATE_FAULT_THUMBNAIL=hang "$COLLATE" check -q --timeout 3 --style ieee-conference --html hang.html margin.pdf > /dev/null 2>&1
expect_eq "$?" 1 "exit status when thumbnail children hang"
[ $(( $(date +%s) - start )) -lt 30 ] && pass || fail "a hanging thumbnail child was not stopped by the deadline"
expect_line hang.html 'thumbnail unavailable'
html_ok hang.html

# ---- build --report ----
mkdir -p papers
cp clean.pdf papers/p1.pdf
cp margin.pdf papers/p2.pdf
cp long.pdf papers/p3.pdf
cat > proceedings.yaml <<'YAML'
volume:
  title: "Proceedings of the <Test> Workshop & Friends"
  short_title: TW 2025
  year: "2025"
  editors: [Ada Lovelace]
  publisher: Test Press
style: ieee-conference
limits: {fee: 150}
output: volume.pdf
front_matter: [title_page, toc]
sessions:
  - title: Session A
    papers:
      - {id: p1, title: A Clean Paper, authors: [Ada Lovelace], pdf: papers/p1.pdf}
      - {id: p2, title: "Margins <and> Other \"Quotes\"", authors: [Zoë Dvořák], pdf: papers/p2.pdf}
      - {id: p3, title: 陈洪森 and a Long Paper, authors: [Alan Turing], pdf: papers/p3.pdf}
YAML

# The margin error stops the build; the report is written all the same.
"$COLLATE" build -q --report build.html proceedings.yaml > build.out 2> build.err
expect_eq "$?" 1 "build stopped by a violation, with --report"
[ ! -e volume.pdf ] && pass || fail "no volume after a stopped build"
[ -s build.html ] && pass || fail "build.html was not written"
expect_line build.html 'Proceedings of the &lt;Test&gt; Workshop &amp; Friends' "volume title, escaped"
expect_line build.html 'Margins &lt;and&gt; Other &quot;Quotes&quot;' "paper title, escaped"
expect_line build.html '陈洪森 and a Long Paper' "UTF-8 title"
expect_line build.html '>p1<' "paper id"
expect_line build.html '>papers/p2.pdf<' "paper path as written in the manifest"
expect_line build.html '300\.00 USD' "the manifest's fee: 2 paid pages x 150"
expect_line build.html '<img [^>]*src="data:image/png;base64,' "thumbnail in the build report"
expect_no_line build.html 'https?://' "no external URLs in the build report"
html_ok build.html

"$COLLATE" build -q --allow-violations --report build2.html proceedings.yaml > /dev/null 2>&1
expect_eq "$?" 0 "build with --allow-violations and --report"
[ -s volume.pdf ] && pass || fail "volume built"
cmp -s build.html build2.html && pass || fail "build reports differ between runs"

"$COLLATE" build -q --allow-violations --report no/such/dir/b.html proceedings.yaml > /dev/null 2> bwerr.txt
expect_eq "$?" 3 "unwritable --report"
expect_line bwerr.txt "no/such/dir/b.html: error: cannot write the HTML report"

finish
