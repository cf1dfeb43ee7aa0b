/* pdfstruct: document-level facts and page geometry read with libqpdf.
 *
 * It reads the bytes inspect read (pdfinfo_read_file checked the size,
 * %PDF header and CRC-32): first the header version, encryption, the page
 * count and each page's geometry; then it walks the catalog and the pages
 * for JavaScript (jswalk.c), attachments (filewalk.c) and the fonts
 * (fontwalk.c).  One poppler
 * hazard is caught here: form fields whose /Kids share nodes over and over
 * make poppler expand them exponentially and hang on any page, so such a
 * file is refused before inspect hands it to poppler.
 *
 * Every qpdf call is followed by a look at qpdf_has_error; an error while
 * walking objects counts as a repaired problem and the walk goes on with
 * the object treated as absent.  Walks are bounded by a visit budget, a
 * depth limit and a visited set of object ids, so reference loops in a
 * hostile file cannot hang them.
 *
 * Pages: pdfstruct allocates info->pages (info->npages entries) and fills
 * each page's geometry (boxes, rotate, displayed size) with pdf/geometry,
 * the only reader of page boxes, which reads them as poppler does.  inspect
 * then measures what is drawn; paginate and assemble use the geometry as
 * it is.  The geometry is read before any other object of the file is
 * looked at, so that pdfstruct_pages, which stops there, makes the same
 * libqpdf calls up to that point and gets the same pages: libqpdf resolves
 * objects lazily, and in a damaged file the first broken object it meets
 * can make it rebuild the cross-reference table, changing what is read
 * afterwards. */
#include "inspect/pdfstruct.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pdf/content.h"
#include "pdf/geometry.h"
#include "pdfstruct_internal.h"

#define WALK_BUDGET 1000000    /* object visits for all walks of one document */
#define IMAGE_MIN_PIXELS 16    /* fewer pixels on a side: a fill or a gradient, not a picture */
#define IMAGE_MIN_SHOWN 28.35  /* pt (1 cm); a smaller side: a logo, an icon, a rule */
#define MAX_DAMAGE_LEN 200     /* bytes of the damage summary */
#define MAX_FORM_FIELDS 1e6    /* form fields, counting shared kids once per use */
/* Bytes of content streams (as stored) from which a page's text operators
 * are counted: below it a page cannot show PDFINFO_MAX_TEXT_PIECES pieces
 * of text unless its streams compress many times better than any producer's
 * do, and counting is left out so that papers pay nothing for it. */
#define TEXT_COUNT_MIN_BYTES 65536

/* What a reader has to do about a qpdf warning, by the start of its text
 * (qpdf 11's wording).  A NULL repair: the file is valid, or the oddity
 * is one every reader reads past without repairing anything, so it is not
 * damage.  Texts not listed count as a repair ("objects repaired"). */
static const struct {
    const char *text;          /* the warning contains this */
    const char *repair;        /* what was repaired, or NULL */
} warning_kinds[] = {
    /* An xref stream may leave its own object out of /Size (ISO 32000-1
     * 7.5.8.2); a wrong /Size changes nothing for a reader. */
    {"reported number of objects", NULL},
    {"trailer dictionary lacks /Size key", NULL},
    {"invalid /ID in trailer dictionary", NULL},
    {"dictionary has duplicated key", NULL},
    {"expected endobj", NULL},
    {"stream keyword followed by carriage return only", NULL},
    {"stream keyword not followed by proper line terminator", NULL},
    {"file is damaged", "cross-reference table rebuilt"},
    {"reconstruct cross-reference table", "cross-reference table rebuilt"},
    {"xref not found", "cross-reference table rebuilt"},
    {"can't find startxref", "cross-reference table rebuilt"},
    {"error reading xref", "cross-reference table rebuilt"},
    {"invalid xref entry", "cross-reference table rebuilt"},
    {"xref table", "cross-reference table rebuilt"},
    {"xref stream", "cross-reference table rebuilt"},
    {"attempting to recover stream length", "wrong stream /Length"},
    {"expected endstream", "wrong stream /Length"},
    {"/Length", "wrong stream /Length"},
    {"can't find PDF header", "no PDF header at the start"},
    {"object has offset 0", "missing objects"},
    {"unable to find", "missing objects"},
    {"loop detected", "reference loops broken"},
    {"pages tree", "page tree repaired"},
    {"/Type key should be /Page", "page tree repaired"},
};

/* The repair a warning stands for, or NULL when it is none. */
static const char *repair_kind(const char *msg)
{
    for (size_t i = 0; i < ARRAY_SIZE(warning_kinds); i++)
        if (strstr(msg, warning_kinds[i].text))
            return warning_kinds[i].repair;
    return "objects repaired";
}

/* Warnings qpdf gives for every repaired file; they say nothing of what was
 * wrong, so they are not counted when another message explains it. */
