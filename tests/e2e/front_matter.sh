# Front matter, contents and indexes: text extracts correctly (accents,
# CJK), contents numbers are the real first pages, every link lands on the
# right page, the author index is in the right order, keywords printed in
# the papers reach the keyword index, and recto inserts blank pages.
# A second volume in the lncs style checks the front matter as Springer
# prints it: series and volume number on the title page, each field once,
# the copyright text as given, parts on rectos while papers run on, the
# signature kept with the last paragraph, contents without session chairs
# or native names, and folios where the style's stamp puts them.
. "$(dirname "$0")/lib.sh"
require_tools pdftotext
: "${PDFPROBE:?}"

mkdir -p papers messages
"$MKPAPER" --out papers/a.pdf --pages 3 --seed 31 --title "基于差分隐私的联邦学习 Federated Learning" --authors "Hongsen Chen; Zoë Dvořák" --keywords "secure aggregation; differential privacy"
"$MKPAPER" --out papers/b.pdf --pages 2 --seed 32 --title "Unlearning at Scale" --authors "Ludwig van Beethoven; Łukasz Öztürk"
"$MKPAPER" --out papers/c.pdf --pages 1 --seed 33 --title "Certified Removal" --authors "Nguyễn Văn An; Ana de la Cruz; Zoe Dvorak"
cat > messages/chairs.md <<'MD'
# Welcome

It is our *great* pleasure to welcome you to the **Test Workshop**. This volume collects
the papers accepted after review by the programme committee.

- twelve submissions
- three accepted papers

1. Read the papers.
2. Cite them.
MD
cat > proceedings.yaml <<'YAML'
volume:
  title: Proceedings of the Front Matter Workshop
  subtitle: Held with the Test Conference
  event: FMW 2025
  location: Kraków, Poland
  dates: June 2–3, 2025
  year: "2025"
  editors: [{given: Małgorzata, family: Wiśniewska, affiliation: Jagiellonian University}]
  publisher: Test Press
  isbn: 978-3-16-148410-0
  copyright_details: true
  copyright: |
    Copyright © 2025 Test Press. All rights reserved.

    Abstracting is permitted with credit to the source.
style: ieee-conference
output: volume.pdf
recto: true
keywords_from_pdf: true
front_matter:
  - title_page
  - copyright_page
  - {message: messages/chairs.md, title: Message from the Chairs, signature: "Małgorzata Wiśniewska"}
  - committees
  - toc
back_matter: [author_index, keyword_index]
committees:
  - name: Program Committee
    members: [{given: Øyvind, family: Sæther, affiliation: NTNU}, {given: Jiří, family: Dvořák}]
sessions:
  - title: Session One
    papers:
      - id: a
        title: 基于差分隐私的联邦学习 Federated Learning
        authors: [{given: Hongsen, family: Chen, native: 陈洪森, orcid: 0000-0002-1825-0097}, {given: Zoë, family: Dvořák}]
        keywords: [differential privacy]
        pdf: papers/a.pdf
      - id: b
        title: Unlearning at Scale
        authors: [{given: Ludwig, family: van Beethoven}, {given: Łukasz, family: Öztürk}]
        pdf: papers/b.pdf
  - title: Session Two
    papers:
      - id: c
        title: Certified Removal
        authors: [{given: Văn An, family: Nguyễn}, {given: Ana, family: de la Cruz}, {given: Zoe, family: Dvorak}]
        pdf: papers/c.pdf
YAML

"$COLLATE" build proceedings.yaml > build.out 2> build.err
expect_eq "$?" 0 "build exit status"
expect_no_line build.err 'error' "build errors"
"$PDFPROBE" volume.pdf > probe.txt
pdftotext -layout volume.pdf all.txt 2> pdftotext.err
expect_eq "$(wc -c < pdftotext.err)" 0 "poppler warnings while extracting text"

# Where each paper starts, from the page labels: a=1, b=5 (recto after 3
# pages + blank 4), c=7 (after b's 2 pages, 5-6).
first_page() { awk -v l="$1" '$1=="page" && $3=="label="l {print $2; exit}' probe.txt; }
pa=$(first_page 1); pb=$(first_page 5); pc=$(first_page 7)
page_has volume.pdf "$pa" "mkpaper-page-1" && pass || fail "paper a starts at label 1"
page_has volume.pdf "$pb" "Unlearning at Scale" && pass || fail "paper b starts at label 5 (recto)"
page_has volume.pdf "$pc" "Certified Removal" && pass || fail "paper c starts at label 7"
[ -n "$pa" ] && [ $((pa % 2)) -eq 1 ] && pass || fail "first paper on an odd physical page ($pa)"

