/* pdfmutate: apply structural mutations to a PDF (libqpdf C API), to make
 * test inputs that a generator cannot produce directly: shifted or cropped
 * page boxes, rotation, JavaScript, attachment annotations, named
 * destinations, Type 3 fonts.
 *
 * usage: pdfmutate IN OUT ACTION...   (run without arguments for the list)
 * Actions apply in order; OUT is written with a deterministic /ID, so the
 * same input and actions give the same bytes.
 * Exit status: 0 written, 1 qpdf failure, 2 usage error. */
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_QPDF 1
#define EXIT_USAGE 2

struct mutator {
    qpdf_data q;
    int npages;
};

/* ---- errors ---- */

/* Print the pending qpdf error, if any; returns -1 when there was one. */
static int qpdf_failed(struct mutator *m, const char *what)
{
    if (!qpdf_has_error(m->q))
        return 0;
    qpdf_error e = qpdf_get_error(m->q);
    fprintf(stderr, "pdfmutate: %s: %s\n", what, qpdf_get_error_full_text(m->q, e));
    return -1;
}

static void print_warnings(struct mutator *m)
{
    while (qpdf_more_warnings(m->q)) {
        qpdf_error w = qpdf_next_warning(m->q);
        fprintf(stderr, "pdfmutate: warning: %s\n", qpdf_get_error_full_text(m->q, w));
    }
}

static int usage_error(const char *action, const char *arg, const char *expected)
{
    fprintf(stderr, "pdfmutate: %s '%s': expected %s\n", action, arg ? arg : "", expected);
    return -EXIT_USAGE;
}

/* ---- argument parsing ---- */

/* Parse exactly n comma-separated numbers. */
static bool parse_numbers(const char *s, double *out, int n)
{
    for (int i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(s, &end);
        if (end == s || (i < n - 1 ? *end != ',' : *end != '\0'))
            return false;
        s = end + 1;
    }
    return true;
}

/* "N" or "all" → first and last page (1-based). */
static bool parse_pages(const struct mutator *m, const char *s, size_t len, int *first, int *last)
{
    if (len == 3 && !strncmp(s, "all", 3)) {
        *first = 1;
        *last = m->npages;
        return true;
    }
    char buf[16], *end;
    if (len == 0 || len >= sizeof(buf))
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    long v = strtol(buf, &end, 10);
    if (*end || v < 1 || v > m->npages)
        return false;
    *first = *last = (int)v;
    return true;
}

/* "PAGES:REST" → page range and REST; REST is NULL without a colon. */
static bool split_pages(const struct mutator *m, const char *arg, int *first, int *last, const char **rest)
{
    const char *colon = strchr(arg, ':');
    *rest = colon ? colon + 1 : NULL;
    return parse_pages(m, arg, colon ? (size_t)(colon - arg) : strlen(arg), first, last);
}

/* ---- object helpers ---- */

static qpdf_oh page_oh(struct mutator *m, int page)
{
    return qpdf_get_page_n(m->q, (size_t)(page - 1));
}

static qpdf_oh new_real(struct mutator *m, double v)
{
    return qpdf_oh_new_real_from_double(m->q, v, 4);
}

static qpdf_oh new_box(struct mutator *m, const double v[4])
{
    qpdf_oh box = qpdf_oh_new_array(m->q);
    for (int i = 0; i < 4; i++)
        qpdf_oh_append_item(m->q, box, new_real(m, v[i]));
    return box;
}

static bool read_box(struct mutator *m, qpdf_oh dict, const char *key, double v[4])
{
    qpdf_oh box = qpdf_oh_get_key(m->q, dict, key);
    if (!qpdf_oh_is_array(m->q, box) || qpdf_oh_get_array_n_items(m->q, box) != 4)
        return false;
    for (int i = 0; i < 4; i++)
        v[i] = qpdf_oh_get_numeric_value(m->q, qpdf_oh_get_array_item(m->q, box, i));
    return true;
}

/* A new (indirect) unfiltered stream holding text. */
static qpdf_oh new_stream(struct mutator *m, const char *text)
{
    qpdf_oh s = qpdf_oh_new_stream(m->q);
    qpdf_oh_replace_stream_data(m->q, s, (const unsigned char *)text, strlen(text), qpdf_oh_new_null(m->q),
                                qpdf_oh_new_null(m->q));
    return s;
}

