/* typeset: front matter, contents, indexes and stamp overlays with libharu.
 *
 * One layout routine serves both passes: typeset_measure runs it without
 * drawing to count each part's pages, typeset_render runs it again and
 * draws.  The layout may not depend on anything pagination decides (page
 * numbers are right-aligned in a reserved column, index numbers are broken
 * into lines with reserved widths), so both passes give the same count.
 *
 * Text: every string goes through the per-character font choice (the
 * style's family, then the fallback fonts of fonts.yml); widths are the
 * fonts' advance widths, the same numbers libharu writes into /W.
 *
 * libharu 2.3.0 specifics handled here:
 *  - fonts are CID TrueType with the "UTF-8" encoder, so a CID is the
 *    Unicode code point; the ToUnicode CMap it writes uses begincidrange,
 *    which poppler rejects, so before saving we rewrite every ToUnicode
 *    stream as a bfrange map of the code points actually drawn;
 *  - code points beyond U+FFFF are garbled, so they print as U+FFFD;
 *  - errors go to a handler that records them (no longjmp), and every
 *    call fails once one is recorded, so we stop at the first. */
#include "typeset/typeset.h"

#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"
#include "typeset/fonts.h"
#include "manifest/manifest.h"
#include "paginate/names.h"
#include "typeset/stamp.h"
#include "manifest/style.h"
#include "typeset/textflow.h"
#include "base/utf8.h"
#include "base/util.h"

#define WIDTH_UNKNOWN INT16_MIN /* width cache: not looked up yet */
#define NO_GLYPH (-1)           /* width cache: the font lacks the character */
#define COMMITTEE_COLUMNS_ABOVE 12 /* members laid out in two columns beyond this */

/* --- libharu errors -------------------------------------------------- */

struct hpdf_status {
    HPDF_STATUS error;  /* first error raised, 0 for none */
    HPDF_STATUS detail; /* its detail code (errno for file errors) */
};

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

/* --- state ----------------------------------------------------------- */

/* One loaded TrueType file. */
struct tfont {
    char *path;
    int index;                 /* .ttc face, -1 for a .ttf */
    const char *name;          /* libharu's font name (owned by the document) */
    HPDF_FontDef def;
    HPDF_Font font;            /* the PDF font, made when first drawn with */
    int16_t *widths;           /* per BMP code point: advance in 1/1000 em, NO_GLYPH or WIDTH_UNKNOWN */
    uint8_t *used;             /* bitmap of the code points drawn, for ToUnicode */
};

enum align { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

struct ts {
    struct volume *v;
    const struct manifest *m;
    const struct style *style;
    bool draw;                 /* render pass: pages exist and are drawn */
    bool warn;                 /* report text problems in this stretch of layout */
    bool failed;               /* an error was reported */
    HPDF_Doc pdf;
    struct hpdf_status st;

    struct font_config *cfg;
    const struct font_family *family;
    struct tfont *fonts;
    size_t nfonts, fonts_cap;
    int face_font[FONT_FACE_COUNT]; /* index into fonts; -1 not loaded yet */
    int *fallback;             /* per cfg fallback: index into fonts, -1 not tried, -2 unavailable */
    uint8_t warned[8192];      /* BMP code points no font has, seen while warning */
    uint16_t missing[10];      /* the first of them, for the message */
    size_t nmissing;           /* how many */
    bool warned_astral;

    /* typography, pt */
    double body, small, note, heading, title, part_size, leading;

    /* text block of generated pages */
    double bl, br, bt, bb;

    /* the part being laid out */
    int part;                  /* index into v->parts */
    int pages;                 /* pages begun so far */
    HPDF_Page page;            /* current page when drawing, else NULL */
    int vpage;                 /* its index in v->pages */
    double y;                  /* top of the free space */
    double frame_top;          /* top of the current column: no space is added there */
    int dry;                   /* > 0: measuring heights, nothing drawn, no page breaks */
    bool no_break;             /* items are being placed: the placer breaks pages */

