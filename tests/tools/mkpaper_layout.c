/* mkpaper_layout: page geometry, the column flow, the title block,
 * figures, page markers, page numbers and the requested defects.
 *
 * The body is one flow of items (headings, paragraphs, figures) poured
 * into the columns of every non-blank page until the last page is full.
 * Text keeps INSET points inside the text block on every side, so a clean
 * paper has no ink in its margins; only the defect switches put ink there,
 * in bands above or below the flow so that nothing overlaps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkpaper.h"

#define INSET 1.5          /* text stays this far inside the text block (italic
                              overhang included: ink stays >= 1 pt inside) */
#define GUTTER 14.4        /* between two columns (0.2 in) */
#define BODY_SIZE 10.0
#define BODY_LEAD 12.0
#define SMALL_SIZE 9.0     /* abstract, index terms */
#define REF_SIZE 8.0
#define MARKER_SIZE 8.0
#define MARKER_SPACE 12.0  /* reserved at the foot of the last column */
#define BAND_GAP 4.0       /* between defect objects and the flow */
#define DEFECT_STRING "EXTENT LIMIT TEXT" /* capitals only: flat baseline and top */
#define DEFECT_TEXT_SIZE 10.0

/* ---- page geometry ---- */

static bool near(double a, double b)
{
    return fabs(a - b) < 1.0;
}

void page_media(const struct options *opt, int page, double *width, double *height)
{
    double w = opt->width, h = opt->height;
    for (size_t i = 0; i < opt->nsizes; i++)
        if (opt->sizes[i].page == page) {
            w = opt->sizes[i].width;
            h = opt->sizes[i].height;
        }
    for (size_t i = 0; i < opt->nlandscape; i++)
        if (opt->landscape[i] == page && w < h) {
            double t = w;
            w = h;
            h = t;
        }
    *width = w;
    *height = h;
}

void page_margins(const struct options *opt, double width, double height, double margins[4])
{
    /* IEEE-like text block, 7.15 x 9.25 in, on Letter and on A4. */
    static const double letter[4] = {54, 72, 48.6, 48.6};
    static const double a4[4] = {54, 121.9, 40.5, 40.5};
    bool is_a4 = (near(width, 595.28) && near(height, 841.89)) || (near(width, 841.89) && near(height, 595.28));
    const double *m = opt->have_margins ? opt->margins : is_a4 ? a4 : letter;
    memcpy(margins, m, 4 * sizeof(double));
}

bool page_is_blank(const struct options *opt, int page)
{
    for (size_t i = 0; i < opt->nblank; i++)
        if (opt->blank[i] == page)
            return true;
    return false;
}

struct rect {
    double x0, y0, x1, y1;
};

struct geom {
    double width, height;
    struct rect block;          /* the text block */
    double flow_top;            /* the flow's first line starts here */
    double flow_bottom;         /* and ends above this */
    double col_top;             /* below the title block on the title page */
    double col_w;               /* one column, gutter excluded */
    bool blank;
};

/* A defect object as placed on its page. */
struct placed {
    const struct defect *d;
    struct rect box;            /* ink box */
};

struct paper {
    HPDF_Doc pdf;
    HPDF_Page *pages;
    struct fonts *fonts;
    const struct options *opt;
    const struct hpdf_status *status;
    struct geom *geom;          /* one per page */
    struct placed *defects;
    size_t ndefects;
    int ncols;
    int title_page, last_page;  /* first and last non-blank pages, 0-based */
    struct rng rng;
    HPDF_Image grey_image;      /* for --image-into-margin, loaded once */
    /* the flow cursor */
    int page, col;
    double y;                   /* top of the free space in the column */
    bool full;                  /* no room left anywhere */
};

static double defect_width(struct paper *p, enum defect_kind kind)
{
    return kind == DEFECT_TEXT ? fonts_width(p->fonts, FACE_REGULAR, DEFECT_TEXT_SIZE, DEFECT_STRING)
         : kind == DEFECT_IMAGE ? 48.0 : 72.0;
}

static double defect_height(struct paper *p, enum defect_kind kind)
{
    return kind == DEFECT_TEXT ? p->fonts->cap_height * DEFECT_TEXT_SIZE : kind == DEFECT_IMAGE ? 32.0 : 4.0;
}

/* Place the page's defect objects: top and bottom ones in a row along
 * their edge, left and right ones stacked under the top band, and shrink
 * the flow so that body text never overlaps them. */
