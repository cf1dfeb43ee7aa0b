/* Unit tests: the ink box and bands of synthetic rendered pages, checked
 * by hand on a small page and bit for bit against the two-pass scan inspect
 * used before (ink_reference.h) on random pages: lines of text, running
 * heads and folios, more runs than bands, widths that are no multiple of
 * the row loop's step, padded rows, the unused byte set, and page edges
 * within a pixel's rounding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "inspect/ink.h"
#include "ink_reference.h"

#define WHITE 0xFFFFFFFFu
#define PAD 3 /* pixels of padding at the end of each row */

/* A page of width x height pixels, white. */
struct page {
    uint32_t *px;
    struct ink_raster ras;
};

static void page_init(struct page *p, int width, int height, double scale)
{
    size_t stride = (size_t)(width + PAD) * sizeof(uint32_t);
    p->px = xmalloc(stride * (size_t)height);
    for (size_t i = 0; i < (size_t)(width + PAD) * (size_t)height; i++)
        p->px[i] = WHITE;
    for (int y = 0; y < height; y++) /* padding is not the page's: black */
        for (int x = width; x < width + PAD; x++)
            p->px[(size_t)y * (size_t)(width + PAD) + (size_t)x] = 0;
    p->ras = (struct ink_raster){(const unsigned char *)p->px, width, height, (int)stride, scale};
}

static void put(struct page *p, int x, int y, uint32_t v)
{
    p->px[(size_t)y * (size_t)(p->ras.width + PAD) + (size_t)x] = v;
}

static void fill(struct page *p, int x0, int y0, int x1, int y1, uint32_t v)
{
    for (int y = y0; y < y1 && y < p->ras.height; y++)
        for (int x = x0; x < x1 && x < p->ras.width; x++)
            put(p, x, y, v);
}

/* ink_scan and the reference agree to the bit; returns the band count. */
static size_t same_as_reference(const struct page *p, double w, double h, const struct rect *block)
{
    struct rect ink, ref;
    struct rect *bands = NULL, *ref_bands = NULL;
    size_t n = 0, ref_n = 0;
    ink_scan(&p->ras, w, h, block, &ink, &bands, &n);
    ref_ink_scan(&p->ras, w, h, block, &ref, &ref_bands, &ref_n);
    assert_memory_equal(&ink, &ref, sizeof(ink));
    assert_int_equal(n, ref_n);
    if (n)
        assert_memory_equal(bands, ref_bands, n * sizeof(*bands));
    free(bands);
    free(ref_bands);
    return n;
}

static void test_by_hand(void **state)
{
    (void)state;
    /* 100 x 200 pt at 2 px/pt; block from y 20 to 180 pt. */
    struct page p;
    page_init(&p, 200, 400, 2.0);
    struct rect block = {10, 20, 190, 180};
    fill(&p, 20, 10, 60, 20, 0x00000000);  /* running head: rows 10-19, x 10-30 pt */
    fill(&p, 150, 12, 160, 18, 0x00EF0000); /* and its page number 45 pt further (red below 0xF0) */
    fill(&p, 30, 100, 170, 110, 0x00808080); /* a line of text */
    fill(&p, 30, 130, 170, 140, 0x00808080); /* another, 10 px below */
    fill(&p, 98, 380, 102, 390, 0x00000000); /* folio */
    fill(&p, 0, 395, 200, 396, 0xFFF0F0F0);  /* near-white, unused byte 0xFF: no ink */
    struct rect ink, *bands = NULL;
    size_t n = 0;
    ink_scan(&p.ras, 100, 200, &block, &ink, &bands, &n);
    assert_float_equal(ink.x0, 10, 0);
    assert_float_equal(ink.y0, 5, 0);
    assert_float_equal(ink.x1, 85, 0);
    assert_float_equal(ink.y1, 195, 0);
    assert_int_equal(n, 4);
    struct rect want[] = {{10, 5, 30, 10}, {75, 5, 80, 10}, {15, 50, 85, 70}, {49, 190, 51, 195}};
    for (size_t k = 0; k < n; k++) {
        assert_float_equal(bands[k].x0, want[k].x0, 0);
        assert_float_equal(bands[k].y0, want[k].y0, 0);
        assert_float_equal(bands[k].x1, want[k].x1, 0);
        assert_float_equal(bands[k].y1, want[k].y1, 0);
    }
    free(bands);
    assert_int_equal(same_as_reference(&p, 100, 200, &block), 4);
    free(p.px);
}

