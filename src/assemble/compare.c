/* compare: object-level equality of two volumes outside one paper's pages
 * (see compare.h).  The two object graphs are walked side by side; a pair
 * of indirect objects is recorded as equal when it is first entered, so
 * shared objects (fonts, the stamp's resources) are compared once and
 * reference loops end. */
#include "assemble/compare.h"

#include <stdlib.h>
#include <string.h>

#include "assemble_internal.h"
#include "base/util.h"

#define MAX_NESTING 256 /* direct objects inside each other */

/* The two documents being compared. */
struct cmp {
    qpdf_data q[2];        /* published, rebuilt */
    struct idmap pages[2]; /* page object → page index */
    struct idmap pair;     /* published object → the rebuilt object it was matched with */
};

static bool same(struct cmp *c, qpdf_oh x, qpdf_oh y, int depth);

/* The keys of a dictionary, copied (libqpdf has one key iterator per
 * document, and the walk recurses).  Caller frees with free_keys. */
static char **dict_keys(qpdf_data q, qpdf_oh dict, size_t *n)
{
    size_t cap = 0;
    char **keys = NULL;
    *n = 0;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        *ARRAY_PUSH(keys, *n, cap) = xstrdup(k);
    }
    return keys;
}

static void free_keys(char **keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(keys[i]);
    free(keys);
}

static bool same_dict(struct cmp *c, qpdf_oh x, qpdf_oh y, int depth)
{
    qpdf_data a = c->q[0], b = c->q[1];
    size_t nx, ny;
    char **kx = dict_keys(a, x, &nx);
    char **ky = dict_keys(b, y, &ny);
    bool eq = nx == ny;
    for (size_t i = 0; eq && i < nx; i++) {
        eq = strcmp(kx[i], ky[i]) == 0; /* libqpdf keeps keys sorted */
        if (!eq)
            break;
        qpdf_oh vx = qpdf_oh_get_key(a, x, kx[i]), vy = qpdf_oh_get_key(b, y, ky[i]);
        eq = same(c, vx, vy, depth + 1);
        qpdf_oh_release(a, vx);
        qpdf_oh_release(b, vy);
    }
    free_keys(kx, nx);
    free_keys(ky, ny);
    return eq;
}

static bool same_stream(struct cmp *c, qpdf_oh x, qpdf_oh y, int depth)
{
    qpdf_data a = c->q[0], b = c->q[1];
    qpdf_oh dx = qpdf_oh_get_dict(a, x), dy = qpdf_oh_get_dict(b, y);
    bool eq = same_dict(c, dx, dy, depth + 1);
    qpdf_oh_release(a, dx);
    qpdf_oh_release(b, dy);
    if (!eq)
        return false;
    unsigned char *bx = NULL, *by = NULL;
    size_t lx = 0, ly = 0;
    QPDF_BOOL fx, fy;
    qpdf_oh_get_stream_data(a, x, qpdf_dl_none, &fx, &bx, &lx);
    qpdf_oh_get_stream_data(b, y, qpdf_dl_none, &fy, &by, &ly);
    eq = lx == ly && (lx == 0 || (bx && by && memcmp(bx, by, lx) == 0));
    free(bx);
    free(by);
    return eq;
}

/* Whether x of the published document equals y of the rebuilt one. */
static bool same(struct cmp *c, qpdf_oh x, qpdf_oh y, int depth)
{
    qpdf_data a = c->q[0], b = c->q[1];
    if (depth > MAX_NESTING)
        return false;
    bool ix = qpdf_oh_is_indirect(a, x), iy = qpdf_oh_is_indirect(b, y);
    if (ix != iy)
        return false;
    if (ix) {
        int id = qpdf_oh_get_object_id(a, x), gen = qpdf_oh_get_generation(a, x);
        int idy = qpdf_oh_get_object_id(b, y), geny = qpdf_oh_get_generation(b, y);
        int px = idmap_get(&c->pages[0], id, gen), py = idmap_get(&c->pages[1], idy, geny);
        if (px >= 0 || py >= 0)
            return px == py; /* a page: the same page number */
        int seen = idmap_get(&c->pair, id, gen);
        if (seen >= 0)
            return seen == idy;
        idmap_put(&c->pair, id, gen, idy);
    }
    enum qpdf_object_type_e tx = qpdf_oh_get_type_code(a, x), ty = qpdf_oh_get_type_code(b, y);
    if (tx != ty)
        return false;
    switch (tx) {
    case ot_stream:
        return same_stream(c, x, y, depth);
    case ot_dictionary:
        return same_dict(c, x, y, depth);
    case ot_array: {
        int n = qpdf_oh_get_array_n_items(a, x);
        if (n != qpdf_oh_get_array_n_items(b, y))
            return false;
        bool eq = true;
        for (int i = 0; eq && i < n; i++) {
            qpdf_oh vx = qpdf_oh_get_array_item(a, x, i), vy = qpdf_oh_get_array_item(b, y, i);
            eq = same(c, vx, vy, depth + 1);
            qpdf_oh_release(a, vx);
            qpdf_oh_release(b, vy);
        }
        return eq;
    }
    default: {
        /* Scalars: their PDF syntax (the buffers belong to different documents). */
        const char *sx = qpdf_oh_unparse_resolved(a, x), *sy = qpdf_oh_unparse_resolved(b, y);
        return sx && sy && strcmp(sx, sy) == 0;
    }
    }
}

