#!/usr/bin/env bash
# Compare what collate finds in PDFs with what the reference tools say, file
# by file, and print each disagreement with a one-line reason.
#
#   bench/compare-reference.sh [OPTIONS] PDF-or-FOLDER...
#   bench/compare-reference.sh --tsv FILE [--jobs N] --list PATHS-FILE
#   bench/compare-reference.sh --summary FILE
#
# For each PDF (folders: their *.pdf; with --recursive, below them too):
#   pages        the page count against pdfinfo
#   encryption   against qpdf --show-encryption
#   readable     collate opens it unless qpdf needs a user password
#   fonts        collate inspect's fonts against pdffonts: name, type, and
#                embedded (Type 3 fonts: embedded not compared), as multisets
#   embedded     the names of fonts not embedded (Type 3 aside), as sets:
#                what check's font_embedding finding reads
#   type3        how many Type 3 fonts: what check's type3_font reads
#   javascript   against pdfinfo -js (poppler's places) and, for places
#                poppler does not look at, any action object with /S
#                /JavaScript or a /JS key in qpdf --json
#   attachments  against pdfdetach -list (the /EmbeddedFiles tree and
#                FileAttachment annotations)
#   damage       against qpdf --check (exit status 3: warnings; 2 with
#                "errors detected": errors)
# collate inspect prints these facts as JSON (collate check --format json
# prints findings, not fonts); it never stops at a size finding.  A
# reference tool that fails or times out is reported, not counted as a
# disagreement.  Disagreements the reference tools are known to cause get
# a class name (see bench/reference-results.txt); others are "unexplained".
#
# Options:
#   --collate BIN   collate binary (default build/collate, or $COLLATE)
#   --timeout S     seconds allowed to each tool on each file (default 60)
#   --style NAME    the style collate inspect measures pages for (default
#                   ieee-conference); bench/structure-only.yml measures none,
#                   which is several times faster on long documents
#   --list FILE     also compare the PDFs named in FILE, one per line
#   --recursive     folders: every *.pdf below them
#   --tsv FILE      append one row per file and fact to FILE, tab-separated:
#                   path, fact, agree|disagree|skip, collate's value, the
#                   reference's value, class; a file's last row is its
#                   "_done" row.  Files with a _done row are skipped, so an
#                   interrupted run goes on where it stopped.  Prints the
#                   summary at the end instead of each disagreement.
#   --jobs N        files compared at a time (default 1)
#   --summary FILE  print the summary of a TSV and stop: per fact, agree /
#                   disagree / skip counts; disagreements by class, each
#                   with its files and both values
#
# Output without --tsv: one line per disagreement, "FILE: FACT: collate X,
# TOOL Y (reason)", then a count.  Exit status 0 whatever the disagreements
# (it measures).  Needs python3, poppler-utils and qpdf.
set -uo pipefail

collate=${COLLATE:-build/collate}
timeout=60 style=ieee-conference
list= tsv= summary= jobs=1 recursive=0
while [ $# -gt 0 ]; do
  case $1 in
    --collate) collate=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --style) style=$2; shift 2 ;;
    --list) list=$2; shift 2 ;;
    --tsv) tsv=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --summary) summary=$2; shift 2 ;;
    --recursive) recursive=1; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "$0: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || [ -n "$list" ] || [ -n "$summary" ] ||
  { echo "usage: $0 [OPTIONS] PDF-or-FOLDER... (--help)" >&2; exit 2; }
for t in python3 pdffonts pdfinfo pdfdetach qpdf; do
  command -v $t > /dev/null || { echo "$0: '$t' is needed" >&2; exit 2; }
done

export COMPARE_STYLE=$style
exec python3 - "$collate" "$timeout" "$list" "$tsv" "$jobs" "$summary" "$recursive" "$@" <<'EOF'
import json, os, re, subprocess, sys, threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

collate, timeout, listfile, tsv, jobs, summary, recursive = sys.argv[1:8]
timeout, jobs, recursive = int(timeout), max(1, int(jobs)), recursive == '1'
args = sys.argv[8:]
# Values of collate's column saying the fact is absent.
ABSENT = {'encryption': ('none',), 'readable': ('readable',), 'embedded': ('all embedded',),
          'type3': ('0',), 'javascript': ('none',), 'attachments': ('0',), 'damage': ('none',)}