    int digits;                /* digits reserved for a page number */
    struct name_index idx;     /* the index being laid out */
};

static bool drawing(const struct ts *t)
{
    return t->draw && !t->dry && t->page && !t->failed;
}

/* Check for a libharu error and report it once. */
static bool hpdf_ok(struct ts *t, const char *doing)
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
static void report_missing(struct ts *t)
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

static double text_width(struct ts *t, int face, double size, const char *s, size_t len)
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

static double text_width_s(struct ts *t, int face, double size, const char *s)
{
    return text_width(t, face, size, s, strlen(s));
}

static double measure_cb(void *ctx, int face, double size, const char *text, size_t len)
{
    return text_width(ctx, face, size, text, len);
}

/* Draw one run of text in one font at (x, y). */
static void show_run(struct ts *t, struct tfont *f, double x, double y, double size, const char *s)
{
    if (!f->font) {
        f->font = HPDF_GetFont(t->pdf, f->name, "UTF-8");
        if (!f->font) {
            hpdf_ok(t, "text");
            return;
        }
    }
    HPDF_Page_SetFontAndSize(t->page, f->font, (HPDF_REAL)size);
    HPDF_Page_TextOut(t->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
}

/* Draw text with its baseline at y, starting at x; returns its width.
 * Without drawing, only measures. */
static double show(struct ts *t, double x, double y, int face, double size, const char *s, size_t len)
{
    if (!drawing(t))
        return text_width(t, face, size, s, len);
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

static double show_s(struct ts *t, double x, double y, int face, double size, const char *s)
{
    return show(t, x, y, face, size, s, strlen(s));
}

/* Text shortened with an ellipsis to at most max_width. Caller frees. */
static char *fit_text(struct ts *t, const char *s, int face, double size, double max_width)
{
    if (text_width_s(t, face, size, s) <= max_width)
        return xstrdup(s);
    static const char ellipsis[] = "\xE2\x80\xA6";
    double ew = text_width_s(t, face, size, ellipsis);
    size_t len = strlen(s);
    /* Drop whole characters from the end until it fits. */
    while (len > 0) {
        do
            len--;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80);
        size_t keep = len;
        while (keep > 0 && s[keep - 1] == ' ')
            keep--;
        if (text_width(t, face, size, s, keep) + ew <= max_width)
            return xasprintf("%.*s%s", (int)keep, s, ellipsis);
    }
    return xstrdup(ellipsis);
}

/* --- drawing helpers ------------------------------------------------- */

static void hrule(struct ts *t, double x0, double x1, double y, double width)
{
    if (!drawing(t))
        return;
    HPDF_Page_SetLineWidth(t->page, (HPDF_REAL)width);
    HPDF_Page_MoveTo(t->page, (HPDF_REAL)x0, (HPDF_REAL)y);
    HPDF_Page_LineTo(t->page, (HPDF_REAL)x1, (HPDF_REAL)y);
    HPDF_Page_Stroke(t->page);
}

/* Dot leaders between x0 and x1 on a baseline, on a grid shared by all
 * lines so the dots line up.  Drawn as one dashed stroke with round caps
 * (dots are graphics, so text extraction sees no run of periods). */
static void leaders(struct ts *t, double x0, double x1, double base, double size)
{
    double pitch = size * 0.5;
    double k0 = ceil(x0 / pitch), k1 = floor(x1 / pitch);
    if (!drawing(t) || k1 - k0 < 1)
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

static double line_height(const struct ts *t, double size)
{
    return size * t->leading;
}

/* Baseline of a line of text whose line box starts at top. */
static double baseline(double top, double size, double lh)
{
    return top - (lh - size) / 2 - 0.8 * size;
}

/* --- page flow ------------------------------------------------------- */

static bool part_numbered(const struct part *p)
{
    return p->kind != PART_TITLE_PAGE && p->kind != PART_COPYRIGHT_PAGE;
}

static bool add_page(struct ts *t, double w, double h)
{
    t->page = HPDF_AddPage(t->pdf);
    if (t->page) {
        HPDF_Page_SetWidth(t->page, (HPDF_REAL)w);
        HPDF_Page_SetHeight(t->page, (HPDF_REAL)h);
    }
    if (!hpdf_ok(t, "a page")) {
        t->page = NULL;
        return false;
    }
    return true;
}

/* Centred page number at the foot of a generated page. */
static void page_footer(struct ts *t, int vpage)
{
    const struct style_stamp *st = &t->style->stamp;
    char *label = volume_page_label(t->v, vpage);
    double w = text_width_s(t, FONT_REGULAR, st->font_size, label);
    show_s(t, (t->v->width - w) / 2, st->footer_baseline, FONT_REGULAR, st->font_size, label);
    free(label);
}

/* Begin the next page of the current part. */
static void new_page(struct ts *t)
{
    const struct vpart *part = &t->v->parts[t->part];
    t->pages++;
    t->y = t->frame_top = t->bt;
    t->page = NULL;
    if (!t->draw || t->failed)
        return;
    int k = part->first_vpage + t->pages - 1;
    const struct vpage *vp = k >= 0 && (size_t)k < t->v->npages ? &t->v->pages[k] : NULL;
    if (!vp || vp->kind != VP_GENERATED || vp->part != t->part) {
        diag_error(NULL, "internal error: part %d ('%s') needs more pages than were measured", t->part,
                   part_kind_name(part->part->kind));
        t->failed = true;
        return;
    }
    t->vpage = k;
    if (add_page(t, t->v->width, t->v->height) && part_numbered(part->part))
        page_footer(t, k);
}

/* Make room for h points: a new page when they do not fit (never at the
 * top of a page, so that oversized material cannot loop). */
static void need(struct ts *t, double h)
{
    if (t->dry || t->no_break)
        return;
    if (t->y - h < t->bb - 0.01 && t->y < t->frame_top - 0.01)
        new_page(t);
}

/* Vertical space, dropped at the top of a page or column. */
static void vspace(struct ts *t, double h)
{
    if (t->y < t->frame_top - 0.01)
        t->y -= h;
}

/* --- paragraphs ------------------------------------------------------ */

/* Draw one line of a broken paragraph in [x, x+w] on a baseline. */
static void draw_line(struct ts *t, const struct tf_para *p, const struct tf_line *l, double x, double w,
                      double base, enum align al, bool last)
{
    if (!drawing(t))
        return;
    double x0 = x, stretch = 0;
    bool on_breaks = false;
    switch (al) {
    case AL_CENTER:
        x0 = x + (w - l->width) / 2;
        break;
    case AL_RIGHT:
        x0 = x + w - l->width;
        break;
    case AL_JUSTIFY:
        if (!last && l->width < w) {
            if (l->nspaces > 0) {
                stretch = (w - l->width) / l->nspaces;
            } else if (l->nbreaks > 0) { /* CJK: spread between characters */
                stretch = (w - l->width) / l->nbreaks;
                on_breaks = true;
            }
        }
        break;
    case AL_LEFT:
        break;
    }
    /* Boxes in one face with plain spaces between them go out as one
     * string, spaces included; stretched gaps start a new string. */
    struct strbuf run = STRBUF_INIT;
    int face = -1;
    double size = 0, rx = x0, pos = x0;
    for (size_t k = 0; k < l->count; k++) {
        const struct tf_box *b = &p->boxes[l->first + k];
        double gap = k > 0 ? b->glue : 0;
        double extra = k > 0 && stretch > 0 && (on_breaks ? b->breakable : b->glue > 0) ? stretch : 0;
        if (run.len > 0 && b->face == face && b->size == size && extra == 0) {
            if (gap > 0)
                strbuf_addch(&run, ' ');
        } else {
            if (run.len > 0)
                show(t, rx, base, face, size, run.buf, run.len);
            run.len = 0;
            rx = pos + gap + extra;
            face = b->face;
            size = b->size;
        }
        pos += gap + extra;
        strbuf_add(&run, tf_box_text(p, b), b->len);
        pos += b->width;
    }
    if (run.len > 0)
        show(t, rx, base, face, size, run.buf, run.len);
    strbuf_release(&run);
}

/* Lay out a paragraph from t->y down: first line at x (width w), the
 * others indented by hang.  Breaks pages between lines. */
static void flow_para(struct ts *t, struct tf_para *p, double x, double w, double hang, double size, double lh,
                      enum align al)
{
    tf_para_measure(p, measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(p, w, w - hang, &lines);
    for (size_t i = 0; i < n; i++) {
        need(t, lh);
        double lx = i ? x + hang : x, lw = i ? w - hang : w;
        draw_line(t, p, &lines[i], lx, lw, baseline(t->y, size, lh), al, i + 1 == n);
        t->y -= lh;
    }
    free(lines);
}

static void flow_text_lh(struct ts *t, const char *text, int face, double size, double lh, double x, double w,
                         enum align al)
{
    if (!text || !text[0])
        return;
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text, strlen(text), face, size);
    flow_para(t, &p, x, w, 0, size, lh, al);
    tf_para_release(&p);
}

static void flow_text(struct ts *t, const char *text, int face, double size, double x, double w, enum align al)
{
    flow_text_lh(t, text, face, size, line_height(t, size), x, w, al);
}

/* Height of what fn draws, measured without drawing or breaking pages. */
#define DRY_HEIGHT(t, h, call)                     \
    do {                                           \
        double y0_ = (t)->y, top_ = (t)->frame_top; \
        (t)->frame_top = 1e9;                      \
        (t)->dry++;                                \
        call;                                      \
        (t)->dry--;                                \
        (h) = y0_ - (t)->y;                        \
        (t)->y = y0_;                              \
        (t)->frame_top = top_;                     \
    } while (0)

/* The heading that opens a part. */
static void part_heading(struct ts *t, const char *title, double x, double w)
{
    double size = t->part_size;
    flow_text_lh(t, title, FONT_BOLD, size, size * 1.2, x, w, AL_LEFT);
    t->y -= size * 0.35;
    hrule(t, x, x + w, t->y, 0.5);
    t->y -= size * 1.1;
}

/* "Given Family (native)": the native name is added when it differs from
 * the Latin one.  Caller frees. */
static char *person_label(const struct person *p)
{
    char *name = person_display_name(p);
    bool latin = (p->given && p->given[0]) || (p->family && p->family[0]);
    if (latin && p->native && p->native[0]) {
        char *s = xasprintf("%s (%s)", name, p->native);
        free(name);
        return s;
    }
    return name;
}

/* A text block narrower than the page for prose: about 90 characters. */
static void prose_block(const struct ts *t, double *x, double *w)
{
    double full = t->br - t->bl, measure = 40 * t->body;
    *w = full < measure ? full : measure;
    *x = t->bl + (full - *w) / 2;
}

/* --- items in columns ------------------------------------------------ */

enum item_kind {
    IT_HEADING,      /* text: a group heading (index letter, committee name) */
    IT_TOC_PART,     /* a: part index; b: 1 for the first back part after papers */
    IT_TOC_SESSION,  /* a: session index */
    IT_TOC_PAPER,    /* a: paper index */
    IT_MEMBER,       /* a: committee, b: member */
    IT_INDEX_ENTRY   /* a: entry of t->idx */
};

struct item {
    enum item_kind kind;
    int a, b;
    const char *text;  /* borrowed */
    bool keep_next;    /* no column or page break after it */
};

static void draw_item(struct ts *t, const struct item *it, double x, double w);

/* Column ends for items [pos, n) in columns of height h: ends[c] is one
 * past the last item of column c.  force: a column may hold an item taller
 * than itself (it is a whole page). */
static size_t fill_columns(const double *heights, const struct item *items, size_t pos, size_t n, double h,
                           int ncols, bool force, size_t *ends)
{
    const double eps = 0.01;
    size_t i = pos;
    for (int c = 0; c < ncols; c++) {
        double used = 0;
        while (i < n) {
            double want = heights[i] + (items[i].keep_next && i + 1 < n ? heights[i + 1] : 0);
            if (used + want <= h + eps || (used == 0 && (heights[i] <= h + eps || force))) {
                used += heights[i];
                i++;
                continue;
            }
            break;
        }
        ends[c] = i;
    }
    return i;
}

/* Place items in ncols columns from t->y down, over as many pages as
 * needed; the columns of the last page are balanced. */
static void place_items(struct ts *t, const struct item *items, size_t n, int ncols, double gap)
{
    if (n == 0)
        return;
    double w = (t->br - t->bl - (ncols - 1) * gap) / ncols;
    double *heights = xmalloc(n * sizeof(*heights));
    double tallest = 0;
    for (size_t i = 0; i < n; i++) {
        DRY_HEIGHT(t, heights[i], draw_item(t, &items[i], t->bl, w));
        tallest = heights[i] > tallest ? heights[i] : tallest;
    }
    size_t ends[8];
    size_t pos = 0;
    while (pos < n && !t->failed) {
        double avail = t->y - t->bb;
        bool full_page = t->y >= t->bt - 0.01;
        size_t end = fill_columns(heights, items, pos, n, avail, ncols, full_page, ends);
        if (end == pos) {
            new_page(t);
            continue;
        }
        if (end == n && ncols > 1) {
            double rest = 0;
            for (size_t i = pos; i < n; i++)
                rest += heights[i];
            double lo = rest / ncols, hi = avail;
            lo = lo > tallest ? lo : tallest;
            if (lo > hi)
                lo = hi;
            for (int iter = 0; iter < 30 && hi - lo > 0.05; iter++) {
                double mid = (lo + hi) / 2;
                size_t tmp[8];
                if (fill_columns(heights, items, pos, n, mid, ncols, false, tmp) == n)
                    hi = mid;
                else
                    lo = mid;
            }
            fill_columns(heights, items, pos, n, hi, ncols, full_page, ends);
        }
        double top = t->y, bottom = t->y;
        size_t start = pos;
        t->no_break = true;
        for (int c = 0; c < ncols; c++) {
            t->y = t->frame_top = top;
            for (size_t i = start; i < ends[c]; i++)
                draw_item(t, &items[i], t->bl + c * (w + gap), w);
            bottom = t->y < bottom ? t->y : bottom;
            start = ends[c];
        }
        t->no_break = false;
        pos = end;
        if (pos < n)
            new_page(t);
        else
            t->y = bottom;
    }
    free(heights);
}

/* --- part: title page ------------------------------------------------ */

static void publisher_block(struct ts *t, double x, double w)
{
    const struct manifest *m = t->m;
    flow_text(t, m->publisher, FONT_BOLD, t->body + 1, x, w, AL_CENTER);
    flow_text(t, m->publisher_address, FONT_REGULAR, t->note, x, w, AL_CENTER);
}

static void layout_title_page(struct ts *t)
{
    const struct manifest *m = t->m;
    new_page(t);
    double x = t->bl, w = t->br - t->bl, height = t->bt - t->bb;
    double cw = w * 0.86, cx = x + (w - cw) / 2;
    t->y = t->bt - height * 0.12;
    flow_text_lh(t, m->title, FONT_BOLD, t->title, t->title * 1.2, cx, cw, AL_CENTER);
    if (m->subtitle && m->subtitle[0]) {
        t->y -= t->title * 0.4;
        flow_text(t, m->subtitle, FONT_ITALIC, t->heading, cx, cw, AL_CENTER);
    }
    t->y -= t->body * 1.8;
    hrule(t, x + w * 0.38, x + w * 0.62, t->y, 0.6);
    t->y -= t->body * 2.2;
    flow_text(t, m->event, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
    if ((m->location && m->location[0]) || (m->dates && m->dates[0]))
        t->y -= t->body * 0.4;
    flow_text(t, m->location, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);
    flow_text(t, m->dates, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);

    if (m->neditors > 0) {
        double at = t->bt - height * 0.5;
        t->y = t->y - 3 * t->body < at ? t->y - 3 * t->body : at;
        need(t, 4 * t->body);
        flow_text(t, "Edited by", FONT_ITALIC, t->body + 1, cx, cw, AL_CENTER);
        t->y -= t->body * 0.9;
        for (size_t i = 0; i < m->neditors; i++) {
            const struct person *p = &m->editors[i];
            char *name = person_label(p);
            double h;
            DRY_HEIGHT(t, h, flow_text(t, name, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
                       flow_text(t, p->affiliation, FONT_ITALIC, t->note, cx, cw, AL_CENTER));
            need(t, h);
            flow_text(t, name, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
            flow_text(t, p->affiliation, FONT_ITALIC, t->note, cx, cw, AL_CENTER);
            t->y -= t->body * 0.7;
            free(name);
        }
    }

    if ((m->publisher && m->publisher[0]) || (m->publisher_address && m->publisher_address[0])) {
        double h;
        DRY_HEIGHT(t, h, publisher_block(t, cx, cw));
        if (t->y - 2 * t->body - h >= t->bb)
            t->y = t->bb + h;
        else
            need(t, h + 2 * t->body);
        publisher_block(t, cx, cw);
    }
}

/* --- part: copyright page -------------------------------------------- */

static void copyright_block(struct ts *t, double x, double w)
{
    const struct manifest *m = t->m;
    double size = t->small, lh = line_height(t, size);
    bool any = false;
    if (m->copyright && m->copyright[0]) {
        struct tf_doc doc;
        tf_parse_markdown(m->path, m->copyright, strlen(m->copyright), &doc);
        for (size_t i = 0; i < doc.n; i++) {
            if (i > 0)
                t->y -= lh * 0.6;
            struct tf_para p;
            tf_para_init(&p);
            int face = doc.blocks[i].kind == TF_BLOCK_HEADING || doc.blocks[i].kind == TF_BLOCK_SUBHEADING
                           ? FONT_BOLD
                           : FONT_REGULAR;
            if (doc.blocks[i].kind == TF_BLOCK_BULLET)
                tf_para_add(&p, "\xE2\x80\xA2 ", 4, FONT_REGULAR, size);
            tf_para_add_markup(&p, doc.blocks[i].text, strlen(doc.blocks[i].text), face, size);
            flow_para(t, &p, x, w, 0, size, lh, AL_JUSTIFY);
            tf_para_release(&p);
        }
        tf_doc_release(&doc);
        any = true;
    }
    if ((m->isbn && m->isbn[0]) || (m->issn && m->issn[0])) {
        if (any)
            t->y -= lh;
        if (m->isbn && m->isbn[0]) {
            char *s = xasprintf("ISBN %s", m->isbn);
            flow_text(t, s, FONT_REGULAR, size, x, w, AL_LEFT);
            free(s);
        }
        if (m->issn && m->issn[0]) {
            char *s = xasprintf("ISSN %s", m->issn);
            flow_text(t, s, FONT_REGULAR, size, x, w, AL_LEFT);
            free(s);
        }
        any = true;
    }
    if ((m->publisher && m->publisher[0]) || (m->publisher_address && m->publisher_address[0])) {
        if (any)
            t->y -= lh;
        flow_text(t, m->publisher, FONT_BOLD, size, x, w, AL_LEFT);
        flow_text(t, m->publisher_address, FONT_REGULAR, size, x, w, AL_LEFT);
    }
}

static void layout_copyright_page(struct ts *t)
{
    new_page(t);
    double x, w, h;
    prose_block(t, &x, &w);
    DRY_HEIGHT(t, h, copyright_block(t, x, w));
    if (h <= t->bt - t->bb) /* at the foot of the page, like printed proceedings */
        t->y = t->bb + h;
    copyright_block(t, x, w);
}

/* --- part: message --------------------------------------------------- */

/* The first "# " heading of a message file, if the file starts with one;
 * read quietly (layout_message reports problems).  Caller frees. */
static char *message_heading(const char *file)
{
    size_t len;
    char *data = file ? read_file(file, &len) : NULL;
    if (!data)
        return NULL;
    char *s = data, *out = NULL;
    if (!strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
        s++;
    if (s[0] == '#' && s[1] == ' ') {
        size_t n = strcspn(s, "\r\n");
        s += 2;
        n -= 2;
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '#'))
            n--;
        while (n > 0 && *s == ' ')
            s++, n--;
        if (n > 0 && utf8_invalid_offset(s, n) < 0)
            out = xstrndup(s, n);
    }
    free(data);
    return out;
}

/* Title of a part as printed in its heading and in the contents. */
static char *part_title(const struct part *p)
{
    if (p->title && p->title[0])
        return xstrdup(p->title);
    if (p->kind == PART_MESSAGE) {
        char *h = message_heading(p->file);
        if (h)
            return h;
    }
    return xstrdup(part_default_title(p->kind));
}

static void message_block(struct ts *t, const struct tf_block *b, bool first, double x, double w)
{
    double size = t->body, lh = line_height(t, size);
    struct tf_para p;
    tf_para_init(&p);
    switch (b->kind) {
    case TF_BLOCK_HEADING:
    case TF_BLOCK_SUBHEADING: {
        double hs = b->kind == TF_BLOCK_HEADING ? t->heading : t->body + 1;
        if (!first)
            vspace(t, lh * (b->kind == TF_BLOCK_HEADING ? 1.2 : 0.9));
        need(t, line_height(t, hs) + 3 * lh); /* keep with what follows */
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_BOLD, hs);
        flow_para(t, &p, x, w, 0, hs, line_height(t, hs), AL_LEFT);
        t->y -= lh * 0.3;
        break;
    }
    case TF_BLOCK_BULLET:
    case TF_BLOCK_NUMBERED: {
        double indent = 1.6 * size;
        if (!first)
            vspace(t, lh * 0.25);
        need(t, lh);
        if (drawing(t)) {
            char *label = b->kind == TF_BLOCK_BULLET ? xstrdup("\xE2\x80\xA2") : xasprintf("%d.", b->number);
            double lw = text_width_s(t, FONT_REGULAR, size, label);
            show_s(t, x + indent - 0.5 * size - lw, baseline(t->y, size, lh), FONT_REGULAR, size, label);
            free(label);
        }
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_REGULAR, size);
        flow_para(t, &p, x + indent, w - indent, 0, size, lh, AL_JUSTIFY);
        break;
    }
    case TF_BLOCK_PARAGRAPH:
        if (!first)
            vspace(t, lh * 0.6);
        need(t, 2 * lh); /* no single first line at the foot of a page */
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_REGULAR, size);
        flow_para(t, &p, x, w, 0, size, lh, AL_JUSTIFY);
        break;
    }
    tf_para_release(&p);
}

static void layout_message(struct ts *t, const struct part *part)
{
    size_t len = 0;
    char *data = part->file ? read_file(part->file, &len) : NULL;
    struct tf_doc doc = {0};
    if (!data) {
        diag_error(&part->loc, "cannot read message file '%s': %s", part->file ? part->file : "",
                   part->file ? strerror(errno) : "no file given");
        t->failed = true;
    } else if (!tf_parse_markdown(part->file, data, len, &doc)) {
        t->failed = true;
    }
    new_page(t);
    double x, w;
    prose_block(t, &x, &w);
    size_t first = 0;
    char *title = NULL;
    if (part->title && part->title[0]) {
        title = xstrdup(part->title);
    } else if (doc.n > 0 && doc.blocks[0].kind == TF_BLOCK_HEADING) {
        title = xstrdup(doc.blocks[0].text);
        first = 1;
    } else {
        title = xstrdup(part_default_title(part->kind));
    }
    part_heading(t, title, x, w);
    free(title);
    for (size_t i = first; i < doc.n; i++)
        message_block(t, &doc.blocks[i], i == first, x, w);
    if (part->signature && part->signature[0]) {
        double lh = line_height(t, t->body);
        size_t nlines = 1;
        for (const char *s = part->signature; *s; s++)
            nlines += *s == '\n';
        vspace(t, 1.5 * lh);
        need(t, (double)nlines * lh);
        for (const char *s = part->signature; *s;) {
            size_t n = strcspn(s, "\n");
            char *line = xstrndup(s, n);
            flow_text(t, line, FONT_ITALIC, t->body, x, w, AL_LEFT);
            free(line);
            s += n + (s[n] == '\n');
        }
    }
    tf_doc_release(&doc);
    free(data);
}

/* --- part: committees ------------------------------------------------ */

static void draw_member(struct ts *t, const struct person *p, double x, double w)
{
    double size = t->body, lh = line_height(t, size);
    struct tf_para para;
    tf_para_init(&para);
    char *name = person_label(p);
    tf_para_add(&para, name, strlen(name), FONT_REGULAR, size);
    if (p->affiliation && p->affiliation[0]) {
        tf_para_add(&para, ",", 1, FONT_REGULAR, size);
        tf_para_add_space(&para);
        tf_para_add(&para, p->affiliation, strlen(p->affiliation), FONT_ITALIC, size);
    }
    flow_para(t, &para, x, w, size, size, lh, AL_LEFT);
    t->y -= lh * 0.15;
    tf_para_release(&para);
    free(name);
}

static void layout_committees(struct ts *t, const struct part *part)
{
    const struct manifest *m = t->m;
    new_page(t);
    char *title = part_title(part);
    part_heading(t, title, t->bl, t->br - t->bl);
    free(title);
    double lh = line_height(t, t->body);
    for (size_t c = 0; c < m->ncommittees && !t->failed; c++) {
        const struct committee *cm = &m->committees[c];
        size_t n = cm->nmembers;
        struct item *items = xcalloc(n ? n : 1, sizeof(*items));
        for (size_t i = 0; i < n; i++)
            items[i] = (struct item){IT_MEMBER, (int)c, (int)i, NULL, false};
        int ncols = n > COMMITTEE_COLUMNS_ABOVE ? 2 : 1;
        double gap = 1.5 * t->body;
        double hh, first = 0;
        struct item head = {IT_HEADING, 0, 0, cm->name, true};
        DRY_HEIGHT(t, hh, draw_item(t, &head, t->bl, t->br - t->bl));
        if (n > 0)
            DRY_HEIGHT(t, first, draw_item(t, &items[0], t->bl, (t->br - t->bl - (ncols - 1) * gap) / ncols));
        if (c > 0)
            vspace(t, lh * 0.8);
        need(t, hh + first);
        draw_item(t, &head, t->bl, t->br - t->bl);
        place_items(t, items, n, ncols, gap);
        free(items);
    }
}

/* --- part: contents -------------------------------------------------- */

/* Width reserved for a page number: the widest of the reserved digits
 * and a long roman numeral. */
static double number_column(struct ts *t, double size)
{
    char digits[16];
    int n = t->digits < 15 ? t->digits : 15;
    memset(digits, '0', (size_t)n);
    digits[n] = '\0';
    double dw = text_width_s(t, FONT_REGULAR, size, digits);
    double rw = text_width_s(t, FONT_REGULAR, size, "xxviii");
    return dw > rw ? dw : rw;
}

/* One contents line: text (wrapped), leaders, and the page number of
 * target (when target >= 0) right-aligned; authors (may be NULL) below in
 * italic.  The whole entry links to target. */
static void toc_entry(struct ts *t, const char *text, int face, const char *authors, bool numbered, int target,
                      double x, double w)
{
    double size = t->body, lh = line_height(t, size);
    double numw = number_column(t, size), gap = size;
    double tw = w - numw - gap;
    double top = t->y;
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text, strlen(text), face, size);
    tf_para_measure(&p, measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, tw, tw - size, &lines);
    for (size_t i = 0; i < n; i++) {
        double lx = i ? x + size : x;
        double base = baseline(t->y, size, lh);
        draw_line(t, &p, &lines[i], lx, i ? tw - size : tw, base, AL_LEFT, true);
        if (i + 1 == n && numbered && drawing(t) && target >= 0) {
            char *label = volume_page_label(t->v, target);
            double nw = text_width_s(t, FONT_REGULAR, size, label);
            show_s(t, x + w - nw, base, FONT_REGULAR, size, label);
            leaders(t, lx + lines[i].width + size * 0.5, x + w - nw - size * 0.5, base, size);
            free(label);
        }
        t->y -= lh;
    }
    free(lines);
    tf_para_release(&p);
    if (authors && authors[0]) {
        double as = t->note;
        tf_para_init(&p);
        tf_para_add(&p, authors, strlen(authors), FONT_ITALIC, as);
        flow_para(t, &p, x + size, tw - size, 0, as, line_height(t, as), AL_LEFT);
        tf_para_release(&p);
    }
    if (drawing(t) && target >= 0)
        volume_add_link(t->v, t->vpage, x, t->y, x + w, top, target);
}

static char *paper_authors(const struct paper *p)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = person_label(&p->authors[i]);
        strbuf_addf(&sb, "%s%s", i ? ", " : "", name);
        free(name);
    }
    return strbuf_detach(&sb);
}

