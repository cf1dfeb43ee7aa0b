# Errata: collate build MANIFEST --only ID on the LNCS example.  A corrected
# p03 (other filler text, same page count) replaces only p03's pages: the
# volume keeps its page count; every page outside p03's range is equal at
# the object level (content, resources, annotations, link targets); p03's
# pages show the new text under the same running heads, folios and
# first-page notice (pdftotext -bbox, within 1 pt); outline except p03's
# own bookmarks, page labels and document info are unchanged; volume.json
# changes only in p03's entry; only p03's split PDF is rewritten; two runs
# give the same bytes.  A shorter paper keeps its range with a blank page;
# a longer one fails (exit 1, outputs untouched) unless --allow-longer,
# which names the moved papers and renumbers; a paper changed since
# publication other than the corrected one stops the erratum.
. "$(dirname "$0")/lib.sh"
: "${SRCDIR:?}"
require_tools qpdf pdftotext python3 cmp

ex="$SRCDIR/examples/lncs-unlearn"
MKEXAMPLE="$(dirname "$COLLATE")/examples/mkexample"
MKOPTS=(--size a4 --columns 1 --margins 125,185,140,120)
mkdir -p vol && cp -r "$ex/proceedings.yaml" "$ex/pages.txt" "$ex/messages" vol/
if [ -x "$MKEXAMPLE" ]; then
  "$MKEXAMPLE" "$MKPAPER" vol/proceedings.yaml "${MKOPTS[@]}" > /dev/null || fail "mkexample"
else
  cp -r "$ex/papers" vol/ || fail "no papers for lncs-unlearn"
fi
SPLIT=vol/proceedings-split
expect_status 0 "$COLLATE" build vol/proceedings.yaml --split "$SPLIT" -q
cp vol/proceedings.pdf published.pdf && cp -r "$SPLIT" published-split && cp vol/papers/p03.pdf p03-orig.pdf

# restore: the published outputs back in place.
restore() {
  cp published.pdf vol/proceedings.pdf && rm -rf "$SPLIT" && cp -r published-split "$SPLIT"
}

# corrected OUT PAGES: p03 with other filler text (seed), its title and authors.
corrected() {
  python3 - "$SPLIT/volume.json" > p03.args <<'PY'
import json, sys
p = [p for p in json.load(open(sys.argv[1]))["papers"] if p["id"] == "p03"][0]
print(p["title"]); print("; ".join(p["authors"]))
PY
  "$MKPAPER" --out "$1" --pages "$2" --seed 77 --title "$(sed -n 1p p03.args)" --authors "$(sed -n 2p p03.args)" \
    --internal-links --image "${MKOPTS[@]}" > /dev/null || fail "mkpaper $1"
}
corrected p03-fixed.pdf 12
corrected p03-short.pdf 11
corrected p03-long.pdf 13