static bool boilerplate(const char *msg)
{
    return !strcmp(msg, "file is damaged") || !strcmp(msg, "Attempting to reconstruct cross-reference table");
}

static void note_repair(struct walk *w, const char *kind)
{
    for (int i = 0; i < w->nrepairs; i++)
        if (!strcmp(w->repairs[i], kind))
            return;
    if (w->nrepairs < (int)ARRAY_SIZE(w->repairs))
        w->repairs[w->nrepairs++] = kind;
}

static void note_problem(struct walk *w, qpdf_error e)
{
    if (!e)
        return;
    w->nwarnings++;
    char *msg = qpdfh_short_text(w->q, e);
    const char *kind = repair_kind(msg);
    if (!kind) {
        free(msg);
        return;
    }
    note_repair(w, kind);
    if (boilerplate(msg)) {
        w->nboilerplate++;
        free(msg);
        return;
    }
    w->nproblems++;
    if (!w->first_problem)
        w->first_problem = msg;
    else
        free(msg);
}

/* True when the last qpdf call failed; the error is recorded and cleared. */
bool walk_failed(struct walk *w)
{
    if (!qpdf_has_error(w->q))
        return false;
    note_problem(w, qpdf_get_error(w->q));
    return true;
}

void walk_note_decodable(struct walk *w, qpdf_oh stream)
{
    int id = qpdf_oh_get_object_id(w->q, stream), gen = qpdf_oh_get_generation(w->q, stream);
    if (id > 0)
        *ARRAY_PUSH(w->decodable, w->ndecodable, w->decodable_cap) = (struct unfiltered_ref){id, gen};
}

static void drain_warnings(struct walk *w)
{
    while (qpdf_more_warnings(w->q))
        note_problem(w, qpdf_next_warning(w->q));
}

/* Spend one visit; false when the budget is gone. */
bool walk_spend(struct walk *w)
{
    if (w->budget <= 0)
        return false;
    w->budget--;
    return true;
}

/* True when oh is an indirect object already in set (or the set is full);
 * otherwise remembers it.  Direct objects are never "seen": they cannot
 * form loops on their own. */
bool walk_seen(struct walk *w, struct visited *set, qpdf_oh oh)
{
    int id = qpdf_oh_get_object_id(w->q, oh);
    if (walk_failed(w))
        return true;
    if (id <= 0)
        return false;
    for (int i = 0; i < set->n; i++)
        if (set->ids[i] == id)
            return true;
    if (set->n >= MAX_VISITED)
        return true;
    set->ids[set->n++] = id;
    return false;
}

/* ---- object access that never raises type warnings ---- */

bool walk_is_dict(struct walk *w, qpdf_oh oh)
{
    if (!oh)
        return false;
    bool r = qpdf_oh_is_dictionary(w->q, oh);
    return !walk_failed(w) && r;
}

bool walk_is_array(struct walk *w, qpdf_oh oh)
{
    if (!oh)
        return false;
    bool r = qpdf_oh_is_array(w->q, oh);
    return !walk_failed(w) && r;
}

/* dict[key] (key with its slash), or 0 when dict is not a dictionary, the
 * key is absent or null, or qpdf failed. */
qpdf_oh walk_key(struct walk *w, qpdf_oh dict, const char *key)
{
    if (!dict)
        return 0;
    qpdf_oh v = qpdfh_key(w->q, dict, key);
    bool null = walk_failed(w) || qpdf_oh_is_null(w->q, v);
    if (walk_failed(w) || null) {
        qpdf_oh_release(w->q, v);
        return 0;
    }
    return v;
}

int walk_array_len(struct walk *w, qpdf_oh arr)
{
    int n = qpdfh_array_len(w->q, arr);
    return walk_failed(w) ? 0 : n;
}

qpdf_oh walk_array_item(struct walk *w, qpdf_oh arr, int i)
{
    qpdf_oh v = qpdf_oh_get_array_item(w->q, arr, i);
    return walk_failed(w) ? 0 : v;
}

/* True when oh is the name `name` (with its slash). */
static bool is_name(struct walk *w, qpdf_oh oh, const char *name)
{
    bool r = qpdfh_is_name(w->q, oh, name);
    return !walk_failed(w) && r;
}

bool walk_key_is_name(struct walk *w, qpdf_oh dict, const char *key, const char *name)
{
    qpdf_oh v = walk_key(w, dict, key);
    bool r = is_name(w, v, name);
    qpdf_oh_release(w->q, v);
    return r;
}

/* A string object as a new UTF-8 string, or NULL. */
char *walk_utf8(struct walk *w, qpdf_oh oh)
{
    if (!oh)
        return NULL;
    bool str = qpdf_oh_is_string(w->q, oh);
    if (walk_failed(w) || !str)
        return NULL;
    const char *s = qpdf_oh_get_utf8_value(w->q, oh);
    if (walk_failed(w) || !s)
        return NULL;
    return xstrdup(s);
}

