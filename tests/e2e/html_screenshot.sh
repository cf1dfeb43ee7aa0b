# The HTML reports of check --html and build --report render in a real
# browser.  Chromium is a legitimately optional dependency: without it the
# test is reported as skipped, never as passed.
. "$(dirname "$0")/lib.sh"

browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || skip "chromium is not installed (apt-get install chromium); HTML reports not rendered"

# screenshot HTML PNG: a headless chromium picture of the page.
screenshot() {
  local profile size
  profile=$(mktemp -d)
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --screenshot="$WORK/$2" --window-size=1280,1600 "file://$WORK/$1" \
    > "$2.log" 2>&1
  rm -rf "$profile"
  size=$(stat -c %s "$2" 2>/dev/null || echo 0)
  if [ "$size" -gt 10240 ]; then pass; else fail "screenshot $2 of $1 is missing or trivial ($size bytes)"; fi
}

mkdir -p papers
"$MKPAPER" --out papers/p1.pdf --pages 6 --seed 1 --title "A Clean Paper" --authors "Ada Lovelace"
"$MKPAPER" --out papers/p2.pdf --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:2

"$COLLATE" check -q --style ieee-conference --html check.html papers/p1.pdf papers/p2.pdf > /dev/null 2>&1
expect_eq "$?" 1 "check exit status with --html (a margin error)"
screenshot check.html check.png

cat > proceedings.yaml <<'YAML'
volume:
  title: "Proceedings of the <Test> Workshop & Friends"
  year: "2025"
  editors: [Ada Lovelace]
style: ieee-conference
output: volume.pdf
sessions:
  - title: Session A
    papers:
      - {id: p1, title: A Clean Paper, authors: [Ada Lovelace], pdf: papers/p1.pdf}
      - {id: p2, title: "Margins <and> Other \"Quotes\"", authors: [Zoë Dvořák], pdf: papers/p2.pdf}
YAML
"$COLLATE" build -q --report build.html proceedings.yaml > /dev/null 2>&1
expect_eq "$?" 1 "build stopped by a violation, with --report"
screenshot build.html build.png

finish