static void draw_toc_item(struct ts *t, const struct item *it, double x, double w)
{
    double lh = line_height(t, t->body);
    switch (it->kind) {
    case IT_TOC_PART: {
        const struct vpart *vp = &t->v->parts[it->a];
        char *title = part_title(vp->part);
        vspace(t, lh * (it->b ? 1.1 : 0.3)); /* b: the back matter starts */
        toc_entry(t, title, FONT_REGULAR, NULL, true, vp->first_vpage, x, w);
        free(title);
        break;
    }
    case IT_TOC_SESSION: {
        const struct session *s = &t->m->sessions[it->a];
        double size = t->body + 1;
        vspace(t, lh * 1.1);
        flow_text(t, s->title, FONT_BOLD, size, x, w, AL_LEFT);
        if (s->chair && s->chair[0]) {
            char *chair = xasprintf("Chair: %s", s->chair);
            flow_text(t, chair, FONT_ITALIC, t->note, x, w, AL_LEFT);
            free(chair);
        }
        t->y -= lh * 0.2;
        break;
    }
    case IT_TOC_PAPER: {
        const struct vpaper *vp = &t->v->papers[it->a];
        char *authors = paper_authors(vp->paper);
        bool numbered = vp->paper->archival && vp->npages > 0;
        vspace(t, lh * 0.45);
        toc_entry(t, vp->paper->title ? vp->paper->title : "", FONT_REGULAR, authors, numbered,
                  numbered ? vp->first_vpage : -1, x, w);
        free(authors);
        break;
    }
    default:
        break;
    }
}

