# collate serve: the upload page, the JSON API (the same JSON as collate
# check), the HTML result with findings and pictures, malformed and huge
# uploads, fixed routes only, security headers, rate limiting, the
# manifest cross-check, and a SIGTERM that answers the check under way and
# leaves no temporary folder and no process.  Traffic goes to 127.0.0.1 only.
. "$(dirname "$0")/lib.sh"
command -v curl > /dev/null || { echo "curl is not installed; skipping"; exit 77; }

mkdir tmp
export TMPDIR="$WORK/tmp"
CURL=(curl -sS --max-time 120)

# start_server OUT [options]: run collate serve on a free port; sets PID and URL.
start_server() {
  local out=$1; shift
  "$COLLATE" serve --listen 127.0.0.1:0 "$@" > "$out.out" 2> "$out.err" &
  PID=$!
  local port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\)\/.*/\1/p' "$out.out")
    [ -n "$port" ] && break
    kill -0 "$PID" 2> /dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { fail "server did not start"; cat "$out.err" >&2; finish; }
  URL="http://127.0.0.1:$port"
}
# descendants PID: every process below PID.
descendants() {
  local c
  for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done
}
# post NAME FILE [QUERY [curl options...]]: POST FILE as application/pdf
# to the API; body in NAME.json, status in NAME.code, headers in NAME.h.
post() {
  local name=$1 file=$2 query=${3:-}; shift 2; shift $(($# > 0))
  "${CURL[@]}" -D "$name.h" -o "$name.json" -w '%{http_code}' -H 'Content-Type: application/pdf' \
    --data-binary "@$file" "$@" "$URL/api/check?name=$file$query" > "$name.code"
}
code() { cat "$1.code"; }

"$MKPAPER" --out clean.pdf --pages 6 --seed 1 --image --title "A Clean Paper" --authors "Ada Lovelace; Alan Turing"
"$MKPAPER" --out margin.pdf --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:3 \
  --image-into-margin bottom:30:2 --rule-into-margin right:15:4
"$MKPAPER" --out seven.pdf --pages 7 --seed 3
"$MKPAPER" --out nine.pdf --pages 9 --seed 4
"$MKPAPER" --out base14.pdf --pages 2 --seed 7 --base14
echo "this is not a PDF" > notpdf.pdf
head -c 20000 margin.pdf > truncated.pdf
: > empty.pdf
head -c 3000000 /dev/zero > big.bin  # over --max-upload 2

cat > manifest.yaml <<'EOF'
volume:
  title: Serve Test Workshop
style: ieee-conference
papers:
  - id: p1
    title: A Clean Paper
    authors: [Ada Lovelace, Alan Turing]
    pdf: papers/p1.pdf
  - id: p2
    title: Quantum Gravity for Everyone
    authors: [Grace Hopper]
    pdf: papers/p2.pdf
EOF

start_server main --manifest manifest.yaml --max-upload 2 --rate 0
MAIN=$PID

# ---- the page, static resources, routes, headers ----
"${CURL[@]}" -D index.h -o index.html "$URL/"
expect_line index.h '^HTTP/1.1 200' "GET / is 200"
expect_line index.h "^Content-Security-Policy: default-src 'none'; img-src data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'"$'\r'"?$" "CSP header"
expect_line index.h '^X-Content-Type-Options: nosniff' "nosniff header"
expect_line index.h '^X-Frame-Options: DENY' "X-Frame-Options header"
expect_line index.h '^Referrer-Policy: no-referrer' "Referrer-Policy header"
expect_line index.html '<form id="upload" class="upload" method="post" action="/check" enctype="multipart/form-data"' "upload form"
expect_line index.html '<input id="file" type="file" name="pdf"' "file input"
expect_line index.html '<option value="p2">p2: Quantum Gravity for Everyone</option>' "manifest papers offered"
expect_line index.html '<script src="/app.js" defer></script>' "script as a resource"
expect_no_line index.html '<script>|<style>| style="|onclick=' "inline script or style on the page"
"${CURL[@]}" -D js.h -o app.js "$URL/app.js"
expect_line js.h '^Content-Type: text/javascript' "app.js type"
expect_line app.js "xhr.open\('POST', url\)" "app.js content"
"${CURL[@]}" -D css.h -o style.css "$URL/style.css"
expect_line css.h '^Content-Type: text/css' "style.css type"
expect_line style.css '^\.badge\.error' "report style sheet"
expect_line style.css '^\.drop\{' "page style sheet"
"${CURL[@]}" -o health.json "$URL/healthz"
expect_line health.json '"status": "ok"' "healthz"

for p in /../etc/passwd /etc/passwd /%2e%2e/etc/passwd /app.js/../../etc/passwd /index.html /static/ /api \
         "/check/" "/?x=../../etc/passwd/x"; do
  got=$("${CURL[@]}" --path-as-is -D nf.h -o nf.html -w '%{http_code}' "$URL$p")
  if [ "$p" = "/?x=../../etc/passwd/x" ]; then
    expect_eq "$got" 200 "query strings do not name files ($p)"
  else
    expect_eq "$got" 404 "GET $p"
    expect_no_line nf.html 'root:' "no file content for $p"
    expect_line nf.h '^X-Frame-Options: DENY' "headers on the 404 for $p"
  fi
done
expect_eq "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$URL/api/check")" 405 "GET /api/check"
expect_eq "$("${CURL[@]}" -o /dev/null -w '%{http_code}' -X DELETE "$URL/")" 405 "DELETE /"

# ---- the JSON API: exactly collate check's JSON ----
for f in clean margin seven nine base14; do
  post "$f" "$f.pdf"
  expect_eq "$(code "$f")" 200 "API status for $f"
  "$COLLATE" check --style ieee-conference --format json "$f.pdf" > "$f.check.json"
  cmp -s "$f.json" "$f.check.json" && pass || fail "API JSON for $f differs from collate check --format json"
done
expect_line clean.json '"schema": "collate-check/1"' "schema"
expect_line clean.json '"status": "ok"' "clean status"
expect_line clean.json '"pages": 6,' "clean pages"
expect_line clean.json '"findings": \[\]' "clean has no findings"
expect_line margin.json '"status": "error"' "margin status"
expect_eq "$(grep -c '"code": "margin"' margin.json)" 3 "three margin findings"
expect_line margin.json '"page": 3,' "margin page"
expect_line margin.json '"message": "text extends (19|20|21)\.[0-9] pt into the left margin"' "margin message"
expect_line seven.json '"code": "extra_pages"' "extra pages"
expect_line seven.json '"fee": 100,' "fee for the paid page"
expect_line nine.json '"code": "page_limit"' "page limit"
expect_line base14.json '"code": "font_not_embedded"' "font not embedded"
expect_line margin.h '^Content-Type: application/json' "API content type"
expect_line margin.h '^Cache-Control: no-store' "results are not cached"

# Multipart to the API, and html=1 adds the report.
"${CURL[@]}" -o mp.json -w '%{http_code}' -F "pdf=@margin.pdf" "$URL/api/check" > mp.code
expect_eq "$(code mp)" 200 "multipart API status"
cmp -s mp.json margin.check.json && pass || fail "multipart API JSON differs from collate check"
"${CURL[@]}" -o mph.json -F "pdf=@margin.pdf" "$URL/api/check?html=1"
expect_line mph.json '"report_html": ".*<img width=' "report_html with pictures"

# ---- the HTML result (no JavaScript: a form POST) ----
"${CURL[@]}" -D res.h -o result.html -w '%{http_code}' -F "pdf=@margin.pdf" "$URL/check" > res.code
expect_eq "$(code res)" 200 "POST /check status"
expect_line res.h '^Content-Type: text/html' "result content type"
expect_line result.html '<span class="badge error">error</span>' "status badge"
expect_line result.html 'text extends (19|20|21)\.[0-9] pt into the left margin' "finding message"
expect_line result.html '<span class="pg">p.&nbsp;3</span>' "finding page"
expect_eq "$(grep -o '<img [^>]*src="data:image/png;base64,' result.html | wc -l)" 3 "three page pictures"
expect_line result.html 'How to fix what was found' "how to fix"
expect_line result.html 'wide table or figure' "margin advice"
expect_no_line result.html '<script>|<style>| style="' "inline script or style in the result"
"${CURL[@]}" -o seven.html -F "pdf=@seven.pdf" "$URL/check"
expect_line seven.html '100.00 USD' "fee on the result page"

# ---- the manifest cross-check ----
post meta1 clean.pdf '&paper=p1'
expect_no_line meta1.json '"code": "metadata"' "matching paper has no metadata finding"
post meta2 clean.pdf '&paper=p2'
expect_line meta2.json '"code": "metadata"' "title/author mismatch"
expect_line meta2.json "author 'Hopper' in the manifest does not appear" "author finding"
"${CURL[@]}" -o meta3.html -F "pdf=@clean.pdf" -F paper=p2 "$URL/check"
expect_line meta3.html '<span class="pid">p2</span>' "paper id on the result page"
expect_line meta3.html 'Title or authors differ' "metadata advice"
post meta4 clean.pdf '&paper=nope'
expect_eq "$(code meta4)" 400 "unknown paper id"

# ---- malformed and hostile uploads ----
post notpdf notpdf.pdf
expect_eq "$(code notpdf)" 422 "not a PDF"
expect_line notpdf.json '"code": "unreadable"' "not a PDF is unreadable"
expect_line notpdf.json 'not a PDF' "not a PDF message"
post truncated truncated.pdf
expect_eq "$(code truncated)" 422 "truncated PDF"
expect_line truncated.json '"code": "unreadable"' "truncated is unreadable"
post empty empty.pdf
expect_eq "$(code empty)" 400 "empty upload"
expect_line empty.json '"error": "the uploaded file is empty"' "empty message"
post big big.bin
expect_eq "$(code big)" 413 "upload over the limit (Content-Length)"
expect_line big.json '"error": "the upload is larger than the limit of 2 MB"' "413 message"
post bigchunked big.bin '' -H 'Transfer-Encoding: chunked'
expect_eq "$(code bigchunked)" 413 "upload over the limit (chunked)"
"${CURL[@]}" -o bightml.html -w '%{http_code}' -F "pdf=@big.bin" "$URL/check" > bightml.code
expect_eq "$(code bightml)" 413 "form upload over the limit"
expect_line bightml.html 'larger than the limit of 2 MB' "413 page"
"${CURL[@]}" -o nofile.json -w '%{http_code}' -F "paper=p1" "$URL/api/check" > nofile.code
expect_eq "$(code nofile)" 400 "multipart without a file"
"${CURL[@]}" -o badtype.json -w '%{http_code}' -H 'Content-Type: text/plain' --data-binary @clean.pdf \
  "$URL/api/check" > badtype.code
expect_eq "$(code badtype)" 415 "wrong content type"
printf -- '--XYZ\r\nContent-Disposition: form-data; name="pdf"; filename="a.pdf"\r\n\r\n%%PDF-1.4 trunc' > broken.mp
"${CURL[@]}" -o broken.json -w '%{http_code}' -H 'Content-Type: multipart/form-data; boundary=XYZ' \
  --data-binary @broken.mp "$URL/api/check" > broken.code
case "$(code broken)" in 400|422) pass ;; *) fail "unterminated multipart: got $(code broken)" ;; esac
post after clean.pdf
expect_eq "$(code after)" 200 "the server still serves after bad uploads"
expect_eq "$(find tmp -mindepth 2 | wc -l)" 0 "no upload left after the answers"

