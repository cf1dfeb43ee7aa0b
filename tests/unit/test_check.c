/* Unit tests: style loading, page allowance and the check rules, on
 * hand-made inspection results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check/check.h"
#include "check/pagehead.h"
#include "check/report.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"
#include "manifest/manifest.h"
#include "base/util.h"

#include "capture.h"

static struct style *ieee;

static int setup(void **state)
{
    ieee = style_load("ieee-conference");
    return ieee ? 0 : -1;
}

static int teardown(void **state)
{
    style_free(ieee);
    return 0;
}

/* A clean Letter paper of n pages whose content sits inside the text block. */
static void make_paper(struct pdf_info *info, int n)
{
    pdfinfo_init(info, "paper.pdf");
    info->version = 15;
    info->npages = n;
    info->pages = xcalloc((size_t)n, sizeof(*info->pages));
    for (int i = 0; i < n; i++) {
        struct page_info *p = &info->pages[i];
        p->width = p->media_width = 612;
        p->height = p->media_height = 792;
        p->bbox = (struct rect){60, 60, 550, 700};
    }
}

static size_t count_code(const struct findings *f, enum finding_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->items[i].code == code;
    return n;
}

static const struct finding *first_code(const struct findings *f, enum finding_code code)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].code == code)
            return &f->items[i];
    return NULL;
}

static void test_styles_load(void **state)
{
    assert_string_equal(ieee->name, "ieee-conference");
    assert_int_equal(ieee->page_limit, 6);
    assert_int_equal(ieee->extra_pages, 2);
    assert_int_equal(ieee->nsizes, 2);
    assert_float_equal(ieee->sizes[0].width, 612, 0.01);
    assert_float_equal(ieee->sizes[1].height, 841.89, 0.01);   /* 297 mm */
    assert_float_equal(ieee->sizes[0].left, 45, 0.01);          /* 0.625 in */
    assert_true(ieee->forbid_page_numbers);
    struct style *acm = style_load("acm-sigconf");
    assert_non_null(acm);
    assert_int_equal(acm->page_limit, 20);
    assert_int_equal(acm->severity[F_PAGE_NUMBERS], SEV_WARNING);
    style_free(acm);
    struct style *lncs = style_load("lncs");
    assert_non_null(lncs);
    assert_string_equal(lncs->sizes[0].name, "a4");
    style_free(lncs);
    struct style_entry *entries;
    size_t n = style_list(&entries);
    assert_true(n >= 4);
    assert_string_equal(entries[0].name, "acl"); /* sorted */
    assert_string_equal(entries[1].name, "acm-sigconf");
    style_entries_free(entries, n);
}

static void test_size_matching(void **state)
{
    bool landscape;
    assert_string_equal(style_match_size(ieee, 612, 792, &landscape)->name, "letter");
    assert_false(landscape);
    assert_string_equal(style_match_size(ieee, 595.3, 841.9, &landscape)->name, "a4");
    assert_non_null(style_match_size(ieee, 792, 612, &landscape));
    assert_true(landscape);
    assert_null(style_match_size(ieee, 600, 800, &landscape));
    assert_string_equal(style_nearest_size(ieee, 600, 800)->name, "letter");
}

static void test_limits(void **state)
{
    struct style_limits def = STYLE_LIMITS_DEFAULT, over = {20, 0, 150, -1, 0};
    assert_int_equal(check_page_limit(ieee, &def), 6);
    assert_int_equal(check_extra_pages(ieee, &def), 2);
    assert_int_equal(check_page_limit(ieee, &over), 20);
    assert_int_equal(check_extra_pages(ieee, &over), 0);
    assert_int_equal(check_paid_pages(ieee, &def, 5), 0);
    assert_int_equal(check_paid_pages(ieee, &def, 8), 2);
    assert_float_equal(check_extra_page_fee(ieee, &def), 100, 0);
    assert_float_equal(check_extra_page_fee(ieee, &over), 150, 0); /* the manifest's fee wins */
}

static void run(struct pdf_info *info, const struct style_limits *limits, struct findings *f)
{
    memset(f, 0, sizeof(*f));
    check_paper(info, ieee, limits, f);
}

static void test_clean_paper(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 6);
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_page_counts(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 7); /* one paid page */
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.items[0].code, F_EXTRA_PAGES);
    assert_int_equal(f.items[0].severity, SEV_NOTICE);
    assert_int_equal(f.items[0].page, 7);
    assert_float_equal(f.items[0].amount, 1, 0);
    assert_non_null(strstr(f.items[0].message, "100.00 USD"));
    findings_release(&f);
    pdfinfo_release(&info);

    make_paper(&info, 9); /* over 6 + 2 */
    run(&info, NULL, &f);
    const struct finding *lim = first_code(&f, F_PAGE_LIMIT);
    assert_non_null(lim);
    assert_int_equal(lim->severity, SEV_ERROR);
    assert_int_equal(lim->page, 9);
    assert_float_equal(lim->amount, 1, 0);
    findings_release(&f);

    struct style_limits twenty = {20, 0, -1, -1, 0};
    run(&info, &twenty, &f); /* 9 pages within 20 */
    assert_int_equal(f.n, 0);
    findings_release(&f);
    pdfinfo_release(&info);
}

/* count: body: the pages before the first uncounted section. */
static void test_body_page_counts(void **state)
{
    struct style *acl = style_load("acl");
    assert_non_null(acl);
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 10);
    info.sections_searched = true;
    info.sections[SECTION_LIMITATIONS] = (struct section_start){9, 306, 310, true};
    info.sections[SECTION_REFERENCES] = (struct section_start){9, 306, 397, true};
    info.sections[SECTION_APPENDIX] = (struct section_start){9, 306, 655, true};
    assert_int_equal(check_counted_pages(&info, acl), 9);
    assert_int_equal(check_counted_pages(&info, ieee), 10); /* IEEE counts every page */
    memset(&f, 0, sizeof(f));
    check_paper(&info, acl, NULL, &f);
    const struct finding *lim = first_code(&f, F_PAGE_LIMIT);
    assert_non_null(lim);
    assert_int_equal(lim->page, 9);
    assert_float_equal(lim->amount, 1, 0);
    assert_string_equal(lim->message, "9 body pages (limitations start on page 9, references on page 9, appendix on "
                                      "page 9), more than the limit of 8; remove 1 page");
    findings_release(&f);

    /* Limitations at the top of page 9: the body ends on page 8 */
    info.sections[SECTION_LIMITATIONS].body_before = false;
    assert_int_equal(check_counted_pages(&info, acl), 8);
    memset(&f, 0, sizeof(f));
    check_paper(&info, acl, NULL, &f);
    assert_null(first_code(&f, F_PAGE_LIMIT));
    findings_release(&f);

    /* No heading found: every page counts, and the message says why */
    memset(info.sections, 0, sizeof(info.sections));
    memset(&f, 0, sizeof(f));
    check_paper(&info, acl, NULL, &f);
    lim = first_code(&f, F_PAGE_LIMIT);
    assert_non_null(lim);
    assert_int_equal(lim->page, 9);
    assert_non_null(strstr(lim->message, "10 pages (no heading of references, appendix, limitations, ethics was "
                                         "found, so every page counts)"));
    findings_release(&f);
    pdfinfo_release(&info);
    style_free(acl);
}