/* A direct copy of a dictionary's top level (values shared), so that a
 * page's resources can change without touching other pages sharing them. */
static qpdf_oh dict_copy(struct mutator *m, qpdf_oh dict)
{
    qpdf_oh copy = qpdf_oh_new_dictionary(m->q);
    if (!qpdf_oh_is_dictionary(m->q, dict))
        return copy;
    qpdf_oh_begin_dict_key_iter(m->q, dict);
    while (qpdf_oh_dict_more_keys(m->q)) {
        const char *key = qpdf_oh_dict_next_key(m->q);
        qpdf_oh_replace_key(m->q, copy, key, qpdf_oh_get_key(m->q, dict, key));
    }
    return copy;
}

/* The dictionary at dict/key, created (direct) when missing. */
static qpdf_oh subdict(struct mutator *m, qpdf_oh dict, const char *key)
{
    qpdf_oh d = qpdf_oh_get_key(m->q, dict, key);
    if (!qpdf_oh_is_dictionary(m->q, d)) {
        d = qpdf_oh_new_dictionary(m->q);
        qpdf_oh_replace_key(m->q, dict, key, d);
        d = qpdf_oh_get_key(m->q, dict, key); /* the stored object, not a copy */
    }
    return d;
}

/* Surround the page's content with before and after (new streams), e.g.
 * to give it a transformation or to draw on top of it with a clean state. */
static void wrap_contents(struct mutator *m, qpdf_oh page, const char *before, const char *after)
{
    qpdf_oh contents = qpdf_oh_get_key(m->q, page, "/Contents");
    qpdf_oh list = qpdf_oh_new_array(m->q);
    qpdf_oh_append_item(m->q, list, new_stream(m, before));
    if (qpdf_oh_is_stream(m->q, contents)) {
        qpdf_oh_append_item(m->q, list, contents);
    } else if (qpdf_oh_is_array(m->q, contents)) {
        int n = qpdf_oh_get_array_n_items(m->q, contents);
        for (int i = 0; i < n; i++)
            qpdf_oh_append_item(m->q, list, qpdf_oh_get_array_item(m->q, contents, i));
    }
    qpdf_oh_append_item(m->q, list, new_stream(m, after));
    qpdf_oh_replace_key(m->q, page, "/Contents", list);
}

static void add_annotation(struct mutator *m, qpdf_oh page, qpdf_oh annot)
{
    qpdf_oh annots = qpdf_oh_get_key(m->q, page, "/Annots");
    if (!qpdf_oh_is_array(m->q, annots)) {
        qpdf_oh_replace_key(m->q, page, "/Annots", qpdf_oh_new_array(m->q));
        annots = qpdf_oh_get_key(m->q, page, "/Annots");
    }
    qpdf_oh_append_item(m->q, annots, annot);
}

/* Calls fn for every annotation of every page. */
typedef void (*annot_fn)(struct mutator *m, qpdf_oh annot, void *ctx);

static void for_each_annotation(struct mutator *m, annot_fn fn, void *ctx)
{
    for (int p = 1; p <= m->npages; p++) {
        qpdf_oh annots = qpdf_oh_get_key(m->q, page_oh(m, p), "/Annots");
        int n = qpdf_oh_is_array(m->q, annots) ? qpdf_oh_get_array_n_items(m->q, annots) : 0;
        for (int i = 0; i < n; i++) {
            qpdf_oh a = qpdf_oh_get_array_item(m->q, annots, i);
            if (qpdf_oh_is_dictionary(m->q, a))
                fn(m, a, ctx);
        }
    }
}

/* The explicit destination array of a link (its /Dest, or /D of a GoTo
 * action), or 0 when it has none.  *holder and *key say where it sits. */