static void plan_defects(struct paper *p, int page)
{
    struct geom *g = &p->geom[page];
    const struct rect *b = &g->block;
    double top_x = b->x0 + 12, bottom_x = b->x0 + 12;
    double top_low = b->y1, bottom_high = b->y0;
    for (int pass = 0; pass < 2; pass++) /* top/bottom first: left/right stack below the top band */
        for (size_t i = 0; i < p->opt->ndefects; i++) {
            const struct defect *d = &p->opt->defects[i];
            bool vertical = d->side == SIDE_TOP || d->side == SIDE_BOTTOM;
            if (d->page != page + 1 || vertical != (pass == 0))
                continue;
            double w = defect_width(p, d->kind), h = defect_height(p, d->kind);
            struct rect r;
            if (d->side == SIDE_TOP) {
                r = (struct rect){top_x, b->y1 + d->amount - h, top_x + w, b->y1 + d->amount};
                top_x += w + 12;
            } else if (d->side == SIDE_BOTTOM) {
                r = (struct rect){bottom_x, b->y0 - d->amount, bottom_x + w, b->y0 - d->amount + h};
                bottom_x += w + 12;
            } else {
                double y1 = fmin(b->y1, top_low) - BAND_GAP;
                double x0 = d->side == SIDE_LEFT ? b->x0 - d->amount : b->x1 + d->amount - w;
                r = (struct rect){x0, y1 - h, x0 + w, y1};
            }
            if (d->side != SIDE_BOTTOM)
                top_low = fmin(top_low, r.y0);
            else
                bottom_high = fmax(bottom_high, r.y1);
            *MK_PUSH(p->defects, p->ndefects) = (struct placed){d, r};
        }
    g->flow_top = fmin(b->y1 - INSET, top_low < b->y1 ? top_low - BAND_GAP : b->y1);
    g->flow_bottom = fmax(b->y0 + INSET, bottom_high > b->y0 ? bottom_high + BAND_GAP : b->y0);
}

static void plan_pages(struct paper *p)
{
    int n = p->opt->pages;
    p->geom = mk_alloc((size_t)n * sizeof(*p->geom));
    p->title_page = p->last_page = -1;
    for (int i = 0; i < n; i++) {
        struct geom *g = &p->geom[i];
        double m[4];
        page_media(p->opt, i + 1, &g->width, &g->height);
        page_margins(p->opt, g->width, g->height, m);
        g->block = (struct rect){m[2], m[1], g->width - m[3], g->height - m[0]};
        g->col_w = (g->block.x1 - g->block.x0 - GUTTER * (p->ncols - 1)) / p->ncols;
        g->blank = page_is_blank(p->opt, i + 1);
        plan_defects(p, i);
        g->col_top = g->flow_top;
        if (!g->blank) {
            if (p->title_page < 0)
                p->title_page = i;
            p->last_page = i;
        }
    }
}

/* ---- paragraphs ---- */

/* How a word joins the one before it. */
enum join {
    JOIN_SPACE,  /* after a space; the line may break there */
    JOIN_TIGHT,  /* no space, may break (after the hyphen of "fine-grained") */
    JOIN_STICKY, /* no space, never break (punctuation after a link) */
};

struct word {
    char *text;
    enum face face;
    int link;       /* 1-based page this word links to, 0 for none */
    enum join join;
    double width;   /* at the paragraph's size */
};

enum align { ALIGN_JUSTIFY, ALIGN_LEFT, ALIGN_CENTER };

struct para {
    struct word *words;
    size_t nwords;
    double size, lead;
    double indent;        /* of the first line */
    double hang;          /* of the other lines */
    double before, after; /* vertical space */
    enum align align;
};

static struct para para_make(double size, enum align align)
{
    return (struct para){NULL, 0, size, size * 1.2, 0, 0, 0, 0, align};
}

static void para_release(struct para *pa)
{
    for (size_t i = 0; i < pa->nwords; i++)
        free(pa->words[i].text);
    free(pa->words);
    pa->words = NULL;
    pa->nwords = 0;
}

/* Add one unbreakable token (it may contain spaces). */
static void para_token(struct paper *p, struct para *pa, const char *text, enum face face, int link,
                       enum join join)
{
    struct word *w = MK_PUSH(pa->words, pa->nwords);
    w->text = mk_strdup(text);
    w->face = face;
    w->link = link;
    w->join = join;
    w->width = fonts_width(p->fonts, face, pa->size, text);
}

/* Scripts written without spaces: CJK ideographs, kana, Hangul, fullwidth forms. */
static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF);
}

/* CJK punctuation that may not start a line. */
static bool is_cjk_closing(uint32_t cp)
{
    static const uint32_t closing[] = {0x3001, 0x3002, 0x300D, 0x300F, 0x3011, 0xFF01, 0xFF09,
                                       0xFF0C, 0xFF1A, 0xFF1B, 0xFF1F};
    for (size_t i = 0; i < sizeof(closing) / sizeof(closing[0]); i++)
        if (cp == closing[i])
            return true;
    return false;
}

/* CJK text has no spaces: a line may break before any CJK character
 * (except closing punctuation), so each becomes its own token.  Latin
 * runs in between stay whole.  Returns false when word has no CJK. */
