/* typeset document: the libharu layer of the typeset stage.
 *
 * Document set-up and saving, fonts with per-character fallback, text
 * measuring and drawing, rules and dot leaders.  Text: every string goes
 * through the per-character font choice (the style's family, then the
 * fallback fonts of fonts.yml); widths are the fonts' advance widths, the
 * same numbers libharu writes into /W.
 *
 * libharu 2.3.0 specifics handled here:
 *  - fonts are CID TrueType with the "UTF-8" encoder, so a CID is the
 *    Unicode code point; the ToUnicode CMap it writes uses begincidrange,
 *    which poppler rejects, so before saving we rewrite every ToUnicode
 *    stream as a bfrange map of the code points actually drawn;
 *  - code points beyond U+FFFF are garbled, so they print as U+FFFD;
 *  - errors go to a handler that records them (no longjmp), and every
 *    call fails once one is recorded, so we stop at the first. */
#include "internal.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "typeset/fonts.h"
#include "base/utf8.h"
#include "base/util.h"

#define WIDTH_UNKNOWN INT16_MIN /* width cache: not looked up yet */
#define NO_GLYPH (-1)           /* width cache: the font lacks the character */

/* --- libharu errors -------------------------------------------------- */

static void on_hpdf_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    struct hpdf_status *st = data;
    if (st->error == HPDF_OK) {
        st->error = error;
        st->detail = detail;
    }
}

static const struct {
    HPDF_STATUS code;
    const char *text;
} hpdf_errors[] = {
    {HPDF_FAILD_TO_ALLOC_MEM, "out of memory"},
    {HPDF_FILE_IO_ERROR, "cannot read the file"},
    {HPDF_FILE_OPEN_ERROR, "cannot open the file"},
    {HPDF_INVALID_TTC_FILE, "not a TrueType collection"},
    {HPDF_INVALID_TTC_INDEX, "the collection has no font with that index"},
    {HPDF_TTF_CANNOT_EMBEDDING_FONT, "the font's license forbids embedding"},
    {HPDF_TTF_INVALID_CMAP, "the font has no Unicode character map"},
    {HPDF_TTF_INVALID_FOMAT, "not a TrueType font"},
    {HPDF_TTF_MISSING_TABLE, "the font lacks a TrueType table (OpenType/CFF fonts are not supported)"},
    {HPDF_INVALID_FONTDEF_DATA, "the font has no usable glyphs"},
    {HPDF_UNSUPPORTED_FONT_TYPE, "unsupported font type"},
    {HPDF_INVALID_ENCODING_NAME, "the UTF-8 encoding is not enabled"},
    {HPDF_INVALID_FONT_NAME, "unknown font"},
    {HPDF_PAGE_INVALID_SIZE, "page size out of range (3 to 14400 pt)"},
    {HPDF_PAGE_INVALID_GMODE, "drawing operation in the wrong mode"},
    {HPDF_PAGE_OUT_OF_RANGE, "drawing parameter out of range"},
    {HPDF_PAGE_INVALID_FONT_SIZE, "invalid font size"},
    {HPDF_PAGE_FONT_NOT_FOUND, "text drawn without a font"},
    {HPDF_REAL_OUT_OF_RANGE, "number out of range"},
    {HPDF_STRING_OUT_OF_RANGE, "text too long"},
    {HPDF_EXCEED_GSTATE_LIMIT, "graphics states nested too deeply"},
    {HPDF_ZLIB_ERROR, "compression failed"},
    {HPDF_STREAM_EOF, "unexpected end of data"},
    {HPDF_INVALID_DOCUMENT, "the document is in an error state"},
};

static const char *hpdf_error_text(HPDF_STATUS code)
{
    for (size_t i = 0; i < ARRAY_SIZE(hpdf_errors); i++)
        if (hpdf_errors[i].code == code)
            return hpdf_errors[i].text;
    return "internal error";
}

bool ts_drawing(const struct ts *t)
{
    return t->draw && !t->dry && t->page && !t->failed;
}

bool ts_ok(struct ts *t, const char *doing)
{
    if (t->st.error == HPDF_OK)
        return !t->failed;
    if (!t->failed)
        diag_error(NULL, "cannot typeset %s: %s (libharu error 0x%04X, detail %u)", doing,
                   hpdf_error_text(t->st.error), (unsigned)t->st.error, (unsigned)t->st.detail);
    t->failed = true;
    return false;
}

