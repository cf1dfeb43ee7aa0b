/* Unit tests: review_version signs (check/review) on hand-made pages:
 * line-number columns, review-copy texts, large DRAFT type, and how check
 * reports them and leaves the numbers out of the margins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check/check.h"
#include "check/review.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"

/* A Letter page whose body text runs from x0 to x1. */
static void make_page(struct page_info *p, double x0, double x1)
{
    memset(p, 0, sizeof(*p));
    p->width = p->media_width = 612;
    p->height = p->media_height = 792;
    p->bbox = (struct rect){x0, 60, x1, 700};
    p->body = (struct rect){x0, 60, x1, 700};
}

static void make_paper(struct pdf_info *info, int n, double x0, double x1)
{
    pdfinfo_init(info, "paper.pdf");
    info->version = 15;
    info->npages = n;
    info->pages = xcalloc((size_t)n, sizeof(*info->pages));
    for (int i = 0; i < n; i++)
        make_page(&info->pages[i], x0, x1);
}

/* A number whose right edge (align_right) or left edge is at x, its top
 * at y, 5 pt per digit wide. */
static void add_number(struct page_info *p, int value, double x, double y, bool align_right)
{
    double w = value >= 100 ? 15 : value >= 10 ? 10 : 5;
    p->numbers = xrealloc(p->numbers, (p->nnumbers + 1) * sizeof(*p->numbers));
    struct rect box = align_right ? (struct rect){x - w, y, x, y + 7} : (struct rect){x, y, x + w, y + 7};
    p->numbers[p->nnumbers++] = (struct margin_number){value, box};
}

/* count numbers from first, one per 12 pt line from y 70. */
static void add_column(struct page_info *p, int first, int count, double x, bool align_right)
{
    for (int k = 0; k < count; k++)
        add_number(p, first + k, x, 70 + 12 * k, align_right);
}

static void add_margin_text(struct page_info *p, const char *text, struct rect box)
{
    p->margin_texts = xrealloc(p->margin_texts, (p->nmargin_texts + 1) * sizeof(*p->margin_texts));
    p->margin_texts[p->nmargin_texts].text = xstrdup(text);
    p->margin_texts[p->nmargin_texts].box = box;
    p->nmargin_texts++;
}

/* ---- line-number columns ---- */

static void test_ruler_left(void **state)
{
    (void)state;
    struct page_info p;
    make_page(&p, 134.8, 480.6);
    add_column(&p, 1, 50, 124.8, true); /* lineno: right-aligned 10 pt left of the text */
    struct review_ruler r[2];
    assert_int_equal(review_page_rulers(&p, true, r), 1);
    assert_int_equal(r[0].count, 50);
    assert_int_equal(r[0].first, 1);
    assert_int_equal(r[0].last, 50);
    assert_float_equal(r[0].box.x1, 124.8, 1e-9);
    assert_float_equal(r[0].box.x0, 114.8, 1e-9); /* the two-digit numbers */
    assert_true(rect_empty(&r[1].box));
    free(p.numbers);
}

static void test_ruler_both_sides(void **state)
{
    (void)state;
    struct page_info p;
    make_page(&p, 53.8, 558.2);
    /* acmart: left-aligned on both sides, 1-54 left and 55-108 right,
     * given in the order poppler reads them (not top to bottom). */
    add_column(&p, 28, 27, 27.8, false);
    add_column(&p, 1, 27, 27.8, false);
    for (int k = 0; k < 54; k++)
        add_number(&p, 55 + k, 578.1, 70 + 12 * k, false);
    for (size_t k = 0; k < 27; k++) /* the second half lies below the first */
        p.numbers[k].box.y0 += 27 * 12, p.numbers[k].box.y1 += 27 * 12;
    struct review_ruler r[2];
    assert_int_equal(review_page_rulers(&p, true, r), 2);
    assert_int_equal(r[0].count, 54);
    assert_int_equal(r[0].first, 1);
    assert_int_equal(r[0].last, 54);
    assert_int_equal(r[1].first, 55);
    assert_int_equal(r[1].last, 108);
    assert_float_equal(r[1].box.x0, 578.1, 1e-9);
    free(p.numbers);
}