FACTS = ['pages', 'encryption', 'readable', 'fonts', 'embedded', 'type3',
         'javascript', 'attachments', 'damage']

def clean(s):
    return re.sub(r'[\t\r\n]+', ' ', str(s))

# ---- the summary of a TSV ----

def load(path):
    """path -> its rows of the last complete run (ending with _done)."""
    done, pending = {}, defaultdict(list)
    if not os.path.exists(path):
        return done
    with open(path, encoding='utf-8', errors='replace') as f:
        for line in f:
            row = line.rstrip('\n').split('\t')
            if len(row) != 6:
                continue  # a line cut by an interruption
            if row[1] == '_done':
                done[row[0]] = pending.pop(row[0], []) + [row]
            else:
                pending[row[0]].append(row)
    return done

def print_summary(path):
    done = load(path)
    counts = defaultdict(Counter)
    classes = defaultdict(list)
    failed = []
    for rows in done.values():
        for p, fact, verdict, mine, theirs, cls in rows:
            if fact == '_done':
                if verdict != 'ok':
                    failed.append((p, mine, theirs))
                continue
            counts[fact][verdict] += 1
            if verdict == 'agree' and mine not in ABSENT.get(fact, ()):
                counts[fact]['present'] += 1
            if verdict == 'disagree':
                classes[(fact, cls)].append((p, mine, theirs))
    print(f'{len(done)} files; {len(done) - len(failed)} compared, {len(failed)} not '
          f'(collate inspect failed or timed out)')
    print(f'{"fact":<12} {"agree":>7} {"(present)":>9} {"disagree":>9} {"skip":>6}')
    for fact in FACTS:
        c = counts[fact]
        present = c['present'] if fact in ABSENT else ''
        print(f'{fact:<12} {c["agree"]:>7} {present:>9} {c["disagree"]:>9} {c["skip"]:>6}')
    print('(present: agreed files where the fact is there: JavaScript, attachments, Type 3 or\n'
          ' unembedded fonts, encryption, damage, unreadable)')
    print()
    for (fact, cls), items in sorted(classes.items(), key=lambda kv: (FACTS.index(kv[0][0]), kv[0][1])):
        print(f'{fact} / {cls}: {len(items)} files')
        for p, mine, theirs in sorted(items):
            print(f'  {p}\n    collate: {mine}\n    reference: {theirs}')
    if failed:
        print(f'not compared: {len(failed)} files')
        for p, mine, theirs in sorted(failed):
            print(f'  {p}: {mine} {theirs}')

if summary:
    print_summary(summary)
    sys.exit(0)

# ---- the files ----

files = []
def add_folder(a):
    if recursive:
        for d, _, names in sorted(os.walk(a)):
            files.extend(os.path.join(d, n) for n in sorted(names) if n.lower().endswith('.pdf'))
    else:
        files.extend(sorted(os.path.join(a, f) for f in os.listdir(a) if f.lower().endswith('.pdf')))
for a in args:
    (add_folder if os.path.isdir(a) else files.append)(a)
if listfile:
    with open(listfile) as f:
        files += [l.rstrip('\n') for l in f if l.strip()]

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
        return None, (err.strip().splitlines()[-1:] or ['failed'])[0]
    fonts = []
    for line in out.splitlines()[2:]:
        tok = line.split()
        # Object "[none]" (one token, not "num gen"): a font poppler made
        # up to draw an annotation that has no appearance stream.
        madeup = bool(tok) and tok[-1] == '[none]'
        if madeup:
            tok.append('')
        if len(tok) < 7:
            continue
        emb = tok[-5] == 'yes'
        rest = ' '.join(tok[:-6])
        for t in TYPES:
            if rest.endswith(' ' + t) or rest == t:
                name = rest[:len(rest) - len(t)].strip()
                name = name if name != '[none]' else '[unnamed]'
                fonts.append((name + (' [no object]' if madeup else ''), t, emb))
                break
        else:
            fonts.append((rest, '?', emb))
    return fonts, None

def font_key(f):
    name, kind, emb = f
    return (name, kind, None if kind == 'Type 3' else emb)

def font_text(f, n):
    return f'{f[0]} ({f[1]}{", emb" if f[2] else ", not emb" if f[2] is False else ""})' + (f' x{n}' if n > 1 else '')