static void layout_toc(struct ts *t, const struct part *part)
{
    const struct volume *v = t->v;
    new_page(t);
    char *title = part_title(part);
    part_heading(t, title, t->bl, t->br - t->bl);
    free(title);

    struct item *items = NULL;
    size_t n = 0, cap = 0;
    /* Front parts after the contents, the sessions, then the back parts. */
    size_t nfront = t->m->nfront;
    bool after = false;
    for (size_t i = 0; i < nfront; i++) {
        if ((int)i == t->part)
            after = true;
        else if (after)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PART, (int)i, 0, NULL, false};
    }
    size_t k = 0;
    for (size_t s = 0; s < t->m->nsessions; s++) {
        const struct session *ss = &t->m->sessions[s];
        if (ss->npapers > 0)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_SESSION, (int)s, 0, NULL, true};
        for (size_t i = 0; i < ss->npapers && k < v->npapers; i++, k++)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PAPER, (int)k, 0, NULL, false};
    }
    bool first_back = true;
    for (size_t i = nfront; i < v->nparts; i++)
        if ((int)i != t->part) {
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PART, (int)i, first_back && k > 0, NULL, false};
            first_back = false;
        }
    place_items(t, items, n, 1, 0);
    free(items);
}

/* --- part: indexes --------------------------------------------------- */

