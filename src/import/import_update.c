/* import_update: an export merged into an existing manifest by editing its
 * text at the places ydoc's located nodes give (see import/update.h). */
#include "import/update.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "base/util.h"
#include "manifest/manifest.h"
#include "manifest/ydoc.h"

/* A paper of the manifest, where it is in the text and as loaded. */
struct mpaper {
    const char *id;              /* borrowed from the ydoc */
    const struct ynode *map;     /* its mapping */
    size_t session;              /* index into sessions */
    const struct paper *loaded;  /* the loader's view */
};

struct msession {
    const struct ynode *map;     /* NULL for a flat 'papers:' list */
    const struct ynode *papers;  /* its papers sequence */
    const char *title;           /* borrowed; "" when untitled */
    size_t last;                 /* index into papers of its last paper, or SIZE_MAX */
    bool emptied;                /* every paper of it was commented out */
};

struct edit {
    size_t start, end;           /* bytes replaced (start == end: an insertion) */
    char *text;
    size_t order;                /* insertions at one place keep their order */
};

struct import_update {
    char *path;
    char *text;
    size_t len;
    struct ydoc *doc;
    struct manifest *m;
    struct mpaper *papers;
    size_t npapers, pcap;
    struct msession *sessions;
    size_t nsessions, scap;
    const struct ynode *sessions_seq; /* 'sessions', or NULL for a flat list */
    size_t *starts;              /* every node's first byte, sorted */
    size_t nstarts, stcap;
    size_t *lines;               /* first byte of each line */
    size_t nlines, lcap;
    struct edit *edits;
    size_t nedits, ecap;
    size_t changes;              /* papers added, changed or commented out */
};

/* ---- positions ---- */

static size_t offset_of(const struct import_update *up, const struct srcloc *loc)
{
    if (loc->line < 1 || (size_t)loc->line > up->nlines)
        return up->len;
    const char *p = up->text + up->lines[loc->line - 1];
    size_t left = up->len - (size_t)(p - up->text);
    for (int c = 1; c < loc->col && left > 0 && *p != '\n'; c++)
        utf8_next(&p, &left); /* libyaml counts columns in characters */
    return (size_t)(p - up->text);
}

static size_t line_start(const struct import_update *up, size_t off)
{
    while (off > 0 && up->text[off - 1] != '\n')
        off--;
    return off;
}

static void collect_starts(struct import_update *up, const struct ynode *n)
{
    *ARRAY_PUSH(up->starts, up->nstarts, up->stcap) = offset_of(up, &n->loc);
    for (size_t i = 0; i < n->n; i++)
        collect_starts(up, n->items[i]);
}

