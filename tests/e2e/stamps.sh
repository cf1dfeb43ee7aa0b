# Stamps placed from the paper's text block, one page size per volume,
# notices that fit, an outline without repeats.  LNCS-like papers on A4 and
# on Letter (text exactly in llncs's 12.2 x 19.3 cm block) go into one A4
# volume, then one Letter volume: running heads, folios and notices line up
# with the papers' text within 1 pt, links and destinations (also named
# ones, and in a scaled page) still cover and reach the same text.
. "$(dirname "$0")/lib.sh"
: "${PDFPROBE:?}"

# mkpaper keeps text 1.5 pt inside --margins: these put it exactly in the
# llncs block (134.8 from the left, 116.8 from the top, 345.83 x 547.09).
A4M=115.3,176.5,133.3,113.15
LETTERM=115.3,126.61,133.3,129.87
TITLE1="Certified Robustness for Federated Models"
mkdir -p papers
"$MKPAPER" --out p1-src.pdf --pages 3 --seed 41 --size a4 --columns 1 --margins $A4M --internal-links \
  --title "$TITLE1" --authors "Hongsen Chen; Maria Rossi; Zoë Dvořák"
"$PDFMUTATE" p1-src.pdf papers/p1.pdf "outline:$TITLE1"
"$MKPAPER" --out p2-src.pdf --pages 4 --seed 42 --size letter --columns 1 --margins $LETTERM --internal-links \
  --title "Letter Paper with Named Destinations" --authors "Ada Lovelace; Alan Turing"
"$PDFMUTATE" p2-src.pdf papers/p2.pdf named-dests
"$MKPAPER" --out papers/p3.pdf --pages 2 --seed 43 --size letter --columns 1 --margins $LETTERM \
  --title "A Second Letter Paper" --authors "Grace Hopper"
"$MKPAPER" --out papers/p4.pdf --pages 2 --seed 44 --size 700x900 --columns 1 --internal-links \
  --title "An Oversized Page" --authors "Edsger Dijkstra"

manifest() { # FILE [extra top-level lines]
  cat > "$1" <<YAML
volume:
  title: Proceedings of the Stamp Workshop
  short_title: STMUS 2025
  year: "2025"
  editors: [Ana Beatriz Monteiro, Florian Eberhardt, Nasrin Karimi]
  publisher: Springer Nature Switzerland AG
  series_short: LNCS
  volume_number: "16123"
  doi_prefix: 10.1007/978-3-032-01235-7
style: lncs
output: ${1%.yaml}.pdf
$2
papers:
  - {id: p1, title: "$TITLE1", short_title: Certified Robustness, authors: [Hongsen Chen, Maria Rossi, Zoë Dvořák], pdf: papers/p1.pdf}
  - {id: p2, title: Letter Paper with Named Destinations, authors: [Ada Lovelace, Alan Turing], pdf: papers/p2.pdf}
  - {id: p3, title: A Second Letter Paper, authors: [Grace Hopper], pdf: papers/p3.pdf, doi: 10.5555/explicit}
  - {id: p4, title: An Oversized Page, authors: [Edsger Dijkstra], pdf: papers/p4.pdf}
YAML
}
manifest a4.yaml ""
"$COLLATE" build --allow-violations --no-cache a4.yaml --split split > a4.out 2> a4.err
expect_eq "$?" 0 "A4 volume"
expect_line a4.err "note: 6 pages of 2 papers placed on the volume's 595 x 842 pt pages, text blocks aligned: p2 \\(612 x 792\\), p3 \\(612 x 792\\)"
expect_line a4.err "warning: paper 'p4': 2 pages \\(1, 2\\) scaled to 49% to fit the volume's 595 x 842 pt pages"
expect_no_line a4.err "notice takes"

