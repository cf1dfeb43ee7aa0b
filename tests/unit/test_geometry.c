/* Unit tests: page geometry (pdf/geometry) on tiny PDFs made in memory,
 * with exact numbers, each case also compared with what poppler shows;
 * geometry_pin; the libqpdf helpers' version parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>

#include "base/util.h"
#include "pdf/geometry.h"
#include "pdf/qpdfh.h"

/* A one-page PDF: catalog, a /Pages node with pages_extra, an optional
 * middle /Pages node with middle_extra (NULL: none), and the page with
 * page_extra, with a correct cross-reference table. */
static char *make_pdf(const char *pages_extra, const char *middle_extra, const char *page_extra, size_t *len)
{
    char *objs[4];
    int n = 0;
    objs[n++] = xasprintf("<< /Type /Catalog /Pages 2 0 R >>");
    if (middle_extra) {
        objs[n++] = xasprintf("<< /Type /Pages /Kids [3 0 R] /Count 1 %s >>", pages_extra);
        objs[n++] = xasprintf("<< /Type /Pages /Parent 2 0 R /Kids [4 0 R] /Count 1 %s >>", middle_extra);
        objs[n++] = xasprintf("<< /Type /Page /Parent 3 0 R %s >>", page_extra);
    } else {
        objs[n++] = xasprintf("<< /Type /Pages /Kids [3 0 R] /Count 1 %s >>", pages_extra);
        objs[n++] = xasprintf("<< /Type /Page /Parent 2 0 R %s >>", page_extra);
    }
    struct strbuf sb = STRBUF_INIT;
    size_t offsets[4];
    strbuf_adds(&sb, "%PDF-1.4\n");
    for (int i = 0; i < n; i++) {
        offsets[i] = sb.len;
        strbuf_addf(&sb, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
        free(objs[i]);
    }
    size_t xref = sb.len;
    strbuf_addf(&sb, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 0; i < n; i++)
        strbuf_addf(&sb, "%010zu 00000 n \n", offsets[i]);
    strbuf_addf(&sb, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
    *len = sb.len;
    return strbuf_detach(&sb);
}

/* The geometry of the page of a PDF made by make_pdf, checked against
 * poppler's page size and crop box. */
static void read_geometry(const char *pages_extra, const char *middle_extra, const char *page_extra,
                          struct page_geometry *g)
{
    size_t len;
    char *pdf = make_pdf(pages_extra, middle_extra, page_extra, &len);
    qpdf_data q = qpdfh_new();
    qpdf_read_memory(q, "test.pdf", pdf, len, NULL);
    assert_false(qpdf_has_error(q));
    qpdf_oh page = qpdf_get_page_n(q, 0);
    geometry_read(q, page, g);
    assert_false(qpdf_has_error(q));
    qpdfh_free(&q);

    GBytes *bytes = g_bytes_new(pdf, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
    assert_non_null(doc);
    PopplerPage *pp = poppler_document_get_page(doc, 0);
    assert_non_null(pp);
    double w, h;
    poppler_page_get_size(pp, &w, &h);
    PopplerRectangle crop;
    poppler_page_get_crop_box(pp, &crop);
    assert_float_equal(g->width, w, 0);
    assert_float_equal(g->height, h, 0);
    assert_float_equal(g->crop.x0, crop.x1, 0);
    assert_float_equal(g->crop.y0, crop.y1, 0);
    assert_float_equal(g->crop.x1, crop.x2, 0);
    assert_float_equal(g->crop.y1, crop.y2, 0);
    g_object_unref(pp);
    g_object_unref(doc);
    g_bytes_unref(bytes);
    free(pdf);
}

static void assert_rect(const struct rect *r, double x0, double y0, double x1, double y1)
{
    assert_float_equal(r->x0, x0, 0);
    assert_float_equal(r->y0, y0, 0);
    assert_float_equal(r->x1, x1, 0);
    assert_float_equal(r->y1, y1, 0);
}

static void test_inherited(void **state)
{
    struct page_geometry g;
    read_geometry("/MediaBox [0 0 500 700] /Rotate 270", NULL, "", &g);
    assert_rect(&g.media, 0, 0, 500, 700);
    assert_rect(&g.crop, 0, 0, 500, 700);
    assert_rect(&g.media_written, 0, 0, 500, 700);
    assert_int_equal(g.rotate, 270);
    assert_float_equal(g.width, 700, 0);
    assert_float_equal(g.height, 500, 0);
    /* Two levels up; the nearer node wins; the CropBox is inherited too. */
    read_geometry("/MediaBox [0 0 500 700] /Rotate 90", "/Rotate 180 /CropBox [10 20 410 620]", "", &g);
    assert_rect(&g.media, 0, 0, 500, 700);
    assert_rect(&g.crop, 10, 20, 410, 620);
    assert_int_equal(g.rotate, 180);
    assert_float_equal(g.width, 400, 0);
    assert_float_equal(g.height, 600, 0);
    /* The page's own values win over the ancestors'. */
    read_geometry("/MediaBox [0 0 500 700] /Rotate 90", NULL, "/MediaBox [0 0 300 400] /Rotate 0", &g);
    assert_rect(&g.media, 0, 0, 300, 400);
    assert_int_equal(g.rotate, 0);
    assert_float_equal(g.width, 300, 0);
}

static void test_rotate(void **state)
{
    struct page_geometry g;
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate 90", &g);
    assert_int_equal(g.rotate, 90);
    assert_float_equal(g.width, 792, 0);
    assert_float_equal(g.height, 612, 0);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate -90", &g);
    assert_int_equal(g.rotate, 270);
    assert_float_equal(g.width, 792, 0);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate 450", &g);
    assert_int_equal(g.rotate, 90);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate -540", &g);
    assert_int_equal(g.rotate, 180);
    assert_float_equal(g.width, 612, 0);
    /* Not a multiple of 90: shown unrotated. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate 45", &g);
    assert_int_equal(g.rotate, 0);
    assert_float_equal(g.width, 612, 0);
    /* A real is not a /Rotate: skipped, so 0 or the inherited value. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate 90.0", &g);
    assert_int_equal(g.rotate, 0);
    assert_float_equal(g.width, 612, 0);
    read_geometry("/Rotate 90", NULL, "/MediaBox [0 0 612 792] /Rotate 180.4", &g);
    assert_int_equal(g.rotate, 90);
    assert_float_equal(g.width, 792, 0);
    /* Too large for an int: skipped. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate 4294967386", &g);
    assert_int_equal(g.rotate, 0);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /Rotate /Ninety", &g);
    assert_int_equal(g.rotate, 0);
}

static void test_crop(void **state)
{
    struct page_geometry g;
    /* Partly outside the MediaBox: clamped into it. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [-100 -100 300 400]", &g);
    assert_rect(&g.crop, 0, 0, 300, 400);
    assert_float_equal(g.width, 300, 0);
    assert_float_equal(g.height, 400, 0);
    /* Wider than the MediaBox: it takes the MediaBox's extent on that axis. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [300 100 1000 400]", &g);
    assert_rect(&g.crop, 0, 100, 612, 400);
    /* Entirely outside: an empty box on the MediaBox's border. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [700 800 900 1000]", &g);
    assert_rect(&g.crop, 612, 792, 612, 792);
    assert_float_equal(g.width, 0, 0);
    assert_float_equal(g.height, 0, 0);
    /* All zero: no CropBox. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [0 0 0 0]", &g);
    assert_rect(&g.crop, 0, 0, 612, 792);
    /* Zero width is kept. */
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [100 100 100 400]", &g);
    assert_rect(&g.crop, 100, 100, 100, 400);
    assert_float_equal(g.width, 0, 0);
    assert_float_equal(g.height, 300, 0);
    /* Inside, with /Rotate 90: the displayed size is the CropBox turned. */
    read_geometry("", NULL, "/MediaBox [0 0 632 812] /CropBox [10 10 622 802] /Rotate 90", &g);
    assert_rect(&g.crop, 10, 10, 622, 802);
    assert_float_equal(g.width, 792, 0);
    assert_float_equal(g.height, 612, 0);
}

static void test_missing_and_degenerate(void **state)
{
    struct page_geometry g;
    read_geometry("", NULL, "", &g);
    assert_rect(&g.media, 0, 0, 612, 792);
    assert_rect(&g.media_written, 0, 0, 612, 792);
    assert_int_equal(g.rotate, 0);
    /* All zero: readers substitute Letter; as written it is empty. */
    read_geometry("", NULL, "/MediaBox [0 0 0 0]", &g);
    assert_rect(&g.media, 0, 0, 612, 792);
    assert_rect(&g.media_written, 0, 0, 0, 0);
    assert_float_equal(g.width, 612, 0);
    /* ... or an ancestor's usable box. */
    read_geometry("/MediaBox [0 0 500 700]", NULL, "/MediaBox [0 0 0 0]", &g);
    assert_rect(&g.media, 0, 0, 500, 700);
    assert_rect(&g.media_written, 0, 0, 0, 0);
    /* Zero width is kept: the page shows nothing. */
    read_geometry("", NULL, "/MediaBox [0 0 0 792]", &g);
    assert_rect(&g.media, 0, 0, 0, 792);
    assert_float_equal(g.width, 0, 0);
    assert_float_equal(g.height, 792, 0);
    read_geometry("", NULL, "/MediaBox [0 0 0.5 792]", &g);
    assert_float_equal(g.width, 0.5, 0);
    /* Not four numbers: skipped. */
    read_geometry("/MediaBox [0 0 500 700]", NULL, "/MediaBox [0 0 612]", &g);
    assert_rect(&g.media, 0, 0, 500, 700);
    assert_rect(&g.media_written, 0, 0, 500, 700);
    read_geometry("", NULL, "/MediaBox [0 0 612 (a)]", &g);
    assert_rect(&g.media, 0, 0, 612, 792);
    /* Corners in any order. */
    read_geometry("", NULL, "/MediaBox [612 792 0 0]", &g);
    assert_rect(&g.media, 0, 0, 612, 792);
    /* Huge but valid. */
    read_geometry("", NULL, "/MediaBox [0 0 1000000000 792]", &g);
    assert_float_equal(g.width, 1e9, 0);
}

static void test_offset(void **state)
{
    struct page_geometry g;
    read_geometry("", NULL, "/MediaBox [100 50 712 842] /CropBox [110 60 702 832]", &g);
    assert_rect(&g.media, 100, 50, 712, 842);
    assert_rect(&g.crop, 110, 60, 702, 832);
    assert_float_equal(g.width, 592, 0);
    assert_float_equal(g.height, 772, 0);
    read_geometry("", NULL, "/MediaBox [100 50 712 842] /Rotate 270", &g);
    assert_rect(&g.crop, 100, 50, 712, 842);
    assert_float_equal(g.width, 792, 0);
    assert_float_equal(g.height, 612, 0);
}

static void test_trim(void **state)
{
    struct page_geometry g;
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /TrimBox [10 10 600 780] /BleedBox [-5 -5 620 800]", &g);
    assert_rect(&g.trim, 10, 10, 600, 780);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /BleedBox [-5 5 620 800]", &g);
    assert_rect(&g.trim, 0, 5, 612, 792);
    read_geometry("", NULL, "/MediaBox [0 0 612 792] /CropBox [20 20 500 700]", &g);
    assert_rect(&g.trim, 20, 20, 500, 700);
    /* Not inherited. */
    read_geometry("/TrimBox [10 10 600 780]", NULL, "/MediaBox [0 0 612 792]", &g);
    assert_rect(&g.trim, 0, 0, 612, 792);
}

/* geometry_pin on the page of a PDF; *written gets how many of the three
 * entries were changed. */
static void pin(const char *pages_extra, const char *page_extra, struct page_geometry *after, int *written)
{
    size_t len;
    char *pdf = make_pdf(pages_extra, NULL, page_extra, &len);
    qpdf_data q = qpdfh_new();
    qpdf_read_memory(q, "test.pdf", pdf, len, NULL);
    qpdf_oh page = qpdf_get_page_n(q, 0);
    struct page_geometry g;
    geometry_read(q, page, &g);
    const char *keys[] = {"/MediaBox", "/CropBox", "/Rotate"};
    char *before[3];
    for (int i = 0; i < 3; i++)
        before[i] = xstrdup(qpdf_oh_unparse(q, qpdfh_key(q, page, keys[i])));
    geometry_pin(q, page, &g.media, &g.crop, g.rotate);
    /* The page alone now gives the same geometry. */
    qpdf_oh_remove_key(q, page, "/Parent");
    geometry_read(q, page, after);
    *written = 0;
    for (int i = 0; i < 3; i++) {
        *written += strcmp(before[i], qpdf_oh_unparse(q, qpdfh_key(q, page, keys[i]))) != 0;
        free(before[i]);
    }
    assert_false(qpdf_has_error(q));
    assert_rect(&after->media, g.media.x0, g.media.y0, g.media.x1, g.media.y1);
    assert_rect(&after->crop, g.crop.x0, g.crop.y0, g.crop.x1, g.crop.y1);
    assert_int_equal(after->rotate, g.rotate);
    qpdfh_free(&q);
    free(pdf);
}

static void test_pin(void **state)
{
    struct page_geometry g;
    int written;
    /* Stated already: untouched. */
    pin("", "/MediaBox [0 0 612 792] /CropBox [10 10 600 780] /Rotate -90", &g, &written);
    assert_int_equal(written, 0);
    pin("", "/MediaBox [100 50 712 842]", &g, &written);
    assert_int_equal(written, 0);
    /* Inherited values are written onto the page. */
    pin("/MediaBox [0 0 500 700] /Rotate 90", "", &g, &written);
    assert_int_equal(written, 2);
    assert_int_equal(g.rotate, 90);
    /* An unusable own entry hid the inherited one. */
    pin("/MediaBox [0 0 500 700]", "/MediaBox [0 0 0 0]", &g, &written);
    assert_int_equal(written, 1);
    assert_rect(&g.media, 0, 0, 500, 700);
    /* A real /Rotate (readers disagree) becomes the integer poppler uses. */
    pin("", "/MediaBox [0 0 612 792] /Rotate 90.0", &g, &written);
    assert_int_equal(written, 1);
    assert_int_equal(g.rotate, 0);
    /* A CropBox reaching outside the MediaBox is stated clamped. */
    pin("", "/MediaBox [0 0 612 792] /CropBox [-10 -10 300 400]", &g, &written);
    assert_int_equal(written, 1);
    assert_rect(&g.crop, 0, 0, 300, 400);
}

static void test_version(void **state)
{
    assert_int_equal(qpdfh_parse_version("1.7"), 17);
    assert_int_equal(qpdfh_parse_version("2.0"), 20);
    assert_int_equal(qpdfh_parse_version("1.4.2"), 14);
    assert_int_equal(qpdfh_parse_version("1.10"), 0);
    assert_int_equal(qpdfh_parse_version("0.9"), 0);
    assert_int_equal(qpdfh_parse_version("17"), 0);
    assert_int_equal(qpdfh_parse_version("1"), 0);
    assert_int_equal(qpdfh_parse_version(""), 0);
    assert_int_equal(qpdfh_parse_version(NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inherited), cmocka_unit_test(test_rotate),
        cmocka_unit_test(test_crop),      cmocka_unit_test(test_missing_and_degenerate),
        cmocka_unit_test(test_offset),    cmocka_unit_test(test_trim),
        cmocka_unit_test(test_pin),       cmocka_unit_test(test_version),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