char *walk_key_utf8(struct walk *w, qpdf_oh dict, const char *key)
{
    qpdf_oh v = walk_key(w, dict, key);
    char *s = walk_utf8(w, v);
    qpdf_oh_release(w->q, v);
    return s;
}

/* ---- interactive form ---- */

/* How many field dictionaries each field node expands to when a kid listed
 * twice is loaded twice, as poppler's form loader does (it stops at loops,
 * not at shared kids).  Memoized by object id. */
struct expansion {
    int ids[MAX_VISITED];
    double count[MAX_VISITED];     /* < 0: being expanded (a loop) */
    int n;
};

static double field_expansion(struct walk *w, struct expansion *memo, qpdf_oh field, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w) || !walk_is_dict(w, field))
        return 0;
    int id = qpdf_oh_get_object_id(w->q, field);
    if (walk_failed(w))
        return 0;
    int slot = -1;
    if (id > 0) {
        for (int i = 0; i < memo->n; i++)
            if (memo->ids[i] == id)
                return memo->count[i] < 0 ? 0 : memo->count[i];
        if (memo->n >= MAX_VISITED)
            return 0;
        slot = memo->n++;
        memo->ids[slot] = id;
        memo->count[slot] = -1;
    }
    double total = 1;
    qpdf_oh kids = walk_key(w, field, "/Kids");
    int n = walk_array_len(w, kids);
    for (int i = 0; i < n && w->budget > 0 && total <= MAX_FORM_FIELDS; i++) {
        qpdf_oh kid = walk_array_item(w, kids, i);
        total += field_expansion(w, memo, kid, depth + 1);
        qpdf_oh_release(w->q, kid);
    }
    qpdf_oh_release(w->q, kids);
    if (slot >= 0)
        memo->count[slot] = total;
    return total;
}

/* Fields poppler would load for /AcroForm (see field_expansion). */
static double form_expansion(struct walk *w, qpdf_oh root)
{
    qpdf_oh form = walk_key(w, root, "/AcroForm");
    qpdf_oh fields = walk_key(w, form, "/Fields");
    int n = walk_array_len(w, fields);
    struct expansion *memo = xcalloc(1, sizeof(*memo));
    double total = 0;
    for (int i = 0; i < n && w->budget > 0 && total <= MAX_FORM_FIELDS; i++) {
        qpdf_oh f = walk_array_item(w, fields, i);
        total += field_expansion(w, memo, f, 0);
        qpdf_oh_release(w->q, f);
    }
    free(memo);
    qpdf_oh_release(w->q, fields);
    qpdf_oh_release(w->q, form);
    return total;
}

/* ---- fonts the viewer makes field appearances with ---- */

static void fonts_assume_drawn(struct walk *w);

#define MAX_FORM_FONTS 16      /* distinct /DA font names remembered */
#define PUSHBUTTON_FLAG (1 << 16) /* /Ff bit 17: a push button, no check mark */

/* What the fields' default appearances (/DA) draw with, when the viewer
 * makes the appearances (/NeedAppearances). */
struct form_fonts {
    char names[MAX_FORM_FONTS][64]; /* /DR /Font keys some /DA selects, without the slash */
    int n;                     /* entries used in names */
    bool all;                  /* every /DR font may be drawn: a name not remembered, or a
                                * check box or radio button (its mark glyph is a
                                * viewer's choice) */
};

/* The font names "/Name size Tf" in a default appearance string. */
static void da_fonts(struct form_fonts *ff, const char *da)
{
    for (const char *s = strchr(da, '/'); s; s = strchr(s + 1, '/')) {
        size_t len = strcspn(s + 1, " \t\r\n\f/[]()<>{}%");
        const char *t = s + 1 + len;
        t += strspn(t, " \t\r\n\f");
        size_t num = strspn(t, "+-.0123456789");
        if (num == 0)
            continue;
        t += num;
        t += strspn(t, " \t\r\n\f");
        if (strncmp(t, "Tf", 2) != 0 || (t[2] && !strchr(" \t\r\n\f/[]()<>{}%", t[2])))
            continue;
        if (len == 0 || len >= sizeof(ff->names[0]) || memchr(s + 1, '#', len) || ff->n == MAX_FORM_FONTS) {
            ff->all = true; /* escaped, too long or too many: not compared */
            continue;
        }
        bool known = false;
        for (int i = 0; i < ff->n && !known; i++)
            known = strlen(ff->names[i]) == len && !memcmp(ff->names[i], s + 1, len);
        if (!known) {
            memcpy(ff->names[ff->n], s + 1, len);
            ff->names[ff->n++][len] = '\0';
        }
    }
}