static qpdf_oh link_dest(struct mutator *m, qpdf_oh annot, qpdf_oh *holder, const char **key)
{
    qpdf_oh dest = qpdf_oh_get_key(m->q, annot, "/Dest");
    *holder = annot;
    *key = "/Dest";
    if (!qpdf_oh_has_key(m->q, annot, "/Dest")) {
        qpdf_oh action = qpdf_oh_get_key(m->q, annot, "/A");
        if (!qpdf_oh_is_dictionary(m->q, action) ||
            !qpdf_oh_is_name_and_equals(m->q, qpdf_oh_get_key(m->q, action, "/S"), "/GoTo"))
            return 0;
        dest = qpdf_oh_get_key(m->q, action, "/D");
        *holder = action;
        *key = "/D";
    }
    return qpdf_oh_is_array(m->q, dest) ? dest : 0;
}

/* ---- actions ---- */

static int act_cropbox(struct mutator *m, const char *arg)
{
    int first, last;
    const char *rest;
    double v[4];
    if (!split_pages(m, arg, &first, &last, &rest) || !rest || !parse_numbers(rest, v, 4))
        return usage_error("cropbox", arg, "PAGE:x0,y0,x1,y1 (PAGE a number or 'all')");
    for (int p = first; p <= last; p++)
        qpdf_oh_replace_key(m->q, page_oh(m, p), "/CropBox", new_box(m, v));
    return 0;
}

struct shift {
    qpdf_oh page;   /* the page whose destinations move */
    double dx, dy;
};

static void shift_item(struct mutator *m, qpdf_oh array, int i, double by)
{
    qpdf_oh item = qpdf_oh_get_array_item(m->q, array, i);
    if (qpdf_oh_is_number(m->q, item))
        qpdf_oh_set_array_item(m->q, array, i, new_real(m, qpdf_oh_get_numeric_value(m->q, item) + by));
}

/* Move a link's destination on the shifted page with its content:
 * which array items are x and y depends on the fit type. */
static void shift_link(struct mutator *m, qpdf_oh annot, void *ctx)
{
    const struct shift *s = ctx;
    qpdf_oh holder;
    const char *key;
    qpdf_oh dest = link_dest(m, annot, &holder, &key);
    if (!dest || qpdf_oh_get_array_n_items(m->q, dest) < 2 ||
        qpdf_oh_get_object_id(m->q, qpdf_oh_get_array_item(m->q, dest, 0)) != qpdf_oh_get_object_id(m->q, s->page))
        return;
    qpdf_oh fit = qpdf_oh_get_array_item(m->q, dest, 1);
    if (qpdf_oh_is_name_and_equals(m->q, fit, "/XYZ")) {
        shift_item(m, dest, 2, s->dx);
        shift_item(m, dest, 3, s->dy);
    } else if (qpdf_oh_is_name_and_equals(m->q, fit, "/FitH") || qpdf_oh_is_name_and_equals(m->q, fit, "/FitBH")) {
        shift_item(m, dest, 2, s->dy);
    } else if (qpdf_oh_is_name_and_equals(m->q, fit, "/FitV") || qpdf_oh_is_name_and_equals(m->q, fit, "/FitBV")) {
        shift_item(m, dest, 2, s->dx);
    } else if (qpdf_oh_is_name_and_equals(m->q, fit, "/FitR")) {
        for (int i = 2; i < 6; i++)
            shift_item(m, dest, i, i % 2 ? s->dy : s->dx);
    }
}

static void shift_rect(struct mutator *m, qpdf_oh annot, double dx, double dy)
{
    double r[4];
    if (!read_box(m, annot, "/Rect", r))
        return;
    double moved[4] = {r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy};
    qpdf_oh_replace_key(m->q, annot, "/Rect", new_box(m, moved));
}

/* Shift every page box by (dx, dy) and the content, annotations and link
 * targets with it: the page looks the same, its MediaBox is not at 0,0.
 * Links on other pages (and earlier mutations) keep working; destinations
 * in outlines or name trees are not moved. */