static size_t max_start(const struct import_update *up, const struct ynode *n)
{
    size_t m = offset_of(up, &n->loc);
    for (size_t i = 0; i < n->n; i++) {
        size_t c = max_start(up, n->items[i]);
        if (c > m)
            m = c;
    }
    return m;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Whether only spaces precede off on its line. */
static bool blank_before(const struct import_update *up, size_t off)
{
    for (size_t p = line_start(up, off); p < off; p++)
        if (up->text[p] != ' ' && up->text[p] != '\t')
            return false;
    return true;
}

/* The end of a node's text: where the next node starts, less the
 * whitespace, separators, item indicators and comment lines between. */
static size_t span_end(const struct import_update *up, const struct ynode *n)
{
    size_t last = max_start(up, n), next = up->len;
    for (size_t i = 0; i < up->nstarts; i++)
        if (up->starts[i] > last) {
            next = up->starts[i];
            break;
        }
    /* the last scalar itself: to the end of its line at least */
    size_t e = next;
    for (;;) {
        while (e > last && isspace((unsigned char)up->text[e - 1]))
            e--;
        if (e > last && (up->text[e - 1] == ',' || (up->text[e - 1] == '-' && blank_before(up, e - 1)) ||
                         (up->text[e - 1] == '?' && blank_before(up, e - 1)))) {
            e--;
            continue;
        }
        size_t ls = line_start(up, e ? e - 1 : 0);
        size_t q = ls;
        while (q < e && (up->text[q] == ' ' || up->text[q] == '\t'))
            q++;
        if (ls > last && q < e && up->text[q] == '#') { /* a comment line: not part of the node */
            e = ls;
            continue;
        }
        break;
    }
    return e;
}

/* The end of a scalar that starts at off; SIZE_MAX when it cannot be told. */
static size_t scalar_end(const struct import_update *up, const struct ynode *n, size_t off)
{
    const char *t = up->text;
    if (t[off] == '"') {
        for (size_t p = off + 1; p < up->len; p++) {
            if (t[p] == '\\')
                p++;
            else if (t[p] == '"')
                return p + 1;
        }
        return SIZE_MAX;
    }
    if (t[off] == '\'') {
        for (size_t p = off + 1; p < up->len; p++)
            if (t[p] == '\'') {
                if (p + 1 < up->len && t[p + 1] == '\'')
                    p++;
                else
                    return p + 1;
            }
        return SIZE_MAX;
    }
    if (t[off] == '|' || t[off] == '>')
        return SIZE_MAX;
    bool flow = false; /* inside [...] or {...} on this line */
    for (size_t p = line_start(up, off); p < off; p++)
        flow = flow || t[p] == '[' || t[p] == '{';
    size_t p = off;
    while (p < up->len && t[p] != '\n' && !(t[p] == '#' && p > off && (t[p - 1] == ' ' || t[p - 1] == '\t')) &&
           !(flow && (t[p] == ',' || t[p] == ']' || t[p] == '}')))
        p++;
    while (p > off && (t[p - 1] == ' ' || t[p - 1] == '\t'))
        p--;
    /* a plain scalar continued on the next lines is not edited */
    if (p - off != strlen(n->value) || strncmp(t + off, n->value, p - off))
        return SIZE_MAX;
    return p;
}

static void add_edit(struct import_update *up, size_t start, size_t end, char *text)
{
    *ARRAY_PUSH(up->edits, up->nedits, up->ecap) = (struct edit){start, end, text, up->nedits};
}

static char *spaces(size_t n)
{
    char *s = xmalloc(n + 1);
    memset(s, ' ', n);
    s[n] = '\0';
    return s;
}

/* ---- loading ---- */

static const struct paper *find_loaded(const struct manifest *m, const char *id)
{
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++)
            if (m->sessions[s].papers[i].id && !strcmp(m->sessions[s].papers[i].id, id))
                return &m->sessions[s].papers[i];
    return NULL;
}

static void add_papers(struct import_update *up, const struct ynode *seq, size_t session)
{
    struct msession *s = &up->sessions[session];
    s->papers = seq;
    s->last = SIZE_MAX;
    for (size_t i = 0; seq && seq->kind == YNODE_SEQ && i < seq->n; i++) {
        const struct ynode *map = seq->items[i];
        const struct ynode *id = ynode_get(map, "id");
        if (!id || id->kind != YNODE_SCALAR)
            continue;
        *ARRAY_PUSH(up->papers, up->npapers, up->pcap) =
            (struct mpaper){id->value, map, session, find_loaded(up->m, id->value)};
        s->last = i;
    }
}

