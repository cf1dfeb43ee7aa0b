#!/usr/bin/env bash
# Benchmark collate against the tools chairs use today, side by side.
#
#   bench/run.sh [--sizes "100 1000 2000"] [--runs 3] [--build DIR] [--out FILE] [--keep]
#
# For each size N it generates N distinct papers (8-12 pages, embedded
# fonts, a raster figure, a vector chart and internal links) with the
# project's generator, then runs, alternating, R times each:
#   collate build    full job: check, front matter, contents, author index,
#                    stamps, links, bookmarks, labels
#   qpdf --empty --pages ... --     merge only
#   pdfunite                        merge only
#   pdflatex + pdfpages             (N = 100 only, when pdflatex and
#                                   pdfpages are installed) page numbers
#                                   and a contents page, two runs
# and, on the same papers, `collate check` against pdffonts + pdfinfo run
# on every file (both spread over all cores with xargs -P).  It prints the
# median wall time, CPU time (user+sys) and peak memory (largest resident
# set of any process) of each, and the ratios, and appends them to the
# results file.  Needs GNU time (/usr/bin/time), qpdf and poppler-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES="100 1000 2000"
RUNS=3
BUILD=$ROOT/build
OUT=$ROOT/bench/results.txt
KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) SIZES=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "bench: unknown option '$1'" >&2; exit 2 ;;
  esac
done
COLLATE=$BUILD/collate
MKPAPER=$BUILD/tests/tools/mkpaper
for tool in "$COLLATE" "$MKPAPER" /usr/bin/time qpdf pdfunite pdffonts pdfinfo; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' not found (build collate; apt-get install time qpdf poppler-utils)" >&2; exit 2; }
done
HAVE_LATEX=0
if command -v pdflatex >/dev/null && kpsewhich pdfpages.sty >/dev/null 2>&1; then HAVE_LATEX=1; fi
JOBS=$(nproc)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/collate-bench.XXXXXX")
[ "$KEEP" = 1 ] || trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1700000000