static void offset_page(struct mutator *m, int p, double dx, double dy)
{
    static const char *const boxes[] = {"/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"};
    qpdf_oh page = page_oh(m, p);
    for (size_t i = 0; i < sizeof(boxes) / sizeof(boxes[0]); i++) {
        double v[4];
        if (!read_box(m, page, boxes[i], v))
            continue;
        double moved[4] = {v[0] + dx, v[1] + dy, v[2] + dx, v[3] + dy};
        qpdf_oh_replace_key(m->q, page, boxes[i], new_box(m, moved));
    }
    char before[128];
    snprintf(before, sizeof(before), "q 1 0 0 1 %.4f %.4f cm\n", dx, dy);
    wrap_contents(m, page, before, "\nQ\n");
    qpdf_oh annots = qpdf_oh_get_key(m->q, page, "/Annots");
    int n = qpdf_oh_is_array(m->q, annots) ? qpdf_oh_get_array_n_items(m->q, annots) : 0;
    for (int i = 0; i < n; i++)
        shift_rect(m, qpdf_oh_get_array_item(m->q, annots, i), dx, dy);
    struct shift s = {page, dx, dy};
    for_each_annotation(m, shift_link, &s);
}

static int act_mediabox_offset(struct mutator *m, const char *arg)
{
    int first, last;
    const char *rest;
    double d[2];
    if (!split_pages(m, arg, &first, &last, &rest) || !rest || !parse_numbers(rest, d, 2))
        return usage_error("mediabox-offset", arg, "PAGE:DX,DY");
    for (int p = first; p <= last; p++)
        offset_page(m, p, d[0], d[1]);
    return 0;
}

static int act_rotate(struct mutator *m, const char *arg)
{
    int first, last;
    const char *rest;
    char *end;
    long deg = 0;
    bool ok = split_pages(m, arg, &first, &last, &rest) && rest && *rest;
    if (ok) {
        deg = strtol(rest, &end, 10);
        ok = !*end && deg % 90 == 0;
    }
    if (!ok)
        return usage_error("rotate", arg, "PAGE:DEG with DEG a multiple of 90");
    for (int p = first; p <= last; p++)
        qpdf_oh_replace_key(m->q, page_oh(m, p), "/Rotate", qpdf_oh_new_integer(m->q, (deg % 360 + 360) % 360));
    return 0;
}

static int act_js_openaction(struct mutator *m, const char *arg)
{
    (void)arg;
    qpdf_oh action = qpdf_oh_parse(m->q, "<< /S /JavaScript /JS (app.alert\\(1\\)) >>");
    qpdf_oh_replace_key(m->q, qpdf_get_root(m->q), "/OpenAction", action);
    return 0;
}

static int act_js_names(struct mutator *m, const char *arg)
{
    (void)arg;
    qpdf_oh names = subdict(m, qpdf_get_root(m->q), "/Names");
    qpdf_oh tree = qpdf_oh_parse(m->q, "<< /Names [ (pdfmutate.js) << /S /JavaScript /JS (app.alert\\(2\\)) >> ] >>");
    qpdf_oh_replace_key(m->q, names, "/JavaScript", tree);
    return 0;
}

/* A /FileAttachment annotation carrying a small text file, near the top
 * left of the page, inside a usual text block. */
static int act_attach_annot(struct mutator *m, const char *arg)
{
    static const char note[] = "Attached by pdfmutate: supplementary data.\n";
    int first, last;
    const char *rest;
    if (!split_pages(m, arg, &first, &last, &rest) || rest)
        return usage_error("attach-annot", arg, "PAGE");
    for (int p = first; p <= last; p++) {
        qpdf_oh page = page_oh(m, p);
        double mb[4];
        if (!read_box(m, page, "/MediaBox", mb))
            continue;
        qpdf_oh file = new_stream(m, note);
        qpdf_oh file_dict = qpdf_oh_get_dict(m->q, file);
        qpdf_oh_replace_key(m->q, file_dict, "/Type", qpdf_oh_new_name(m->q, "/EmbeddedFile"));
        qpdf_oh params = qpdf_oh_new_dictionary(m->q);
        qpdf_oh_replace_key(m->q, params, "/Size", qpdf_oh_new_integer(m->q, (long long)strlen(note)));
        qpdf_oh_replace_key(m->q, file_dict, "/Params", params);
        qpdf_oh spec = qpdf_oh_parse(m->q, "<< /Type /Filespec /F (note.txt) /UF (note.txt) >>");
        qpdf_oh ef = qpdf_oh_new_dictionary(m->q);
        qpdf_oh_replace_key(m->q, ef, "/F", file);
        qpdf_oh_replace_key(m->q, spec, "/EF", ef);
        qpdf_oh annot = qpdf_oh_parse(m->q, "<< /Type /Annot /Subtype /FileAttachment /Name /Paperclip "
                                            "/Contents (Supplementary data) /F 4 >>");
        double rect[4] = {mb[0] + 72, mb[3] - 90, mb[0] + 86, mb[3] - 72};
        qpdf_oh_replace_key(m->q, annot, "/Rect", new_box(m, rect));
        qpdf_oh_replace_key(m->q, annot, "/FS", spec);
        qpdf_oh_replace_key(m->q, annot, "/P", page);
        add_annotation(m, page, qpdf_make_indirect_object(m->q, annot));
    }
    return 0;
}