static void dict_da_fonts(struct walk *w, struct form_fonts *ff, qpdf_oh dict)
{
    qpdf_oh da = walk_key(w, dict, "/DA");
    char *s = walk_utf8(w, da);
    if (s)
        da_fonts(ff, s);
    free(s);
    qpdf_oh_release(w->q, da);
}

/* The /DA fonts of a field and its kids; /FT and /Ff are inherited. */
static void field_fonts(struct walk *w, struct form_fonts *ff, struct idmap *met, qpdf_oh field, bool button,
                        long long flags, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w) || !walk_is_dict(w, field))
        return;
    int id = qpdf_oh_get_object_id(w->q, field), gen = qpdf_oh_get_generation(w->q, field);
    if (walk_failed(w) || (id > 0 && !idmap_put(met, id, gen, 0)))
        return;
    qpdf_oh ft = walk_key(w, field, "/FT");
    if (ft && qpdf_oh_is_name(w->q, ft))
        button = is_name(w, ft, "/Btn");
    qpdf_oh_release(w->q, ft);
    qpdf_oh ffl = walk_key(w, field, "/Ff");
    if (ffl && qpdf_oh_is_integer(w->q, ffl))
        flags = qpdf_oh_get_int_value(w->q, ffl);
    walk_failed(w);
    qpdf_oh_release(w->q, ffl);
    dict_da_fonts(w, ff, field);
    qpdf_oh kids = walk_key(w, field, "/Kids");
    int n = walk_array_len(w, kids);
    if (n == 0 && button && !(flags & PUSHBUTTON_FLAG))
        ff->all = true;
    for (int i = 0; i < n && w->budget > 0; i++) {
        qpdf_oh kid = walk_array_item(w, kids, i);
        field_fonts(w, ff, met, kid, button, flags, depth + 1);
        qpdf_oh_release(w->q, kid);
    }
    qpdf_oh_release(w->q, kids);
}

/* Mark drawn the /DR fonts the viewer makes the fields' appearances with:
 * those a /DA names (the form's default and the fields'). */
static void form_fonts_drawn(struct walk *w, qpdf_oh acroform, qpdf_oh fields, qpdf_oh dr)
{
    struct form_fonts ff = {0};
    struct idmap met = {0};
    dict_da_fonts(w, &ff, acroform);
    int n = walk_array_len(w, fields);
    for (int i = 0; i < n && w->budget > 0; i++) {
        qpdf_oh f = walk_array_item(w, fields, i);
        field_fonts(w, &ff, &met, f, false, 0, 0);
        qpdf_oh_release(w->q, f);
    }
    idmap_clear(&met);
    if (ff.all) {
        fonts_assume_drawn(w); /* only /DR fonts are met before the pages */
        return;
    }
    qpdf_oh fonts = walk_key(w, dr, "/Font");
    for (int i = 0; i < ff.n && fonts; i++) {
        char key[sizeof(ff.names[0]) + 1];
        snprintf(key, sizeof(key), "/%s", ff.names[i]);
        qpdf_oh font = walk_key(w, fonts, key);
        int id = font ? qpdf_oh_get_object_id(w->q, font) : 0;
        int gen = font ? qpdf_oh_get_generation(w->q, font) : 0;
        int k = !walk_failed(w) && id > 0 ? idmap_get(&w->font_index, id, gen) : -1;
        if (k >= 0) /* a direct font is drawn already: it cannot be told apart */
            w->info->fonts[k].drawn = true;
        qpdf_oh_release(w->q, font);
    }
    qpdf_oh_release(w->q, fonts);
}

/* ---- pages ---- */

/* The page's geometry, as poppler will show it. */
static void page_geometry(struct walk *w, qpdf_oh page, struct page_info *p)
{
    struct page_geometry g;
    geometry_read(w->q, page, &g);
    walk_failed(w);
    p->media_box = g.media;
    p->crop_box = g.crop;
    p->rotate = g.rotate;
    p->width = g.width;
    p->height = g.height;
    p->media_width = g.media_written.x1 - g.media_written.x0;
    p->media_height = g.media_written.y1 - g.media_written.y0;
}

/* One annotation: JavaScript in its actions, file attachments, fonts of
 * its appearance. */
static void annotation(struct walk *w, qpdf_oh annot, int pageno, bool *js_here)
{
    if (!walk_is_dict(w, annot))
        return;
    if (!*js_here && (jswalk_key_action(w, annot, "/A") || jswalk_key_aa(w, annot)))
        *js_here = true;
    fontwalk_appearance(w, annot, pageno);
    filewalk_annotation(w, annot, pageno);
}