/* Page object → page index of q. */
static int index_pages(qpdf_data q, struct idmap *m)
{
    int n = qpdf_get_num_pages(q);
    for (int i = 0; i < n; i++) {
        qpdf_oh p = qpdf_get_page_n(q, (size_t)i);
        idmap_put(m, qpdf_oh_get_object_id(q, p), qpdf_oh_get_generation(q, p), i);
        qpdf_oh_release(q, p);
    }
    return n;
}

/* The page a destination (array or GoTo) of an outline item leads to, as
 * text: "page N", or its PDF syntax when it names no page. */
static void dest_text(qpdf_data q, const struct idmap *pages, qpdf_oh item, struct strbuf *sb)
{
    enum dest_place place;
    qpdf_oh d = dest_of(q, item, &place);
    qpdf_oh first = d && qpdf_oh_is_array(q, d) ? qpdf_oh_get_array_item(q, d, 0) : 0;
    int page = first && qpdf_oh_is_indirect(q, first)
                   ? idmap_get(pages, qpdf_oh_get_object_id(q, first), qpdf_oh_get_generation(q, first)) : -1;
    if (page >= 0)
        strbuf_addf(sb, "page %d", page);
    else if (d)
        strbuf_adds(sb, qpdf_oh_unparse(q, d));
    /* the view parameters after the page */
    for (int k = 1; d && page >= 0 && k < qpdf_oh_get_array_n_items(q, d); k++) {
        qpdf_oh v = qpdf_oh_get_array_item(q, d, k);
        strbuf_addf(sb, " %s", qpdf_oh_unparse(q, v));
        qpdf_oh_release(q, v);
    }
    if (first)
        qpdf_oh_release(q, first);
    if (d)
        qpdf_oh_release(q, d);
}

/* The outline of q, one line per bookmark ("depth|title|count|dest"), the
 * bookmarks under the paper's own entry (at the first two levels, to its
 * first page, with its title) left out and its count with them. */
static void outline_lines(qpdf_data q, const struct idmap *pages, int paper_page, const char *paper_title,
                          struct strbuf *sb)
{
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh outlines = qpdfh_key(q, root, "/Outlines");
    qpdf_oh stack[MAX_DEPTH];
    int depth = 0, budget = MAX_BOOKMARKS * 8;
    struct idmap seen = {0};
    stack[0] = qpdfh_key(q, outlines, "/First");
    while (depth >= 0 && budget-- > 0) {
        qpdf_oh item = stack[depth];
        if (!qpdf_oh_is_dictionary(q, item) ||
            !idmap_put(&seen, qpdf_oh_get_object_id(q, item), qpdf_oh_get_generation(q, item), 0)) {
            qpdf_oh_release(q, item);
            if (--depth >= 0) {
                qpdf_oh next = qpdfh_key(q, stack[depth], "/Next");
                qpdf_oh_release(q, stack[depth]);
                stack[depth] = next;
            }
            continue;
        }
        qpdf_oh title = qpdfh_key(q, item, "/Title");
        const char *text = "";
        size_t len = 0;
        if (!qpdf_oh_get_value_as_utf8(q, title, &text, &len))
            text = "", len = 0;
        struct strbuf dest = STRBUF_INIT;
        dest_text(q, pages, item, &dest);
        char *want = xasprintf("page %d", paper_page);
        const char *d = strbuf_str(&dest);
        size_t wl = strlen(want);
        bool own = depth < 2 && paper_page >= 0 && strncmp(d, want, wl) == 0 && (d[wl] == ' ' || !d[wl]) &&
                   strlen(paper_title) == len && memcmp(paper_title, text, len) == 0;
        free(want);
        qpdf_oh count = qpdfh_key(q, item, "/Count");
        strbuf_addf(sb, "%d|%.*s|%s|%s\n", depth, (int)len, text, own ? "" : qpdf_oh_unparse(q, count),
                    strbuf_str(&dest));
        strbuf_release(&dest);
        qpdf_oh_release(q, count);
        qpdf_oh_release(q, title);
        qpdf_oh kids = own ? 0 : qpdfh_key(q, item, "/First");
        if (kids && qpdf_oh_is_dictionary(q, kids) && depth + 1 < MAX_DEPTH) {
            stack[++depth] = kids;
        } else {
            if (kids)
                qpdf_oh_release(q, kids);
            stack[depth] = qpdfh_key(q, item, "/Next");
            qpdf_oh_release(q, item);
        }
    }
    for (int i = 0; i <= depth && i < MAX_DEPTH; i++)
        qpdf_oh_release(q, stack[i]);
    idmap_clear(&seen);
    qpdf_oh_release(q, outlines);
    qpdf_oh_release(q, root);
}

