#!/usr/bin/env bash
# Benchmark collate against the tools chairs use today, side by side, on real
# papers as well as generated ones.
#
#   bench/run.sh [--sets "real conforming generated"] [--sizes "100 1000"]
#                [--runs 3] [--build DIR] [--shared DIR] [--out FILE] [--keep]
#
# Sets of N papers (a volume of N papers, sessions of 10):
#   real        50 real PDFs from Debian's TeX Live documentation, cycled to N
#               (SHARED/bench/real-papers.sh).  Most are outside the style,
#               so the volume is built with --allow-violations.
#   conforming  the real template papers of SHARED/corpus/papers (IEEEtran,
#               IEEE Word, acmart, llncs; real-papers.sh --conforming).  They
#               pass ieee-conference with a 16-page limit: the camera-ready
#               case.  Built with --allow-violations all the same, because
#               the cycled copies are byte-identical (duplicate_pdf).
#   generated   distinct papers from tests/tools/mkpaper (8-12 pages, embedded
#               fonts, a raster figure, a vector chart, internal links).
# SHARED is ../shared next to the project root (for a git worktree, also next
# to the main checkout); without it the real sets are skipped.
#
# Each repetition runs every tool once, in turn; the first tool rotates:
#   cat                   read every paper, write one file (the I/O floor)
#   qpdf, pdfunite, mutool  merge only (qpdf --empty --pages, pdfunite,
#                         mutool merge; mupdf-tools is installed if missing)
#   build-cold            collate build --no-cache: the full job
#   build-warm            collate build with every paper in its cache
#   check                 collate check
#   pdfinfo+pdffonts      on every file; both checks spread over all cores
# The papers are read once before the first repetition, so every tool reads
# them from the page cache.  For each set and size the results file gets one
# block, replacing an earlier one: the command, date, machine, load average,
# tool versions, then the medians of wall time, CPU time (user+sys, children
# included) and peak memory (largest resident set of one process, GNU time),
# check CPU per page, ratios, and the `note:` lines collate build printed.
# Needs GNU time (/usr/bin/time), qpdf and poppler-utils.
set -euo pipefail
CMDLINE=bench/run.sh
for a in "$@"; do # quoted for a shell, as typed
  if [[ $a =~ ^[A-Za-z0-9_./=:+-]+$ ]]; then CMDLINE+=" $a"; else CMDLINE+=" '${a//\'/\'\\\'\'}'"; fi
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SETS="real conforming generated"
SIZES="100 1000"
RUNS=3
BUILD=$ROOT/build
OUT=$ROOT/bench/results.txt
SHARED=
KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --sets) SETS=$2; shift 2 ;;
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --shared) SHARED=$(realpath -m "$2"); shift 2 ;;
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0"; exit 0 ;;
    *) echo "bench: unknown option '$1'" >&2; exit 2 ;;
  esac
done
for s in $SETS; do
  case $s in real|conforming|generated) ;; *) echo "bench: unknown set '$s' (real, conforming, generated)" >&2; exit 2 ;; esac
done
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs must be a positive number" >&2; exit 2; }
for n in $SIZES; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: sizes must be positive numbers, not '$n'" >&2; exit 2; }
done
cd "$ROOT"

if [ -z "$SHARED" ]; then
  SHARED=$ROOT/../shared
  if [ ! -d "$SHARED" ] && main=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
    [ -d "$(dirname "$main")/../shared" ] && SHARED=$(dirname "$main")/../shared
  fi
fi
REAL_PAPERS=$SHARED/bench/real-papers.sh

COLLATE=$BUILD/collate
MKPAPER=$BUILD/tests/tools/mkpaper
for tool in "$COLLATE" /usr/bin/time qpdf pdfunite pdffonts pdfinfo; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' not found (build collate; apt-get install time qpdf poppler-utils)" >&2; exit 2; }
done
case " $SETS " in *" generated "*)
  [ -x "$MKPAPER" ] || { echo "bench: '$MKPAPER' not found (build collate with its tests)" >&2; exit 2; } ;;
esac

JOBS=$(nproc)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/collate-bench.XXXXXX")
if [ "$KEEP" = 1 ]; then echo "bench: keeping $TMP" >&2; else trap 'rm -rf "$TMP"' EXIT; fi
export SOURCE_DATE_EPOCH=1700000000

SUDO=; [ "$(id -u)" -eq 0 ] || SUDO=sudo
# Wait for another engineer's apt-get instead of failing, here and in
# real-papers.sh when root (APT_CONFIG adds to the system's files; sudo drops it).
if [ -z "${APT_CONFIG:-}" ]; then
  export APT_CONFIG=$TMP/apt.conf
  echo 'DPkg::Lock::Timeout "900";' > "$APT_CONFIG"