generate() { # N DIR
  local n=$1 dir=$2
  mkdir -p "$dir/papers"
  seq 1 "$n" | xargs -P "$JOBS" -I{} sh -c '
    i={}; id=$(printf "p%04d" "$i"); pages=$((8 + i % 5))
    "$0" --out "$1/papers/$id.pdf" --pages "$pages" --seed "$i" --image --internal-links \
      --title "Paper $i on Benchmarking Proceedings Compilers" --authors "Author$i Family$((i % 97)); Second Writer$((i % 13))" \
      --keywords "benchmarks; topic $((i % 17))"' "$MKPAPER" "$dir"
  {
    echo "volume: {title: Benchmark Proceedings with $n Papers, short_title: BENCH, year: \"2025\", editors: [Ada Lovelace], notice: \"979-8-0000-0000-0/25/\$31.00 ©2025 BENCH\"}"
    echo "style: ieee-conference"
    echo "limits: {pages: 12, extra_pages: 0}"
    echo "output: volume.pdf"
    echo "front_matter: [title_page, toc]"
    echo "back_matter: [author_index]"
    echo "sessions:"
    for i in $(seq 1 "$n"); do
      id=$(printf "p%04d" "$i")
      [ $(( (i - 1) % 10 )) -eq 0 ] && { echo "  - title: Session $(( (i - 1) / 10 + 1 ))"; echo "    papers:"; }
      echo "      - {id: $id, title: Paper $i on Benchmarking Proceedings Compilers, authors: [Author$i Family$((i % 97)), Second Writer$((i % 13))], pdf: papers/$id.pdf}"
    done
  } > "$dir/proceedings.yaml"
  ls "$dir"/papers/*.pdf > "$dir/list.txt"
}

latex_doc() { # DIR: pdfpages volume with page numbers and a contents page
  local dir=$1
  {
    echo '\documentclass{article}\usepackage[letterpaper]{geometry}\usepackage{pdfpages}\usepackage{hyperref}'
    echo '\begin{document}\tableofcontents\clearpage'
    while read -r f; do
      id=$(basename "$f" .pdf)
      echo "\\includepdf[pages=-,pagecommand={\\thispagestyle{plain}},addtotoc={1,section,1,{Paper $id},$id}]{$f}"
    done < "$dir/list.txt"
    echo '\end{document}'
  } > "$dir/volume.tex"
}

# measure NAME CMD...: one timed run, appended to $TMP/times/NAME as "wall cpu maxrss_kb".
measure() {
  local name=$1; shift
  mkdir -p "$TMP/times"
  /usr/bin/time -f "%e %U %S %M" -o "$TMP/t.out" "$@" > /dev/null 2> "$TMP/err.out" || {
    echo "bench: '$name' failed:" >&2; tail -5 "$TMP/err.out" >&2; return 1; }
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$TMP/t.out" >> "$TMP/times/$name"
}

median() { # FILE COLUMN
  sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'
}

report_line() { # SIZE NAME
  local f="$TMP/times/$2"
  [ -f "$f" ] || return 0
  printf "%6s  %-22s %9.2f %9.2f %10.1f\n" "$1" "$2" "$(median "$f" 1)" "$(median "$f" 2)" "$(echo "$(median "$f" 3)" | awk '{print $1/1024}')"
}

ratio() { # SIZE A B (wall, cpu, memory)
  local a="$TMP/times/$2" b="$TMP/times/$3"
  [ -f "$a" ] && [ -f "$b" ] || return 0
  awk -v n="$1" -v x="$2" -v y="$3" -v aw="$(median "$a" 1)" -v bw="$(median "$b" 1)" \
      -v ac="$(median "$a" 2)" -v bc="$(median "$b" 2)" -v am="$(median "$a" 3)" -v bm="$(median "$b" 3)" \
      'BEGIN {printf "%6s  %-36s wall %6.2fx  cpu %6.2fx  memory %6.2fx\n", n, x "/" y, aw/bw, ac/bc, am/bm}'
}

{
  echo "# collate benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, collate $("$COLLATE" --version | cut -d' ' -f2), qpdf $(qpdf --version | head -1 | awk '{print $3}'), runs $RUNS"
} | tee -a "$OUT"

for n in $SIZES; do
  dir=$TMP/v$n
  echo "bench: generating $n papers..." >&2
  generate "$n" "$dir"
  rm -rf "$TMP/times"
  cd "$dir"
  [ "$HAVE_LATEX" = 1 ] && [ "$n" -le 100 ] && latex_doc "$dir"
  for r in $(seq 1 "$RUNS"); do
    echo "bench: size $n, run $r/$RUNS" >&2
    rm -rf volume.pdf volume.pdf.cache
    measure "collate-build" "$COLLATE" build -q proceedings.yaml
    measure "qpdf-merge" qpdf --empty --pages $(cat list.txt) -- qpdf.pdf
    measure "pdfunite" pdfunite $(cat list.txt) pdfunite.pdf
    if [ -f volume.tex ]; then
      measure "pdflatex-pdfpages" sh -c 'pdflatex -interaction=batchmode volume.tex && pdflatex -interaction=batchmode volume.tex'
    fi
    measure "collate-check" "$COLLATE" check -q --style ieee-conference --pages 12 $(cat list.txt)
    measure "pdffonts+pdfinfo" sh -c "xargs -P $JOBS -I{} sh -c 'pdffonts {} >/dev/null && pdfinfo {} >/dev/null' < list.txt"
  done
  cd "$ROOT"
  {
    printf "%6s  %-22s %9s %9s %10s\n" papers tool "wall s" "cpu s" "peak MiB"
    for t in collate-build qpdf-merge pdfunite pdflatex-pdfpages collate-check pdffonts+pdfinfo; do report_line "$n" "$t"; done
    ratio "$n" collate-build qpdf-merge
    ratio "$n" collate-build pdfunite
    ratio "$n" collate-build pdflatex-pdfpages
    ratio "$n" collate-check pdffonts+pdfinfo
  } | tee -a "$OUT"
  rm -rf "$dir"
done