/* /OutputIntents in the catalog with the ICC profile of file ICC (PDF/A
 * and office tools write one; poppler reads it for every pass). */
static int act_output_intent(struct mutator *m, const char *arg)
{
    FILE *f = fopen(arg, "rb");
    if (!f)
        return usage_error("output-intent", arg, "a readable ICC profile");
    unsigned char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    if (n == 0 || n == sizeof(buf))
        return usage_error("output-intent", arg, "an ICC profile under 64 KiB");
    qpdf_oh profile = qpdf_oh_new_stream(m->q);
    qpdf_oh_replace_stream_data(m->q, profile, buf, n, qpdf_oh_new_null(m->q), qpdf_oh_new_null(m->q));
    qpdf_oh_replace_key(m->q, qpdf_oh_get_dict(m->q, profile), "/N", qpdf_oh_new_integer(m->q, 3));
    qpdf_oh intent = qpdf_oh_parse(m->q, "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier (sRGB) >>");
    qpdf_oh_replace_key(m->q, intent, "/DestOutputProfile", profile);
    qpdf_oh list = qpdf_oh_new_array(m->q);
    qpdf_oh_append_item(m->q, list, intent);
    qpdf_oh_replace_key(m->q, qpdf_get_root(m->q), "/OutputIntents", list);
    return 0;
}

struct named {
    char *name;
    qpdf_oh dest; /* the explicit destination array */
};

struct naming {
    struct named *items;
    size_t n, cap;
    bool as_dict;   /* /Root /Dests dictionary instead of a name tree */
};

/* Replace the link's explicit destination by a name, as hyperref does. */
static void name_link(struct mutator *m, qpdf_oh annot, void *ctx)
{
    struct naming *nm = ctx;
    qpdf_oh holder;
    const char *key;
    if (!qpdf_oh_is_name_and_equals(m->q, qpdf_oh_get_key(m->q, annot, "/Subtype"), "/Link"))
        return;
    qpdf_oh dest = link_dest(m, annot, &holder, &key);
    if (!dest)
        return;
    if (nm->n == nm->cap) {
        nm->cap = nm->cap ? 2 * nm->cap : 16;
        nm->items = realloc(nm->items, nm->cap * sizeof(*nm->items));
        if (!nm->items) {
            fputs("pdfmutate: out of memory\n", stderr);
            exit(EXIT_QPDF);
        }
    }
    char name[32];
    snprintf(name, sizeof(name), "%sdest.%zu", nm->as_dict ? "/" : "", nm->n + 1);
    nm->items[nm->n].name = strdup(name);
    nm->items[nm->n].dest = qpdf_oh_new_object(m->q, dest);
    nm->n++;
    qpdf_oh_replace_key(m->q, holder, key, nm->as_dict ? qpdf_oh_new_name(m->q, name) : qpdf_oh_new_string(m->q, name));
}