struct import_update *import_update_load(const char *path)
{
    struct manifest *m = manifest_load_ex(path, false);
    if (!m) {
        diag_hint("--update needs a manifest that loads; fix the errors above first");
        return NULL;
    }
    struct import_update *up = xcalloc(1, sizeof(*up));
    up->path = xstrdup(path);
    up->m = m;
    up->text = read_file(path, &up->len);
    up->doc = up->text ? ydoc_load_buffer(path, up->text, up->len, 0) : NULL;
    if (!up->doc || !up->doc->root) {
        import_update_free(up);
        return NULL;
    }
    *ARRAY_PUSH(up->lines, up->nlines, up->lcap) = 0;
    for (size_t i = 0; i < up->len; i++)
        if (up->text[i] == '\n')
            *ARRAY_PUSH(up->lines, up->nlines, up->lcap) = i + 1;
    collect_starts(up, up->doc->root);
    qsort(up->starts, up->nstarts, sizeof(*up->starts), cmp_size);
    const struct ynode *root = up->doc->root;
    up->sessions_seq = ynode_get(root, "sessions");
    if (up->sessions_seq && up->sessions_seq->kind == YNODE_SEQ) {
        for (size_t s = 0; s < up->sessions_seq->n; s++) {
            const struct ynode *map = up->sessions_seq->items[s];
            const struct ynode *title = ynode_get(map, "title");
            *ARRAY_PUSH(up->sessions, up->nsessions, up->scap) =
                (struct msession){map, NULL, title && title->kind == YNODE_SCALAR ? title->value : "", SIZE_MAX, false};
            add_papers(up, ynode_get(map, "papers"), s);
        }
    } else {
        up->sessions_seq = NULL;
        *ARRAY_PUSH(up->sessions, up->nsessions, up->scap) = (struct msession){NULL, NULL, "", SIZE_MAX, false};
        add_papers(up, ynode_get(root, "papers"), 0);
    }
    return up;
}

void import_update_adopt_paths(const struct import_update *up, struct import_result *res)
{
    for (size_t i = 0; up && i < res->npapers; i++) {
        const struct paper *p = find_loaded(up->m, res->papers[i].id);
        if (p && p->pdf) {
            free(res->papers[i].pdf);
            res->papers[i].pdf = xstrdup(p->pdf);
        }
    }
}

/* ---- merging ---- */

static const struct mpaper *find_mpaper(const struct import_update *up, const char *id)
{
    for (size_t i = 0; i < up->npapers; i++)
        if (!strcmp(up->papers[i].id, id))
            return &up->papers[i];
    return NULL;
}

