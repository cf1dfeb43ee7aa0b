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
#include "inspect/pdfinfo.h"
#include "manifest/style.h"
#include "base/util.h"

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
    assert_true(n >= 3);
    assert_string_equal(entries[0].name, "acm-sigconf"); /* sorted */
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
    struct check_limits def = CHECK_LIMITS_DEFAULT, over = {20, 0, 150};
    assert_int_equal(check_page_limit(ieee, &def), 6);
    assert_int_equal(check_extra_pages(ieee, &def), 2);
    assert_int_equal(check_page_limit(ieee, &over), 20);
    assert_int_equal(check_extra_pages(ieee, &over), 0);
    assert_int_equal(check_paid_pages(ieee, &def, 5), 0);
    assert_int_equal(check_paid_pages(ieee, &def, 8), 2);
    assert_float_equal(check_extra_page_fee(ieee, &def), 100, 0);
    assert_float_equal(check_extra_page_fee(ieee, &over), 150, 0); /* the manifest's fee wins */
}

static void run(struct pdf_info *info, const struct check_limits *limits, struct findings *f)
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

    struct check_limits twenty = {20, 0, -1};
    run(&info, &twenty, &f); /* 9 pages within 20 */
    assert_int_equal(f.n, 0);
    findings_release(&f);
    pdfinfo_release(&info);
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
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 3);
    struct page_info *p = &info.pages[1];
    p->measured = true;
    p->text = (struct rect){20, 60, 550, 700};  /* text 25 pt into the 45 pt left margin */
    p->ink = p->text;
    struct page_info *q = &info.pages[2];
    q->measured = true;
    q->text = (struct rect){60, 60, 550, 700};
    q->image = (struct rect){300, 600, 560, 760}; /* image into the bottom margin (72 pt) */
    q->ink = (struct rect){60, 60, 560, 760};
    run(&info, NULL, &f);
    assert_int_equal(count_code(&f, F_MARGIN), 2);
    const struct finding *m = first_code(&f, F_MARGIN);
    assert_int_equal(m->page, 2);
    assert_string_equal(m->side, "left");
    assert_float_equal(m->amount, 25, 0.01);
    assert_non_null(strstr(m->message, "text"));
    const struct finding *m2 = &f.items[f.n - 1];
    assert_int_equal(m2->page, 3);
    assert_string_equal(m2->side, "bottom");
    assert_float_equal(m2->amount, 40, 0.01);
    assert_non_null(strstr(m2->message, "image"));
    findings_release(&f);

    /* Within tolerance (0.1 in = 7.2 pt): no finding. */
    p->text.x0 = p->ink.x0 = 40;
    q->ink.y1 = q->image.y1 = 726;
    run(&info, NULL, &f);
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

    assert_int_equal(check_parse_page_number("12"), 12);
    assert_int_equal(check_parse_page_number("- 7 -"), 7);
    assert_int_equal(check_parse_page_number("Page 3 of 9"), 3);
    assert_int_equal(check_parse_page_number("xiv"), 14);
    assert_int_equal(check_parse_page_number("Fig. 3"), -1);
    assert_int_equal(check_parse_page_number("2024"), 2024);
}

static void test_fonts_and_document(void **state)
{
    struct pdf_info info;
    struct findings f;
    make_paper(&info, 2);
    info.nfonts = 3;
    info.fonts = xcalloc(3, sizeof(*info.fonts));
    info.fonts[0] = (struct font_info){xstrdup("ABCDEF+NimbusRomNo9L-Regu"), xstrdup("Type 1C"), true, true, false, 1};
    info.fonts[1] = (struct font_info){xstrdup("Helvetica"), xstrdup("Type 1"), false, false, false, 2};
    info.fonts[2] = (struct font_info){xstrdup("[unnamed]"), xstrdup("Type 3"), true, false, true, 2};
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
    struct check_limits lim = {30, 0, -1};
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
    info.fonts[0] = (struct font_info){xstrdup("Times"), xstrdup("Type 1"), false, false, false, 1};
    add_margin_text(&info.pages[2], "3", (struct rect){1, 2, 3, 4});
    info.first_page_text = xstrdup("Title\nAbstract—Zoë 陈洪森");
    size_t len;
    char *blob = pdfinfo_serialize(&info, &len);
    assert_true(pdfinfo_deserialize(&back, blob, len));
    assert_int_equal(back.npages, 3);
    assert_string_equal(back.fonts[0].name, "Times");
    assert_string_equal(back.pages[2].margin_texts[0].text, "3");
    assert_float_equal(back.pages[2].margin_texts[0].box.y1, 4, 0);
    assert_string_equal(back.first_page_text, info.first_page_text);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_styles_load),       cmocka_unit_test(test_size_matching),
        cmocka_unit_test(test_limits),            cmocka_unit_test(test_clean_paper),
        cmocka_unit_test(test_page_counts),       cmocka_unit_test(test_page_sizes),
        cmocka_unit_test(test_margins),           cmocka_unit_test(test_page_numbers),
        cmocka_unit_test(test_fonts_and_document), cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_findings_capped),   cmocka_unit_test(test_serialize_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
