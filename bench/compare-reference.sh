#!/usr/bin/env bash
# Compare what collate finds in PDFs with what the reference tools say, file
# by file, and print each disagreement with a one-line reason.
#
#   bench/compare-reference.sh [--collate BIN] [--timeout S] PDF-or-FOLDER...
#
# For each PDF (folders: their *.pdf, not recursive):
#   fonts        collate inspect's fonts against pdffonts: name, type, and
#                embedded (Type 3 fonts: embedded not compared), as multisets
#   javascript   against pdfinfo -js (poppler's places) and, for places
#                poppler does not look at, any action object with /S
#                /JavaScript or a /JS key in qpdf --json
#   attachments  against pdfdetach -list (the /EmbeddedFiles tree and
#                FileAttachment annotations)
#   encryption   against qpdf --show-encryption
#   damage       against qpdf --check (exit status 3: warnings)
# collate inspect prints these facts as JSON (collate check --format json
# prints findings, not fonts).  A reference tool that fails or times out
# is reported, not counted as a disagreement.
#
# Output: one line per disagreement, "FILE: FACT: collate X, TOOL Y (reason)",
# then a count.  Exit status 0 whatever the disagreements (it measures).
# Needs python3, poppler-utils and qpdf.
set -uo pipefail

collate=${COLLATE:-build/collate}
timeout=60
while [ $# -gt 0 ]; do
  case $1 in
    --collate) collate=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [--collate BIN] [--timeout S] PDF-or-FOLDER..." >&2; exit 2; }
for t in python3 pdffonts pdfinfo pdfdetach qpdf; do
  command -v $t > /dev/null || { echo "$0: '$t' is needed" >&2; exit 2; }
done

exec python3 - "$collate" "$timeout" "$@" <<'EOF'
import json, os, re, subprocess, sys
from collections import Counter

collate, timeout, args = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
files = []
for a in args:
    if os.path.isdir(a):
        files += sorted(os.path.join(a, f) for f in os.listdir(a) if f.lower().endswith('.pdf'))
    else:
        files.append(a)

