/* mkpaper_fonts: the paper's faces, per-character CJK fallback, and
 * measuring and showing UTF-8 text with them.
 *
 * TrueType faces are embedded as CID fonts with libharu's UTF-8 encoder
 * (CID = Unicode code point).  A character the Latin face lacks is drawn
 * with the CJK fallback font, which is loaded only when first needed so
 * that papers without CJK text do not carry it. */
#include <hpdf.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mkpaper.h"

#define DEFAULT_FONT_DIR "/usr/share/fonts/truetype/liberation2"
#define DEFAULT_CJK_DIR "/usr/share/fonts/truetype/arphic"
#define CJK_FILE "uming.ttc" /* AR PL UMing, face 0 = UMing CN */

static const char *const ttf_files[FACE_COUNT] = {
    "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf"};
static const char *const base14_names[FACE_COUNT] = {"Times-Roman", "Helvetica-Bold", "Times-Italic"};

/* ---- UTF-8 ---- */

int utf8_decode(const char *str, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (!s[0])
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || s[0] > 0xF4)
        return -1;
    uint32_t v = s[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min_value[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min_value[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return -1;
    *cp = v;
    return len;
}

char *utf8_clean(const char *s)
{
    char *out = mk_alloc(strlen(s) + 1), *o = out;
    uint32_t cp;
    int n;
    while ((n = utf8_decode(s, &cp)) > 0) {
        if (cp > 0xFFFF) {
            *o++ = '?';
        } else {
            memcpy(o, s, (size_t)n);
            o += n;
        }
        s += n;
    }
    if (n < 0) {
        free(out);
        return NULL;
    }
    *o = '\0';
    return out;
}

/* The base-14 fonts only get ASCII: typographic punctuation is spelled
 * out, anything else becomes '?'. */
static char *ascii_fallback(const char *s)
{
    char *out = mk_alloc(strlen(s) * 2 + 1), *o = out;
    uint32_t cp;
    int n;
    while ((n = utf8_decode(s, &cp)) > 0) {
        s += n;
        if (cp < 0x80) {
            *o++ = (char)cp;
        } else if (cp == 0x2014) {
            *o++ = '-';
            *o++ = '-';
        } else if (cp == 0x2013) {
            *o++ = '-';
        } else if (cp == 0x2018 || cp == 0x2019) {
            *o++ = '\'';
        } else if (cp == 0x201C || cp == 0x201D) {
            *o++ = '"';
        } else {
            *o++ = '?';
        }
    }
    *o = '\0';
    return out;
}

/* ---- loading ---- */

static char *find_file(const char *dir, const char *fallback_dir, const char *name)
{
    char *path = mk_printf("%s/%s", dir ? dir : fallback_dir, name);
    if (access(path, R_OK) == 0 || !dir)
        return path;
    free(path);
    return mk_printf("%s/%s", fallback_dir, name);
}

/* libharu 2.3.0 writes its UTF-8 encoding CMap (a begincidrange map) as
 * the font's ToUnicode stream, which is not a valid ToUnicode map: poppler
 * warns on every page using the font.  In UTF-8 mode CID = Unicode, so
 * the stream is rewritten as an identity bfrange map.  libharu has no
 * public API for this; the stream is reached through the font dictionary
 * (hpdf_objects.h). */
static void repair_to_unicode(HPDF_Font font)
{
    HPDF_Dict map = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!map || !map->stream)
        return;
    HPDF_MemStream_FreeData(map->stream);
    HPDF_Stream_WriteStr(map->stream,
                         "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                         "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                         "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                         "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* One range per high byte (a bfrange may only vary in its last byte),
     * at most 100 per block, surrogates left out. */
    int blocks[3][2] = {{0x00, 0x64}, {0x64, 0xC8}, {0xC8, 0x100}};
    for (int b = 0; b < 3; b++) {
        char line[64];
        int count = 0;
        for (int hi = blocks[b][0]; hi < blocks[b][1]; hi++)
            count += hi < 0xD8 || hi > 0xDF;
        snprintf(line, sizeof(line), "%d beginbfrange\n", count);
        HPDF_Stream_WriteStr(map->stream, line);
        for (int hi = blocks[b][0]; hi < blocks[b][1]; hi++) {
            if (hi >= 0xD8 && hi <= 0xDF)
                continue;
            snprintf(line, sizeof(line), "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
            HPDF_Stream_WriteStr(map->stream, line);
        }
        HPDF_Stream_WriteStr(map->stream, "endbfrange\n");
    }
    HPDF_Stream_WriteStr(map->stream,
                         "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

static HPDF_Font load_ttf(HPDF_Doc pdf, const char *path, int index)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "mkpaper: font file '%s' not found\n", path);
        return NULL;
    }
    const char *name = index < 0 ? HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE)
                                 : HPDF_LoadTTFontFromFile2(pdf, path, (HPDF_UINT)index, HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    if (font)
        repair_to_unicode(font);
    return font;
}

int fonts_init(struct fonts *f, HPDF_Doc pdf, const char *font_dir, bool base14)
{
    memset(f, 0, sizeof(*f));
    f->pdf = pdf;
    f->base14 = base14;
    for (int i = 0; i < FACE_COUNT; i++) {
        if (base14) {
            f->face[i] = HPDF_GetFont(pdf, base14_names[i], "WinAnsiEncoding");
        } else {
            char *path = find_file(font_dir, DEFAULT_FONT_DIR, ttf_files[i]);
            f->face[i] = load_ttf(pdf, path, -1);
            free(path);
        }
        if (!f->face[i])
            return -1;
    }
    f->ascent = HPDF_Font_GetAscent(f->face[FACE_REGULAR]) / 1000.0;
    f->descent = -HPDF_Font_GetDescent(f->face[FACE_REGULAR]) / 1000.0;
    f->cap_height = HPDF_Font_GetCapHeight(f->face[FACE_REGULAR]) / 1000.0;
    if (f->cap_height <= 0)
        f->cap_height = 0.66; /* Times-like fallback */
    f->cjk_path = find_file(font_dir, DEFAULT_CJK_DIR, CJK_FILE);
    return 0;
}

void fonts_release(struct fonts *f)
{
    free(f->cjk_path);
    f->cjk_path = NULL;
}

/* ---- choosing a font per character ---- */

/* libharu 2.3.0 has no public glyph lookup; the font's TrueType
 * definition is reachable through its attribute record (hpdf_font.h). */
static bool font_has_glyph(HPDF_Font font, uint32_t cp)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    return HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)cp) != 0;
}