static void test_page_sizes(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 4);
    info.pages[1].width = 595.28; /* A4: accepted, but differs from page 1 */
    info.pages[1].height = 841.89;
    info.pages[2].width = 792; /* landscape letter */
    info.pages[2].height = 612;
    info.pages[3].width = 500; /* not a paper size */
    info.pages[3].height = 700;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_SIZE), 2);
    findings_release(&f);
    info.pages[0].media_width = 0; /* empty MediaBox: readers substitute Letter */
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_SIZE), 3);
    assert_int_equal(first_code(&f, F_PAGE_SIZE)->page, 1);
    assert_non_null(strstr(first_code(&f, F_PAGE_SIZE)->message, "empty MediaBox"));
    findings_release(&f);
    info.pages[0].media_width = 612;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MIXED_PAGE_SIZE), 1);
    assert_int_equal(first_code(&f, F_MIXED_PAGE_SIZE)->page, 2);
    assert_int_equal(count_code(&f, F_PAGE_SIZE), 2);
    assert_int_equal(first_code(&f, F_PAGE_SIZE)->page, 3);
    assert_non_null(strstr(first_code(&f, F_PAGE_SIZE)->message, "landscape"));
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_margins(void **state)
{
    /* No body text measured: pages are judged by the size's template
     * block (IEEEtran on Letter: x 48.96..563.03, y 46.96..716.45). */
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 3);
    struct page_info *p = &info.pages[1];
    p->measured = true;
    p->text = (struct rect){20, 60, 550, 700}; /* text 28.96 pt left of the block */
    p->ink = p->text;
    struct page_info *q = &info.pages[2];
    q->measured = true;
    q->text = (struct rect){60, 60, 550, 700};
    q->image = (struct rect){300, 600, 560, 760}; /* image 43.55 pt below the block's last baseline */
    q->ink = (struct rect){60, 60, 560, 760};
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 2);
    const struct finding *m = first_code(&f, F_MARGIN);
    assert_int_equal(m->page, 2);
    assert_string_equal(m->side, "left");
    assert_float_equal(m->amount, 29.0, 0.01);
    assert_string_equal(m->message, "text extends 29.0 pt past the left edge of the text block");
    const struct finding *m2 = &f.items[f.n - 1];
    assert_int_equal(m2->page, 3);
    assert_string_equal(m2->side, "bottom");
    assert_float_equal(m2->amount, 43.5, 0.06);
    assert_non_null(strstr(m2->message, "image"));
    findings_release(&f);

    /* Within tolerance (0.1 in = 7.2 pt; at the bottom 2.5 pt more for
     * descenders below the last baseline): no finding. */
    p->text.x0 = p->ink.x0 = 42;
    q->ink.y1 = q->image.y1 = 726;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 0);
    findings_release(&f);

    /* Body text at 45 pt (the IEEE Word template) fits no LaTeX block:
     * the paper is judged by the minimum margins, and says so. */
    for (int i = 0; i < 3; i++)
        info.pages[i].body = (struct rect){45.1, 60, 566.9, 700};
    p->text.x0 = p->ink.x0 = 20;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 1);
    assert_float_equal(first_code(&f, F_MARGIN)->amount, 25, 0.01);
    assert_string_equal(first_code(&f, F_MARGIN)->message, "text extends 25.0 pt into the left margin");
    findings_release(&f);
    pdfinfo_release(&info);
}

/* An LNCS paper of n A4 pages, body text in the llncs block (x 134.8..480.6,
 * y 116.8..663.9) as inspect measures it: ink in one band. */
static void make_lncs_paper(struct pdf_info *info, int n)
{
    make_paper(info, n);
    for (int i = 0; i < n; i++) {
        struct page_info *p = &info->pages[i];
        p->width = p->media_width = 595.28;
        p->height = p->media_height = 841.89;
        p->measured = true;
        p->body = (struct rect){134.8, 120, 480.6, 666.1};
        p->text = p->ink = (struct rect){134.8, 117, 480.6, 666};
        p->ink_bands = xcalloc(1, sizeof(*p->ink_bands));
        p->ink_bands[0] = p->ink;
        p->nink_bands = 1;
    }
}

static void add_band(struct page_info *p, struct rect r)
{
    p->ink_bands = xrealloc(p->ink_bands, (p->nink_bands + 1) * sizeof(*p->ink_bands));
    p->ink_bands[p->nink_bands++] = r;
    rect_union(&p->ink, &r);
}

