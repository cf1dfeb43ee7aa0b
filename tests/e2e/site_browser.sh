# The published website in a browser: every page passes HTML Tidy without
# a warning, has its language, one h1 and headings in order, and headless
# Chromium renders the index and a paper page at a phone's width
# (screenshots kept in $WORK).  Skipped (exit 77) without chromium or tidy
# (Debian packages; .ci/run installs them).
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser)
if [ -z "$CHROMIUM" ] || ! command -v tidy > /dev/null; then
  echo "SKIPPED: chromium or tidy is not installed (apt-get install chromium tidy)"
  exit 77
fi

mkdir papers
"$MKPAPER" --out papers/a.pdf --pages 3 --seed 1 --title "Robust Widgets" --authors "Zoë Dvořák; Hongsen Chen"
"$MKPAPER" --out papers/b.pdf --pages 2 --seed 2 --title "Fragile Gadgets" --authors "Ada Lovelace"
"$MKPAPER" --out papers/c.pdf --pages 2 --seed 3 --title "Gizmos at Scale" --authors "Ada Lovelace; Łukasz Nowak"
cat > proceedings.yaml <<'YAML'
volume:
  title: Proceedings of the Widget Workshop
  short_title: WW 2025
  event: Widget Workshop 2025
  location: Brno, Czechia
  dates: June 2, 2025
  year: "2025"
  language: en
  editors: [{given: Ada, family: Lovelace, affiliation: Analytical Engines Ltd}]
  publisher: Widget Press
  doi_prefix: 10.5555/ww.2025
style: ieee-conference
output: volume.pdf
front_matter: [title_page, toc]
back_matter: [author_index]
sessions:
  - title: "Session 1: Widgets"
    chair: Ada Lovelace
    papers:
      - id: a
        title: Robust Widgets
        authors:
          - {given: Zoë, family: Dvořák, affiliation: Charles University, orcid: 0000-0002-1825-0097}
          - {given: Hongsen, family: Chen, native: 陈洪森, affiliation: Tsinghua University}
        keywords: [widgets, robustness]
        abstract: "We make widgets robust & <fast>."
        pdf: papers/a.pdf
      - {id: b, title: Fragile Gadgets, authors: [Ada Lovelace], pdf: papers/b.pdf}
  - title: "Session 2: Gizmos"
    papers:
      - {id: c, title: Gizmos at Scale, authors: [Ada Lovelace, Łukasz Nowak], pdf: papers/c.pdf}
YAML
"$COLLATE" publish -q proceedings.yaml --to out --format site > publish.out 2> publish.err
expect_eq "$?" 0 "publish --format site"

for html in out/site/index.html out/site/authors.html out/site/papers/*.html; do
  tidy -q -e "$html" > tidy.txt 2>&1
  [ ! -s tidy.txt ] && pass || { fail "tidy: $html"; sed 's/^/  | /' tidy.txt >&2; }
  expect_line "$html" '^<html lang="en">$' "$html has its language"
  expect_line "$html" '<meta name="viewport" content="width=device-width, initial-scale=1">'
  expect_eq "$(grep -c '<h1' "$html")" 1 "one h1 in $html"
  # Headings never skip a level going down (h1 → h3).
  grep -o '<h[1-6]' "$html" | tr -d '<h' | awk 'NR > 1 && $1 > prev + 1 {bad = 1} {prev = $1} END {exit bad}' &&
    pass || fail "$html: a heading level is skipped"
  expect_no_line "$html" '>PDF</a>' "$html: a bare 'PDF' link text"
done

shot() { # name page width height
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$3,$4" \
    --screenshot="$WORK/$1.png" "file://$WORK/out/site/$2" > "$1.chromium.log" 2>&1
  expect_eq "$?" 0 "chromium screenshot of $2"
  [ "$(stat -c %s "$WORK/$1.png" 2>/dev/null || echo 0)" -gt 5000 ] && pass || fail "$1.png is empty"
  # PNG width, from the IHDR chunk.
  expect_eq "$(od -An -tu1 -j16 -N4 "$WORK/$1.png" | awk '{print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4}')" "$3" "$1.png width"
}
shot index-phone index.html 390 844
shot paper-phone papers/a.html 390 844
shot index-desktop index.html 1280 900
echo "screenshots: $WORK/index-phone.png $WORK/paper-phone.png $WORK/index-desktop.png"

finish
