/* fontwalk: the fonts a document uses, listed from their dictionaries as
 * pdffonts lists them (see pdfstruct_internal.h).
 *
 * This is much cheaper than poppler's font scan, which builds every font
 * of every page (parsing width arrays, ToUnicode maps and CIDToGIDMaps).
 * Each font, form, pattern and resource dictionary is looked into once per
 * document (w->scanned); fonts take the page where they were first met. */
#include "pdfstruct_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The font program's kind, named as pdffonts names it, from the font
 * dictionary (a descendant font for Type0) and its descriptor. */
static const char *font_kind(struct walk *w, const char *subtype, qpdf_oh descriptor, bool *embedded)
{
    qpdf_oh ff3 = walk_key(w, descriptor, "/FontFile3");
    qpdf_oh ff3dict = ff3 && qpdf_oh_is_stream(w->q, ff3) ? qpdf_oh_get_dict(w->q, ff3) : 0;
    bool opentype = walk_key_is_name(w, ff3dict, "/Subtype", "/OpenType");
    bool cff = ff3 != 0 && !opentype;
    qpdf_oh ff = walk_key(w, descriptor, "/FontFile"), ff2 = walk_key(w, descriptor, "/FontFile2");
    *embedded = ff || ff2 || ff3;
    qpdf_oh programs[] = {ff, ff2, ff3};
    for (size_t i = 0; i < ARRAY_SIZE(programs); i++)
        if (programs[i])
            walk_note_decodable(w, programs[i]); /* poppler reads it each time it sets the font up */
    bool truetype = ff2 != 0;
    qpdf_oh_release(w->q, ff);
    qpdf_oh_release(w->q, ff2);
    qpdf_oh_release(w->q, ff3dict);
    qpdf_oh_release(w->q, ff3);
    if (!strcmp(subtype, "/Type1") || !strcmp(subtype, "/MMType1"))
        return truetype ? "TrueType" : opentype ? "Type 1C (OT)" : cff ? "Type 1C" : "Type 1";
    if (!strcmp(subtype, "/TrueType"))
        return opentype ? "TrueType (OT)" : "TrueType";
    if (!strcmp(subtype, "/CIDFontType0"))
        return opentype ? "CID Type 0C (OT)" : cff ? "CID Type 0C" : "CID Type 0";
    if (!strcmp(subtype, "/CIDFontType2"))
        return opentype ? "CID TrueType (OT)" : "CID TrueType";
    return "unknown";
}

/* A name object's value without the slash, or NULL. */
static char *name_value(struct walk *w, qpdf_oh dict, const char *key)
{
    qpdf_oh v = walk_key(w, dict, key);
    char *r = NULL;
    if (v && qpdf_oh_is_name(w->q, v)) {
        const char *name = qpdf_oh_get_name(w->q, v);
        if (!walk_failed(w) && name && name[0] == '/' && name[1])
            r = xstrdup(name + 1);
    }
    qpdf_oh_release(w->q, v);
    return r;
}

static bool subset_tag(const char *name)
{
    for (int i = 0; i < 6; i++)
        if (name[i] < 'A' || name[i] > 'Z')
            return false;
    return name[6] == '+';
}

static void add_font(struct walk *w, qpdf_oh font, int pageno)
{
    if (!walk_is_dict(w, font))
        return;
    char *subtype = name_value(w, font, "/Subtype");
    qpdf_oh cid = 0;
    if (subtype && !strcmp(subtype, "Type0")) {
        qpdf_oh descendants = walk_key(w, font, "/DescendantFonts");
        cid = walk_is_array(w, descendants) ? walk_array_item(w, descendants, 0) : descendants;
        if (cid != descendants)
            qpdf_oh_release(w->q, descendants);
        free(subtype);
        subtype = name_value(w, cid, "/Subtype");
    }
    qpdf_oh descriptor = walk_key(w, cid ? cid : font, "/FontDescriptor");
    struct font_info *f = ARRAY_PUSH(w->info->fonts, w->info->nfonts, w->fonts_cap);
    char *name = name_value(w, font, "/BaseFont");
    f->name = name ? name : xstrdup("[unnamed]");
    f->subset = strlen(f->name) > 7 && subset_tag(f->name);
    f->type3 = subtype && !strcmp(subtype, "Type3");
    char slashed[64];
    snprintf(slashed, sizeof(slashed), "/%s", subtype ? subtype : "");
    f->type = xstrdup(f->type3 ? "Type 3" : font_kind(w, slashed, descriptor, &f->embedded));
    f->first_page = pageno;
    /* pdf/content names fonts by object; a direct one cannot be told apart,
     * and what patterns and soft masks draw is not looked at. */
    int id = qpdf_oh_get_object_id(w->q, font), gen = qpdf_oh_get_generation(w->q, font);
    if (id > 0)
        *ARRAY_PUSH(w->font_refs, w->nfont_refs, w->font_refs_cap) = (struct unfiltered_ref){id, gen};
    if (walk_failed(w) || id <= 0 || w->unwalked > 0 || !idmap_put(&w->font_index, id, gen, (int)(w->info->nfonts - 1)))
        f->drawn = true;
    free(subtype);
    qpdf_oh_release(w->q, descriptor);
    qpdf_oh_release(w->q, cid);
}