static void test_text_blocks(void **state)
{
    struct style *lncs = style_load("lncs");
    assert_non_null(lncs);
    struct pdf_info info;
    struct findings f;

    /* A figure 27.7 pt past the llncs block's right edge (480.61), which
     * the style's 100 pt minimum margins would call 13.0. */
    make_lncs_paper(&info, 4);
    struct page_info *p = &info.pages[2];
    p->image = (struct rect){134.8, 116.8, 508.3, 340.9};
    add_band(p, p->image);
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.items[0].page, 3);
    assert_string_equal(f.items[0].side, "right");
    assert_float_equal(f.items[0].amount, 27.7, 0.01);
    assert_string_equal(f.items[0].message, "an image extends 27.7 pt past the right edge of the text block");
    findings_release(&f);

    /* Line numbers 15-18 pt left of the block: inside the minimum margins,
     * outside the template's block. */
    p->image = (struct rect){0, 0, 0, 0};
    p->ink_bands[1] = (struct rect){119.5, 120, 480.6, 666};
    p->text.x0 = 119.5;
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.items[0].side, "left");
    assert_float_equal(f.items[0].amount, 15.3, 0.01);
    findings_release(&f);

    /* One page whose body starts elsewhere (a full-width table) does not
     * outvote the others. */
    info.pages[1].body.x0 = 60;
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 1);
    assert_float_equal(first_code(&f, F_MARGIN)->amount, 15.3, 0.01);
    findings_release(&f);
    pdfinfo_release(&info);
    style_free(lncs);

    /* IEEEtran on A4 moves the block to x 40.6; a paper set for Letter and
     * printed on A4 keeps it at 48.96.  Each is judged by its own. */
    make_paper(&info, 2);
    for (int i = 0; i < 2; i++) {
        struct page_info *q = &info.pages[i];
        q->width = q->media_width = 595.28;
        q->height = q->media_height = 841.89;
        q->measured = true;
        q->body = (struct rect){40.6, 52, 554.7, 718};
        q->text = q->ink = (struct rect){40.6, 52, 554.7, 718};
    }
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);
    for (int i = 0; i < 2; i++) {
        struct page_info *q = &info.pages[i];
        q->body = (struct rect){49.0, 52, 563.0, 718};
        q->text = q->ink = (struct rect){49.0, 52, 563.0, 718};
    }
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0); /* 8.4 pt past the A4 block, but inside the Letter one */
    findings_release(&f);
    info.pages[1].ink.x0 = 40; /* 9 pt left of the Letter block */
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 1);
    assert_float_equal(first_code(&f, F_MARGIN)->amount, 9.0, 0.01);
    findings_release(&f);
    pdfinfo_release(&info);

    /* A landscape page: no block fits, the minimum margins apply. */
    make_paper(&info, 2);
    info.pages[1].width = 792;
    info.pages[1].height = 612;
    info.pages[1].measured = true;
    info.pages[1].text = info.pages[1].ink = (struct rect){50, 60, 742, 540};
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_SIZE), 1);
    assert_int_equal(count_code(&f, F_MARGIN), 0);
    findings_release(&f);
    pdfinfo_release(&info);
}

static void add_margin_text(struct page_info *p, const char *text, struct rect box)
{
    p->margin_texts = xrealloc(p->margin_texts, (p->nmargin_texts + 1) * sizeof(*p->margin_texts));
    p->margin_texts[p->nmargin_texts].text = xstrdup(text);
    p->margin_texts[p->nmargin_texts].box = box;
    p->nmargin_texts++;
}

static void test_page_numbers(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 4);
    for (int i = 0; i < 4; i++) {
        char num[8];
        snprintf(num, sizeof(num), "%d", i + 1);
        struct page_info *p = &info.pages[i];
        p->measured = true;
        p->text = (struct rect){60, 60, 550, 760};
        p->ink = p->text;
        add_margin_text(p, num, (struct rect){300, 750, 310, 760});
    }
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_NUMBERS), 1);
    assert_int_equal(first_code(&f, F_PAGE_NUMBERS)->page, 1);
    assert_int_equal(count_code(&f, F_MARGIN), 0); /* the numbers are not also margin findings */
    findings_release(&f);
    pdfinfo_release(&info);

    assert_int_equal(pagehead_parse_number("12"), 12);
    assert_int_equal(pagehead_parse_number("- 7 -"), 7);
    assert_int_equal(pagehead_parse_number("Page 3 of 9"), 3);
    assert_int_equal(pagehead_parse_number("xiv"), 14);
    assert_int_equal(pagehead_parse_number("Fig. 3"), -1);
    assert_int_equal(pagehead_parse_number("2024"), 2024);
}

