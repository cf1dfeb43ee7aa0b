# Damaged and hostile PDFs, made here by surgery on a generated paper: each
# gets a finding or a clear error, none crashes or hangs collate, and the
# good file in the same run is still checked.  The build refuses
# unreadable papers even with --allow-violations, without a crash.
. "$(dirname "$0")/lib.sh"
require_tools qpdf

"$MKPAPER" --out good.pdf --pages 2 --seed 3
qpdf --qdf --object-streams=disable good.pdf q.pdf
# Object 3 is the page tree (/Count 2, /Kids [4 0 R 5 0 R]); object 4 is page 1.
edit() { # OUT SED-SCRIPT: edit the QDF copy and repair its xref
  sed "$2" q.pdf > "$1.qdf" && fix-qdf "$1.qdf" > "$1" 2>/dev/null || cp "$1.qdf" "$1"
  rm -f "$1.qdf"
}
size=$(stat -c %s good.pdf)
: > empty.pdf
printf 'this is not a PDF\n' > notpdf.pdf
head -c $((size / 2)) good.pdf > truncated.pdf
sed 's/^00000\([0-9]\{5\} 00000 n\)/99999\1/' q.pdf > badxref.pdf
cp good.pdf badstream.pdf
head -c 4096 /dev/zero | dd of=badstream.pdf bs=1 seek=$((size / 3)) conv=notrunc status=none
edit loop.pdf '/^    5 0 R$/s//    3 0 R/'
edit zeropages.pdf 's|^  /Count 2$|  /Count 0|; /^    [45] 0 R$/d'
edit hugebox.pdf '0,/^    612$/s//    1000000000/'
edit zerobox.pdf '0,/^    612$/s//    0/; 0,/^    792$/s//    0/'
edit selfcontents.pdf '0,/^  \/Contents [0-9]* 0 R$/s//  \/Contents 4 0 R/'
edit selfparent.pdf '0,/^  \/Parent 3 0 R$/s//  \/Parent 4 0 R/'
# A content stream whose /Length is the stream object itself.
len_obj=$(grep -m1 -oE '^  /Length [0-9]+ 0 R$' q.pdf | awk '{print $2}')
strm_obj=$(grep -m1 -B3 -E "^  /Length $len_obj 0 R$" q.pdf | grep -oE '^[0-9]+ 0 obj' | awk '{print $1}')
sed "s|^  /Length $len_obj 0 R\$|  /Length $strm_obj 0 R|" q.pdf > selflength.pdf
"$MKPAPER" --out userpw.pdf --pages 2 --seed 4 --encrypt-user secret
"$MKPAPER" --out ownerpw.pdf --pages 2 --seed 5 --encrypt-owner secret
BAD="empty notpdf truncated badxref badstream loop zeropages hugebox zerobox selfcontents userpw ownerpw"
# Self-references that both readers resolve silently (a page whose /Parent
# is itself; a stream whose /Length is itself): checked like any file.
HARMLESS="selfparent selflength"

files=""
for b in $BAD; do files="$files $b.pdf"; done
start=$(date +%s)
timeout 600 "$COLLATE" check --style ieee-conference --timeout 30 $files selfparent.pdf selflength.pdf good.pdf > check.out 2> check.err
rc=$?
elapsed=$(( $(date +%s) - start ))
expect_eq "$rc" 1 "check exit status (not a crash or time-out)"
[ "$elapsed" -lt 300 ] && pass || fail "check took $elapsed s"
expect_eq "$(wc -c < check.err)" 0 "nothing on stderr"
for b in $BAD; do
  expect_line check.out "^$b.pdf(:[0-9]+)?: (error|warning): .*\[(unreadable|damaged|encrypted|page_size|page_limit|blank_page|margin)\]$" "a finding for $b.pdf"
done
expect_line check.out '^good.pdf: ok \(2 pages\)$' "the good file is still checked"
for h in $HARMLESS; do expect_line check.out "^$h.pdf: ok \\(2 pages\\)$" "$h.pdf is checked normally"; done
expect_line check.out '^zerobox.pdf:1: error: page has an empty MediaBox.*\[page_size\]$'
expect_line check.out '^empty.pdf: error: file is empty \[unreadable\]$'
expect_line check.out '^loop.pdf: error: .*\[unreadable\]$' "page-tree loop is unreadable"
expect_line check.out '^zeropages.pdf: error: .*no pages.*\[unreadable\]$'
expect_line check.out '^userpw.pdf: error: the file needs a password to open.*\[encrypted\]$'
expect_line check.out '^hugebox.pdf:1: error: page is .*\[page_size\]$'

# The build: unreadable papers stop it with a message per paper, no crash.
{
  echo "volume: {title: Hostile Inputs}"
  echo "style: ieee-conference"
  echo "output: volume.pdf"
  echo "papers:"
  for b in $BAD good; do echo "  - {id: $b, title: $b, authors: [A Author], pdf: $b.pdf}"; done
} > proceedings.yaml
timeout 600 "$COLLATE" build --allow-violations --timeout 30 proceedings.yaml > build.out 2> build.err
expect_eq "$?" 1 "build exit status with unreadable papers"
expect_line build.err "paper 'truncated': .*\[unreadable\]"
expect_line build.err "paper 'loop': .*\[unreadable\]"
expect_line build.err "cannot be read; the volume was not built"
[ ! -e volume.pdf ] && pass || fail "no volume written"
finish
