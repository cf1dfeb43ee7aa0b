/* inspect: open one PDF with poppler-glib and fill a pdf_info (the only
 * user of poppler.h).
 *
 * pdfstruct (libqpdf) runs first: it fills the document-level fields and
 * allocates info->pages with each page's geometry (boxes, /Rotate,
 * displayed size), read as poppler reads it.  poppler only measures what
 * is drawn: the page size comes from that record, never from poppler, so
 * every module sees one geometry.  A file qpdf refuses is not opened here,
 * except to tell "needs a password" from "qpdf cannot decrypt it".
 *
 * Coordinates.  Everything stored is in points, origin at the top-left of
 * the page as displayed, relative to the CropBox, which is what poppler
 * gives for poppler_page_get_bounding_box, poppler_page_get_text_layout and
 * rendering (checked with test files: a rectangle drawn at known PDF
 * coordinates on pages with /Rotate 0 and 90 and an offset CropBox comes
 * out at the same place in all three).  poppler_page_get_image_mapping is
 * the exception: its boxes are only right when the image is neither
 * rotated nor drawn at an aspect ratio other than its pixels', and are
 * wrong on pages with /Rotate, so images are only boxed on unrotated pages
 * and the box serves only to name what crosses a margin.
 *
 * Speed.  One poppler pass per page (the bounding box) is enough for pages
 * whose content stays, within the tolerance, inside every area check may
 * judge them by (the style's text blocks and its minimum margins): they
 * are left unmeasured.  Other pages are rendered at 144 dpi for the ink box
 * and its pieces (what is visible decides margins), and their text layout
 * is read for the text box, the body text's edges and the lines outside
 * the text block (running heads, page numbers), and the numbers beside the
 * block and the letters in large type (line numbers and watermarks of
 * review versions); image boxes are read only when ink crosses the block
 * further than the text does (check names the crossing "an image" only
 * then).  The bounding box cannot be skipped on pages that will be
 * measured: it is clipped, the text layout is not, so text that does not
 * fit says nothing of the bounding box.  Nor can the render be clipped to
 * the part of the page outside the block: poppler scales images and
 * patterns to the clip's extent, which changes pixels outside it too.
 * A watermark lies inside the block, as do the line numbers of a paper
 * from a template with wider margins, so page 1's text layout is read for
 * them even when the page is not measured, and every page's once page 1
 * has some.  poppler reads a clean file's unfiltered copy, with content
 * streams, forms and font data decoded once and no output intent
 * (pdf/unfiltered.h); any other file with an output intent is read
 * without it (geometry_bytes).  No text at all is read on a page that shows more
 * pieces of text than PDFINFO_MAX_TEXT_PIECES (pdfstruct counts them):
 * poppler's text extraction would take minutes there. */
#include "inspect/inspect.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cairo.h>
#include <poppler.h>

#include "inspect/ink.h"
#include "inspect/pdfstruct.h"
#include "inspect/typography.h"
#include "inspect/sections.h"
#include "base/utf8.h"
#include "base/util.h"

#define MIN_PAGE_SIDE 1.0          /* pt; smaller pages are not measured */
#define MAX_RENDER_PIXELS 50e6     /* larger pages are rendered scaled down */
#define MAX_RENDER_SIDE 32000.0    /* cairo image surfaces end at 32767 pixels */
#define INK_DPI 144.0              /* ink is measured to half a point */
#define MAX_MARGIN_TEXTS 8         /* lines kept per page */
#define MARGIN_TEXT_MAX 60         /* bytes of one line */
#define FIRST_PAGE_TEXT_MAX 8192   /* bytes of first_page_text */
#define GENERIC_MARGIN 0.10        /* without a style: margins are this share of the page */
#define MAX_DAMAGE_LEN 400         /* bytes of info->damage after notes are appended */
#define LONG_LINE 120.0            /* pt; shorter lines (line numbers, folios) show no body edge */
#define EDGE_CLUSTER 1.0           /* pt; line edges this close are one edge */
#define EDGE_MIN_LINES 3           /* lines that must share an edge for it to be the body's */
#define NUMBER_MAX_DIGITS 4        /* line numbers: "7", "054" (CVPR), "1234" */
#define LARGE_GLYPH 36.0           /* pt; a letter box this long is large type (body text: ~10) */
#define LARGE_GLYPH_MIN 12.0       /* pt; and at least this across (a turned 'I' is narrow) */
#define MAX_LARGE_GLYPHS 64        /* letters of large type kept per page */
#define MARKS_NUMBERS 10           /* numbers beside page 1's text that may be line numbers */

/* The area content is expected to stay in, and how far it may stray. */
#define MAX_OTHER_BLOCKS 8
struct block {
    struct rect r;                 /* the page size's text block, page coordinates */
    struct rect fast;              /* inside r and the minimum margins */
    struct rect others[MAX_OTHER_BLOCKS]; /* the other sizes' blocks, which check may also use */
    size_t nothers;
    double tol;                    /* margin tolerance, pt */
    bool style;                    /* r comes from a style (else a generic guess) */
};