static void test_running_heads(void **state)
{
    struct style *lncs = style_load("lncs");
    assert_non_null(lncs);
    struct pdf_info info;
    struct findings f;

    /* llncs runningheads: the folio and the authors or the title 22 pt
     * above the block on pages 2-4, each two texts on one line. */
    make_lncs_paper(&info, 4);
    for (int i = 1; i < 4; i++) {
        struct page_info *p = &info.pages[i];
        char num[8];
        snprintf(num, sizeof(num), "%d", i + 1);
        if (i % 2) {
            add_margin_text(p, num, (struct rect){134.8, 94.8, 139.2, 102.8});
            add_margin_text(p, "P. Dvo\xc5\x99\xc3\xa1k et al.", (struct rect){167.8, 94.8, 222.7, 102.8});
            add_band(p, (struct rect){135, 95, 139, 101});
            add_band(p, (struct rect){168, 95, 222.5, 101});
        } else {
            add_margin_text(p, "Incremental Verification of Smart Contracts", (struct rect){290.7, 94.8, 447.5, 102.8});
            add_margin_text(p, num, (struct rect){476.1, 94.8, 480.6, 102.8});
            add_band(p, (struct rect){291, 94.5, 480.5, 102});
        }
    }
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    assert_int_equal(f.n, 1);
    const struct finding *pn = &f.items[0];
    assert_int_equal(pn->code, F_PAGE_NUMBERS);
    assert_int_equal(pn->page, 2);
    assert_int_equal(pn->npages, 3);
    assert_int_equal(pn->pages[2], 4);
    assert_string_equal(pn->message, "page numbers are printed on 3 of 4 pages (2\xe2\x80\x93" "4), in the running "
                                     "heads; remove them, the final numbers are stamped when the volume is built");
    assert_string_equal(pn->hint, "remove the 'runningheads' class option: \\documentclass{llncs}");
    findings_release(&f);

    /* Anything else above the block is still seen. */
    add_band(&info.pages[3], (struct rect){200, 105, 300, 112});
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_NUMBERS), 1);
    assert_int_equal(count_code(&f, F_MARGIN), 1);
    assert_int_equal(first_code(&f, F_MARGIN)->page, 4);
    assert_string_equal(first_code(&f, F_MARGIN)->side, "top");
    assert_float_equal(first_code(&f, F_MARGIN)->amount, 11.8, 0.01);
    findings_release(&f);
    pdfinfo_release(&info);
    style_free(lncs);

    /* A header with a year on every page is not a folio, and it is in the
     * margin (IEEEtran has no running heads); the footer folios of pages
     * 2 and 3 are, whatever the year says. */
    make_paper(&info, 3);
    for (int i = 0; i < 3; i++) {
        struct page_info *p = &info.pages[i];
        p->measured = true;
        p->body = (struct rect){49, 52, 563, 718};
        p->text = p->ink = (struct rect){49, 52, 563, 718};
        p->ink_bands = xcalloc(1, sizeof(*p->ink_bands));
        p->ink_bands[0] = p->ink;
        p->nink_bands = 1;
        add_margin_text(p, "Under review as a conference paper at SPTAI 2025", (struct rect){49, 19.5, 240.5, 27.2});
        add_band(p, (struct rect){49, 19.5, 240.5, 27.2});
        if (i > 0) {
            char num[8];
            snprintf(num, sizeof(num), "%d", i + 1);
            add_margin_text(p, num, (struct rect){303.5, 750.1, 308.5, 759});
            add_band(p, (struct rect){304, 750.5, 308, 758.5});
        }
    }
    run(&info, NULL, &f);
    pn = first_code(&f, F_PAGE_NUMBERS);
    assert_non_null(pn);
    assert_int_equal(pn->npages, 2);
    assert_int_equal(pn->pages[0], 2);
    assert_non_null(strstr(pn->message, "in the footers"));
    assert_non_null(strstr(pn->hint, "\\pagestyle{plain}"));
    assert_int_equal(count_code(&f, F_MARGIN), 3);
    assert_string_equal(first_code(&f, F_MARGIN)->side, "top");
    assert_float_equal(first_code(&f, F_MARGIN)->amount, 27.5, 0.01); /* from the block top, 46.96 */
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_acm_heads(void **state)
{
    struct style *acm = style_load("acm-sigconf");
    assert_non_null(acm);
    struct pdf_info info;
    struct findings f;
    /* acmart's own running head (no number) sits above its block but
     * inside the style's 48 pt top margin: not a finding.  Review mode's
     * folio and "Page N of M" line are page numbers; the line numbers
     * beside the footer count for their side only. */
    make_paper(&info, 2);
    for (int i = 0; i < 2; i++) {
        struct page_info *p = &info.pages[i];
        p->measured = true;
        p->body = (struct rect){53.8, 84, 558.2, 709};
        p->text = (struct rect){27.8, 61.1, 586.5, 721};
        p->ink = p->text;
        add_band(p, (struct rect){28, 84, 586.5, 707});
        add_band(p, (struct rect){28, 713, 36.2, 721});
        add_band(p, (struct rect){304.5, 713.1, 307.5, 721});
        add_band(p, (struct rect){468, 713.1, 558.2, 721});
        add_band(p, (struct rect){578.1, 712, 586.5, 719});
        char num[8], page[64];
        snprintf(num, sizeof(num), "%d", i + 1);
        snprintf(page, sizeof(page), "2023-11-14 22:13. Page %d of 1\xe2\x80\x93" "2.", i + 1);
        add_margin_text(p, num, (struct rect){304.3, 713.1, 307.5, 721});
        add_margin_text(p, page, (struct rect){467.8, 713.1, 558.2, 721});
        add_margin_text(p, "116", (struct rect){578.1, 711.3, 586.5, 718.1});
        if (i == 1) {
            add_margin_text(p, "CCS \xe2\x80\x99" "25, October 13\xe2\x80\x93" "17, 2025, Taipei, Taiwan",
                            (struct rect){53.8, 61.1, 182.6, 69.1});
            add_margin_text(p, "Anon.", (struct rect){539, 61.1, 555.9, 69.1});
            add_band(p, (struct rect){54, 62, 555, 69});
        }
    }
    memset(&f, 0, sizeof(f));
    check_paper(&info, acm, NULL, &f);
    const struct finding *pn = first_code(&f, F_PAGE_NUMBERS);
    assert_non_null(pn);
    assert_int_equal(pn->severity, SEV_WARNING);
    assert_int_equal(pn->npages, 2);
    assert_non_null(strstr(pn->hint, "printfolios"));
    assert_int_equal(count_code(&f, F_MARGIN), 4);
    for (size_t i = 0; i < f.n; i++)
        if (f.items[i].code == F_MARGIN) {
            assert_true(!strcmp(f.items[i].side, "left") || !strcmp(f.items[i].side, "right"));
            assert_float_equal(f.items[i].amount, !strcmp(f.items[i].side, "left") ? 26.0 : 28.3, 0.06);
        }
    findings_release(&f);
    pdfinfo_release(&info);
    style_free(acm);
}

static void test_fonts_and_document(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 2);
    info.nfonts = 3;
    info.fonts = xcalloc(3, sizeof(*info.fonts));
    info.fonts[0] = (struct font_info){xstrdup("ABCDEF+NimbusRomNo9L-Regu"), xstrdup("Type 1C"), true, true, false, 1, true};
    info.fonts[1] = (struct font_info){xstrdup("Helvetica"), xstrdup("Type 1"), false, false, false, 2, true};
    info.fonts[2] = (struct font_info){xstrdup("[unnamed]"), xstrdup("Type 3"), true, false, true, 2, true};
    info.encryption = ENC_OWNER_PASSWORD;
    info.javascript = xstrdup("OpenAction");
    info.attachments = 1;
    info.attachment_names = xstrdup("data.zip");
    info.version = 20;
    info.pages[1].blank = true;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_FONT_NOT_EMBEDDED), 1);
    assert_int_equal(first_code(&f, F_FONT_NOT_EMBEDDED)->page, 2);
    assert_non_null(strstr(first_code(&f, F_FONT_NOT_EMBEDDED)->message, "Helvetica"));
    assert_int_equal(count_code(&f, F_TYPE3_FONT), 1);
    assert_int_equal(count_code(&f, F_ENCRYPTED), 1);
    assert_int_equal(count_code(&f, F_JAVASCRIPT), 1);
    assert_int_equal(count_code(&f, F_ATTACHMENT), 1);
    assert_int_equal(count_code(&f, F_PDF_VERSION), 1);
    assert_int_equal(count_code(&f, F_BLANK_PAGE), 1);
    assert_int_equal(first_code(&f, F_BLANK_PAGE)->page, 2);
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_unreadable(void **state)
{
    struct pdf_info info;
    struct findings f;
    pdfinfo_init(&info, "x.pdf");
    info.readable = false;
    info.unreadable_reason = xstrdup("not a PDF file (no %PDF header)");
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.items[0].code, F_UNREADABLE);
    assert_int_equal(f.items[0].severity, SEV_ERROR);
    findings_release(&f);
    info.encryption = ENC_USER_PASSWORD;
    run(&info, NULL, &f);
    assert_int_equal(f.items[0].code, F_ENCRYPTED);
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_findings_capped(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 20);
    for (int i = 0; i < 20; i++)
        info.pages[i].blank = true;
    struct style_limits lim = {30, 0, -1, -1, 0};
    run(&info, &lim, &f);
    assert_int_equal(count_code(&f, F_BLANK_PAGE), 6); /* 5 + one summary */
    assert_non_null(strstr(f.items[f.n - 1].message, "15 more"));
    findings_release(&f);
    pdfinfo_release(&info);
}