fi
if ! command -v mutool >/dev/null; then
  echo "bench: installing mupdf-tools for mutool..." >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=900 mupdf-tools >/dev/null ||
    echo "bench: mupdf-tools could not be installed; mutool is left out" >&2
fi
HAVE_MUTOOL=0; command -v mutool >/dev/null && HAVE_MUTOOL=1

# ---- sets: DIR/papers/*.pdf, DIR/papers.tsv (file, pages, title), DIR/list.txt

make_generated() { # N DIR
  local n=$1 dir=$2
  mkdir -p "$dir/papers"
  seq 1 "$n" | xargs -P "$JOBS" -I{} sh -c '
    i={}; id=$(printf "p%04d" "$i"); pages=$((8 + i % 5))
    "$0" --out "$1/papers/$id.pdf" --pages "$pages" --seed "$i" --image --internal-links \
      --title "Paper $i on Benchmarking Proceedings Compilers" --authors "Author$i Family$((i % 97)); Second Writer$((i % 13))" \
      --keywords "benchmarks; topic $((i % 17))"' "$MKPAPER" "$dir"
  for i in $(seq 1 "$n"); do
    printf 'p%04d.pdf\t%d\t%s\n' "$i" $((8 + i % 5)) "Paper $i on Benchmarking Proceedings Compilers"
  done > "$dir/papers.tsv"
}

make_real() { # --conforming|"" N DIR
  local flag=$1 n=$2 dir=$3
  "$REAL_PAPERS" $flag "$dir/papers" "$n"
  mv "$dir/papers/papers.tsv" "$dir/papers.tsv"
}

write_manifest() { # DIR N LIMIT
  local dir=$1 n=$2 limit=$3
  {
    echo "volume: {title: Benchmark Proceedings with $n Papers, short_title: BENCH, year: \"2025\", editors: [Ada Lovelace], notice: \"979-8-0000-0000-0/25/\$31.00 ©2025 BENCH\"}"
    echo "style: ieee-conference"
    echo "limits: {pages: $limit, extra_pages: 0}"
    echo "output: volume.pdf"
    echo "front_matter: [title_page, toc]"
    echo "back_matter: [author_index]"
    echo "sessions:"
    awk -F'\t' '{
      i = NR; id = $1; sub(/\.pdf$/, "", id)
      t = $3; gsub(/\\/, "\\\\", t); gsub(/"/, "\\\"", t)
      if ((i - 1) % 10 == 0) printf "  - title: Session %d\n    papers:\n", (i - 1) / 10 + 1
      printf "      - {id: %s, title: \"%s\", authors: [Author%d Family%d, Second Writer%d], pdf: papers/%s}\n", id, t, i, i % 97, i % 13, $1
    }' "$dir/papers.tsv"
  } > "$dir/proceedings.yaml"
  cut -f1 "$dir/papers.tsv" | sed 's#^#papers/#' > "$dir/list.txt"
}

# ---- measuring

# measure NAME OK_STATUSES CMD...: one timed run, appended to $TMP/times/NAME
# as "wall cpu maxrss_kb"; `note:` lines of stderr go to $TMP/notes/NAME.
# A run ending with another status is recorded in $TMP/times/NAME.fail.
measure() {
  local name=$1 ok=$2 rc=0; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/t.out" "$@" > /dev/null 2> "$TMP/err.out" || rc=$?
  if [[ " $ok " != *" $rc "* ]]; then
    { echo "status $rc: $*" | cut -c1-200; tail -3 "$TMP/err.out"; } > "$TMP/times/$name.fail"
    echo "bench: '$name' failed (status $rc):" >&2; tail -3 "$TMP/err.out" >&2
    return 0
  fi
  # GNU time puts "Command exited with non-zero status" before the numbers.
  tail -1 "$TMP/t.out" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >> "$TMP/times/$name"
  { grep -o 'note: .*' "$TMP/err.out" || true; } >> "$TMP/notes/$name"
}