/* Fonts and JavaScript of one page (its geometry is read by read_pages). */
static void inspect_page(struct walk *w, qpdf_oh page, int pageno)
{
    qpdf_oh res = qpdfh_inherited(w->q, page, "/Resources", NULL);
    if (walk_failed(w)) {
        qpdf_oh_release(w->q, res);
        res = 0;
    }
    fontwalk_resources(w, res, pageno);
    qpdf_oh_release(w->q, res);
    char place[64];
    if (jswalk_key_aa(w, page)) {
        snprintf(place, sizeof(place), "page %d actions", pageno);
        jswalk_add_place(w, place);
    }
    qpdf_oh annots = walk_key(w, page, "/Annots");
    int n = walk_array_len(w, annots);
    bool js_here = false;
    for (int i = 0; i < n && walk_spend(w); i++) {
        qpdf_oh a = walk_array_item(w, annots, i);
        annotation(w, a, pageno, &js_here);
        qpdf_oh_release(w->q, a);
    }
    qpdf_oh_release(w->q, annots);
    filewalk_page(w, page, pageno);
    if (js_here) {
        snprintf(place, sizeof(place), "page %d annotation", pageno);
        jswalk_add_place(w, place);
    }
}

/* ---- what the pages draw (pdf/content) ---- */

/* The content that tells which fonts are drawn could not be read: every
 * font met so far counts, at the page where it was met. */
static void fonts_assume_drawn(struct walk *w)
{
    for (size_t i = 0; i < w->info->nfonts; i++)
        w->info->fonts[i].drawn = true;
}

/* Whether an image's resolution is the paper's concern: not a stencil
 * mask, not a fill or gradient, not a logo or icon. */
static bool image_counts(const struct pdfcontent_image *im)
{
    return !im->mask && im->width >= IMAGE_MIN_PIXELS && im->height >= IMAGE_MIN_PIXELS &&
           im->shown_w >= IMAGE_MIN_SHOWN && im->shown_h >= IMAGE_MIN_SHOWN;
}

/* Whether reading the content can change a finding: some font would be
 * one (not embedded, Type 3) if drawn, or there are image XObjects.  On
 * most papers neither holds, and the second read is saved.  Inline images
 * alone are not looked for (no paper producer writes pictures inline). */
static bool content_needed(struct walk *w)
{
    for (size_t i = 0; i < w->info->nfonts; i++) {
        const struct font_info *f = &w->info->fonts[i];
        if (!f->drawn && (!f->embedded || f->type3))
            return true;
    }
    return w->images_seen;
}

/* What page index draws: its fonts become drawn (from this page on unless
 * drawn before), and its lowest-resolution image is kept.  The content is
 * read a second time through libqpdf's C++ API (see pdf/content.h). */
static void page_content(struct walk *w, qpdf_oh page, int index)
{
    if (!w->content && !w->content_failed) {
        w->content = pdfcontent_open(w->bytes, w->nbytes, NULL);
        w->content_failed = !w->content;
    }
    int id = page ? qpdf_oh_get_object_id(w->q, page) : 0;
    int gen = page ? qpdf_oh_get_generation(w->q, page) : 0;
    if (walk_failed(w) || w->content_failed) {
        fonts_assume_drawn(w);
        return;
    }
    struct pdfcontent_page cp;
    pdfcontent_page_init(&cp);
    if (!pdfcontent_walk(w->content, id, gen, &cp))
        fonts_assume_drawn(w); /* the fonts of a page not read to its end */
    for (size_t i = 0; i < cp.nfonts; i++) {
        int k = idmap_get(&w->font_index, cp.fonts[i].id, cp.fonts[i].gen);
        if (k >= 0 && !w->info->fonts[k].drawn) {
            w->info->fonts[k].drawn = true;
            w->info->fonts[k].first_page = index + 1;
        }
    }
    struct page_info *p = &w->info->pages[index];
    for (size_t i = 0; i < cp.nimages; i++) {
        const struct pdfcontent_image *im = &cp.images[i];
        double ppi = im->ppi_x < im->ppi_y ? im->ppi_x : im->ppi_y;
        if (image_counts(im) && (p->image_ppi == 0 || ppi < p->image_ppi)) {
            p->image_ppi = ppi;
            p->image_px_w = im->width;
            p->image_px_h = im->height;
        }
    }
    pdfcontent_page_release(&cp);
}

/* ---- pages with very much text ---- */

/* The /Length of stream h as stored (compressed), 0 when h is no stream. */
static double stream_length(qpdf_data q, qpdf_oh h)
{
    double len = 0;
    if (!qpdf_oh_is_stream(q, h) || !qpdfh_number(q, qpdfh_key(q, qpdf_oh_get_dict(q, h), "/Length"), &len))
        return 0;
    return len > 0 ? len : 0;
}

/* The bytes the page's content streams take in the file, and the form
 * XObjects its resources name (a figure included from a PDF is one),
 * as stored.  The content streams are noted as decodable (poppler reads
 * them on every pass). */
