# collate publish: the three example volumes, built first, published in
# every format.  Site: files present, every local link resolves inside the
# site, citation_* tags with the volume's page numbers, JSON-LD; Crossref:
# well-formed, one conference_paper per paper with its pages; CEUR: the
# RDFa and CEUR tags, paperN.pdf; ACL: the fields the Anthology's ingestion
# reads.  Also: no rebuild when the volume is current, a rebuild when a
# paper changed, abstracts (manifest and extracted), missing fields named
# with their location, and equal bytes for equal inputs.  (Schema
# validation: crossref_schema.sh; HTML validation and screenshots:
# site_browser.sh.)
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"

# prepare_example NAME [mkpaper options]: examples/NAME with its papers.
prepare_example() {
  local name=$1; shift
  local ex="$SRCDIR/examples/$name" mk
  mk="$(dirname "$COLLATE")/examples/mkexample"
  mkdir -p "$name" && cp -r "$ex/proceedings.yaml" "$ex/pages.txt" "$ex/messages" "$name/"
  if [ -x "$mk" ]; then
    "$mk" "$MKPAPER" "$name/proceedings.yaml" "$@" > /dev/null || fail "mkexample $name"
  elif [ -d "$ex/papers" ]; then
    cp -r "$ex/papers" "$name/"
  else
    fail "no papers for $name"
  fi
}

# add_publish_fields MANIFEST BASE_URL START_DATE: the settings publish reads.
add_publish_fields() {
  sed -i "s|^volume:\$|volume:\n  base_url: $2\n  start_date: $3\n  publication_date: $3|" "$1"
  cat >> "$1" <<'YAML'
crossref:
  depositor: Publication Chair
  email: chair@example.org
  registrant: Example Society
YAML
}

prepare_example ieee-sptai --size letter --columns 2
prepare_example acm-mlcia --size letter --columns 2 --margins 66,84,58,58
prepare_example lncs-unlearn --size a4 --columns 1 --margins 125,185,140,120
add_publish_fields ieee-sptai/proceedings.yaml https://sptai.example.org/2025/ 2025-05-15
add_publish_fields acm-mlcia/proceedings.yaml https://mlcia.example.org 2025-11-10
add_publish_fields lncs-unlearn/proceedings.yaml https://muw.example.org/proceedings/ 2025-09-19
sed -i 's|^  base_url: \(.*\)$|&\n  end_date: 2025-11-14|' acm-mlcia/proceedings.yaml
sed -i 's|^  issn: 0302-9743$|&\n  series: Lecture Notes in Computer Science|' lncs-unlearn/proceedings.yaml
# Abstracts: the IEEE example takes them from the first pages, except p02's
# which the manifest gives.
echo "abstracts_from_pdf: true" >> ieee-sptai/proceedings.yaml
sed -i 's|^        pdf: papers/p02.pdf$|&\n        abstract: "Evasion attacks \& <defences> that transfer."|' ieee-sptai/proceedings.yaml

# attr FILE NAME: the content of every <meta name="NAME">.
attr() { grep -o "<meta name=\"$2\" content=\"[^\"]*\"" "$1" | sed 's/.*content="//; s/"$//'; }
# pages_of SPLIT: "id first last" of every paper with pages, from volume.json.
pages_of() {
  awk -F': ' '/"id":/ {gsub(/[",]/, "", $2); id = $2}
              /"first_page":/ {gsub(/,/, "", $2); first = $2}
              /"last_page":/ {gsub(/,/, "", $2); print id, first, $2}' "$1/volume.json"
}

