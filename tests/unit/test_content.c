/* Unit tests: pdf/content (the C interface of the C++ content walk) on
 * small PDFs written here: the CTM through cm, q/Q, rotation and nested
 * forms gives an image's shown size and resolution; only fonts that show
 * text count; inline images, annotation appearances and Type 3 glyphs are
 * walked; form loops end; damaged streams give a partial result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "pdf/content.h"

/* A stream object with dict entries extra and the given data. */
static char *stream(const char *extra, const char *data)
{
    return xasprintf("<< %s /Length %zu >>\nstream\n%s\nendstream", extra, strlen(data), data);
}

/* A PDF of objects 1..n: 1 the catalog, 2 the page tree of one page, 3,
 * given by objs[0] onwards (a NULL entry is a null object). */
static char *build_pdf(char **objs, size_t n, size_t *len)
{
    size_t total = n + 2;
    size_t *offsets = xcalloc(total, sizeof(*offsets));
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "%PDF-1.4\n");
    for (size_t i = 0; i < total; i++) {
        offsets[i] = sb.len;
        const char *body = i == 0   ? "<< /Type /Catalog /Pages 2 0 R >>"
                           : i == 1 ? "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
                           : objs[i - 2] ? objs[i - 2]
                                         : "null";
        strbuf_addf(&sb, "%zu 0 obj\n%s\nendobj\n", i + 1, body);
    }
    size_t xref = sb.len;
    strbuf_addf(&sb, "xref\n0 %zu\n0000000000 65535 f \n", total + 1);
    for (size_t i = 0; i < total; i++)
        strbuf_addf(&sb, "%010zu 00000 n \n", offsets[i]);
    strbuf_addf(&sb, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", total + 1, xref);
    *len = sb.len;
    free(offsets);
    for (size_t i = 0; i < n; i++)
        free(objs[i]);
    return strbuf_detach(&sb);
}

/* Walk page 1 of the PDF made of objs (freed) into *page. */
static bool walk(char **objs, size_t n, struct pdfcontent_page *page)
{
    size_t len;
    char *bytes = build_pdf(objs, n, &len);
    char *err = NULL;
    struct pdfcontent *doc = pdfcontent_open(bytes, len, &err);
    assert_non_null(doc);
    assert_null(err);
    pdfcontent_page_init(page);
    bool ok = pdfcontent_walk(doc, 3, 0, page);
    pdfcontent_free(doc);
    free(bytes);
    return ok;
}

#define PAGE(res, contents)                                                                                    \
    xasprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents %s >>", res, contents)

static const char IMAGE[] = "/Type /XObject /Subtype /Image /Width 400 /Height 200 /ColorSpace /DeviceGray"
                            " /BitsPerComponent 8";

/* Rotated and scaled: the image's width runs up the page 100 pt long, its
 * height across 200 pt. */
static void test_rotation(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /XObject << /Im1 5 0 R >> >>", "4 0 R"),
        stream("", "q 0 100 -200 0 300 100 cm /Im1 Do Q"),
        stream(IMAGE, ""),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nimages, 1);
    const struct pdfcontent_image *im = &p.images[0];
    assert_int_equal(im->id, 5);
    assert_int_equal(im->width, 400);
    assert_int_equal(im->height, 200);
    assert_false(im->mask);
    assert_float_equal(im->shown_w, 100, 1e-9);
    assert_float_equal(im->shown_h, 200, 1e-9);
    assert_float_equal(im->ppi_x, 288, 1e-9);
    assert_float_equal(im->ppi_y, 72, 1e-9);
    assert_float_equal(im->ctm[4], 300, 1e-9);
    pdfcontent_page_release(&p);
}

/* q/Q restores the CTM; the second image's scale is only the last cm. */
static void test_save_restore(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /XObject << /Im1 5 0 R >> >>", "4 0 R"),
        stream("", "q 0.1 0 0 0.1 0 0 cm q 2 0 0 2 0 0 cm Q /Im1 Do Q 72 0 0 72 0 0 cm /Im1 Do Q Q"),
        stream(IMAGE, ""),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nimages, 2);
    assert_float_equal(p.images[0].shown_w, 0.1, 1e-9);
    assert_float_equal(p.images[1].shown_w, 72, 1e-9);
    assert_float_equal(p.images[1].ppi_x, 400, 1e-9);
    pdfcontent_page_release(&p);
}