static bool para_cjk_word(struct paper *p, struct para *pa, const char *word, enum face face, enum join join)
{
    uint32_t cp;
    int n;
    bool any = false;
    for (const char *q = word; (n = utf8_decode(q, &cp)) > 0; q += n)
        any |= is_cjk(cp);
    if (!any)
        return false;
    char *buf = mk_alloc(strlen(word) + 1);
    size_t len = 0;
    bool prev_cjk = false;
    for (const char *q = word; (n = utf8_decode(q, &cp)) > 0; q += n) {
        /* A token ends before a CJK character and after one. */
        if (len && (is_cjk(cp) || prev_cjk)) {
            buf[len] = '\0';
            para_token(p, pa, buf, face, 0, join);
            len = 0;
            join = is_cjk_closing(cp) ? JOIN_STICKY : JOIN_TIGHT;
        }
        memcpy(buf + len, q, (size_t)n);
        len += (size_t)n;
        prev_cjk = is_cjk(cp);
    }
    buf[len] = '\0';
    para_token(p, pa, buf, face, 0, join);
    free(buf);
    return true;
}

/* Add a word, with a break opportunity after each inner hyphen (there is
 * no hyphenation, so compounds are where long words can break). */
static void para_word(struct paper *p, struct para *pa, char *word, enum face face, enum join join)
{
    if (para_cjk_word(p, pa, word, face, join))
        return;
    /* Two characters at least on each side: "fine-|grained", not "e-mail". */
    for (char *h = strchr(word, '-'); h; h = strchr(h + 1, '-')) {
        if (h - word < 2 || strlen(h + 1) < 2 || h[1] == '-')
            continue;
        char saved = h[1];
        h[1] = '\0';
        para_token(p, pa, word, face, 0, join);
        h[1] = saved;
        word = h + 1;
        join = JOIN_TIGHT;
    }
    para_token(p, pa, word, face, 0, join);
}

/* Add text word by word; join applies to the first word. */
static void para_text(struct paper *p, struct para *pa, const char *text, enum face face, enum join join)
{
    char *copy = mk_strdup(text), *save = NULL;
    for (char *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save)) {
        para_word(p, pa, w, face, join);
        join = JOIN_SPACE;
    }
    free(copy);
}

static double space_width(struct paper *p, const struct para *pa)
{
    return fonts_width(p->fonts, FACE_REGULAR, pa->size, " ");
}

static double prefix_width(struct paper *p, const struct word *w, double size, size_t len)
{
    char *head = mk_strdup(w->text);
    head[len] = '\0';
    double width = fonts_width(p->fonts, w->face, size, head);
    free(head);
    return width;
}

/* Split word i so that its first part fits width (a title without spaces,
 * a long URL); the rest becomes the next word.  Breaks between code points
 * and keeps at least one character on the line. */
static void split_word(struct paper *p, struct para *pa, size_t i, double width)
{
    struct word *w = &pa->words[i];
    size_t fit = 0, first = 0;
    uint32_t cp;
    int n;
    for (const char *q = w->text; (n = utf8_decode(q, &cp)) > 0; q += n) {
        size_t len = (size_t)(q + n - w->text);
        if (!first)
            first = len;
        if (prefix_width(p, w, pa->size, len) > width)
            break;
        fit = len;
    }
    if (!fit)
        fit = first;
    if (!w->text[fit])
        return;
    struct word rest = {mk_strdup(w->text + fit), w->face, w->link, JOIN_TIGHT, 0};
    rest.width = fonts_width(p->fonts, rest.face, pa->size, rest.text);
    w->text[fit] = '\0';
    w->width = fonts_width(p->fonts, w->face, pa->size, w->text);
    MK_PUSH(pa->words, pa->nwords);
    memmove(&pa->words[i + 2], &pa->words[i + 1], (pa->nwords - i - 2) * sizeof(*pa->words));
    pa->words[i + 1] = rest;
}

static double words_width(struct paper *p, const struct para *pa, size_t start, size_t end)
{
    double w = 0, space = space_width(p, pa);
    for (size_t i = start; i < end; i++)
        w += pa->words[i].width + (i > start && pa->words[i].join == JOIN_SPACE ? space : 0);
    return w;
}

/* The words [start, end) that fill a line of the given width. */
static size_t line_end(struct paper *p, struct para *pa, size_t start, double width)
{
    if (pa->words[start].width > width)
        split_word(p, pa, start, width);
    double w = 0, space = space_width(p, pa);
    size_t i = start;
    for (; i < pa->nwords; i++) {
        double add = pa->words[i].width + (i > start && pa->words[i].join == JOIN_SPACE ? space : 0);
        if (i > start && w + add > width)
            break;
        w += add;
    }
    /* A sticky word (punctuation) moves to the next line with its word. */
    while (i < pa->nwords && i > start + 1 && pa->words[i].join == JOIN_STICKY)
        i--;
    return i;
}

/* A borderless link to the first line of the target page (the top of its
 * flow).  Failures are recorded by the error handler. */
