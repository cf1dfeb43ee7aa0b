/* Unit tests: the structure pass (pdfstruct) on small PDFs made in memory.
 * pdfstruct_pages gives the pages pdfstruct_inspect gives, also for a file
 * whose cross-reference table must be rebuilt; the full pass also finds
 * fonts and JavaScript, the light one reads none.  JavaScript in bookmarks
 * and action chains, files reached only through /AF or a Screen
 * annotation's media are found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "inspect/pdfinfo.h"
#include "inspect/pdfstruct.h"

/* Three pages under one /Pages node that gives /Rotate 90 and a font
 * resource: page 1 as inherited, page 2 with its own CropBox and an
 * annotation that runs JavaScript, page 3 with /Rotate 0 and an offset
 * MediaBox.  With xref_shift the cross-reference offsets are wrong by that
 * much, so libqpdf has to rebuild the table. */
static char *build_pdf(const char *const *objs, size_t n, int xref_shift, size_t *len);

static char *make_pdf(int xref_shift, size_t *len)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 /MediaBox [0 0 612 792] /Rotate 90"
        " /Resources << /Font << /F1 6 0 R >> >> >>",
        "<< /Type /Page /Parent 2 0 R >>",
        "<< /Type /Page /Parent 2 0 R /CropBox [10 20 600 780] /Annots [7 0 R] >>",
        "<< /Type /Page /Parent 2 0 R /Rotate 0 /MediaBox [100 50 712 842] >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /JavaScript /JS (app.alert(1)) >> >>",
    };
    return build_pdf(objs, ARRAY_SIZE(objs), xref_shift, len);
}

/* A PDF of objects 1..n (objs[0] is the catalog) with a cross-reference
 * table wrong by xref_shift bytes. */