/* --- fonts ----------------------------------------------------------- */

/* Load a font file once per document.  Returns its index or -1. */
static int load_font(struct ts *t, const struct font_file *spec, bool required)
{
    char *path = font_config_resolve(t->cfg, spec, required);
    if (!path) {
        if (required) {
            t->failed = true;
        } else if (t->warn) {
            diag_warning(&spec->loc, "fallback font '%s' not found; characters only it has cannot be shown",
                         spec->file);
            if (spec->package)
                diag_hint("install it with: apt-get install %s", spec->package);
        }
        return -1;
    }
    for (size_t i = 0; i < t->nfonts; i++)
        if (!strcmp(t->fonts[i].path, path) && t->fonts[i].index == spec->index) {
            free(path);
            return (int)i;
        }
    const char *name = spec->index >= 0
                           ? HPDF_LoadTTFontFromFile2(t->pdf, path, (HPDF_UINT)spec->index, HPDF_TRUE)
                           : HPDF_LoadTTFontFromFile(t->pdf, path, HPDF_TRUE);
    HPDF_FontDef def = name && t->st.error == HPDF_OK ? HPDF_GetFontDef(t->pdf, name) : NULL;
    if (!def || t->st.error != HPDF_OK) {
        const char *why = hpdf_error_text(t->st.error);
        if (required) {
            diag_error(&spec->loc, "cannot load font '%s': %s (libharu error 0x%04X)", path, why,
                       (unsigned)t->st.error);
            t->failed = true;
        } else {
            diag_warning(&spec->loc, "cannot load fallback font '%s': %s", path, why);
            HPDF_ResetError(t->pdf);
            t->st.error = t->st.detail = HPDF_OK;
        }
        free(path);
        return -1;
    }
    struct tfont *f = ARRAY_PUSH(t->fonts, t->nfonts, t->fonts_cap);
    memset(f, 0, sizeof(*f));
    f->path = path;
    f->index = spec->index;
    f->name = name;
    f->def = def;
    f->widths = xmalloc(65536 * sizeof(*f->widths));
    for (size_t i = 0; i < 65536; i++)
        f->widths[i] = WIDTH_UNKNOWN;
    return (int)(t->nfonts - 1);
}

static int face_font(struct ts *t, int face)
{
    if (t->face_font[face] == -1) {
        t->face_font[face] = -2;
        int i = load_font(t, font_family_face(t->family, (enum font_face)face), true);
        if (i >= 0)
            t->face_font[face] = i;
    }
    return t->face_font[face];
}

/* Advance width of a character in 1/1000 em, or NO_GLYPH. */
static int glyph_width(struct tfont *f, uint16_t cp)
{
    if (f->widths[cp] == WIDTH_UNKNOWN) {
        if (HPDF_TTFontDef_GetGlyphid(f->def, cp) == 0)
            f->widths[cp] = NO_GLYPH;
        else
            f->widths[cp] = HPDF_TTFontDef_GetCharWidth(f->def, cp);
    }
    return f->widths[cp];
}

/* The font that draws cp in a face: the family's, else the first fallback
 * that has it, else the family's (which shows its .notdef box). */
