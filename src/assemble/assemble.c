/* assemble: the volume PDF, at object level with libqpdf (see assemble.h;
 * the files of the module are listed in assemble_internal.h).
 *
 * assemble_volume adds pages to an empty document in vpage order.
 * Generated and blank pages are typeset pages.  Paper pages are copied
 * from the paper's PDF, which is opened when its first page is due and
 * closed (qpdf_cleanup) when its last page, links and bookmarks are done.
 * Each paper page gets its stamp (overlay.c).  Then come the links of the
 * generated pages, the outline, the page labels, the document info and
 * the XMP metadata.  The file is written next to the output and renamed
 * (write.c), directly or through batch files when the papers exceed the
 * memory budget.
 *
 * Links.  qpdf maps a reference to a page only if that page was copied
 * already, so a link to a later page would become null.  Annotations are
 * therefore taken off each source page before it is copied and copied
 * back once every page of the source is in.  The destination of every
 * link is resolved in the source (resolve_dest); a named one is replaced
 * there by the explicit array before copying.  Links that lead nowhere are
 * dropped and counted.  The paper's own bookmarks are rebuilt the same way
 * under the paper's bookmark (outline.c). */
#include "assemble_internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/runner.h"
#include "base/util.h"

/* ---- The output document ---- */

/* An empty document with no pages of the volume added yet. */
bool out_init(struct out *o, const struct asm_ctx *c)
{
    const struct volume *v = c->v;
    memset(o, 0, sizeof(*o));
    o->compact = c->compact;
    o->q = qpdfh_new();
    o->index_of = xmalloc((v->npages ? v->npages : 1) * sizeof(*o->index_of));
    for (size_t i = 0; i < v->npages; i++)
        o->index_of[i] = -1;
    o->paper_item = xcalloc(v->npapers ? v->npapers : 1, sizeof(*o->paper_item));
    qpdf_empty_pdf(o->q);
    return !qpdfh_failed(o->q, NULL, "cannot create a PDF");
}

/* Free the document (closing the files it still reads from); safe twice. */
void out_release(struct out *o)
{
    if (o->q)
        qpdfh_free(&o->q);
    for (int i = 0; i < o->nops; i++)
        free(o->ops[i].text);
    o->nops = 0;
    free(o->index_of);
    free(o->paper_item);
    o->index_of = o->paper_item = NULL;
}

/* Destination [page /XYZ ...] in o for vpage.  The view parameters are
 * taken from the source's explicit destination arr (may be 0) when it
 * points at the same page; else the page is shown at the current zoom. */
qpdf_oh build_dest(const struct asm_ctx *c, struct out *o, const struct source *s, int vpage, qpdf_oh arr)
{
    qpdf_data d = o->q;
    qpdf_oh dest = qpdf_oh_new_array(d);
    qpdfh_push(d, dest, qpdf_get_page_n(d, (size_t)o->index_of[vpage]));
    int n = s && arr ? qpdf_oh_get_array_n_items(s->q, arr) : 0;
    /* A typeset page under a paper page is only its stamp. */
    if (s && s->kind == SRC_TYPESET && c->v->pages[vpage].kind == VP_PAPER)
        n = 0;
    if (n >= 2) {
        for (int k = 1; k < n; k++) {
            qpdf_oh item = qpdf_oh_get_array_item(s->q, arr, k);
            qpdfh_push(d, dest, qpdfh_copy_scalar(s->q, item, d));
            qpdf_oh_release(s->q, item);
        }
        /* A paper's coordinates, into a page placed with a scale. */
        double scale = s->kind == SRC_PAPER ? place_scale(c->v, vpage) : 1;
        if (scale != 1)
            place_scale_dest(d, dest, scale);
    } else {
        qpdfh_push(d, dest, qpdf_oh_new_name(d, "/XYZ"));
        for (int k = 0; k < 3; k++)
            qpdfh_push(d, dest, qpdf_oh_new_null(d));
    }
    return dest;
}

/* ---- Pages and annotations ---- */

/* Copy page j of s to the end of o as vpage, its annotations kept aside;
 * stamp it if asked. */
bool add_page(struct asm_ctx *c, struct out *o, struct source *s, int j, int vpage, bool stamp)
{
    qpdf_data q = s->q;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)j);
    qpdf_oh annots = qpdfh_key(q, page, "/Annots");
    if (qpdf_oh_is_null(q, annots) || s->annots[j]) {
        qpdf_oh_release(q, annots);
    } else {
        s->annots[j] = annots;
        qpdf_oh_remove_key(q, page, "/Annots");
    }
    qpdf_add_page(o->q, q, page, QPDF_FALSE);
    qpdf_oh_release(q, page);
    if (source_failed(s, o->q))
        return false;
    o->index_of[vpage] = o->npages++;
    if (stamp && !stamp_page(c, o, vpage)) {
        if (!qpdfh_failed(c->ts, &s->loc, s->prefix) && !source_failed(s, o->q))
            diag_error(&s->loc, "%s: the stamp of page %d could not be added", s->prefix, j + 1);
        return false;
    }
    return true;
}

