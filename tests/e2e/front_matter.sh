# Front matter, contents and indexes: text extracts correctly (accents,
# CJK), contents numbers are the real first pages, every link lands on the
# right page, the author index is in the right order, keywords printed in
# the papers reach the keyword index, and recto inserts blank pages.
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
expect_line toc.txt 'Hongsen Chen \(陈洪森\), Zoë Dvořák' "accented and CJK author names in the contents"
for t in "$pa" "$pb" "$pc"; do expect_line probe.txt "^link page=$toc target=$t " "contents link to page $t"; done
expect_no_line probe.txt 'target=broken' "broken links"

# Title, copyright, message and committee pages.
expect_line all.txt 'Proceedings of the Front Matter Workshop' "title page"
expect_line all.txt 'Kraków, Poland' "location with diacritics"
expect_line all.txt 'ISBN.*978-3-16-148410-0' "ISBN on the copyright page"
expect_line all.txt 'Abstracting is permitted' "copyright text"
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
finish