def run(cmd):
    """(exit status, stdout, stderr); status None on a timeout."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')
    except subprocess.TimeoutExpired:
        return None, '', 'timed out'

TYPES = ['CID TrueType (OT)', 'CID Type 0C (OT)', 'CID TrueType', 'CID Type 0C', 'CID Type 0',
         'Type 1C (OT)', 'TrueType (OT)', 'Type 1C', 'Type 1', 'Type 3', 'TrueType', 'unknown']

def pdffonts(path):
    rc, out, err = run(['pdffonts', path])
    if rc != 0:
        return None, err.strip().splitlines()[-1:] or ['failed']
    fonts = []
    for line in out.splitlines()[2:]:
        tok = line.split()
        if len(tok) < 7:
            continue
        emb = tok[-5] == 'yes'
        rest = ' '.join(tok[:-6])
        for t in TYPES:
            if rest.endswith(' ' + t) or rest == t:
                name = rest[:len(rest) - len(t)].strip()
                fonts.append((name if name != '[none]' else '[unnamed]', t, emb))
                break
        else:
            fonts.append((rest, '?', emb))
    return fonts, None

def font_key(f):
    name, kind, emb = f
    return (name, kind, None if kind == 'Type 3' else emb)

def qpdf_js(path):
    """Objects that are JavaScript-carrying actions, from qpdf --json."""
    rc, out, _ = run(['qpdf', '--json=2', '--json-key=qpdf', path])
    if rc not in (0, 3) or not out:
        return None
    try:
        objs = json.loads(out)['qpdf'][1]
    except (ValueError, KeyError, IndexError):
        return None
    hits = []
    def look(v, oid):
        if isinstance(v, dict):
            if v.get('/S') == '/JavaScript' or '/JS' in v:
                hits.append(oid)
            for x in v.values():
                look(x, oid)
        elif isinstance(v, list):
            for x in v:
                look(x, oid)
    for oid, o in objs.items():
        look(o.get('value', o.get('stream', {}).get('dict')), oid)
    return hits

def reference_encryption(path):
    rc, out, err = run(['qpdf', '--show-encryption', path])
    text = out + err
    if 'not encrypted' in text:
        return 'none'
    if 'Incorrect password' in text or 'invalid password' in text:
        return 'user-password'
    if rc is None or rc == 2:
        return None
    return 'owner-password' if 'not allowed' in text else 'empty-password'

disagreements = 0
checked = 0
def say(path, fact, msg):
    global disagreements
    disagreements += 1
    print(f'{path}: {fact}: {msg}')

for path in files:
    rc, out, err = run([collate, 'inspect', '--style', 'ieee-conference', path])
    try:
        info = json.loads(out)[0]
    except (ValueError, IndexError):
        print(f'{path}: collate inspect failed (status {rc}): {err.strip()[:160]}')
        continue
    checked += 1
    enc = reference_encryption(path)
    if enc is not None and enc != info['encryption']:
        say(path, 'encryption', f"collate {info['encryption']}, qpdf {enc}")
    if not info['readable']:
        if enc != 'user-password':
            say(path, 'readable', f"collate cannot read it ({info['unreadable_reason']})")
        continue

    ref, why = pdffonts(path)
    if ref is None:
        print(f'{path}: fonts: pdffonts failed ({why[0] if why else ""}); not compared')
    else:
        mine = Counter(font_key((f['name'], f['type'], f['embedded'])) for f in info['fonts'])
        theirs = Counter(font_key(f) for f in ref)
        for f, n in (mine - theirs).items():
            say(path, 'font', f'collate lists {f[0]} ({f[1]}, emb={f[2]}) x{n}, pdffonts does not')
        for f, n in (theirs - mine).items():
            say(path, 'font', f'pdffonts lists {f[0]} ({f[1]}, emb={f[2]}) x{n}, collate does not')

    rc, out, _ = run(['pdfinfo', '-js', path])
    pjs = bool(out.strip()) if rc == 0 else None  # with -js it prints only the scripts
    qjs = qpdf_js(path)
    mjs = info['javascript']
    if mjs and pjs is False and qjs == []:
        say(path, 'javascript', f'collate finds it ({mjs}), pdfinfo -js and qpdf find none')
    elif not mjs and (pjs or qjs):
        where = 'pdfinfo -js' if pjs else f'qpdf (objects {", ".join(qjs[:3])})'
        say(path, 'javascript', f'{where} finds JavaScript, collate does not')
    elif mjs and not pjs and qjs:
        print(f'{path}: javascript: agrees with qpdf (objects {", ".join(qjs[:3])}); '
              f'pdfinfo -js does not look there ({mjs})')

    rc, out, _ = run(['pdfdetach', '-list', path])
    if rc == 0:
        m = re.match(r'(\d+) embedded files', out)
        n = int(m.group(1)) if m else 0
        if n != info['attachments']:
            why = (' (pdfdetach reads only the /EmbeddedFiles tree and FileAttachment annotations;'
                   ' collate also /AF arrays and Screen/Movie media)' if n < info['attachments'] else '')
            say(path, 'attachments', f"collate {info['attachments']}, pdfdetach {n}{why}")

    rc, out, err = run(['qpdf', '--check', path])
    if rc is not None and rc != 2:
        warned = rc == 3
        if warned != bool(info['damage']):
            first = next((l for l in (out + err).splitlines() if 'WARNING' in l), '')
            first = first.replace(f'WARNING: {path}: ', '')
            why = ''
            if warned and ('lineariz' in first or 'end of first page' in first or 'hint' in first):
                why = ' (qpdf --check verifies the linearization hints; readers need not use them)'
            elif warned and 'object has offset 0' in first:
                why = (' (qpdf --check loads every object in the table; collate reads what the'
                       ' catalog and pages reach, and no reader loads this one)')
            say(path, 'damage', f"collate {info['damage'] or 'none'}; qpdf --check "
                f"{'warns: ' + first[:150] if warned else 'is clean'}{why}")

print(f'{checked} files compared, {disagreements} disagreements')
EOF
