/* Unit tests: pdf/unfiltered.  The copy is the original bytes plus one
 * update; libqpdf reads it without a warning and finds the chosen
 * streams stored without filters (same data, other keys kept) and the
 * catalog without /OutputIntents; poppler reads the same text from it.
 * Also with the catalog in an object stream and a cross-reference
 * stream.  A file that warned, has a stream that does not decode, is
 * encrypted or has no startxref is not copied. */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <poppler.h>
#include <zlib.h>

#include "base/util.h"
#include "pdf/qpdfh.h"
#include "pdf/unfiltered.h"

static const char CONTENT[] = "BT /F1 12 Tf 72 700 Td (Hello unfiltered) Tj ET";
static const char FONT_PROGRAM[] = "%!PS-AdobeFont-1.0: Fake 001\n/FontName /Fake def\ncurrentfile eexec\n";
static const char FORM[] = "0 0 m 10 10 l S";

/* "<< extra /Filter /FlateDecode /Length n >> stream ... endstream" of data. */
static void add_flate_stream(struct strbuf *sb, const char *extra, const char *data)
{
    uLongf n = compressBound(strlen(data));
    unsigned char *z = xmalloc(n);
    assert_int_equal(compress(z, &n, (const unsigned char *)data, strlen(data)), Z_OK);
    strbuf_addf(sb, "<< %s /Filter /FlateDecode /Length %lu >>\nstream\n", extra, (unsigned long)n);
    strbuf_add(sb, z, n);
    strbuf_adds(sb, "\nendstream");
    free(z);
}

/* Objects: 1 catalog (with an output intent), 2 pages, 3 page, 4 content
 * (Flate), 5 font, 6 descriptor, 7 font program (Flate, /Length1),
 * 8 form (Flate), 9 an unfiltered stream, 10 a stream whose Flate data
 * is broken, 11 an empty stream (Flate). */
