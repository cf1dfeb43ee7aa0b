/* outline: the bookmarks of the volume (front parts, sessions holding
 * their papers, back parts), of a batch file (one per paper) and of a
 * split paper.
 *
 * A paper's own bookmarks are rebuilt under the paper's bookmark: each
 * destination is resolved in the paper (resolve_dest) and rebuilt for the
 * output's pages; bookmarks that lead nowhere and have no children are
 * dropped and counted.  A top-level bookmark of the paper that repeats its
 * title (as Word and some LaTeX set-ups make) is merged with the paper's
 * own entry: its children take its place.  Walks are bounded by MAX_DEPTH, a budget of items
 * and a set of the items seen, so loops in a paper's outline end. */
#include "assemble_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Append item (an indirect dictionary) under parent; visible is 1 plus
 * its own visible descendants when it is open. */
static void olink_add(qpdf_data q, struct olink *l, qpdf_oh parent, qpdf_oh item, int visible)
{
    qpdf_oh_replace_key(q, item, "/Parent", parent);
    if (l->last) {
        qpdf_oh_replace_key(q, item, "/Prev", l->last);
        qpdf_oh_replace_key(q, l->last, "/Next", item);
        qpdf_oh_release(q, l->last);
    } else {
        l->first = qpdf_oh_new_object(q, item);
    }
    l->last = qpdf_oh_new_object(q, item);
    l->count += visible;
}

/* Hang the children in l under parent, open or closed. */
void olink_close(qpdf_data q, qpdf_oh parent, struct olink *l, bool open)
{
    if (l->first) {
        qpdf_oh_replace_key(q, parent, "/First", l->first);
        qpdf_oh_replace_key(q, parent, "/Last", l->last);
        qpdfh_put(q, parent, "/Count", qpdf_oh_new_integer(q, open ? l->count : -l->count));
    }
    qpdf_oh_release(q, l->first);
    qpdf_oh_release(q, l->last);
    memset(l, 0, sizeof(*l));
}

/* Copy /C (colour) and /F (style) of a bookmark. */
static void copy_bookmark_style(qpdf_data q, qpdf_oh item, qpdf_data d, qpdf_oh copy)
{
    qpdf_oh color = qpdfh_key(q, item, "/C");
    double rgb[3];
    bool ok = qpdf_oh_is_array(q, color) && qpdf_oh_get_array_n_items(q, color) == 3;
    for (int i = 0; ok && i < 3; i++) {
        qpdf_oh x = qpdf_oh_get_array_item(q, color, i);
        ok = qpdf_oh_get_value_as_number(q, x, &rgb[i]) && rgb[i] >= 0 && rgb[i] <= 1;
        qpdf_oh_release(q, x);
    }
    if (ok)
        qpdfh_put(d, copy, "/C", qpdfh_number_array(d, rgb, 3));
    qpdf_oh_release(q, color);
    qpdf_oh flags = qpdfh_key(q, item, "/F");
    int f;
    if (qpdf_oh_is_integer(q, flags) && qpdf_oh_get_value_as_int(q, flags, &f) && f > 0 && f < 4)
        qpdfh_put(d, copy, "/F", qpdf_oh_new_integer(d, f));
    qpdf_oh_release(q, flags);
}

/* A title folded for comparison: ASCII letters in lower case, runs of
 * white space as one space, none at the ends, no final full stop. */
static char *fold_title(const char *s, size_t len)
{
    struct strbuf sb = STRBUF_INIT;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = sb.len > 0;
            continue;
        }
        if (space)
            strbuf_addch(&sb, ' ');
        space = false;
        strbuf_addch(&sb, (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch));
    }
    while (sb.len > 0 && sb.buf[sb.len - 1] == '.')
        sb.buf[--sb.len] = '\0';
    return strbuf_detach(&sb);
}

/* Whether bookmark item of q has the title folded in want. */
static bool title_repeats(qpdf_data q, qpdf_oh item, const char *want)
{
    qpdf_oh title = qpdfh_key(q, item, "/Title");
    const char *text;
    size_t len;
    bool same = false;
    if (qpdf_oh_get_value_as_utf8(q, title, &text, &len)) {
        char *folded = fold_title(text, len);
        same = folded[0] && !strcmp(folded, want);
        free(folded);
    }
    qpdf_oh_release(q, title);
    return same;
}

/* copy_bookmarks; with merge set (folded), a bookmark with that title is
 * replaced by its children. */
