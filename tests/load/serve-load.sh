#!/usr/bin/env bash
# Load test for collate serve, on 127.0.0.1 only: N uploads, C at a time,
# of a mix of conforming and defective generated papers.  Reports the
# throughput and latency percentiles; fails on any request that is not
# answered 200, on more checks running at once than --max-inflight, and on
# a temporary file or process left after SIGTERM.
#
#   tests/load/serve-load.sh [-n 200] [-c 50] [--inflight N] [--build DIR]
set -uo pipefail
cd "$(dirname "$0")/../.."
SRC=$PWD
N=200 C=50 BUILD=build INFLIGHT=
while [ $# -gt 0 ]; do
  case $1 in
    -n) N=$2; shift 2 ;;
    -c) C=$2; shift 2 ;;
    --inflight) INFLIGHT=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) echo "usage: $0 [-n N] [-c C] [--inflight N] [--build DIR]" >&2; exit 2 ;;
  esac
done
COLLATE=$BUILD/collate MKPAPER=$BUILD/tests/tools/mkpaper
[ -x "$COLLATE" ] && [ -x "$MKPAPER" ] || { echo "build first: $COLLATE, $MKPAPER" >&2; exit 2; }
command -v curl > /dev/null || { echo "curl is needed" >&2; exit 2; }
export COLLATE_STYLES=$SRC/styles COLLATE_FONTS=$SRC/fonts

W=$(mktemp -d "${TMPDIR:-/tmp}/serve-load.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir "$W/tmp"
"$MKPAPER" --out "$W/clean.pdf" --pages 6 --seed 1 --image
"$MKPAPER" --out "$W/margin.pdf" --pages 4 --seed 5 --margins 54,72,45,45 --text-into-margin left:20:3 \
  --image-into-margin bottom:30:2
"$MKPAPER" --out "$W/fonts.pdf" --pages 2 --seed 7 --base14
PAPERS=(clean.pdf margin.pdf fonts.pdf)

opts=(--style ieee-conference --listen 127.0.0.1:0 --rate 0 --max-queue $((C + 8)) -q)
[ -n "$INFLIGHT" ] && opts+=(--max-inflight "$INFLIGHT")
INFLIGHT=${INFLIGHT:-$(nproc)}
TMPDIR="$W/tmp" "$COLLATE" serve "${opts[@]}" > "$W/serve.out" 2> "$W/serve.err" &
PID=$!
for _ in $(seq 100); do
  URL=$(sed -n 's/.*\(http:\/\/127\.0\.0\.1:[0-9]*\)\/ .*/\1/p' "$W/serve.out")
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "server did not start" >&2; cat "$W/serve.err" >&2; kill "$PID"; exit 1; }
DISPATCHER=$(pgrep -P "$PID" | head -1)

# Sample the checks running at once (children of the dispatcher).
( peak=0
  while kill -0 "$PID" 2> /dev/null; do
    n=$(pgrep -P "$DISPATCHER" | wc -l)
    [ "$n" -gt "$peak" ] && { peak=$n; echo "$peak" > "$W/peak"; }
    sleep 0.05
  done ) &
SAMPLER=$!

# One request: "index http_code seconds" (the API for even, the form for odd).
one() {
  local i=$1 p=${PAPERS[$(($1 % 3))]}
  if [ $((i % 2)) -eq 0 ]; then
    curl -sS --max-time 300 -o /dev/null -w "$i %{http_code} %{time_total}\n" \
      -H 'Content-Type: application/pdf' --data-binary "@$W/$p" "$URL/api/check?name=$p"
  else
    curl -sS --max-time 300 -o /dev/null -w "$i %{http_code} %{time_total}\n" -F "pdf=@$W/$p" "$URL/check"
  fi
}
export -f one
export W URL
export PAPERS_S="${PAPERS[*]}"
start=$(date +%s.%N)
seq 0 $((N - 1)) | timeout 900 xargs -P "$C" -I{} bash -c 'PAPERS=($PAPERS_S); one {}' > "$W/results" 2> "$W/curl.err"
xrc=$?
end=$(date +%s.%N)
sleep 0.2
procs="$DISPATCHER $(pgrep -P "$DISPATCHER")"
kill -TERM "$PID"; wait "$PID"; src=$?
wait "$SAMPLER" 2> /dev/null

failures=0
bad() { echo "FAIL: $*"; failures=$((failures + 1)); }
answered=$(wc -l < "$W/results")
ok=$(awk '$2 == 200' "$W/results" | wc -l)
[ "$xrc" -eq 0 ] || bad "the client run ended with status $xrc (timeout 900 s?)"
[ "$answered" -eq "$N" ] || bad "$answered of $N requests answered"
[ "$ok" -eq "$N" ] || bad "$((N - ok)) requests not answered 200: $(awk '$2 != 200 {print $2}' "$W/results" | sort | uniq -c | tr '\n' ' ')"
[ -s "$W/curl.err" ] && bad "curl errors: $(head -3 "$W/curl.err")"
peak=$(cat "$W/peak" 2> /dev/null || echo 0)
[ "$peak" -le "$INFLIGHT" ] || bad "$peak checks ran at once, more than --max-inflight $INFLIGHT"
[ "$src" -eq 0 ] || bad "server exit status $src after SIGTERM"
left=$(find "$W/tmp" -mindepth 1 | wc -l)
[ "$left" -eq 0 ] || bad "$left temporary files left"
for p in $procs; do kill -0 "$p" 2> /dev/null && bad "process $p left"; done

wall=$(echo "$start $end" | awk '{printf "%.2f", $2 - $1}')
sort -k3 -g "$W/results" | awk -v n="$answered" -v wall="$wall" -v c="$C" -v j="$INFLIGHT" '
  { t[NR] = $3 }
  function pct(p) { i = int(p * n + 0.999999); if (i < 1) i = 1; if (i > n) i = n; return t[i] }
  END {
    printf "collate serve load: %d uploads, %d at a time, %d checks at a time, on %d cores\n", n, c, j, '"$(nproc)"'
    printf "wall %.2f s, throughput %.1f checks/s\n", wall, n / wall
    printf "latency s: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", pct(.5), pct(.9), pct(.99), t[n]
  }'
echo "peak checks at once: $peak (limit $INFLIGHT); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$failures" -eq 0 ]; then echo "load test passed"; else echo "load test failed ($failures)"; fi
[ "$failures" -eq 0 ]