static void test_ruler_gaps_and_strays(void **state)
{
    (void)state;
    struct page_info p;
    make_page(&p, 134.8, 480.6);
    /* Display math takes lines without numbers: lines 42-43 and 57-58
     * are not numbered; a merged word ("432") reaches into the body. */
    for (int line = 38; line < 88; line++)
        if (line != 42 && line != 43 && line != 57 && line != 58)
            add_number(&p, line, 124.8, 70 + 12 * (line - 38), true);
    add_number(&p, 432, 141, 100, true);
    struct review_ruler r[2];
    assert_int_equal(review_page_rulers(&p, true, r), 1);
    assert_int_equal(r[0].count, 46);
    assert_int_equal(r[0].first, 38);
    assert_int_equal(r[0].last, 87);
    free(p.numbers);
}

static void test_not_rulers(void **state)
{
    (void)state;
    struct review_ruler r[2];
    struct page_info p;
    /* A table column of row numbers inside the body text. */
    make_page(&p, 134.8, 480.6);
    add_column(&p, 1, 30, 160, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    assert_int_equal(review_page_rulers(&p, false, r), 0);
    free(p.numbers);
    /* A folio: one number per page. */
    make_page(&p, 134.8, 480.6);
    add_number(&p, 3, 60, 740, true);
    assert_int_equal(review_page_rulers(&p, false, r), 0);
    free(p.numbers);
    /* Axis labels of a figure in the margin: down the page they fall. */
    make_page(&p, 134.8, 480.6);
    for (int k = 0; k < 12; k++)
        add_number(&p, 110 - 10 * k, 120, 70 + 50 * k, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    free(p.numbers);
    /* Increasing, but by 10: not lines. */
    make_page(&p, 134.8, 480.6);
    for (int k = 0; k < 40; k++)
        add_number(&p, 10 * k, 120, 70 + 12 * k, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    free(p.numbers);
    /* The row labels 0-9 of a code table, 40 pt apart: too few for a page. */
    make_page(&p, 134.8, 480.6);
    for (int k = 0; k < 10; k++)
        add_number(&p, k, 120, 70 + 40 * k, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    free(p.numbers);
    /* 24 rows 30 pt apart, labelled in 4 pt digits: not one line apart. */
    make_page(&p, 134.8, 480.6);
    for (int k = 0; k < 24; k++)
        add_number(&p, k + 1, 120, 40 + 30 * k, true);
    for (size_t k = 0; k < p.nnumbers; k++)
        p.numbers[k].box.y1 = p.numbers[k].box.y0 + 4;
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    assert_int_equal(review_page_rulers(&p, false, r), 0);
    for (size_t k = 0; k < p.nnumbers; k++) /* 11 pt apart (lineno's tiny digits): line numbers */
        p.numbers[k].box.y0 = 40 + 11 * (double)k, p.numbers[k].box.y1 = p.numbers[k].box.y0 + 4.4;
    assert_int_equal(review_page_rulers(&p, false, r), 1);
    free(p.numbers);
    /* Not aligned: numbers scattered in the margin. */
    make_page(&p, 134.8, 480.6);
    for (int k = 0; k < 30; k++)
        add_number(&p, k + 1, 40 + 3 * k, 70 + 12 * k, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    free(p.numbers);
    /* A listing's numbers: too short a column for a page of running text. */
    make_page(&p, 134.8, 480.6);
    add_column(&p, 1, 12, 124.8, true);
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    assert_int_equal(review_page_rulers(&p, false, r), 1); /* as a short page's column */
    free(p.numbers);
}

static void test_ruler_without_body(void **state)
{
    (void)state;
    struct review_ruler r[2];
    struct page_info p;
    make_page(&p, 134.8, 480.6);
    p.body = (struct rect){0, 0, 0, 0};
    add_column(&p, 1, 50, 124.8, true); /* x 125 of 612: in the outer 30% */
    assert_int_equal(review_page_rulers(&p, true, r), 1);
    free(p.numbers);
    make_page(&p, 134.8, 480.6);
    p.body = (struct rect){0, 0, 0, 0};
    add_column(&p, 1, 50, 250, true); /* the middle of the page */
    assert_int_equal(review_page_rulers(&p, true, r), 0);
    free(p.numbers);
}

static void test_scan_rulers(void **state)
{
    (void)state;
    struct pdf_info info;
    make_paper(&info, 4, 134.8, 480.6);
    add_column(&info.pages[0], 1, 50, 124.8, true);
    add_column(&info.pages[1], 51, 50, 124.8, true);
    add_column(&info.pages[2], 101, 5, 124.8, true); /* a short last page */
    struct review_result r;
    review_scan(&info, "lncs", &r);
    assert_int_equal(r.nsigns, 1);
    assert_string_equal(r.signs[0].message,
                        "review version: line numbers (1 to 105) in the left margin on pages 1–3");
    assert_int_equal(r.signs[0].npages, 3);
    assert_int_equal(r.signs[0].pages[2], 3);
    assert_non_null(strstr(r.signs[0].hint, "lineno"));
    assert_int_equal(r.npages, 4);
    assert_false(rect_empty(&r.rulers[2][0].box));
    assert_true(rect_empty(&r.rulers[3][0].box));
    review_release(&r);
    review_release(&r); /* released twice: harmless */
    /* One page of four with a column: a numbered listing, not line numbers. */
    for (int i = 1; i < 3; i++) {
        free(info.pages[i].numbers);
        info.pages[i].numbers = NULL;
        info.pages[i].nnumbers = 0;
    }
    review_scan(&info, "lncs", &r);
    assert_int_equal(r.nsigns, 0);
    assert_null(r.rulers);
    review_release(&r);
    add_column(&info.pages[2], 101, 5, 124.8, true); /* two of four: a review version */
    review_scan(&info, "lncs", &r);
    assert_int_equal(r.nsigns, 1);
    review_release(&r);
    /* Short columns alone (a listing on each page) are no ruler. */
    for (int i = 0; i < 2; i++) {
        free(info.pages[i].numbers);
        info.pages[i].numbers = NULL;
        info.pages[i].nnumbers = 0;
    }
    review_scan(&info, "acm-sigconf", &r);
    assert_int_equal(r.nsigns, 0);
    assert_null(r.rulers);
    review_release(&r);
    pdfinfo_release(&info);
}

/* ---- review-copy texts ---- */

static void test_match_line(void **state)
{
    (void)state;
    /* A line of its own on page 1, with affiliation digits or marks. */
    assert_string_equal(review_match_line("Anonymous Author(s)\xE2\x88\x97", false), "Anonymous Author(s)");
    assert_string_equal(review_match_line("Anonymous Authors1", false), "Anonymous Author(s)");
    assert_string_equal(review_match_line("A n o n y m o u s  A u t h o r s", false), "Anonymous Author(s)");
    assert_string_equal(review_match_line("Anonymous ACL submission", false), "Anonymous submission");
    assert_string_equal(review_match_line("Anonymous submission", false), "Anonymous submission");
    assert_null(review_match_line("Anonymous peer review is a common practice in conferences and submission", false));
    assert_string_equal(review_match_line("Paper under double-blind review", false),
                        "Paper under double-blind review");
    assert_string_equal(review_match_line("Under review as a conference paper at ICLR 2024", false),
                        "Under review as a ... paper");
    assert_string_equal(review_match_line("Unpublished working draft. Not for distribution.", false),
                        "Unpublished working draft");
    /* Prose is not a marker: a sentence, a broken sentence, a title. */
    assert_null(review_match_line("Anonymous authors have shown that the attack works", false));
    assert_null(review_match_line("Anonymous Author(s). 2025. Adaptive Clipping Norms", false));
    assert_null(review_match_line("under review as a conference paper elsewhere, and", false));
    assert_null(review_match_line("Draft Evaluation of Robust Aggregation for", false));
    assert_null(review_match_line("we keep the draft; do not distribute it", false));
    assert_null(review_match_line("DRAFT", false)); /* large type is judged by its size */
    assert_null(review_match_line("Submitted to", false)); /* a thesis title page */
    assert_string_equal(review_match_line("Submitted to International Conference on LATEX-Hacks", false),
                        "Submitted to");
    assert_null(review_match_line("", false));
    assert_null(review_match_line(NULL, false));
    /* Headers and footers. */
    assert_string_equal(review_match_line("CVPR 2024 Submission #1234. CONFIDENTIAL REVIEW COPY. DO NOT", true),
                        "Confidential review copy");
    assert_string_equal(review_match_line("Preliminary work. Under review by the International Conference", true),
                        "Preliminary work. Under review");
    assert_string_equal(review_match_line("Manuscript submitted to ACM", true), "Manuscript submitted to");
    assert_string_equal(review_match_line("Submitted to 37th Conference on Neural Information", true),
                        "Submitted to");
    assert_string_equal(review_match_line("Anon.", true), "Anon.");
    assert_string_equal(review_match_line("DRAFT", true), "Draft");
    assert_null(review_match_line("Anon.", false));
    assert_null(review_match_line("Robust Systems Under Review at Scale", true)); /* a running title */
    assert_null(review_match_line("2  P. Dvo\xC5\x99\xC3\xA1k et al.", true));
    assert_null(review_match_line("Draft Evaluation of Robust Aggregation", true));
}

static void test_match_large(void **state)
{
    (void)state;
    assert_string_equal(review_match_large("DRAFT"), "DRAFT");
    assert_string_equal(review_match_large("Draft"), "DRAFT");
    assert_string_equal(review_match_large("TFARD"), "DRAFT"); /* turned downwards */
    assert_string_equal(review_match_large("CONFIDENTIAL"), "Confidential");
    assert_string_equal(review_match_large("Do not distribute"), "Do not distribute");
    assert_null(review_match_large("Unpubhdwokngd Noodbuon"));
    assert_null(review_match_large("ABC"));
    assert_null(review_match_large(""));
    assert_null(review_match_large(NULL));
}

static void test_scan_texts(void **state)
{
    (void)state;
    struct pdf_info info;
    make_paper(&info, 3, 49, 563);
    for (int i = 0; i < 3; i++)
        add_margin_text(&info.pages[i], "Under review as a conference paper at SPTAI 2025",
                        (struct rect){49, 19.5, 240.5, 27.2});
    add_margin_text(&info.pages[2], "3", (struct rect){303, 750, 308, 759});
    info.first_page_text = xstrdup("Under review as a conference paper at SPTAI 2025\nA Title\n"
                                   "Anonymous Authors1\nAbstract\u2014Anonymous authors have shown...\n");
    struct review_result r;
    review_scan(&info, "ieee-conference", &r);
    assert_int_equal(r.nsigns, 1);
    assert_string_equal(r.signs[0].message, "review version: 'Under review as a conference paper at SPTAI 2025' "
                                            "on pages 1–3 (header); 'Anonymous Authors1' on page 1");
    assert_int_equal(r.signs[0].npages, 3);
    assert_float_equal(r.signs[0].box.y0, 19.5, 1e-9);
    assert_null(r.rulers);
    review_release(&r);
    pdfinfo_release(&info);

    /* The body discussing anonymity or a draft is not a review version. */
    make_paper(&info, 1, 49, 563);
    info.first_page_text = xstrdup("Draft Evaluation of Robust Aggregation for\nFederated Learning\n"
                                   "anonymous authors of reviews, and the draft\nwas under review as a "
                                   "conference paper.\n");
    review_scan(&info, "ieee-conference", &r);
    assert_int_equal(r.nsigns, 0);
    review_release(&r);
    pdfinfo_release(&info);
}

static void test_scan_watermark(void **state)
{
    (void)state;
    struct pdf_info info;
    make_paper(&info, 4, 49, 563);
    for (int i = 0; i < 3; i++) {
        info.pages[i].large_text = xstrdup("DRAFT");
        info.pages[i].large_box = (struct rect){61, 254, 486, 609};
    }
    info.pages[3].large_text = xstrdup("Results"); /* a poster-size heading: no watermark */
    struct review_result r;
    review_scan(&info, NULL, &r);
    assert_int_equal(r.nsigns, 1);
    assert_string_equal(r.signs[0].message, "review version: a large 'DRAFT' watermark on pages 1–3");
    assert_non_null(strstr(r.signs[0].hint, "draftwatermark"));
    assert_float_equal(r.signs[0].box.x1, 486, 1e-9);
    review_release(&r);
    pdfinfo_release(&info);
}

/* ---- check: one finding per kind, numbers out of the margins ---- */

static void test_check_leaves_ruler_out(void **state)
{
    (void)state;
    struct style *ieee = style_load("ieee-conference");
    assert_non_null(ieee);
    struct pdf_info info;
    make_paper(&info, 2, 48.96, 563.04);
    for (int i = 0; i < 2; i++) {
        struct page_info *p = &info.pages[i];
        p->measured = true;
        p->bbox = p->ink = p->text = (struct rect){27.8, 60, 563.04, 700};
        add_column(p, 1 + 50 * i, 50, 27.8, false);
        p->ink_bands = xcalloc(3, sizeof(*p->ink_bands));
        p->ink_bands[0] = (struct rect){27.5, 60, 38.5, 700};  /* the numbers' ink */
        p->ink_bands[1] = (struct rect){48.96, 60, 563.04, 700};
        p->nink_bands = 2;
    }
    /* Page 2 also has a figure 20 pt into the right margin: still reported. */
    info.pages[1].ink_bands[2] = (struct rect){300, 300, 583.04, 400};
    info.pages[1].nink_bands = 3;
    info.pages[1].ink.x1 = info.pages[1].bbox.x1 = 583.04;
    info.first_page_text = xstrdup("A Title\nAnonymous Author(s)\n");
    struct findings f = {0};
    check_paper(&info, ieee, NULL, &f);
    size_t review = 0, margin = 0;
    for (size_t k = 0; k < f.n; k++) {
        if (f.items[k].code == F_REVIEW_VERSION) {
            review++;
            assert_int_equal(f.items[k].severity, SEV_ERROR);
            assert_non_null(f.items[k].hint);
            assert_int_equal(f.items[k].page, 1);
        }
        if (f.items[k].code == F_MARGIN) {
            margin++;
            assert_int_equal(f.items[k].page, 2);
            assert_string_equal(f.items[k].side, "right");
            assert_float_equal(f.items[k].amount, 20, 0.05);
        }
    }
    assert_int_equal(review, 2); /* line numbers, and the anonymous author */
    assert_int_equal(margin, 1);
    assert_string_equal(f.items[0].message, "review version: line numbers (1 to 100) in the left margin on pages 1, 2");
    assert_int_equal(f.items[0].npages, 2);
    findings_release(&f);
    pdfinfo_release(&info);
    style_free(ieee);
}

static void test_serialize_numbers(void **state)
{
    (void)state;
    struct pdf_info info, back;
    make_paper(&info, 2, 49, 563);
    add_column(&info.pages[1], 7, 3, 30, true);
    info.pages[0].large_text = xstrdup("DRAFT");
    info.pages[0].large_box = (struct rect){61, 254, 486, 609};
    size_t len;
    char *blob = pdfinfo_serialize(&info, &len);
    assert_true(pdfinfo_deserialize(&back, blob, len));
    assert_int_equal(back.pages[1].nnumbers, 3);
    assert_int_equal(back.pages[1].numbers[2].value, 9);
    assert_float_equal(back.pages[1].numbers[2].box.y0, 94, 1e-9);
    assert_int_equal(back.pages[0].nnumbers, 0);
    assert_string_equal(back.pages[0].large_text, "DRAFT");
    assert_float_equal(back.pages[0].large_box.y1, 609, 1e-9);
    assert_null(back.pages[1].large_text);
    pdfinfo_release(&back);
    for (size_t cut = 0; cut < len; cut += 5)
        assert_false(pdfinfo_deserialize(&back, blob, cut));
    free(blob);
    pdfinfo_release(&info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ruler_left),       cmocka_unit_test(test_ruler_both_sides),
        cmocka_unit_test(test_ruler_gaps_and_strays), cmocka_unit_test(test_not_rulers),
        cmocka_unit_test(test_ruler_without_body), cmocka_unit_test(test_scan_rulers),
        cmocka_unit_test(test_match_line),       cmocka_unit_test(test_match_large),
        cmocka_unit_test(test_scan_texts),       cmocka_unit_test(test_scan_watermark),
        cmocka_unit_test(test_check_leaves_ruler_out), cmocka_unit_test(test_serialize_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
