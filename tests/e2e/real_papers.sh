# collate check on papers made with the publishers' own templates
# (tests/fixtures/papers, see its README): every conforming paper passes
# clean, every defect is found with its code, page and side, margin amounts
# match the measurement by hand (from the template's text block) within
# 1 pt (body size and leading within 0.05 and 0.1 pt), and nothing is reported that expected.tsv does not list, also for
# the papers whose defect has no code yet (the `uncoded` column).  Then the
# conforming real papers of the shared corpus, when it is present.
. "$(dirname "$0")/lib.sh"
require_tools python3

FIXTURES="$SRCDIR/tests/fixtures/papers"
: "${COLLATE_CORPUS:=$SRCDIR/../shared/corpus/papers}"

# Known misses: each is checked to be still missing (so the list stays
# true) and does not fail the test.  When one is fixed, the test says so;
# remove it from this list then.  None at present (JavaScript in bookmarks
# and files reached only through /AF are found now).
KNOWN_MISSES=""

# One JSON report per fixture.  Rows whose style has no file are skipped.
python3 - "$FIXTURES/expected.tsv" "$SRCDIR/styles" > fixtures.list <<'PY'
import csv, os, sys
for row in csv.DictReader(open(sys.argv[1], newline=""), delimiter="\t"):
    if os.path.exists(os.path.join(sys.argv[2], row["style"] + ".yml")):
        print(row["file"], row["style"])
PY
expect_eq "$(wc -l < fixtures.list | tr -d ' ')" 38 "fixtures with a style"
while read -r file style; do
  "$COLLATE" check --style "$style" --format json "$FIXTURES/$file" > "$file.json" 2> "$file.err"
  echo $? > "$file.rc"
done < fixtures.list

python3 - "$FIXTURES/expected.tsv" "$KNOWN_MISSES" > compare.out 2>&1 <<'PY'
import csv, json, os, re, sys

def expected_findings(spec):
    """{(code, page or None, side or None): amount or None}"""
    out = {}
    if spec == "none":
        return out
    for item in spec.split(";"):
        m = re.fullmatch(r"([a-z_0-9]+)@(-|\d+(?:-\d+)?)(?::(\w+))?(?:=([\d.]+))?", item)
        code, pages, side, amount = m.groups()
        amount = float(amount) if amount else None
        if pages == "-":
            out[(code, None, side)] = amount
            continue
        first, _, last = pages.partition("-")
        for page in range(int(first), int(last or first) + 1):
            out[(code, page, side)] = amount
    return out

# Margins within 1 pt of the hand measurement; the body size and baseline
# step much closer (a 9 pt body is only 1 pt below a 10 pt one); columns exact.
TOLERANCE = {"font_size": 0.05, "line_spacing": 0.1, "columns": 0}
known = {}
for item in sys.argv[2].split():
    name, _, finding = item.partition(":")
    known.setdefault(name, set()).add(finding)
failures = 0
for row in csv.DictReader(open(sys.argv[1], newline=""), delimiter="\t"):
    name = row["file"]
    if not os.path.exists(name + ".json"):
        continue
    report = json.load(open(name + ".json"))
    rc = int(open(name + ".rc").read())
    f = report["files"][0]
    got = {(x["code"], x["page"], x.get("side")): x for x in f["findings"]}
    want = expected_findings(row["expected"])
    problems = []
    if row["kind"] == "conforming":
        if report["summary"]["errors"] or report["summary"]["warnings"] or rc != 0:
            problems.append("a conforming paper has errors or warnings (exit %d)" % rc)
    for key, amount in sorted(want.items(), key=str):
        label = "%s@%s%s" % (key[0], key[1] or "-", ":" + key[2] if key[2] else "")
        if key not in got:
            if label in known.get(name, ()):
                print("XFAIL %s: %s (known miss)" % (name, label))
                known[name].discard(label)
                continue
            problems.append("missing " + label)
            continue
        if label in known.get(name, ()):
            print("XPASS %s: %s is found now; remove it from KNOWN_MISSES" % (name, label))
            known[name].discard(label)
        tol = TOLERANCE.get(key[0], 1.0)
        if amount is not None and abs(got[key]["amount"] - amount) > tol:
            problems.append("%s amount %.2f, measured by hand %.2f" % (label, got[key]["amount"], amount))
    for key in sorted(set(got) - set(want), key=str):
        problems.append("unexpected %s@%s%s: %s" % (key[0], key[1] or "-", ":" + key[2] if key[2] else "",
                                                    got[key]["message"]))
    amounts = ["%s@%s%s %.1f/%.1f" % (k[0], k[1], ":" + k[2] if k[2] else "", got[k]["amount"], a)
               for k, a in sorted(want.items(), key=str) if a is not None and k in got]
    print("%-30s %s%s" % (name, "FAIL " + "; ".join(problems) if problems else "ok",
                          "  (collate/by hand: " + ", ".join(amounts) + ")" if amounts else ""))
    failures += bool(problems)