/* Append a note to info->damage ("; " separated), within MAX_DAMAGE_LEN. */
static void add_damage(struct pdf_info *info, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void add_damage(struct pdf_info *info, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    if (info->damage) {
        if (strlen(info->damage) + 5 >= MAX_DAMAGE_LEN)
            return;
        strbuf_adds(&sb, info->damage);
        strbuf_adds(&sb, "; ");
    }
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    free(info->damage);
    info->damage = strbuf_detach(&sb);
}

/* ---- rectangles ---- */

static struct rect from_poppler(const PopplerRectangle *r)
{
    return (struct rect){fmin(r->x1, r->x2), fmin(r->y1, r->y2), fmax(r->x1, r->x2), fmax(r->y1, r->y2)};
}

static bool inside(const struct rect *r, const struct rect *area, double tol)
{
    return r->x0 >= area->x0 - tol && r->y0 >= area->y0 - tol && r->x1 <= area->x1 + tol && r->y1 <= area->y1 + tol;
}

/* Content r needs no measuring when it lies inside every area check may
 * judge its page by: the page size's block and the minimum margins, and
 * each other size's block unless r starts clearly right of that block's
 * left edge (then no body text on the page starts there, and check does
 * not pick it; a page judged by it anyway is checked by its bounding box). */
static bool fits_block(const struct rect *r, const struct block *b)
{
    if (!inside(r, &b->fast, b->tol))
        return false;
    for (size_t k = 0; k < b->nothers; k++)
        if (!inside(r, &b->others[k], b->tol) && r->x0 <= b->others[k].x0 + STYLE_BLOCK_MATCH)
            return false;
    return true;
}

static void intersect(struct rect *acc, const struct rect *r)
{
    acc->x0 = fmax(acc->x0, r->x0);
    acc->y0 = fmax(acc->y0, r->y0);
    acc->x1 = fmin(acc->x1, r->x1);
    acc->y1 = fmin(acc->y1, r->y1);
}

/* The text block of a w x h page: the template's block of the style's
 * accepted size (or the nearest one), else the area inside its minimum
 * margins, measured from the page's own edges as check does.  check may
 * instead judge the page by another size's block (a paper laid out for
 * Letter on A4) or by the minimum margins (a paper from another
 * template), so a page is only left unmeasured inside all of them.
 * Without a style, a generic block for margin_texts. */
static struct block page_block(const struct style *style, double w, double h)
{
    struct block b;
    if (style && style->nsizes > 0) {
        const struct style_size *sz = style_match_size(style, w, h, NULL);
        if (!sz)
            sz = style_nearest_size(style, w, h);
        b.fast = (struct rect){sz->left, sz->top, w - sz->right, h - sz->bottom};
        style_text_block(sz, &b.r);
        if (b.r.x1 > w || b.r.y1 > h)
            b.r = b.fast; /* the block does not fit (a landscape page): check uses the margins */
        b.nothers = 0;
        for (size_t i = 0; i < style->nsizes && b.nothers < MAX_OTHER_BLOCKS; i++)
            if (style->sizes[i].text_block.given)
                style_text_block(&style->sizes[i], &b.others[b.nothers++]);
        intersect(&b.fast, &b.r);
        b.tol = style->margin_tolerance;
        b.style = true;
    } else {
        b.r = (struct rect){w * GENERIC_MARGIN, h * GENERIC_MARGIN, w * (1 - GENERIC_MARGIN),
                            h * (1 - GENERIC_MARGIN)};
        b.fast = b.r;
        b.nothers = 0;
        b.tol = 0;
        b.style = false;
    }
    return b;
}

/* ---- ink ---- */

/* Pixels of the pages rendered, kept from page to page and from file to
 * file: fresh memory costs a page fault per 4 KiB (8 MiB for a Letter
 * page at 144 dpi), so it is asked for in huge pages where the system
 * gives them when asked (transparent huge pages, "madvise" mode). */
static struct {
    unsigned char *data;
    size_t cap;                    /* bytes */
} pixels;

#define HUGE_PAGE ((size_t)2 << 20)

static void pixels_reserve(size_t size)
{
    if (size <= pixels.cap)
        return;
    free(pixels.data);
    size = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    void *mem = NULL;
    if (posix_memalign(&mem, HUGE_PAGE, size) != 0)
        mem = xmalloc(size); /* dies when there is no memory */
#ifdef MADV_HUGEPAGE
    else
        madvise(mem, size, MADV_HUGEPAGE); /* a hint: without it, small pages */
#endif
    pixels.data = mem;
    pixels.cap = size;
}

void inspect_release_buffers(void)
{
    free(pixels.data);
    pixels.data = NULL;
    pixels.cap = 0;
}

/* Render the page (as printed) on white at INK_DPI, scaled down when
 * huge, into pixels, and box the pixels that are not near-white (see
 * ink.h): p->ink, and p->ink_bands, around block.  False when rendering
 * failed; ink and bands are then empty. */
static bool render_ink(PopplerPage *page, double w, double h, const struct rect *block, struct page_info *p)
{
    p->ink = (struct rect){0, 0, 0, 0};
    double scale = INK_DPI / 72.0;
    if (w * h * scale * scale > MAX_RENDER_PIXELS)
        scale = sqrt(MAX_RENDER_PIXELS / (w * h));
    if (w * scale > MAX_RENDER_SIDE)
        scale = MAX_RENDER_SIDE / w;
    if (h * scale > MAX_RENDER_SIDE)
        scale = MAX_RENDER_SIDE / h;
    int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
    if (pw < 1 || ph < 1)
        return false;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, pw);
    if (stride <= 0)
        return false;
    size_t size = (size_t)stride * (size_t)ph;
    pixels_reserve(size);
    memset(pixels.data, 0xFF, size); /* white */
    cairo_surface_t *surface = cairo_image_surface_create_for_data(pixels.data, CAIRO_FORMAT_RGB24, pw, ph, stride);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return false;
    }
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    poppler_page_render_for_printing(page, cr);
    bool ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    cairo_surface_flush(surface);

    const unsigned char *data = cairo_image_surface_get_data(surface);
    if (ok && data) {
        struct ink_raster ras = {data, pw, ph, cairo_image_surface_get_stride(surface), scale};
        ink_scan(&ras, w, h, block, &p->ink, &p->ink_bands, &p->nink_bands);
    }
    cairo_surface_destroy(surface);
    return ok;
}

