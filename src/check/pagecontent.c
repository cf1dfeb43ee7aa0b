/* pagecontent: what a page shows (see pagecontent.h). */
#include "check/pagecontent.h"

#include <math.h>

/* pt a header line's ink may exceed its text box (glyphs, pixels). */
#define LINE_SLOP 2.0
/* pt text may reach past the ink's edge and still be taken as its edge. */
#define TEXT_EDGE_SLOP 1.5

/* A header or footer line that is not content: a printed page number
 * (reported as page_numbers), or a running head without one that stays
 * inside the style's minimum margins, where templates put them. */
static bool leave_out(const struct style *st, const struct page_info *p, const struct area *a,
                      const struct head_line *l)
{
    if (l->folio)
        return true;
    const struct style_size *sz = area_page_size(st, p);
    double tol = st->margin_tolerance;
    bool across = l->box.x0 >= a->r.x0 - tol && l->box.x1 <= a->r.x1 + tol;
    if (l->zone == ZONE_HEAD)
        return across && l->box.y0 >= sz->top - tol;
    return across && l->box.y1 <= p->height - sz->bottom + tol;
}

static bool covers(const struct rect *line, const struct rect *band)
{
    return band->x0 >= line->x0 - LINE_SLOP && band->x1 <= line->x1 + LINE_SLOP && band->y0 >= line->y0 - LINE_SLOP &&
           band->y1 <= line->y1 + LINE_SLOP;
}

/* A piece of ink that lies within a line-number column's width, beside
 * its height: the numbers, reported as review_version. */
static bool in_ruler(const struct rect *piece, const struct review_ruler *rulers)
{
    for (int side = 0; rulers && side < 2; side++) {
        const struct rect *r = &rulers[side].box;
        if (!rect_empty(r) && piece->x0 >= r->x0 - LINE_SLOP && piece->x1 <= r->x1 + LINE_SLOP &&
            piece->y1 > r->y0 - LINE_SLOP && piece->y0 < r->y1 + LINE_SLOP)
            return true;
    }
    return false;
}

/* What the measured page shows, less the header and footer lines left
 * out and the line-number columns: in all and in across (see
 * pagecontent_extent). */
static void page_content(const struct style *st, const struct page_info *p, const struct area *a,
                         const struct page_heads *heads, const struct review_ruler *rulers, struct rect *all,
                         struct rect *across)
{
    bool out[MAX_HEAD_LINES];
    for (size_t k = 0; k < heads->n; k++)
        out[k] = leave_out(st, p, a, &heads->lines[k]);
    *all = *across = (struct rect){0, 0, 0, 0};
    if (p->nink_bands == 0) {
        /* Rendering failed: judge by the text, less the lines left out
         * when nothing else reaches as far. */
        *all = rect_empty(&p->ink) ? p->text : p->ink;
        for (size_t k = 0; k < heads->n; k++) {
            const struct rect *lb = &heads->lines[k].box;
            if (!out[k])
                continue;
            if (heads->lines[k].zone == ZONE_HEAD && all->y0 >= lb->y0 - LINE_SLOP)
                all->y0 = fmax(all->y0, a->r.y0);
            if (heads->lines[k].zone == ZONE_FOOT && all->y1 <= lb->y1 + LINE_SLOP)
                all->y1 = fmin(all->y1, a->r.y1);
        }
        *across = *all;
        return;
    }
    for (size_t b = 0; b < p->nink_bands; b++) {
        const struct rect *piece = &p->ink_bands[b];
        bool skip = false;
        for (size_t k = 0; k < heads->n && !skip; k++)
            skip = out[k] && covers(&heads->lines[k].box, piece);
        if (skip || in_ruler(piece, rulers))
            continue;
        rect_union(all, piece);
        if (piece->x1 > a->r.x0 && piece->x0 < a->r.x1)
            rect_union(across, piece);
    }
}

bool pagecontent_extent(const struct style *st, const struct page_info *p, const struct area *a,
                        const struct page_heads *heads, const struct review_ruler *rulers, struct rect *ink,
                        struct rect *across)
{
    if (p->measured)
        page_content(st, p, a, heads, rulers, ink, across);
    else /* inspect found it inside every area this page could be judged by
          * (fits_block); if not this one, its bounding box tells */
        *ink = *across = p->bbox;
    if (rect_empty(ink))
        return false;
    /* Pixels round the ink out to the pixel grid; where text reaches a
     * little past it, the glyph boxes are the exact edge (and what a
     * measurement by hand with pdftotext gives). */
    if (!rect_empty(&p->text) && p->text.x0 < ink->x0 && p->text.x0 >= ink->x0 - TEXT_EDGE_SLOP)
        ink->x0 = p->text.x0;
    if (!rect_empty(&p->text) && p->text.x1 > ink->x1 && p->text.x1 <= ink->x1 + TEXT_EDGE_SLOP)
        ink->x1 = p->text.x1;
    return true;
}