/* Papers of an index entry that have pages (known before pagination). */
static size_t entry_numbers(const struct ts *t, const struct index_entry *e, int *out)
{
    size_t k = 0;
    for (size_t i = 0; i < e->npapers; i++) {
        int pi = e->papers[i];
        if (pi >= 0 && (size_t)pi < t->v->npapers && t->v->papers[pi].npages > 0 &&
            t->v->papers[pi].paper->archival)
            out[k++] = pi;
    }
    return k;
}

/* "Heading ...... 3, 17": the heading wraps with a hanging indent; the
 * numbers go right-aligned on its last line when they fit, else on lines
 * of their own.  Lines are broken with reserved number widths, so the
 * layout does not depend on the actual numbers. */
#define MAX_NUMBER_LINES 64
#define MAX_NUMBERS_PER_LINE 64
static void draw_index_entry(struct ts *t, const struct index_entry *e, double x, double w)
{
    double size = t->note, lh = line_height(t, size), hang = size;
    int *nums = xmalloc((e->npapers ? e->npapers : 1) * sizeof(*nums));
    size_t nn = entry_numbers(t, e, nums);
    char zeros[16];
    int nd = t->digits < 15 ? t->digits : 15;
    memset(zeros, '0', (size_t)nd);
    zeros[nd] = '\0';
    double rw = text_width_s(t, FONT_REGULAR, size, zeros);
    double sep = text_width_s(t, FONT_REGULAR, size, ", ");
    double comma = text_width_s(t, FONT_REGULAR, size, ",");
    double minlead = 1.5 * size;

    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, e->heading, strlen(e->heading), FONT_REGULAR, size);
    tf_para_measure(&p, measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, w - rw - minlead, w - hang - rw - minlead, &lines);
    size_t nh = n ? n : 1; /* heading lines (an empty heading still takes one) */
    double last_x = nh > 1 ? x + hang : x, last_w = n ? lines[n - 1].width : 0;

    /* Numbers per line: line 0 is the heading's last line, the others are
     * lines of their own, indented by hang. */
    size_t per_line[MAX_NUMBER_LINES], nlines = 0, placed = 0;
    while (placed < nn && nlines < MAX_NUMBER_LINES) {
        double room = nlines == 0 ? x + w - (last_x + last_w) - minlead : w - hang;
        size_t c = 0;
        for (double used = comma; placed + c < nn && c < MAX_NUMBERS_PER_LINE; c++) {
            double add = rw + (c ? sep : 0);
            if (used + add > room && (c > 0 || nlines == 0))
                break;
            used += add;
        }
        per_line[nlines++] = c;
        placed += c;
    }
    if (nlines == 0)
        per_line[nlines++] = 0;

    size_t next = 0, total_lines = nh + nlines - 1;
    for (size_t i = 0; i < total_lines; i++) {
        double base = baseline(t->y, size, lh);
        if (i < n)
            draw_line(t, &p, &lines[i], i ? x + hang : x, i ? w - hang : w, base, AL_LEFT, true);
        long ln = (long)i - (long)(nh - 1); /* numbers line, or < 0 */
        size_t c = ln >= 0 ? per_line[ln] : 0;
        if (c > 0 && drawing(t)) {
            char *labels[MAX_NUMBERS_PER_LINE];
            double widths[MAX_NUMBERS_PER_LINE], total = 0;
            bool more = (size_t)ln + 1 < nlines;
            for (size_t j = 0; j < c; j++) {
                labels[j] = volume_page_label(t->v, t->v->papers[nums[next + j]].first_vpage);
                widths[j] = text_width_s(t, FONT_REGULAR, size, labels[j]);
                total += widths[j] + (j ? sep : 0);
            }
            double nx = x + w - total - (more ? comma : 0);
            if (ln == 0)
                leaders(t, last_x + last_w + 0.5 * size, nx - 0.5 * size, base, size);
            else if (ln == 1 && per_line[0] == 0)
                leaders(t, x + hang + 0.5 * size, nx - 0.5 * size, base, size);
            for (size_t j = 0; j < c; j++) {
                int target = t->v->papers[nums[next + j]].first_vpage;
                show_s(t, nx, base, FONT_REGULAR, size, labels[j]);
                volume_add_link(t->v, t->vpage, nx - 0.5, base - 0.25 * size, nx + widths[j] + 0.5,
                                base + 0.85 * size, target);
                nx += widths[j];
                if (j + 1 < c || more)
                    nx += show_s(t, nx, base, FONT_REGULAR, size, j + 1 < c ? ", " : ",");
                free(labels[j]);
            }
        }
        next += c;
        t->y -= lh;
    }
    t->y -= lh * 0.1;
    free(lines);
    tf_para_release(&p);
    free(nums);
}