# One page size: A4 (595.276 x 841.89).
pdfinfo -f 1 -l 11 a4.pdf | grep -E '^Page +[0-9]+ size:' > sizes.txt
expect_eq "$(wc -l < sizes.txt)" 11 "pages of the volume"
grep -v 'size: *595.276 x 841.89 pts' sizes.txt > other-sizes.txt
[ -s other-sizes.txt ] && { fail "pages not A4:"; cat other-sizes.txt >&2; } || pass

# Word boxes of a page: "xMin yMin xMax yMax text", top-left origin.
words() { pdftotext -f "$2" -l "$2" -bbox "$1" - 2>/dev/null |
  sed -n 's/.*<word xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>.*/\1 \2 \3 \4 \5/p'; }
near() { awk -v a="$1" -v b="$2" -v t="${3:-1}" 'BEGIN { d = a - b; exit !(d <= t && d >= -t) }'; }
# Check page P (odd or even) of the volume against its own body text:
# folio at the block's outer edge, the other head text 1.166 cm inside it,
# the head 15.94 pt above the body's top (as the folio's box shows it).
check_head() { # PDF PAGE LABEL odd|even
  words "$1" "$2" > w.txt
  read -r bl br bt <<< "$(awk '$2 > 110 && $4 < 670 { if (!n++ || $1 < l) l = $1; if ($3 > r) r = $3; if (!t || $2 < t) t = $2 } END { print l, r, t }' w.txt)"
  awk '$4 < 110' w.txt > head.txt
  if [ "$4" = odd ]; then
    read -r fx0 fx1 fy <<< "$(awk -v n="$3" '$5 == n { print $1, $3, $4 }' head.txt | tail -1)"
    near "$fx1" "$br" && pass || fail "page $2: folio ends at $fx1, the text at $br"
    tx=$(awk -v n="$3" '$5 != n { if ($3 > m) m = $3 } END { print m }' head.txt)
    near "$tx" "$(awk -v r="$br" 'BEGIN { print r - 33.05 }')" && pass || fail "page $2: title ends at $tx, not 1.166 cm before $br"
  else
    read -r fx0 fx1 fy <<< "$(awk -v n="$3" '$5 == n { print $1, $3, $4 }' head.txt | head -1)"
    near "$fx0" "$bl" && pass || fail "page $2: folio starts at $fx0, the text at $bl"
    ax=$(awk -v n="$3" '$5 != n { if (!m || $1 < m) m = $1 } END { print m }' head.txt)
    near "$ax" "$(awk -v l="$bl" 'BEGIN { print l + 33.05 }')" && pass || fail "page $2: authors start at $ax, not 1.166 cm after $bl"
  fi
  echo "$2 $bl $br $bt $fy" >> blocks.txt
}
: > blocks.txt
# p1 (A4): pages 1-3, p2 (Letter): 4-7, p3 (Letter): 8-9, p4: 10-11.
check_head a4.pdf 2 2 even; check_head a4.pdf 3 3 odd
check_head a4.pdf 5 5 odd; check_head a4.pdf 6 6 even; check_head a4.pdf 7 7 odd; check_head a4.pdf 9 9 odd
# The A4 and the Letter papers' text and heads line up (within 1 pt) at
# llncs's block: 134.8 to 480.6 pt.
awk 'NR == 1 { l = $2; r = $3; t = $4; f = $5 }
     { if ($2 - l > 1 || l - $2 > 1 || $3 - r > 1 || r - $3 > 1 || $4 - t > 1 || t - $4 > 1 || $5 - f > 1 || f - $5 > 1) bad = bad " " $1 }
     END { if (bad) { print "pages" bad " differ from page " $1; exit 1 } }' blocks.txt && pass || { fail "text blocks and heads differ between papers"; cat blocks.txt >&2; }