static void test_serialize_roundtrip(void **state)
{
    struct pdf_info info, back;
    make_paper(&info, 3);
    info.fonts = xcalloc(1, sizeof(*info.fonts));
    info.nfonts = 1;
    info.fonts[0] = (struct font_info){xstrdup("Times"), xstrdup("Type 1"), false, false, false, 1, true};
    add_margin_text(&info.pages[2], "3", (struct rect){1, 2, 3, 4});
    info.pages[1].body = (struct rect){134.8, 120, 480.6, 666.1};
    info.pages[1].ink_bands = xcalloc(2, sizeof(*info.pages[1].ink_bands));
    info.pages[1].ink_bands[0] = (struct rect){135, 95, 222, 101};
    info.pages[1].ink_bands[1] = (struct rect){135, 117, 481, 664};
    info.pages[1].nink_bands = 2;
    info.pages[2].image_px_w = 160;
    info.pages[2].image_px_h = 96;
    info.pages[2].image_ppi = 45.9;
    info.first_page_text = xstrdup("Title\nAbstract—Zoë 陈洪森");
    info.typography = (struct body_typography){8.966, 0.66, 11.02, 2, 2, 4};
    size_t len;
    char *blob = pdfinfo_serialize(&info, &len);
    assert_true(pdfinfo_deserialize(&back, blob, len));
    assert_int_equal(back.npages, 3);
    assert_string_equal(back.fonts[0].name, "Times");
    assert_true(back.fonts[0].drawn);
    assert_int_equal(back.pages[2].image_px_w, 160);
    assert_int_equal(back.pages[2].image_px_h, 96);
    assert_float_equal(back.pages[2].image_ppi, 45.9, 0);
    assert_float_equal(back.pages[1].image_ppi, 0, 0);
    assert_string_equal(back.pages[2].margin_texts[0].text, "3");
    assert_float_equal(back.pages[2].margin_texts[0].box.y1, 4, 0);
    assert_float_equal(back.pages[1].body.x1, 480.6, 0);
    assert_int_equal(back.pages[1].nink_bands, 2);
    assert_float_equal(back.pages[1].ink_bands[1].y1, 664, 0);
    assert_int_equal(back.pages[0].nink_bands, 0);
    assert_string_equal(back.first_page_text, info.first_page_text);
    assert_memory_equal(&back.typography, &info.typography, sizeof(info.typography));
    pdfinfo_release(&back);
    /* Truncated or corrupted blobs are refused, never trusted. */
    for (size_t cut = 0; cut < len; cut += 7)
        assert_false(pdfinfo_deserialize(&back, blob, cut));
    blob[30] ^= 0x7F;
    if (pdfinfo_deserialize(&back, blob, len))
        pdfinfo_release(&back);
    free(blob);
    pdfinfo_release(&info);
}

/* ---- one finding per defect ---- */

static void add_font(struct pdf_info *info, const char *name, const char *type, bool embedded, int page)
{
    info->fonts = xrealloc(info->fonts, (info->nfonts + 1) * sizeof(*info->fonts));
    bool type3 = !strcmp(type, "Type 3");
    info->fonts[info->nfonts++] = (struct font_info){xstrdup(name), xstrdup(type), embedded, false, type3, page, true};
}

static void test_fonts_grouped(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 10);
    /* One Type 3 font object per page, as some producers write them. */
    static const int t3_pages[] = {3, 1, 2, 5, 4, 7, 10, 9};
    for (size_t i = 0; i < ARRAY_SIZE(t3_pages); i++)
        add_font(&info, "T3Font_0", "Type 3", true, t3_pages[i]);
    add_font(&info, "Helvetica", "Type 1", false, 6);
    add_font(&info, "Helvetica", "Type 1", false, 2);
    add_font(&info, "Helvetica", "TrueType", false, 8); /* another font program: its own finding */
    add_font(&info, "Times-Roman", "Type 1", false, 9);
    add_font(&info, "T3Font_1", "Type 3", true, 4);
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_TYPE3_FONT), 2);
    assert_int_equal(count_code(&f, F_FONT_NOT_EMBEDDED), 3);
    const struct finding *t3 = first_code(&f, F_TYPE3_FONT);
    assert_int_equal(t3->page, 1);
    assert_int_equal(t3->npages, 8);
    assert_int_equal(t3->pages[0], 1);
    assert_int_equal(t3->pages[7], 10);
    assert_string_equal(t3->message, "font 'T3Font_0' is a Type 3 (bitmap or procedural) font (used on pages "
                                     "1\xe2\x80\x93" "5, 7, 9, 10); use outline fonts (e.g. \\usepackage[T1]{fontenc} "
                                     "with cm-super or lmodern)");
    const struct finding *helv = first_code(&f, F_FONT_NOT_EMBEDDED);
    assert_int_equal(helv->page, 2);
    assert_string_equal(helv->message, "font 'Helvetica' (Type 1) is not embedded (used on pages 2, 6)");
    /* A font used on one page reads as before. */
    for (size_t i = 0; i < f.n; i++) {
        if (f.items[i].code == F_FONT_NOT_EMBEDDED && f.items[i].page == 9)
            assert_string_equal(f.items[i].message, "font 'Times-Roman' (Type 1) is not embedded");
        if (f.items[i].code == F_TYPE3_FONT && f.items[i].page == 4)
            assert_null(strstr(f.items[i].message, "used on"));
    }
    findings_release(&f);
    pdfinfo_release(&info);
}

/* Fonts only listed in resources, never drawn, are no finding. */
static void test_fonts_not_drawn(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 3);
    add_font(&info, "Helvetica", "Type 1", false, 1);
    add_font(&info, "T3", "Type 3", true, 2);
    add_font(&info, "Arial", "TrueType", false, 3);
    info.fonts[0].drawn = info.fonts[1].drawn = false;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_TYPE3_FONT), 0);
    assert_int_equal(count_code(&f, F_FONT_NOT_EMBEDDED), 1);
    assert_int_equal(first_code(&f, F_FONT_NOT_EMBEDDED)->page, 3);
    findings_release(&f);
    pdfinfo_release(&info);
}

/* One text_not_read notice for the pages whose text was not read; a page
 * at the limit was read. */