static void make_link(struct paper *p, HPDF_Page page, struct rect r, int target)
{
    const struct geom *g = &p->geom[target - 1];
    HPDF_Rect rect = {(HPDF_REAL)r.x0, (HPDF_REAL)r.y0, (HPDF_REAL)r.x1, (HPDF_REAL)r.y1};
    HPDF_Destination dst = HPDF_Page_CreateDestination(p->pages[target - 1]);
    if (!dst)
        return;
    /* libharu 2.3.0 rejects zoom 0 ("keep"), so the zoom is 100%. */
    HPDF_Destination_SetXYZ(dst, (HPDF_REAL)g->block.x0, (HPDF_REAL)(g->col_top + INSET), 1);
    HPDF_Annotation link = HPDF_Page_CreateLinkAnnot(page, rect, dst);
    if (link)
        HPDF_LinkAnnot_SetBorderStyle(link, 0, 0, 0);
}

/* Draw words [start, end) on one line whose box starts at x. */
static void draw_line(struct paper *p, HPDF_Page page, const struct para *pa, size_t start, size_t end,
                      double x, double width, double baseline, bool last)
{
    double space = space_width(p, pa), natural = words_width(p, pa, start, end);
    int gaps = 0;
    for (size_t i = start + 1; i < end; i++)
        gaps += pa->words[i].join == JOIN_SPACE;
    double stretch = 0;
    if (pa->align == ALIGN_JUSTIFY && !last && gaps > 0 && (width - natural) / gaps < 4 * space)
        stretch = (width - natural) / gaps;
    if (pa->align == ALIGN_CENTER)
        x += (width - natural) / 2;
    HPDF_Page_BeginText(page);
    double cx = x;
    for (size_t i = start; i < end; i++) {
        if (i > start && pa->words[i].join == JOIN_SPACE)
            cx += space + stretch;
        const struct word *w = &pa->words[i];
        fonts_show(p->fonts, page, w->face, pa->size, cx, baseline, w->text);
        cx += w->width;
    }
    HPDF_Page_EndText(page);
    /* Link rectangles cover the linked words, ascent to descent. */
    cx = x;
    for (size_t i = start; i < end; i++) {
        if (i > start && pa->words[i].join == JOIN_SPACE)
            cx += space + stretch;
        const struct word *w = &pa->words[i];
        if (w->link) {
            struct rect r = {cx, baseline - p->fonts->descent * pa->size, cx + w->width,
                             baseline + p->fonts->ascent * pa->size};
            make_link(p, page, r, w->link);
        }
        cx += w->width;
    }
}

/* ---- the flow ---- */

static double col_left(const struct paper *p, int page, int col)
{
    const struct geom *g = &p->geom[page];
    return g->block.x0 + col * (g->col_w + GUTTER) + INSET;
}

static double col_width(const struct paper *p, int page)
{
    return p->geom[page].col_w - 2 * INSET;
}

static double col_bottom(const struct paper *p)
{
    return p->geom[p->page].flow_bottom + (p->col == p->ncols - 1 ? MARKER_SPACE : 0);
}

static bool next_column(struct paper *p)
{
    if (++p->col < p->ncols) {
        p->y = p->geom[p->page].col_top;
        return true;
    }
    do
        p->page++;
    while (p->page < p->opt->pages && p->geom[p->page].blank);
    if (p->page >= p->opt->pages) {
        p->full = true;
        return false;
    }
    p->col = 0;
    p->y = p->geom[p->page].col_top;
    return true;
}

static bool at_column_top(const struct paper *p)
{
    return p->y >= p->geom[p->page].col_top - 1e-6;
}

/* Make room for h points in the current column, moving on if needed;
 * false when the paper is full. */
static bool reserve(struct paper *p, double h)
{
    while (!p->full && p->y - h < col_bottom(p) - 1e-6)
        if (!next_column(p))
            return false;
    return !p->full;
}

static void vspace(struct paper *p, double h)
{
    if (!at_column_top(p))
        p->y -= h;
}

static int count_lines(struct paper *p, struct para *pa, double width)
{
    int lines = 0;
    for (size_t i = 0; i < pa->nwords; lines++)
        i = line_end(p, pa, i, width - (lines ? pa->hang : pa->indent));
    return lines;
}

/* Pour a paragraph into the flow, line by line across columns and pages.
 * keep: at least this many lines must fit before the first is placed. */
static void place_para(struct paper *p, struct para *pa, int keep)
{
    vspace(p, pa->before);
    if (keep > 0 && !reserve(p, keep * pa->lead))
        return;
    bool first = true;
    for (size_t i = 0; i < pa->nwords;) {
        if (!reserve(p, pa->lead))
            return;
        double indent = first ? pa->indent : pa->hang;
        double width = col_width(p, p->page) - indent;
        size_t end = line_end(p, pa, i, width);
        double baseline = p->y - p->fonts->ascent * pa->size;
        draw_line(p, p->pages[p->page], pa, i, end, col_left(p, p->page, p->col) + indent, width, baseline,
                  end == pa->nwords);
        p->y -= pa->lead;
        i = end;
        first = false;
    }
    p->y -= pa->after;
}