awk 'NR == 1 { exit !($2 > 133.8 && $2 < 135.8 && $3 > 479.6 && $3 < 481.6) }' blocks.txt && pass || fail "block not at llncs's 134.8-480.6"
# Head baseline 15.94 pt above the block's top (116.8): the folio's box
# ends below the baseline by the font's descent, within a few points.
awk 'NR == 1 { exit !($5 > 100.8 && $5 < 104) }' blocks.txt && pass || fail "head not 15.94 pt above the block: $(head -1 blocks.txt)"

# First pages: no head or folio; the notice below the block, inside its
# width, in three lines: copyright, citation, DOI.
for p in 1 4 8; do
  words a4.pdf $p > w.txt
  awk '$4 < 110 { bad = 1 } END { exit bad }' w.txt && pass || fail "page $p: a head or folio on a first page"
  awk '$2 > 670' w.txt > notice.txt
  expect_eq "$(awk '{print $2}' notice.txt | sort -u | wc -l)" 3 "page $p: notice lines"
  awk '$1 < 133.8 || $3 > 481.6 { bad = 1 } END { exit bad }' notice.txt && pass || { fail "page $p: notice outside the block"; cat notice.txt >&2; }
done
page_has a4.pdf 1 "© The Author\\(s\\), under exclusive license to Springer Nature Switzerland AG 2025" && pass || fail "copyright line"
page_has a4.pdf 1 "A\\. B\\. Monteiro et al\\. \\(Eds\\.\\): STMUS 2025, LNCS 16123, pp\\. 1–3, 2025\\." && pass || fail "LNCS citation line"
page_has a4.pdf 1 "https://doi.org/10.1007/978-3-032-01235-7_1" && pass || fail "chapter DOI _1"
page_has a4.pdf 4 "https://doi.org/10.1007/978-3-032-01235-7_2" && pass || fail "chapter DOI _2"
page_has a4.pdf 8 "https://doi.org/10.5555/explicit" && pass || fail "a paper's own DOI"
page_has a4.pdf 2 "H\\. Chen et al\\." && pass || fail "even head: authors as initials"
expect_line split/volume.json '"doi": "10.1007/978-3-032-01235-7_4"' "volume.json: chapter DOI of p4"