def qpdf_objects(path):
    """The file's objects from qpdf --json ('obj:N G R' and 'trailer' ->
    value or stream dictionary), or None.  Key '_streams': the keys of
    the streams."""
    rc, out, _ = run(['qpdf', '--json=2', '--json-key=qpdf', path])
    if rc not in (0, 3) or not out:
        return None
    try:
        objs = json.loads(out)['qpdf'][1]
    except (ValueError, KeyError, IndexError):
        return None
    streams = {k for k, o in objs.items() if 'stream' in o}
    objs = {k: o.get('value', o.get('stream', {}).get('dict')) for k, o in objs.items()}
    objs['_streams'] = streams
    return objs

def qpdf_js(objs):
    """Objects that are JavaScript-carrying actions."""
    if objs is None:
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
        look(o, oid)
    return hits

def reachable(objs, start=None, skip=()):
    """Object numbers the trailer (or start) reaches through references,
    not going through dictionary keys in skip."""
    seen, todo = set(), [objs.get('trailer') if start is None else start]
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            todo.extend(x for k, x in v.items() if k not in skip)
        elif isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, str) and re.fullmatch(r'\d+ \d+ R', v):
            n = int(v.split()[0])
            if n not in seen:
                seen.add(n)
                todo.append(objs.get(f'obj:{v}'))
    return seen

def font_names(objs, res, depth=0):
    """Names of a resource dictionary's fonts and its forms' and patterns'
    (where pdffonts looks), as pdffonts names them."""
    get = lambda v: objs.get(f'obj:{v}') if isinstance(v, str) and v.endswith(' R') else v
    res, names = get(res), set()
    if not isinstance(res, dict) or depth > 8:
        return names
    fonts = get(res.get('/Font'))
    for f in (fonts.values() if isinstance(fonts, dict) else []):
        f = get(f)
        if isinstance(f, dict):
            base = f.get('/BaseFont')
            names.add(base[1:] if isinstance(base, str) else '[unnamed]')
    for kind in ('/XObject', '/Pattern'):
        xobjs = get(res.get(kind))
        for x in (xobjs.values() if isinstance(xobjs, dict) else []):
            x = get(x)
            if isinstance(x, dict):
                names |= font_names(objs, x.get('/Resources'), depth + 1)
    return names

LOOKS = 'fonts of appearances not shown by default: down, rollover, other states (pdffonts reads the current one)'
INDIRECT_N = 'fonts of appearance states behind an indirect /N dictionary (poppler does not resolve it)'
SMASK = 'fonts of soft-mask groups (pdffonts does not look in /ExtGState)'
FORM = 'form /DR fonts with /NeedAppearances (pdffonts reads only existing appearances)'

def extra_font_places(objs):
    """{class: font names} for places pdffonts does not look in:
    annotations' appearances other than the current normal one, states
    of an /N given as a reference to a dictionary (poppler 22 takes the
    reference for a stream and finds none), soft-mask groups, and the
    form's /DR when the viewer makes the fields' appearances."""
    get = lambda v: objs.get(f'obj:{v}') if isinstance(v, str) and v.endswith(' R') else v
    is_stream = lambda v: isinstance(v, str) and f'obj:{v}' in objs.get('_streams', ())
    places = defaultdict(set)
    def fonts_of(v):
        st = get(v)
        return font_names(objs, st.get('/Resources')) if isinstance(st, dict) else set()
    for o in objs.values():
        if not isinstance(o, dict):
            continue
        ap = get(o.get('/AP'))
        if isinstance(ap, dict):
            state = o.get('/AS')
            for k in ('/N', '/D', '/R'):
                v = ap.get(k)
                if is_stream(v):
                    if k != '/N':
                        places[LOOKS] |= fonts_of(v)
                    continue
                states = get(v)
                if not isinstance(states, dict):
                    continue
                for name, st in states.items():
                    cls = (INDIRECT_N if k == '/N' and isinstance(v, str)
                           else LOOKS if k != '/N' or name != state else None)
                    if cls:
                        places[cls] |= fonts_of(st)
        todo = [o]  # graphics states are often direct dictionaries
        while todo:
            v = todo.pop()
            if isinstance(v, list):
                todo.extend(v)
            elif isinstance(v, dict):
                smask = get(v.get('/SMask'))
                if isinstance(smask, dict) and '/G' in smask:
                    places[SMASK] |= fonts_of(smask['/G'])
                todo.extend(v.values())
        af = get(o.get('/AcroForm')) if o.get('/Type') == '/Catalog' else None
        if isinstance(af, dict) and af.get('/NeedAppearances') is True:
            places[FORM] |= font_names(objs, get(af.get('/DR')))
    return places