static HPDF_Font cjk_font(struct fonts *f)
{
    if (!f->cjk_tried) {
        f->cjk_tried = true;
        if (access(f->cjk_path, R_OK) == 0)
            f->cjk = load_ttf(f->pdf, f->cjk_path, 0);
        else
            fprintf(stderr, "mkpaper: warning: CJK font '%s' not found (package fonts-arphic-uming); "
                    "CJK characters will be missing\n", f->cjk_path);
    }
    return f->cjk;
}

static HPDF_Font font_for(struct fonts *f, enum face face, uint32_t cp)
{
    HPDF_Font primary = f->face[face];
    if (f->base14 || cp < 0x80 || font_has_glyph(primary, cp))
        return primary;
    HPDF_Font cjk = cjk_font(f);
    return cjk && font_has_glyph(cjk, cp) ? cjk : primary;
}

/* ---- runs ---- */

/* Calls fn for each maximal run of text that one font draws.  The run is
 * NUL-terminated in a scratch buffer. */
typedef void (*run_fn)(HPDF_Font font, const char *run, size_t len, void *ctx);

static void for_each_run(struct fonts *f, enum face face, const char *text, run_fn fn, void *ctx)
{
    if (f->base14) {
        char *ascii = ascii_fallback(text);
        fn(f->face[face], ascii, strlen(ascii), ctx);
        free(ascii);
        return;
    }
    char *buf = mk_alloc(strlen(text) + 1);
    size_t len = 0;
    HPDF_Font current = NULL;
    uint32_t cp;
    int n;
    for (const char *s = text; (n = utf8_decode(s, &cp)) > 0; s += n) {
        HPDF_Font font = font_for(f, face, cp);
        if (font != current && len) {
            buf[len] = '\0';
            fn(current, buf, len, ctx);
            len = 0;
        }
        current = font;
        memcpy(buf + len, s, (size_t)n);
        len += (size_t)n;
    }
    if (len) {
        buf[len] = '\0';
        fn(current, buf, len, ctx);
    }
    free(buf);
}

struct pen {
    HPDF_Page page; /* NULL when only measuring */
    double size;
    double x, y;    /* advances along the baseline */
};

static void run_advance(HPDF_Font font, const char *run, size_t len, void *ctx)
{
    struct pen *pen = ctx;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)run, (HPDF_UINT)len);
    if (pen->page) {
        HPDF_Page_SetFontAndSize(pen->page, font, (HPDF_REAL)pen->size);
        HPDF_Page_TextOut(pen->page, (HPDF_REAL)pen->x, (HPDF_REAL)pen->y, run);
    }
    pen->x += tw.width * pen->size / 1000.0;
}

double fonts_width(struct fonts *f, enum face face, double size, const char *text)
{
    struct pen pen = {NULL, size, 0, 0};
    for_each_run(f, face, text, run_advance, &pen);
    return pen.x;
}

double fonts_show(struct fonts *f, HPDF_Page page, enum face face, double size, double x, double y,
                  const char *text)
{
    struct pen pen = {page, size, x, y};
    for_each_run(f, face, text, run_advance, &pen);
    return pen.x - x;
}
