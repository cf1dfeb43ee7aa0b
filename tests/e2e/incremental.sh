# Incremental builds: collate build keeps inspection results in
# OUTPUT.cache/ and inspects again only the papers whose bytes (or the
# style's measurements) changed; damaged or deleted entries are rebuilt;
# --no-cache and check --cache; which builds assemble the volume while the
# papers are inspected.  Also the metadata cross-check: the IEEE
# example builds without metadata findings, a changed title or author and
# a first page without text are reported.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"

# The IEEE example with its papers, generated here as examples/ does.
EX="$SRCDIR/examples/ieee-sptai"
MKEXAMPLE="$(dirname "$COLLATE")/examples/mkexample"
mkdir ieee && cp -r "$EX/proceedings.yaml" "$EX/pages.txt" "$EX/messages" ieee/
if [ -x "$MKEXAMPLE" ]; then
  "$MKEXAMPLE" "$MKPAPER" ieee/proceedings.yaml --size letter --columns 2 || fail "mkexample"
elif [ -d "$EX/papers" ]; then
  cp -r "$EX/papers" ieee/
else
  fail "neither $MKEXAMPLE nor $EX/papers exists"; finish
fi

entries() { find volume.pdf.cache -type f | wc -l; }
build() { # expected-note [collate build options...]
  local note=$1; shift
  "$COLLATE" build -o volume.pdf "$@" ieee/proceedings.yaml > build.out 2> build.err
  expect_eq "$?" 0 "exit status of build $*"
  expect_line build.err "^collate: note: $note\$" "note '$note'"
}

# First build: everything inspected, one entry per paper, no metadata findings.
build "inspected 12 papers, 0 from cache"
expect_eq "$(entries)" 12 "cache entries"
expect_no_line build.err '\[metadata\]' "metadata findings on the example"
cp volume.pdf first.pdf

# Nothing changed: nothing inspected, the same bytes.
build "inspected 0 papers, 12 from cache"
cmp -s first.pdf volume.pdf && pass || fail "a build from the cache differs"

# One paper changed (another size): only it is inspected; its old entry goes.
"$PDFMUTATE" ieee/papers/p05.pdf p05.pdf named-dests && mv p05.pdf ieee/papers/p05.pdf
build "inspected 1 paper, 11 from cache"
expect_eq "$(entries)" 12 "cache entries after a change"
cp volume.pdf changed.pdf

# One byte changed, same size (in the binary comment after the header).
printf '\270' | dd of=ieee/papers/p07.pdf bs=1 seek=10 conv=notrunc 2> /dev/null
build "inspected 1 paper, 11 from cache"

# A damaged entry is a miss and is written again; a deleted cache is rebuilt.
entry=$(find volume.pdf.cache -type f | sort | head -n 1)
head -c 100 "$entry" > cut && mv cut "$entry"
build "inspected 1 paper, 11 from cache"
build "inspected 0 papers, 12 from cache"
rm -rf volume.pdf.cache
build "inspected 12 papers, 0 from cache"

# Another style (here: a different margin tolerance) measures differently.
sed 's/^\(  *tolerance: 0.1in\)/  tolerance: 0.2in/' "$SRCDIR/styles/ieee-conference.yml" > ieee/wider.yml
grep -q 'tolerance: 0.2in' ieee/wider.yml && pass || fail "style copy not changed"
sed 's/^style: .*/style: .\/wider.yml/' ieee/proceedings.yaml > ieee/wider.yaml
"$COLLATE" build -o volume.pdf ieee/wider.yaml > build.out 2> build.err
expect_eq "$?" 0 "exit status of the build with another style"
expect_line build.err '^collate: note: inspected 12 papers, 0 from cache$'

# --no-cache: no note, no folder, the same volume as built from the cache.
rm -rf volume.pdf.cache
"$COLLATE" build -o volume.pdf --no-cache ieee/proceedings.yaml > build.out 2> build.err
expect_eq "$?" 0 "exit status of build --no-cache"
expect_no_line build.err 'from cache'
[ ! -e volume.pdf.cache ] && pass || fail "--no-cache created volume.pdf.cache"
"$COLLATE" build -o cached.pdf ieee/proceedings.yaml > /dev/null 2>&1
"$COLLATE" build -o cached.pdf ieee/proceedings.yaml > /dev/null 2> build.err
expect_line build.err '^collate: note: inspected 0 papers, 12 from cache$'
cmp -s volume.pdf cached.pdf && pass || fail "--no-cache and cached builds differ"
[ -z "$(find . -name '*.tmp*')" ] && pass || fail "temporary files left: $(find . -name '*.tmp*')"

# collate check uses a cache only with --cache DIR.
"$COLLATE" check -s ieee-conference ieee/papers/p01.pdf ieee/papers/p04.pdf > check1.out 2> check1.err
expect_no_line check1.err 'from cache'
"$COLLATE" check -s ieee-conference --cache cc ieee/papers/p01.pdf ieee/papers/p04.pdf > check2.out 2> check2.err
expect_line check2.err '^collate: note: inspected 2 files, 0 from cache$'
"$COLLATE" check -s ieee-conference --cache cc ieee/papers/p01.pdf ieee/papers/p04.pdf > check3.out 2> check3.err
expect_line check3.err '^collate: note: inspected 0 files, 2 from cache$'
cmp -s check1.out check3.out && pass || fail "check output differs with the cache"