static char *make_pdf(size_t *len)
{
    struct strbuf sb = STRBUF_INIT;
    size_t off[12];
    strbuf_adds(&sb, "%PDF-1.4\n");
    for (int i = 1; i <= 11; i++) {
        off[i] = sb.len;
        strbuf_addf(&sb, "%d 0 obj\n", i);
        switch (i) {
        case 1:
            strbuf_adds(&sb, "<< /Type /Catalog /Pages 2 0 R /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFA1"
                             " /OutputConditionIdentifier (sRGB) >>] /Lang (en) >>");
            break;
        case 2:
            strbuf_adds(&sb, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
            break;
        case 3:
            strbuf_adds(&sb, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
                             " /Resources << /Font << /F1 5 0 R >> /XObject << /X1 8 0 R >> >> >>");
            break;
        case 4:
            add_flate_stream(&sb, "", CONTENT);
            break;
        case 5:
            strbuf_adds(&sb, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
            break;
        case 6:
            strbuf_adds(&sb, "<< /Type /FontDescriptor /FontName /Fake /Flags 32 /FontFile 7 0 R >>");
            break;
        case 7:
            add_flate_stream(&sb, "/Length1 62 /Length2 0 /Length3 0", FONT_PROGRAM);
            break;
        case 8:
            add_flate_stream(&sb, "/Type /XObject /Subtype /Form /BBox [0 0 10 10]", FORM);
            break;
        case 9:
            strbuf_adds(&sb, "<< /Length 3 >>\nstream\nabc\nendstream");
            break;
        case 10:
            strbuf_adds(&sb, "<< /Filter /FlateDecode /Length 8 >>\nstream\nnotflate\nendstream");
            break;
        case 11:
            add_flate_stream(&sb, "", ""); /* an empty page's content */
            break;
        }
        strbuf_adds(&sb, "\nendobj\n");
    }
    size_t xref = sb.len;
    strbuf_adds(&sb, "xref\n0 12\n0000000000 65535 f \n");
    for (int i = 1; i <= 11; i++)
        strbuf_addf(&sb, "%010zu 00000 n \n", off[i]);
    strbuf_addf(&sb, "trailer\n<< /Size 12 /Root 1 0 R /ID [<01020304> <01020304>] >>\nstartxref\n%zu\n%%%%EOF\n",
                xref);
    *len = sb.len;
    return strbuf_detach(&sb);
}

/* 9 (no filter) and 5 (no stream) are left as they are; 4 is asked twice. */
static const struct unfiltered_ref REFS[] = {{4, 0}, {7, 0}, {8, 0}, {9, 0}, {5, 0}, {4, 0}, {99, 0}, {11, 0}};

static qpdf_data read_clean(const char *bytes, size_t len)
{
    qpdf_data q = qpdfh_new();
    assert_false(qpdf_read_memory(q, "t.pdf", bytes, len, "") & QPDF_ERRORS);
    return q;
}

/* Object id's stream: whether it has a /Filter, and its raw data. */
static char *raw_stream(qpdf_data q, int id, bool *filtered)
{
    qpdf_oh s = qpdf_get_object_by_id(q, id, 0);
    assert_true(qpdf_oh_is_stream(q, s));
    qpdf_oh dict = qpdf_oh_get_dict(q, s);
    *filtered = qpdf_oh_has_key(q, dict, "/Filter");
    unsigned char *data = NULL;
    size_t n = 0;
    assert_false(qpdf_oh_get_stream_data(q, s, qpdf_dl_none, NULL, &data, &n) & QPDF_ERRORS);
    char *r = n ? xstrndup((const char *)data, n) : xstrdup(""); /* no buffer when empty */
    free(data);
    return r;
}

static char *poppler_text(const char *bytes, size_t len)
{
    GBytes *b = g_bytes_new_static(bytes, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(b, NULL, NULL);
    g_bytes_unref(b);
    assert_non_null(doc);
    assert_int_equal(poppler_document_get_n_pages(doc), 1);
    PopplerPage *page = poppler_document_get_page(doc, 0);
    char *text = poppler_page_get_text(page);
    char *r = xstrdup(text);
    g_free(text);
    g_object_unref(page);
    g_object_unref(doc);
    return r;
}

/* The copy of pdf made from q, checked as described at the top. */
static void check_copy(const char *pdf, size_t len, qpdf_data q)
{
    size_t clen = 0;
    char *copy = unfiltered_copy(q, pdf, len, REFS, ARRAY_SIZE(REFS), &clen);
    assert_non_null(copy);
    assert_true(clen > len);
    assert_memory_equal(copy, pdf, len); /* the original bytes, then the update */

    qpdf_data c = read_clean(copy, clen);
    assert_false(qpdf_more_warnings(c));
    bool filtered;
    char *data = raw_stream(c, 4, &filtered);
    assert_false(filtered);
    assert_string_equal(data, CONTENT);
    free(data);
    data = raw_stream(c, 7, &filtered);
    assert_false(filtered);
    assert_string_equal(data, FONT_PROGRAM);
    free(data);
    qpdf_oh font_file = qpdf_get_object_by_id(c, 7, 0);
    qpdf_oh len1 = qpdf_oh_get_key(c, qpdf_oh_get_dict(c, font_file), "/Length1");
    assert_int_equal(qpdf_oh_get_int_value(c, len1), 62);
    data = raw_stream(c, 8, &filtered);
    assert_false(filtered);
    assert_string_equal(data, FORM);
    free(data);
    qpdf_oh form = qpdf_get_object_by_id(c, 8, 0);
    assert_true(qpdfh_is_name(c, qpdf_oh_get_key(c, qpdf_oh_get_dict(c, form), "/Subtype"), "/Form"));
    data = raw_stream(c, 9, &filtered);
    assert_string_equal(data, "abc");
    free(data);
    data = raw_stream(c, 11, &filtered);
    assert_false(filtered);
    assert_string_equal(data, "");
    free(data);

    qpdf_oh root = qpdf_get_root(c);
    assert_false(qpdf_oh_has_key(c, root, "/OutputIntents"));
    assert_true(qpdf_oh_has_key(c, root, "/Pages"));
    assert_true(qpdf_oh_has_key(c, root, "/Lang"));
    assert_int_equal(qpdf_get_num_pages(c), 1);
    assert_false(qpdf_more_warnings(c));
    qpdfh_free(&c);

    /* Objects 9 (no filter) and 5 (no stream) are not redefined: the
     * update holds the catalog and 4, 7, 8, 11. */
    size_t objs = 0;
    for (const char *p = copy + len; (p = memmem(p, (size_t)(copy + clen - p), " 0 obj\n", 7)) != NULL; p++)
        objs++;
    assert_int_equal(objs, 5);

    char *before = poppler_text(pdf, len), *after = poppler_text(copy, clen);
    assert_string_equal(after, before);
    assert_non_null(strstr(after, "Hello unfiltered"));
    free(before);
    free(after);
    free(copy);
}

static void test_copy(void **state)
{
    (void)state;
    size_t len;
    char *pdf = make_pdf(&len);
    qpdf_data q = read_clean(pdf, len);
    check_copy(pdf, len, q);
    qpdfh_free(&q);
    free(pdf);
}

/* The same document written by libqpdf with object streams (the catalog
 * inside one) and a cross-reference stream. */
static void test_copy_of_object_streams(void **state)
{
    (void)state;
    size_t len;
    char *pdf = make_pdf(&len);
    qpdf_data q = read_clean(pdf, len);
    qpdf_init_write_memory(q);
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_FALSE);
    qpdf_set_preserve_unreferenced_objects(q, QPDF_TRUE);
    qpdf_set_stream_data_mode(q, qpdf_s_preserve);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    size_t olen = qpdf_get_buffer_length(q);
    char *ostreams = xmalloc(olen);
    memcpy(ostreams, qpdf_get_buffer(q), olen);
    qpdfh_free(&q);
    free(pdf);

    q = read_clean(ostreams, olen);
    qpdf_oh root = qpdf_get_root(q);
    assert_true(qpdf_oh_has_key(q, root, "/OutputIntents"));
    /* libqpdf renumbers: the streams are found again by what they hold */
    struct unfiltered_ref refs[16];
    size_t n = 0;
    qpdf_oh page = qpdf_get_page_n(q, 0);
    qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
    refs[n++] = (struct unfiltered_ref){qpdf_oh_get_object_id(q, contents), 0};
    size_t clen = 0;
    char *copy = unfiltered_copy(q, ostreams, olen, refs, n, &clen);
    assert_non_null(copy);
    qpdf_data c = read_clean(copy, clen);
    assert_false(qpdf_oh_has_key(c, qpdf_get_root(c), "/OutputIntents"));
    bool filtered;
    char *data = raw_stream(c, refs[0].id, &filtered);
    assert_false(filtered);
    assert_string_equal(data, CONTENT);
    free(data);
    assert_false(qpdf_more_warnings(c));
    qpdfh_free(&c);
    char *before = poppler_text(ostreams, olen), *after = poppler_text(copy, clen);
    assert_string_equal(after, before);
    free(before);
    free(after);
    free(copy);
    qpdfh_free(&q);
    free(ostreams);
}

static void test_not_copied(void **state)
{
    (void)state;
    size_t len;
    char *pdf = make_pdf(&len);
    size_t clen = 99;

    /* libqpdf warned while reading: the file is left alone */
    char *broken = xmalloc(len);
    memcpy(broken, pdf, len);
    char *sx = memmem(broken, len, "startxref\n", 10);
    assert_non_null(sx);
    for (sx += 10; *sx != '\n'; sx++)
        *sx = '0'; /* startxref 0: the table is rebuilt */
    qpdf_data q = qpdfh_new();
    qpdf_read_memory(q, "t.pdf", broken, len, "");
    assert_true(qpdf_more_warnings(q));
    assert_null(unfiltered_copy(q, broken, len, REFS, ARRAY_SIZE(REFS), &clen));
    assert_int_equal(clen, 0);
    qpdfh_free(&q);
    free(broken);

    /* a stream that does not decode: libqpdf warns, the file is left alone */
    q = read_clean(pdf, len);
    static const struct unfiltered_ref with_broken[] = {{4, 0}, {10, 0}};
    assert_null(unfiltered_copy(q, pdf, len, with_broken, ARRAY_SIZE(with_broken), &clen));
    qpdfh_free(&q);

    /* no startxref within the last KiB */
    q = read_clean(pdf, len);
    size_t padded_len = len + 2000;
    char *padded = xmalloc(padded_len);
    memcpy(padded, pdf, len);
    memset(padded + len, ' ', 2000);
    assert_null(unfiltered_copy(q, padded, padded_len, REFS, ARRAY_SIZE(REFS), &clen));
    free(padded);

    /* nothing to change: no output intent, nothing decodable */
    static const struct unfiltered_ref plain[] = {{9, 0}, {5, 0}, {10, 0}};
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh_remove_key(q, root, "/OutputIntents");
    assert_null(unfiltered_copy(q, pdf, len, plain, ARRAY_SIZE(plain), &clen));
    qpdfh_free(&q);

    /* encrypted (by libqpdf, empty user password) */
    q = read_clean(pdf, len);
    qpdf_init_write_memory(q);
    qpdf_set_r6_encryption_parameters2(q, "", "owner", QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE, QPDF_TRUE,
                                       QPDF_TRUE, qpdf_r3p_full, QPDF_TRUE);
    assert_false(qpdf_write(q) & QPDF_ERRORS);
    size_t elen = qpdf_get_buffer_length(q);
    char *enc = xmalloc(elen);
    memcpy(enc, qpdf_get_buffer(q), elen);
    qpdfh_free(&q);
    q = read_clean(enc, elen);
    assert_true(qpdf_is_encrypted(q));
    assert_null(unfiltered_copy(q, enc, elen, REFS, ARRAY_SIZE(REFS), &clen));
    qpdfh_free(&q);
    free(enc);
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_copy_of_object_streams),
        cmocka_unit_test(test_not_copied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