static char *build_pdf(const char *const *objs, size_t n, int xref_shift, size_t *len)
{
    size_t *offsets = xcalloc(n, sizeof(*offsets));
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "%PDF-1.4\n");
    for (size_t i = 0; i < n; i++) {
        offsets[i] = sb.len + (size_t)xref_shift;
        strbuf_addf(&sb, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = sb.len;
    strbuf_addf(&sb, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    for (size_t i = 0; i < n; i++)
        strbuf_addf(&sb, "%010zu 00000 n \n", offsets[i]);
    strbuf_addf(&sb, "trailer\n<< /Size %zu /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
    *len = sb.len;
    free(offsets);
    return strbuf_detach(&sb);
}

/* The full pass over objs; the caller releases info. */
static void inspect_objs(const char *const *objs, size_t n, struct pdf_info *info)
{
    size_t len;
    char *pdf = build_pdf(objs, n, 0, &len);
    pdfinfo_init(info, "t.pdf");
    assert_true(pdfstruct_inspect("t.pdf", pdf, len, info, NULL, NULL));
    free(pdf);
}

/* JavaScript in a nested bookmark whose siblings loop, and a Rendition
 * action with /JS at the end of a page /AA /Next chain. */
static void test_js_hiding(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /Outlines 4 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /AA << /O << /S /GoTo /D [3 0 R /Fit]"
        " /Next [<< /S /Named /N /NextPage >> << /S /Rendition /OP 0 /JS (play()) >>] >> >> >>",
        "<< /Type /Outlines /First 5 0 R /Last 6 0 R /Count 2 >>",
        "<< /Title (Intro) /Parent 4 0 R /Next 6 0 R /Dest [3 0 R /Fit] >>",
        "<< /Title (Part) /Parent 4 0 R /Prev 5 0 R /Next 5 0 R /First 7 0 R /Last 7 0 R >>",
        "<< /Title (Interactive demo) /Parent 6 0 R /Next 7 0 R"
        " /A << /S /GoTo /D [3 0 R /Fit] /Next << /S /JavaScript /JS (app.alert(1)) >> >> >>",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_non_null(info.javascript);
    assert_non_null(strstr(info.javascript, "bookmark 'Interactive demo'"));
    assert_non_null(strstr(info.javascript, "page 1 actions"));
    assert_null(strstr(info.javascript, "Intro"));
    assert_int_equal(info.attachments, 0);
    pdfinfo_release(&info);
}

/* One file in /EmbeddedFiles and the catalog's /AF counts once; others only
 * in a structure element's /AF, a page's /AF and a Screen annotation's
 * rendition; a /AF entry without an embedded stream is not a file. */
static void test_hidden_files(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.csv) 5 0 R] >> >>"
        " /AF [5 0 R << /Type /Filespec /F (outside.txt) >>] /StructTreeRoot 8 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /AF [6 0 R] /Annots [9 0 R] >>",
        "<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream",
        "<< /Type /Filespec /F (a.csv) /UF (a.csv) /EF << /F 4 0 R >> >>",
        "<< /Type /Filespec /F (b.dat) /EF << /F 4 0 R >> >>",
        "<< /Type /Filespec /UF (c.xml) /EF << /F 10 0 R >> >>",
        "<< /Type /StructTreeRoot /K [<< /S /Document /K [<< /S /P /AF [7 0 R] /K 0 >>] >>] >>",
        "<< /Type /Annot /Subtype /Screen /Rect [0 0 10 10] /A << /S /Rendition /OP 0"
        " /R << /S /SR /R [<< /S /MR /C << /S /MCD /D 11 0 R >> >>] >> >> >>",
        "<< /Type /EmbeddedFile /Length 1 >>\nstream\nx\nendstream",
        "<< /Type /Filespec /UF (movie.mp4) /EF << /F 12 0 R >> >>",
        "<< /Type /EmbeddedFile /Length 2 >>\nstream\nxy\nendstream",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    /* b.dat shares a.csv's stream: the same file */
    assert_int_equal(info.attachments, 3);
    assert_non_null(info.attachment_names);
    assert_non_null(strstr(info.attachment_names, "a.csv"));
    assert_non_null(strstr(info.attachment_names, "c.xml in a structure element's /AF"));
    assert_non_null(strstr(info.attachment_names, "movie.mp4 in page 1 media"));
    assert_null(strstr(info.attachment_names, "outside.txt"));
    assert_int_equal(info.attachment_page, 1);
    assert_null(info.javascript);
    pdfinfo_release(&info);
}

static void assert_rect_equal(const struct rect *a, const struct rect *b)
{
    assert_true(a->x0 == b->x0 && a->y0 == b->y0 && a->x1 == b->x1 && a->y1 == b->y1);
}

static void assert_same_pages(const struct pdf_info *a, const struct pdf_info *b)
{
    assert_int_equal(a->npages, b->npages);
    for (int i = 0; i < a->npages; i++) {
        const struct page_info *p = &a->pages[i], *q = &b->pages[i];
        assert_rect_equal(&p->media_box, &q->media_box);
        assert_rect_equal(&p->crop_box, &q->crop_box);
        assert_int_equal(p->rotate, q->rotate);
        assert_true(p->width == q->width && p->height == q->height);
        assert_true(p->media_width == q->media_width && p->media_height == q->media_height);
    }
}

/* Both passes over the same bytes. */
static void read_both(int xref_shift, struct pdf_info *full, struct pdf_info *light)
{
    size_t len;
    char *pdf = make_pdf(xref_shift, &len);
    pdfinfo_init(full, "test.pdf");
    pdfinfo_init(light, "test.pdf");
    assert_true(pdfstruct_inspect("test.pdf", pdf, len, full, NULL, NULL));
    assert_true(pdfstruct_pages("test.pdf", pdf, len, light));
    free(pdf);
}

static void test_same_pages(void **state)
{
    (void)state;
    struct pdf_info full, light;
    read_both(0, &full, &light);
    assert_int_equal(full.npages, 3);
    assert_same_pages(&full, &light);
    assert_int_equal(light.pages[0].rotate, 90);
    assert_true(light.pages[0].width == 792 && light.pages[0].height == 612);
    assert_true(light.pages[1].width == 760 && light.pages[1].height == 590); /* CropBox, turned */
    assert_int_equal(light.pages[2].rotate, 0);
    assert_true(light.pages[2].media_box.x0 == 100 && light.pages[2].width == 612);
    assert_int_equal(light.version, 14);
    assert_int_equal(light.encryption, ENC_NONE);
    /* Only the full pass walks fonts and actions. */
    assert_int_equal(full.nfonts, 1);
    assert_string_equal(full.fonts[0].name, "Helvetica");
    assert_non_null(full.javascript);
    assert_int_equal(light.nfonts, 0);
    assert_null(light.javascript);
    assert_null(light.damage);
    pdfinfo_release(&full);
    pdfinfo_release(&light);
}

/* A table libqpdf rebuilds: the same pages from both passes, and the full
 * pass reports the repair. */
static void test_same_pages_repaired(void **state)
{
    (void)state;
    struct pdf_info full, light;
    read_both(3, &full, &light);
    assert_int_equal(full.npages, 3);
    assert_same_pages(&full, &light);
    assert_non_null(full.damage);
    assert_true(str_starts_with(full.damage, "cross-reference table rebuilt"));
    pdfinfo_release(&full);
    pdfinfo_release(&light);
}

static void test_unreadable(void **state)
{
    (void)state;
    static const char junk[] = "%PDF-1.4\nnot a document at all\n";
    struct pdf_info info;
    pdfinfo_init(&info, "junk.pdf");
    assert_false(pdfstruct_pages("junk.pdf", junk, sizeof(junk) - 1, &info));
    assert_false(info.readable);
    assert_null(info.pages);
    assert_int_equal(info.npages, 0);
    pdfinfo_release(&info);
}

/* A trailer /Size one short (as when an xref stream leaves itself out,
 * which ISO 32000-1 7.5.8.2 allows): qpdf warns, but nothing is repaired. */
static void test_size_not_damage(void **state)
{
    (void)state;
    size_t len;
    char *pdf = make_pdf(0, &len);
    char *size = strstr(pdf, "/Size 8");
    assert_non_null(size);
    size[6] = '7';
    struct pdf_info info;
    pdfinfo_init(&info, "t.pdf");
    assert_true(pdfstruct_inspect("t.pdf", pdf, len, &info, NULL, NULL));
    assert_null(info.damage);
    pdfinfo_release(&info);
    free(pdf);
}

static bool has_font(const struct pdf_info *info, const char *name)
{
    for (size_t i = 0; i < info->nfonts; i++)
        if (!strcmp(info->fonts[i].name, name))
            return true;
    return false;
}

/* Fonts set by a graphics state, drawn in a soft mask's group, by a Type 3
 * glyph and in a down appearance are listed; an AcroForm /DR font no
 * appearance names is not. */
static void test_font_places(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /DR << /Font << /Helv 4 0 R >> >> >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /Annots [9 0 R] /Resources << /ExtGState << /G1 << /Font [5 0 R 12] >>"
        " /G2 << /SMask << /S /Luminosity /G 6 0 R >> >> >> /Font << /T3 7 0 R >> >> >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /StateFont >>",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Group << /S /Transparency >>"
        " /Resources << /Font << /M 8 0 R >> >> /Length 0 >>\nstream\n\nendstream",
        "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs << >>"
        " /Encoding << /Differences [] >> /FirstChar 0 /LastChar 0 /Widths [0]"
        " /Resources << /Font << /G 10 0 R >> >> >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /MaskFont >>",
        "<< /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /AP << /N 11 0 R /D << /On 12 0 R >> >> >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /GlyphFont >>",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Length 0 >>\nstream\n\nendstream",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] /Resources << /Font << /D 13 0 R >> >>"
        " /Length 0 >>\nstream\n\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /DownFont >>",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_true(has_font(&info, "StateFont"));
    assert_true(has_font(&info, "MaskFont"));
    assert_true(has_font(&info, "GlyphFont"));
    assert_true(has_font(&info, "DownFont"));
    assert_false(has_font(&info, "Helvetica"));
    assert_int_equal(info.nfonts, 5); /* and the Type 3 font itself */
    pdfinfo_release(&info);
}

static const struct font_info *font_named(const struct pdf_info *info, const char *name)
{
    for (size_t i = 0; i < info->nfonts; i++)
        if (!strcmp(info->fonts[i].name, name))
            return &info->fonts[i];
    fail_msg("no font %s", name);
    return NULL;
}

/* Two pages sharing resources: fonts count as drawn from the page whose
 * text shows them (a direct font dictionary always, it cannot be told
 * apart); each page keeps its lowest-resolution image, leaving out icons
 * under 1 cm, stencil masks and images under 16 px a side. */
static void test_drawn(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 /MediaBox [0 0 612 792] /Resources"
        " << /Font << /A 7 0 R /B 8 0 R /C << /Type /Font /Subtype /Type1 /BaseFont /Direct >> >>"
        " /XObject << /Im 9 0 R /Icon 10 0 R /Mask 11 0 R /Ramp 12 0 R >> >> >>",
        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        "<< /Type /Page /Parent 2 0 R /Contents 6 0 R >>",
        "<< /Length 102 >>\nstream\nq 200 0 0 100 50 50 cm /Im Do Q q 20 0 0 20 0 0 cm /Icon Do Q"
        " q 300 0 0 300 0 0 cm /Mask Do /Ramp Do Q\nendstream",
        "<< /Length 43 >>\nstream\nBT /A 10 Tf (x) Tj ET BT /C 10 Tf (y) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Shown >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Unused >>",
        "<< /Type /XObject /Subtype /Image /Width 400 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 8"
        " /Length 0 >>\nstream\n\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 20 /Height 20 /ColorSpace /DeviceGray /BitsPerComponent 8"
        " /Length 0 >>\nstream\n\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 50 /Height 50 /ImageMask true /Length 0 >>\nstream\n\nendstream",
        "<< /Type /XObject /Subtype /Image /Width 256 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8"
        " /Length 0 >>\nstream\n\nendstream",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_null(info.damage);
    const struct font_info *shown = font_named(&info, "Shown"), *unused = font_named(&info, "Unused");
    assert_true(shown->drawn);
    assert_int_equal(shown->first_page, 2);
    assert_false(unused->drawn);
    assert_int_equal(unused->first_page, 1);
    assert_true(font_named(&info, "Direct")->drawn);
    assert_float_equal(info.pages[0].image_ppi, 144, 1e-9);
    assert_int_equal(info.pages[0].image_px_w, 400);
    assert_int_equal(info.pages[0].image_px_h, 200);
    assert_float_equal(info.pages[1].image_ppi, 0, 0);
    pdfinfo_release(&info);
}

/* Text operators are counted on a page whose content is large, also when
 * a form it draws is, and only there; loading the streams is no damage. */
static void test_text_pieces(void **state)
{
    (void)state;
    struct strbuf data = STRBUF_INIT;
    strbuf_adds(&data, "BT /F 1 Tf\n");
    for (int i = 0; i < 60000; i++)
        strbuf_addf(&data, "%d %d Td (.) Tj\n", i % 7, i % 5);
    strbuf_adds(&data, "ET");
    char *big = xasprintf("<< /Length %zu >>\nstream\n%s\nendstream", data.len, strbuf_str(&data));
    char *form = xasprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Length %zu >>\nstream\n%s\n"
                           "endstream", data.len, strbuf_str(&data));
    strbuf_release(&data);
    const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R 8 0 R] /Count 3 /MediaBox [0 0 612 792]"
        " /Resources << /Font << /F 7 0 R >> >> >>",
        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        "<< /Type /Page /Parent 2 0 R /Contents [6 0 R] >>",
        big,
        "<< /Length 20 >>\nstream\nBT /F 1 Tf (.) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /Contents 10 0 R /Resources << /XObject << /Fm 9 0 R >> >> >>",
        form,
        "<< /Length 17 >>\nstream\n/Fm Do q /Fm Do Q\nendstream",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_null(info.damage);
    assert_int_equal(info.pages[0].text_pieces, 60000);
    assert_true(info.pages[0].text_pieces > PDFINFO_MAX_TEXT_PIECES);
    assert_int_equal(info.pages[1].text_pieces, 0); /* small: not counted */
    assert_int_equal(info.pages[2].text_pieces, 120000); /* the form, drawn twice */
    pdfinfo_release(&info);
    free(big);
    free(form);
}