# Speculation: the volume is written by a child while the papers are
# inspected when some paper must be inspected, not when every paper comes
# from the cache; it is discarded when a paper changes after the child read
# it.  The bytes are those of a sequential build in every case.
# COLLATE_SPECULATE=1: also on one core.
early='^collate: note: volume assembled while the papers were inspected$'
spec_build() { # [collate build options...]: speculating, into spec.pdf
  COLLATE_SPECULATE=1 "$COLLATE" build -o spec.pdf "$@" ieee/proceedings.yaml > spec.out 2> spec.err
  expect_eq "$?" 0 "exit status of build $*"
}
same_as_sequential() { # what
  COLLATE_SPECULATE=0 "$COLLATE" build --no-cache -o seq.pdf ieee/proceedings.yaml > /dev/null 2> seq.err
  expect_no_line seq.err 'volume assembled' "note of a build without speculation"
  cmp -s spec.pdf seq.pdf && pass || fail "$1: the volume differs from the sequential one"
}
rm -rf spec.pdf.cache
spec_build
expect_line spec.err "$early" "a cold build assembles while the papers are inspected"
same_as_sequential "cold build"
spec_build
expect_line spec.err '^collate: note: inspected 0 papers, 12 from cache$'
expect_no_line spec.err 'volume assembled' "note of a build with every paper cached"
same_as_sequential "build from the cache"
"$PDFMUTATE" ieee/papers/p02.pdf p02.pdf named-dests && mv p02.pdf ieee/papers/p02.pdf
spec_build
expect_line spec.err '^collate: note: inspected 1 paper, 11 from cache$'
expect_line spec.err "$early" "a build with one paper to inspect assembles meanwhile"
same_as_sequential "build with one paper inspected"
spec_build -q --no-cache
expect_eq "$(cat spec.err)" "" "build -q prints no note"
# Stopped by a test hook after the child started and before inspection;
# once the child has ended, p07 loses its last page: the child's volume is
# not used.
COLLATE_SPECULATE=1 COLLATE_STOP_BEFORE_INSPECTION=1 "$COLLATE" build --no-cache -o spec.pdf ieee/proceedings.yaml \
  > /dev/null 2> spec.err &
pid=$! state=""
for _ in $(seq 1 1200); do
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
  [ "$state" = T ] && break
  sleep 0.05
done
expect_eq "$state" T "build stopped before inspection"
for _ in $(seq 1 1200); do  # the child ends; the stopped parent cannot reap it
  [ -z "$(ps -o stat= --ppid "$pid" | grep -v '^Z')" ] && break
  sleep 0.05
done
expect_eq "$(ps -o stat= --ppid "$pid" | cut -c1)" Z "the speculative child has ended"
qpdf ieee/papers/p07.pdf --pages ieee/papers/p07.pdf 1-5 -- p07.pdf && mv p07.pdf ieee/papers/p07.pdf
kill -CONT "$pid"
wait "$pid"
expect_eq "$?" 0 "exit status of the build with a paper changed during inspection"
expect_line spec.err "^collate: note: volume assembled after the check: paper 'p07' changed while the papers were inspected$"
expect_no_line spec.err "$early" "note of a build whose early volume was discarded"
same_as_sequential "build with a paper changed during inspection"
[ -z "$(find . -name '*.tmp*')" ] && pass || fail "temporary files left: $(find . -name '*.tmp*')"

# Metadata: a title and an author that are not on the first page, and a
# first page without text (a scan).  Warnings do not stop the build.
sed -e 's/title: Detecting Universal Adversarial Perturbations through Spectral Signatures of Activations/title: Detecting Universal Perturbations/' \
    -e 's/family: Narayanan/family: Narayan/' ieee/proceedings.yaml > ieee/meta.yaml
"$MKPAPER" --out ieee/papers/p12.pdf --pages 6 --seed 40 --blank-page 1 --title "Unused" --authors "No One" > /dev/null
"$COLLATE" build -o meta.pdf ieee/meta.yaml > meta.out 2> meta.err
expect_eq "$?" 0 "exit status of a build with metadata warnings"
expect_line meta.err "^collate: papers/p03.pdf:1: warning: paper 'p03': title in the manifest 'Detecting Universal Perturbations' does not appear on the first page \(first lines: 'Detecting Universal Adversarial Perturbations / through Spectral Signatures of Activations / Siddharth Menon, .*'\) \[metadata\]$"
expect_line meta.err "^collate: papers/p03.pdf:1: warning: paper 'p03': author 'Narayan' in the manifest does not appear on the first page \[metadata\]$"
expect_line meta.err "^collate: papers/p12.pdf:1: note: paper 'p12': first page has no extractable text; title and authors not verified \[metadata\]$"
expect_eq "$(grep -c '\[metadata\]' meta.err)" 3 "metadata findings"
finish
