# collate serve in a real browser: headless Chromium, driven over the
# DevTools protocol by tests/browser/serve_page.mjs, uploads a defective
# paper through the page (with JavaScript, and as a plain form without it)
# and sees the findings and page pictures, with no CSP violation.  Skipped
# (77) when Chromium or Node.js is not installed.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
NODE=$(command -v node || command -v nodejs || true)
if [ -z "$CHROMIUM" ] || [ -z "$NODE" ]; then
  echo "chromium or node is not installed; skipping the browser test"
  exit 77
fi

"$MKPAPER" --out margin.pdf --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:3 \
  --image-into-margin bottom:30:2 --rule-into-margin right:15:4

mkdir tmp
TMPDIR="$WORK/tmp" "$COLLATE" serve --style ieee-conference --listen 127.0.0.1:0 --rate 0 > serve.out 2> serve.err &
PID=$!
for _ in $(seq 100); do
  URL=$(sed -n 's/.*\(http:\/\/127\.0\.0\.1:[0-9]*\)\/ .*/\1/p' serve.out)
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { fail "server did not start"; cat serve.err >&2; kill "$PID"; finish; }

"$NODE" "$SRCDIR/tests/browser/serve_page.mjs" "$CHROMIUM" "$URL" margin.pdf "$WORK/shot" > browser.out 2>&1
rc=$?
cat browser.out
expect_eq "$rc" 0 "browser test"
for s in page result-js result-nojs; do
  [ -s "shot-$s.png" ] && pass || fail "no screenshot shot-$s.png"
done

kill -TERM "$PID"
wait "$PID"
expect_eq "$?" 0 "server exit status"
expect_eq "$(find tmp -mindepth 1 | wc -l)" 0 "no temporary folder left"
finish
