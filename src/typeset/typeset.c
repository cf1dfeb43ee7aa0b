/* typeset: front matter, contents, indexes and stamps with libharu.
 *
 * One layout routine serves both passes: typeset_measure runs it without
 * drawing to count each part's pages, typeset_render runs it again and
 * draws.  The layout may not depend on anything pagination decides (page
 * numbers are right-aligned in a reserved column, index numbers are broken
 * into lines with reserved widths), so both passes give the same count.
 * The files of the stage are listed in internal.h. */
#include "typeset/typeset.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "internal.h"
#include "base/util.h"

void ts_draw_item(struct ts *t, const struct item *it, double x, double w)
{
    switch (it->kind) {
    case IT_HEADING: {
        double size = t->body + 1;
        ts_vspace(t, ts_line_height(t, t->body) * 0.8);
        ts_flow_text(t, it->text, FONT_BOLD, size, x, w, AL_LEFT);
        t->y -= ts_line_height(t, t->body) * 0.2;
        break;
    }
    case IT_MEMBER:
        ts_draw_member(t, &t->m->committees[it->a].members[it->b], x, w);
        break;
    case IT_INDEX_ENTRY:
        ts_draw_index_entry(t, &t->idx.entries[it->a], x, w);
        break;
    case IT_TOC_PART:
    case IT_TOC_SESSION:
    case IT_TOC_PAPER:
        ts_draw_toc_item(t, it, x, w);
        break;
    }
}

/* Lay out part i from its first page; returns the pages it took. */
static int layout_part(struct ts *t, size_t i)
{
    const struct part *part = t->v->parts[i].part;
    t->part = (int)i;
    t->pages = 0;
    t->page = NULL;
    switch (part->kind) {
    case PART_TITLE_PAGE:
        ts_layout_title_page(t);
        break;
    case PART_COPYRIGHT_PAGE:
        ts_layout_copyright_page(t);
        break;
    case PART_MESSAGE:
        ts_layout_message(t, part);
        break;
    case PART_COMMITTEES:
        ts_layout_committees(t, part);
        break;
    case PART_TOC:
        ts_layout_toc(t, part);
        break;
    case PART_AUTHOR_INDEX:
    case PART_KEYWORD_INDEX:
        ts_layout_index(t, part);
        break;
    case PART_KIND_COUNT:
        ts_new_page(t);
        break;
    }
    return t->pages;
}

bool typeset_measure(const struct volume *v, int *part_pages)
{
    struct ts t;
    for (size_t i = 0; i < v->nparts; i++)
        part_pages[i] = 0;
    bool ok = ts_init(&t, v, false);
    for (size_t i = 0; ok && i < v->nparts; i++) {
        part_pages[i] = layout_part(&t, i);
        ok = !t.failed && ts_ok(&t, "the front and back matter");
    }
    ts_report_missing(&t);
    ts_release(&t);
    return ok;
}

bool typeset_render(const struct volume *v, struct typeset_result *out)
{
    memset(out, 0, sizeof(*out));
    struct ts t;
    if (!ts_init(&t, v, true)) {
        ts_release(&t);
        return false;
    }
    stamp_check_templates(v->style);
    stamp_report_placement(v);
    for (size_t k = 0; k < v->npages && !t.failed;) {
        const struct vpage *pg = &v->pages[k];
        if ((k & 255) == 0)
            diag_progress("typesetting page %zu of %zu", k + 1, v->npages);
        switch (pg->kind) {
        case VP_GENERATED: {
            const struct vpart *part = pg->part >= 0 && (size_t)pg->part < v->nparts ? &v->parts[pg->part] : NULL;
            if (!part || part->first_vpage != (int)k) {
                diag_error(NULL, "internal error: page %zu of the page plan does not start its part", k + 1);
                t.failed = true;
                break;
            }
            t.warn = false; /* text problems were reported when measuring */
            int n = layout_part(&t, (size_t)pg->part);
            t.warn = true;
            if (!t.failed && n != part->npages) {
                diag_error(NULL, "internal error: part '%s' took %d pages, measured %d",
                           part_kind_name(part->part->kind), n, part->npages);
                t.failed = true;
            }
            k += (size_t)(n > 0 ? n : 1);
            break;
        }
        case VP_BLANK:
            ts_add_page(&t, pg->width > 0 ? pg->width : v->width, pg->height > 0 ? pg->height : v->height);
            k++;
            break;
        case VP_PAPER:
            stamp_draw(&t, (int)k);
            k++;
            break;
        }
        ts_ok(&t, "the volume");
    }
    diag_progress_done();
    ts_report_missing(&t);
    bool ok = !t.failed && ts_save(&t, &out->pdf, &out->len);
    if (ok) {
        out->links = t.links;
        out->nlinks = t.nlinks;
        t.links = NULL;
    }
    ts_release(&t);
    return ok;
}

void typeset_result_release(struct typeset_result *r)
{
    if (!r)
        return;
    free(r->pdf);
    free(r->links);
    memset(r, 0, sizeof(*r));
}
