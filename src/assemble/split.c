/* split: one stamped PDF per paper, cut from the written volume.
 *
 * The volume is read once.  Each paper's pages are copied with their
 * links (a link leaving the paper is dropped and counted), its own
 * bookmarks (found under its entry in the volume's outline), page labels
 * with its printed numbers and its metadata; the paper is written and its
 * handles freed before the next.  The pages already carry their stamps
 * and the geometry the volume states, so nothing is read from their boxes
 * here. */
#include "assemble_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* The bookmark of each paper in the volume's outline (object ids, 0 when
 * not found): the deepest bookmark of the first two levels that leads to
 * the paper's first page and has its title. */
static int *find_paper_bookmarks(const struct volume *v, struct source *vol)
{
    qpdf_data q = vol->q;
    int *items = xcalloc(v->npapers ? v->npapers : 1, sizeof(*items));
    int *paper_at = xmalloc(v->npages * sizeof(*paper_at));
    for (size_t i = 0; i < v->npages; i++)
        paper_at[i] = -1;
    for (size_t p = 0; p < v->npapers; p++)
        if (paper_has_pages(&v->papers[p]) && (size_t)v->papers[p].first_vpage < v->npages)
            paper_at[v->papers[p].first_vpage] = (int)p;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh outlines = qpdfh_key(q, root, "/Outlines");
    qpdf_oh level[2] = {qpdfh_key(q, outlines, "/First"), 0};
    int budget = MAX_BOOKMARKS * 4;
    idmap_clear(&vol->seen);
    int depth = 0;
    while (depth >= 0 && budget-- > 0) {
        qpdf_oh item = level[depth];
        if (!qpdf_oh_is_dictionary(q, item) ||
            (qpdf_oh_is_indirect(q, item) &&
             !idmap_put(&vol->seen, qpdf_oh_get_object_id(q, item), qpdf_oh_get_generation(q, item), 0))) {
            qpdf_oh_release(q, item);
            level[depth] = 0;
            depth--;
            if (depth >= 0) {
                qpdf_oh next = qpdfh_key(q, level[depth], "/Next");
                qpdf_oh_release(q, level[depth]);
                level[depth] = next;
            }
            continue;
        }
        enum dest_place place;
        qpdf_oh dest = dest_of(q, item, &place);
        if (dest) {
            qpdf_oh arr;
            int vpage = source_vpage(vol, resolve_dest(vol, dest, &arr, NULL));
            int p = vpage >= 0 ? paper_at[vpage] : -1;
            qpdf_oh title = qpdfh_key(q, item, "/Title");
            const char *text;
            size_t len;
            if (p >= 0 && qpdf_oh_get_value_as_utf8(q, title, &text, &len)) {
                const char *want = v->papers[p].paper->title ? v->papers[p].paper->title : v->papers[p].paper->id;
                if (strlen(want) == len && memcmp(want, text, len) == 0)
                    items[p] = qpdf_oh_get_object_id(q, item);
            }
            qpdf_oh_release(q, title);
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, dest);
        }
        if (depth == 0) {
            level[1] = qpdfh_key(q, item, "/First");
            depth = 1;
        } else {
            level[depth] = qpdfh_key(q, item, "/Next");
            qpdf_oh_release(q, item);
        }
    }
    for (int i = 0; i < 2; i++)
        qpdf_oh_release(q, level[i]);
    qpdf_oh_release(q, outlines);
    qpdf_oh_release(q, root);
    idmap_clear(&vol->seen);
    free(paper_at);
    return items;
}

/* A paper id that is safe as a file name. */
static bool safe_file_name(const char *id)
{
    return id && *id && id[0] != '.' && !strchr(id, '/') && !strchr(id, '\\') && strlen(id) < 200;
}

/* dir/<id>.pdf for paper p: its pages and links, its own bookmarks, page
 * labels with its printed numbers, its metadata. */