for ex in ieee-sptai acm-mlcia lncs-unlearn; do
  "$COLLATE" build -q "$ex/proceedings.yaml" -o "$ex/volume.pdf" --split "$ex/volume-split" > /dev/null 2> "$ex.build.err"
  expect_eq "$?" 0 "$ex: build exit status"
  "$COLLATE" publish "$ex/proceedings.yaml" -o "$ex/volume.pdf" --to "$ex/out" > "$ex.out" 2> "$ex.err"
  expect_eq "$?" 0 "$ex: publish exit status"
  expect_no_line "$ex.err" "building it" "$ex: no rebuild of a current volume"
  expect_line "$ex.out" "out/crossref.xml: Crossref deposit"
  out="$ex/out"
  pages_of "$ex/volume-split" > "$ex.pages"
  npapers=$(wc -l < "$ex.pages")

  # Site: every file, every local link, the citation tags.
  for f in index.html authors.html volume.pdf front-matter.pdf volume.bib; do
    [ -s "$out/site/$f" ] && pass || fail "$ex: site/$f missing"
  done
  while read -r id first last; do
    page="$out/site/papers/$id.html"
    [ -s "$page" ] && [ -s "$out/site/pdf/$id.pdf" ] && pass || fail "$ex: page or PDF of $id missing"
    expect_eq "$(attr "$page" citation_firstpage)" "$first" "$ex $id citation_firstpage"
    expect_eq "$(attr "$page" citation_lastpage)" "$last" "$ex $id citation_lastpage"
    n=$(pdfinfo "$out/site/pdf/$id.pdf" | awk '/^Pages:/ {print $2}')
    expect_eq "$n" "$((last - first + 1))" "$ex $id pages of its PDF"
    for tag in citation_title citation_author citation_publication_date citation_conference_title citation_pdf_url citation_doi; do
      [ -n "$(attr "$page" $tag)" ] && pass || fail "$ex $id: no $tag"
    done
    grep -q '<script type="application/ld+json">' "$page" && grep -q '"@type": "ScholarlyArticle"' "$page" &&
      pass || fail "$ex $id: no schema.org JSON-LD"
  done < "$ex.pages"
  find "$out/site" -name '*.html' | while read -r html; do
    dir=$(dirname "$html")
    grep -o -E '(href|src)="[^"]*"' "$html" | sed -E 's/^(href|src)="//; s/"$//' | while read -r url; do
      case $url in http://*|https://*|mailto:*|'#'*) continue ;; esac
      target=$(realpath -m "$dir/${url%%#*}")
      case $target in "$(realpath "$out/site")"/*) ;; *) echo "$html: $url leaves the site" ;; esac
      [ -f "$target" ] || echo "$html: $url"
    done
  done > "$ex.broken"
  [ ! -s "$ex.broken" ] && pass || { fail "$ex: local links that do not resolve"; head "$ex.broken" >&2; }
  grep -q 'src="http\|<link rel="stylesheet"\|<script src' "$out/site/index.html" && fail "$ex: site loads from outside" || pass

  # Crossref: well-formed, one paper per DOI, contributors in order.
  xmllint --noout "$out/crossref.xml" && pass || fail "$ex: crossref.xml is not well-formed"
  expect_eq "$(grep -c '<conference_paper ' "$out/crossref.xml")" "$npapers" "$ex: conference_paper elements"
  expect_eq "$(grep -c '<person_name sequence="first" contributor_role="author"' "$out/crossref.xml")" "$npapers" \
    "$ex: one first author per paper"
  while read -r id first last; do
    grep -q "<first_page>$first</first_page>" "$out/crossref.xml" && grep -q "<last_page>$last</last_page>" "$out/crossref.xml" &&
      pass || fail "$ex: crossref lacks pages $first-$last of $id"
  done < "$ex.pages"
  expect_no_line "$out/crossref.xml" '<ORCID>[0-9]' "ORCID iDs as https://orcid.org/ URLs"

  # CEUR: the template's tags and RDFa, the PDFs it names.
  for pat in 'typeof="bibo:Proceedings"' 'class="CEURVOLACRONYM"' 'property="dcterms:title" class="CEURFULLTITLE"' \
             'class="CEURLOCTIME"' 'class="CEURVOLEDITOR"' 'rel="dcterms:hasPart"' 'typeof="bibo:Article"' \
             'class="CEURTITLE"' 'class="CEURAUTHOR"' 'property="bibo:pageStart"' 'property="bibo:pageEnd"' \
             'class="CEURPUBYEAR"' 'CEURLANG='; do
    expect_line "$out/ceur/index.html" "$pat" "$ex: CEUR index has $pat"
  done
  expect_eq "$(grep -o 'href="paper[0-9]*\.pdf"' "$out/ceur/index.html" | sort -u | wc -l)" "$npapers" "$ex: CEUR paper links"
  for i in $(seq 1 "$npapers"); do
    [ -s "$out/ceur/paper$i.pdf" ] && pass || fail "$ex: ceur/paper$i.pdf missing"
  done
  [ -s "$out/ceur/preface.pdf" ] && pass || fail "$ex: ceur/preface.pdf missing"

  # ACL: what bin/ingest_aclpub2.py reads.
  for key in book_title event_name anthology_venue_id volume_name start_date location editors publisher; do
    expect_line "$out/acl/conference_details.yml" "^$key:" "$ex: conference_details.yml has $key"
  done
  expect_line "$out/acl/conference_details.yml" '^start_date: [0-9]{4}-[0-9]{2}-[0-9]{2}$' "$ex: start_date is a YAML date"
  expect_eq "$(grep -c '^- id: ' "$out/acl/papers.yml")" "$(grep -c '^      - id: \|^  - id: ' "$ex/proceedings.yaml")" \
    "$ex: papers.yml lists every paper"
  for key in '  title: ' '  authors:' '    - first_name: ' '      last_name: ' '  archival: '; do
    expect_line "$out/acl/papers.yml" "^$key" "$ex: papers.yml has '$key'"
  done
  while read -r id first last; do
    expect_line "$out/acl/papers.yml" "^  file: \"$id.pdf\"\$" "$ex: papers.yml names $id.pdf"
    [ -s "$out/acl/watermarked_pdfs/$id.pdf" ] && pass || fail "$ex: watermarked_pdfs/$id.pdf missing"
  done < "$ex.pages"
  for f in front_matter.pdf proceedings.pdf; do
    [ -s "$out/acl/$f" ] && pass || fail "$ex: acl/$f missing"
  done
done

# The front matter: the volume's roman pages, without the contents' links
# to papers, labelled i, ii, ...
front=$(awk -F': ' '/"front_matter_pages"/ {gsub(/,/, "", $2); print $2}' ieee-sptai/volume-split/volume.json)
expect_eq "$(pdfinfo ieee-sptai/out/site/front-matter.pdf | awk '/^Pages:/ {print $2}')" "$front" "front matter pages"
qpdf --check ieee-sptai/out/site/front-matter.pdf > /dev/null 2>&1 && pass || fail "front matter: qpdf --check"
"$PDFPROBE" ieee-sptai/out/site/front-matter.pdf > front.probe
expect_line front.probe '^page 1 label=i '

# Abstracts: the manifest's is deposited, escaped; extracted ones are
# suggestions, shown on the site with a note, never deposited.
xml=ieee-sptai/out/crossref.xml
expect_eq "$(grep -c '<jats:abstract>' "$xml")" 1 "only the manifest's abstract is deposited"
expect_line "$xml" '<jats:p>Evasion attacks &amp; &lt;defences&gt; that transfer.</jats:p>'
expect_line ieee-sptai/out/abstracts-suggested.yaml '^- id: "p01"$'
expect_no_line ieee-sptai/out/abstracts-suggested.yaml '^- id: "p02"$' "p02's abstract is the manifest's"
expect_line ieee-sptai/out/abstracts-suggested.yaml '^  abstract: "We propose a practical test set'
expect_line ieee-sptai/out/site/papers/p01.html 'taken automatically from the paper'
expect_no_line ieee-sptai/out/site/papers/p02.html 'taken automatically from the paper'
expect_no_line ieee-sptai/out/acl/papers.yml '^  abstract: "We propose'
expect_line ieee-sptai/out/acl/papers.yml '^  abstract: "Evasion attacks'
expect_line ieee-sptai.err "note: abstracts: 11 of 11 found on first pages"
[ ! -e acm-mlcia/out/abstracts-suggested.yaml ] && pass || fail "suggestions without abstracts_from_pdf"

# Series (LNCS with an ISSN and a series title): proceedings_series_metadata.
expect_line lncs-unlearn/out/crossref.xml '<proceedings_series_metadata>'
expect_line lncs-unlearn/out/crossref.xml '<issn>0302-9743</issn>'
expect_line lncs-unlearn/out/crossref.xml '<doi>10.1007/978-3-032-01235-7_1</doi>'
expect_line acm-mlcia/out/crossref.xml '<resource>https://mlcia.example.org/papers/'
expect_line acm-mlcia/out/crossref.xml 'start_day="10" end_year="2025" end_month="11" end_day="14"'

# Equal inputs, equal bytes.
"$COLLATE" publish -q ieee-sptai/proceedings.yaml -o ieee-sptai/volume.pdf --to again 2> again.err
expect_eq "$?" 0 "second publish"
diff -r ieee-sptai/out again > again.diff && pass || { fail "a second publish differs"; head again.diff >&2; }

# A paper changed after the build: publish builds again first.
sleep 1; touch ieee-sptai/papers/p05.pdf
"$COLLATE" publish ieee-sptai/proceedings.yaml -o ieee-sptai/volume.pdf --to ieee-sptai/out --format site > rebuild.out 2> rebuild.err
expect_eq "$?" 0 "publish after a paper changed"
expect_line rebuild.err "note: 'ieee-sptai/volume.pdf' or 'ieee-sptai/volume-split' is missing or older than its inputs: building it"
expect_line rebuild.out '^ieee-sptai/volume.pdf: 82 pages, 12 papers$'

# Missing fields: every one named at its place, nothing built or written.
sed '/^crossref:/,$d; /^  base_url:/d; /^  start_date:/d' acm-mlcia/proceedings.yaml > acm-mlcia/missing.yaml
"$COLLATE" publish acm-mlcia/missing.yaml --to missing --format crossref,acl > missing.out 2> missing.err
expect_eq "$?" 1 "exit status with missing fields"
expect_line missing.err "missing.yaml: error: the crossref format needs a 'crossref' section"
expect_line missing.err "missing.yaml:[0-9]+:[0-9]+: error: crossref: 'volume: base_url'"
expect_line missing.err "missing.yaml:[0-9]+:[0-9]+: error: acl: 'volume: start_date'"
[ ! -e missing ] && pass || fail "output written despite missing fields"
sed 's/^  start_date: 2025-11-10$/  start_date: 2025-11-1x/' acm-mlcia/proceedings.yaml > acm-mlcia/baddate.yaml
"$COLLATE" publish acm-mlcia/baddate.yaml --to missing > baddate.out 2> baddate.err
expect_eq "$?" 1 "exit status with a malformed date"
expect_line baddate.err "baddate.yaml:[0-9]+:[0-9]+: error: 'start_date' must be a date written YYYY-MM-DD, not '2025-11-1x'"

expect_status 2 "$COLLATE" publish ieee-sptai/proceedings.yaml --to x --format site,pdf 2> usage.err
expect_line usage.err "unknown format 'pdf'"
expect_status 2 "$COLLATE" publish ieee-sptai/proceedings.yaml 2> usage.err
expect_line usage.err "give the output folder with --to DIR"

finish