/* What is on vpage i of the plan, for a message. */
static char *page_what(const struct volume *v, size_t i)
{
    const struct vpage *p = &v->pages[i];
    char *label = volume_page_label(v, (int)i);
    char *s;
    if (p->kind == VP_PAPER)
        s = xasprintf("page %s (paper '%s')", label, v->papers[p->paper].paper->id);
    else if (p->kind == VP_GENERATED && v->parts[p->part].part->title)
        s = xasprintf("page %s (%s)", label, v->parts[p->part].part->title);
    else
        s = xasprintf("page %s", label);
    free(label);
    return s;
}

/* The catalog without its outline, and the document info. */
static bool same_document(struct cmp *c)
{
    bool eq = true;
    for (int k = 0; eq && k < 2; k++) {
        qpdf_oh x = k ? qpdf_get_trailer(c->q[0]) : qpdf_get_root(c->q[0]);
        qpdf_oh y = k ? qpdf_get_trailer(c->q[1]) : qpdf_get_root(c->q[1]);
        if (k) { /* the trailer's /Info; its /ID is content-derived */
            qpdf_oh ix = qpdfh_key(c->q[0], x, "/Info"), iy = qpdfh_key(c->q[1], y, "/Info");
            eq = same(c, ix, iy, 0);
            qpdf_oh_release(c->q[0], ix);
            qpdf_oh_release(c->q[1], iy);
        } else {
            qpdf_oh_remove_key(c->q[0], x, "/Outlines");
            qpdf_oh_remove_key(c->q[1], y, "/Outlines");
            eq = same(c, x, y, 0);
        }
        qpdf_oh_release(c->q[0], x);
        qpdf_oh_release(c->q[1], y);
    }
    return eq;
}

bool volume_compare_except(const struct volume *plan, const char *published, const char *rebuilt, int paper)
{
    const struct vpaper *vp = &plan->papers[paper];
    struct cmp c = {{qpdfh_new(), qpdfh_new()}, {{0}, {0}}, {0}};
    struct srcloc loc = {published, 0, 0};
    const char *files[2] = {published, rebuilt};
    bool ok = true;
    for (int k = 0; ok && k < 2; k++) {
        qpdf_read(c.q[k], files[k], NULL);
        struct srcloc l = {files[k], 0, 0};
        ok = !qpdfh_failed(c.q[k], &l, "cannot read the volume");
    }
    int n[2] = {0, 0};
    for (int k = 0; ok && k < 2; k++)
        n[k] = index_pages(c.q[k], &c.pages[k]);
    if (ok && (n[0] != n[1] || (size_t)n[1] != plan->npages)) {
        diag_error(&loc, "the rebuilt volume has %d pages, the published one %d", n[1], n[0]);
        ok = false;
    }
    /* The paper's range, with the blank pages that pad it. */
    int first = vp->first_vpage, end = first;
    while (first >= 0 && (size_t)end < plan->npages &&
           (plan->pages[end].kind == VP_PAPER ? plan->pages[end].paper == paper : end > first &&
            plan->pages[end].kind == VP_BLANK && end - first < vp->reserved))
        end++;
    for (int i = 0; ok && i < n[0]; i++) {
        if (i >= first && i < end)
            continue;
        qpdf_oh x = qpdf_get_page_n(c.q[0], (size_t)i), y = qpdf_get_page_n(c.q[1], (size_t)i);
        /* the pages themselves, not as references to a page number */
        bool eq = same_dict(&c, x, y, 0);
        qpdf_oh_release(c.q[0], x);
        qpdf_oh_release(c.q[1], y);
        if (!eq) {
            char *what = page_what(plan, (size_t)i);
            diag_error(&loc, "%s differs from the published volume, but only paper '%s' may change", what,
                       vp->paper->id);
            free(what);
            ok = false;
        }
    }
    if (ok && !same_document(&c)) {
        diag_error(&loc, "the page labels, names, metadata or document info differ from the published volume");
        ok = false;
    }
    if (ok) {
        struct strbuf lines[2] = {STRBUF_INIT, STRBUF_INIT};
        const char *title = vp->paper->title ? vp->paper->title : vp->paper->id;
        for (int k = 0; k < 2; k++)
            outline_lines(c.q[k], &c.pages[k], first, title, &lines[k]);
        if (strcmp(strbuf_str(&lines[0]), strbuf_str(&lines[1])) != 0) {
            diag_error(&loc, "the outline differs from the published volume outside paper '%s'", vp->paper->id);
            ok = false;
        }
        strbuf_release(&lines[0]);
        strbuf_release(&lines[1]);
    }
    for (int k = 0; k < 2; k++) {
        qpdfh_failed(c.q[k], NULL, "comparing the volumes");
        idmap_clear(&c.pages[k]);
        qpdfh_free(&c.q[k]);
    }
    idmap_clear(&c.pair);
    return ok;
}