static int pick_font(struct ts *t, int face, uint16_t cp)
{
    int fi = face_font(t, face);
    if (fi < 0)
        return -1;
    if (glyph_width(&t->fonts[fi], cp) != NO_GLYPH)
        return fi;
    for (size_t k = 0; k < t->cfg->nfallbacks; k++) {
        if (t->fallback[k] == -1) {
            int i = load_font(t, &t->cfg->fallbacks[k], false);
            t->fallback[k] = i >= 0 ? i : -2;
        }
        if (t->fallback[k] >= 0 && glyph_width(&t->fonts[t->fallback[k]], cp) != NO_GLYPH)
            return t->fallback[k];
    }
    if (t->warn && !(t->warned[cp >> 3] & (1u << (cp & 7)))) {
        t->warned[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        if (t->nmissing < ARRAY_SIZE(t->missing))
            t->missing[t->nmissing] = cp;
        t->nmissing++;
    }
    return fi;
}

/* One warning for all characters no font has (since the last report). */
void ts_report_missing(struct ts *t)
{
    if (t->nmissing == 0)
        return;
    struct strbuf sb = STRBUF_INIT;
    size_t shown = t->nmissing < ARRAY_SIZE(t->missing) ? t->nmissing : ARRAY_SIZE(t->missing);
    for (size_t i = 0; i < shown; i++) {
        char buf[5] = {0};
        utf8_encode(t->missing[i], buf);
        strbuf_addf(&sb, "%sU+%04X '%s'", i ? ", " : "", (unsigned)t->missing[i], buf);
    }
    if (t->nmissing > shown)
        strbuf_addf(&sb, " and %zu more", t->nmissing - shown);
    diag_warning(NULL, "no font has a glyph for %s; %s", sb.buf,
                 t->nmissing == 1 ? "it prints as a box" : "they print as boxes");
    diag_hint("add a font that has %s to 'fallback' in %s", t->nmissing == 1 ? "it" : "them", t->cfg->path);
    strbuf_release(&sb);
    t->nmissing = 0;
}

/* Next character to typeset: U+FFFD for invalid UTF-8 and for characters
 * beyond U+FFFF (libharu garbles them), a space for tabs and line breaks,
 * 0 for characters to skip. */
static uint16_t next_char(struct ts *t, const char **s, size_t *n)
{
    int32_t cp = utf8_next(s, n);
    if (cp < 0)
        return 0xFFFD;
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return ' ';
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xAD || cp == 0xFEFF || cp == 0x200B)
        return 0;
    if (cp > 0xFFFF) {
        if (t->warn && !t->warned_astral) {
            t->warned_astral = true;
            diag_warning(NULL, "U+%04X and other characters beyond U+FFFF cannot be typeset; they print as U+FFFD",
                         (unsigned)cp);
        }
        return 0xFFFD;
    }
    return (uint16_t)cp;
}

/* Width in 1/1000 em that a PDF viewer uses: a missing glyph draws the
 * .notdef glyph (glyph 0) with its width. */
static int font_units(const struct tfont *f, int w)
{
    return w == NO_GLYPH ? HPDF_TTFontDef_GetGidWidth(f->def, 0) : w;
}

double ts_text_width(struct ts *t, int face, double size, const char *s, size_t len)
{
    long units = 0;
    while (len > 0) {
        uint16_t cp = next_char(t, &s, &len);
        if (!cp)
            continue;
        int fi = pick_font(t, face, cp);
        if (fi < 0)
            return 0;
        units += font_units(&t->fonts[fi], glyph_width(&t->fonts[fi], cp));
    }
    return (double)units * size / 1000.0;
}

double ts_text_width_s(struct ts *t, int face, double size, const char *s)
{
    return ts_text_width(t, face, size, s, strlen(s));
}

double ts_measure_cb(void *ctx, int face, double size, const char *text, size_t len)
{
    return ts_text_width(ctx, face, size, text, len);
}

/* Draw one run of text in one font at (x, y). */
static void show_run(struct ts *t, struct tfont *f, double x, double y, double size, const char *s)
{
    if (!f->font) {
        f->font = HPDF_GetFont(t->pdf, f->name, "UTF-8");
        if (!f->font) {
            ts_ok(t, "text");
            return;
        }
    }
    HPDF_Page_SetFontAndSize(t->page, f->font, (HPDF_REAL)size);
    HPDF_Page_TextOut(t->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
}

/* Draw text with its baseline at y, starting at x; returns its width.
 * Without drawing, only measures. */
double ts_show(struct ts *t, double x, double y, int face, double size, const char *s, size_t len)
{
    if (!ts_drawing(t))
        return ts_text_width(t, face, size, s, len);
    struct strbuf run = STRBUF_INIT;
    int run_font = -1;
    long run_units = 0, units = 0;
    double rx = x;
    HPDF_Page_BeginText(t->page);
    while (len > 0) {
        uint16_t cp = next_char(t, &s, &len);
        if (!cp)
            continue;
        int fi = pick_font(t, face, cp);
        if (fi < 0)
            break;
        if (fi != run_font && run.len) {
            show_run(t, &t->fonts[run_font], rx, y, size, run.buf);
            rx += (double)run_units * size / 1000.0;
            run.len = 0;
            run_units = 0;
        }
        run_font = fi;
        struct tfont *f = &t->fonts[fi];
        int w = font_units(f, glyph_width(f, cp));
        run_units += w;
        units += w;
        if (!f->used)
            f->used = xcalloc(8192, 1);
        f->used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
        char buf[4];
        strbuf_add(&run, buf, (size_t)utf8_encode(cp, buf));
    }
    if (run.len)
        show_run(t, &t->fonts[run_font], rx, y, size, run.buf);
    HPDF_Page_EndText(t->page);
    strbuf_release(&run);
    return (double)units * size / 1000.0;
}

double ts_show_s(struct ts *t, double x, double y, int face, double size, const char *s)
{
    return ts_show(t, x, y, face, size, s, strlen(s));
}

/* Text shortened with an ellipsis to at most max_width. Caller frees. */
char *ts_fit_text(struct ts *t, const char *s, int face, double size, double max_width)
{
    if (ts_text_width_s(t, face, size, s) <= max_width)
        return xstrdup(s);
    static const char ellipsis[] = "\xE2\x80\xA6";
    double ew = ts_text_width_s(t, face, size, ellipsis);
    size_t len = strlen(s);
    /* Drop whole characters from the end until it fits. */
    while (len > 0) {
        do
            len--;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80);
        size_t keep = len;
        while (keep > 0 && s[keep - 1] == ' ')
            keep--;
        if (ts_text_width(t, face, size, s, keep) + ew <= max_width)
            return xasprintf("%.*s%s", (int)keep, s, ellipsis);
    }
    return xstrdup(ellipsis);
}