# ---- rate limit: a second server allowing 2 checks a minute ----
start_server rate --style ieee-conference --rate 2
RATE=$PID
post r1 clean.pdf
post r2 clean.pdf
post r3 clean.pdf
expect_eq "$(code r1) $(code r2) $(code r3)" "200 200 429" "third check within a minute"
expect_line r3.h '^Retry-After: [0-9]+' "Retry-After on 429"
expect_line r3.json 'too many checks' "429 message"
expect_eq "$("${CURL[@]}" -o /dev/null -w '%{http_code}' "$URL/healthz")" 200 "pages are not rate limited"
kill -TERM "$RATE"; wait "$RATE"
expect_eq "$?" 0 "rate server exit status"

# ---- SIGTERM: the check under way is answered, nothing is left ----
# The main server has nothing under way.
kill -TERM "$MAIN"
wait "$MAIN"
expect_eq "$?" 0 "exit status after SIGTERM"
# A server whose thumbnail children hang until the timeout (a fault hook of
# check/thumbnail.h), so that a check is surely under way at the signal.
COLLATE_FAULT_THUMBNAIL=hang start_server term --style ieee-conference --timeout 15 --rate 0
TERM_PID=$PID
"${CURL[@]}" -o inflight.html -w '%{http_code}' -F "pdf=@margin.pdf" "$URL/check" > inflight.code &
CURLPID=$!
for _ in $(seq 200); do # wait until the check has started
  "${CURL[@]}" -o busy.json "$URL/healthz"
  grep -q '"checking": 1' busy.json && break
  sleep 0.05
done
expect_line busy.json '"checking": 1' "a check under way"
sleep 0.5 # let it reach the thumbnails
procs=$(descendants "$TERM_PID")
expect_eq "$(echo "$procs" | wc -w | awk '{print ($1 >= 2)}')" 1 "dispatcher and check processes running"
kill -TERM "$TERM_PID"
wait "$TERM_PID"
expect_eq "$?" 0 "exit status after SIGTERM with a check under way"
wait "$CURLPID"
expect_eq "$(code inflight)" 200 "the check under way was answered"
expect_line inflight.html 'thumbnail unavailable' "its answer is complete"
expect_line inflight.html '</html>' "its page is whole"
expect_line term.err 'stopping: answering the 1 check under way' "shutdown note"
left=0
for p in $procs; do kill -0 "$p" 2> /dev/null && left=$((left + 1)); done
expect_eq "$left" 0 "no process left after SIGTERM"
expect_eq "$(find tmp -mindepth 1 | wc -l)" 0 "no temporary folder left after SIGTERM"

finish
