/* Unit tests: section headings from synthetic lines (inspect/sections) and
 * the body pages a limit counts from them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "inspect/sections.h"

/* A line at x, y (top), 10 pt type unless size says otherwise. */
static struct section_line line(const char *text, double x, double y, double size, bool bold)
{
    double w = 5.0 * (double)strlen(text);
    return (struct section_line){text, {x, y, x + w, y + size * 0.9}, size, bold};
}

static void test_heading_texts(void **state)
{
    (void)state;
    assert_int_equal(sections_heading_kind("References", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("REFERENCES", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("R EFERENCES", false), SECTION_REFERENCES); /* small caps split */
    assert_int_equal(sections_heading_kind("7 References", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("7. References", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("VII. REFERENCES", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("Bibliography", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("Literatur", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("Références", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("参考文献", false), SECTION_REFERENCES);
    assert_int_equal(sections_heading_kind("Appendix", false), SECTION_APPENDIX);
    assert_int_equal(sections_heading_kind("APPENDIX A", false), SECTION_APPENDIX);
    assert_int_equal(sections_heading_kind("Appendix A: Proof of Theorem 3", false), SECTION_APPENDIX);
    assert_int_equal(sections_heading_kind("Limitations", false), SECTION_LIMITATIONS);
    assert_int_equal(sections_heading_kind("8 Limitations", false), SECTION_LIMITATIONS);
    assert_int_equal(sections_heading_kind("Ethics Statement", false), SECTION_ETHICS);
    assert_int_equal(sections_heading_kind("Ethical Considerations", false), SECTION_ETHICS);
    assert_int_equal(sections_heading_kind("ACKNOWLEDGMENT", false), SECTION_ACKNOWLEDGMENTS);
    assert_int_equal(sections_heading_kind("Acknowledgements", false), SECTION_ACKNOWLEDGMENTS);
    /* A lettered heading is an appendix only after the references. */
    assert_int_equal(sections_heading_kind("A Proofs", true), SECTION_APPENDIX);
    assert_int_equal(sections_heading_kind("A  Hyper-parameters", true), SECTION_APPENDIX);
    assert_int_equal(sections_heading_kind("A Proofs", false), -1);
    assert_int_equal(sections_heading_kind("B Proofs", true), -1);
    /* Sentences that mention the words are not headings. */
    assert_int_equal(sections_heading_kind("references", false), -1);
    assert_int_equal(sections_heading_kind("The references below list the prior work.", false), -1);
    assert_int_equal(sections_heading_kind("see the references", false), -1);
    assert_int_equal(sections_heading_kind("References.", false), -1);
    assert_int_equal(sections_heading_kind("Limitations of prior approaches to cross-lingual transfer", false),
                     -1);
    assert_int_equal(sections_heading_kind("Introduction", false), -1);
    assert_int_equal(sections_heading_kind("", false), -1);
}

static void test_bold_fonts(void **state)
{
    (void)state;
    assert_true(sections_bold_font("IPXIQR+NimbusRomNo9L-Medi"));
    assert_true(sections_bold_font("Times-Bold"));
    assert_true(sections_bold_font("ABCDEF+CMBX12"));
    assert_true(sections_bold_font("LinBiolinumTB"));
    assert_false(sections_bold_font("ZGVTEU+NimbusRomNo9L-Regu"));
    assert_false(sections_bold_font("CMR10"));
    assert_false(sections_bold_font("LinBiolinumT"));
    assert_false(sections_bold_font(NULL));
}

/* A bold "References" is a heading; the same word in body type at the end
 * of a paragraph, or a sentence about references, is not. */
static void test_heading_needs_type(void **state)
{
    (void)state;
    struct section_start found[SECTION_KIND_COUNT];
    memset(found, 0, sizeof(found));
    struct section_line page2[] = {
        line("body text that goes on and on for a while in the column", 70, 100, 10, false),
        line("body text that ends with the word", 70, 112, 10, false),
        line("References", 70, 124, 10, false), /* plain type: the end of a sentence */
        line("All the references we cite are listed below for the reader.", 70, 136, 10, false),
    };
    sections_scan_page(page2, 4, 2, NULL, found);
    assert_int_equal(found[SECTION_REFERENCES].page, 0);

    struct section_line page3[] = {
        line("the last paragraph of the conclusion, in the first column", 70, 100, 10, false),
        line("References", 306, 72, 12, true),
        line("A. Author. A title. In Proceedings, 2020.", 306, 90, 9, false),
    };
    sections_scan_page(page3, 3, 3, NULL, found);
    assert_int_equal(found[SECTION_REFERENCES].page, 3);
    assert_true(found[SECTION_REFERENCES].body_before);
    assert_true(fabs(found[SECTION_REFERENCES].x - 306) < 0.01);
    assert_true(fabs(found[SECTION_REFERENCES].y - 72) < 0.01);

    /* A later page does not move the first heading. */
    sections_scan_page(page3, 3, 4, NULL, found);
    assert_int_equal(found[SECTION_REFERENCES].page, 3);
}

/* "A" and "Proofs" on one baseline, set apart: one heading, the appendix,
 * after the references; numbered and CJK headings; capitals. */
static void test_heading_forms(void **state)
{
    (void)state;
    struct section_start found[SECTION_KIND_COUNT];
    memset(found, 0, sizeof(found));
    struct section_line lines[] = {
        line("7 Limitations", 70, 80, 10, false),           /* numbered, body type */
        line("We study one task only, in one language family.", 70, 92, 10, false),
        line("REFERENCES", 306, 80, 10, false),             /* capitals */
        line("[1] A. Author. A title. 2020.", 306, 92, 8, false),
        line("A", 306, 300, 12, true),
        line("Proofs", 330, 300, 12, true),
        line("Proof of Lemma 1 goes here, as the reader expects.", 306, 316, 10, false),
    };
    sections_scan_page(lines, 7, 9, NULL, found);
    assert_int_equal(found[SECTION_LIMITATIONS].page, 9);
    assert_false(found[SECTION_LIMITATIONS].body_before);
    assert_int_equal(found[SECTION_REFERENCES].page, 9);
    assert_true(found[SECTION_REFERENCES].body_before);
    assert_int_equal(found[SECTION_APPENDIX].page, 9);
    assert_true(fabs(found[SECTION_APPENDIX].y - 300) < 0.01);

    memset(found, 0, sizeof(found));
    struct section_line cjk[] = {
        line("正文的最后一段。", 70, 100, 10, false),
        line("参考文献", 70, 130, 12, true),
    };
    sections_scan_page(cjk, 2, 5, NULL, found);
    assert_int_equal(found[SECTION_REFERENCES].page, 5);

    /* A lettered heading before any references is not an appendix. */
    memset(found, 0, sizeof(found));
    struct section_line early[] = {line("A", 70, 80, 12, true), line("Proofs", 90, 80, 12, true)};
    sections_scan_page(early, 2, 2, NULL, found);
    assert_int_equal(found[SECTION_APPENDIX].page, 0);
}

/* Lines outside the text block (running heads) are neither headings nor
 * body text. */
static void test_block(void **state)
{
    (void)state;
    struct section_start found[SECTION_KIND_COUNT];
    memset(found, 0, sizeof(found));
    struct rect block = {70, 70, 525, 771};
    struct section_line lines[] = {
        line("Running head of the paper, printed on every page", 70, 40, 9, false),
        line("References", 70, 80, 12, true),
        line("References", 70, 800, 12, true), /* below the block */
    };
    sections_scan_page(lines, 3, 4, &block, found);
    assert_int_equal(found[SECTION_REFERENCES].page, 4);
    assert_false(found[SECTION_REFERENCES].body_before);
    assert_true(fabs(found[SECTION_REFERENCES].y - 80) < 0.01);
}

static void test_body_pages(void **state)
{
    (void)state;
    struct section_start found[SECTION_KIND_COUNT];
    memset(found, 0, sizeof(found));
    unsigned refs_app = 1u << SECTION_REFERENCES | 1u << SECTION_APPENDIX;
    int first = 0;
    /* nothing found: every page counts */
    assert_int_equal(sections_body_pages(found, refs_app, 10, &first), 10);
    assert_int_equal(first, -1);
    /* references after body text on page 9: page 9 counts */
    found[SECTION_REFERENCES] = (struct section_start){9, 306, 400, true};
    found[SECTION_APPENDIX] = (struct section_start){10, 70, 80, false};
    assert_int_equal(sections_body_pages(found, refs_app, 10, &first), 9);
    assert_int_equal(first, SECTION_REFERENCES);
    /* references at the top of page 9: the body ends on page 8 */
    found[SECTION_REFERENCES].body_before = false;
    assert_int_equal(sections_body_pages(found, refs_app, 10, &first), 8);
    /* limitations earlier, but counted unless listed */
    found[SECTION_LIMITATIONS] = (struct section_start){7, 306, 500, true};
    assert_int_equal(sections_body_pages(found, refs_app, 10, &first), 8);
    assert_int_equal(sections_body_pages(found, refs_app | 1u << SECTION_LIMITATIONS, 10, &first), 7);
    assert_int_equal(first, SECTION_LIMITATIONS);
    /* on one page, the one with nothing before it comes first */
    found[SECTION_LIMITATIONS] = (struct section_start){9, 306, 100, true};
    assert_int_equal(sections_body_pages(found, refs_app | 1u << SECTION_LIMITATIONS, 10, &first), 8);
    assert_int_equal(first, SECTION_REFERENCES);
    /* a heading at the top of page 1 still leaves one page */
    memset(found, 0, sizeof(found));
    found[SECTION_REFERENCES] = (struct section_start){1, 70, 70, false};
    assert_int_equal(sections_body_pages(found, refs_app, 1, NULL), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_texts), cmocka_unit_test(test_bold_fonts),
        cmocka_unit_test(test_heading_needs_type), cmocka_unit_test(test_heading_forms),
        cmocka_unit_test(test_block), cmocka_unit_test(test_body_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