def place_class(objs, names):
    """The classes of extra_font_places that cover names, or ''."""
    places = extra_font_places(objs or {})
    classes = set()
    for n in names:
        cls = next((c for c in (FORM, LOOKS, INDIRECT_N, SMASK) if n in places[c]), None)
        if cls is None:
            return ''
        classes.add(cls)
    return ' + '.join(sorted(classes))

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

MADE_UP = 'pdffonts lists a font poppler makes up for an annotation without appearance'

# qpdf --check warnings collate does not count as damage on purpose (the
# oddities: those pdfstruct.c's warning_kinds lists with no repair).
LINEARIZATION = ('lineariz', 'hint', 'nshared', 'end of first page', 'shared identifier', 'shared object',
                 'object count mismatch for page', 'first page object', 'page offset')
ODDITIES = ('reported number of objects', 'trailer dictionary lacks /Size', 'invalid /ID in trailer',
            'dictionary has duplicated key', 'expected endobj', 'stream keyword followed by carriage return',
            'stream keyword not followed by proper line terminator')

LINEARIZED = 'qpdf --check verifies linearization hints'
ODDITY = 'an oddity every reader reads past'
OBJECT0 = 'xref entry of object 0 marked in use (no reader loads object 0)'
CONTENT = 'syntax error in a page content stream (readers skip the operator)'
UNREFERENCED = 'broken object nothing references'
STRUCTURE = 'broken object only the structure tree reaches (collate reads its /K and /AF)'

# What qpdf says of every repaired file, whatever was wrong: the other
# warnings tell what.
BOILERPLATE = (': file is damaged', 'Attempting to reconstruct cross-reference table')

def referenced(objs):
    """Object numbers some reference names."""
    refs, todo = set(), list(v for k, v in objs.items() if k != '_streams')
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            todo.extend(v.values())
        elif isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, str) and re.fullmatch(r'\d+ \d+ R', v):
            refs.add(int(v.split()[0]))
    return refs

def structure_read(objs):
    """Object numbers of the structure tree collate reads: /K to the
    leaves, and each element's /AF."""
    get = lambda v: objs.get(f'obj:{v}') if isinstance(v, str) and v.endswith(' R') else v
    root = get(get(objs.get('trailer', {}).get('/Root')) or {})
    seen, todo = set(), [root.get('/StructTreeRoot') if isinstance(root, dict) else None]
    while todo:
        v = todo.pop()
        if isinstance(v, str) and v.endswith(' R'):
            n = int(v.split()[0])
            if n in seen:
                continue
            seen.add(n)
            v = get(v)
        if isinstance(v, list):
            todo.extend(v)
        elif isinstance(v, dict):
            todo.extend(v.get(k) for k in ('/K', '/AF') if k in v)
    return seen

def warning_class(w, path, objs, context):
    """The class of one qpdf --check warning (the whole line, the file name
    replaced) collate does not count as damage on purpose, or None.
    context caches what several warnings need."""
    if any(k in w for k in LINEARIZATION):
        return LINEARIZED
    if any(k in w for k in ODDITIES):
        return ODDITY
    if objs is None:
        return None
    if 'referenced' not in context:
        context['referenced'] = referenced(objs)
        context['reachable'] = reachable(objs)
        context['outside_tree'] = reachable(objs, skip=('/StructTreeRoot',)) | structure_read(objs)
    # An object the hint tables name that does not exist (the hint check
    # asks for it; no reference does).
    m = re.search(r'no xref table entry for (\d+) \d+$', w)
    if m and context.get('linearized') and int(m.group(1)) not in context['referenced']:
        return LINEARIZED
    named = {int(n) for n in re.findall(r'\bobject (\d+) \d+\b', w)}
    if w.endswith('object has offset 0') and not named:
        if 'xref0' not in context:
            rc, out, _ = run(['qpdf', '--show-xref', path])
            # (qpdf names any other object it warns of)
            context['xref0'] = rc in (0, 3) and re.search(r'^0/\d+: uncompressed; offset = 0$', out, re.M) is not None
        return OBJECT0 if context['xref0'] else None
    if re.search(r'\(content, offset \d+\)', w):
        return CONTENT
    # qpdf --check loads every object of the table; readers load what they
    # reach, collate what it reads.
    if named and not named & context['reachable']:
        return UNREFERENCED
    if named and not named & context['outside_tree']:
        return STRUCTURE
    return None