/* Forms in forms: their /Matrix and the cm inside them multiply; a font
 * selected in the outer form shows text in the inner one; the inner
 * form's own resources name its image. */
static void test_nested_forms(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /XObject << /Fm1 5 0 R >> >>", "4 0 R"),
        stream("", "q 2 0 0 2 0 0 cm /Fm1 Do Q"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [1 0 0 1 10 10]"
               " /Resources << /XObject << /Fm2 6 0 R >> /Font << /F1 8 0 R >> >>",
               "BT /F1 12 Tf ET q 0.5 0 0 0.5 0 0 cm /Fm2 Do Q"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /Im 7 0 R >> >>",
               "BT (shown with the caller's font) Tj ET 72 0 0 72 0 0 cm /Im Do"),
        stream(IMAGE, ""),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nimages, 1);
    assert_int_equal(p.images[0].id, 7);
    assert_float_equal(p.images[0].shown_w, 72, 1e-9);
    assert_float_equal(p.images[0].ppi_y, 200, 1e-9);
    assert_float_equal(p.images[0].ctm[4], 20, 1e-9); /* the outer form's offset, doubled */
    assert_int_equal(p.nfonts, 1);
    assert_int_equal(p.fonts[0].id, 8);
    pdfcontent_page_release(&p);
}

/* F1 is in the resources but never selected, F2 selected but no text
 * shown, F3 selected and shown (by TJ), F4 through a graphics state and '. */
static void test_unused_fonts(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> /ExtGState << /G 9 0 R >> >>", "4 0 R"),
        stream("", "BT /F2 10 Tf ET BT /F3 10 Tf [(a) 20 (b)] TJ /F2 12 Tf ET /G gs BT (c) ' ET"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Unused >>"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /SelectedOnly >>"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Shown >>"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /ByState >>"),
        xstrdup("<< /Type /ExtGState /Font [8 0 R 9] >>"),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nfonts, 2);
    assert_int_equal(p.fonts[0].id, 7);
    assert_int_equal(p.fonts[1].id, 8);
    assert_int_equal(p.nimages, 0);
    pdfcontent_page_release(&p);
}

/* An inline image (abbreviated keys) and a stencil mask. */
static void test_inline_image(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< >>", "4 0 R"),
        stream("", "q 100 0 0 50 0 0 cm BI /W 20 /H 10 /BPC 8 /CS /G /D [0 1] ID\n"
                   "EIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEIEI\n"
                   "EI Q BI /W 8 /H 8 /IM true ID\n01234567\nEI"),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nimages, 2);
    assert_int_equal(p.images[0].id, 0);
    assert_int_equal(p.images[0].width, 20);
    assert_int_equal(p.images[0].height, 10);
    assert_float_equal(p.images[0].ppi_x, 14.4, 1e-9);
    assert_float_equal(p.images[0].ppi_y, 14.4, 1e-9);
    assert_false(p.images[0].mask);
    assert_true(p.images[1].mask);
    pdfcontent_page_release(&p);
}

/* Two forms drawing each other, and one drawing itself: the walk ends,
 * and what they show is still found. */
static void test_form_loop(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /XObject << /A 5 0 R >> >>", "4 0 R"),
        stream("", "/A Do /A Do"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /B 6 0 R /A 5 0 R >> >>",
               "/B Do /A Do"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /XObject << /A 5 0 R /B 6 0 R >>"
               " /Font << /F 7 0 R >> >>",
               "/A Do /B Do BT /F 1 Tf (x) Tj ET"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nfonts, 1);
    assert_int_equal(p.fonts[0].id, 7);
    pdfcontent_page_release(&p);
}

/* An annotation's appearance is fitted to its /Rect (10 pt box onto 100
 * pt), and a Type 3 font's glyphs draw with a font of their own. */