static void test_text_not_read(void **state)
{
    (void)state;
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 4);
    info.pages[1].text_pieces = 93412;
    info.pages[3].text_pieces = PDFINFO_MAX_TEXT_PIECES;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_TEXT_NOT_READ), 1);
    const struct finding *t = first_code(&f, F_TEXT_NOT_READ);
    assert_int_equal(t->severity, SEV_NOTICE);
    assert_int_equal(t->page, 2);
    assert_int_equal(t->npages, 1);
    assert_float_equal(t->amount, 93412, 0);
    assert_string_equal(t->message, "page 2 shows 93,412 pieces of text; its text was not read, so its margins are "
                                    "judged from the rendered page only");
    findings_release(&f);
    info.pages[3].text_pieces = 1234567;
    run(&info, NULL, &f);
    assert_string_equal(first_code(&f, F_TEXT_NOT_READ)->message,
                        "pages 2, 4 show up to 1,234,567 pieces of text; their text was not read, so their margins "
                        "are judged from the rendered pages only");
    findings_release(&f);
    pdfinfo_release(&info);
}

/* One image_resolution finding: the lowest page named, every page below
 * the style's 100 ppi listed; a page at the limit or without images is
 * not. */
static void test_image_resolution(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 5);
    static const double ppi[] = {0, 72, 100, 45.9, 99.4};
    for (int i = 0; i < 5; i++) {
        info.pages[i].image_ppi = ppi[i];
        info.pages[i].image_px_w = 160 + i;
        info.pages[i].image_px_h = 96;
    }
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_IMAGE_RESOLUTION), 1);
    const struct finding *im = first_code(&f, F_IMAGE_RESOLUTION);
    assert_int_equal(im->severity, SEV_WARNING);
    assert_int_equal(im->npages, 3);
    assert_int_equal(im->pages[0], 2);
    assert_int_equal(im->pages[1], 4);
    assert_int_equal(im->pages[2], 5);
    assert_float_equal(im->amount, 45.9, 1e-9);
    assert_string_equal(im->message, "image 163 x 96 px shown at 46 ppi on page 4; the style asks for at least 100 "
                                     "ppi (images below it on pages 2, 4, 5)");
    findings_release(&f);
    /* Alone on one page; and a style without images: min_ppi checks none. */
    info.pages[1].image_ppi = info.pages[4].image_ppi = 0;
    run(&info, NULL, &f);
    assert_string_equal(first_code(&f, F_IMAGE_RESOLUTION)->message,
                        "image 163 x 96 px shown at 46 ppi on page 4; the style asks for at least 100 ppi");
    findings_release(&f);
    int saved = ieee->min_image_ppi;
    ieee->min_image_ppi = 0;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_IMAGE_RESOLUTION), 0);
    findings_release(&f);
    ieee->min_image_ppi = saved;
    pdfinfo_release(&info);
}

static void test_page_sizes_grouped(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 12);
    for (int i = 0; i < 12; i++) { /* a whole paper in a size the venue does not accept */
        info.pages[i].width = info.pages[i].media_width = 500;
        info.pages[i].height = info.pages[i].media_height = 700;
        info.pages[i].bbox = (struct rect){60, 60, 420, 600}; /* inside its margins: not measured */
    }
    info.pages[10].width = 700; /* one page another wrong size */
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_PAGE_SIZE), 2);
    const struct finding *sz = first_code(&f, F_PAGE_SIZE);
    assert_int_equal(sz->page, 1);
    assert_int_equal(sz->npages, 11);
    assert_string_equal(sz->message, "pages 1\xe2\x80\x93" "10, 12 are 500.0 x 700.0 pt (176.4 x 246.9 mm); expected "
                                     "letter (612 x 792 pt) or another accepted size");
    assert_null(strstr(f.items[f.n - 1].message, "more"));
    findings_release(&f);
    pdfinfo_release(&info);

    make_paper(&info, 6); /* Letter with A4 pages 2, 3 and 6 */
    static const int a4[] = {1, 2, 5};
    for (size_t i = 0; i < ARRAY_SIZE(a4); i++) {
        info.pages[a4[i]].width = 595.28;
        info.pages[a4[i]].height = 841.89;
    }
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.items[0].code, F_MIXED_PAGE_SIZE);
    assert_int_equal(f.items[0].page, 2);
    assert_string_equal(f.items[0].message, "pages 2, 3, 6 are a4 (595 x 842 pt) but page 1 is letter (612 x 792 pt)");
    findings_release(&f);
    pdfinfo_release(&info);

    /* Long lists are cut in the message, kept whole in pages. */
    make_paper(&info, 60);
    for (int i = 1; i < 60; i += 2) {
        info.pages[i].width = 792;
        info.pages[i].height = 612;
        info.pages[i].bbox = (struct rect){60, 60, 700, 500}; /* inside its margins: not measured */
    }
    struct style_limits lim = {100, 0, -1, -1, 0};
    run(&info, &lim, &f);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.items[0].npages, 30);
    assert_string_equal(f.items[0].message, "pages 2, 4, 6, 8, 10, 12, 14, 16, 18, 20 and 20 more are landscape "
                                            "(792 x 612 pt); letter portrait (612 x 792 pt) is expected");
    findings_release(&f);
    pdfinfo_release(&info);
}

/* ---- fees ---- */

static void test_fees(void **state)
{
    struct style_limits def = STYLE_LIMITS_DEFAULT, nofee = {6, 2, 0, -1, 0};
    assert_true(check_has_fee(ieee, &def));
    assert_false(check_has_fee(ieee, &nofee));
    assert_int_equal(check_paid_pages(ieee, &def, 6), 0);
    assert_int_equal(check_paid_pages(ieee, &def, 7), 1);
    assert_int_equal(check_paid_pages(ieee, &def, 12), 2); /* beyond the allowance: removed, not paid */
    assert_float_equal(check_fee(ieee, &def, 7), 100, 0);
    assert_float_equal(check_fee(ieee, &def, 12), 200, 0);
    assert_float_equal(check_fee(ieee, &nofee, 8), 0, 0);
    assert_int_equal(check_paid_pages(ieee, &nofee, 8), 2);
    struct style *lncs = style_load("lncs");
    assert_non_null(lncs);
    assert_false(check_has_fee(lncs, NULL));
    assert_int_equal(check_paid_pages(lncs, NULL, 20), 0);

    /* JSON: fee and currency only for a venue with a fee; grouped findings list their pages. */
    struct pdf_info info;
    make_paper(&info, 7);
    add_font(&info, "T3", "Type 3", true, 2);
    add_font(&info, "T3", "Type 3", true, 5);
    struct paper_result r = {"paper.pdf", &info, {NULL, 0, 0}, 0, 0};
    check_paper(&info, ieee, &def, &r.findings);
    report_sort(&r.findings);
    r.paid_pages = check_paid_pages(ieee, &def, 7);
    r.fee = check_fee(ieee, &def, 7);
    struct strbuf sb = STRBUF_INIT;
    report_json(&sb, &r, 1, ieee, &def);
    assert_non_null(strstr(strbuf_str(&sb), "\"fee\": 100"));
    assert_non_null(strstr(strbuf_str(&sb), "\"currency\": \"USD\""));
    assert_non_null(strstr(strbuf_str(&sb), "\"pages\": [\n"));
    assert_non_null(strstr(strbuf_str(&sb), "\"page\": 2,"));
    strbuf_release(&sb);
    findings_release(&r.findings);
    check_paper(&info, lncs, NULL, &r.findings);
    r.paid_pages = check_paid_pages(lncs, NULL, 7);
    r.fee = check_fee(lncs, NULL, 7);
    report_json(&sb, &r, 1, lncs, NULL);
    assert_null(strstr(strbuf_str(&sb), "\"fee\""));
    assert_null(strstr(strbuf_str(&sb), "EUR"));
    assert_non_null(strstr(strbuf_str(&sb), "\"paid_pages\": 0"));
    strbuf_release(&sb);
    findings_release(&r.findings);
    pdfinfo_release(&info);
    style_free(lncs);
}