/* Set the destination of a link where dest_of found it: its /Dest, or its
 * action's /D.  dest stays the caller's. */
static void set_link_dest(qpdf_data q, qpdf_oh link, enum dest_place place, qpdf_oh dest)
{
    if (place == DEST_KEY) {
        qpdf_oh_replace_key(q, link, "/Dest", dest);
    } else {
        qpdf_oh action = qpdfh_key(q, link, "/A");
        qpdf_oh_replace_key(q, action, "/D", dest);
        qpdf_oh_release(q, action);
    }
}

/* Put back the annotations of pages [from, to) of s, now that all their
 * pages are in o.  Links are kept only when their destination is a page of
 * o.  A named destination becomes the explicit one in the source before
 * copying; a destination qpdf cannot map (a page number, or a typeset page
 * that became a stamp) is rebuilt in o after copying. */
bool copy_annots(const struct asm_ctx *c, struct out *o, struct source *s, int from, int to)
{
    qpdf_data q = s->q, d = o->q;
    for (int j = from; j < to && j < s->npages; j++) {
        qpdf_oh annots = s->annots[j];
        if (!annots)
            continue;
        s->annots[j] = 0;
        int vpage = source_vpage(s, j);
        int n = vpage >= 0 && o->index_of[vpage] >= 0 && qpdf_oh_is_array(q, annots)
                    ? qpdf_oh_get_array_n_items(q, annots) : 0;
        qpdf_oh list = qpdf_oh_new_array(d);
        int kept = 0;
        for (int k = 0; k < n; k++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
            enum dest_place place = DEST_NONE;
            qpdf_oh arr = 0;
            int target = -1;
            bool keep = qpdf_oh_is_dictionary(q, a), rebuild = false;
            qpdf_oh type = qpdfh_key(q, a, "/Subtype");
            if (keep && qpdfh_is_name(q, type, "/Link")) {
                qpdf_oh dest = dest_of(q, a, &place);
                bool by_ref = false;
                if (dest)
                    target = source_vpage(s, resolve_dest(s, dest, &arr, &by_ref));
                if ((dest || place == DEST_ACTION) && (target < 0 || o->index_of[target] < 0)) {
                    s->dropped_links++;
                    keep = false;
                } else if (target >= 0) {
                    /* The explicit destination instead of a named one, so
                     * that copy_foreign takes the page reference along. */
                    rebuild = !by_ref || s->kind == SRC_TYPESET ||
                              (s->kind == SRC_PAPER && place_scale(c->v, target) != 1);
                    if (!rebuild && !qpdf_oh_is_array(q, dest))
                        set_link_dest(q, a, place, arr);
                }
                qpdf_oh_release(q, dest);
            }
            qpdf_oh_release(q, type);
            qpdf_oh copy = keep ? copy_object(s, d, a) : 0;
            if (copy && s->kind == SRC_PAPER && place_scale(c->v, vpage) != 1)
                place_scale_annot(d, copy, place_scale(c->v, vpage));
            if (copy) {
                if (rebuild) {
                    qpdf_oh dest = build_dest(c, o, s, target, arr);
                    set_link_dest(d, copy, place, dest);
                    qpdf_oh_release(d, dest);
                }
                qpdfh_push(d, list, copy);
                kept++;
            }
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, a);
        }
        if (kept) {
            qpdf_oh page = qpdf_get_page_n(d, (size_t)o->index_of[vpage]);
            qpdf_oh_replace_key(d, page, "/Annots", list);
            qpdf_oh_release(d, page);
        }
        qpdf_oh_release(d, list);
        qpdf_oh_release(q, annots);
        if (source_failed(s, d))
            return false;
    }
    return true;
}

/* ---- Plans ---- */

/* One source per paper with pages, in reading order; *src_of maps each
 * paper to its source (-1 for papers without pages). */