static void test_blank(void **state)
{
    (void)state;
    struct page p;
    page_init(&p, 37, 50, 2.0);
    struct rect block = {2, 2, 16, 23}, ink, *bands = NULL;
    size_t n = 0;
    ink_scan(&p.ras, 18.5, 25, &block, &ink, &bands, &n);
    assert_true(rect_empty(&ink));
    assert_int_equal(n, 0);
    assert_null(bands);
    free(p.px);
}

/* A random page: lines of "text" (runs of words) above, within and below
 * the block, some rows of single specks, random gaps. */
static void random_page(struct page *p, unsigned *seed)
{
    int width = p->ras.width, height = p->ras.height;
    int lines = rand_r(seed) % 60;
    for (int l = 0; l < lines; l++) {
        int y0 = rand_r(seed) % height, y1 = y0 + 1 + rand_r(seed) % 12;
        int x = rand_r(seed) % width;
        int words = 1 + rand_r(seed) % 12;
        for (int k = 0; k < words && x < width; k++) {
            int len = 1 + rand_r(seed) % 40;
            uint32_t v = (uint32_t)rand_r(seed) << 24 | (rand_r(seed) % 4 ? 0x00202020u : 0x00FFEFFFu);
            fill(p, x, y0, x + len, y1, v);
            x += len + 1 + rand_r(seed) % 20;
        }
    }
    int specks = rand_r(seed) % 20;
    for (int k = 0; k < specks; k++)
        put(p, rand_r(seed) % width, rand_r(seed) % height, 0x00F0F0EFu);
    int near = rand_r(seed) % 20; /* near-white with the unused byte cleared: no ink */
    for (int k = 0; k < near; k++)
        put(p, rand_r(seed) % width, rand_r(seed) % height, 0x00F0F0F0u);
}

static void test_random_pages(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int i = 0; i < 400; i++) {
        int width = 1 + rand_r(&seed) % 300, height = 1 + rand_r(&seed) % 300;
        double scale = i % 3 ? 2.0 : 0.5 + (rand_r(&seed) % 1000) / 500.0;
        double w = width / scale, h = height / scale;
        if (i % 4 == 1) { /* the last pixels partly off the page */
            w = (width - 0.3) / scale;
            h = (height - 0.6) / scale;
        } else if (i % 4 == 3 && width > 3 && height > 3) { /* the last pixels wholly off it */
            w = (width - 1.5) / scale;
            h = (height - 2.5) / scale;
        }
        struct page p;
        page_init(&p, width, height, scale);
        random_page(&p, &seed);
        double y0 = (rand_r(&seed) % (height + 20) - 10) / scale, y1 = (rand_r(&seed) % (height + 20) - 10) / scale;
        struct rect block = {0, fmin(y0, y1), w, fmax(y0, y1)};
        same_as_reference(&p, w, h, &block);
        if (i % 10 == 0) { /* a block upside down: nothing within */
            block = (struct rect){0, fmax(y0, y1), w, fmin(y0, y1)};
            same_as_reference(&p, w, h, &block);
        }
        free(p.px);
    }
}

/* Many short runs above and below the block, evenly spaced: the closest
 * are merged, ties first from the top, as before. */
static void test_many_runs(void **state)
{
    (void)state;
    struct page p;
    page_init(&p, 123, 600, 2.0);
    for (int y = 0; y < 600; y += 7)
        fill(&p, (y * 13) % 100, y, (y * 13) % 100 + 3 + y % 20, y + 2 + (y / 7) % 3, 0);
    struct rect block = {0, 100, 61.5, 200};
    assert_int_equal(same_as_reference(&p, 61.5, 300, &block) > 2 * PDFINFO_MAX_INK_BANDS, true);
    free(p.px);
}

/* A scaled-down page whose last column and row start, in points, at the
 * page's edge (rounding): those pixels' boxes clip to nothing, and ink
 * leaves them out while the bands keep them. */
static void test_edge_within_rounding(void **state)
{
    (void)state;
    double w = 41.48855054633781, scale = 1.2533578376502246;
    int n = (int)ceil(w * scale);
    assert_int_equal(n, 53);
    assert_true((n - 1) / scale >= w);
    for (int k = 0; k < 4; k++) {
        struct page p;
        page_init(&p, n, n, scale);
        fill(&p, n - 1, 0, n, n, 0); /* the last column */
        if (k & 1)
            fill(&p, 0, n - 1, n, n, 0); /* the last row */
        if (k & 2)
            fill(&p, 10, 10, 20, 20, 0);
        struct rect block = {0, 10, w, 30};
        same_as_reference(&p, w, w, &block);
        free(p.px);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_hand),        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_random_pages),   cmocka_unit_test(test_many_runs),
        cmocka_unit_test(test_edge_within_rounding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