/* ---- body typography ---- */

/* A style file with body_text, written to a temporary path. */
static struct style *style_with_body_text(const char *body_text)
{
    char path[] = "/tmp/collate-style-XXXXXX.yml";
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "name: t\npage:\n  sizes:\n    - {name: letter, width: 612, height: 792,"
               " margins: {top: 54, bottom: 72, left: 45, right: 45}}\n%s", body_text);
    fclose(f);
    struct style *st = style_load(path);
    unlink(path);
    return st;
}

static void test_body_typography(void **state)
{
    /* the bundled styles' template values */
    assert_float_equal(ieee->body_text.font_size, 10, 0);
    assert_float_equal(ieee->body_text.font_size_tolerance, 0.3, 1e-9);
    assert_float_equal(ieee->body_text.min_leading, 11.2, 1e-9);
    assert_int_equal(ieee->body_text.columns, 2);
    struct style *acm = style_load("acm-sigconf"), *lncs = style_load("lncs");
    assert_float_equal(acm->body_text.font_size, 9, 0);
    assert_int_equal(acm->body_text.columns, 2);
    assert_int_equal(lncs->body_text.columns, 1);

    struct pdf_info info;
    struct findings f;
    make_paper(&info, 6);
    /* a conforming IEEEtran paper as measured */
    info.typography = (struct body_typography){9.963, 0.95, 11.955, 2, 2, 4};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);

    /* the 9pt option: one finding for the size, none for its 11 pt lines */
    info.typography = (struct body_typography){8.966, 0.66, 11.02, 2, 2, 4};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    const struct finding *x = first_code(&f, F_FONT_SIZE);
    assert_non_null(x);
    assert_int_equal(x->severity, SEV_ERROR);
    assert_string_equal(x->message, "body text 9.0 pt, the style asks for 10 pt");
    assert_float_equal(x->amount, 8.97, 1e-9);
    assert_int_equal(x->page, 2);
    assert_int_equal(x->npages, 3);
    assert_int_equal(x->pages[2], 4);
    assert_non_null(strstr(x->hint, "default font size"));
    findings_release(&f);
    /* ... which is acmart's size: no finding there */
    memset(&f, 0, sizeof(f));
    info.typography.leading = 10.96;
    check_paper(&info, acm, NULL, &f);
    assert_int_equal(count_code(&f, F_FONT_SIZE), 0);
    assert_int_equal(count_code(&f, F_LINE_SPACING), 0);
    findings_release(&f);
    /* just inside the tolerance; a larger body is never a finding */
    info.typography = (struct body_typography){9.71, 0.9, 11.955, 2, 2, 4};
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_FONT_SIZE), 0);
    findings_release(&f);
    info.typography.font_size = 9.69;
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_FONT_SIZE), 1);
    findings_release(&f);
    info.typography = (struct body_typography){12, 0.9, 14.5, 2, 2, 4};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);

    /* \linespread{0.9} */
    info.typography = (struct body_typography){9.963, 0.87, 10.76, 2, 2, 2};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    x = first_code(&f, F_LINE_SPACING);
    assert_non_null(x);
    assert_string_equal(x->message,
                        "body lines 10.8 pt apart (baseline to baseline), the style asks for at least 11.2 pt");
    assert_float_equal(x->amount, 10.76, 1e-9);
    assert_int_equal(x->npages, 1);
    findings_release(&f);
    info.typography.leading = 11.2;
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);

    /* one column in a two-column venue, two in a one-column one */
    info.typography = (struct body_typography){9.963, 0.8, 11.955, 1, 2, 3};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 1);
    x = first_code(&f, F_COLUMNS);
    assert_non_null(x);
    assert_string_equal(x->message, "body text in 1 column, the style asks for 2");
    assert_float_equal(x->amount, 1, 0);
    assert_non_null(strstr(x->hint, "onecolumn"));
    findings_release(&f);
    info.typography.columns = 2;
    memset(&f, 0, sizeof(f));
    check_paper(&info, lncs, NULL, &f);
    x = first_code(&f, F_COLUMNS);
    assert_non_null(x);
    assert_string_equal(x->message, "body text in 2 columns, the style asks for 1");
    assert_non_null(strstr(x->hint, "twocolumn"));
    findings_release(&f);

    /* nothing measured, or no size most text shares: nothing said */
    info.typography = (struct body_typography){0, 0, 0, 0, 0, 0};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);
    info.typography = (struct body_typography){6, 0.39, 7, 1, 2, 4};
    run(&info, NULL, &f);
    assert_int_equal(f.n, 0);
    findings_release(&f);

    /* a style without body_text checks none of it; a partial one what it gives */
    struct style *bare = style_with_body_text("");
    assert_non_null(bare);
    info.typography = (struct body_typography){6, 0.9, 7, 3, 2, 4};
    memset(&f, 0, sizeof(f));
    check_paper(&info, bare, NULL, &f);
    assert_int_equal(count_code(&f, F_FONT_SIZE) + count_code(&f, F_LINE_SPACING) + count_code(&f, F_COLUMNS), 0);
    findings_release(&f);
    style_free(bare);
    struct style *cols = style_with_body_text("body_text: {columns: 2}\nseverity: {columns: warning}\n");
    assert_non_null(cols);
    memset(&f, 0, sizeof(f));
    check_paper(&info, cols, NULL, &f);
    assert_int_equal(count_code(&f, F_COLUMNS), 1);
    assert_int_equal(first_code(&f, F_COLUMNS)->severity, SEV_WARNING);
    assert_int_equal(count_code(&f, F_FONT_SIZE) + count_code(&f, F_LINE_SPACING), 0);
    findings_release(&f);
    style_free(cols);
    assert_null(style_with_body_text("body_text: {font_size: -1pt}\n"));
    assert_null(style_with_body_text("body_text: {columns: 9}\n"));

    style_free(acm);
    style_free(lncs);
    pdfinfo_release(&info);
}