static double content_length(struct walk *w, qpdf_oh page)
{
    qpdf_data q = w->q;
    qpdf_oh contents = qpdfh_key(q, page, "/Contents");
    double total = 0;
    bool array = qpdf_oh_is_array(q, contents);
    int n = array ? qpdfh_array_len(q, contents) : 1;
    for (int i = 0; i < n; i++) {
        qpdf_oh c = array ? qpdf_oh_get_array_item(q, contents, i) : contents;
        total += stream_length(q, c);
        if (c && qpdf_oh_is_stream(q, c))
            walk_note_decodable(w, c);
    }
    qpdf_oh res = qpdfh_inherited(q, page, "/Resources", NULL);
    qpdf_oh xobjects = res ? qpdfh_key(q, res, "/XObject") : 0;
    if (xobjects && qpdf_oh_is_dictionary(q, xobjects)) {
        qpdf_oh_begin_dict_key_iter(q, xobjects);
        while (qpdf_oh_dict_more_keys(q)) {
            const char *k = qpdf_oh_dict_next_key(q);
            qpdf_oh x = k ? qpdfh_key(q, xobjects, k) : 0;
            if (x && qpdf_oh_is_stream(q, x) &&
                qpdfh_is_name(q, qpdfh_key(q, qpdf_oh_get_dict(q, x), "/Subtype"), "/Form"))
                total += stream_length(q, x);
        }
    }
    return total;
}

/* Take libqpdf's pending errors and warnings without reporting them as
 * damage: they only keep the file from being copied unfiltered. */
static void drop_problems(struct walk *w)
{
    while (qpdf_has_error(w->q)) {
        qpdf_get_error(w->q);
        w->nwarnings++;
    }
    while (qpdf_more_warnings(w->q)) {
        qpdf_next_warning(w->q);
        w->nwarnings++;
    }
}

/* Count the text operators of every page whose content is large (see
 * TEXT_COUNT_MIN_BYTES) into its text_pieces, and note every page's
 * content streams as decodable.  Loading the content
 * streams can make libqpdf warn (a wrong /Length) or fail: poppler reads
 * past both and the content walk keeps them to itself too, so they are
 * dropped rather than reported as damage (they still keep the file from
 * being copied unfiltered).  Runs after every other read of the
 * document, whose warnings the caller has taken. */
static void count_text(struct walk *w, struct pdf_info *info)
{
    for (int i = 0; i < info->npages; i++) {
        qpdf_oh page = qpdf_get_page_n(w->q, (size_t)i);
        double len = qpdf_has_error(w->q) ? 0 : content_length(w, page);
        int id = qpdf_has_error(w->q) ? 0 : qpdf_oh_get_object_id(w->q, page);
        int gen = qpdf_has_error(w->q) ? 0 : qpdf_oh_get_generation(w->q, page);
        drop_problems(w);
        qpdf_oh_release_all(w->q);
        if (len < TEXT_COUNT_MIN_BYTES || id <= 0)
            continue;
        if (!w->content && !w->content_failed) {
            w->content = pdfcontent_open(w->bytes, w->nbytes, NULL);
            w->content_failed = !w->content;
        }
        long pieces = w->content ? pdfcontent_count_text(w->content, id, gen) : 0;
        info->pages[i].text_pieces = pieces > INT_MAX ? INT_MAX : pieces > 0 ? (int)pieces : 0;
    }
    drop_problems(w);
}

/* ---- document ---- */

/* The reason qpdf gave for refusing the file, classified. */
static bool read_failed(struct walk *w, struct pdf_info *info)
{
    qpdf_error e = qpdf_get_error(w->q);
    enum qpdf_error_code_e code = e ? qpdf_get_error_code(w->q, e) : qpdf_e_internal;
    char *msg = e ? qpdfh_short_text(w->q, e) : xstrdup("unknown error");
    switch (code) {
    case qpdf_e_password:
        info->encryption = ENC_USER_PASSWORD;
        pdfinfo_fail(info, "encrypted: a password is needed to open it");
        break;
    case qpdf_e_damaged_pdf:
        pdfinfo_fail(info, "damaged beyond repair: %s", msg);
        break;
    case qpdf_e_pages:
        pdfinfo_fail(info, "page tree is broken: %s", msg);
        break;
    case qpdf_e_unsupported:
        pdfinfo_fail(info, "uses a PDF feature that cannot be read: %s", msg);
        break;
    default:
        pdfinfo_fail(info, "cannot be read as a PDF: %s", msg);
        break;
    }
    free(msg);
    return false;
}