# Contents: titles with their real first page numbers, each a link there.
# Page of an outline entry, by its title.
outline_page() { awk -v t="title=$1" '$1=="outline" && index($0, t) && substr($0, index($0, t)) == t {split($3,a,"="); print a[2]; exit}' probe.txt; }
toc=$(outline_page Contents)
pdftotext -layout -f "$toc" -l "$toc" volume.pdf toc.txt
expect_line toc.txt 'Federated Learning.* 1$' "contents: paper a on page 1"
expect_line toc.txt 'Unlearning at Scale.* 5$' "contents: paper b on page 5"
expect_line toc.txt 'Certified Removal.* 7$' "contents: paper c on page 7"
expect_line toc.txt '基于差分隐私的联邦学习' "CJK title in the contents"
expect_line toc.txt 'Hongsen Chen, Zoë Dvořák' "accented author names in the contents"
expect_no_line toc.txt '陈洪森' "native names in the IEEE contents (Latin script, as IEEE lists them)"
for t in "$pa" "$pb" "$pc"; do expect_line probe.txt "^link page=$toc target=$t " "contents link to page $t"; done
expect_no_line probe.txt 'target=broken' "broken links"

# Title, copyright, message and committee pages.
expect_line all.txt 'Proceedings of the Front Matter Workshop' "title page"
expect_line all.txt 'Kraków, Poland' "location with diacritics"
pdftotext -layout -f 2 -l 2 volume.pdf copyright.txt
expect_eq "$(grep -c '978-3-16-148410-0' copyright.txt)" 1 "ISBN once on the copyright page (asked for with copyright_details)"
expect_eq "$(grep -c 'Abstracting is permitted' copyright.txt)" 1 "copyright text once"
expect_line all.txt 'It is our great pleasure' "message text (emphasis markers removed)"
expect_line all.txt 'Małgorzata Wiśniewska' "message signature"
expect_line all.txt 'Øyvind Sæther' "committee member"

# Author index: family-name order with accents folded and particles
# ignored (van Beethoven under B, de la Cruz under C); "Zoe Dvorak" is the
# same spelling as "Zoë Dvořák" once accents are folded, so one entry with
# both papers; Chen's entry carries the native name.
idx=$(outline_page "Author Index")
pdftotext -raw -f "$idx" -l "$idx" volume.pdf authors.txt
order=$(grep -oE '^(Chen|de la Cruz|Dvorak|Dvořák|Nguyễn|Öztürk|van Beethoven)' authors.txt | tr '\n' ' ')
expect_eq "$order" "van Beethoven Chen de la Cruz Dvořák Nguyễn Öztürk " "author index order"
expect_line authors.txt '^Dvořák, Zoë.* 1, 7$' "merged spellings list both papers"
expect_line authors.txt 'Chen, Hongsen \(陈洪森\)' "CJK native name in the index"
for t in "$pa" "$pb" "$pc"; do expect_line probe.txt "^link page=$idx target=$t " "author index link to page $t"; done