/* Draw a paragraph across the whole text block (the title block); lines
 * that would not fit above the flow's bottom are dropped. */
static void place_wide(struct paper *p, struct para *pa, double *y)
{
    const struct geom *g = &p->geom[p->page];
    double x = g->block.x0 + INSET, width = g->block.x1 - g->block.x0 - 2 * INSET;
    for (size_t i = 0; i < pa->nwords && *y - pa->lead >= g->flow_bottom;) {
        size_t end = line_end(p, pa, i, width);
        draw_line(p, p->pages[p->page], pa, i, end, x, width, *y - p->fonts->ascent * pa->size, true);
        *y -= pa->lead;
        i = end;
    }
}

/* ---- content ---- */

/* "a; b ;c" → "a, b, c": items split at ';' and trimmed, commas stuck to
 * them; keep_items makes each item one unbreakable token (a name). */
static void add_list(struct paper *p, struct para *pa, const char *list, enum face face, bool keep_items,
                     enum join first_join)
{
    char *copy = mk_strdup(list), *save = NULL;
    bool first = true;
    for (char *item = strtok_r(copy, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
        while (*item == ' ')
            item++;
        size_t n = strlen(item);
        while (n && item[n - 1] == ' ')
            item[--n] = '\0';
        if (!n)
            continue;
        if (!first)
            para_token(p, pa, ",", face, 0, JOIN_STICKY);
        if (keep_items)
            para_token(p, pa, item, face, 0, first ? first_join : JOIN_SPACE);
        else
            para_text(p, pa, item, face, first ? first_join : JOIN_SPACE);
        first = false;
    }
    free(copy);
}

static void place_title_block(struct paper *p)
{
    const struct options *o = p->opt;
    const struct geom *g = &p->geom[p->page];
    double y = g->flow_top;
    /* 24 pt as IEEE sets it; narrow one-column blocks (LNCS) get less. */
    struct para title = para_make(g->block.x1 - g->block.x0 < 400 ? 17 : 24, ALIGN_CENTER);
    para_text(p, &title, o->title, FACE_REGULAR, JOIN_SPACE);
    place_wide(p, &title, &y);
    para_release(&title);
    y -= 8;
    struct para authors = para_make(11, ALIGN_CENTER);
    add_list(p, &authors, o->authors, FACE_REGULAR, true, JOIN_SPACE);
    place_wide(p, &authors, &y);
    para_release(&authors);
    if (o->affiliation && *o->affiliation) {
        struct para aff = para_make(10, ALIGN_CENTER);
        para_text(p, &aff, o->affiliation, FACE_ITALIC, JOIN_SPACE);
        place_wide(p, &aff, &y);
        para_release(&aff);
    }
    p->geom[p->page].col_top = y - 14;
    p->y = p->geom[p->page].col_top;
}

static void place_abstract(struct paper *p)
{
    struct para pa = para_make(SMALL_SIZE, ALIGN_JUSTIFY);
    pa.after = 4;
    para_token(p, &pa, "Abstract\xE2\x80\x94", FACE_BOLD, 0, JOIN_SPACE); /* em dash */
    char *text = p->opt->abstract ? mk_strdup(p->opt->abstract) : filler_paragraph(&p->rng, 5, 7);
    para_text(p, &pa, text, FACE_BOLD, JOIN_TIGHT);
    free(text);
    place_para(p, &pa, 0);
    para_release(&pa);
}

static void place_keywords(struct paper *p)
{
    struct para pa = para_make(SMALL_SIZE, ALIGN_JUSTIFY);
    pa.after = 4;
    para_token(p, &pa, "Index Terms\xE2\x80\x94", FACE_ITALIC, 0, JOIN_SPACE);
    add_list(p, &pa, p->opt->keywords, FACE_BOLD, false, JOIN_TIGHT);
    place_para(p, &pa, 0);
    para_release(&pa);
}

static void place_heading(struct paper *p, const char *text, bool sub)
{
    struct para pa = para_make(BODY_SIZE, sub ? ALIGN_LEFT : ALIGN_CENTER);
    pa.before = sub ? 4 : 8;
    pa.after = sub ? 2 : 4;
    para_text(p, &pa, text, sub ? FACE_ITALIC : FACE_REGULAR, JOIN_SPACE);
    place_para(p, &pa, 3); /* keep the heading with two lines of text */
    para_release(&pa);
}

static void place_body(struct paper *p, bool with_links)
{
    struct para pa = para_make(BODY_SIZE, ALIGN_JUSTIFY);
    pa.lead = BODY_LEAD;
    pa.indent = 10;
    char *text = filler_paragraph(&p->rng, 3, 6);
    para_text(p, &pa, text, FACE_REGULAR, JOIN_SPACE);
    free(text);
    if (with_links && p->opt->pages > 1) {
        /* "see page N" is one token so that its link covers the phrase. */
        para_text(p, &pa, "The rest of the paper is organized as follows:", FACE_REGULAR, JOIN_SPACE);
        for (int target = 2; target <= p->opt->pages; target++) {
            char *tok = mk_printf("see page %d", target);
            para_token(p, &pa, tok, FACE_REGULAR, target, JOIN_SPACE);
            para_token(p, &pa, target == p->opt->pages ? "." : ",", FACE_REGULAR, 0, JOIN_STICKY);
            free(tok);
        }
    }
    place_para(p, &pa, 2);
    para_release(&pa);
}

static void place_reference(struct paper *p, int number)
{
    struct para pa = para_make(REF_SIZE, ALIGN_JUSTIFY);
    pa.hang = 14;
    char *text = filler_reference(&p->rng, number);
    para_text(p, &pa, text, FACE_REGULAR, JOIN_SPACE);
    free(text);
    /* A reference is never split, so the paper ends on a whole entry. */
    place_para(p, &pa, count_lines(p, &pa, col_width(p, p->page)));
    para_release(&pa);
}

/* ---- figures ---- */

static void place_caption(struct paper *p, const char *text)
{
    struct para pa = para_make(REF_SIZE, ALIGN_CENTER);
    pa.before = 3;
    pa.after = 6;
    para_text(p, &pa, text, FACE_REGULAR, JOIN_SPACE);
    place_para(p, &pa, 0);
    para_release(&pa);
}

#define FIGURE_WIDTH 0.85  /* of the column */
#define FIGURE_MAX 240.0    /* points: one-column papers get no giant figures */
#define RASTER_ASPECT 0.58
#define CHART_ASPECT 0.6

static double figure_width(const struct paper *p)
{
    return fmin(col_width(p, p->page) * FIGURE_WIDTH, FIGURE_MAX);
}

/* Height of a figure with its caption and the space around them. */
static double figure_need(const struct paper *p, double aspect)
{
    return figure_width(p) * aspect + 2 * REF_SIZE * 1.2 + 9;
}

/* Does a figure fit in what is left of the current column? */
static bool figure_fits(const struct paper *p, double aspect)
{
    double before = at_column_top(p) ? 0 : 6;
    return p->y - before - figure_need(p, aspect) >= col_bottom(p) - 1e-6;
}

/* Reserve a figure box in the current column; returns its rectangle. */
static bool figure_box(struct paper *p, double aspect, struct rect *r)
{
    double w = figure_width(p), h = w * aspect;
    vspace(p, 6);
    if (!reserve(p, figure_need(p, aspect)))
        return false;
    double x = col_left(p, p->page, p->col) + (col_width(p, p->page) - w) / 2;
    *r = (struct rect){x, p->y - h, x + w, p->y};
    p->y -= h;
    return true;
}

/* A heat map, seeded so that papers differ. */
static HPDF_Image heatmap_image(struct paper *p)
{
    enum { W = 384, H = 224 }; /* over 100 ppi as shown: the styles' images: min_ppi */
    unsigned char *rgb = mk_alloc(W * H * 3);
    double phase = rng_below(&p->rng, 628) / 100.0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            double v = 0.5 + 0.25 * sin(x / 36.0 + phase) + 0.25 * cos(y / 28.0 - phase * 0.5);
            unsigned char *px = &rgb[(y * W + x) * 3];
            px[0] = (unsigned char)(40 + 200 * v);
            px[1] = (unsigned char)(30 + 120 * v * (1 - v) * 4);
            px[2] = (unsigned char)(220 - 180 * v);
        }
    HPDF_Image img = HPDF_LoadRawImageFromMem(p->pdf, rgb, W, H, HPDF_CS_DEVICE_RGB, 8); /* copies */
    free(rgb);
    return img;
}