/* --- pages and drawing helpers --------------------------------------- */

bool ts_add_page(struct ts *t, double w, double h)
{
    t->page = HPDF_AddPage(t->pdf);
    if (t->page) {
        HPDF_Page_SetWidth(t->page, (HPDF_REAL)w);
        HPDF_Page_SetHeight(t->page, (HPDF_REAL)h);
    }
    if (!ts_ok(t, "a page")) {
        t->page = NULL;
        return false;
    }
    return true;
}

void ts_hrule(struct ts *t, double x0, double x1, double y, double width)
{
    if (!ts_drawing(t))
        return;
    HPDF_Page_SetLineWidth(t->page, (HPDF_REAL)width);
    HPDF_Page_MoveTo(t->page, (HPDF_REAL)x0, (HPDF_REAL)y);
    HPDF_Page_LineTo(t->page, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_Stroke(t->page);
}

/* Dot leaders between x0 and x1 on a baseline, on a grid shared by all
 * lines so the dots line up.  Drawn as one dashed stroke with round caps
 * (dots are graphics, so text extraction sees no run of periods). */
void ts_leaders(struct ts *t, double x0, double x1, double base, double size)
{
    double pitch = size * 0.5;
    double k0 = ceil(x0 / pitch), k1 = floor(x1 / pitch);
    if (!ts_drawing(t) || k1 - k0 < 1)
        return;
    /* Dash lengths are integers in libharu: work in a space scaled so
     * the pitch is 50 units and a dash of 1 unit is almost a point. */
    double f = pitch / 50.0;
    HPDF_Page_GSave(t->page);
    HPDF_Page_Concat(t->page, (HPDF_REAL)f, 0, 0, (HPDF_REAL)f, 0, 0);
    HPDF_Page_SetLineWidth(t->page, (HPDF_REAL)(size * 0.1 / f));
    HPDF_Page_SetLineCap(t->page, HPDF_ROUND_END);
    const HPDF_UINT16 dash[2] = {1, 49};
    HPDF_Page_SetDash(t->page, dash, 2, 0);
    double yu = (base + size * 0.06) / f;
    HPDF_Page_MoveTo(t->page, (HPDF_REAL)(k0 * 50), (HPDF_REAL)yu);
    HPDF_Page_LineTo(t->page, (HPDF_REAL)(k1 * 50 + 1), (HPDF_REAL)yu);
    HPDF_Page_Stroke(t->page);
    HPDF_Page_GRestore(t->page);
}

/* --- document -------------------------------------------------------- */

void ts_release(struct ts *t)
{
    for (size_t i = 0; i < t->nfonts; i++) {
        free(t->fonts[i].path);
        free(t->fonts[i].widths);
        free(t->fonts[i].used);
    }
    free(t->fonts);
    free(t->fallback);
    free(t->links);
    font_config_free(t->cfg);
    if (t->pdf)
        HPDF_Free(t->pdf);
}

static int count_digits(long n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

bool ts_init(struct ts *t, const struct volume *v, bool draw)
{
    memset(t, 0, sizeof(*t));
    t->v = v;
    t->m = v->manifest;
    t->style = v->style;
    t->draw = draw;
    t->warn = true;
    for (int i = 0; i < FONT_FACE_COUNT; i++)
        t->face_font[i] = -1;

    t->cfg = font_config_load();
    if (!t->cfg)
        return false;
    const char *fam = t->style->typography.font ? t->style->typography.font : "serif";
    t->family = font_config_family(t->cfg, fam);
    if (!t->family) {
        char *names = font_config_family_names(t->cfg);
        struct srcloc loc = {t->style->path, 0, 0};
        diag_error(&loc, "font family '%s' is not in %s", fam, t->cfg->path);
        diag_hint("known families: %s", names);
        free(names);
        return false;
    }
    t->fallback = xmalloc((t->cfg->nfallbacks ? t->cfg->nfallbacks : 1) * sizeof(*t->fallback));
    for (size_t i = 0; i < t->cfg->nfallbacks; i++)
        t->fallback[i] = -1;

    t->pdf = HPDF_New(on_hpdf_error, &t->st);
    if (!t->pdf) {
        diag_error(NULL, "cannot typeset: out of memory");
        return false;
    }
    HPDF_SetCompressionMode(t->pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(t->pdf);
    HPDF_SetCurrentEncoder(t->pdf, "UTF-8");
    if (!ts_ok(t, "with UTF-8 text"))
        return false;

    const struct style_typography *ty = &t->style->typography;
    t->body = ty->body_size > 0 ? ty->body_size : 10;
    t->small = ty->small_size > 0 ? ty->small_size : t->body * 0.85;
    t->heading = ty->heading_size > 0 ? ty->heading_size : t->body * 1.4;
    t->title = ty->title_size > 0 ? ty->title_size : t->body * 2;
    t->leading = ty->leading >= 1 ? ty->leading : 1.2;
    t->note = (t->body + t->small) / 2;
    t->part_size = t->heading + 4 > t->title * 0.75 ? t->heading + 4 : t->title * 0.75;

    const struct style_size *sz = &t->style->sizes[0];
    t->bl = sz->left;
    t->br = v->width - sz->right;
    t->bt = v->height - sz->top;
    t->bb = sz->bottom;
    if (t->br - t->bl < 72 || t->bt - t->bb < 72) { /* margins that leave no room */
        t->bl = v->width * 0.12;
        t->br = v->width * 0.88;
        t->bt = v->height * 0.9;
        t->bb = v->height * 0.1;
    }

    /* Digits reserved for page numbers: enough for every paper page, the
     * blank pages between papers and generous back matter. */
    long pages = 60;
    for (size_t i = 0; i < v->npapers; i++)
        pages += v->papers[i].npages + 1;
    t->digits = count_digits(pages);

    /* The family's regular face must load. */
    return face_font(t, FONT_REGULAR) >= 0 && !t->failed;
}

static bool used_cp(const struct tfont *f, unsigned cp)
{
    return f->used[cp >> 3] & (1u << (cp & 7));
}

/* Replace libharu's ToUnicode CMap (begincidrange, which poppler rejects)
 * by a bfrange map of the code points drawn: with the UTF-8 encoder a
 * character's code (CID) is its Unicode code point. */
static void write_tounicode(const struct tfont *f, HPDF_Dict cmap)
{
    HPDF_Stream s = cmap->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_Dict_RemoveElement(cmap, "CMapName");
    HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cmap, "WMode");
    HPDF_Dict_RemoveElement(cmap, "Type");
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
                            "12 dict begin\n"
                            "begincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n"
                            "/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* Ranges of consecutive code points within one block of 256. */
    unsigned *lo = xmalloc(32769 * sizeof(*lo)), *hi = xmalloc(32769 * sizeof(*hi));
    size_t nr = 0;
    for (unsigned cp = 0; cp < 65536; cp++) {
        if (!used_cp(f, cp))
            continue;
        if (nr > 0 && hi[nr - 1] + 1 == cp && (cp & 0xFF) != 0)
            hi[nr - 1] = cp;
        else
            lo[nr] = hi[nr] = cp, nr++;
    }
    for (size_t k = 0; k < nr; k += 100) { /* at most 100 entries per block */
        size_t m = nr - k < 100 ? nr - k : 100;
        char buf[64];
        snprintf(buf, sizeof(buf), "%zu beginbfrange\n", m);
        HPDF_Stream_WriteStr(s, buf);
        for (size_t j = k; j < k + m; j++) {
            snprintf(buf, sizeof(buf), "<%04X> <%04X> <%04X>\n", lo[j], hi[j], lo[j]);
            HPDF_Stream_WriteStr(s, buf);
        }
        HPDF_Stream_WriteStr(s, "endbfrange\n");
    }
    HPDF_Stream_WriteStr(s, "endcmap\n"
                            "CMapName currentdict /CMap defineresource pop\n"
                            "end\n"
                            "end\n");
    free(lo);
    free(hi);
}

/* libharu 2.3.0 gives every CID font a /W entry and a CIDToGIDMap for all
 * 65,536 codes (tens of kilobytes per font, and much more for CJK fonts);
 * keep only the code points drawn.  Widths are libharu's own. */
static void write_widths_and_map(const struct tfont *f, HPDF_Dict cidfont, HPDF_Dict map)
{
    if (cidfont) {
        HPDF_Array w = HPDF_Array_New(cidfont->mmgr);
        if (!w)
            return;
        for (unsigned cp = 0; cp < 65536; cp++) {
            if (!used_cp(f, cp))
                continue;
            HPDF_Array run = HPDF_Array_New(cidfont->mmgr);
            HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
            HPDF_Array_Add(w, run);
            for (; cp < 65536 && used_cp(f, cp); cp++) {
                HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp);
                HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(f->def, gid));
            }
        }
        HPDF_Dict_Add(cidfont, "W", w);
    }
    if (map && map->stream) {
        unsigned top = 0;
        for (unsigned cp = 0; cp < 65536; cp++)
            if (used_cp(f, cp))
                top = cp;
        size_t len = 2 * ((size_t)top + 1);
        unsigned char *gids = xcalloc(len, 1);
        for (unsigned cp = 0; cp <= top; cp++)
            if (used_cp(f, cp)) {
                HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(f->def, (HPDF_UINT16)cp);
                gids[2 * cp] = (unsigned char)(gid >> 8);
                gids[2 * cp + 1] = (unsigned char)gid;
            }
        HPDF_MemStream_FreeData(map->stream);
        HPDF_Stream_Write(map->stream, gids, (HPDF_UINT)len);
        free(gids);
    }
}