/* Letter group of an index entry: A-Z from the folded sort key, "0-9"
 * for digits, else "Other". */
static const char *index_group(const char *sort_key)
{
    static const char *const letters[26] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                                            "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};
    unsigned char c = sort_key ? (unsigned char)sort_key[0] : 0;
    if (c >= 'a' && c <= 'z')
        return letters[c - 'a'];
    if (c >= 'A' && c <= 'Z')
        return letters[c - 'A'];
    if (c >= '0' && c <= '9')
        return "0\xE2\x80\x93" "9";
    return "Other";
}

static void layout_index(struct ts *t, const struct part *part)
{
    new_page(t);
    char *title = part_title(part);
    part_heading(t, title, t->bl, t->br - t->bl);
    free(title);
    memset(&t->idx, 0, sizeof(t->idx));
    /* Near-duplicate names are reported by the measuring pass only. */
    if (part->kind == PART_AUTHOR_INDEX)
        author_index_build(t->v, !t->draw, &t->idx);
    else
        keyword_index_build(t->v, &t->idx);

    struct item *items = NULL;
    size_t n = 0, cap = 0;
    const char *group = NULL;
    int *nums = NULL;
    for (size_t i = 0; i < t->idx.n; i++) {
        const struct index_entry *e = &t->idx.entries[i];
        nums = xrealloc(nums, (e->npapers ? e->npapers : 1) * sizeof(*nums));
        if (entry_numbers(t, e, nums) == 0)
            continue; /* nothing printed to point at */
        const char *g = index_group(e->sort_key);
        if (!group || strcmp(g, group) != 0)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_HEADING, 0, 0, g, true};
        group = g;
        *ARRAY_PUSH(items, n, cap) = (struct item){IT_INDEX_ENTRY, (int)i, 0, NULL, false};
    }
    free(nums);
    place_items(t, items, n, 2, 1.8 * t->body);
    free(items);
    name_index_release(&t->idx);
    memset(&t->idx, 0, sizeof(t->idx));
}