static int place_raster_figure(struct paper *p)
{
    struct rect r;
    if (!figure_box(p, RASTER_ASPECT, &r))
        return 0;
    HPDF_Image img = heatmap_image(p);
    if (!img)
        return -1;
    HPDF_Page_DrawImage(p->pages[p->page], img, (HPDF_REAL)r.x0, (HPDF_REAL)r.y0, (HPDF_REAL)(r.x1 - r.x0),
                        (HPDF_REAL)(r.y1 - r.y0));
    place_caption(p, "Fig. 1. Membership advantage per client and training round (darker is lower).");
    return 0;
}

static void chart_label(struct paper *p, HPDF_Page page, double x, double y, const char *text)
{
    HPDF_Page_BeginText(page);
    fonts_show(p->fonts, page, FACE_REGULAR, 7, x, y, text);
    HPDF_Page_EndText(page);
}

/* A bar chart drawn with vector paths: axes, grid lines, six bars. */
static void place_chart(struct paper *p)
{
    struct rect r;
    if (!figure_box(p, CHART_ASPECT, &r))
        return;
    HPDF_Page page = p->pages[p->page];
    double ox = r.x0 + 16, oy = r.y0 + 4, w = r.x1 - ox, h = r.y1 - oy;
    HPDF_Page_SetLineWidth(page, 0.4);
    HPDF_Page_SetGrayStroke(page, 0.75);
    for (int i = 1; i <= 4; i++) {
        HPDF_Page_MoveTo(page, (HPDF_REAL)ox, (HPDF_REAL)(oy + h * i / 4));
        HPDF_Page_LineTo(page, (HPDF_REAL)(ox + w), (HPDF_REAL)(oy + h * i / 4));
    }
    HPDF_Page_Stroke(page);
    for (int i = 0; i < 6; i++) {
        double bh = h * (0.2 + rng_below(&p->rng, 75) / 100.0), bw = w / 6 * 0.6;
        HPDF_Page_SetGrayFill(page, 0.25 + 0.1 * i);
        HPDF_Page_Rectangle(page, (HPDF_REAL)(ox + w / 6 * (i + 0.2)), (HPDF_REAL)oy, (HPDF_REAL)bw,
                            (HPDF_REAL)bh);
        HPDF_Page_Fill(page);
    }
    HPDF_Page_SetGrayFill(page, 0);
    HPDF_Page_SetGrayStroke(page, 0);
    HPDF_Page_SetLineWidth(page, 0.8);
    HPDF_Page_MoveTo(page, (HPDF_REAL)ox, (HPDF_REAL)(oy + h));
    HPDF_Page_LineTo(page, (HPDF_REAL)ox, (HPDF_REAL)oy);
    HPDF_Page_LineTo(page, (HPDF_REAL)(ox + w), (HPDF_REAL)oy);
    HPDF_Page_Stroke(page);
    chart_label(p, page, r.x0, oy - 2, "0");
    chart_label(p, page, r.x0, oy + h / 2 - 2, "50");
    chart_label(p, page, r.x0, oy + h - 5, "100");
    place_caption(p, "Fig. 2. Attack success rate (%) for six privacy budgets.");
}