def compare(path):
    """Rows (fact, verdict, collate, reference, class) for one file."""
    rows = []
    def row(fact, agree, mine, theirs, cls=''):
        rows.append((fact, 'agree' if agree else 'disagree', mine, theirs, '' if agree else cls or 'unexplained'))
    def skip(fact, why):
        rows.append((fact, 'skip', '', why, ''))

    rc, out, err = run([collate, 'inspect', '--style', os.environ['COMPARE_STYLE'], path])
    try:
        info = json.loads(out)[0]
    except (ValueError, IndexError):
        rows.append(('_done', 'failed', f'collate inspect failed (status {rc})', err.strip()[:160], ''))
        return rows

    enc = reference_encryption(path)
    if enc is None:
        skip('encryption', 'qpdf --show-encryption failed')
    else:
        row('encryption', enc == info['encryption'], info['encryption'], enc)
    if not info['readable']:
        row('readable', enc == 'user-password', f"unreadable: {info['unreadable_reason']}",
            'qpdf: needs a user password' if enc == 'user-password' else 'qpdf opens it',
            'collate stopped at its inspection time limit (wall clock)'
            if 'took longer than' in (info['unreadable_reason'] or '') else '')
        rows.append(('_done', 'ok', '', '', ''))
        return rows
    row('readable', True, 'readable', 'readable')

    rc, out, _ = run(['pdfinfo', path])
    m = re.search(r'^Pages:\s+(\d+)', out, re.M) if rc == 0 else None
    if m:
        row('pages', int(m.group(1)) == len(info['pages']), len(info['pages']), int(m.group(1)))
    else:
        skip('pages', 'pdfinfo failed')

    objs = qpdf_objects(path)
    ref, why = pdffonts(path)
    if ref is None:
        for fact in ('fonts', 'embedded', 'type3'):
            skip(fact, f'pdffonts failed: {why}')
    else:
        minef = [(f['name'], f['type'], f['embedded']) for f in info['fonts']]
        mine = Counter(font_key(f) for f in minef)
        theirs = Counter(font_key(f) for f in ref)
        only_mine, only_theirs = mine - theirs, theirs - mine
        cls = ''
        if only_theirs and not only_mine and all(f[0].endswith(' [no object]') for f in only_theirs):
            cls = MADE_UP
        elif only_theirs and not only_mine:
            cls = 'pdffonts lists more'
        elif only_mine and not only_theirs:
            cls = place_class(objs, {f[0] for f in only_mine}) or 'collate lists more'
        elif only_mine and only_theirs:
            cls = 'font kind or embedding differs'
        row('fonts', not only_mine and not only_theirs,
            f'{len(minef)} fonts' + ('; only collate: ' + ', '.join(font_text(f, n) for f, n in sorted(only_mine.items(), key=str))[:600] if only_mine else ''),
            f'{len(ref)} fonts' + ('; only pdffonts: ' + ', '.join(font_text(f, n) for f, n in sorted(only_theirs.items(), key=str))[:600] if only_theirs else ''),
            cls)
        def unembedded(fs):
            return sorted({f[0] for f in fs if f[1] != 'Type 3' and not f[2]})
        mu, tu = unembedded(minef), unembedded(ref)
        extra = set(tu) - set(mu)
        cls = MADE_UP if set(mu) <= set(tu) and all(n.endswith(' [no object]') for n in extra) else ''
        if set(tu) < set(mu):
            cls = place_class(objs, set(mu) - set(tu))
        row('embedded', mu == tu, ', '.join(mu)[:600] or 'all embedded', ', '.join(tu)[:600] or 'all embedded', cls)
        m3 = sum(f[1] == 'Type 3' for f in minef)
        t3 = sum(f[1] == 'Type 3' for f in ref)
        more3 = {f[0] for f in only_mine if f[1] == 'Type 3'}
        row('type3', m3 == t3, m3, t3, place_class(objs, more3) if m3 > t3 and not any(f[1] == 'Type 3' for f in only_theirs) else '')

    rc, out, _ = run(['pdfinfo', '-js', path])
    pjs = bool(out.strip()) if rc == 0 else None  # with -js it prints only the scripts
    mjs = info['javascript']
    qjs = qpdf_js(objs)
    if pjs is None and qjs is None:
        skip('javascript', 'pdfinfo -js and qpdf --json failed')
    else:
        ref_has = bool(pjs) or bool(qjs)
        theirs = ('pdfinfo -js: ' + ('yes' if pjs else 'no' if pjs is False else 'failed') + '; qpdf: ' +
                  (('objects ' + ', '.join(qjs[:5])) if qjs else 'none' if qjs == [] else 'failed'))
        cls = ''
        if not mjs and qjs and not pjs:
            cls = 'JavaScript object no reader reaches'
        row('javascript', bool(mjs) == ref_has, mjs or 'none', theirs, cls)

    rc, out, _ = run(['pdfdetach', '-list', path])
    if rc == 0:
        m = re.match(r'(\d+) embedded files', out)
        n = int(m.group(1)) if m else 0
        names = re.findall(r'^\d+: (.*)$', out, re.M)
        cls = ''
        # The embedded file streams file specifications name, wherever.
        files = {v.get(k) for o in (objs or {}).values() if isinstance(o, dict)
                 for v in [o.get('/EF')] if isinstance(v, dict) for k in ('/F', '/UF')} - {None}
        if n < info['attachments'] == len(files):
            cls = 'pdfdetach does not read /AF or media'
        elif n > info['attachments'] and len(set(names)) == info['attachments']:
            cls = 'one file listed once per annotation by pdfdetach'
        row('attachments', n == info['attachments'], info['attachments'], n, cls)
    else:
        skip('attachments', 'pdfdetach failed')

    rc, out, err = run(['qpdf', '--check', path])
    lines = [l for l in (out + err).splitlines() if l.startswith(('WARNING', 'ERROR'))]
    if rc is None or (rc == 2 and 'errors detected' not in out + err):
        skip('damage', 'qpdf --check ' + ('timed out' if rc is None else 'failed'))
    else:
        warned = rc in (2, 3)  # 2: errors (it could not read something), 3: warnings
        cls = ''
        if warned and not info['damage'] and lines:
            context = {'linearized': 'File is linearized' in out}
            # Classed without the file name, which may hold any word.
            kinds = {warning_class(l.replace(path, '[file]', 1), path, objs, context) for l in lines
                     if not l.endswith(BOILERPLATE)} or {None}
            cls = '' if None in kinds else ' + '.join(sorted(kinds))
        shown = [re.sub(r'^(WARNING|ERROR): .*?(: | \((?=object|page|offset))',
                        lambda m: '' if m.group(2) == ': ' else '(', l) for l in lines]
        row('damage', warned == bool(info['damage']), info['damage'] or 'none',
            (('errors: ' if rc == 2 else 'warns: ') + ' | '.join(shown))[:400] if warned else 'clean', cls)
    rows.append(('_done', 'ok', '', '', ''))
    return rows