static void copy_bookmark_list(const struct asm_ctx *c, struct out *o, struct source *s, qpdf_oh first,
                               qpdf_oh parent, int depth, struct olink *l, int *budget, const char *merge)
{
    qpdf_data q = s->q, d = o->q;
    qpdf_oh item = qpdf_oh_new_object(q, first);
    while (qpdf_oh_is_dictionary(q, item) && *budget > 0) {
        (*budget)--;
        if (qpdf_oh_is_indirect(q, item) &&
            !idmap_put(&s->seen, qpdf_oh_get_object_id(q, item), qpdf_oh_get_generation(q, item), 0))
            break;
        if (merge && title_repeats(q, item, merge)) {
            qpdf_oh kid = qpdfh_key(q, item, "/First");
            copy_bookmark_list(c, o, s, kid, parent, depth, l, budget, NULL);
            qpdf_oh_release(q, kid);
            qpdf_oh next = qpdfh_key(q, item, "/Next");
            qpdf_oh_release(q, item);
            item = next;
            continue;
        }
        qpdf_oh copy = qpdfh_new_indirect_dict(d);
        qpdf_oh title = qpdfh_key(q, item, "/Title");
        const char *bytes;
        size_t len;
        if (qpdf_oh_get_value_as_string(q, title, &bytes, &len))
            qpdfh_put(d, copy, "/Title", qpdf_oh_new_binary_string(d, bytes, len));
        else
            qpdfh_put(d, copy, "/Title", qpdf_oh_new_string(d, ""));
        qpdf_oh_release(q, title);

        bool leads = false;
        enum dest_place place;
        qpdf_oh dest = dest_of(q, item, &place);
        if (dest) {
            qpdf_oh arr;
            int target = source_vpage(s, resolve_dest(s, dest, &arr, NULL));
            if (target >= 0 && o->index_of[target] >= 0) {
                qpdfh_put(d, copy, "/Dest", build_dest(c, o, s, target, arr));
                leads = true;
            }
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, dest);
        } else if (place == DEST_OTHER_ACTION) {
            qpdf_oh action = qpdfh_key(q, item, "/A");
            qpdf_oh action_copy = copy_object(s, d, action);
            qpdf_oh_release(q, action);
            if (action_copy) {
                qpdfh_put(d, copy, "/A", action_copy);
                leads = true;
            }
        }

        struct olink kids = {0};
        qpdf_oh kid = qpdfh_key(q, item, "/First");
        if (depth < MAX_DEPTH)
            copy_bookmarks(c, o, s, kid, copy, depth + 1, &kids, budget);
        qpdf_oh_release(q, kid);
        qpdf_oh count = qpdfh_key(q, item, "/Count");
        int n = 0;
        bool open = qpdf_oh_get_value_as_int(q, count, &n) && n > 0;
        qpdf_oh_release(q, count);
        if (leads || kids.first) {
            copy_bookmark_style(q, item, d, copy);
            int visible = kids.count;
            olink_close(d, copy, &kids, open);
            olink_add(d, l, parent, copy, 1 + (open ? visible : 0));
        } else {
            s->dropped_bookmarks++;
        }
        qpdf_oh_release(d, copy);
        qpdf_oh next = qpdfh_key(q, item, "/Next");
        qpdf_oh_release(q, item);
        item = next;
    }
    qpdf_oh_release(q, item);
}

/* Copy the bookmark first of s and its following siblings, with their
 * children, under parent in o.  Destinations are rebuilt for o's pages;
 * bookmarks leading nowhere without children are dropped. */
void copy_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s, qpdf_oh first, qpdf_oh parent,
                    int depth, struct olink *l, int *budget)
{
    copy_bookmark_list(c, o, s, first, parent, depth, l, budget, NULL);
}

/* The bookmark of paper p in o (closed), with the bookmarks under
 * children (a bookmark of s, or a null handle) nested in it; a top-level
 * one repeating the paper's title is merged with it. */
static void paper_bookmark(const struct asm_ctx *c, struct out *o, struct source *s, int p, qpdf_oh children)
{
    qpdf_data d = o->q;
    const struct vpaper *vp = &c->v->papers[p];
    const char *title = vp->paper->title ? vp->paper->title : vp->paper->id;
    qpdf_oh item = qpdfh_new_indirect_dict(d);
    qpdfh_put(d, item, "/Title", qpdf_oh_new_unicode_string(d, title));
    qpdfh_put(d, item, "/Dest", build_dest(c, o, NULL, vp->first_vpage, 0));
    struct olink kids = {0};
    int budget = MAX_BOOKMARKS;
    idmap_clear(&s->seen);
    /* In a batch file the paper's entry is the repeat already merged. */
    char *merge = s->kind == SRC_PAPER ? fold_title(title, strlen(title)) : NULL;
    copy_bookmark_list(c, o, s, children, item, 1, &kids, &budget, merge);
    free(merge);
    idmap_clear(&s->seen);
    olink_close(d, item, &kids, false);
    o->paper_item[p] = qpdf_oh_get_object_id(d, item);
    qpdf_oh_release(d, item);
}

/* Bookmarks of the papers of s: a paper's whole outline, or in a batch
 * file the children of the top-level bookmark of each paper. */