/* ---- the body sequence ---- */

enum stage { ST_ABSTRACT, ST_KEYWORDS, ST_BODY, ST_REFERENCES };
enum { FIG_RASTER = 1, FIG_CHART = 2 };

struct source {
    enum stage stage;
    int section;       /* sections started */
    int left;          /* paragraphs left in the current section */
    int body;          /* body paragraphs placed */
    int refs;          /* references placed */
    int subsections;   /* in the current section */
    unsigned pending;  /* figures waiting for room (FIG_*) */
};

/* References fill the last column of the last page (the lower half when
 * there is one column). */
static bool references_due(const struct paper *p)
{
    if (p->page != p->last_page)
        return false;
    if (p->ncols > 1)
        return p->col == p->ncols - 1;
    return p->y < (p->geom[p->page].col_top + col_bottom(p)) / 2;
}

/* Figures float: each goes in as soon as a column has room for it, in
 * order, while the text flows on; off the title page they go in anyway. */
static int place_pending_figures(struct paper *p, struct source *s)
{
    bool force = p->page != p->title_page;
    if ((s->pending & FIG_RASTER) && (force || figure_fits(p, RASTER_ASPECT))) {
        s->pending &= ~(unsigned)FIG_RASTER;
        if (place_raster_figure(p) < 0)
            return -1;
    }
    if (s->pending == FIG_CHART && (force || figure_fits(p, CHART_ASPECT))) {
        s->pending = 0;
        place_chart(p);
    }
    return 0;
}

static void place_section_heading(struct paper *p, struct source *s)
{
    char *num = roman_numeral(++s->section);
    char *text = mk_printf("%s. %s", num, filler_section_name(s->section - 1));
    place_heading(p, text, false);
    free(text);
    free(num);
    /* Longer papers have longer sections (and fewer repeated names). */
    s->left = 2 + (int)rng_below(&p->rng, 3) + p->opt->pages / 3;
    s->subsections = 0;
}

static void place_subsection_heading(struct paper *p, struct source *s)
{
    char *text = mk_printf("%c. %s", 'A' + s->subsections++ % 26, filler_subsection_name(&p->rng));
    place_heading(p, text, true);
    free(text);
}

static int place_next(struct paper *p, struct source *s)
{
    switch (s->stage) {
    case ST_ABSTRACT:
        place_abstract(p);
        s->stage = p->opt->keywords && *p->opt->keywords ? ST_KEYWORDS : ST_BODY;
        return 0;
    case ST_KEYWORDS:
        place_keywords(p);
        s->stage = ST_BODY;
        return 0;
    case ST_REFERENCES:
        place_reference(p, ++s->refs);
        return 0;
    case ST_BODY:
        break;
    }
    if (place_pending_figures(p, s) < 0)
        return -1;
    if (s->section > 0 && references_due(p)) {
        place_heading(p, "REFERENCES", false);
        s->stage = ST_REFERENCES;
    } else if (s->left == 0) {
        place_section_heading(p, s);
    } else {
        if (s->section > 1 && s->body % 3 == 2 && rng_below(&p->rng, 2))
            place_subsection_heading(p, s);
        place_body(p, s->body == 0 && p->opt->internal_links);
        s->left--;
        s->body++;
        /* Fig. 1 after the first paragraph, Fig. 2 after the second. */
        if (p->opt->image && s->body <= 2)
            s->pending |= s->body == 1 ? FIG_RASTER : FIG_CHART;
    }
    return 0;
}