run_tool() { # NAME, in the set's folder
  local files; mapfile -t files < list.txt
  case $1 in
    cat) measure cat 0 sh -c 'cat -- "$@" > cat.out' sh "${files[@]}" ;;
    qpdf) measure qpdf "0 3" qpdf --empty --pages "${files[@]}" -- qpdf.pdf ;; # 3: warnings
    pdfunite) measure pdfunite 0 pdfunite "${files[@]}" pdfunite.pdf ;;
    mutool) measure mutool 0 mutool merge -o mutool.pdf "${files[@]}" ;;
    build-cold) measure build-cold 0 "$COLLATE" build --no-cache -o cold.pdf $ALLOW proceedings.yaml ;;
    build-warm) measure build-warm 0 "$COLLATE" build -o warm.pdf $ALLOW proceedings.yaml ;;
    check) measure check "0 1" "$COLLATE" check -q --style ieee-conference --pages "$LIMIT" --extra-pages 0 "${files[@]}" ;;
    pdfinfo+pdffonts) measure pdfinfo+pdffonts 0 sh -c "xargs -P $JOBS -I{} sh -c 'pdffonts {} >/dev/null && pdfinfo {} >/dev/null' < list.txt" ;;
  esac
  # Each volume is as large as the papers together: keep one at a time.
  rm -f cat.out qpdf.pdf pdfunite.pdf mutool.pdf cold.pdf warm.pdf
}

median() { # FILE COLUMN
  sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}

report_line() { # NAME
  local f="$TMP/times/$1"
  if [ -f "$f.fail" ]; then printf "%-18s failed, %s\n" "$1" "$(head -1 "$f.fail")"; return; fi
  [ -f "$f" ] || return 0
  printf "%-18s %9.2f %9.2f %10.1f\n" "$1" "$(median "$f" 1)" "$(median "$f" 2)" "$(median "$f" 3 | awk '{print $1/1024}')"
}

ratio() { # A B: wall, cpu, memory of A over B
  local a="$TMP/times/$1" b="$TMP/times/$2"
  [ -f "$a" ] && [ -f "$b" ] && [ ! -f "$a.fail" ] && [ ! -f "$b.fail" ] || return 0
  awk -v x="$1/$2" -v aw="$(median "$a" 1)" -v bw="$(median "$b" 1)" \
      -v ac="$(median "$a" 2)" -v bc="$(median "$b" 2)" -v am="$(median "$a" 3)" -v bm="$(median "$b" 3)" \
      'function r(p, q) { return q > 0 ? sprintf("%7.2fx", p / q) : "      -" }
       BEGIN {printf "%-28s wall %s  cpu %s  memory %s\n", x, r(aw, bw), r(ac, bc), r(am, bm)}'
}

per_page() { # NAME PAGES: median CPU ms per page
  local f="$TMP/times/$1"
  [ -f "$f" ] && [ ! -f "$f.fail" ] || { echo "-"; return; }
  awk -v c="$(median "$f" 2)" -v p="$2" 'BEGIN {printf "%.2f ms", c * 1000 / p}'
}

# ---- the results file: a header, then one block per set and size

merge_block() { # SET N BLOCKFILE: replace or add that block, ordered by set and size
  local parts=$TMP/parts
  rm -rf "$parts"; mkdir -p "$parts"
  if [ -f "$OUT" ]; then
    awk -v d="$parts" '
      BEGIN { rank["real"] = 1; rank["conforming"] = 2; rank["generated"] = 3; f = d "/head" }
      /^## / { f = sprintf("%s/b-%d-%09d-%s", d, ($2 in rank) ? rank[$2] : 9, $3, $2) }
      { print > f }' "$OUT"
  fi
  local rank; case $1 in real) rank=1 ;; conforming) rank=2 ;; generated) rank=3 ;; esac
  cp "$3" "$(printf '%s/b-%d-%09d-%s' "$parts" "$rank" "$2" "$1")"
  if [ ! -s "$parts/head" ]; then
    {
      echo "# collate benchmark results, written by bench/run.sh: one block per set and size,"
      echo "# replaced by the latest run of that set and size (older numbers are in the git history)."
      echo "# Times are medians in seconds; cpu = user + sys including children; peak = largest"
      echo "# resident set of one process."
      echo
    } > "$parts/head"
  fi
  cat "$parts/head" "$parts"/b-* > "$OUT.tmp" # the names sort by set, then size
  mv "$OUT.tmp" "$OUT"
}

versions() {
  local rev; rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- . ':!bench/results.txt' 2>/dev/null)" ] && rev="$rev+changes"
  printf '%s (%s), qpdf %s, %s' "$("$COLLATE" --version)" "$rev" \
    "$(qpdf --version | head -1 | awk '{print $3}')" "$(pdfunite -v 2>&1 | head -1 | sed 's/ version / /')"
  [ "$HAVE_MUTOOL" = 1 ] && printf ', %s' "$(mutool -v 2>&1 | head -1 | sed 's/ version / /')"
  printf ', %s, %s\n' "$(/usr/bin/time --version 2>&1 | head -1)" "$(cat --version | head -1)"
}