# Links keep covering the same text and reach the same spot, after the
# Letter paper moved onto A4 (named destinations) and the oversized one
# was scaled.
"$PDFPROBE" a4.pdf > probe.txt
expect_no_line probe.txt 'target=broken' "broken links"
in_rect() { # PDF PAGE x0,y0,x1,y1 (pdfprobe's link area, y up): text of the words whose centre is inside
  local h; h=$(pdfinfo -f "$2" -l "$2" "$1" | awk '/^Page +[0-9]+ size:/ {print $6}')
  words "$1" "$2" | awk -v r="$3" -v h="$h" 'BEGIN { split(r, a, ",") }
    { x = ($1 + $3) / 2; y = h - ($2 + $4) / 2; if (x >= a[1] && x <= a[3] && y >= a[2] && y <= a[4]) printf "%s ", $5 }'; }
below() { # PDF PAGE x,y: the first word at or below the point
  words "$1" "$2" | awk -v p="$3" 'BEGIN { split(p, a, ",") } $4 > a[2] + 1 && (!best || $2 < by || ($2 == by && $1 < bx)) { best = $5; by = $2; bx = $1 } END { print best }'; }
compare_links() { # SOURCE-PDF VOLUME-PAGE-OF-PAGE-1 what
  "$PDFPROBE" "$1" | grep '^link page=1 ' > src-links.txt
  expect_eq "$(wc -l < src-links.txt)" "$(grep -c "^link page=$2 " probe.txt)" "$3: links kept"
  while read -r _ _ target rect at; do
    t=${target#target=}; r=${rect#rect=}; a=${at#at=}
    vt=$((t + $2 - 1))
    line=$(grep "^link page=$2 target=$vt " probe.txt | head -1)
    vr=$(echo "$line" | sed 's/.* rect=\([^ ]*\).*/\1/'); va=$(echo "$line" | sed -n 's/.* at=\([^ ]*\).*/\1/p')
    expect_eq "$(in_rect a4.pdf "$2" "$vr")" "$(in_rect "$1" 1 "$r")" "$3: text under the link to page $t"
    expect_eq "$(below a4.pdf "$vt" "$va")" "$(below "$1" "$t" "$a")" "$3: text at the destination on page $t"
  done < src-links.txt
}
compare_links papers/p2.pdf 4 "Letter paper on A4"
compare_links papers/p4.pdf 10 "scaled paper"

# Outline: p1's own top bookmark repeats its title and is merged with the
# paper's entry; its children and siblings stay.
expect_line probe.txt "^outline depth=2 target=1 title=$TITLE1\$"
expect_no_line probe.txt "^outline depth=3 .*title=$TITLE1\$" "a repeated title bookmark"
expect_line probe.txt '^outline depth=3 target=2 title=Page 2$'
expect_line probe.txt '^outline depth=3 target=3 title=Page 3$'
expect_line probe.txt '^outline depth=3 target=3 title=Extra$'
"$PDFPROBE" split/p1.pdf > split1.txt
expect_line split1.txt '^outline depth=1 target=2 title=Page 2$' "split paper: merged outline"
expect_line split1.txt '^page 1 label=1 size=595x842$' "split paper: A4"

# Speculative and sequential builds agree; the volume is clean.
cp a4.pdf first.pdf
COLLATE_SPECULATE=0 "$COLLATE" build --allow-violations -q --no-cache a4.yaml > /dev/null 2>&1
cmp -s first.pdf a4.pdf && pass || fail "speculative and sequential builds differ"
qpdf --check a4.pdf > qpdf.out 2>&1 && pass || { fail "qpdf --check"; cat qpdf.out >&2; }

# page_size: letter: every page on Letter; the A4 paper moves, the blocks
# still line up.
manifest letter.yaml "page_size: letter"
"$COLLATE" build --allow-violations -q --no-cache letter.yaml > letter.out 2> letter.err
expect_eq "$?" 0 "Letter volume"
pdfinfo -f 1 -l 11 letter.pdf | grep -E '^Page +[0-9]+ size:' | grep -v 'size: *612 x 792 pts' > other-sizes.txt
[ -s other-sizes.txt ] && { fail "pages not Letter:"; cat other-sizes.txt >&2; } || pass
: > blocks.txt
check_head letter.pdf 2 2 even; check_head letter.pdf 3 3 odd; check_head letter.pdf 6 6 even; check_head letter.pdf 7 7 odd
awk 'NR == 1 { l = $2; r = $3 } { if ($2 - l > 1 || l - $2 > 1 || $3 - r > 1 || r - $3 > 1) bad = 1 } END { exit bad }' blocks.txt \
  && pass || { fail "blocks differ on Letter"; cat blocks.txt >&2; }

# A notice that needs more lines than the style allows (4) is a warning;
# explicit breaks ("\n", also as two characters) are kept and long lines
# wrap inside the block.
manifest long.yaml "page_size: a4"
sed -i 's/^  doi_prefix:.*/&\n  first_page_notice: "One\\nTwo\\\\nThree is a much longer line that has to wrap because it is wider than the text block of twelve point two centimetres\\nFour\\nFive"/' long.yaml
"$COLLATE" build --allow-violations --no-cache long.yaml > long.out 2> long.err
expect_eq "$?" 0 "long notice volume"
expect_line long.err "warning: paper 'p1': the first-page notice takes 6 lines at 8 pt; the style allows 4"
words long.pdf 1 | awk '$2 > 670' > notice.txt
expect_eq "$(awk '{print $2}' notice.txt | sort -u | wc -l)" 6 "notice lines with breaks and wrapping"
awk '$1 < 133.8 || $3 > 481.6 { bad = 1 } END { exit bad }' notice.txt && pass || fail "wrapped notice outside the block"
finish
