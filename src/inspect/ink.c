/* ink: boxes of a rendered page's ink (see ink.h).
 *
 * One pass over the pixels: a Letter page at 144 dpi is 8 MiB, more than
 * the caches hold, so each row is read once, and while it is in L1 its
 * pixels are ANDed into the columns of the run of rows it belongs to.  A
 * row without ink never clears a WHITE_MASK bit, so the columns of a run
 * are the AND of all rows from its first to its last; a finished run keeps
 * them as a bitset (bit x: column x has ink), two runs merged are the OR
 * of their bitsets, and the boxes of a band come from its bitset. */
#include "inspect/ink.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "inspect/pdfinfo.h"

#define WHITE_MASK 0x00F0F0F0u     /* a pixel is ink when a channel is below 0xF0 */
#define INK_GAP 6.0                /* pt of white that splits a run of ink rows (> a word space) */
#define MAX_INK_PIECES 8           /* boxes per run of rows */
#define LANES 4                    /* pixels per step of the row loop (16 bytes: SSE2, NEON) */

/* A run of inked rows [y0, y1) of the page, in pixels (or of columns). */
struct run {
    int y0, y1;
};

/* Merge the two neighbouring runs of list[0..*n) with the smallest gap
 * until at most max are left. */
static void merge_runs(struct run *list, size_t *n, size_t max)
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

static const uint32_t *raster_row(const struct ink_raster *ras, int y)
{
    return (const uint32_t *)(const void *)(ras->data + (size_t)y * (size_t)ras->stride);
}

static bool is_ink(uint32_t pixel)
{
    return (pixel & WHITE_MASK) != WHITE_MASK;
}

/* LANES pixels (GCC and Clang vector extension: one AND does them all). */
typedef uint32_t lanes __attribute__((vector_size(LANES * sizeof(uint32_t))));

/* AND row into cols and say whether the row has ink: a pixel has a
 * channel below 0xF0 exactly when the AND of all pixels lacks one of
 * WHITE_MASK's bits.  LANES pixels a step, without branches: the compiler
 * does not vectorize this loop by itself at -O2. */
static bool and_row(uint32_t *restrict cols, const uint32_t *restrict row, int width)
{
    lanes all = (lanes){0} + WHITE_MASK;
    int x = 0;
    for (; x + LANES <= width; x += LANES) {
        lanes v, c;
        memcpy(&v, row + x, sizeof(v)); /* memcpy: rows need not be aligned */
        memcpy(&c, cols + x, sizeof(c));
        all &= v;
        c &= v;
        memcpy(cols + x, &c, sizeof(c));
    }
    uint32_t any = WHITE_MASK;
    for (int k = 0; k < LANES; k++)
        any &= all[k];
    for (; x < width; x++) {
        any &= row[x];
        cols[x] &= row[x];
    }
    return any != WHITE_MASK;
}

static bool bit(const uint64_t *bits, int x)
{
    return bits[x / 64] >> (x % 64) & 1;
}

/* The runs of a page, top to bottom, each with its columns as a bitset
 * of words 64-bit words. */
struct runs {
    struct run *list;
    size_t n, cap;
    uint64_t *bits;                /* list[k]'s at bits + k * words */
    size_t bits_cap;
    size_t words;
};

/* Close run: append it with the ink of cols, and make cols white again. */
static void close_run(struct runs *runs, struct run run, uint32_t *cols, int width)
{
    grow_array((void **)&runs->bits, &runs->bits_cap, (runs->n + 1) * runs->words, sizeof(*runs->bits));
    uint64_t *bits = runs->bits + runs->n * runs->words;
    memset(bits, 0, runs->words * sizeof(*bits));
    for (int x = 0; x < width; x++)
        if (is_ink(cols[x]))
            bits[x / 64] |= (uint64_t)1 << (x % 64);
    memset(cols, 0xFF, (size_t)width * sizeof(*cols));
    *ARRAY_PUSH(runs->list, runs->n, runs->cap) = run;
}

/* Cut the rows of run, whose columns with ink are cols, into boxes
 * wherever a white gap of at least INK_GAP runs down through all its rows
 * (a folio apart from a running title, line numbers apart from the
 * column), at most MAX_INK_PIECES (the narrowest gaps closed first);
 * appended to bands. */
static void split_run(const uint64_t *cols, const struct ink_raster *ras, struct run run, double w, double h,
                      struct rect **bands, size_t *nbands, size_t *cap)
{
    int width = ras->width;
    struct run pieces[MAX_INK_PIECES + 1]; /* column ranges */
    size_t n = 0;
    int gap = (int)ceil(INK_GAP * ras->scale);
    for (int x = 0; x < width;) {
        if (!bit(cols, x)) {
            x++;
            continue;
        }
        int x0 = x, x1 = x + 1, white = 0;
        for (x = x1; x < width && white < gap; x++) {
            if (bit(cols, x)) {
                x1 = x + 1;
                white = 0;
            } else {
                white++;
            }
        }
        x = x1;
        pieces[n++] = (struct run){x0, x1};
        merge_runs(pieces, &n, MAX_INK_PIECES);
    }
    for (size_t k = 0; k < n; k++) {
        struct rect piece = {pieces[k].y0 / ras->scale, run.y0 / ras->scale, pieces[k].y1 / ras->scale,
                             run.y1 / ras->scale};
        struct rect r = rect_clip(piece, w, h);
        *ARRAY_PUSH(*bands, *nbands, *cap) = r;
    }
}