static bool same_text(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static bool same_authors(const struct paper *m, const struct import_paper *p)
{
    if (!m || m->nauthors != p->nauthors)
        return false;
    for (size_t i = 0; i < p->nauthors; i++) {
        const struct person *a = &m->authors[i];
        const struct import_author *b = &p->authors[i];
        if (!same_text(a->given, b->given) || !same_text(a->family, b->family) ||
            !same_text(a->affiliation, b->affiliation) || !same_text(a->email, b->email) ||
            !same_text(a->orcid, b->orcid))
            return false;
    }
    return true;
}

static void person_line(struct strbuf *sb, const char *sign, const char *given, const char *family,
                        const char *affiliation)
{
    strbuf_addf(sb, "\n  %s %s%s%s", sign, given ? given : "", given && given[0] ? " " : "", family ? family : "");
    if (affiliation && affiliation[0])
        strbuf_addf(sb, " (%s)", affiliation);
}

/* Replace a scalar value, or insert "key: value" at the end of the map. */
static void set_key(struct import_update *up, const struct ynode *map, const char *key, const char *quoted)
{
    const struct ynode *v = ynode_get(map, key);
    size_t off = offset_of(up, &map->loc);
    if (v && v->kind == YNODE_SCALAR) {
        size_t vo = offset_of(up, &v->loc), ve = scalar_end(up, v, vo);
        if (ve != SIZE_MAX && strncmp(up->text + vo, quoted, ve - vo))
            add_edit(up, vo, ve, xstrdup(quoted));
        return;
    }
    if (v || up->text[off] == '{') /* another shape, or a flow mapping: left alone */
        return;
    char *ind = spaces((size_t)(map->loc.col - 1));
    add_edit(up, span_end(up, map), span_end(up, map), xasprintf("\n%s%s: %s", ind, key, quoted));
    free(ind);
}

static char *quote(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    yaml_quote(&sb, s);
    return strbuf_detach(&sb);
}

static void update_paper(struct import_update *up, const struct mpaper *mp, const struct import_paper *p)
{
    const struct ynode *imp = ynode_get(mp->map, "imported");
    char *fp = import_paper_fingerprint(p);
    bool system_changed = !imp || imp->kind != YNODE_SCALAR || strcmp(imp->value, fp);
    struct strbuf diff = STRBUF_INIT;
    if (system_changed) {
        const struct ynode *title = ynode_get(mp->map, "title");
        if (title && title->kind == YNODE_SCALAR && strcmp(title->value, p->title)) {
            size_t off = offset_of(up, &title->loc), end = scalar_end(up, title, off);
            if (end == SIZE_MAX) {
                diag_warning(&title->loc, "paper '%s': the title changed in the export but is written over "
                                          "several lines here; not updated", p->id);
            } else {
                add_edit(up, off, end, quote(p->title));
                strbuf_addf(&diff, "\n  title:\n  - %s\n  + %s", title->value, p->title);
            }
        }
        const struct ynode *authors = ynode_get(mp->map, "authors");
        if (authors && authors->kind == YNODE_SEQ && !same_authors(mp->loaded, p)) {
            size_t off = offset_of(up, &authors->loc), end = span_end(up, authors);
            struct strbuf sb = STRBUF_INIT;
            bool flow = up->text[off] == '[';
            char *ind = spaces((size_t)(authors->loc.col - 1));
            if (flow)
                strbuf_addch(&sb, '[');
            for (size_t i = 0; i < p->nauthors; i++) {
                if (i)
                    strbuf_adds(&sb, flow ? ", " : "\n");
                if (i && !flow)
                    strbuf_adds(&sb, ind);
                if (!flow)
                    strbuf_adds(&sb, "- ");
                import_author_yaml(&sb, &p->authors[i]);
            }
            if (flow)
                strbuf_addch(&sb, ']');
            free(ind);
            add_edit(up, off, end, strbuf_detach(&sb));
            strbuf_adds(&diff, "\n  authors:");
            for (size_t i = 0; mp->loaded && i < mp->loaded->nauthors; i++)
                person_line(&diff, "-", mp->loaded->authors[i].given, mp->loaded->authors[i].family,
                            mp->loaded->authors[i].affiliation);
            for (size_t i = 0; i < p->nauthors; i++)
                person_line(&diff, "+", p->authors[i].given, p->authors[i].family, p->authors[i].affiliation);
        }
        char *q = quote(fp);
        set_key(up, mp->map, "imported", q);
        free(q);
    }
    if (p->pdf_sha256 || p->pdf_sha1) {
        char *q = quote(p->pdf_sha256 ? p->pdf_sha256 : p->pdf_sha1);
        set_key(up, mp->map, p->pdf_sha256 ? "pdf_sha256" : "pdf_sha1", q);
        free(q);
    }
    if (p->pdf_size > 0) {
        char *s = xasprintf("%lld", p->pdf_size);
        set_key(up, mp->map, "pdf_size", s);
        free(s);
    }
    if (diff.len) {
        diag_note(&mp->map->loc, "paper '%s' changed in the export:%s", p->id, strbuf_str(&diff));
        up->changes++;
    }
    strbuf_release(&diff);
    free(fp);
}

/* Comment a paper out, with why; its session keeps "papers: []" when it
 * was the last one. */
static void comment_out(struct import_update *up, const struct mpaper *mp, const char *why, bool last_of_session)
{
    size_t off = offset_of(up, &mp->map->loc);
    size_t ls = line_start(up, off);
    bool item = up->text[off] != '{';
    for (size_t p = ls; p < off && item; p++)
        item = up->text[p] == ' ' || up->text[p] == '-';
    if (!item) {
        diag_warning(&mp->map->loc, "paper '%s' is %s in the export; remove it by hand (it is not written as "
                                    "a block)", mp->id, why);
        return;
    }
    size_t end = span_end(up, mp->map);
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "# %s in the submission system; commented out by 'collate init --update'\n", why);
    for (size_t p = ls; p < end;) {
        size_t e = p;
        while (e < end && up->text[e] != '\n')
            e++;
        strbuf_adds(&sb, "# ");
        strbuf_add(&sb, up->text + p, e - p);
        if (e < end)
            strbuf_addch(&sb, '\n');
        p = e + 1;
    }
    add_edit(up, ls, end, strbuf_detach(&sb));
    const struct msession *s = &up->sessions[mp->session];
    if (last_of_session && s->papers) { /* "papers:" must stay a list */
        const struct ynode *key = NULL;
        const struct ynode *owner = s->map ? s->map : up->doc->root;
        for (size_t i = 0; i + 1 < owner->n; i += 2)
            if (owner->items[i + 1] == s->papers)
                key = owner->items[i];
        if (key) {
            size_t ko = offset_of(up, &key->loc) + strlen("papers");
            if (ko < up->len && up->text[ko] == ':')
                add_edit(up, ko + 1, ko + 1, xstrdup(" []"));
        }
    }
    diag_note(&mp->map->loc, "paper '%s' is %s in the export; commented out", mp->id, why);
    up->changes++;
}