static int pour_body(struct paper *p)
{
    struct source s = {ST_ABSTRACT, 0, 0, 0, 0, 0, 0};
    p->page = p->title_page;
    p->col = 0;
    place_title_block(p);
    while (!p->full) {
        if (place_next(p, &s) < 0 || p->status->failed)
            return -1;
    }
    return 0;
}

/* ---- per-page furniture ---- */

static void draw_marker(struct paper *p, int page)
{
    const struct geom *g = &p->geom[page];
    char *text = mk_printf("mkpaper-page-%d", page + 1);
    double x = col_left(p, page, p->ncols - 1);
    double baseline = g->flow_bottom + p->fonts->descent * MARKER_SIZE + 0.5;
    HPDF_Page_BeginText(p->pages[page]);
    fonts_show(p->fonts, p->pages[page], FACE_ITALIC, MARKER_SIZE, x, baseline, text);
    HPDF_Page_EndText(p->pages[page]);
    free(text);
}

/* An arabic folio centred 0.5 in above the bottom edge. */
static void draw_page_number(struct paper *p, int page)
{
    char *text = mk_printf("%d", page + 1);
    double w = fonts_width(p->fonts, FACE_REGULAR, BODY_SIZE, text);
    HPDF_Page_BeginText(p->pages[page]);
    fonts_show(p->fonts, p->pages[page], FACE_REGULAR, BODY_SIZE, (p->geom[page].width - w) / 2, 36, text);
    HPDF_Page_EndText(p->pages[page]);
    free(text);
}

static HPDF_Image grey_image(struct paper *p)
{
    enum { W = 16, H = 12 };
    if (!p->grey_image) {
        unsigned char *grey = mk_alloc(W * H);
        for (int i = 0; i < W * H; i++)
            grey[i] = (unsigned char)(((i / W + i % W) % 2) ? 96 : 150); /* no white pixel: ink to the edge */
        p->grey_image = HPDF_LoadRawImageFromMem(p->pdf, grey, W, H, HPDF_CS_DEVICE_GRAY, 8); /* copies */
        free(grey);
    }
    return p->grey_image;
}

static int draw_defect(struct paper *p, const struct placed *pl)
{
    HPDF_Page page = p->pages[pl->d->page - 1];
    const struct rect *r = &pl->box;
    switch (pl->d->kind) {
    case DEFECT_TEXT:
        /* Capitals sit on the baseline and reach the cap height. */
        HPDF_Page_BeginText(page);
        fonts_show(p->fonts, page, FACE_REGULAR, DEFECT_TEXT_SIZE, r->x0, r->y0, DEFECT_STRING);
        HPDF_Page_EndText(page);
        return 0;
    case DEFECT_IMAGE: {
        HPDF_Image img = grey_image(p);
        if (!img)
            return -1;
        HPDF_Page_DrawImage(page, img, (HPDF_REAL)r->x0, (HPDF_REAL)r->y0, (HPDF_REAL)(r->x1 - r->x0),
                            (HPDF_REAL)(r->y1 - r->y0));
        return 0;
    }
    case DEFECT_RULE:
        HPDF_Page_Rectangle(page, (HPDF_REAL)r->x0, (HPDF_REAL)r->y0, (HPDF_REAL)(r->x1 - r->x0),
                            (HPDF_REAL)(r->y1 - r->y0));
        HPDF_Page_Fill(page);
        return 0;
    }
    return 0;
}

static int draw_furniture(struct paper *p)
{
    for (size_t i = 0; i < p->ndefects; i++)
        if (!p->geom[p->defects[i].d->page - 1].blank && draw_defect(p, &p->defects[i]) < 0)
            return -1;
    for (int i = 0; i < p->opt->pages; i++) {
        if (p->geom[i].blank)
            continue;
        draw_marker(p, i);
        if (p->opt->page_numbers)
            draw_page_number(p, i);
    }
    return 0;
}

int layout_paper(HPDF_Doc pdf, HPDF_Page *pages, struct fonts *fonts, const struct options *opt,
                 const struct hpdf_status *status)
{
    struct paper p;
    memset(&p, 0, sizeof(p));
    p.pdf = pdf;
    p.pages = pages;
    p.fonts = fonts;
    p.opt = opt;
    p.status = status;
    p.ncols = opt->columns;
    rng_seed(&p.rng, opt->seed);
    plan_pages(&p);
    int rc = draw_furniture(&p);
    if (rc == 0 && p.title_page >= 0)
        rc = pour_body(&p);
    free(p.geom);
    free(p.defects);
    return rc < 0 || status->failed ? -1 : 0;
}