static void draw_item(struct ts *t, const struct item *it, double x, double w)
{
    switch (it->kind) {
    case IT_HEADING: {
        double size = t->body + 1;
        vspace(t, line_height(t, t->body) * 0.8);
        flow_text(t, it->text, FONT_BOLD, size, x, w, AL_LEFT);
        t->y -= line_height(t, t->body) * 0.2;
        break;
    }
    case IT_MEMBER:
        draw_member(t, &t->m->committees[it->a].members[it->b], x, w);
        break;
    case IT_INDEX_ENTRY:
        draw_index_entry(t, &t->idx.entries[it->a], x, w);
        break;
    case IT_TOC_PART:
    case IT_TOC_SESSION:
    case IT_TOC_PAPER:
        draw_toc_item(t, it, x, w);
        break;
    }
}

/* --- parts ----------------------------------------------------------- */

/* Lay out part i from its first page; returns the pages it took. */
static int layout_part(struct ts *t, size_t i)
{
    const struct part *part = t->v->parts[i].part;
    t->part = (int)i;
    t->pages = 0;
    t->page = NULL;
    switch (part->kind) {
    case PART_TITLE_PAGE:
        layout_title_page(t);
        break;
    case PART_COPYRIGHT_PAGE:
        layout_copyright_page(t);
        break;
    case PART_MESSAGE:
        layout_message(t, part);
        break;
    case PART_COMMITTEES:
        layout_committees(t, part);
        break;
    case PART_TOC:
        layout_toc(t, part);
        break;
    case PART_AUTHOR_INDEX:
    case PART_KEYWORD_INDEX:
        layout_index(t, part);
        break;
    case PART_KIND_COUNT:
        new_page(t);
        break;
    }
    return t->pages;
}

/* --- stamps ---------------------------------------------------------- */

static bool stamp_line_given(const struct stamp_line *l)
{
    return l->left || l->center || l->right;
}

/* Draw one running header or footer line on an overlay page. */
static void draw_stamp_line(struct ts *t, const struct stamp_line *line, const struct stamp_vars *sv,
                            double page_w, double y)
{
    const struct style_stamp *st = &t->style->stamp;
    double size = st->font_size, inset = st->inset, gap = 2 * size;
    if (2 * inset >= page_w - 4 * size)
        inset = page_w * 0.1;
    double avail = page_w - 2 * inset;
    char *l = stamp_expand(line->left, sv), *c = stamp_expand(line->center, sv), *r = stamp_expand(line->right, sv);
    double lw = text_width_s(t, FONT_REGULAR, size, l), cw = text_width_s(t, FONT_REGULAR, size, c);
    double rw = text_width_s(t, FONT_REGULAR, size, r);
    double lmax, rmax;
    if (c[0]) {
        if (cw > avail) {
            char *s = fit_text(t, c, FONT_REGULAR, size, avail);
            free(c);
            c = s;
            cw = text_width_s(t, FONT_REGULAR, size, c);
        }
        lmax = rmax = (avail - cw) / 2 - gap;
    } else {
        /* Without a centre slot, the shorter side keeps its text. */
        lmax = r[0] ? avail - gap - (rw < avail / 2 ? rw : avail / 2) : avail;
        rmax = l[0] ? avail - gap - (lw < avail / 2 ? lw : avail / 2) : avail;
    }
    if (l[0] && lw > lmax) {
        char *s = fit_text(t, l, FONT_REGULAR, size, lmax > 0 ? lmax : 0);
        free(l);
        l = s;
    }
    if (r[0] && rw > rmax) {
        char *s = fit_text(t, r, FONT_REGULAR, size, rmax > 0 ? rmax : 0);
        free(r);
        r = s;
        rw = text_width_s(t, FONT_REGULAR, size, r);
    }
    if (l[0])
        show_s(t, inset, y, FONT_REGULAR, size, l);
    if (c[0])
        show_s(t, (page_w - cw) / 2, y, FONT_REGULAR, size, c);
    if (r[0])
        show_s(t, page_w - inset - rw, y, FONT_REGULAR, size, r);
    free(l);
    free(c);
    free(r);
}

