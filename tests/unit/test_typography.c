/* Unit tests: body size, leading and column count from synthetic glyph
 * lists laid out like the templates' pages (IEEEtran two columns 251 pt
 * wide at x 49 and 312, 10 pt on 12 pt lines as 9.963 / 11.955), with
 * captions, footnotes, a two-column title, figure labels and display math
 * mixed in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "inspect/typography.h"

#define BODY 9.963
#define LEAD 11.955

/* A growing glyph list of one page. */
struct page {
    struct typo_glyph *g;
    size_t n, cap;
    int line;
};

/* A line of width pt from x0 with its baseline at base: glyphs 5 pt wide
 * (the last one ends at x0 + width), boxes from base - 0.75 size to base +
 * 0.25 size, as poppler gives them. */
static void add_line(struct page *p, double x0, double width, double base, double size)
{
    int n = (int)(width / 5);
    for (int k = 0; k < n; k++) {
        double x = k == n - 1 ? x0 + width - 5 : x0 + 5 * k;
        struct typo_glyph g = {{x, base - 0.75 * size, x + 5, base + 0.25 * size}, size, p->line};
        *ARRAY_PUSH(p->g, p->n, p->cap) = g;
    }
    p->line++;
}

/* One column of n lines from baseline y: justified lines with a short last
 * line and an indented first line every 8 lines. */
static void add_column(struct page *p, double x0, double width, double y, int n, double step)
{
    for (int i = 0; i < n; i++) {
        if (i % 8 == 0)
            add_line(p, x0 + 10, width - 10, y + i * step, BODY);
        else if (i % 8 == 7)
            add_line(p, x0, width * 0.4, y + i * step, BODY);
        else
            add_line(p, x0, width, y + i * step, BODY);
    }
}

/* What a two-column IEEE body page holds besides the body: a caption and
 * figure labels (8 pt), a footnote (8 pt), a display equation with big
 * operators (one line of mixed sizes). */
static void add_clutter(struct page *p)
{
    add_line(p, 312, 251, 300, 8); /* caption, two lines */
    add_line(p, 312, 120, 309, 8);
    add_line(p, 330, 40, 200, 6); /* figure labels */
    add_line(p, 420, 40, 200, 6);
    add_line(p, 49, 251, 700, 8);  /* footnote */
    for (int k = 0; k < 12; k++) { /* display math: 4 body glyphs, 8 others */
        double size = k < 4 ? BODY : k < 8 ? 7 : 14.35;
        struct typo_glyph g = {{100 + 6 * k, 400 - size, 105 + 6 * k, 400 + 2}, size, p->line};
        *ARRAY_PUSH(p->g, p->n, p->cap) = g;
    }
    p->line++;
}

static void page_release(struct page *p)
{
    free(p->g);
    memset(p, 0, sizeof(*p));
}

static struct typo_line *lines_of(const struct page *p, double body, size_t *n)
{
    struct typo_line *lines = NULL;
    size_t cap = 0;
    *n = 0;
    typo_lines(p->g, p->n, body, 1, &lines, n, &cap);
    return lines;
}

static void test_pages_sampled(void **state)
{
    (void)state;
    assert_false(typo_wants_page(1, 1));
    assert_true(typo_wants_page(1, 2));
    assert_false(typo_wants_page(2, 2));
    assert_false(typo_wants_page(1, 3)); /* title page */
    assert_true(typo_wants_page(2, 3));
    assert_false(typo_wants_page(3, 3)); /* references */
    assert_false(typo_wants_page(1, 10));
    assert_true(typo_wants_page(2, 10) && typo_wants_page(4, 10));
    assert_false(typo_wants_page(5, 10));
    assert_false(typo_wants_page(0, 10));
}

static void test_dominant_size(void **state)
{
    (void)state;
    struct typo_glyph g[500];
    memset(g, 0, sizeof(g));
    for (int i = 0; i < 500; i++)
        g[i].size = i < 300 ? BODY + (i % 3 - 1) * 0.02 : i < 400 ? 8 : i < 450 ? 14.35 : 0;
    double share;
    /* the jittered sizes are one size; captions and headings are not it */
    assert_float_equal(typo_dominant_size(g, 500, &share), BODY, 0.01);
    assert_float_equal(share, 300.0 / 450, 0.001); /* size 0 is no size */
    /* more caption glyphs than body glyphs: the caption size wins */
    for (int i = 0; i < 200; i++)
        g[i].size = 8;
    assert_float_equal(typo_dominant_size(g, 500, &share), 8, 1e-9);
    /* too few glyphs */
    assert_float_equal(typo_dominant_size(g, TYPO_MIN_GLYPHS - 1, &share), 0, 0);
    assert_float_equal(share, 0, 0);
    assert_float_equal(typo_dominant_size(NULL, 0, &share), 0, 0);
    g[0].size = NAN;
    g[1].size = 1e6;
    for (int i = 2; i < 500; i++)
        g[i].size = 12;
    assert_float_equal(typo_dominant_size(g, 500, &share), 12, 0);
    assert_float_equal(share, 1, 0);
}

static void test_body_lines(void **state)
{
    (void)state;
    assert_true(typo_is_body_size(9.963, 9.963));
    assert_true(typo_is_body_size(10.1, 9.963));
    assert_false(typo_is_body_size(9.7, 9.963));
    assert_false(typo_is_body_size(8.966, 9.963));
    struct page p = {0};
    add_line(&p, 49, 251, 100, BODY);
    add_line(&p, 49, 251, 112, 8);   /* caption: dropped */
    add_line(&p, 49, 15, 124, BODY); /* three glyphs: too short to count */
    add_clutter(&p);                 /* display math: 4 of 12 glyphs at body size, dropped */
    size_t n;
    struct typo_line *lines = lines_of(&p, BODY, &n);
    assert_int_equal(n, 1);
    assert_float_equal(lines[0].x0, 49, 1e-9);
    assert_float_equal(lines[0].x1, 300, 1e-9);
    assert_float_equal(lines[0].base, 100 + 0.25 * BODY, 1e-9);
    assert_int_equal(lines[0].nbody, lines[0].nglyphs);
    assert_int_equal(lines[0].page, 1);
    free(lines);
    page_release(&p);
}