static void read_encryption(struct walk *w, struct pdf_info *info)
{
    bool enc = qpdf_is_encrypted(w->q);
    if (walk_failed(w) || !enc) {
        info->encryption = ENC_NONE;
        info->modify_allowed = true;
        return;
    }
    QPDF_BOOL (*const allow[])(qpdf_data) = {
        qpdf_allow_accessibility, qpdf_allow_extract_all,     qpdf_allow_print_low_res,
        qpdf_allow_print_high_res, qpdf_allow_modify_assembly, qpdf_allow_modify_form,
        qpdf_allow_modify_annotation, qpdf_allow_modify_other, qpdf_allow_modify_all,
    };
    bool restricted = false;
    for (size_t i = 0; i < ARRAY_SIZE(allow); i++) {
        bool ok = allow[i](w->q);
        if (walk_failed(w) || !ok)
            restricted = true;
    }
    bool assembly = qpdf_allow_modify_assembly(w->q);
    info->modify_allowed = !walk_failed(w) && assembly;
    /* The empty user password opened it (else qpdf_read had failed). */
    info->encryption = restricted ? ENC_OWNER_PASSWORD : ENC_EMPTY_PASSWORD;
}

static void read_title(struct walk *w, struct pdf_info *info)
{
    qpdf_oh trailer = qpdf_get_trailer(w->q);
    if (walk_failed(w))
        return;
    qpdf_oh meta = walk_key(w, trailer, "/Info");
    char *title = walk_key_utf8(w, meta, "/Title");
    qpdf_oh_release(w->q, meta);
    qpdf_oh_release(w->q, trailer);
    if (title && !*title) {
        free(title);
        title = NULL;
    }
    info->title = title;
}

static void summarize(struct walk *w, struct pdf_info *info)
{
    if (w->nplaces > 0) {
        struct strbuf sb = STRBUF_INIT;
        for (int i = 0; i < w->nplaces; i++) {
            if (i)
                strbuf_adds(&sb, ", ");
            strbuf_adds(&sb, w->places[i]);
        }
        if (w->more_places)
            strbuf_adds(&sb, ", ...");
        free(info->javascript);
        info->javascript = strbuf_detach(&sb);
    }
    info->attachments = w->attachments;
    info->attachment_page = w->attachment_page;
    if (w->names.len) {
        free(info->attachment_names);
        info->attachment_names = strbuf_detach(&w->names);
    }
    int count = w->nproblems ? w->nproblems : w->nboilerplate ? 1 : 0;
    if (count > 0) {
        struct strbuf kinds = STRBUF_INIT;
        for (int i = 0; i < w->nrepairs; i++) {
            if (i)
                strbuf_adds(&kinds, ", ");
            strbuf_adds(&kinds, w->repairs[i]);
        }
        const char *first = w->first_problem;
        const char *what = kinds.buf ? kinds.buf : "objects repaired";
        char *s = !first       ? xstrdup(what) /* only qpdf's generic words */
                  : count == 1 ? xasprintf("%s: %s", what, first)
                               : xasprintf("%s; %d problems, first: %s", what, count, first);
        strbuf_release(&kinds);
        size_t n = strlen(s);
        if (n > MAX_DAMAGE_LEN) {
            size_t cut = utf8_prefix_len(s, n, MAX_DAMAGE_LEN - 3);
            memcpy(s + cut, "...", 4);
        }
        free(info->damage);
        info->damage = s;
    }
}

static void walk_release(struct walk *w)
{
    free(w->first_problem);
    idmap_clear(&w->scanned);
    idmap_clear(&w->files);
    idmap_clear(&w->font_index);
    pdfcontent_free(w->content);
    free(w->decodable);
    free(w->font_refs);
    for (int i = 0; i < w->nplaces; i++)
        free(w->places[i]);
    strbuf_release(&w->names);
}

/* The header version, encryption, page count and every page's geometry:
 * what pagination needs, read before anything else (see the top). */
static bool read_pages(struct walk *w, struct pdf_info *info)
{
    QPDF_ERROR_CODE rc = qpdf_read_memory(w->q, w->path, w->bytes, w->nbytes, "");
    if ((rc & QPDF_ERRORS) || qpdf_has_error(w->q))
        return read_failed(w, info);
    drain_warnings(w);

    info->version = qpdfh_version(w->q);
    walk_failed(w);
    read_encryption(w, info);

    int n = qpdf_get_num_pages(w->q);
    if (qpdf_has_error(w->q) || n < 0)
        return read_failed(w, info);
    if (n == 0)
        return pdfinfo_fail(info, "the document has no pages");
    if (n > PDFINFO_MAX_PAGES)
        return pdfinfo_fail(info, "the document has %d pages, more than the %d collate accepts", n, PDFINFO_MAX_PAGES);

    info->npages = n;
    info->pages = xcalloc((size_t)n, sizeof(*info->pages));
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(w->q, (size_t)i);
        if (walk_failed(w))
            page = 0; /* a Letter page, as readers show it */
        page_geometry(w, page, &info->pages[i]);
        qpdf_oh_release_all(w->q); /* handles are per page; none outlive it */
    }
    return true;
}