MACHINE="$(nproc) cores ($(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, Linux $(uname -r)"
TOOLS="cat qpdf pdfunite mutool build-cold build-warm check pdfinfo+pdffonts"
[ "$HAVE_MUTOOL" = 1 ] || TOOLS=${TOOLS/mutool /}
read -ra TOOL_LIST <<< "$TOOLS"

MEASURED=0
for set in $SETS; do
  case $set in
    real|conforming)
      if [ ! -x "$REAL_PAPERS" ]; then
        echo "bench: skipping the '$set' set: $REAL_PAPERS not found (the shared folder is ../shared next to the project; or pass --shared DIR)" >&2
        continue
      fi ;;
  esac
  case $set in
    real) LIMIT=20; ALLOW=--allow-violations ;;
    conforming) LIMIT=16; ALLOW=--allow-violations ;; # copies of 9 papers: duplicate_pdf
    generated) LIMIT=12; ALLOW= ;;
  esac
  for n in $SIZES; do
    dir=$TMP/$set-$n
    load_before=$(cut -d' ' -f1-3 /proc/loadavg)
    echo "bench: $set set, $n papers: preparing..." >&2
    mkdir -p "$dir"
    case $set in
      real) make_real "" "$n" "$dir" ;;
      conforming) make_real --conforming "$n" "$dir" ;;
      generated) make_generated "$n" "$dir" ;;
    esac
    write_manifest "$dir" "$n" "$LIMIT"
    pages=$(awk -F'\t' '{s += $2} END {print s}' "$dir/papers.tsv")
    bytes=$(cd "$dir" && xargs stat -c %s < list.txt | awk '{s += $1} END {print s}')
    rm -rf "$TMP/times" "$TMP/notes"; mkdir -p "$TMP/times" "$TMP/notes"
    cd "$dir"
    # Fill the cache of build-warm (and the page cache for every tool).
    "$COLLATE" build -q -o warm.pdf $ALLOW proceedings.yaml > /dev/null 2> prep.err ||
      { echo "bench: preparing the warm cache failed:" >&2; tail -5 prep.err >&2; exit 1; }
    ntools=${#TOOL_LIST[@]}
    for r in $(seq 1 "$RUNS"); do
      echo "bench: $set set, $n papers, run $r/$RUNS" >&2
      for k in $(seq 0 $((ntools - 1))); do
        run_tool "${TOOL_LIST[$(( (k + r - 1) % ntools ))]}"
      done
    done
    cd "$ROOT"
    load_after=$(cut -d' ' -f1-3 /proc/loadavg)
    block=$TMP/block.txt
    {
      echo "## $set $n"
      echo "command: $CMDLINE"
      echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
      echo "machine: $MACHINE"
      echo "load:    $load_before before, $load_after after (1, 5, 15 min)"
      echo "tools:   $(versions)"
      echo "papers:  $n, $pages pages, $(awk -v b="$bytes" 'BEGIN {printf "%.1f MiB", b / 1048576}'); style ieee-conference, limit $LIMIT pages${ALLOW:+, $ALLOW}"
      echo "runs:    $RUNS, round-robin (medians)"
      echo
      printf "%-18s %9s %9s %10s\n" tool "wall s" "cpu s" "peak MiB"
      for t in "${TOOL_LIST[@]}"; do report_line "$t"; done
      echo
      echo "check cpu per page: collate check $(per_page check "$pages"), pdfinfo+pdffonts $(per_page pdfinfo+pdffonts "$pages")"
      ratio build-warm qpdf
      ratio build-cold qpdf
      ratio check pdfinfo+pdffonts
      for t in build-cold build-warm; do
        if [ -s "$TMP/notes/$t" ]; then
          sort "$TMP/notes/$t" | uniq -c | awk -v t="$t" '{c = $1; sub(/^ *[0-9]+ /, ""); printf "%s %s (%d of the runs)\n", t ":", $0, c}'
        else
          echo "$t: no note: lines"
        fi
      done
      echo
    } > "$block"
    cat "$block"
    merge_block "$set" "$n" "$block"
    MEASURED=$((MEASURED + 1))
    [ "$KEEP" = 1 ] || rm -rf "$dir"
  done
done
[ "$MEASURED" -gt 0 ] || { echo "bench: nothing measured" >&2; exit 1; }
echo "bench: $MEASURED block(s) written to $OUT" >&2