# ---- a run ----

if tsv:
    done = load(tsv)
    todo = [p for p in dict.fromkeys(files) if p not in done]
    print(f'{len(files)} files, {len(files) - len(todo)} already in {tsv}, {len(todo)} to compare',
          file=sys.stderr)
    lock = threading.Lock()
    out = open(tsv, 'a', encoding='utf-8')
    count = [0]
    def one(p):
        rows = compare(p)
        block = ''.join('\t'.join([clean(p)] + [clean(x) for x in r]) + '\n' for r in rows)
        with lock:
            out.write(block)
            out.flush()
            count[0] += 1
            if count[0] % 100 == 0:
                print(f'{count[0]}/{len(todo)}', file=sys.stderr)
    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(one, todo))
    out.close()
    print_summary(tsv)
    sys.exit(0)

disagreements = checked = 0
for path in files:
    rows = compare(path)
    if rows[-1][1] == 'failed':
        print(f'{path}: {rows[-1][2]}: {rows[-1][3]}')
        continue
    checked += 1
    for fact, verdict, mine, theirs, cls in rows:
        if verdict == 'disagree':
            disagreements += 1
            print(f'{path}: {fact}: collate {mine}; reference {theirs}' + (f' ({cls})' if cls != 'unexplained' else ''))
        elif verdict == 'skip':
            print(f'{path}: {fact}: not compared ({theirs})')
print(f'{checked} files compared, {disagreements} disagreements')
EOF