static void test_appearance_and_type3(void **state)
{
    (void)state;
    char *objs[] = {
        xstrdup("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [5 0 R]"
                " /Resources << /Font << /T3 8 0 R >> >> >>"),
        stream("", "BT /T3 1 Tf (a) Tj ET"),
        xstrdup("<< /Type /Annot /Subtype /Stamp /Rect [100 100 200 200] /AP << /N 6 0 R >> >>"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /I 7 0 R >> >>",
               "10 0 0 10 0 0 cm /I Do"),
        stream(IMAGE, ""),
        xstrdup("<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs"
                " << /a 9 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1]"
                " /Resources << /Font << /G 10 0 R >> >> >>"),
        stream("", "1 0 d0 BT /G 1 Tf (g) Tj ET"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /GlyphFont >>"),
    };
    struct pdfcontent_page p;
    assert_true(walk(objs, ARRAY_SIZE(objs), &p));
    assert_int_equal(p.nimages, 1);
    assert_float_equal(p.images[0].shown_w, 100, 1e-9);
    assert_float_equal(p.images[0].ctm[4], 100, 1e-9);
    assert_float_equal(p.images[0].ppi_x, 288, 1e-9);
    assert_int_equal(p.nfonts, 2);
    assert_int_equal(p.fonts[0].id, 8);
    assert_int_equal(p.fonts[1].id, 10);
    pdfcontent_page_release(&p);
}

/* Damage: a stream that does not inflate, one with broken tokens, an
 * inline image without EI.  No crash; what was read before is kept. */
static void test_damaged(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /Font << /F 6 0 R >> /XObject << /X 7 0 R >> >>", "[4 0 R 5 0 R]"),
        stream("", "BT /F 1 Tf (x) Tj ET ) ] >> } { <zz> /X Do q q Q Q Q Q cm 1 2 cm"),
        stream("", "BI /W 4 /H 4 ID\nabcd"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 1 1] /Filter /FlateDecode", "not deflate data at all"),
    };
    struct pdfcontent_page p;
    assert_false(walk(objs, ARRAY_SIZE(objs), &p));
    assert_false(p.complete);
    assert_non_null(p.error);
    assert_int_equal(p.nfonts, 1);
    pdfcontent_page_release(&p);

    /* Not a page. */
    size_t len;
    char *none[] = {xstrdup("<< /Type /Page >>")};
    char *bytes = build_pdf(none, 1, &len);
    struct pdfcontent *doc = pdfcontent_open(bytes, len, NULL);
    pdfcontent_page_init(&p);
    assert_false(pdfcontent_walk(doc, 9, 0, &p));
    assert_false(pdfcontent_walk(NULL, 3, 0, &p));
    assert_string_equal(p.error, "not a page object");
    pdfcontent_page_release(&p);
    pdfcontent_free(doc);
    free(bytes);

    /* Not a PDF at all. */
    char *err = NULL;
    assert_null(pdfcontent_open("%PDF-1.4\ngarbage", 17, &err));
    assert_non_null(err);
    free(err);
}

/* Text operators are counted in the page's content and in each drawing
 * of its forms; annotation appearances are not counted. */
static void test_count_text(void **state)
{
    (void)state;
    char *objs[] = {
        PAGE("<< /Font << /F 5 0 R >> /XObject << /Fm 6 0 R >> >>", "4 0 R"),
        stream("", "BT /F 10 Tf (a) Tj [(b) 5 (c)] TJ (d) ' 1 2 (e) \" ET /Fm Do /Fm Do"),
        xstrdup("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", "BT /F 10 Tf (f) Tj ET"),
    };
    size_t len;
    char *bytes = build_pdf(objs, ARRAY_SIZE(objs), &len);
    struct pdfcontent *doc = pdfcontent_open(bytes, len, NULL);
    assert_non_null(doc);
    assert_int_equal(pdfcontent_count_text(doc, 3, 0), 6);
    assert_int_equal(pdfcontent_count_text(doc, 9, 0), -1); /* no such object */
    assert_int_equal(pdfcontent_count_text(NULL, 3, 0), -1);
    pdfcontent_free(doc);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rotation),      cmocka_unit_test(test_save_restore),
        cmocka_unit_test(test_nested_forms),  cmocka_unit_test(test_unused_fonts),
        cmocka_unit_test(test_inline_image),  cmocka_unit_test(test_form_loop),
        cmocka_unit_test(test_appearance_and_type3), cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_count_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