void source_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s)
{
    qpdf_data q = s->q;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh outlines = qpdfh_key(q, root, "/Outlines");
    qpdf_oh item = qpdfh_key(q, outlines, "/First");
    qpdf_oh_release(q, outlines);
    qpdf_oh_release(q, root);
    if (s->kind == SRC_PAPER) {
        paper_bookmark(c, o, s, s->paper, item);
        qpdf_oh_release(q, item);
        return;
    }
    for (int p = s->first_paper; p < s->end_paper; p++) {
        if (!paper_has_pages(&c->v->papers[p]))
            continue;
        qpdf_oh kids = qpdfh_key(q, item, "/First");
        paper_bookmark(c, o, s, p, kids);
        qpdf_oh_release(q, kids);
        qpdf_oh next = qpdfh_key(q, item, "/Next");
        qpdf_oh_release(q, item);
        item = next;
    }
    qpdf_oh_release(q, item);
}

/* A top-level or session bookmark leading to vpage. */
static qpdf_oh plain_bookmark(const struct asm_ctx *c, struct out *o, const char *title, int vpage)
{
    qpdf_oh item = qpdfh_new_indirect_dict(o->q);
    qpdfh_put(o->q, item, "/Title", qpdf_oh_new_unicode_string(o->q, title));
    qpdfh_put(o->q, item, "/Dest", build_dest(c, o, NULL, vpage, 0));
    return item;
}

/* A bookmark for each front or back part (back == true) with pages. */
static void part_bookmarks(const struct asm_ctx *c, struct out *o, qpdf_oh root, struct olink *top, bool back)
{
    const struct volume *v = c->v;
    for (size_t i = 0; i < v->nparts; i++) {
        const struct vpart *part = &v->parts[i];
        if (part->back != back || part->npages <= 0 || part->first_vpage < 0 ||
            (size_t)part->first_vpage >= v->npages || o->index_of[part->first_vpage] < 0)
            continue;
        const char *title = part->part->title && *part->part->title ? part->part->title
                                                                     : part_default_title(part->part->kind);
        qpdf_oh item = plain_bookmark(c, o, title, part->first_vpage);
        olink_add(o->q, top, root, item, 1);
        qpdf_oh_release(o->q, item);
    }
}

/* The outline of the volume: front parts, sessions (open) holding their
 * papers (closed, with the papers' own bookmarks), back parts. */
void add_outline(const struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    qpdf_oh root = qpdfh_new_indirect_dict(q);
    qpdfh_put_name(q, root, "/Type", "/Outlines");
    struct olink top = {0}, session = {0};
    part_bookmarks(c, o, root, &top, false);
    qpdf_oh sitem = 0;
    int current = -1;
    for (size_t p = 0; p < v->npapers; p++) {
        const struct vpaper *vp = &v->papers[p];
        if (!o->paper_item[p])
            continue;
        if (!sitem || vp->session_index != current) {
            if (sitem) {
                int visible = session.count;
                olink_close(q, sitem, &session, true);
                olink_add(q, &top, root, sitem, 1 + visible);
                qpdf_oh_release(q, sitem);
            }
            char *title = vp->session && vp->session->title && *vp->session->title
                              ? xstrdup(vp->session->title) : xasprintf("Session %d", vp->session_index + 1);
            sitem = plain_bookmark(c, o, title, vp->first_vpage);
            free(title);
            current = vp->session_index;
        }
        qpdf_oh item = qpdfh_by_id(q, o->paper_item[p]);
        olink_add(q, &session, sitem, item, 1);
        qpdf_oh_release(q, item);
    }
    if (sitem) {
        int visible = session.count;
        olink_close(q, sitem, &session, true);
        olink_add(q, &top, root, sitem, 1 + visible);
        qpdf_oh_release(q, sitem);
    }
    part_bookmarks(c, o, root, &top, true);
    bool any = top.first != 0;
    olink_close(q, root, &top, true);
    qpdf_oh catalog = qpdf_get_root(q);
    if (any) {
        qpdf_oh_replace_key(q, catalog, "/Outlines", root);
        qpdfh_put_name(q, catalog, "/PageMode", "/UseOutlines");
    }
    qpdf_oh_release(q, catalog);
    qpdf_oh_release(q, root);
}

/* The outline of a batch file: one closed top-level bookmark per paper,
 * in order, holding the paper's own bookmarks. */
void batch_outline(struct out *o, int first_paper, int end_paper)
{
    qpdf_data q = o->q;
    qpdf_oh root = qpdfh_new_indirect_dict(q);
    qpdfh_put_name(q, root, "/Type", "/Outlines");
    struct olink top = {0};
    for (int p = first_paper; p < end_paper; p++) {
        if (!o->paper_item[p])
            continue;
        qpdf_oh item = qpdfh_by_id(q, o->paper_item[p]);
        olink_add(q, &top, root, item, 1);
        qpdf_oh_release(q, item);
    }
    olink_close(q, root, &top, true);
    qpdf_oh catalog = qpdf_get_root(q);
    qpdf_oh_replace_key(q, catalog, "/Outlines", root);
    qpdf_oh_release(q, catalog);
    qpdf_oh_release(q, root);
}