# Keyword index: manifest keywords plus the paper's printed Index Terms.
kwp=$(outline_page "Keyword Index")
pdftotext -f "$kwp" -l "$kwp" volume.pdf kw.txt
expect_line kw.txt 'secure aggregation' "keyword found in the paper"
expect_eq "$(grep -ci 'differential privacy' kw.txt)" 1 "manifest and printed keyword merged"
# --- The lncs style: front matter as Springer prints it ------------------
mkdir -p lncs/papers lncs/messages
lncs_paper() { "$MKPAPER" --size a4 --columns 1 --margins 117,175,135,115 "$@"; }
lncs_paper --out lncs/papers/a.pdf --pages 3 --seed 31 --title "基于差分隐私的联邦学习 Federated Learning" --authors "Hongsen Chen; Zoë Dvořák"
lncs_paper --out lncs/papers/b.pdf --pages 2 --seed 32 --title "Unlearning at Scale" --authors "Ludwig van Beethoven; Łukasz Öztürk"
lncs_paper --out lncs/papers/d.pdf --pages 2 --seed 34 --title "Forgetting Fast" --authors "Ana de la Cruz"
# A preface whose last paragraph ends near the foot of its first page; K
# sentences more in that paragraph move its end down the page (with K=5
# the signature used to sit alone on the next page).
preface() {
  for i in $(seq 1 11); do
    echo "Paragraph $i of the preface. This volume contains the papers presented at the workshop, which brought together researchers working on forgetting, removal and unlearning in machine learning systems of every size."
    echo
  done
  printf "We thank the authors, the reviewers and the organizers."
  for j in $(seq 1 "$1"); do printf " Their work made this volume."; done
  echo " LASTWORDS of the preface."
}
preface 5 > lncs/messages/preface.md
{
  echo "volume:"
  echo "  title: Machine Forgetting"
  echo "  subtitle: First Workshop, MF 2025, Kraków, Poland, June 2–3, 2025, Proceedings"
  echo "  series: Lecture Notes in Computer Science"
  echo "  series_short: LNCS"
  echo "  volume_number: \"16001\""
  echo "  event: MF 2025"
  echo "  location: Kraków, Poland"
  echo "  dates: June 2–3, 2025"
  echo "  publisher: Test Press"
  echo "  publisher_address: Cham, Switzerland"
  echo "  isbn: 978-3-16-148410-0"
  echo "  issn: 0302-9743"
  echo "  copyright: |"
  echo "    Lecture Notes in Computer Science · ISSN 0302-9743 · ISBN 978-3-16-148410-0"
  echo ""
  echo "    © The Editor(s) and The Author(s) 2025. Published by Test Press."
  echo "style: lncs"
  echo "output: volume.pdf"
  echo "front_matter:"
  echo "  - title_page"
  echo "  - copyright_page"
  echo "  - {message: messages/preface.md, title: Preface, signature: \"SIGNATURE Małgorzata Wiśniewska\"}"
  echo "  - {committees: true, title: Organization}"
  echo "  - toc"
  echo "back_matter: [author_index]"
  echo "committees:"
  echo "  - name: Program Committee"
  echo "    members:"
  for i in $(seq 1 150); do echo "      - {given: Member$i, family: Reviewer$i, affiliation: University $i}"; done
  echo "sessions:"
  echo "  - title: Session One"
  echo "    chair: Øyvind Sæther (NTNU)"
  echo "    papers:"
  echo "      - {id: a, title: 基于差分隐私的联邦学习 Federated Learning, pdf: papers/a.pdf,"
  echo "         authors: [{given: Hongsen, family: Chen, native: 陈洪森}, {given: Zoë, family: Dvořák}]}"
  echo "      - {id: b, title: Unlearning at Scale, pdf: papers/b.pdf, authors: [Ludwig van Beethoven, Łukasz Öztürk]}"
  echo "      - {id: d, title: Forgetting Fast, pdf: papers/d.pdf, authors: [Ana de la Cruz]}"
} > lncs/proceedings.yaml
"$COLLATE" build lncs/proceedings.yaml > lbuild.out 2> lbuild.err
expect_eq "$?" 0 "lncs build exit status"
expect_no_line lbuild.err 'error|warning' "lncs build diagnostics"
"$PDFPROBE" lncs/volume.pdf --words > lprobe.txt
lpage() { awk -v t="title=$1" '$1=="outline" && index($0, t) && substr($0, index($0, t)) == t {split($3,a,"="); print a[2]; exit}' lprobe.txt; }

# Title page: series and volume number; location and dates once (they are
# in the subtitle already).
pdftotext -layout -f 1 -l 1 lncs/volume.pdf ltitle.txt
expect_line ltitle.txt 'LNCS 16001' "series and volume number on the title page"
expect_line ltitle.txt 'Lecture Notes in Computer Science' "series name on the title page"
expect_eq "$(tr -s ' \n' ' ' < ltitle.txt | grep -o 'Kraków, Poland' | wc -l)" 1 "location once on the title page"
expect_eq "$(tr -s ' \n' ' ' < ltitle.txt | grep -o 'June 2–3, 2025' | wc -l)" 1 "dates once on the title page"