/* What a tiling pattern or a soft mask draws is not walked: their fonts
 * count as drawn, as before the walk. */
static void test_pattern_fonts(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Pattern << /P 5 0 R >>"
        " /Font << /U 7 0 R >> >> >>",
        "<< /Length 30 >>\nstream\n/Pattern cs /P scn 0 0 99 99 re f\nendstream",
        "<< /Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 20 20] /XStep 20 /YStep 20"
        " /Resources << /Font << /F 6 0 R >> >> /Length 21 >>\nstream\nBT /F 9 Tf (x) Tj ET\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /InPattern >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Unused >>",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_true(font_named(&info, "InPattern")->drawn);
    assert_false(font_named(&info, "Unused")->drawn);
    pdfinfo_release(&info);
}

/* The form's default fonts count when the viewer makes the appearances
 * of its fields (/NeedAppearances), but not with no field to make. */
static void test_form_fonts(void **state)
{
    (void)state;
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /NeedAppearances true"
        " /DA (/Helv 10 Tf 0 g) /DR << /Font << /Helv 4 0 R >> >> >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /Annots [5 0 R] >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Annot /Subtype /Widget /FT /Tx /T (a) /Rect [0 0 10 10] /P 3 0 R >>",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_false(has_font(&info, "Helvetica"));
    pdfinfo_release(&info);

    const char *with_field[ARRAY_SIZE(objs)];
    memcpy(with_field, objs, sizeof(objs));
    with_field[0] = "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /NeedAppearances true"
                    " /DA (/Helv 10 Tf 0 g) /DR << /Font << /Helv 4 0 R >> >> >> >>";
    inspect_objs(with_field, ARRAY_SIZE(objs), &info);
    assert_true(has_font(&info, "Helvetica"));
    assert_int_equal(info.nfonts, 1);
    pdfinfo_release(&info);
}