/* Merge runs->list[from..from+count) down to at most max bands (their
 * columns ORed) and split each into boxes. */
static void split_bands(const struct runs *runs, size_t from, size_t count, size_t max, const struct ink_raster *ras,
                        double w, double h, struct rect **bands, size_t *nbands, size_t *cap)
{
    if (count == 0)
        return;
    struct run *merged = xmalloc(count * sizeof(*merged));
    memcpy(merged, runs->list + from, count * sizeof(*merged));
    size_t n = count;
    merge_runs(merged, &n, max);
    uint64_t *cols = xmalloc(runs->words * sizeof(*cols));
    size_t k = from;
    for (size_t j = 0; j < n; j++) {
        memset(cols, 0, runs->words * sizeof(*cols));
        for (; k < from + count && runs->list[k].y1 <= merged[j].y1; k++)
            for (size_t i = 0; i < runs->words; i++)
                cols[i] |= runs->bits[k * runs->words + i];
        split_run(cols, ras, merged[j], w, h, bands, nbands, cap);
    }
    free(cols);
    free(merged);
}

/* The leftmost and rightmost columns with ink of all runs. */
static void ink_columns(const struct runs *runs, int width, int *x0, int *x1)
{
    uint64_t *any = xmalloc(runs->words * sizeof(*any));
    memset(any, 0, runs->words * sizeof(*any));
    for (size_t k = 0; k < runs->n; k++)
        for (size_t i = 0; i < runs->words; i++)
            any[i] |= runs->bits[k * runs->words + i];
    *x0 = 0;
    while (*x0 < width && !bit(any, *x0))
        (*x0)++;
    *x1 = width - 1;
    while (*x1 > *x0 && !bit(any, *x1))
        (*x1)--;
    free(any);
}

void ink_scan(const struct ink_raster *ras, double w, double h, const struct rect *block, struct rect *ink,
              struct rect **bands, size_t *nbands)
{
    *ink = (struct rect){0, 0, 0, 0};
    int pw = ras->width, ph = ras->height;
    double scale = ras->scale;
    /* Each inked row's box is on the page, unless the page's edge is
     * within rounding of the last pixel's: then ink is made row by row,
     * leaving out rows whose box clips to nothing. */
    bool on_page = (pw - 1) / scale < w && (ph - 1) / scale < h;
    uint32_t *cols = xmalloc((size_t)pw * sizeof(*cols)); /* the open run's columns */
    memset(cols, 0xFF, (size_t)pw * sizeof(*cols));
    struct runs runs = {NULL, 0, 0, NULL, 0, ((size_t)pw + 63) / 64};
    /* A row's region only grows with y (above the block, within, below),
     * so runs.list holds nabove runs above, ninside (at most one) within,
     * and the rest below. */
    size_t nabove = 0, ninside = 0;
    struct run open = {-1, -1};
    int open_region = 0, first = -1, last = -1;
    for (int y = 0; y < ph; y++) {
        double mid = (y + 0.5) / scale;
        int region = mid < block->y0 ? -1 : mid > block->y1 ? 1 : 0;
        /* All rows within the block are one run; above and below, a row
         * without ink ends one. */
        if (open.y0 >= 0 && (region != open_region || (region != 0 && open.y1 != y))) {
            close_run(&runs, open, cols, pw);
            nabove += open_region < 0;
            ninside += open_region == 0;
            open.y0 = -1;
        }
        const uint32_t *row = raster_row(ras, y);
        if (!and_row(cols, row, pw))
            continue;
        if (open.y0 < 0) {
            open = (struct run){y, y + 1};
            open_region = region;
        } else {
            open.y1 = y + 1;
        }
        if (first < 0)
            first = y;
        last = y;
        if (!on_page) {
            int x0 = 0;
            while (!is_ink(row[x0]))
                x0++;
            int x1 = pw - 1;
            while (x1 > x0 && !is_ink(row[x1]))
                x1--;
            struct rect r = rect_clip((struct rect){x0 / scale, y / scale, (x1 + 1) / scale, (y + 1) / scale}, w, h);
            rect_union(ink, &r);
        }
    }
    if (open.y0 >= 0) {
        close_run(&runs, open, cols, pw);
        nabove += open_region < 0;
        ninside += open_region == 0;
    }
    free(cols);
    if (on_page && first >= 0) {
        /* The union of the rows' boxes: division keeps order, so the
         * extreme columns and rows give the same values. */
        int x0, x1;
        ink_columns(&runs, pw, &x0, &x1);
        *ink = rect_clip((struct rect){x0 / scale, first / scale, (x1 + 1) / scale, (last + 1) / scale}, w, h);
    }
    size_t cap = *nbands;
    split_bands(&runs, 0, nabove, PDFINFO_MAX_INK_BANDS, ras, w, h, bands, nbands, &cap);
    split_bands(&runs, nabove, ninside, 1, ras, w, h, bands, nbands, &cap);
    split_bands(&runs, nabove + ninside, runs.n - nabove - ninside, PDFINFO_MAX_INK_BANDS, ras, w, h, bands, nbands,
                &cap);
    free(runs.list);
    free(runs.bits);
}