/* The indentation of a session's paper items ("- id:" lines). */
static size_t item_indent(const struct import_update *up, const struct msession *s)
{
    if (s->last != SIZE_MAX)
        return (size_t)(s->papers->items[s->last]->loc.col - 1) - 2;
    return s->map ? (size_t)(s->map->loc.col - 1) + 2 : 2;
}

static void add_new_papers(struct import_update *up, const struct import_result *res, const char *dir)
{
    for (size_t i = 0; i < res->npapers; i++) {
        const struct import_paper *p = &res->papers[i];
        if (find_mpaper(up, p->id))
            continue;
        const char *want = p->session ? p->session : "Papers";
        size_t s = 0;
        bool found = !up->sessions_seq; /* a flat list takes every paper */
        for (size_t k = 0; k < up->nsessions && !found; k++)
            if (!strcmp(up->sessions[k].title, want)) {
                s = k;
                found = true;
            }
        struct strbuf sb = STRBUF_INIT;
        if (found && up->sessions[s].papers && up->sessions[s].last != SIZE_MAX) {
            const struct msession *ms = &up->sessions[s];
            char *ind = spaces(item_indent(up, ms));
            import_paper_yaml(&sb, p, dir, ind);
            free(ind);
            sb.buf[--sb.len] = '\0';
            size_t at = span_end(up, ms->papers->items[ms->last]);
            char *text = xasprintf("\n%s", sb.buf);
            add_edit(up, at, at, text);
            diag_note(&ms->papers->items[ms->last]->loc, "paper '%s' is new in the export; added to %s%s%s", p->id,
                      ms->map ? "session '" : "the papers", ms->map ? ms->title : "", ms->map ? "'" : "");
        } else if (up->sessions_seq && up->nsessions) {
            const struct msession *last = &up->sessions[up->nsessions - 1];
            size_t col = (size_t)(last->map->loc.col - 1);
            char *sind = spaces(col - 2), *pind = spaces(col + 2);
            strbuf_addf(&sb, "\n%s- title: ", sind);
            yaml_quote(&sb, want);
            strbuf_addf(&sb, "\n%s  papers:\n", sind);
            import_paper_yaml(&sb, p, dir, pind);
            sb.buf[--sb.len] = '\0';
            size_t at = span_end(up, last->map);
            add_edit(up, at, at, xstrdup(sb.buf));
            diag_note(&last->map->loc, "paper '%s' is new in the export; added in a new session '%s' at the end",
                      p->id, want);
            /* later papers of that session join it */
            struct msession *ns = ARRAY_PUSH(up->sessions, up->nsessions, up->scap);
            *ns = (struct msession){NULL, NULL, want, SIZE_MAX, false};
            ns->title = p->session ? p->session : "Papers";
            free(sind);
            free(pind);
            strbuf_release(&sb);
            up->changes++;
            continue;
        } else {
            diag_warning(NULL, "paper '%s' is new in the export but the manifest has no place for it; add it by hand",
                         p->id);
            strbuf_release(&sb);
            continue;
        }
        strbuf_release(&sb);
        up->changes++;
    }
}