/* ---- images ---- */

static struct rect image_box(PopplerPage *page, double w, double h)
{
    struct rect box = {0, 0, 0, 0};
    GList *maps = poppler_page_get_image_mapping(page);
    for (GList *l = maps; l; l = l->next) {
        const PopplerImageMapping *m = l->data;
        struct rect r = rect_clip(from_poppler(&m->area), w, h);
        rect_union(&box, &r);
    }
    poppler_page_free_image_mapping(maps);
    return box;
}

/* ---- text ---- */

/* One text line being collected. */
struct line {
    const char *start;             /* first non-space character, NULL: none yet */
    const char *end;               /* just past the last non-space character */
    struct rect box;               /* union of its glyph boxes */
};

/* A line outside the block, a candidate for margin_texts.  Lines above
 * and below the block rank before lines beside it, then the nearer to the
 * page edge the better: folios sit at the edge, and body text that spills
 * into a margin must not crowd them out. */
struct candidate {
    struct line ln;
    bool beside;                   /* left or right of the block (else above or below) */
    double dist;                   /* from the nearest page edge on that axis, pt */
};

struct margin_lines {
    struct candidate best[MAX_MARGIN_TEXTS]; /* unordered */
    size_t n;
};

static bool ranks_before(const struct candidate *a, const struct candidate *b)
{
    return a->beside != b->beside ? !a->beside : a->dist < b->dist;
}

static int candidate_cmp(const void *a, const void *b)
{
    const struct candidate *x = a, *y = b;
    return ranks_before(x, y) ? -1 : ranks_before(y, x) ? 1 : 0;
}

/* s[0..n) with whitespace and control characters collapsed to single
 * spaces, trimmed, at most MARGIN_TEXT_MAX bytes. */
static char *clean_line(const char *s, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == 0x7F) {
            space = sb.len > 0;
            continue;
        }
        if (space)
            strbuf_addch(&sb, ' ');
        space = false;
        strbuf_addch(&sb, (char)c);
    }
    char *out = strbuf_detach(&sb);
    if (!out)
        return xstrdup("");
    size_t len = utf8_prefix_len(out, strlen(out), MARGIN_TEXT_MAX);
    while (len > 0 && out[len - 1] == ' ')
        len--;
    out[len] = '\0';
    return out;
}

static void keep_line(struct margin_lines *ml, const struct line *ln, const struct block *b, double w,
                      double h)
{
    if (!ln->start || rect_empty(&ln->box))
        return;
    const struct rect *r = &ln->box;
    double cx = (r->x0 + r->x1) / 2, cy = (r->y0 + r->y1) / 2;
    struct candidate c = {*ln, false, 0};
    if (cy < b->r.y0 || cy > b->r.y1) {
        c.dist = fmin(r->y0, h - r->y1);
    } else if (cx < b->r.x0 || cx > b->r.x1) {
        c.beside = true;
        c.dist = fmin(r->x0, w - r->x1);
    } else {
        return;
    }
    if (ml->n < MAX_MARGIN_TEXTS) {
        ml->best[ml->n++] = c;
        return;
    }
    size_t worst = 0;
    for (size_t i = 1; i < ml->n; i++)
        if (ranks_before(&ml->best[worst], &ml->best[i]))
            worst = i;
    if (ranks_before(&c, &ml->best[worst]))
        ml->best[worst] = c;
}

static void store_margin_texts(struct margin_lines *ml, struct page_info *p)
{
    qsort(ml->best, ml->n, sizeof(ml->best[0]), candidate_cmp);
    p->margin_texts = ml->n ? xcalloc(ml->n, sizeof(*p->margin_texts)) : NULL;
    p->nmargin_texts = ml->n;
    for (size_t i = 0; i < ml->n; i++) {
        const struct line *ln = &ml->best[i].ln;
        p->margin_texts[i].text = clean_line(ln->start, (size_t)(ln->end - ln->start));
        p->margin_texts[i].box = ln->box;
    }
}

/* The edges of long lines, to find the body text's (see page_info.body). */
struct edges {
    double *left, *right;          /* n each */
    size_t n, cap_left, cap_right;
    struct rect extent;            /* of the long lines */
};