static void scan_resources(struct walk *w, qpdf_oh res, int pageno, int depth);
static void scan_stream_resources(struct walk *w, qpdf_oh stream, int pageno, int depth);

/* True when oh, if indirect, is met for the first time by the font scan. */
static bool first_meeting(struct walk *w, qpdf_oh oh)
{
    int id = qpdf_oh_get_object_id(w->q, oh);
    int gen = qpdf_oh_get_generation(w->q, oh);
    return !walk_failed(w) && (id <= 0 || idmap_put(&w->scanned, id, gen, 0));
}

/* The values of a dictionary (libqpdf iterates one dictionary at a time,
 * so they are collected before any is looked into); caller releases. */
static qpdf_oh *dict_values(struct walk *w, qpdf_oh dict, int *n_out)
{
    *n_out = 0;
    if (!walk_is_dict(w, dict))
        return NULL;
    qpdf_oh *values = NULL;
    size_t n = 0, cap = 0;
    qpdf_oh_begin_dict_key_iter(w->q, dict);
    while (qpdf_oh_dict_more_keys(w->q) && walk_spend(w)) {
        const char *k = qpdf_oh_dict_next_key(w->q);
        *ARRAY_PUSH(values, n, cap) = qpdf_oh_get_key(w->q, dict, k);
    }
    walk_failed(w);
    *n_out = (int)n;
    return values;
}

/* A font, and for a Type 3 font the fonts its glyph procedures draw with
 * (its own /Resources). */
static void add_font_and_glyphs(struct walk *w, qpdf_oh font, int pageno, int depth)
{
    add_font(w, font, pageno);
    if (!walk_key_is_name(w, font, "/Subtype", "/Type3"))
        return;
    qpdf_oh res = walk_key(w, font, "/Resources");
    if (res && first_meeting(w, res))
        scan_resources(w, res, pageno, depth + 1);
    qpdf_oh_release(w->q, res);
}

/* Graphics states (/ExtGState) that set a font ([font size] in /Font) or
 * a soft mask whose group (/SMask /G, a form) draws with fonts. */
static void scan_graphics_states(struct walk *w, qpdf_oh res, int pageno, int depth)
{
    qpdf_oh states = walk_key(w, res, "/ExtGState");
    int n;
    qpdf_oh *values = dict_values(w, states, &n);
    for (int i = 0; i < n; i++) {
        if (walk_spend(w) && walk_is_dict(w, values[i]) && first_meeting(w, values[i])) {
            qpdf_oh setting = walk_key(w, values[i], "/Font");
            qpdf_oh font = walk_is_array(w, setting) ? walk_array_item(w, setting, 0) : 0;
            if (font && first_meeting(w, font))
                add_font_and_glyphs(w, font, pageno, depth);
            qpdf_oh_release(w->q, font);
            qpdf_oh_release(w->q, setting);
            qpdf_oh mask = walk_key(w, values[i], "/SMask");
            qpdf_oh group = walk_key(w, mask, "/G");
            if (group && first_meeting(w, group)) {
                w->unwalked++;
                scan_stream_resources(w, group, pageno, depth);
                w->unwalked--;
            }
            qpdf_oh_release(w->q, group);
            qpdf_oh_release(w->q, mask);
        }
        qpdf_oh_release(w->q, values[i]);
    }
    free(values);
    qpdf_oh_release(w->q, states);
}

/* Fonts of a content stream's resources: a form's or a pattern's, or an
 * annotation appearance's. */
static void scan_stream_resources(struct walk *w, qpdf_oh stream, int pageno, int depth)
{
    if (!stream || !qpdf_oh_is_stream(w->q, stream) || walk_failed(w))
        return;
    qpdf_oh dict = qpdf_oh_get_dict(w->q, stream);
    bool image = walk_key_is_name(w, dict, "/Subtype", "/Image");
    if (image)
        w->images_seen = true; /* pdf/content will measure their resolution */
    else
        walk_note_decodable(w, stream); /* a form, pattern or appearance: content poppler runs */
    qpdf_oh res = walk_key(w, dict, "/Resources");
    if (res && first_meeting(w, res))
        scan_resources(w, res, pageno, depth + 1);
    qpdf_oh_release(w->q, res);
    qpdf_oh_release(w->q, dict);
}