/* The viewer makes text fields' appearances with the font their /DA names:
 * a /DR font no /DA names is listed but not drawn.  A check box's mark is
 * the viewer's choice, so with one every /DR font counts. */
static void test_form_fonts_named(void **state)
{
    (void)state;
    const char *objs[] = {
        "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /NeedAppearances true"
        " /DR << /Font << /Helv 4 0 R /ZaDb 6 0 R >> >> >> >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 612 792] >>",
        "<< /Type /Page /Parent 2 0 R /Annots [7 0 R] >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /FT /Tx /T (a) /DA (/Helv 10 Tf 0 g) /Kids [7 0 R] >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>",
        "<< /Type /Annot /Subtype /Widget /Parent 5 0 R /Rect [0 0 10 10] /P 3 0 R >>",
    };
    struct pdf_info info;
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_true(font_named(&info, "Helvetica")->drawn);
    assert_false(font_named(&info, "ZapfDingbats")->drawn);
    pdfinfo_release(&info);

    objs[4] = "<< /FT /Btn /T (a) /DA (/Helv 10 Tf 0 g) /Kids [7 0 R] >>"; /* a check box */
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_true(font_named(&info, "ZapfDingbats")->drawn);
    pdfinfo_release(&info);

    objs[4] = "<< /FT /Btn /Ff 65536 /T (a) /DA (/Helv 10 Tf 0 g) /Kids [7 0 R] >>"; /* a push button */
    inspect_objs(objs, ARRAY_SIZE(objs), &info);
    assert_false(font_named(&info, "ZapfDingbats")->drawn);
    pdfinfo_release(&info);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_pages),
        cmocka_unit_test(test_same_pages_repaired),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_js_hiding),
        cmocka_unit_test(test_hidden_files),
        cmocka_unit_test(test_font_places),
        cmocka_unit_test(test_form_fonts),
        cmocka_unit_test(test_form_fonts_named),
        cmocka_unit_test(test_pattern_fonts),
        cmocka_unit_test(test_size_not_damage),
        cmocka_unit_test(test_drawn),
        cmocka_unit_test(test_text_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