static struct source *paper_sources(const struct volume *v, size_t *nsrc, int **src_of)
{
    struct source *srcs = xcalloc(v->npapers ? v->npapers : 1, sizeof(*srcs));
    int *map = xmalloc((v->npapers ? v->npapers : 1) * sizeof(*map));
    size_t n = 0;
    for (size_t p = 0; p < v->npapers; p++) {
        const struct vpaper *vp = &v->papers[p];
        map[p] = -1;
        if (!paper_has_pages(vp))
            continue;
        struct source *s = &srcs[n];
        map[p] = (int)n++;
        s->kind = SRC_PAPER;
        s->path = xstrdup(vp->paper->pdf_path);
        s->loc = (struct srcloc){vp->paper->pdf, 0, 0};
        s->prefix = xasprintf("paper '%s': cannot copy its pages", vp->paper->id);
        s->paper = (int)p;
        s->checked = vp->info;
        s->nplanned = vp->npages;
        s->vpage_of = xmalloc((size_t)vp->npages * sizeof(*s->vpage_of));
        for (int j = 0; j < vp->npages; j++)
            s->vpage_of[j] = -1;
    }
    *nsrc = n;
    *src_of = map;
    return srcs;
}

/* Check the page plan and fill the sources' vpage_of; false on a plan
 * that does not fit the papers (a bug elsewhere). */
static bool map_paper_pages(const struct volume *v, struct source *srcs, const int *src_of)
{
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *pg = &v->pages[i];
        if (pg->kind != VP_PAPER)
            continue;
        int k = pg->paper >= 0 && (size_t)pg->paper < v->npapers ? src_of[pg->paper] : -1;
        if (k < 0 || pg->source_page < 0 || pg->source_page >= srcs[k].nplanned ||
            srcs[k].vpage_of[pg->source_page] >= 0) {
            diag_error(NULL, "internal error: page %zu of the volume does not fit its paper", i + 1);
            return false;
        }
        srcs[k].vpage_of[pg->source_page] = (int)i;
    }
    return true;
}

/* Annotations and bookmarks of a source whose pages are all in o; then
 * report what was dropped and close it. */
static bool source_finish(struct asm_ctx *c, struct out *o, struct source *s)
{
    bool ok = copy_annots(c, o, s, 0, s->npages);
    if (ok) {
        source_bookmarks(c, o, s);
        ok = !source_failed(s, o->q);
    }
    if (o->version < s->version)
        o->version = s->version;
    source_close(s);
    if (s->kind == SRC_PAPER) {
        const struct paper *p = c->v->papers[s->paper].paper;
        if (s->dropped_links)
            diag_warning(&s->loc, "paper '%s': %d link%s to a missing destination dropped", p->id, s->dropped_links,
                         s->dropped_links == 1 ? "" : "s");
        if (s->dropped_bookmarks)
            diag_warning(&s->loc, "paper '%s': %d bookmark%s without a destination dropped", p->id,
                         s->dropped_bookmarks, s->dropped_bookmarks == 1 ? "" : "s");
        if (s->warnings)
            diag_note(&s->loc, "paper '%s': libqpdf reported %d problem%s while copying, the first: %s", p->id,
                      s->warnings, s->warnings == 1 ? "" : "s", s->first_warning ? s->first_warning : "?");
    } else if (s->dropped_links || s->dropped_bookmarks) {
        diag_warning(&s->loc, "%d link%s and %d bookmark%s dropped", s->dropped_links,
                     s->dropped_links == 1 ? "" : "s", s->dropped_bookmarks, s->dropped_bookmarks == 1 ? "" : "s");
    }
    qpdf_oh_release_all(o->q);
    return ok;
}

/* Add the pages of plan to o in order, opening each source when its first
 * page is due and finishing it (annotations, bookmarks, close) after its
 * last.  Paper pages are stamped if asked. */
bool run_plan(struct asm_ctx *c, struct out *o, struct source *srcs, const struct step *plan, size_t n, bool stamp)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        const struct step *st = &plan[i];
        struct source *s = st->src < 0 ? &c->tsrc : &srcs[st->src];
        if (!s->annots && !source_open(s))
            return false;
        if (!add_page(c, o, s, st->page, st->vpage, stamp && s->kind != SRC_TYPESET))
            return false;
        if (s != &c->tsrc && --s->pending == 0) {
            if (!source_finish(c, o, s))
                return false;
            if (++done % 16 == 0)
                diag_progress("assembling: %zu pages of %zu", i + 1, n);
        }
    }
    return true;
}

/* Everything after the pages: links and annotations of the generated
 * pages, outline, page labels, catalog entries and metadata.  The typeset
 * document is done with once its annotations are copied: its parsed
 * objects are freed then, before the rest is added and the volume
 * written, which reads the stamps' stream data from the typeset bytes
 * (the caller's until assemble_volume returns). */
