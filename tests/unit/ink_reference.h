/* The ink scan as inspect first did it, in two passes over the pixels
 * (rows for the runs, then each run's rows again for its columns), kept
 * as the reference the one-pass ink_scan must match bit for bit. */
#ifndef COLLATE_INK_REFERENCE_H
#define COLLATE_INK_REFERENCE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/rect.h"
#include "base/util.h"
#include "inspect/ink.h"
#include "inspect/pdfinfo.h"

#define REF_WHITE_MASK 0x00F0F0F0u
#define REF_INK_GAP 6.0
#define REF_MAX_INK_PIECES 8

struct ref_run {
    int y0, y1;
};

static void ref_merge_runs(struct ref_run *list, size_t *n, size_t max)
{
    while (*n > max) {
        size_t best = 0;
        for (size_t k = 1; k + 1 < *n; k++)
            if (list[k + 1].y0 - list[k].y1 < list[best + 1].y0 - list[best].y1)
                best = k;
        list[best].y1 = list[best + 1].y1;
        memmove(&list[best + 1], &list[best + 2], (*n - best - 2) * sizeof(*list));
        (*n)--;
    }
}

static struct rect ref_clip(struct rect r, double w, double h)
{
    r.x0 = fmax(r.x0, 0);
    r.y0 = fmax(r.y0, 0);
    r.x1 = fmin(r.x1, w);
    r.y1 = fmin(r.y1, h);
    return r;
}

static const uint32_t *ref_row(const struct ink_raster *ras, int y)
{
    return (const uint32_t *)(const void *)(ras->data + (size_t)y * (size_t)ras->stride);
}

static bool ref_is_ink(const struct ink_raster *ras, int x, int y)
{
    return (ref_row(ras, y)[x] & REF_WHITE_MASK) != REF_WHITE_MASK;
}

static bool ref_row_has_ink(const struct ink_raster *ras, int y)
{
    const uint32_t *row = ref_row(ras, y);
    uint32_t all = REF_WHITE_MASK;
    for (int x = 0; x < ras->width; x++)
        all &= row[x];
    return all != REF_WHITE_MASK;
}

static void ref_split_run(const struct ink_raster *ras, struct ref_run run, double w, double h, struct rect **bands,
                          size_t *nbands, size_t *cap)
{
    uint32_t *cols = xmalloc((size_t)ras->width * sizeof(*cols));
    for (int x = 0; x < ras->width; x++)
        cols[x] = REF_WHITE_MASK;
    for (int y = run.y0; y < run.y1; y++) {
        const uint32_t *row = ref_row(ras, y);
        for (int x = 0; x < ras->width; x++)
            cols[x] &= row[x];
    }
    for (int x = 0; x < ras->width; x++)
        cols[x] = (cols[x] & REF_WHITE_MASK) != REF_WHITE_MASK;
    struct ref_run pieces[REF_MAX_INK_PIECES + 1];
    size_t n = 0;
    int gap = (int)ceil(REF_INK_GAP * ras->scale);
    for (int x = 0; x < ras->width;) {
        if (!cols[x]) {
            x++;
            continue;
        }
        int x0 = x, x1 = x + 1, white = 0;
        for (x = x1; x < ras->width && white < gap; x++) {
            if (cols[x]) {
                x1 = x + 1;
                white = 0;
            } else {
                white++;
            }
        }
        x = x1;
        pieces[n++] = (struct ref_run){x0, x1};
        ref_merge_runs(pieces, &n, REF_MAX_INK_PIECES);
    }
    free(cols);
    for (size_t k = 0; k < n; k++) {
        struct rect r = ref_clip((struct rect){pieces[k].y0 / ras->scale, run.y0 / ras->scale,
                                               pieces[k].y1 / ras->scale, run.y1 / ras->scale},
                                 w, h);
        *ARRAY_PUSH(*bands, *nbands, *cap) = r;
    }
}

static void ref_ink_scan(const struct ink_raster *ras, double w, double h, const struct rect *block, struct rect *ink,
                         struct rect **bands, size_t *nbands)
{
    *ink = (struct rect){0, 0, 0, 0};
    double scale = ras->scale;
    int pw = ras->width, ph = ras->height;
    struct ref_run *above = NULL, *below = NULL, inside = {-1, -1};
    size_t nabove = 0, nbelow = 0, cap_above = 0, cap_below = 0;
    int prev_y = -2, prev_region = 0;
    for (int y = 0; y < ph; y++) {
        if (!ref_row_has_ink(ras, y))
            continue;
        int x0 = 0;
        while (!ref_is_ink(ras, x0, y))
            x0++;
        int x1 = pw - 1;
        while (x1 > x0 && !ref_is_ink(ras, x1, y))
            x1--;
        struct rect r = ref_clip((struct rect){x0 / scale, y / scale, (x1 + 1) / scale, (y + 1) / scale}, w, h);
        rect_union(ink, &r);
        double mid = (y + 0.5) / scale;
        int region = mid < block->y0 ? -1 : mid > block->y1 ? 1 : 0;
        if (region == 0) {
            if (inside.y0 < 0)
                inside.y0 = y;
            inside.y1 = y + 1;
        } else {
            struct ref_run **list = region < 0 ? &above : &below;
            size_t *n = region < 0 ? &nabove : &nbelow;
            size_t *cap = region < 0 ? &cap_above : &cap_below;
            if (prev_y == y - 1 && prev_region == region)
                (*list)[*n - 1].y1 = y + 1;
            else
                *ARRAY_PUSH(*list, *n, *cap) = (struct ref_run){y, y + 1};
        }
        prev_y = y;
        prev_region = region;
    }
    ref_merge_runs(above, &nabove, PDFINFO_MAX_INK_BANDS);
    ref_merge_runs(below, &nbelow, PDFINFO_MAX_INK_BANDS);
    size_t cap = *nbands;
    for (size_t k = 0; k < nabove; k++)
        ref_split_run(ras, above[k], w, h, bands, nbands, &cap);
    if (inside.y0 >= 0)
        ref_split_run(ras, inside, w, h, bands, nbands, &cap);
    for (size_t k = 0; k < nbelow; k++)
        ref_split_run(ras, below[k], w, h, bands, nbands, &cap);
    free(above);
    free(below);
}

#endif