/* Everything else: form fields, JavaScript, attachments, title, fonts. */
static bool walk_document(struct walk *w, struct pdf_info *info)
{
    qpdf_oh root = qpdf_get_root(w->q);
    bool have_root = !walk_failed(w);
    /* Kids shared over and over make poppler load the same fields
     * exponentially often: it would hang on opening any page. */
    if (have_root && form_expansion(w, root) > MAX_FORM_FIELDS)
        return pdfinfo_fail(info, "the form fields are damaged: shared /Kids make them expand to more than %.0f fields",
                    MAX_FORM_FIELDS);
    if (have_root) {
        jswalk_document(w, root);
        filewalk_document(w, root);
        /* The form's default fonts are drawn with only when the viewer
         * must make the fields' appearances (/NeedAppearances); otherwise
         * the appearance streams name what they use.  Unused /DR fonts
         * (common in PDF/A files) are not the paper's fonts; pdffonts does
         * not list /DR.  Nor are they with no field to make (an empty
         * /Fields: widgets outside it are no form's), nor when no /DA
         * names them (form_fonts_drawn). */
        qpdf_oh acroform = walk_key(w, root, "/AcroForm");
        qpdf_oh need = walk_key(w, acroform, "/NeedAppearances");
        bool generated = need && qpdf_oh_is_bool(w->q, need) && qpdf_oh_get_bool_value(w->q, need);
        qpdf_oh fields = walk_key(w, acroform, "/Fields");
        if (!walk_failed(w) && generated && walk_array_len(w, fields) > 0) {
            qpdf_oh dr = walk_key(w, acroform, "/DR");
            fontwalk_resources(w, dr, 1);
            form_fonts_drawn(w, acroform, fields, dr); /* the viewer draws the fields with them */
            qpdf_oh_release(w->q, dr);
        }
        qpdf_oh_release(w->q, fields);
        qpdf_oh_release(w->q, need);
        qpdf_oh_release(w->q, acroform);
    }
    read_title(w, info);
    qpdf_oh_release_all(w->q);

    for (int i = 0; i < info->npages; i++) {
        qpdf_oh page = qpdf_get_page_n(w->q, (size_t)i);
        if (!walk_failed(w) && page)
            inspect_page(w, page, i + 1);
        qpdf_oh_release_all(w->q);
    }
    bool needed = content_needed(w);
    for (int i = 0; needed && i < info->npages; i++) {
        qpdf_oh page = qpdf_get_page_n(w->q, (size_t)i);
        page_content(w, walk_failed(w) ? 0 : page, i);
        qpdf_oh_release_all(w->q);
    }
    if (!needed)
        fonts_assume_drawn(w); /* not looked at: as drawn, where first met */
    drain_warnings(w);
    if (w->nwarnings == 0) /* else no copy is made (pdfstruct_read) */
        fontwalk_note_streams(w);
    drop_problems(w);
    count_text(w, info);
    return true;
}

/* pdfstruct_inspect, or with pages_only pdfstruct_pages: the same calls,
 * the latter stopping after read_pages. */
static bool pdfstruct_read(const char *path, const char *bytes, size_t len, struct pdf_info *info, bool pages_only,
                           char **copy, size_t *copy_len)
{
    struct walk w;
    memset(&w, 0, sizeof(w));
    w.path = path;
    w.bytes = bytes;
    w.nbytes = len;
    w.info = info;
    w.budget = WALK_BUDGET;
    w.q = qpdfh_new();
    bool ok = read_pages(&w, info);
    if (!pages_only) {
        ok = ok && walk_document(&w, info);
        summarize(&w, info);
    }
    /* A clean file: poppler may read it faster with streams decoded. */
    if (copy && ok && info->readable && w.nwarnings == 0 && !qpdf_more_warnings(w.q))
        *copy = unfiltered_copy(w.q, bytes, len, w.decodable, w.ndecodable, copy_len);
    walk_release(&w);
    qpdfh_free(&w.q);
    if (!ok) {
        free(info->pages);
        info->pages = NULL;
        info->npages = 0;
    }
    return ok && info->readable;
}

bool pdfstruct_inspect(const char *path, const char *bytes, size_t len, struct pdf_info *info, char **copy,
                       size_t *copy_len)
{
    if (copy) {
        *copy = NULL;
        *copy_len = 0;
    }
    return pdfstruct_read(path, bytes, len, info, false, copy, copy_len);
}

bool pdfstruct_pages(const char *path, const char *bytes, size_t len, struct pdf_info *info)
{
    return pdfstruct_read(path, bytes, len, info, true, NULL, NULL);
}
