# collate publish --format crossref against Crossref's own schema (5.3.1):
# the IEEE example, and a volume with the awkward cases (a proceedings
# series, a mononym, a name in its own script only, a non-archival paper,
# an abstract with markup characters, a paper without affiliations).
# Skipped (exit 77) when the schema folder (../shared/schemas next to the
# project, or next to the main checkout of a git worktree) or xmllint is
# missing: never passed without validating.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"

schema=
common=$(git -C "$SRCDIR" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)
for d in "${COLLATE_SHARED:-}" "$SRCDIR/../shared" "${common:+$common/../../shared}"; do
  if [ -n "$d" ] && [ -f "$d/schemas/crossref-5.3.1/crossref5.3.1.xsd" ]; then
    schema=$(realpath "$d/schemas/crossref-5.3.1/crossref5.3.1.xsd")
    break
  fi
done
if [ -z "$schema" ] || ! command -v xmllint > /dev/null; then
  echo "SKIPPED: the Crossref 5.3.1 schema (../shared/schemas/crossref-5.3.1) or xmllint is missing"
  exit 77
fi
validate() { # deposit
  xmllint --noout --nonet --schema "$schema" "$1" > "$1.xmllint" 2>&1
  expect_eq "$?" 0 "$1 validates against $(basename "$schema")"
  expect_line "$1.xmllint" "validates\$"
  grep -v 'mathml3\|validates$' "$1.xmllint" | grep -q . && { fail "xmllint complained about $1"; cat "$1.xmllint" >&2; } || pass
}

# The IEEE example.
EX="$SRCDIR/examples/ieee-sptai"
MKEXAMPLE="$(dirname "$COLLATE")/examples/mkexample"
mkdir ieee && cp -r "$EX/proceedings.yaml" "$EX/pages.txt" "$EX/messages" ieee/
if [ -x "$MKEXAMPLE" ]; then
  "$MKEXAMPLE" "$MKPAPER" ieee/proceedings.yaml --size letter --columns 2 > /dev/null || fail "mkexample"
else
  cp -r "$EX/papers" ieee/
fi
sed -i 's|^volume:$|volume:\n  base_url: https://sptai.example.org/2025/\n  start_date: 2025-05-15|' ieee/proceedings.yaml
cat >> ieee/proceedings.yaml <<'YAML'
crossref: {depositor: SPTAI Publication Chair, email: pubchair@sptai.example.org, registrant: IEEE Computer Society}
YAML
"$COLLATE" publish -q ieee/proceedings.yaml --to ieee/out --format crossref 2> ieee.err
expect_eq "$?" 0 "publish the IEEE example"
validate ieee/out/crossref.xml

# The awkward cases.
mkdir -p edge/papers
"$MKPAPER" --out edge/papers/a.pdf --pages 2 --seed 1 --title "Series Paper" --authors "Plato; 陈洪森; Zoë Dvořák"
"$MKPAPER" --out edge/papers/b.pdf --pages 3 --seed 2 --title "Talk Only" --authors "Ada Lovelace"
"$MKPAPER" --out edge/papers/c.pdf --pages 1 --seed 3 --title "Short Paper" --authors "Ada Lovelace"
cat > edge/proceedings.yaml <<'YAML'
volume:
  title: Proceedings of the Edge Case Workshop
  short_title: ECW 2025
  event: First Edge Case Workshop
  year: "2025"
  series: Workshop Proceedings Series
  issn: 1613-0073
  publisher: Example Press
  doi_prefix: 10.5555/ecw.2025
  base_url: https://ecw.example.org
  start_date: 2025-03-02
  end_date: 2025-03-04
  publication_date: 2025-04-01
  editors: [{given: Ada, family: Lovelace, orcid: 0000-0002-1825-0097}]
style: ieee-conference
output: volume.pdf
front_matter: [title_page, toc]
crossref:
  depositor: Ada Lovelace
  email: ada@example.org
  registrant: Example Press
  batch_id: ecw-2025-deposit-1
papers:
  - id: a
    title: Series Paper
    authors: [Plato, {native: 陈洪森}, {given: Zoë, family: Dvořák, affiliation: "Charles University <Prague> & Co", orcid: 0000-0002-1825-0097}]
    abstract: "Bounds on <b>x</b> & y: \"quoted\"; 5 < 7."
    pdf: papers/a.pdf
  - {id: b, title: Talk Only, authors: [Ada Lovelace], pdf: papers/b.pdf, archival: false}
  - {id: c, title: Short Paper, authors: [Ada Lovelace], pdf: papers/c.pdf}
YAML
"$COLLATE" publish -q edge/proceedings.yaml --to edge/out --format crossref 2> edge.err
expect_eq "$?" 0 "publish the edge cases"
validate edge/out/crossref.xml
xml=edge/out/crossref.xml
expect_line "$xml" '<proceedings_series_metadata>'
expect_line "$xml" '<doi_batch_id>ecw-2025-deposit-1</doi_batch_id>'
expect_eq "$(grep -c '<conference_paper ' "$xml")" 2 "the non-archival paper is not deposited"
expect_line "$xml" '<surname>Plato</surname>'
expect_line "$xml" '<surname>陈洪森</surname>'
expect_line "$xml" '<ORCID>https://orcid.org/0000-0002-1825-0097</ORCID>'
expect_line "$xml" '<jats:p>Bounds on &lt;b&gt;x&lt;/b&gt; &amp; y: &quot;quoted&quot;; 5 &lt; 7.</jats:p>'
expect_line "$xml" '<resource>https://ecw.example.org/papers/a.html</resource>'
expect_line "$xml" '<first_page>1</first_page>'

finish