static void note_edges(struct edges *e, const struct line *ln)
{
    if (!ln->start || ln->box.x1 - ln->box.x0 < LONG_LINE)
        return;
    grow_array((void **)&e->left, &e->cap_left, e->n + 1, sizeof(*e->left));
    grow_array((void **)&e->right, &e->cap_right, e->n + 1, sizeof(*e->right));
    e->left[e->n] = ln->box.x0;
    e->right[e->n] = ln->box.x1;
    e->n++;
    rect_union(&e->extent, &ln->box);
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Edges within EDGE_CLUSTER of the first of a run of sorted v are one
 * edge; returns the end of the run starting at i. */
static size_t edge_run(const double *v, size_t n, size_t i)
{
    size_t k = i;
    while (k < n && v[k] - v[i] <= EDGE_CLUSTER)
        k++;
    return k;
}

/* The leftmost or, with last, the rightmost edge shared by at least
 * EDGE_MIN_LINES lines and by a quarter as many as the most shared edge:
 * the outer edges of the columns, not indents or stray lines.  Sorts v;
 * false when no edge is shared enough. */
static bool shared_edge(double *v, size_t n, bool last, double *out)
{
    qsort(v, n, sizeof(*v), double_cmp);
    size_t most = 0;
    for (size_t i = 0, k; i < n; i = k) {
        k = edge_run(v, n, i);
        if (k - i > most)
            most = k - i;
    }
    bool found = false;
    for (size_t i = 0, k; i < n; i = k) {
        k = edge_run(v, n, i);
        if (k - i < EDGE_MIN_LINES || (k - i) * 4 < most)
            continue;
        double sum = 0;
        for (size_t j = i; j < k; j++)
            sum += v[j];
        *out = sum / (double)(k - i);
        found = true;
        if (!last)
            break;
    }
    return found;
}

static void store_body(struct edges *e, struct page_info *p)
{
    double x0, x1;
    if (e->n && shared_edge(e->left, e->n, false, &x0) && shared_edge(e->right, e->n, true, &x1) && x1 > x0)
        p->body = (struct rect){x0, e->extent.y0, x1, e->extent.y1};
    free(e->left);
    free(e->right);
}

/* ---- line numbers and large type, for check/review ---- */

/* A word of a text line: characters between spaces. */
struct word {
    const char *start, *end;       /* NULL start: none */
    struct rect box;
};

/* The words of the line being read that may be line numbers. */
struct line_words {
    struct word first, last, cur;  /* its first and last complete words, and the one being read */
};

static void word_char(struct line_words *lw, const char *here, const char *next, const struct rect *r)
{
    if (!lw->cur.start) {
        lw->cur.start = here;
        lw->cur.box = *r;
    } else {
        rect_union(&lw->cur.box, r);
    }
    lw->cur.end = next;
}

static void word_end(struct line_words *lw)
{
    if (!lw->cur.start)
        return;
    if (!lw->first.start)
        lw->first = lw->cur;
    lw->last = lw->cur;
    lw->cur.start = NULL;
}

/* Keep wd when it is a number beside the block (its middle left or right
 * of it), where line-number rulers print. */
static void note_number(const struct word *wd, const struct block *b, struct page_info *p, size_t *cap)
{
    if (!wd->start || p->nnumbers >= PDFINFO_MAX_NUMBERS)
        return;
    size_t n = (size_t)(wd->end - wd->start);
    if (n == 0 || n > NUMBER_MAX_DIGITS)
        return;
    int v = 0;
    for (size_t k = 0; k < n; k++) {
        if (wd->start[k] < '0' || wd->start[k] > '9')
            return;
        v = v * 10 + (wd->start[k] - '0');
    }
    double cx = (wd->box.x0 + wd->box.x1) / 2;
    if (cx >= b->r.x0 && cx <= b->r.x1)
        return;
    *ARRAY_PUSH(p->numbers, p->nnumbers, *cap) = (struct margin_number){v, wd->box};
}

/* The line's first and last word, as numbers; then a new line. */
static void line_numbers(struct line_words *lw, const struct block *b, struct page_info *p, size_t *cap)
{
    word_end(lw);
    note_number(&lw->first, b, p, cap);
    if (lw->last.start != lw->first.start)
        note_number(&lw->last, b, p, cap);
    memset(lw, 0, sizeof(*lw));
}

/* Letters in large type on a page. */
struct large {
    gunichar ch[MAX_LARGE_GLYPHS];
    double cx[MAX_LARGE_GLYPHS], cy[MAX_LARGE_GLYPHS]; /* middles of their boxes */
    double size[MAX_LARGE_GLYPHS];                     /* shorter side of their boxes */
    size_t n;
    struct rect box;
};

static void note_large(struct large *lg, gunichar ch, const struct rect *r)
{
    double w = r->x1 - r->x0, h = r->y1 - r->y0;
    if (lg->n >= MAX_LARGE_GLYPHS || !g_unichar_isalpha(ch) || fmax(w, h) < LARGE_GLYPH || fmin(w, h) < LARGE_GLYPH_MIN)
        return;
    lg->ch[lg->n] = ch;
    lg->cx[lg->n] = (r->x0 + r->x1) / 2;
    lg->cy[lg->n] = (r->y0 + r->y1) / 2;
    lg->size[lg->n] = fmin(w, h);
    lg->n++;
    rect_union(&lg->box, r);
}

/* Sort order[0..n) by key, ascending (a few dozen letters). */
static void sort_by(size_t *order, size_t n, const double *key)
{
    for (size_t k = 1; k < n; k++) {
        size_t v = order[k], j = k;
        for (; j > 0 && key[order[j - 1]] > key[v]; j--)
            order[j] = order[j - 1];
        order[j] = v;
    }
}

/* p->large_text: the letters in reading order, a space between lines.
 * poppler gives the letters of turned text out of order ("FT", "D",
 * "RA"), so they are ordered here: along the main direction of their
 * middles (left to right, or upwards for upright text), in lines across
 * it (a gap of half a letter apart), first line first. */
static void store_large(struct large *lg, struct page_info *p)
{
    size_t n = lg->n;
    if (n == 0)
        return;
    double mx = 0, my = 0, size = 0;
    for (size_t k = 0; k < n; k++) {
        mx += lg->cx[k] / (double)n;
        my += lg->cy[k] / (double)n;
        size += lg->size[k] / (double)n;
    }
    double sxx = 0, syy = 0, sxy = 0;
    for (size_t k = 0; k < n; k++) {
        sxx += (lg->cx[k] - mx) * (lg->cx[k] - mx);
        syy += (lg->cy[k] - my) * (lg->cy[k] - my);
        sxy += (lg->cx[k] - mx) * (lg->cy[k] - my);
    }
    double angle = 0.5 * atan2(2 * sxy, sxx - syy), ux = cos(angle), uy = sin(angle);
    if (fabs(ux) > 0.2 ? ux < 0 : uy > 0) {
        ux = -ux;
        uy = -uy;
    }
    double along[MAX_LARGE_GLYPHS], across[MAX_LARGE_GLYPHS];
    size_t order[MAX_LARGE_GLYPHS];
    for (size_t k = 0; k < n; k++) {
        double dx = lg->cx[k] - mx, dy = lg->cy[k] - my;
        along[k] = dx * ux + dy * uy;
        across[k] = dy * ux - dx * uy;
        order[k] = k;
    }
    sort_by(order, n, across);
    struct strbuf sb = STRBUF_INIT;
    for (size_t first = 0, end; first < n; first = end) {
        for (end = first + 1; end < n && across[order[end]] - across[order[end - 1]] <= size / 2; end++)
            ;
        sort_by(order + first, end - first, along);
        if (first)
            strbuf_addch(&sb, ' ');
        for (size_t k = first; k < end; k++) {
            char utf8[8];
            int len = g_unichar_to_utf8(lg->ch[order[k]], utf8);
            strbuf_add(&sb, utf8, (size_t)len);
        }
    }
    free(p->large_text);
    p->large_text = strbuf_detach(&sb);
    p->large_box = lg->box;
}

/* One page's text layout (a box per character of its text) and text
 * attributes, each asked of poppler once: measure_text, read_marks,
 * sample_typography and scan_sections may all read them. */
struct page_text {
    PopplerPage *page;
    PopplerRectangle *rects;
    guint nrects;
    int layout;                    /* 0: not asked yet, 1: got, -1: poppler gave none */
    GList *attrs;
    bool attrs_read;
};

static bool text_layout(struct page_text *t, PopplerRectangle **rects, guint *nrects)
{
    if (!t->layout)
        t->layout = poppler_page_get_text_layout(t->page, &t->rects, &t->nrects) ? 1 : -1;
    *rects = t->rects;
    *nrects = t->layout > 0 ? t->nrects : 0;
    return t->layout > 0;
}

static GList *text_attributes(struct page_text *t)
{
    if (!t->attrs_read)
        t->attrs = poppler_page_get_text_attributes(t->page);
    t->attrs_read = true;
    return t->attrs;
}

static void text_release(struct page_text *t)
{
    g_free(t->rects);
    poppler_page_free_text_attributes(t->attrs);
    memset(t, 0, sizeof(*t));
}

/* Text box and margin lines from the text layout.  The layout has one
 * rectangle per character of poppler_page_get_text (documented, and
 * checked here: when the counts differ, only the boxes are used).  Lines
 * are poppler's: it ends each with '\n', keeps columns apart and puts
 * sub- and superscripts on their line; splitting on y instead would cut
 * vertical text (rotated pages) into single letters. */
static void measure_text(struct page_text *pt, const char *text, double w, double h, const struct block *b,
                         struct page_info *p)
{
    PopplerRectangle *rects;
    guint nrects;
    if (!text_layout(pt, &rects, &nrects))
        return;
    bool aligned = text && g_utf8_validate(text, -1, NULL) && g_utf8_strlen(text, -1) == (glong)nrects;
    struct margin_lines ml;
    memset(&ml, 0, sizeof(ml));
    struct edges edges;
    memset(&edges, 0, sizeof(edges));
    struct line ln = {NULL, NULL, {0, 0, 0, 0}};
    struct line_words lw;
    memset(&lw, 0, sizeof(lw));
    struct large lg;
    memset(&lg, 0, sizeof(lg));
    size_t numbers_cap = 0;
    const char *s = text;
    for (guint k = 0; k < nrects; k++) {
        gunichar ch = aligned ? g_utf8_get_char(s) : 'x';
        const char *here = s;
        if (aligned)
            s = g_utf8_next_char(s);
        if (ch == '\n') {
            keep_line(&ml, &ln, b, w, h);
            note_edges(&edges, &ln);
            line_numbers(&lw, b, p, &numbers_cap);
            ln = (struct line){NULL, NULL, {0, 0, 0, 0}};
            continue;
        }
        if (g_unichar_isspace(ch) || ch == 0) {
            word_end(&lw);
            continue;
        }
        struct rect r = from_poppler(&rects[k]);
        if (rect_empty(&r))
            continue; /* zero-width boxes: combining marks, invisible glyphs */
        r = rect_clip(r, w, h);
        if (rect_empty(&r))
            continue; /* off the page */
        rect_union(&p->text, &r);
        if (!aligned)
            continue;
        if (!ln.start)
            ln.start = here;
        ln.end = s;
        rect_union(&ln.box, &r);
        word_char(&lw, here, s, &r);
        note_large(&lg, ch, &r);
    }
    keep_line(&ml, &ln, b, w, h);
    note_edges(&edges, &ln);
    line_numbers(&lw, b, p, &numbers_cap);
    store_margin_texts(&ml, p);
    store_body(&edges, p);
    store_large(&lg, p);
}

/* Line numbers and large type on a page that is not measured: its content
 * lies inside the style's block, where a watermark is, and where a paper
 * from a template with wider margins has its line numbers.  Every number
 * that begins or ends a line is kept (poppler joins line numbers to their
 * lines, so the page's body edges would include them); check knows only
 * columns near the page's sides without a body. */
static void read_marks(struct page_text *pt, const char *text, struct page_info *p)
{
    struct page_info scratch;
    memset(&scratch, 0, sizeof(scratch));
    struct block anywhere = {.style = false}; /* keeps every number */
    measure_text(pt, text, p->width, p->height, &anywhere, &scratch);
    p->numbers = scratch.numbers;
    p->nnumbers = scratch.nnumbers;
    p->large_text = scratch.large_text;
    p->large_box = scratch.large_box;
    for (size_t k = 0; k < scratch.nmargin_texts; k++)
        free(scratch.margin_texts[k].text);
    free(scratch.margin_texts);
}

/* ---- glyphs ---- */

/* One character of a page's text as poppler lays it out, with the text
 * attributes that cover it: what the typography sample and the section
 * scan read, built once per page for both. */
struct glyph {
    gunichar ch;
    const char *utf8;      /* its bytes in the page text (len of them) */
    int len;
    struct rect box;       /* layout box, page as displayed, not clipped */
    bool styled;           /* text attributes cover it (else no font) */
    double font_size;      /* pt */
    const char *font_name; /* borrowed from the attributes */
    int line;              /* poppler's line (lines end at '\n' glyphs) */
};

struct page_glyphs {
    struct glyph *g;
    size_t n;
};

/* The glyphs of page, one per character of text (the page's text, from
 * the same TextPage poppler keeps on the page object, so neither call
 * extracts the text again).  False for a page whose text and layout
 * disagree: it is left out of both. */
static bool page_glyphs_read(struct page_text *pt, const char *text, struct page_glyphs *pg)
{
    PopplerRectangle *rects;
    guint nrects;
    memset(pg, 0, sizeof(*pg));
    if (!text || !text_layout(pt, &rects, &nrects) || !g_utf8_validate(text, -1, NULL) ||
        g_utf8_strlen(text, -1) != (glong)nrects)
        return false;
    pg->g = xcalloc(nrects ? nrects : 1, sizeof(*pg->g));
    pg->n = nrects;
    const GList *a = text_attributes(pt);
    int line = 0;
    const char *s = text;
    for (guint k = 0; k < nrects; k++) {
        struct glyph *gl = &pg->g[k];
        gl->ch = g_utf8_get_char(s);
        gl->utf8 = s;
        s = g_utf8_next_char(s);
        gl->len = (int)(s - gl->utf8);
        gl->box = from_poppler(&rects[k]);
        gl->line = line;
        if (gl->ch == '\n')
            line++;
        while (a && ((const PopplerTextAttributes *)a->data)->end_index < (gint)k)
            a = a->next;
        const PopplerTextAttributes *at = a ? a->data : NULL;
        if (at && at->start_index <= (gint)k) {
            gl->styled = true;
            gl->font_size = at->font_size;
            gl->font_name = at->font_name;
        }
    }
    return true;
}

static void page_glyphs_release(struct page_glyphs *pg)
{
    free(pg->g);
    memset(pg, 0, sizeof(*pg));
}

/* ---- body typography ---- */

/* Hand a page's visible characters to the typography sample: each layout
 * box with its font size and its line. */
static void sample_typography(const struct page_glyphs *pg, int page_no, struct typo_sample *typo)
{
    struct typo_glyph *glyphs = xcalloc(pg->n ? pg->n : 1, sizeof(*glyphs));
    size_t n = 0;
    for (size_t k = 0; k < pg->n; k++) {
        const struct glyph *gl = &pg->g[k];
        if (gl->ch == '\n' || g_unichar_isspace(gl->ch) || gl->ch == 0 || rect_empty(&gl->box) || !gl->styled)
            continue;
        glyphs[n++] = (struct typo_glyph){gl->box, gl->font_size, gl->line};
    }
    typo_sample_add(typo, page_no, glyphs, n);
    free(glyphs);
}

/* ---- sections ---- */

/* poppler's lines of the page, each with the font of its first glyph, for
 * sections_scan_page (inspect/sections.h), which records the headings of
 * the sections a body-page limit leaves out in info->sections. */
static void scan_sections(const struct page_glyphs *pg, int pageno, const struct style *style,
                          const struct page_info *p, struct pdf_info *info)
{
    struct section_line *lines = NULL;
    size_t n = 0, cap = 0;
    struct strbuf cur = STRBUF_INIT;
    struct section_line ln = {NULL, {0, 0, 0, 0}, 0, false};
    bool started = false;
    for (size_t k = 0; k <= pg->n; k++) {
        const struct glyph *gl = k < pg->n ? &pg->g[k] : NULL;
        gunichar ch = gl ? gl->ch : '\n'; /* the last line ends with the text */
        if (ch == '\n') {
            while (cur.len > 0 && cur.buf[cur.len - 1] == ' ')
                cur.buf[--cur.len] = '\0';
            if (started && !rect_empty(&ln.box)) {
                ln.text = strbuf_detach(&cur);
                *ARRAY_PUSH(lines, n, cap) = ln;
            }
            strbuf_release(&cur);
            ln = (struct section_line){NULL, {0, 0, 0, 0}, 0, false};
            started = false;
            continue;
        }
        bool space = g_unichar_isspace(ch) || ch == 0;
        if (space) {
            if (started)
                strbuf_addch(&cur, ' ');
            continue;
        }
        if (!started) {
            started = true;
            if (gl->styled) {
                ln.font_size = gl->font_size;
                ln.bold = sections_bold_font(gl->font_name);
            }
        }
        strbuf_add(&cur, gl->utf8, (size_t)gl->len);
        struct rect r = rect_clip(gl->box, p->width, p->height);
        if (!rect_empty(&r))
            rect_union(&ln.box, &r);
    }
    strbuf_release(&cur);
    struct block b = page_block(style, p->width, p->height);
    sections_scan_page(lines, n, pageno, &b.r, info->sections);
    for (size_t i = 0; i < n; i++)
        free((char *)lines[i].text);
    free(lines);
}

/* ---- pages ---- */

/* Whether check could name p's ink crossing an area edge "an image":
 * content_kind names text first, and on a side where the text reaches
 * within the tolerance of the ink, any edge the ink crosses by more than
 * the tolerance is crossed by the text too (text-edge slop included, as
 * the text only moves the ink's edge outwards). */
static bool image_may_name(const struct page_info *p, double tol)
{
    const struct rect *t = &p->text, *k = &p->ink;
    return rect_empty(t) || t->x0 > k->x0 + tol || t->y0 > k->y0 + tol || t->x1 < k->x1 - tol ||
           t->y1 < k->y1 - tol;
}

/* Measure one page, whose geometry pdfstruct filled: page is maybe of a
 * document without output intents (geometry_bytes).  Returns the page's
 * text when want_text (caller frees with g_free), else NULL.  A page with
 * too many pieces of text is measured by its ink alone (see
 * PDFINFO_MAX_TEXT_PIECES): its text is never extracted. */
static char *inspect_page(PopplerPage *page, struct page_text *pt, const struct inspect_options *opts,
                          struct page_info *p, bool want_text)
{
    double w = p->width, h = p->height;
    bool read_text = p->text_pieces <= PDFINFO_MAX_TEXT_PIECES;
    want_text = want_text && read_text;
    p->measured = false;
    p->blank = false;
    if (w < MIN_PAGE_SIDE || h < MIN_PAGE_SIDE)
        return want_text ? poppler_page_get_text(page) : NULL;

    PopplerRectangle bb;
    if (poppler_page_get_bounding_box(page, &bb))
        p->bbox = from_poppler(&bb);
    const struct style *style = opts ? opts->style : NULL;
    struct block b = page_block(style, w, h);
    bool candidate_blank = rect_empty(&p->bbox);
    if (style && !candidate_blank && fits_block(&p->bbox, &b))
        return want_text ? poppler_page_get_text(page) : NULL; /* fast path */

    p->measured = true;
    bool rendered = render_ink(page, w, h, &b.r, p);
    char *text = read_text ? poppler_page_get_text(page) : NULL;
    if (read_text)
        measure_text(pt, text, w, h, &b, p);
    p->blank = rendered && rect_empty(&p->ink) && rect_empty(&p->text);
    bool crosses = !rect_empty(&p->ink) && !fits_block(&p->ink, &b);
    if (p->rotate == 0 && !p->blank && (crosses || !style) && (!style || image_may_name(p, b.tol)))
        p->image = image_box(page, w, h);
    if (want_text)
        return text;
    g_free(text);
    return NULL;
}

/* ---- document ---- */

/* poppler reads the same bytes libqpdf read and the checksum covers. */
static PopplerDocument *open_document(const char *bytes, size_t len, GError **err)
{
    GBytes *data = g_bytes_new_static(bytes, len);
    PopplerDocument *doc = poppler_document_new_from_bytes(data, NULL, err);
    g_bytes_unref(data);
    return doc;
}

/* poppler builds colour transforms from the catalog's output intent
 * profile (lcms2) for every pass over every page, which costs more than
 * the pass itself.  Every pass reads a copy of the bytes in which the key
 * is renamed, same length, so every offset holds.  Only rendering uses
 * colours, and only to tell ink from white: without the profile a colour
 * maps to a slightly different RGB, which moves no edge of the ink in the
 * papers tried (a tint within a step of the 0xF0 threshold could).  NULL when the key is not in the
 * file's bytes (none, or inside a compressed object stream). */
static char *geometry_bytes(const char *bytes, size_t len)
{
    static const char key[] = "/OutputIntents";
    const size_t n = sizeof(key) - 1;
    char *copy = NULL;
    for (size_t i = 0; i + n < len; i++) {
        if (bytes[i] != '/' || memcmp(bytes + i, key, n) != 0)
            continue;
        unsigned char next = (unsigned char)bytes[i + n];
        if (!strchr(" \t\r\n\f[]<>()/%", next) || next == '\0')
            continue; /* a longer name */
        if (!copy) {
            copy = xmalloc(len);
            memcpy(copy, bytes, len);
        }
        copy[i + n - 1] = '_'; /* /OutputIntent_ */
    }
    return copy;
}

/* qpdf asked for a password.  When poppler opens the file without one, it
 * is encrypted in a way qpdf 11 cannot decrypt (crypt filters, encrypted
 * attachments): say so instead of asking for a password nobody has. */
static void recheck_password(const char *bytes, size_t len, struct pdf_info *info)
{
    GError *err = NULL;
    PopplerDocument *doc = open_document(bytes, len, &err);
    if (doc) {
        info->encryption = ENC_EMPTY_PASSWORD;
        pdfinfo_fail(info, "encrypted in a way collate cannot process, although it opens without a password; "
             "save it without security");
        g_object_unref(doc);
    }
    g_clear_error(&err);
}

static void set_first_page_text(struct pdf_info *info, const char *text)
{
    if (!text)
        return;
    size_t n = strlen(text);
    if (!g_utf8_validate(text, (gssize)n, NULL))
        return;
    info->first_page_text = xstrndup(text, utf8_prefix_len(text, n, FIRST_PAGE_TEXT_MAX));
}

/* inspect_pdf on the file's bytes; poppler keeps pointers into them until
 * the document is freed. */
static bool inspect_bytes(const char *path, const char *bytes, size_t len, const struct inspect_options *opts,
                          struct pdf_info *info)
{
    size_t view_len = 0;
    char *view = NULL; /* see pdf/unfiltered.h */
    if (!pdfstruct_inspect(path, bytes, len, info, &view, &view_len)) {
        free(view);
        if (info->encryption == ENC_USER_PASSWORD)
            recheck_password(bytes, len, info);
        pdfinfo_drop_pages(info);
        return false;
    }
    /* The unfiltered copy of a clean file is the same document (its
     * update leaves the page tree alone): then it is the only one opened. */
    PopplerDocument *doc = view ? open_document(view, view_len, NULL) : NULL;
    if (doc && poppler_document_get_n_pages(doc) != info->npages)
        g_clear_object(&doc);
    bool copied = doc != NULL;
    if (!copied) {
        free(view);
        view = NULL;
    }
    GError *err = NULL;
    if (!doc)
        doc = open_document(bytes, len, &err);
    if (!doc) {
        if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED) {
            info->encryption = ENC_USER_PASSWORD;
            pdfinfo_fail(info, "encrypted: a password is needed to open it");
        } else {
            pdfinfo_fail(info, "cannot be opened: %s", err ? err->message : "unknown error");
        }
        g_clear_error(&err);
        pdfinfo_drop_pages(info);
        free(view);
        return false;
    }
    int n = poppler_document_get_n_pages(doc);
    if (n <= 0 || n > PDFINFO_MAX_PAGES) {
        if (n <= 0)
            pdfinfo_fail(info, "the document has no pages that can be read");
        else
            pdfinfo_fail(info, "the document has %d pages, more than the %d collate accepts", n, PDFINFO_MAX_PAGES);
        g_object_unref(doc);
        pdfinfo_drop_pages(info);
        free(view);
        return false;
    }
    /* The pages are libqpdf's, which assembly copies; poppler measures
     * those it has too. */
    if (n != info->npages)
        add_damage(info, "the page tree is inconsistent: %d or %d pages depending on the reader", info->npages, n);

    char *geo_bytes = copied ? NULL : geometry_bytes(bytes, len);
    PopplerDocument *geo_doc = geo_bytes ? open_document(geo_bytes, len, NULL) : NULL;
    if (geo_doc && poppler_document_get_n_pages(geo_doc) != n)
        g_clear_object(&geo_doc); /* the renamed key mattered after all: read the file as it is */
    /* Headings only matter to a limit on body pages; looking costs a text pass per page. */
    bool find_sections = opts && opts->style && opts->style->count == PAGE_COUNT_BODY;
    info->sections_searched = find_sections;
    int lost = 0, first_lost = 0;
    bool marks = false; /* page 1 has large type or a column of numbers: look on every page */
    struct typo_sample typo;
    typo_sample_init(&typo);
    for (int i = 0; i < info->npages; i++) {
        PopplerPage *page = i < n ? poppler_document_get_page(doc, i) : NULL;
        if (!page) {
            if (lost++ == 0)
                first_lost = i + 1;
            continue;
        }
        bool sampled = typo_wants_page(i + 1, info->npages);
        PopplerPage *geo = geo_doc ? poppler_document_get_page(geo_doc, i) : NULL;
        PopplerPage *text_page = geo ? geo : page; /* see geometry_bytes */
        struct page_text pt = {.page = text_page};
        char *text = inspect_page(text_page, &pt, opts, &info->pages[i], i == 0 || marks || sampled || find_sections);
        if (text && !info->pages[i].measured)
            read_marks(&pt, text, &info->pages[i]);
        marks = marks || (i == 0 && (info->pages[i].large_text || info->pages[i].nnumbers >= MARKS_NUMBERS));
        if (i == 0)
            set_first_page_text(info, text);
        bool sections =
            find_sections && info->pages[i].width >= MIN_PAGE_SIDE && info->pages[i].height >= MIN_PAGE_SIDE;
        struct page_glyphs glyphs;
        if ((sampled || sections) && page_glyphs_read(&pt, text, &glyphs)) {
            if (sampled)
                sample_typography(&glyphs, i + 1, &typo);
            if (sections)
                scan_sections(&glyphs, i + 1, opts->style, &info->pages[i], info);
            page_glyphs_release(&glyphs);
        }
        text_release(&pt);
        g_free(text);
        if (geo)
            g_object_unref(geo);
        g_object_unref(page);
    }
    typo_sample_measure(&typo, &info->typography);
    typo_sample_release(&typo);
    if (geo_doc)
        g_object_unref(geo_doc);
    free(geo_bytes);
    if (lost == 1)
        add_damage(info, "page %d cannot be read", first_lost);
    else if (lost > 1)
        add_damage(info, "%d pages cannot be read, the first is page %d", lost, first_lost);
    g_object_unref(doc);
    free(view);
    return info->readable;
}

bool inspect_pdf(const char *path, const struct inspect_options *opts, struct pdf_info *info)
{
    pdfinfo_init(info, path);
    size_t len;
    char *bytes = pdfinfo_read_file(path, info, &len);
    if (!bytes)
        return false;
    bool ok = inspect_bytes(path, bytes, len, opts, info);
    free(bytes);
    return ok;
}