/* Rewrite what libharu generated for each font used, before saving. */
static void finish_fonts(struct ts *t)
{
    for (size_t i = 0; i < t->nfonts; i++) {
        struct tfont *f = &t->fonts[i];
        if (!f->font || !f->used)
            continue;
        HPDF_FontAttr attr = (HPDF_FontAttr)f->font->attr;
        if (attr->cmap_stream && attr->cmap_stream->stream)
            write_tounicode(f, attr->cmap_stream);
        /* libharu keeps the CIDToGIDMap in the Type0 font's attributes. */
        write_widths_and_map(f, attr->descendant_font, attr->map_stream);
    }
}

static void set_info(struct ts *t)
{
    time_t epoch = (time_t)build_epoch();
    struct tm tm;
    gmtime_r(&epoch, &tm);
    HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(t->pdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(t->pdf, HPDF_INFO_MOD_DATE, d);
    HPDF_SetInfoAttr(t->pdf, HPDF_INFO_CREATOR, "collate");
}

bool ts_save(struct ts *t, unsigned char **pdf, size_t *len)
{
    finish_fonts(t);
    set_info(t);
    if (!ts_ok(t, "the document"))
        return false;
    HPDF_SaveToStream(t->pdf);
    if (!ts_ok(t, "the document"))
        return false;
    HPDF_UINT32 size = HPDF_GetStreamSize(t->pdf);
    unsigned char *buf = xmalloc(size ? size : 1);
    HPDF_UINT32 got = 0;
    while (got < size) {
        HPDF_UINT32 n = size - got;
        HPDF_STATUS rc = HPDF_ReadFromStream(t->pdf, buf + got, &n);
        got += n;
        if (n == 0 || (rc != HPDF_OK && rc != HPDF_STREAM_EOF))
            break;
    }
    if (got != size) {
        if (t->st.error == HPDF_OK)
            t->st.error = HPDF_STREAM_EOF;
        ts_ok(t, "the document");
        free(buf);
        return false;
    }
    *pdf = buf;
    *len = size;
    return true;
}