static bool split_paper(struct asm_ctx *c, struct source *vol, int p, int item_id, const char *dir)
{
    const struct volume *v = c->v;
    const struct vpaper *vp = &v->papers[p];
    const struct paper *paper = vp->paper;
    if (!safe_file_name(paper->id)) {
        diag_error(&paper->loc, "paper '%s': its id cannot be used as a file name", paper->id);
        return false;
    }
    struct out o;
    bool ok = out_init(&o, c);
    int first = vp->first_vpage, end = first + vp->npages;
    for (int i = first; ok && i < end; i++)
        ok = add_page(c, &o, vol, i, i, false);
    ok = ok && copy_annots(c, &o, vol, first, end);
    if (ok) {
        qpdf_data d = o.q, q = vol->q;
        qpdf_oh root = qpdfh_new_indirect_dict(d);
        qpdfh_put_name(d, root, "/Type", "/Outlines");
        struct olink top = {0};
        int budget = MAX_BOOKMARKS;
        if (item_id) {
            qpdf_oh item = qpdfh_by_id(q, item_id);
            qpdf_oh kids = qpdfh_key(q, item, "/First");
            idmap_clear(&vol->seen);
            copy_bookmarks(c, &o, vol, kids, root, 1, &top, &budget);
            idmap_clear(&vol->seen);
            qpdf_oh_release(q, kids);
            qpdf_oh_release(q, item);
        }
        qpdf_oh catalog = qpdf_get_root(d);
        if (top.first) {
            qpdfh_put_name(d, catalog, "/PageMode", "/UseOutlines");
            olink_close(d, root, &top, true);
            qpdf_oh_replace_key(d, catalog, "/Outlines", root);
        }
        qpdf_oh_release(d, root);
        qpdf_oh_release(d, catalog);
        add_paper_labels(d, vp->first_number);
        set_paper_metadata(d, v, paper);
        ok = !source_failed(vol, d);
        o.version = vol->version;
    }
    if (vol->dropped_links) {
        diag_warning(&paper->loc, "paper '%s': %d link%s leaving the paper dropped from its own PDF", paper->id,
                     vol->dropped_links, vol->dropped_links == 1 ? "" : "s");
        vol->dropped_links = 0;
    }
    source_forget_handles(vol); /* one paper's handles at a time */
    if (!ok) {
        out_release(&o);
        return false;
    }
    char *name = xasprintf("%s.pdf", paper->id);
    char *path = path_join(dir, name);
    ok = out_write_atomic(v, &o, path, "paper", NULL, 0);
    free(path);
    free(name);
    return ok;
}

/* One pass over the volume: each paper's pages, links and bookmarks are
 * copied into its own document, written, and freed before the next. */
bool assemble_split(const struct volume *v, const char *volume_pdf, const char *dir, bool compact, int only)
{
    struct asm_ctx c = {v, NULL, {0}, compact, NULL, 0};
    struct source vol = {0};
    vol.kind = SRC_VOLUME;
    vol.path = xstrdup(volume_pdf);
    vol.loc = (struct srcloc){volume_pdf, 0, 0};
    vol.prefix = xstrdup("cannot split the volume");
    vol.nplanned = (int)v->npages;
    vol.vpage_of = xmalloc((v->npages ? v->npages : 1) * sizeof(*vol.vpage_of));
    for (size_t i = 0; i < v->npages; i++)
        vol.vpage_of[i] = (int)i;
    bool ok = source_open(&vol);
    if (ok && (size_t)vol.npages != v->npages) {
        diag_error(&vol.loc, "cannot split the volume: it has %d pages, %zu expected", vol.npages, v->npages);
        ok = false;
    }
    int *items = ok ? find_paper_bookmarks(v, &vol) : NULL;
    for (size_t p = 0; ok && p < v->npapers; p++) {
        if (!paper_has_pages(&v->papers[p]) || (only >= 0 && (size_t)only != p))
            continue;
        diag_progress("splitting: paper %zu of %zu", p + 1, v->npapers);
        ok = split_paper(&c, &vol, (int)p, items[p], dir);
    }
    diag_progress_done();
    free(items);
    source_release(&vol);
    return ok;
}
