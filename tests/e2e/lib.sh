# Shared helpers for end-to-end tests.  Each test gets a fresh $WORK folder
# and the tool paths COLLATE, MKPAPER, PDFMUTATE from CTest.
set -uo pipefail
: "${COLLATE:?}" "${MKPAPER:?}" "${PDFMUTATE:?}" "${WORK:?}"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK" || exit 1
FAILURES=0
CHECKS=0
SKIPPED=

# require_tools TOOL...: a test never passes without the tools it checks
# with; a missing one fails it at once, naming the Debian package.
require_tools() {
  local t pkg missing=0
  for t in "$@"; do
    command -v "$t" > /dev/null 2>&1 && continue
    case $t in
      pdfinfo|pdftotext|pdffonts|pdftoppm) pkg=poppler-utils ;;
      python3) pkg=python3 ;;
      qpdf) pkg=qpdf ;;
      iconv) pkg=libc-bin ;;
      *) pkg=$t ;;
    esac
    echo "FAIL: required tool '$t' is not installed (apt-get install $pkg)" >&2
    missing=1
  done
  [ "$missing" -eq 0 ] || exit 1
}
# skip REASON: for a legitimately optional dependency only.  The test ends
# here; ctest reports it as skipped (exit 77) unless a check already failed.
skip() {
  echo "SKIP: $*"
  SKIPPED="$*"
  finish
}

fail() { echo "FAIL: $*" >&2; FAILURES=$((FAILURES + 1)); }
pass() { CHECKS=$((CHECKS + 1)); }

# expect_line FILE REGEX [description]: some line of FILE matches REGEX.
expect_line() {
  if grep -Eq -- "$2" "$1"; then pass; else fail "${3:-$2} (no line matching '$2' in $1)"; sed 's/^/  | /' "$1" >&2; fi
}
# expect_no_line FILE REGEX
expect_no_line() {
  if grep -Eq -- "$2" "$1"; then fail "${3:-unexpected '$2'} in $1"; grep -E -- "$2" "$1" | sed 's/^/  | /' >&2; else pass; fi
}
expect_eq() {
  if [ "$1" = "$2" ]; then pass; else fail "${3:-value}: expected '$2', got '$1'"; fi
}
# expect_status CODE command...: run and compare the exit status.
expect_status() {
  local want=$1; shift
  "$@"; local got=$?
  if [ "$got" = "$want" ]; then pass; else fail "exit status of '$*': expected $want, got $got"; fi
}
# page_has PDF PAGE REGEX: the text of one page matches (no pipe into
# grep -q: with pipefail an early grep exit fails the pipeline).
page_has() {
  require_tools pdftotext
  pdftotext -f "$2" -l "$2" "$1" "$WORK/.page.txt" 2>/dev/null && grep -Eq -- "$3" "$WORK/.page.txt"
}
finish() {
  echo "$CHECKS checks passed, $FAILURES failed"
  [ "$FAILURES" -eq 0 ] || exit 1
  [ -z "$SKIPPED" ] || exit 77
  # A script that checked nothing has not tested anything.
  [ "$CHECKS" -gt 0 ] || { echo "FAIL: no checks ran" >&2; exit 1; }
  exit 0
}