static int compare_named(const void *a, const void *b)
{
    return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

/* A flat name tree: keys must be in byte order ("dest.10" < "dest.2"),
 * values are << /D [...] >> dictionaries like hyperref writes. */
static void write_name_tree(struct mutator *m, struct naming *nm)
{
    qsort(nm->items, nm->n, sizeof(*nm->items), compare_named);
    qpdf_oh list = qpdf_oh_new_array(m->q);
    for (size_t i = 0; i < nm->n; i++) {
        qpdf_oh value = qpdf_oh_new_dictionary(m->q);
        qpdf_oh_replace_key(m->q, value, "/D", nm->items[i].dest);
        qpdf_oh_append_item(m->q, list, qpdf_oh_new_string(m->q, nm->items[i].name));
        qpdf_oh_append_item(m->q, list, qpdf_make_indirect_object(m->q, value));
    }
    qpdf_oh tree = qpdf_oh_new_dictionary(m->q);
    qpdf_oh_replace_key(m->q, tree, "/Names", list);
    qpdf_oh_replace_key(m->q, subdict(m, qpdf_get_root(m->q), "/Names"), "/Dests", tree);
}

static void write_dests_dict(struct mutator *m, struct naming *nm)
{
    qpdf_oh dests = qpdf_oh_new_dictionary(m->q);
    for (size_t i = 0; i < nm->n; i++)
        qpdf_oh_replace_key(m->q, dests, nm->items[i].name, nm->items[i].dest);
    qpdf_oh_replace_key(m->q, qpdf_get_root(m->q), "/Dests", qpdf_make_indirect_object(m->q, dests));
}

static int act_named_dests(struct mutator *m, const char *arg)
{
    struct naming nm = {NULL, 0, 0, false};
    if (arg && strcmp(arg, "dict"))
        return usage_error("named-dests", arg, "nothing or 'dict'");
    nm.as_dict = arg != NULL;
    qpdf_oh root = qpdf_get_root(m->q);
    qpdf_oh holder = nm.as_dict ? root : qpdf_oh_get_key(m->q, root, "/Names");
    bool exists = qpdf_oh_is_dictionary(m->q, holder) && qpdf_oh_has_key(m->q, holder, "/Dests");
    if (exists) {
        fputs("pdfmutate: named-dests: the file already has named destinations\n", stderr);
        return -EXIT_QPDF;
    }
    for_each_annotation(m, name_link, &nm);
    if (nm.n)
        (nm.as_dict ? write_dests_dict : write_name_tree)(m, &nm);
    for (size_t i = 0; i < nm.n; i++)
        free(nm.items[i].name);
    free(nm.items);
    return 0;
}

/* A one-glyph Type 3 font (a filled square at code 'A') drawn once near
 * the middle of the page. */
static int act_type3_font(struct mutator *m, const char *arg)
{
    int first, last;
    const char *rest;
    if (!split_pages(m, arg, &first, &last, &rest) || rest)
        return usage_error("type3-font", arg, "PAGE");
    for (int p = first; p <= last; p++) {
        qpdf_oh page = page_oh(m, p);
        double mb[4];
        if (!read_box(m, page, "/MediaBox", mb))
            continue;
        qpdf_oh procs = qpdf_oh_new_dictionary(m->q);
        qpdf_oh_replace_key(m->q, procs, "/square", new_stream(m, "750 0 0 0 750 750 d1\n0 0 750 750 re f\n"));
        qpdf_oh font = qpdf_oh_parse(m->q,
            "<< /Type /Font /Subtype /Type3 /Name /T3F /FontBBox [0 0 750 750] "
            "/FontMatrix [0.001 0 0 0.001 0 0] /Encoding << /Type /Encoding /Differences [65 /square] >> "
            "/FirstChar 65 /LastChar 65 /Widths [750] /Resources << >> >>");
        qpdf_oh_replace_key(m->q, font, "/CharProcs", procs);
        /* Resources may be shared with other pages: give this page its own. */
        qpdf_oh resources = dict_copy(m, qpdf_oh_get_key(m->q, page, "/Resources"));
        qpdf_oh fonts = dict_copy(m, qpdf_oh_get_key(m->q, resources, "/Font"));
        qpdf_oh_replace_key(m->q, fonts, "/T3F", qpdf_make_indirect_object(m->q, font));
        qpdf_oh_replace_key(m->q, resources, "/Font", fonts);
        qpdf_oh_replace_key(m->q, page, "/Resources", resources);
        char after[160];
        snprintf(after, sizeof(after), "\nQ\nq BT /T3F 8 Tf 1 0 0 1 %.2f %.2f Tm (A) Tj ET Q\n",
                 (mb[0] + mb[2]) / 2 - 3, (mb[1] + mb[3]) / 2);
        wrap_contents(m, page, "q\n", after);
    }
    return 0;
}

/* A document outline: one top-level bookmark TITLE on page 1 (as Word
 * and some LaTeX set-ups write the paper's title), holding "Page N"
 * bookmarks to the top of each later page, then a top-level "Extra". */
static int act_outline(struct mutator *m, const char *arg)
{
    if (!arg || !*arg || strchr(arg, '(') || strchr(arg, ')') || strchr(arg, '\\'))
        return usage_error("outline", arg, "TITLE (no parentheses or backslashes)");
    int n = qpdf_get_num_pages(m->q);
    qpdf_oh root = qpdf_make_indirect_object(m->q, qpdf_oh_parse(m->q, "<< /Type /Outlines >>"));
    qpdf_oh top = qpdf_make_indirect_object(m->q, qpdf_oh_new_dictionary(m->q));
    qpdf_oh extra = qpdf_make_indirect_object(m->q, qpdf_oh_new_dictionary(m->q));
    qpdf_oh_replace_key(m->q, top, "/Title", qpdf_oh_new_unicode_string(m->q, arg));
    qpdf_oh_replace_key(m->q, extra, "/Title", qpdf_oh_new_unicode_string(m->q, "Extra"));
    qpdf_oh prev = 0, first = 0;
    for (int p = 1; p <= n; p++) {
        double mb[4] = {0, 0, 612, 792};
        read_box(m, page_oh(m, p), "/MediaBox", mb);
        char dest[96];
        snprintf(dest, sizeof(dest), "[ 0 /XYZ %.2f %.2f null ]", mb[0], mb[3]);
        qpdf_oh d = qpdf_oh_parse(m->q, dest);
        qpdf_oh_set_array_item(m->q, d, 0, page_oh(m, p));
        if (p == 1) {
            qpdf_oh_replace_key(m->q, top, "/Dest", d);
            qpdf_oh_replace_key(m->q, extra, "/Dest", qpdf_oh_parse(m->q, "[ 0 /Fit ]"));
            qpdf_oh fit = qpdf_oh_get_key(m->q, extra, "/Dest");
            qpdf_oh_set_array_item(m->q, fit, 0, page_oh(m, n));
            continue;
        }
        char title[32];
        snprintf(title, sizeof(title), "Page %d", p);
        qpdf_oh item = qpdf_make_indirect_object(m->q, qpdf_oh_new_dictionary(m->q));
        qpdf_oh_replace_key(m->q, item, "/Title", qpdf_oh_new_unicode_string(m->q, title));
        qpdf_oh_replace_key(m->q, item, "/Dest", d);
        qpdf_oh_replace_key(m->q, item, "/Parent", top);
        if (prev) {
            qpdf_oh_replace_key(m->q, prev, "/Next", item);
            qpdf_oh_replace_key(m->q, item, "/Prev", prev);
        } else {
            first = item;
        }
        prev = item;
    }
    if (first) {
        qpdf_oh_replace_key(m->q, top, "/First", first);
        qpdf_oh_replace_key(m->q, top, "/Last", prev);
        qpdf_oh_replace_key(m->q, top, "/Count", qpdf_oh_new_integer(m->q, n - 1));
    }
    qpdf_oh_replace_key(m->q, top, "/Parent", root);
    qpdf_oh_replace_key(m->q, extra, "/Parent", root);
    qpdf_oh_replace_key(m->q, top, "/Next", extra);
    qpdf_oh_replace_key(m->q, extra, "/Prev", top);
    qpdf_oh_replace_key(m->q, root, "/First", top);
    qpdf_oh_replace_key(m->q, root, "/Last", extra);
    qpdf_oh_replace_key(m->q, root, "/Count", qpdf_oh_new_integer(m->q, n + 1));
    qpdf_oh_replace_key(m->q, qpdf_get_root(m->q), "/Outlines", root);
    return 0;
}

/* ---- driver ---- */

enum arg_kind { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct action {
    const char *name;
    enum arg_kind arg;
    int (*fn)(struct mutator *m, const char *arg); /* 0, or -(exit status) */
    const char *help;
};

static const struct action actions[] = {
    {"cropbox", ARG_REQUIRED, act_cropbox, "cropbox:PAGE:x0,y0,x1,y1    set /CropBox"},
    {"mediabox-offset", ARG_REQUIRED, act_mediabox_offset,
     "mediabox-offset:PAGE:DX,DY  shift page boxes, content, annotations and link targets"},
    {"rotate", ARG_REQUIRED, act_rotate, "rotate:PAGE:DEG             set /Rotate (multiple of 90)"},
    {"js-openaction", ARG_NONE, act_js_openaction, "js-openaction               JavaScript /OpenAction in the catalog"},
    {"js-names", ARG_NONE, act_js_names, "js-names                    a /Names /JavaScript name tree entry"},
    {"attach-annot", ARG_REQUIRED, act_attach_annot, "attach-annot:PAGE           a /FileAttachment annotation"},
    {"named-dests", ARG_OPTIONAL, act_named_dests,
     "named-dests[:dict]          link destinations become names in /Names /Dests (or /Root /Dests)"},
    {"type3-font", ARG_REQUIRED, act_type3_font, "type3-font:PAGE             draw a glyph of a Type 3 font"},
    {"output-intent", ARG_REQUIRED, act_output_intent,
     "output-intent:ICC           /OutputIntents with that ICC profile in the catalog"},
    {"outline", ARG_REQUIRED, act_outline,
     "outline:TITLE               bookmarks: TITLE > Page 2..N, then Extra"},
};

static void usage(FILE *out)
{
    fputs("usage: pdfmutate IN OUT ACTION...\n"
          "Actions (applied in order; PAGE is a 1-based number or 'all'):\n", out);
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        fprintf(out, "  %s\n", actions[i].help);
}

static const struct action *find_action(const char *spec, const char **arg)
{
    const char *colon = strchr(spec, ':');
    size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
    *arg = colon ? colon + 1 : NULL;
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
        if (strlen(actions[i].name) == len && !strncmp(spec, actions[i].name, len))
            return &actions[i];
    return NULL;
}

/* Check every action's name and argument presence before touching the file. */
static int check_actions(int count, char **specs)
{
    for (int i = 0; i < count; i++) {
        const char *arg;
        const struct action *a = find_action(specs[i], &arg);
        if (!a) {
            fprintf(stderr, "pdfmutate: unknown action '%s'\n", specs[i]);
            return -1;
        }
        if ((a->arg == ARG_REQUIRED && !arg) || (a->arg == ARG_NONE && arg)) {
            fprintf(stderr, "pdfmutate: '%s': usage: %s\n", specs[i], a->help);
            return -1;
        }
    }
    return 0;
}

static int run(struct mutator *m, const char *in, const char *out, int count, char **specs)
{
    qpdf_set_suppress_warnings(m->q, QPDF_TRUE); /* printed by print_warnings */
    qpdf_read(m->q, in, NULL);
    if (qpdf_failed(m, in) < 0)
        return EXIT_QPDF;
    qpdf_push_inherited_attributes_to_page(m->q);
    m->npages = qpdf_get_num_pages(m->q);
    if (qpdf_failed(m, in) < 0)
        return EXIT_QPDF;
    for (int i = 0; i < count; i++) {
        const char *arg;
        const struct action *a = find_action(specs[i], &arg);
        int rc = a->fn(m, arg);
        if (rc < 0)
            return -rc;
        print_warnings(m);
        if (qpdf_failed(m, specs[i]) < 0)
            return EXIT_QPDF;
    }
    /* Write options are only valid after qpdf_init_write (setting them
     * earlier crashes qpdf 11.3). */
    qpdf_init_write(m->q, out);
    if (!qpdf_is_encrypted(m->q)) /* qpdf refuses a deterministic ID with encryption */
        qpdf_set_deterministic_ID(m->q, QPDF_TRUE);
    qpdf_write(m->q);
    print_warnings(m);
    return qpdf_failed(m, out) < 0 ? EXIT_QPDF : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc < 4) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (check_actions(argc - 3, argv + 3) < 0)
        return EXIT_USAGE;
    struct mutator m = {qpdf_init(), 0};
    qpdf_silence_errors(m.q);
    int rc = run(&m, argv[1], argv[2], argc - 3, argv + 3);
    qpdf_cleanup(&m.q);
    return rc;
}