/* Every font met in a resource dictionary, the forms and patterns it
 * names (recursively), each object once: what poppler's font scan (and
 * pdffonts) lists, read from the dictionaries without loading the fonts. */
static void scan_resources(struct walk *w, qpdf_oh res, int pageno, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w))
        return;
    qpdf_oh fonts = walk_key(w, res, "/Font");
    int n;
    qpdf_oh *values = dict_values(w, fonts, &n);
    for (int i = 0; i < n; i++) {
        if (walk_spend(w) && first_meeting(w, values[i]))
            add_font_and_glyphs(w, values[i], pageno, depth);
        qpdf_oh_release(w->q, values[i]);
    }
    free(values);
    qpdf_oh_release(w->q, fonts);
    scan_graphics_states(w, res, pageno, depth);
    static const char *const holders[] = {"/XObject", "/Pattern"};
    for (size_t h = 0; h < sizeof(holders) / sizeof(*holders); h++) {
        qpdf_oh dict = walk_key(w, res, holders[h]);
        values = dict_values(w, dict, &n);
        for (int i = 0; i < n; i++) {
            if (first_meeting(w, values[i])) {
                w->unwalked += h == 1; /* a pattern */
                scan_stream_resources(w, values[i], pageno, depth);
                w->unwalked -= h == 1;
            }
            qpdf_oh_release(w->q, values[i]);
        }
        free(values);
        qpdf_oh_release(w->q, dict);
    }
}

/* Every appearance of an annotation: normal, rollover and down (/N /R
 * /D), each a stream or a dictionary of them, one per state.  A viewer
 * may draw any of them, so all their fonts count. */
static void scan_appearance(struct walk *w, qpdf_oh annot, int pageno)
{
    qpdf_oh ap = walk_key(w, annot, "/AP");
    static const char *const kinds[] = {"/N", "/R", "/D"};
    for (size_t k = 0; ap && k < ARRAY_SIZE(kinds); k++) {
        qpdf_oh look = walk_key(w, ap, kinds[k]);
        if (look && qpdf_oh_is_stream(w->q, look)) {
            if (first_meeting(w, look))
                scan_stream_resources(w, look, pageno, 0);
        } else {
            int n;
            qpdf_oh *states = dict_values(w, look, &n);
            for (int i = 0; i < n; i++) {
                if (first_meeting(w, states[i]))
                    scan_stream_resources(w, states[i], pageno, 0);
                qpdf_oh_release(w->q, states[i]);
            }
            free(states);
        }
        walk_failed(w);
        qpdf_oh_release(w->q, look);
    }
    qpdf_oh_release(w->q, ap);
}

void fontwalk_resources(struct walk *w, qpdf_oh res, int pageno)
{
    if (res && first_meeting(w, res))
        scan_resources(w, res, pageno, 0);
}

void fontwalk_appearance(struct walk *w, qpdf_oh annot, int pageno)
{
    scan_appearance(w, annot, pageno);
}

/* A stream in dict[key], as decodable; with raw libqpdf calls, whose
 * problems fontwalk_note_streams's caller takes. */
static void note_stream_key(struct walk *w, qpdf_oh dict, const char *key)
{
    qpdf_oh v = qpdf_oh_get_key(w->q, dict, key);
    if (qpdf_oh_is_stream(w->q, v))
        walk_note_decodable(w, v);
    qpdf_oh_release(w->q, v);
}

void fontwalk_note_streams(struct walk *w)
{
    for (size_t i = 0; i < w->nfont_refs && walk_spend(w); i++) {
        qpdf_oh font = qpdf_get_object_by_id(w->q, w->font_refs[i].id, w->font_refs[i].gen);
        if (!qpdf_oh_is_dictionary(w->q, font)) {
            qpdf_oh_release(w->q, font);
            continue;
        }
        note_stream_key(w, font, "/ToUnicode");
        note_stream_key(w, font, "/Encoding"); /* an embedded CMap */
        qpdf_oh descendants = qpdf_oh_get_key(w->q, font, "/DescendantFonts");
        qpdf_oh cid = qpdf_oh_is_array(w->q, descendants) && qpdf_oh_get_array_n_items(w->q, descendants) > 0
                          ? qpdf_oh_get_array_item(w->q, descendants, 0)
                          : 0;
        if (cid && qpdf_oh_is_dictionary(w->q, cid))
            note_stream_key(w, cid, "/CIDToGIDMap");
        qpdf_oh_release(w->q, cid);
        qpdf_oh_release(w->q, descendants);
        qpdf_oh_release(w->q, font);
    }
}