/* ---- hints ---- */

static void test_hint_reports(void **state)
{
    struct pdf_info info;
    make_paper(&info, 2);
    struct paper_result r = {"paper.pdf", &info, {NULL, 0, 0}, 0, 0};
    finding_set_hint(findings_add(&r.findings, F_PAGE_NUMBERS, SEV_ERROR, 2, "page numbers are printed"),
                     "use \\pagestyle{empty}");
    findings_add(&r.findings, F_BLANK_PAGE, SEV_WARNING, 2, "page is blank");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    assert_non_null(out);
    report_text(out, &r, 1, false);
    fclose(out);
    assert_non_null(strstr(text, "paper.pdf:2: error: page numbers are printed [page_numbers]\n"
                                 "hint: use \\pagestyle{empty}\n"
                                 "paper.pdf:2: warning: page is blank [blank_page]\n"));
    free(text);
    struct strbuf sb = STRBUF_INIT;
    struct style_limits def = STYLE_LIMITS_DEFAULT;
    report_json(&sb, &r, 1, ieee, &def);
    assert_non_null(strstr(strbuf_str(&sb), "\"message\": \"page numbers are printed\",\n"));
    assert_non_null(strstr(strbuf_str(&sb), "\"hint\": \"use \\\\pagestyle{empty}\"\n"));
    const char *first = strstr(strbuf_str(&sb), "\"hint\"");
    assert_null(strstr(first + 1, "\"hint\"")); /* only the finding that has one */
    strbuf_release(&sb);
    findings_release(&r.findings);
    pdfinfo_release(&info);
}

/* ---- build diagnostics ---- */

struct diag_case {
    const struct manifest *m;
    const struct pdf_info *infos;
    const struct findings *findings;
    bool allow;
    bool result;
};

static void print_diagnostics(void *arg)
{
    struct diag_case *c = arg;
    c->result = report_paper_diagnostics(c->m, c->infos, c->findings, c->allow);
}

static void test_build_diagnostics(void **state)
{
    struct paper papers[2] = {{.id = "p1", .pdf = "papers/p1.pdf"}, {.id = "p2", .pdf = "papers/p2.pdf"}};
    struct pdf_info infos[2];
    pdfinfo_init(&infos[0], "papers/p1.pdf");
    pdfinfo_init(&infos[1], "papers/p2.pdf");
    struct session session = {.papers = papers, .npapers = 2};
    struct manifest m = {.sessions = &session, .nsessions = 1};
    struct findings f[2];
    memset(f, 0, sizeof(f));
    findings_add(&f[0], F_PAGE_SIZE, SEV_ERROR, 2, "page is landscape");
    findings_add(&f[0], F_BLANK_PAGE, SEV_WARNING, 3, "page is blank");
    findings_add(&f[1], F_EXTRA_PAGES, SEV_NOTICE, 7, "7 pages");
    finding_set_hint(findings_add(&f[1], F_PAGE_NUMBERS, SEV_WARNING, 2, "page numbers are printed"),
                     "use \\pagestyle{empty}");

    struct diag_case c = {&m, infos, f, true, false};
    char *err = capture_stderr(print_diagnostics, &c);
    assert_true(c.result);
    assert_string_equal(err, "collate: papers/p1.pdf:2: error (allowed): paper 'p1': page is landscape [page_size]\n"
                             "collate: papers/p1.pdf:3: warning: paper 'p1': page is blank [blank_page]\n"
                             "collate: papers/p2.pdf:7: note: paper 'p2': 7 pages [extra_pages]\n"
                             "collate: papers/p2.pdf:2: warning: paper 'p2': page numbers are printed [page_numbers]\n"
                             "hint: use \\pagestyle{empty}\n");
    free(err);

    c.allow = false;
    err = capture_stderr(print_diagnostics, &c);
    assert_false(c.result);
    assert_non_null(strstr(err, "collate: papers/p1.pdf:2: error: paper 'p1': page is landscape [page_size]\n"));
    assert_non_null(strstr(err, "collate: error: 1 paper violates the format rules; the volume was not built\n"));
    free(err);

    /* An unreadable paper stops the build even when violations are allowed. */
    infos[1].readable = false;
    findings_add(&f[1], F_UNREADABLE, SEV_ERROR, 0, "not a PDF file");
    c.allow = true;
    err = capture_stderr(print_diagnostics, &c);
    assert_false(c.result);
    assert_non_null(strstr(err, "collate: papers/p2.pdf: error: paper 'p2': not a PDF file [unreadable]\n"));
    assert_non_null(strstr(err, "error (allowed): paper 'p1'"));
    assert_non_null(strstr(err, "collate: error: 1 paper cannot be read; the volume was not built\n"));
    free(err);
    findings_release(&f[0]);
    findings_release(&f[1]);
    pdfinfo_release(&infos[0]);
    pdfinfo_release(&infos[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_styles_load),       cmocka_unit_test(test_size_matching),
        cmocka_unit_test(test_limits),            cmocka_unit_test(test_clean_paper),
        cmocka_unit_test(test_page_counts),       cmocka_unit_test(test_page_sizes),
        cmocka_unit_test(test_body_page_counts),
        cmocka_unit_test(test_margins),           cmocka_unit_test(test_page_numbers),
        cmocka_unit_test(test_fonts_and_document), cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_findings_capped),   cmocka_unit_test(test_serialize_roundtrip),
        cmocka_unit_test(test_fonts_grouped),     cmocka_unit_test(test_fonts_not_drawn),
        cmocka_unit_test(test_image_resolution),     cmocka_unit_test(test_text_not_read),     cmocka_unit_test(test_page_sizes_grouped),
        cmocka_unit_test(test_fees),              cmocka_unit_test(test_build_diagnostics),
        cmocka_unit_test(test_text_blocks),       cmocka_unit_test(test_running_heads),
        cmocka_unit_test(test_acm_heads),         cmocka_unit_test(test_hint_reports),
        cmocka_unit_test(test_body_typography),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