static int cmp_edit(const void *a, const void *b)
{
    const struct edit *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

char *import_update_merge(struct import_update *up, const struct import_result *res,
                          const struct import_manifest_options *opts)
{
    char *dir = xstrdup(opts && opts->papers_dir ? opts->papers_dir : "papers");
    if (!strcmp(dir, "."))
        dir[0] = '\0';
    for (size_t i = 0; i < res->npapers; i++) {
        const struct mpaper *mp = find_mpaper(up, res->papers[i].id);
        if (mp)
            update_paper(up, mp, &res->papers[i]);
    }
    for (size_t i = 0; i < res->nskips; i++) {
        const struct mpaper *mp = find_mpaper(up, res->skips[i].id);
        if (!mp)
            continue;
        /* the last paper left in its session? */
        size_t left = 0;
        for (size_t k = 0; k < up->npapers; k++) {
            if (up->papers[k].session != mp->session)
                continue;
            bool gone = false;
            for (size_t j = 0; j < res->nskips && !gone; j++)
                gone = !strcmp(res->skips[j].id, up->papers[k].id);
            left += !gone;
        }
        bool empties = left == 0 && !up->sessions[mp->session].emptied;
        if (empties)
            up->sessions[mp->session].emptied = true;
        comment_out(up, mp, res->skips[i].why, empties);
    }
    for (size_t k = 0; k < up->npapers; k++) {
        bool known = false;
        for (size_t i = 0; i < res->npapers && !known; i++)
            known = !strcmp(res->papers[i].id, up->papers[k].id);
        for (size_t i = 0; i < res->nskips && !known; i++)
            known = !strcmp(res->skips[i].id, up->papers[k].id);
        if (!known)
            diag_note(&up->papers[k].map->loc, "paper '%s' is not in the export; kept", up->papers[k].id);
    }
    add_new_papers(up, res, dir);
    free(dir);
    /* apply the edits from the start; they do not overlap */
    if (up->nedits)
        qsort(up->edits, up->nedits, sizeof(*up->edits), cmp_edit);
    struct strbuf out = STRBUF_INIT;
    size_t at = 0;
    for (size_t i = 0; i < up->nedits; i++) {
        const struct edit *e = &up->edits[i];
        if (e->start < at) /* overlapping: keep the first (never expected) */
            continue;
        strbuf_add(&out, up->text + at, e->start - at);
        strbuf_adds(&out, e->text);
        at = e->end;
    }
    strbuf_add(&out, up->text + at, up->len - at);
    return strbuf_detach(&out);
}

enum import_write import_update_write(struct import_update *up, const char *text, size_t *changes)
{
    struct srcloc loc = {up->path, 0, 0};
    *changes = 0;
    if (!strcmp(text, up->text))
        return IMPORT_UNCHANGED;
    struct ydoc *check = ydoc_load_buffer(up->path, text, strlen(text), 0);
    if (!check) {
        diag_error(&loc, "the merged manifest would not load; nothing was written (please report this)");
        return IMPORT_INVALID;
    }
    ydoc_free(check);
    if (write_file_atomic(up->path, text, strlen(text)) != 0) {
        diag_error(&loc, "cannot write the manifest: %s", strerror(errno));
        return IMPORT_WRITE_FAILED;
    }
    *changes = up->changes ? up->changes : 1;
    return IMPORT_WRITTEN;
}

void import_update_free(struct import_update *up)
{
    if (!up)
        return;
    for (size_t i = 0; i < up->nedits; i++)
        free(up->edits[i].text);
    free(up->edits);
    free(up->lines);
    free(up->starts);
    free(up->papers);
    free(up->sessions);
    ydoc_free(up->doc);
    manifest_free(up->m);
    free(up->text);
    free(up->path);
    free(up);
}