# Copyright page: the chair's text as given, nothing appended.
pdftotext -layout -f 2 -l 2 lncs/volume.pdf lcopy.txt
expect_eq "$(grep -o '978-3-16-148410-0' lcopy.txt | wc -l)" 1 "ISBN once on the copyright page"
expect_eq "$(grep -o '0302-9743' lcopy.txt | wc -l)" 1 "ISSN once on the copyright page"
expect_no_line lcopy.txt 'Cham' "publisher block appended to a custom copyright text"

# Parts open on rectos (odd physical pages), papers run on: b follows a's
# 3 pages on an even page, and the author index gets a blank page before it.
for part in Preface Organization Contents "Author Index"; do
  pg=$(lpage "$part")
  [ -n "$pg" ] && [ $((pg % 2)) -eq 1 ] && pass || fail "$part starts on a recto (physical page '$pg')"
done
lfirst() { awk -v l="$1" '$1=="page" && $3=="label="l {print $2; exit}' lprobe.txt; }
pa=$(lfirst 1); pb=$(lfirst 4)
[ -n "$pa" ] && [ $((pa % 2)) -eq 1 ] && pass || fail "page 1 on a recto (physical page '$pa')"
page_has lncs/volume.pdf "$pb" "Unlearning at Scale" && pass || fail "paper b starts at label 4, right after a (papers' recto off)"
[ -n "$pb" ] && [ $((pb % 2)) -eq 0 ] && pass || fail "paper b on a verso (physical page '$pb')"

# The signature is on the page of the last paragraph's end, wherever on
# the page that paragraph ends.
pre=$(lpage Preface)
signature_page() {
  sig=""; last=""
  for ((p = pre; p < pre + 3; p++)); do
    page_has "$1" "$p" "SIGNATURE" && sig=$p
    page_has "$1" "$p" "LASTWORDS" && last=$p
  done
  [ -n "$sig" ] && [ "$sig" = "$last" ] && pass || fail "signature (page '$sig') with the last paragraph (page '$last'), $2"
}
signature_page lncs/volume.pdf "5 sentences more"
overflowed=$([ "$sig" -gt "$pre" ] 2>/dev/null && echo 1 || echo 0)
for k in 2 3 4 6 7 8; do
  preface "$k" > lncs/messages/preface.md
  "$COLLATE" build -q lncs/proceedings.yaml -o lncs/k.pdf > /dev/null 2>&1 || fail "lncs build with $k sentences more"
  signature_page lncs/k.pdf "$k sentences more"
  [ "$sig" -gt "$pre" ] 2>/dev/null && overflowed=1
done
expect_eq "$overflowed" 1 "a preface ending on its second page among the variants"
preface 5 > lncs/messages/preface.md

# Contents: no session chairs, no native names.
toc=$(lpage Contents)
pdftotext -layout -f "$toc" -l "$toc" lncs/volume.pdf ltoc.txt
expect_line ltoc.txt 'Hongsen Chen, Zoë Dvořák' "authors in the contents"
expect_no_line ltoc.txt '陈洪森' "native names in the lncs contents"
expect_no_line ltoc.txt 'Chair|Sæther' "session chairs in the lncs contents"

# Folios follow the style's stamp: a part's first page has it centred at
# the foot (as a paper's first page), the next page in the head (as papers).
org=$(lpage Organization)
folio_y() { awk -v p="$1" -v l="$2" '$1=="word" && $2=="page="p && $5=="text="l {split($4,a,"="); print int(a[2]); exit}' lprobe.txt; }
label_of() { awk -v p="$1" '$1=="page" && $2==p {sub("label=","",$3); print $3; exit}' lprobe.txt; }
y1=$(folio_y "$org" "$(label_of "$org")"); y2=$(folio_y $((org + 1)) "$(label_of $((org + 1)))")
# Below the llncs text block, whose bottom is 116.8 + 547.1 = 663.9 pt.
[ -n "$y1" ] && [ "$y1" -gt 664 ] && pass || fail "folio at the foot of the Organization's first page (y '$y1')"
[ -n "$y2" ] && [ "$y2" -lt 120 ] && pass || fail "folio in the head of the Organization's second page (y '$y2')"
finish