for name, left in known.items():
    for label in left:
        print("FAIL known miss %s: %s is not in expected.tsv" % (name, label))
        failures += 1
sys.exit(1 if failures else 0)
PY
status=$?
cat compare.out
if [ "$status" -eq 0 ]; then pass; else fail "findings differ from expected.tsv (see above)"; fi

# Printed page numbers: one finding listing the pages, with a hint that
# names the template's usual cause.
python3 - > numbers.out 2>&1 <<'PY' && pass || fail "page_numbers findings: $(cat numbers.out)"
import json
cases = {
    "lncs-runningheads-a4.pdf": ([2, 3, 4], "runningheads"),
    "lncs-runningheads-letter.pdf": ([2, 3, 4], "runningheads"),
    "ieee-page-numbers.pdf": ([2, 3], "pagestyle"),
    "acm-review.pdf": ([1, 2], "printfolios"),
}
for name, (pages, hint) in cases.items():
    found = [x for x in json.load(open(name + ".json"))["files"][0]["findings"] if x["code"] == "page_numbers"]
    assert len(found) == 1, (name, found)
    assert found[0]["pages"] == pages, (name, found[0])
    assert hint in found[0].get("hint", ""), (name, found[0])
    assert "margin" not in [x["code"] for x in json.load(open(name + ".json"))["files"][0]["findings"]
                            if x.get("side") in ("top", "bottom")], name
PY

# Review versions: one review_version finding per kind of sign (line
# numbers, review-copy text, watermark), its pages, where it was seen and a
# hint; the line numbers are not also margin findings, a review header that
# is content in the top margin still is.
python3 - > review.out 2>&1 <<'PY' && pass || fail "review_version findings: $(cat review.out)"
import json
cases = {
    "lncs-lineno.pdf": [([1, 2, 3, 4], "line numbers (1 to 106) in the left margin on pages 1–4", "lineno")],
    "acm-review.pdf": [([1, 2], "line numbers (1 to 232) in the left and right margins on pages 1, 2", "'review'"),
                       ([1, 2], "'Anonymous Author(s)' on page 1; 'Anon.' on page 2 (header)", "'anonymous'")],
    "ieee-draft-watermark.pdf": [([1, 2, 3], "a large 'DRAFT' watermark on pages 1–3", "draftwatermark")],
    "ieee-under-review.pdf": [([1, 2, 3], "'Under review as a conference paper at SPTAI 2025' on pages 1–3 (header)",
                               "final")],
}
for name, want in cases.items():
    findings = json.load(open(name + ".json"))["files"][0]["findings"]
    found = [x for x in findings if x["code"] == "review_version"]
    assert len(found) == len(want), (name, found)
    for f, (pages, text, hint) in zip(found, want):
        assert f["severity"] == "error", (name, f)
        assert f["pages"] == pages, (name, f)
        assert f["message"] == "review version: " + text, (name, f["message"])
        assert hint in f.get("hint", ""), (name, f)
    sides = [x.get("side") for x in findings if x["code"] == "margin"]
    assert "left" not in sides and "right" not in sides, (name, sides)