bool finish_volume(struct asm_ctx *c, struct out *o)
{
    bool ok = copy_annots(c, o, &c->tsrc, 0, c->tsrc.npages) && !qpdfh_failed(c->ts, NULL, "typeset pages");
    if (o->version < c->tsrc.version)
        o->version = c->tsrc.version;
    source_close(&c->tsrc);
    c->tsrc.q = NULL;
    qpdfh_free(&c->ts);
    if (!ok)
        return false;
    add_links(c, o);
    add_outline(c, o);
    add_page_labels(c, o);
    set_volume_metadata(o->q, c->v);
    return !qpdfh_failed(o->q, NULL, "cannot add the document structure");
}

/* The plan for the whole volume from the paper files (src_of: paper →
 * source) or from batch files (batch_of: paper → batch; the batch page is
 * the running count). */
struct step *volume_plan(const struct volume *v, struct source *srcs, const int *src_of, const int *batch_of)
{
    struct step *plan = xcalloc(v->npages, sizeof(*plan));
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *pg = &v->pages[i];
        struct step *st = &plan[i];
        st->vpage = (int)i;
        st->src = -1;
        st->page = (int)i;
        if (pg->kind != VP_PAPER)
            continue;
        st->src = batch_of ? batch_of[pg->paper] : src_of[pg->paper];
        st->page = batch_of ? srcs[st->src].pending : pg->source_page;
        srcs[st->src].pending++;
    }
    return plan;
}

/* Volume from the paper files directly. */
static bool build_direct(struct asm_ctx *c, struct source *srcs, size_t nsrc, const int *src_of,
                         const char *output)
{
    const struct volume *v = c->v;
    struct out o;
    bool ok = out_init(&o, c);
    struct step *plan = volume_plan(v, srcs, src_of, NULL);
    ok = ok && run_plan(c, &o, srcs, plan, v->npages, true) && finish_volume(c, &o);
    free(plan);
    if (ok)
        return out_write_atomic(v, &o, output, "volume", srcs, nsrc);
    out_release(&o);
    return false;
}

/* Read the typeset document; it needs one page per vpage. */
static bool open_typeset(struct asm_ctx *c, const unsigned char *pdf, size_t len)
{
    const struct volume *v = c->v;
    struct source *t = &c->tsrc;
    c->ts = qpdfh_new();
    t->kind = SRC_TYPESET;
    t->q = c->ts;
    t->prefix = xstrdup("typeset pages");
    t->nplanned = (int)v->npages;
    t->vpage_of = xmalloc(v->npages * sizeof(*t->vpage_of));
    for (size_t i = 0; i < v->npages; i++)
        t->vpage_of[i] = (int)i;
    /* The buffer is not copied: it must outlive the write, which it does,
     * as it is the caller's until we return. */
    qpdf_read_memory(c->ts, "typeset pages", (const char *)pdf, len, NULL);
    if (qpdfh_failed(c->ts, NULL, "typeset pages") || !source_index(t))
        return false;
    if ((size_t)t->npages != v->npages) {
        diag_error(NULL, "internal error: %d typeset pages for a volume of %zu pages", t->npages, v->npages);
        return false;
    }
    return true;
}

/* Free the typeset document and its source record. */
static void ctx_release(struct asm_ctx *c)
{
    source_release(&c->tsrc);
    if (c->ts)
        qpdfh_free(&c->ts);
}

/* Read the papers into memory or lazily from their files (plan_reading);
 * merge directly, or through batches when the bytes held in memory exceed
 * the budget. */
bool assemble_volume(const struct volume *v, const unsigned char *typeset_pdf, size_t typeset_len,
                     const struct vlink *links, size_t nlinks, const char *output, bool compact)
{
    if (v->npages == 0) {
        diag_error(NULL, "the volume has no pages");
        return false;
    }
    struct asm_ctx c = {v, NULL, {0}, compact, links, nlinks};
    size_t nsrc = 0;
    int *src_of = NULL;
    struct source *srcs = paper_sources(v, &nsrc, &src_of);
    struct rlimit saved;
    bool raised;
    plan_reading(srcs, nsrc, &saved, &raised);
    size_t *bounds = NULL;
    size_t nbatches = plan_batches(srcs, nsrc, &bounds);
    bool ok = map_paper_pages(v, srcs, src_of) && open_typeset(&c, typeset_pdf, typeset_len);
    if (ok && nbatches <= 1)
        ok = build_direct(&c, srcs, nsrc, src_of, output);
    else if (ok)
        ok = build_batched(&c, srcs, bounds, nbatches, output);
    diag_progress_done();
    if (raised)
        runner_set_open_files(saved.rlim_cur);
    for (size_t k = 0; k < nsrc; k++)
        source_release(&srcs[k]);
    free(srcs);
    free(src_of);
    free(bounds);
    ctx_release(&c);
    return ok;
}