static void draw_notice(struct ts *t, const struct stamp_vars *sv, double page_w)
{
    const struct style_stamp *st = &t->style->stamp;
    char *text = stamp_expand(t->m->notice, sv);
    double size = st->notice_font_size, inset = st->inset;
    if (2 * inset >= page_w - 4 * size)
        inset = page_w * 0.1;
    double avail = page_w - 2 * inset, w = text_width_s(t, FONT_REGULAR, size, text);
    if (w > avail && w > 0) { /* shrink a long notice to the line, down to 5 pt */
        double s = size * avail / w;
        size = s > 5 ? s : 5;
        w = text_width_s(t, FONT_REGULAR, size, text);
    }
    const char *align = st->notice_align ? st->notice_align : "left";
    double x = inset;
    if (!strcmp(align, "center"))
        x = (page_w - w) / 2;
    else if (!strcmp(align, "right"))
        x = page_w - inset - w;
    show_s(t, x, st->notice_baseline, FONT_REGULAR, size, text);
    free(text);
}

/* The overlay of a paper page: running header/footer and, on a paper's
 * first page, the copyright notice, in the page's displayed size. */
static void render_overlay(struct ts *t, int vpage)
{
    const struct vpage *pg = &t->v->pages[vpage];
    const struct style_stamp *st = &t->style->stamp;
    if (!add_page(t, pg->width, pg->height))
        return;
    if (pg->paper < 0 || (size_t)pg->paper >= t->v->npapers)
        return;
    const struct vpaper *vp = &t->v->papers[pg->paper];
    bool first = vpage == vp->first_vpage, odd = pg->number % 2 != 0;
    const struct stamp_line *header = odd ? &st->header_odd : &st->header_even;
    const struct stamp_line *footer = odd ? &st->footer_odd : &st->footer_even;
    if (first) {
        /* First pages carry the title: a header only when the style gives
         * one for them; the footer falls back to the odd/even one. */
        header = stamp_line_given(&st->first_header) ? &st->first_header : NULL;
        if (stamp_line_given(&st->first_footer))
            footer = &st->first_footer;
    }
    struct stamp_vars sv;
    stamp_vars_init(&sv, t->v, vpage);
    if (header && stamp_line_given(header))
        draw_stamp_line(t, header, &sv, pg->width, pg->height - st->header_baseline);
    if (footer && stamp_line_given(footer))
        draw_stamp_line(t, footer, &sv, pg->width, st->footer_baseline);
    if (first && t->m->notice && t->m->notice[0])
        draw_notice(t, &sv, pg->width);
    stamp_vars_release(&sv);
}

/* Warn once about unknown placeholders in the style's templates. */
static void check_templates(const struct style *s)
{
    const struct {
        const struct stamp_line *line;
        const char *what;
    } lines[] = {
        {&s->stamp.header_odd, "odd header"},     {&s->stamp.header_even, "even header"},
        {&s->stamp.footer_odd, "odd footer"},     {&s->stamp.footer_even, "even footer"},
        {&s->stamp.first_header, "first-page header"}, {&s->stamp.first_footer, "first-page footer"},
    };
    const char *seen[3 * ARRAY_SIZE(lines)];
    size_t nseen = 0;
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        const char *slots[3] = {lines[i].line->left, lines[i].line->center, lines[i].line->right};
        for (int k = 0; k < 3; k++) {
            bool dup = false;
            for (size_t j = 0; j < nseen && slots[k]; j++)
                dup = dup || !strcmp(seen[j], slots[k]);
            if (!slots[k] || dup)
                continue;
            seen[nseen++] = slots[k];
            char *bad;
            if (!stamp_check(slots[k], &bad)) {
                struct srcloc loc = {s->path, 0, 0};
                diag_warning(&loc, "unknown placeholder '%s' in the %s; it is printed as written", bad,
                             lines[i].what);
                diag_hint("placeholders: {page}, {volume_title}, {volume_short}, {paper_title}, "
                          "{paper_title_short}, {paper_authors}, {paper_authors_short}, {first_page}, "
                          "{last_page}, {doi}, {session}");
                free(bad);
            }
        }
    }
}

/* --- document -------------------------------------------------------- */

static void ts_release(struct ts *t)
{
    for (size_t i = 0; i < t->nfonts; i++) {
        free(t->fonts[i].path);
        free(t->fonts[i].widths);
        free(t->fonts[i].used);
    }
    free(t->fonts);
    free(t->fallback);
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

static bool ts_init(struct ts *t, struct volume *v, bool draw)
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
    if (!hpdf_ok(t, "with UTF-8 text"))
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

static bool save(struct ts *t, unsigned char **pdf, size_t *len)
{
    finish_fonts(t);
    set_info(t);
    if (!hpdf_ok(t, "the document"))
        return false;
    HPDF_SaveToStream(t->pdf);
    if (!hpdf_ok(t, "the document"))
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
        hpdf_ok(t, "the document");
        free(buf);
        return false;
    }
    *pdf = buf;
    *len = size;
    return true;
}

bool typeset_measure(struct volume *v)
{
    struct ts t;
    bool ok = ts_init(&t, v, false);
    for (size_t i = 0; ok && i < v->nparts; i++) {
        v->parts[i].npages = layout_part(&t, i);
        ok = !t.failed && hpdf_ok(&t, "the front and back matter");
    }
    report_missing(&t);
    ts_release(&t);
    return ok;
}

bool typeset_render(struct volume *v, unsigned char **pdf, size_t *len)
{
    *pdf = NULL;
    *len = 0;
    struct ts t;
    if (!ts_init(&t, v, true)) {
        ts_release(&t);
        return false;
    }
    check_templates(v->style);
    for (size_t k = 0; k < v->npages && !t.failed;) {
        const struct vpage *pg = &v->pages[k];
        if ((k & 255) == 0)
            diag_progress("typesetting page %zu of %zu", k + 1, v->npages);
        switch (pg->kind) {
        case VP_GENERATED: {
            const struct vpart *part = pg->part >= 0 && (size_t)pg->part < v->nparts ? &v->parts[pg->part] : NULL;
            if (!part || part->first_vpage != (int)k) {
                diag_error(NULL, "internal error: page %zu of the page plan does not start its part", k + 1);
                t.failed = true;
                break;
            }
            t.warn = false; /* text problems were reported when measuring */
            int n = layout_part(&t, (size_t)pg->part);
            t.warn = true;
            if (!t.failed && n != part->npages) {
                diag_error(NULL, "internal error: part '%s' took %d pages, measured %d",
                           part_kind_name(part->part->kind), n, part->npages);
                t.failed = true;
            }
            k += (size_t)(n > 0 ? n : 1);
            break;
        }
        case VP_BLANK:
            add_page(&t, pg->width > 0 ? pg->width : v->width, pg->height > 0 ? pg->height : v->height);
            k++;
            break;
        case VP_PAPER:
            render_overlay(&t, (int)k);
            k++;
            break;
        }
        hpdf_ok(&t, "the volume");
    }
    diag_progress_done();
    report_missing(&t);
    bool ok = !t.failed && save(&t, pdf, len);
    ts_release(&t);
    return ok;
}
