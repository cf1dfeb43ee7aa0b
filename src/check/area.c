/* area: the area each page is judged by (see area.h). */
#include "check/area.h"

#include <math.h>
#include <stdlib.h>

#include "base/util.h"

#define MAX_AREAS 8

static bool same_rect(const struct rect *a, const struct rect *b)
{
    return fabs(a->x0 - b->x0) < 0.5 && fabs(a->y0 - b->y0) < 0.5 && fabs(a->x1 - b->x1) < 0.5 &&
           fabs(a->y1 - b->y1) < 0.5;
}

static size_t push_area(struct area *areas, size_t n, struct rect r, bool block)
{
    for (size_t k = 0; k < n; k++)
        if (same_rect(&areas[k].r, &r))
            return n;
    if (n < MAX_AREAS)
        areas[n++] = (struct area){r, block};
    return n;
}

/* The areas a w x h page of size sz may have been laid out in: the
 * size's template block, the other sizes' blocks (a paper set for Letter
 * printed on A4), and last the minimum margins (papers from other
 * templates, or no block given).  Returns how many (at least 1). */
static size_t page_areas(const struct style *st, const struct style_size *sz, double w, double h, struct area *areas)
{
    size_t n = 0;
    struct rect r;
    /* A block that does not fit is not the layout (a landscape page). */
    if (sz->text_block.given) {
        style_text_block(sz, &r);
        if (r.x1 <= w && r.y1 <= h)
            n = push_area(areas, n, r, true);
    }
    for (size_t i = 0; i < st->nsizes; i++)
        if (st->sizes[i].text_block.given) {
            style_text_block(&st->sizes[i], &r);
            if (r.x1 <= w && r.y1 <= h)
                n = push_area(areas, n, r, true);
        }
    struct rect margins = {sz->left, sz->top, w - sz->right, h - sz->bottom};
    for (size_t k = 0; k < n; k++)
        if (same_rect(&areas[k].r, &margins))
            return n;
    if (n == MAX_AREAS)
        n--;
    areas[n++] = (struct area){margins, false};
    return n;
}

const struct style_size *area_page_size(const struct style *st, const struct page_info *p)
{
    const struct style_size *sz = style_match_size(st, p->width, p->height, NULL);
    return sz ? sz : style_nearest_size(st, p->width, p->height);
}

/* The area of areas[0..n) whose left edge the body text starts at; the
 * minimum margins (the last) when none is that close. */
static const struct area *body_area(const struct page_info *p, const struct area *areas, size_t n)
{
    const struct area *best = &areas[n - 1];
    double best_diff = INFINITY;
    for (size_t k = 0; k < n; k++) {
        double diff = fabs(p->body.x0 - areas[k].r.x0);
        if (diff <= STYLE_BLOCK_MATCH && diff < best_diff - 0.01) { /* ties: the earlier area */
            best = &areas[k];
            best_diff = diff;
        }
    }
    return best;
}

void area_choose(const struct pdf_info *info, const struct style *st, struct area *chosen)
{
    int n = info->npages;
    bool *done = xcalloc((size_t)n, sizeof(*done));
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        const struct style_size *sz = area_page_size(st, &info->pages[i]);
        struct area voted[MAX_AREAS];
        int votes[MAX_AREAS] = {0};
        size_t nvoted = 0;
        for (int j = i; j < n; j++) {
            const struct page_info *p = &info->pages[j];
            if (area_page_size(st, p) != sz || rect_empty(&p->body))
                continue;
            struct area areas[MAX_AREAS];
            const struct area *a = body_area(p, areas, page_areas(st, sz, p->width, p->height, areas));
            size_t k = 0;
            while (k < nvoted && !(same_rect(&voted[k].r, &a->r) && voted[k].block == a->block))
                k++;
            if (k == nvoted && nvoted < MAX_AREAS)
                voted[nvoted++] = *a;
            if (k < nvoted)
                votes[k]++;
        }
        size_t winner = 0;
        for (size_t k = 1; k < nvoted; k++)
            if (votes[k] > votes[winner])
                winner = k;
        for (int j = i; j < n; j++) {
            const struct page_info *p = &info->pages[j];
            if (done[j] || area_page_size(st, p) != sz)
                continue;
            struct area areas[MAX_AREAS];
            size_t na = page_areas(st, sz, p->width, p->height, areas);
            size_t k = 0; /* no votes: the first area, the size's own block when given */
            if (nvoted) {
                k = na - 1; /* the minimum margins unless the winner fits this page */
                for (size_t m = 0; m < na; m++)
                    if (same_rect(&areas[m].r, &voted[winner].r) && areas[m].block == voted[winner].block)
                        k = m;
            }
            chosen[j] = areas[k];
            done[j] = true;
        }
    }
    free(done);
}