assert [x["side"] for x in json.load(open("ieee-under-review.pdf.json"))["files"][0]["findings"]
        if x["code"] == "margin"] == ["top"] * 3
PY
# ACL counts the body: acl-like ends its body on page 3 of 4; acl-like-long
# has 9 body pages of 10 (Limitations, References and Appendix A start in
# the second column of page 9, so page 9 counts), against a limit of 8.
python3 - > acl.out 2>&1 <<'PY' && pass || fail "acl body pages: $(cat acl.out)"
import json
f = json.load(open("acl-like-long.pdf.json"))["files"][0]
assert f["pages"] == 10, f
found = [x for x in f["findings"] if x["code"] == "page_limit"]
assert len(found) == 1 and found[0]["page"] == 9 and found[0]["amount"] == 1, found
assert found[0]["message"].startswith("9 body pages (limitations start on page 9, references on page 9, "
                                      "appendix on page 9), more than the limit of 8"), found[0]["message"]
assert json.load(open("acl-like.pdf.json"))["files"][0]["findings"] == []
PY
# Counting every page instead, acl-like-long is 2 over.
"$COLLATE" check --style acl --count all "$FIXTURES/acl-like-long.pdf" > acl-all.out 2>&1
expect_line acl-all.out ':9: error: 10 pages, more than the limit of 8; remove 2 pages \[page_limit\]$'

# The text report prints the hint under its finding.
"$COLLATE" check --style lncs "$FIXTURES/lncs-runningheads-a4.pdf" > heads.out 2> heads.err
expect_eq "$?" 1 "running heads exit status"
expect_line heads.out '^.*lncs-runningheads-a4.pdf:2: error: page numbers are printed on 3 of 4 pages \(2–4\), in the running heads; .*\[page_numbers\]$'
expect_eq "$(sed -n 2p heads.out)" "hint: remove the 'runningheads' class option: \\documentclass{llncs}" "hint line after the finding"
expect_no_line heads.out '\[margin\]' "running heads are not also margin findings"

# The body text's findings name both values, the pages measured and the fix.
"$COLLATE" check --style ieee-conference "$FIXTURES/ieee-small-font.pdf" > small.out 2>&1
expect_eq "$?" 1 "small font exit status"
expect_line small.out '^.*ieee-small-font.pdf:2: error: body text 9.0 pt, the style asks for 10 pt \[font_size\]$'
expect_line small.out "^hint: use the template's default font size"
expect_no_line small.out '\[line_spacing\]' "the 9pt option's 11 pt lines are not a second finding"
python3 - > typo.out 2>&1 <<'PY' && pass || fail "typography findings: $(cat typo.out)"
import json
for name, code, pages, hint in (("ieee-small-font.pdf", "font_size", [2], "font size"),
                                ("ieee-squeezed.pdf", "line_spacing", [2], "linespread"),
                                ("ieee-onecolumn.pdf", "columns", [2, 3], "onecolumn")):
    found = json.load(open(name + ".json"))["files"][0]["findings"]
    assert [x["code"] for x in found] == [code], (name, found)
    assert found[0]["pages"] == pages and hint in found[0]["hint"], (name, found[0])
PY

# The shared corpus: conforming real papers (ACM, LNCS, IEEE LaTeX and a
# Word paper) pass with no error or warning.
if [ -d "$COLLATE_CORPUS" ]; then
  n=0
  for pdf in "$COLLATE_CORPUS"/*.pdf; do
    [ -e "$pdf" ] || continue
    case $(basename "$pdf") in
      acm-*) style=acm-sigconf ;;
      lncs-*) style=lncs ;;
      *) style=ieee-conference ;;
    esac
    "$COLLATE" check --style "$style" "$pdf" > corpus.out 2>&1
    expect_line corpus.out '0 errors, 0 warnings' "$(basename "$pdf") ($style) passes clean"
    n=$((n + 1))
  done
  echo "corpus: $n papers checked"
else
  echo "note: no corpus at $COLLATE_CORPUS; set COLLATE_CORPUS to check one"
fi
finish