static void test_two_columns(void **state)
{
    (void)state;
    struct page p = {0};
    add_line(&p, 80, 452, 60, 24);   /* title across both columns */
    add_line(&p, 49, 514, 90, BODY); /* two lines of a spanning abstract at body size */
    add_line(&p, 49, 514, 90 + LEAD, BODY);
    add_column(&p, 49, 251, 120, 48, LEAD);
    add_column(&p, 312, 251, 340, 30, LEAD); /* under a figure */
    add_clutter(&p);
    size_t n;
    struct typo_line *lines = lines_of(&p, BODY, &n);
    assert_int_equal(n, 80);
    size_t steps;
    assert_float_equal(typo_leading(lines, n, BODY, &steps), LEAD, 0.001);
    assert_true(steps >= 76);
    assert_int_equal(typo_columns(lines, n, BODY), 2);
    free(lines);
    page_release(&p);

    /* the same page squeezed by \linespread{0.9} */
    add_column(&p, 49, 251, 120, 50, 10.76);
    add_column(&p, 312, 251, 120, 50, 10.76);
    add_clutter(&p);
    lines = lines_of(&p, BODY, &n);
    assert_float_equal(typo_leading(lines, n, BODY, NULL), 10.76, 0.001);
    assert_int_equal(typo_columns(lines, n, BODY), 2);
    free(lines);
    page_release(&p);
}

static void test_one_column(void **state)
{
    (void)state;
    struct page p = {0};
    add_column(&p, 49, 514, 60, 55, LEAD); /* IEEEtran onecolumn */
    add_line(&p, 49, 514, 720, 8);         /* footnote */
    size_t n;
    struct typo_line *lines = lines_of(&p, BODY, &n);
    assert_int_equal(typo_columns(lines, n, BODY), 1);
    assert_float_equal(typo_leading(lines, n, BODY, NULL), LEAD, 0.001);
    free(lines);
    page_release(&p);

    /* too few full lines (a page of figures) tells nothing */
    add_column(&p, 49, 514, 60, 3, LEAD);
    lines = lines_of(&p, BODY, &n);
    assert_int_equal(typo_columns(lines, n, BODY), 0);
    assert_float_equal(typo_leading(lines, n, BODY, NULL), 0, 0);
    free(lines);
    page_release(&p);
}

/* Leading: steps across a gap or between pages are not counted, and the
 * most common step wins over the steps around headings. */
static void test_leading_steps(void **state)
{
    (void)state;
    struct typo_line lines[40];
    for (int i = 0; i < 40; i++) {
        double base = 100 + i * LEAD + (i >= 20 ? 6 : 0); /* one heading skip */
        lines[i] = (struct typo_line){49, 300, base, 50, 50, i < 30 ? 1 : 2};
    }
    size_t steps;
    assert_float_equal(typo_leading(lines, 40, BODY, &steps), LEAD, 0.001);
    /* 39 pairs, less the one that changes page */
    assert_int_equal(steps, 38);
    /* two columns whose baselines are half a line apart: a line's next is
     * the one below it in its own column, not the nearer one beside it */
    for (int i = 0; i < 40; i++)
        lines[i] = (struct typo_line){
            i % 2 ? 312 : 49, i % 2 ? 563 : 300, 100 + (i / 2) * LEAD + (i % 2) * LEAD / 2, 50, 50, 1};
    assert_float_equal(typo_leading(lines, 40, BODY, &steps), LEAD, 0.001);
    assert_int_equal(steps, 38);
    /* too few steps */
    assert_float_equal(typo_leading(lines, 8, BODY, &steps), 0, 0);
    assert_int_equal(steps, 6);
}

static void test_sample(void **state)
{
    (void)state;
    struct typo_sample s;
    typo_sample_init(&s);
    struct body_typography t;
    typo_sample_measure(&s, &t);
    assert_int_equal(t.first_page, 0);
    assert_float_equal(t.font_size, 0, 0);

    struct page p = {0};
    add_column(&p, 49, 251, 60, 55, LEAD); /* page 2: a figure fills column 2 */
    typo_sample_add(&s, 2, p.g, p.n);
    page_release(&p);
    add_column(&p, 49, 251, 60, 55, LEAD); /* page 3: both columns */
    add_column(&p, 312, 251, 60, 55, LEAD);
    add_clutter(&p);
    typo_sample_add(&s, 3, p.g, p.n);
    page_release(&p);
    typo_sample_add(&s, 4, NULL, 0); /* page 4: no text */
    typo_sample_measure(&s, &t);
    assert_float_equal(t.font_size, BODY, 0.001);
    assert_true(t.font_share > 0.95);
    assert_float_equal(t.leading, LEAD, 0.001);
    assert_int_equal(t.columns, 2);
    assert_int_equal(t.first_page, 2);
    assert_int_equal(t.last_page, 4);
    typo_sample_release(&s);
    assert_int_equal(s.npages, 0);
    typo_sample_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pages_sampled), cmocka_unit_test(test_dominant_size),
        cmocka_unit_test(test_body_lines),    cmocka_unit_test(test_two_columns),
        cmocka_unit_test(test_one_column),    cmocka_unit_test(test_leading_steps),
        cmocka_unit_test(test_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