# The published range of p03, from volume.json: "first last pdf_page".
read -r FIRST LAST PDFPAGE < <(python3 -c '
import json, sys
p = [p for p in json.load(open(sys.argv[1]))["papers"] if p["id"] == "p03"][0]
print(p["first_page"], p["last_page"], p["pdf_page"])' "$SPLIT/volume.json")
expect_eq "$FIRST-$LAST" "31-42" "published range of p03"

# --- the erratum ---
cp p03-fixed.pdf vol/papers/p03.pdf
expect_status 0 "$COLLATE" build vol/proceedings.yaml --only p03 2> run1.err > run1.out
expect_line run1.out "paper 'p03' replaced on pages 31–42"
cp vol/proceedings.pdf erratum1.pdf && cp -r "$SPLIT" erratum1-split

# compare.py PUBLISHED NEW FIRST_PDF_PAGE END_PDF_PAGE TITLE: object-level
# equality outside [FIRST, END] (1-based), from qpdf's JSON: each page's
# objects resolved, page references as page numbers, object numbers ignored.
cat > compare.py <<'PY'
import json, subprocess, sys
def load(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", path], capture_output=True, check=True)
    return json.loads(out.stdout)
def canon(doc):
    objs = doc["qpdf"][1]
    pages = {p["object"]: i for i, p in enumerate(doc["pages"])}
    def walk(v, seen):
        if isinstance(v, str) and v.endswith(" R"):
            if v in pages:
                return "page %d" % pages[v]
            if v in seen:
                return "loop"
            o = objs.get("obj:" + v, {})
            return walk(o.get("value", o.get("stream")), seen | {v})
        if isinstance(v, dict):
            return {k: walk(x, seen) for k, x in v.items() if k != "/Parent"}
        if isinstance(v, list):
            return [walk(x, seen) for x in v]
        return v
    out = []
    for p in doc["pages"]:
        o = objs["obj:" + p["object"]]["value"]
        out.append(json.dumps(walk(o, frozenset()), sort_keys=True))
    return out
a, b = load(sys.argv[1]), load(sys.argv[2])
first, end, title = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
ca, cb = canon(a), canon(b)
bad = []
if len(ca) != len(cb):
    bad.append("page count %d -> %d" % (len(ca), len(cb)))
for i in range(min(len(ca), len(cb))):
    inside = first <= i + 1 <= end
    if not inside and ca[i] != cb[i]:
        bad.append("page %d differs" % (i + 1))
if not any(first <= i + 1 <= end and ca[i] != cb[i] for i in range(min(len(ca), len(cb)))):
    bad.append("no page of the paper changed")
def outline(items):
    return [{"title": o["title"], "dest": o["destpageposfrom1"],
             "kids": [] if o["title"] == title else outline(o["kids"])} for o in items]
if outline(a["outlines"]) != outline(b["outlines"]):
    bad.append("outline differs")
if a["pagelabels"] != b["pagelabels"]:
    bad.append("page labels differ")
ia = a["qpdf"][1].get("obj:" + a["qpdf"][1]["trailer"]["value"]["/Info"], {})
ib = b["qpdf"][1].get("obj:" + b["qpdf"][1]["trailer"]["value"]["/Info"], {})
if ia != ib:
    bad.append("document info differs")
print("\n".join(bad) if bad else "ok")
PY
TITLE=$(sed -n 1p p03.args)
END=$((PDFPAGE + LAST - FIRST))
python3 compare.py published.pdf erratum1.pdf "$PDFPAGE" "$END" "$TITLE" > cmp1.txt 2>&1
expect_eq "$(cat cmp1.txt)" "ok" "erratum volume against the published one"

# p03's pages: new body text, the same stamps (running head, folio, notice)
# at the same places.  stamps.py PUBLISHED NEW PAGE: the words above the
# text block (head) and below the body (notice), text and position.
cat > stamps.py <<'PY'
import re, subprocess, sys
def words(path, page):
    out = subprocess.run(["pdftotext", "-bbox", "-f", page, "-l", page, path, "-"], capture_output=True,
                         text=True, check=True).stdout
    ws = []
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        ws.append((m.group(5), x0, y0, x1, y1))
    return ws
a, b = words(sys.argv[1], sys.argv[3]), words(sys.argv[2], sys.argv[3])
# The stamp: above the block (head) and below the body's last line (notice).
sa = [w for w in a if w[4] < 110 or w[2] > 670]
sb = [w for w in b if w[4] < 110 or w[2] > 670]
ok = len(sa) == len(sb) and len(sa) > 0 and all(
    x[0] == y[0] and all(abs(x[k] - y[k]) <= 1 for k in range(1, 5)) for x, y in zip(sa, sb))
body_a = [w[0] for w in a if w not in sa]
body_b = [w[0] for w in b if w not in sb]
print("stamps %s, %d words; body %s" % ("same" if ok else "differ", len(sa), "changed" if body_a != body_b else "same"))
PY
for pg in "$PDFPAGE" $((PDFPAGE + 1)) "$END"; do
  expect_line <(python3 stamps.py published.pdf erratum1.pdf "$pg") "^stamps same, [0-9]+ words; body changed$" \
    "stamps and body of volume page $pg"
done
page_has erratum1.pdf "$PDFPAGE" "31" && pass || fail "folio 31 on p03's first page"
page_has erratum1.pdf "$PDFPAGE" "pp\. 31–42" && pass || fail "notice range on p03's first page"

# volume.json: only p03's entry changed (its PDF's sha256); split PDFs:
# only p03's rewritten, and it is the erratum's pages.
python3 - published-split/volume.json erratum1-split/volume.json > json.txt <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
pa = {p["id"]: p for p in a.pop("papers")}
pb = {p["id"]: p for p in b.pop("papers")}
diff = sorted(i for i in pa if pa[i] != pb.get(i))
keys = sorted(k for k in pa["p03"] if pa["p03"][k] != pb["p03"].get(k))
print("top %s; papers %s; keys %s" % ("same" if a == b else "differ", ",".join(diff), ",".join(keys)))
PY
expect_eq "$(cat json.txt)" "top same; papers p03; keys sha256" "volume.json changes"
for f in published-split/*.pdf; do
  id=$(basename "$f" .pdf)
  if [ "$id" = p03 ]; then
    cmp -s "$f" "erratum1-split/p03.pdf" && fail "p03.pdf not rewritten" || pass
  else
    cmp -s "$f" "erratum1-split/$id.pdf" && pass || fail "$id.pdf changed"
  fi
done
expect_eq "$(sha256sum < erratum1-split/p03.pdf | cut -d' ' -f1)" \
  "$(python3 -c 'import json,sys; print([p for p in json.load(open(sys.argv[1]))["papers"] if p["id"]=="p03"][0]["sha256"])' erratum1-split/volume.json)" \
  "volume.json sha256 of p03.pdf"
expect_eq "$(qpdf --show-npages erratum1-split/p03.pdf)" "12" "pages of the split p03"
page_has erratum1-split/p03.pdf 1 "pp\. 31–42" && pass || fail "split p03 keeps its notice"
qpdf --check erratum1.pdf > check.txt 2>&1 && pass || { fail "qpdf --check"; cat check.txt >&2; }

# Determinism: the same erratum from the same published volume, same bytes.
restore
expect_status 0 "$COLLATE" build vol/proceedings.yaml --only p03 -q
cmp -s vol/proceedings.pdf erratum1.pdf && pass || fail "second erratum run gives other bytes"
cmp -s "$SPLIT/p03.pdf" erratum1-split/p03.pdf && pass || fail "second run: p03.pdf differs"
cmp -s "$SPLIT/volume.json" erratum1-split/volume.json && pass || fail "second run: volume.json differs"
# Made later without SOURCE_DATE_EPOCH: the published build's date (from
# volume.json) keeps the volume's metadata, so the bytes are the same.
restore
expect_line "$SPLIT/volume.json" '"source_date_epoch": 1700000000' "volume.json records the build's date"
expect_status 0 env -u SOURCE_DATE_EPOCH "$COLLATE" build vol/proceedings.yaml --only p03 -q
cmp -s vol/proceedings.pdf erratum1.pdf && pass || fail "an erratum without SOURCE_DATE_EPOCH gives other bytes"

# --- a shorter corrected paper keeps the range with a blank page ---
restore
cp p03-short.pdf vol/papers/p03.pdf
expect_status 0 "$COLLATE" build vol/proceedings.yaml --only p03 2> short.err > /dev/null
expect_line short.err "paper 'p03': the corrected PDF has 11 pages for its published range 31–42: 1 blank page keeps the range"
python3 compare.py published.pdf vol/proceedings.pdf "$PDFPAGE" "$END" "$TITLE" > cmp2.txt 2>&1
expect_eq "$(cat cmp2.txt)" "ok" "shorter erratum against the published one"
pdftotext -f "$END" -l "$END" vol/proceedings.pdf blank.txt
expect_eq "$(tr -d '[:space:]\f' < blank.txt)" "" "the padding page is blank"
expect_eq "$(qpdf --show-npages "$SPLIT/p03.pdf")" "11" "pages of the shorter split p03"

# --- a longer one: an error, outputs untouched; --allow-longer renumbers ---
restore
cp p03-long.pdf vol/papers/p03.pdf
expect_status 1 "$COLLATE" build vol/proceedings.yaml --only p03 2> long.err
expect_line long.err "error: paper 'p03': the corrected PDF has 13 pages, but its published range 31–42 has 12"
expect_line long.err "hint: .*--allow-longer"
cmp -s vol/proceedings.pdf published.pdf && pass || fail "a refused erratum changed the volume"
cmp -s "$SPLIT/volume.json" published-split/volume.json && pass || fail "a refused erratum changed volume.json"
cmp -s "$SPLIT/p03.pdf" published-split/p03.pdf && pass || fail "a refused erratum changed p03.pdf"
ls vol/ | grep -q tmp && fail "temporary file left" || pass
expect_status 0 "$COLLATE" build vol/proceedings.yaml --only p03 --allow-longer 2> longer.err > /dev/null
expect_line longer.err "paper 'p04' moves from pages 43–57 to 44–58"
expect_line longer.err "paper 'p08' moves from pages 103–116 to 104–117"
expect_line longer.err "volume is built again with 5 papers moved"
expect_no_line longer.err "paper 'p02' moves"
# One page more for p03; the back matter may add a blank page to start on a recto.
N_OLD=$(qpdf --show-npages published.pdf) N_NEW=$(qpdf --show-npages vol/proceedings.pdf)
[ "$N_NEW" -gt "$N_OLD" ] && [ "$N_NEW" -le $((N_OLD + 2)) ] && pass || fail "renumbered volume: $N_OLD -> $N_NEW pages"
expect_line "$SPLIT/volume.json" '"first_page": 44' "p04 renumbered in volume.json"
page_has "$SPLIT/p04.pdf" 1 "pp\. 44–58" && pass || fail "p04 restamped with its new range"

# --- another paper changed since publication: the erratum stops ---
restore
cp p03-fixed.pdf vol/papers/p03.pdf
cp vol/papers/p05.pdf p05-orig.pdf
"$MKPAPER" --out vol/papers/p05.pdf --pages 16 --seed 91 --title x --authors y "${MKOPTS[@]}" > /dev/null
expect_status 1 "$COLLATE" build vol/proceedings.yaml --only p03 --allow-violations 2> other.err
expect_line other.err "page 58 \(paper 'p05'\) differs from the published volume, but only paper 'p03' may change"
cmp -s vol/proceedings.pdf published.pdf && pass || fail "a stopped erratum changed the volume"
cmp -s "$SPLIT/p03.pdf" published-split/p03.pdf && pass || fail "a stopped erratum changed p03.pdf"
cp p05-orig.pdf vol/papers/p05.pdf

# Usage and lookup errors.
expect_status 2 "$COLLATE" build vol/proceedings.yaml --allow-longer 2> /dev/null
expect_status 1 "$COLLATE" build vol/proceedings.yaml --only p99 2> missing.err
expect_line missing.err "no paper 'p99' in the manifest"
finish
