/* check: rules that turn a pdf_info into findings. */
#include "check/check.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "check/review.h"
#include "inspect/sections.h"

/* At most this many findings of one code per file, then a summary one, so
 * a 300-page scan does not print 300 identical lines. */
#define MAX_PER_CODE 5

int check_page_limit(const struct style *style, const struct style_limits *limits)
{
    return limits && limits->page_limit >= 0 ? limits->page_limit : style->page_limit;
}

int check_extra_pages(const struct style *style, const struct style_limits *limits)
{
    return limits && limits->extra_pages >= 0 ? limits->extra_pages : style->extra_pages;
}

double check_extra_page_fee(const struct style *style, const struct style_limits *limits)
{
    return limits && limits->fee >= 0 ? limits->fee : style->extra_page_fee;
}

bool check_has_fee(const struct style *style, const struct style_limits *limits)
{
    return check_extra_page_fee(style, limits) > 0;
}

int check_paid_pages(const struct style *style, const struct style_limits *limits, int npages)
{
    int limit = check_page_limit(style, limits);
    int extra = check_extra_pages(style, limits);
    if (limit <= 0 || npages <= limit)
        return 0;
    /* Pages beyond the paid allowance are to be removed, not paid for. */
    return npages - limit < extra ? npages - limit : extra;
}

double check_fee(const struct style *style, const struct style_limits *limits, int npages)
{
    double fee = check_extra_page_fee(style, limits);
    return fee > 0 ? check_paid_pages(style, limits, npages) * fee : 0;
}

struct ctx {
    const struct pdf_info *info;
    const struct style *style;
    struct findings *out;
    int per_code[FINDING_CODE_COUNT]; /* findings emitted so far */
    int suppressed[FINDING_CODE_COUNT];
    int first_suppressed_page[FINDING_CODE_COUNT];
};

/* Add a finding with the style's severity, honouring MAX_PER_CODE. */
static struct finding *add(struct ctx *c, enum finding_code code, int page, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static struct finding *add(struct ctx *c, enum finding_code code, int page, const char *fmt, ...)
{
    if (c->per_code[code] >= MAX_PER_CODE) {
        if (c->suppressed[code]++ == 0)
            c->first_suppressed_page[code] = page;
        return NULL;
    }
    c->per_code[code]++;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    struct finding *f = findings_add(c->out, code, c->style->severity[code], page, "%s", msg);
    free(msg);
    return f;
}

static void flush_suppressed(struct ctx *c)
{
    for (int code = 0; code < FINDING_CODE_COUNT; code++)
        if (c->suppressed[code] > 0)
            findings_add(c->out, (enum finding_code)code, c->style->severity[code],
                         c->first_suppressed_page[code], "%d more '%s' findings like the ones above",
                         c->suppressed[code], finding_code_name((enum finding_code)code));
}

static void check_document(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    if (info->damage)
        add(c, F_DAMAGED, 0, "the file is damaged but could be repaired (%s); re-export it to be safe",
            info->damage);
    switch (info->encryption) {
    case ENC_NONE:
        break;
    case ENC_EMPTY_PASSWORD:
        add(c, F_ENCRYPTED, 0, "the file is encrypted (with an empty password); save it without security");
        break;
    case ENC_OWNER_PASSWORD:
        add(c, F_ENCRYPTED, 0, "the file is protected by an owner password that restricts %s; "
            "save it without security", info->modify_allowed ? "printing or copying" : "page assembly");
        break;
    case ENC_USER_PASSWORD:
        add(c, F_ENCRYPTED, 0, "the file needs a password to open; save it without security");
        break;
    }
    if (c->style->max_pdf_version && info->version > c->style->max_pdf_version)
        add(c, F_PDF_VERSION, 0, "PDF version %d.%d is newer than the %d.%d this venue accepts",
            info->version / 10, info->version % 10, c->style->max_pdf_version / 10,
            c->style->max_pdf_version % 10);
    if (info->javascript && c->style->forbid_javascript)
        add(c, F_JAVASCRIPT, 0, "the file contains JavaScript (%s)", info->javascript);
    if (info->attachments > 0 && c->style->forbid_attachments)
        add(c, F_ATTACHMENT, info->attachment_page, "the file carries %d attached file%s%s%s%s",
            info->attachments, info->attachments == 1 ? "" : "s",
            info->attachment_names ? " (" : "", info->attachment_names ? info->attachment_names : "",
            info->attachment_names ? ")" : "");
}

int check_counted_pages(const struct pdf_info *info, const struct style *style)
{
    if (style->count != PAGE_COUNT_BODY || !info->sections_searched)
        return info->npages;
    return sections_body_pages(info->sections, style->not_counted, info->npages, NULL);
}

/* "9 pages", or with a body count "9 body pages (references start on page
 * 9, appendix on page 9)", into sb. */
static void describe_count(const struct pdf_info *info, const struct style *style, int counted, struct strbuf *sb)
{
    if (style->count != PAGE_COUNT_BODY || !info->sections_searched) {
        strbuf_addf(sb, "%d pages", counted);
        return;
    }
    int first;
    sections_body_pages(info->sections, style->not_counted, info->npages, &first);
    if (first < 0) {
        strbuf_addf(sb, "%d pages (no heading of ", counted);
        int listed = 0;
        for (int k = 0; k < SECTION_KIND_COUNT; k++)
            if (style->not_counted & 1u << k)
                strbuf_addf(sb, "%s%s", listed++ ? ", " : "", section_kind_name((enum section_kind)k));
        strbuf_adds(sb, " was found, so every page counts)");
        return;
    }
    strbuf_addf(sb, "%d body page%s (%s start%s on page %d", counted, counted == 1 ? "" : "s",
                section_kind_name((enum section_kind)first), first == SECTION_APPENDIX ? "s" : "",
                info->sections[first].page);
    for (int k = 0; k < SECTION_KIND_COUNT; k++)
        if (k != first && style->not_counted & 1u << k && info->sections[k].page > 0)
            strbuf_addf(sb, ", %s on page %d", section_kind_name((enum section_kind)k), info->sections[k].page);
    strbuf_addch(sb, ')');
}

static void check_page_count(struct ctx *c, const struct style_limits *limits)
{
    int n = check_counted_pages(c->info, c->style);
    int limit = check_page_limit(c->style, limits);
    int extra = check_extra_pages(c->style, limits);
    if (limit <= 0 || n <= limit)
        return;
    struct strbuf what = STRBUF_INIT;
    describe_count(c->info, c->style, n, &what);
    const char *w = strbuf_str(&what);
    struct finding *f;
    if (n > limit + extra) {
        if (extra > 0)
            f = add(c, F_PAGE_LIMIT, limit + extra + 1,
                    "%s, more than the limit of %d plus %d paid extra page%s; remove %d page%s",
                    w, limit, extra, extra == 1 ? "" : "s", n - limit - extra, n - limit - extra == 1 ? "" : "s");
        else
            f = add(c, F_PAGE_LIMIT, limit + 1, "%s, more than the limit of %d; remove %d page%s", w,
                    limit, n - limit, n - limit == 1 ? "" : "s");
        if (f)
            f->amount = n - limit - extra;
        strbuf_release(&what);
        return;
    }
    int paid = n - limit;
    double fee = check_extra_page_fee(c->style, limits);
    if (fee > 0)
        f = add(c, F_EXTRA_PAGES, limit + 1, "%s: %d paid extra page%s beyond the %d included "
                "(fee %.2f %s)", w, paid, paid == 1 ? "" : "s", limit, paid * fee,
                c->style->currency ? c->style->currency : "");
    else
        f = add(c, F_EXTRA_PAGES, limit + 1, "%s: %d extra page%s beyond the %d included", w, paid,
                paid == 1 ? "" : "s", limit);
    if (f)
        f->amount = paid;
    strbuf_release(&what);
}

static bool same_size(double w1, double h1, double w2, double h2, double tol)
{
    return fabs(w1 - w2) <= tol && fabs(h1 - h2) <= tol;
}

static const char *size_label(const struct style *style, double w, double h)
{
    bool landscape;
    const struct style_size *sz = style_match_size(style, w, h, &landscape);
    return sz ? sz->name : NULL;
}

/* ---- one finding per defect ---- */

/* One occurrence of a defect that may repeat (a font, a page size): equal
 * keys are one defect, reported once with all their pages. */
struct occurrence {
    char *key;         /* what makes two occurrences one defect; owned */
    int page;          /* 1-based */
    size_t order;      /* position found: defects come out in order of their first occurrence */
    size_t item;       /* the caller's index, to word the finding */
};

static int occurrence_cmp(const void *a, const void *b)
{
    const struct occurrence *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

/* A defect: occurrences [first, first + n) of the sorted array. */
struct defect {
    size_t first, n;
    size_t order;      /* of its first occurrence */
};

static int defect_cmp(const void *a, const void *b)
{
    size_t x = ((const struct defect *)a)->order, y = ((const struct defect *)b)->order;
    return (x > y) - (x < y);
}

/* Group occ[0..n) into defects, in order of first occurrence.  Sorts occ;
 * returns the defects (caller frees) and their number in *ndefects. */
static struct defect *group_occurrences(struct occurrence *occ, size_t n, size_t *ndefects)
{
    qsort(occ, n, sizeof(*occ), occurrence_cmp);
    struct defect *d = xcalloc(n ? n : 1, sizeof(*d));
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(occ[i].key, occ[i - 1].key))
            d[nd - 1].n++;
        else
            d[nd++] = (struct defect){i, 1, occ[i].order};
    }
    qsort(d, nd, sizeof(*d), defect_cmp);
    *ndefects = nd;
    return d;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The pages of a defect, ascending and distinct, into pages[] (room for
 * d->n); returns how many. */
static size_t defect_pages(const struct occurrence *occ, const struct defect *d, int *pages)
{
    for (size_t i = 0; i < d->n; i++)
        pages[i] = occ[d->first + i].page;
    qsort(pages, d->n, sizeof(*pages), int_cmp);
    size_t u = 0;
    for (size_t i = 0; i < d->n; i++)
        if (!u || pages[u - 1] != pages[i])
            pages[u++] = pages[i];
    return u;
}

static void occurrences_free(struct occurrence *occ, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(occ[i].key);
    free(occ);
}

/* What is wrong with one page's size, worded for one page ("page is ...")
 * and for several ("pages 2, 3 are ..."). */
struct size_issue {
    enum finding_code code;
    char *one;         /* after "page " */
    char *many;        /* after "pages N, M " */
};

static void check_page_sizes(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    const struct style *st = c->style;
    const struct page_info *first = &info->pages[0];
    struct size_issue *issues = xcalloc((size_t)info->npages, sizeof(*issues));
    struct occurrence *occ = xcalloc((size_t)info->npages, sizeof(*occ));
    size_t nocc = 0;
    for (int i = 0; i < info->npages; i++) {
        const struct page_info *p = &info->pages[i];
        struct size_issue *s = &issues[i];
        bool landscape;
        const struct style_size *sz = style_match_size(st, p->width, p->height, &landscape);
        char *rest = NULL; /* after "is" or "are" */
        if (p->media_width < 1 || p->media_height < 1) {
            /* Readers substitute a default size for an empty MediaBox, so
             * what the paper looks like depends on the reader. */
            s->code = F_PAGE_SIZE;
            s->one = xasprintf("has an empty MediaBox (%.0f x %.0f pt); readers show it at a size of their "
                               "choosing", p->media_width, p->media_height);
            s->many = xasprintf("have an empty MediaBox (%.0f x %.0f pt); readers show them at a size of their "
                                "choosing", p->media_width, p->media_height);
        } else if (sz && landscape) {
            s->code = F_PAGE_SIZE;
            rest = xasprintf("landscape (%.0f x %.0f pt); %s portrait (%.0f x %.0f pt) is expected", p->width,
                             p->height, sz->name, sz->width, sz->height);
        } else if (!sz) {
            const struct style_size *near = style_nearest_size(st, p->width, p->height);
            s->code = F_PAGE_SIZE;
            rest = xasprintf("%.1f x %.1f pt (%.1f x %.1f mm); expected %s (%.0f x %.0f pt)%s", p->width, p->height,
                             p->width / 72 * 25.4, p->height / 72 * 25.4, near->name, near->width, near->height,
                             st->nsizes > 1 ? " or another accepted size" : "");
        } else if (i > 0 && !same_size(p->width, p->height, first->width, first->height, st->size_tolerance)) {
            const char *first_name = size_label(st, first->width, first->height);
            s->code = F_MIXED_PAGE_SIZE;
            rest = xasprintf("%s (%.0f x %.0f pt) but page 1 is %s (%.0f x %.0f pt)", sz->name, p->width, p->height,
                             first_name ? first_name : "another size", first->width, first->height);
        }
        if (rest) {
            s->one = xasprintf("is %s", rest);
            s->many = xasprintf("are %s", rest);
            free(rest);
        }
        if (s->one)
            occ[nocc++] = (struct occurrence){xasprintf("%d %s", s->code, s->one), i + 1, (size_t)i, (size_t)i};
    }
    size_t nd;
    struct defect *defects = group_occurrences(occ, nocc, &nd);
    int *pages = xcalloc(nocc ? nocc : 1, sizeof(*pages));
    for (size_t g = 0; g < nd; g++) {
        const struct size_issue *s = &issues[occ[defects[g].first].item];
        size_t n = defect_pages(occ, &defects[g], pages);
        struct finding *f;
        if (n == 1) {
            f = add(c, s->code, pages[0], "page %s", s->one);
        } else {
            struct strbuf list = STRBUF_INIT;
            finding_format_pages(&list, pages, n);
            f = add(c, s->code, pages[0], "pages %s %s", strbuf_str(&list), s->many);
            strbuf_release(&list);
        }
        if (f)
            finding_set_pages(f, pages, n);
    }
    free(pages);
    free(defects);
    occurrences_free(occ, nocc);
    for (int i = 0; i < info->npages; i++) {
        free(issues[i].one);
        free(issues[i].many);
    }
    free(issues);
}

/* ---- text blocks ---- */

/* A template block's bottom is its last baseline (style.h); descenders
 * of the last line reach about 2.2 pt below it, and they are allowed this
 * much on top of the tolerance. */
#define BLOCK_DESCENT 2.5
#define MAX_AREAS 8
/* pt a header line's ink may exceed its text box (glyphs, pixels). */
#define LINE_SLOP 2.0
/* pt text may reach past the ink's edge and still be taken as its edge. */
#define TEXT_EDGE_SLOP 1.5

/* An area a page's content is judged by. */
struct area {
    struct rect r;     /* page as displayed, pt */
    bool block;        /* a template's text block (else the minimum margins) */
};

static bool same_rect(const struct rect *a, const struct rect *b)
{
    return fabs(a->x0 - b->x0) < 0.5 && fabs(a->y0 - b->y0) < 0.5 && fabs(a->x1 - b->x1) < 0.5 &&
           fabs(a->y1 - b->y1) < 0.5;
}

static size_t push_area(struct area *areas, size_t n, struct rect r, bool block)
{
    for (size_t k = 0; k < n; k++)
        if (same_rect(&areas[k].r, &r))
            return n;
    if (n < MAX_AREAS)
        areas[n++] = (struct area){r, block};
    return n;
}

/* The areas a w x h page of size sz may have been laid out in: the
 * size's template block, the other sizes' blocks (a paper set for Letter
 * printed on A4), and last the minimum margins (papers from other
 * templates, or no block given).  Returns how many (at least 1). */
static size_t page_areas(const struct style *st, const struct style_size *sz, double w, double h, struct area *areas)
{
    size_t n = 0;
    struct rect r;
    /* A block that does not fit is not the layout (a landscape page). */
    if (sz->text_block.given) {
        style_text_block(sz, &r);
        if (r.x1 <= w && r.y1 <= h)
            n = push_area(areas, n, r, true);
    }
    for (size_t i = 0; i < st->nsizes; i++)
        if (st->sizes[i].text_block.given) {
            style_text_block(&st->sizes[i], &r);
            if (r.x1 <= w && r.y1 <= h)
                n = push_area(areas, n, r, true);
        }
    struct rect margins = {sz->left, sz->top, w - sz->right, h - sz->bottom};
    for (size_t k = 0; k < n; k++)
        if (same_rect(&areas[k].r, &margins))
            return n;
    if (n == MAX_AREAS)
        n--;
    areas[n++] = (struct area){margins, false};
    return n;
}

static const struct style_size *size_for_page(const struct style *st, const struct page_info *p)
{
    const struct style_size *sz = style_match_size(st, p->width, p->height, NULL);
    return sz ? sz : style_nearest_size(st, p->width, p->height);
}

/* The area of areas[0..n) whose left edge the body text starts at; the
 * minimum margins (the last) when none is that close. */
static const struct area *body_area(const struct page_info *p, const struct area *areas, size_t n)
{
    const struct area *best = &areas[n - 1];
    double best_diff = INFINITY;
    for (size_t k = 0; k < n; k++) {
        double diff = fabs(p->body.x0 - areas[k].r.x0);
        if (diff <= STYLE_BLOCK_MATCH && diff < best_diff - 0.01) { /* ties: the earlier area */
            best = &areas[k];
            best_diff = diff;
        }
    }
    return best;
}

/* The area each page is judged by.  A paper is made with one template:
 * each page with body text votes for the area its body text starts at
 * (the minimum margins when no block fits: another template), and all
 * pages of one size take the area most of them voted for (ties: the
 * first voted for).  Without votes, the size's own block, else the
 * minimum margins. */
static void choose_areas(struct ctx *c, struct area *chosen)
{
    const struct pdf_info *info = c->info;
    int n = info->npages;
    bool *done = xcalloc((size_t)n, sizeof(*done));
    for (int i = 0; i < n; i++) {
        if (done[i])
            continue;
        const struct style_size *sz = size_for_page(c->style, &info->pages[i]);
        struct area voted[MAX_AREAS];
        int votes[MAX_AREAS] = {0};
        size_t nvoted = 0;
        for (int j = i; j < n; j++) {
            const struct page_info *p = &info->pages[j];
            if (size_for_page(c->style, p) != sz || rect_empty(&p->body))
                continue;
            struct area areas[MAX_AREAS];
            const struct area *a = body_area(p, areas, page_areas(c->style, sz, p->width, p->height, areas));
            size_t k = 0;
            while (k < nvoted && !(same_rect(&voted[k].r, &a->r) && voted[k].block == a->block))
                k++;
            if (k == nvoted && nvoted < MAX_AREAS)
                voted[nvoted++] = *a;
            if (k < nvoted)
                votes[k]++;
        }
        size_t winner = 0;
        for (size_t k = 1; k < nvoted; k++)
            if (votes[k] > votes[winner])
                winner = k;
        for (int j = i; j < n; j++) {
            const struct page_info *p = &info->pages[j];
            if (done[j] || size_for_page(c->style, p) != sz)
                continue;
            struct area areas[MAX_AREAS];
            size_t na = page_areas(c->style, sz, p->width, p->height, areas);
            size_t k = 0; /* no votes: the first area, the size's own block when given */
            if (nvoted) {
                k = na - 1; /* the minimum margins unless the winner fits this page */
                for (size_t m = 0; m < na; m++)
                    if (same_rect(&areas[m].r, &voted[winner].r) && areas[m].block == voted[winner].block)
                        k = m;
            }
            chosen[j] = areas[k];
            done[j] = true;
        }
    }
    free(done);
}

/* ---- page numbers ---- */

static int roman_value(const char *s)
{
    static const struct {
        char c;
        int v;
    } digits[] = {{'i', 1}, {'v', 5}, {'x', 10}, {'l', 50}, {'c', 100}};
    int total = 0, prev = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 8)
        return -1;
    for (size_t i = n; i-- > 0;) {
        int v = 0;
        for (size_t k = 0; k < ARRAY_SIZE(digits); k++)
            if (tolower((unsigned char)s[i]) == digits[k].c)
                v = digits[k].v;
        if (!v)
            return -1;
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total > 0 ? total : -1;
}

int check_parse_page_number(const char *text)
{
    char buf[64];
    size_t n = 0;
    /* Keep letters and digits of the first word group; drop dashes, dots, spaces. */
    for (const char *p = text; *p && n < sizeof(buf) - 1; p++)
        if (isalnum((unsigned char)*p) || *p == ' ')
            buf[n++] = *p;
    buf[n] = '\0';
    char *s = buf;
    while (*s == ' ')
        s++;
    if (strncasecmp(s, "page ", 5) == 0)
        s += 5;
    while (*s == ' ')
        s++;
    char *end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    /* "12 of 20" */
    char *of = strstr(s, " of ");
    if (of)
        *of = '\0';
    if (!*s)
        return -1;
    if (isdigit((unsigned char)*s)) {
        char *stop;
        long v = strtol(s, &stop, 10);
        return *stop || v <= 0 || v > 99999 ? -1 : (int)v;
    }
    return roman_value(s);
}

/* A page number in a running head: an arabic number, or a lower-case
 * roman one, as the first or last word of a line that also has words
 * ("2  P. Dvořák et al.", "Title  3"), or after "Page" anywhere in it
 * ("2023-11-14 22:13. Page 2 of 1–2.").  Returns it or -1. */
static int running_head_number(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, "page ", 5) != 0 || (p > text && isalnum((unsigned char)p[-1])))
            continue;
        if (isdigit((unsigned char)p[5])) {
            long v = strtol(p + 5, NULL, 10);
            if (v > 0 && v <= 99999)
                return (int)v;
        }
    }
    const char *first_end = text + strcspn(text, " ");
    const char *last = strrchr(text, ' ');
    if (!*first_end || !last)
        return -1; /* one word: no running head */
    last++;
    const char *words[2][2] = {{text, first_end}, {last, last + strlen(last)}};
    for (int w = 0; w < 2; w++) {
        const char *a = words[w][0], *b = words[w][1];
        while (a < b && ispunct((unsigned char)*a))
            a++;
        while (b > a && ispunct((unsigned char)b[-1]))
            b--;
        size_t len = (size_t)(b - a);
        if (len == 0 || len > 8)
            continue;
        char word[9];
        memcpy(word, a, len);
        word[len] = '\0';
        bool digits = true, roman = true;
        for (size_t k = 0; k < len; k++) {
            digits = digits && isdigit((unsigned char)word[k]);
            roman = roman && strchr("ivxlc", word[k]) != NULL;
        }
        long v = digits && len <= 5 ? strtol(word, NULL, 10) : 0;
        if (v > 0)
            return (int)v;
        if (roman)
            return roman_value(word);
    }
    return -1;
}

enum zone { ZONE_HEAD, ZONE_FOOT };

/* One line above or below a page's text block: the margin texts that sit
 * side by side on it (a folio and a running title are often two). */
struct head_line {
    struct rect box;
    enum zone zone;
    int value;         /* the page number it prints, or -1 */
    bool with_text;    /* a running head: words besides the number */
    bool folio;        /* its number follows the pages: a printed page number */
};

#define MAX_HEAD_LINES 8

/* Where a margin text is: above or below area a and across it (its
 * middle within the area's width); false for anything else (beside it:
 * line numbers, marginal notes). */
static bool head_zone(const struct margin_text *t, const struct area *a, enum zone *zone)
{
    double cx = (t->box.x0 + t->box.x1) / 2;
    if (cx < a->r.x0 || cx > a->r.x1)
        return false;
    if (t->box.y1 <= a->r.y0 + 1)
        *zone = ZONE_HEAD;
    else if (t->box.y0 >= a->r.y1 + 1)
        *zone = ZONE_FOOT;
    else
        return false;
    return true;
}

/* The lines of page p above or below area a, into lines[] (at most
 * MAX_HEAD_LINES); returns how many. */
static size_t head_lines(const struct page_info *p, const struct area *a, struct head_line *lines)
{
    size_t n = 0;
    bool used[MAX_HEAD_LINES * 4] = {false};
    size_t nt = p->nmargin_texts < ARRAY_SIZE(used) ? p->nmargin_texts : ARRAY_SIZE(used);
    for (size_t i = 0; i < nt && n < MAX_HEAD_LINES; i++) {
        const struct margin_text *t = &p->margin_texts[i];
        enum zone zone, other;
        if (used[i] || !head_zone(t, a, &zone))
            continue;
        /* Gather the texts on the same line, left to right. */
        size_t parts[MAX_HEAD_LINES * 4];
        size_t np = 0;
        for (size_t k = i; k < nt; k++) {
            const struct rect *r = &p->margin_texts[k].box;
            double overlap = fmin(r->y1, t->box.y1) - fmax(r->y0, t->box.y0);
            double least = fmin(r->y1 - r->y0, t->box.y1 - t->box.y0);
            if (!used[k] && head_zone(&p->margin_texts[k], a, &other) && other == zone &&
                (k == i || overlap >= least / 2)) {
                used[k] = true;
                parts[np++] = k;
            }
        }
        for (size_t x = 1; x < np; x++)
            for (size_t y = x; y > 0 && p->margin_texts[parts[y]].box.x0 < p->margin_texts[parts[y - 1]].box.x0; y--) {
                size_t tmp = parts[y];
                parts[y] = parts[y - 1];
                parts[y - 1] = tmp;
            }
        struct strbuf text = STRBUF_INIT;
        struct head_line *l = &lines[n++];
        memset(l, 0, sizeof(*l));
        l->zone = zone;
        for (size_t x = 0; x < np; x++) {
            const struct margin_text *part = &p->margin_texts[parts[x]];
            if (x)
                strbuf_adds(&text, "  ");
            strbuf_adds(&text, part->text ? part->text : "");
            rect_union(&l->box, &part->box);
        }
        const char *s = strbuf_str(&text);
        l->value = check_parse_page_number(s);
        if (l->value <= 0) {
            l->value = running_head_number(s);
            l->with_text = l->value > 0;
        }
        strbuf_release(&text);
    }
    return n;
}

/* What each page's header and footer lines are, from the area chosen for
 * it; the page numbers among them are marked folio. */
struct page_heads {
    struct head_line lines[MAX_HEAD_LINES];
    size_t n;
};

/* A number on a page, as a candidate page number. */
struct folio_candidate {
    int offset;        /* value - page index */
    int page;          /* 0-based */
};

static int folio_candidate_cmp(const void *a, const void *b)
{
    const struct folio_candidate *x = a, *y = b;
    if (x->offset != y->offset)
        return (x->offset > y->offset) - (x->offset < y->offset);
    return (x->page > y->page) - (x->page < y->page);
}

/* Mark the lines whose numbers follow the page sequence (at a constant
 * offset: papers numbered from their place in a previous volume).  The
 * offset most pages agree on wins (ties: the smaller), so a year in a
 * header does not set it.  Returns how many pages have one. */
static int mark_folios(const struct pdf_info *info, struct page_heads *heads)
{
    size_t n = 0;
    for (int i = 0; i < info->npages; i++)
        n += heads[i].n;
    struct folio_candidate *cand = xcalloc(n ? n : 1, sizeof(*cand));
    size_t m = 0;
    for (int i = 0; i < info->npages; i++)
        for (size_t k = 0; k < heads[i].n; k++)
            if (heads[i].lines[k].value > 0)
                cand[m++] = (struct folio_candidate){heads[i].lines[k].value - i, i};
    qsort(cand, m, sizeof(*cand), folio_candidate_cmp);
    int best_offset = 0, best_count = 0;
    for (size_t k = 0; k < m;) {
        size_t end = k;
        int pages = 0;
        for (; end < m && cand[end].offset == cand[k].offset; end++)
            pages += end == k || cand[end].page != cand[end - 1].page;
        if (pages > best_count) {
            best_count = pages;
            best_offset = cand[k].offset;
        }
        k = end;
    }
    free(cand);
    for (int i = 0; i < info->npages; i++)
        for (size_t k = 0; k < heads[i].n; k++) {
            struct head_line *l = &heads[i].lines[k];
            l->folio = best_count > 0 && l->value > 0 && l->value - i == best_offset;
        }
    return best_count;
}

/* What usually prints page numbers, per template (by the style's name),
 * said when the paper was laid out in the template's own text block. */
static const char *page_number_hint(const struct style *st, bool template_block, bool in_head, bool running_head)
{
    const char *name = st->name ? st->name : "";
    if (template_block && !strncmp(name, "lncs", 4) && in_head && running_head)
        return "remove the 'runningheads' class option: \\documentclass{llncs}";
    if (template_block && !strncmp(name, "acm", 3))
        return "acmart prints page numbers in 'review' mode and with printfolios: remove 'review' and use "
               "\\settopmatter{printfolios=false}";
    if (template_block && !strncmp(name, "ieee", 4))
        return "IEEEtran conference papers carry no page numbers: remove \\pagestyle{plain} or "
               "\\pagestyle{headings}, or use \\pagestyle{empty}";
    return "use \\pagestyle{empty}, or remove the page numbers the template or a package prints";
}

static void check_page_numbers(struct ctx *c, const struct area *areas, struct page_heads *heads)
{
    const struct pdf_info *info = c->info;
    int n = info->npages;
    for (int i = 0; i < n; i++)
        heads[i].n = info->pages[i].nmargin_texts ? head_lines(&info->pages[i], &areas[i], heads[i].lines) : 0;
    int count = mark_folios(info, heads);
    /* One stray number is a figure label; numbers on most pages are folios. */
    bool folios = n == 1 ? count == 1 : count >= 2 && count * 2 >= n;
    int *pages = xcalloc((size_t)n, sizeof(*pages));
    size_t npages = 0;
    const struct head_line *first = NULL;
    bool in_head = false, in_foot = false, running = false, template_block = false;
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < heads[i].n; k++) {
            struct head_line *l = &heads[i].lines[k];
            if (!folios)
                l->folio = false;
            if (!l->folio)
                continue;
            if (!npages || pages[npages - 1] != i + 1)
                pages[npages++] = i + 1;
            if (!first) {
                first = l;
                template_block = areas[i].block;
            }
            in_head = in_head || l->zone == ZONE_HEAD;
            in_foot = in_foot || l->zone == ZONE_FOOT;
            running = running || l->with_text;
        }
    if (folios && c->style->forbid_page_numbers && npages > 0) {
        struct strbuf list = STRBUF_INIT;
        finding_format_pages(&list, pages, npages);
        const char *where = in_head && in_foot ? "headers and footers"
                            : in_head          ? (running ? "running heads" : "headers")
                                               : "footers";
        struct finding *f = add(c, F_PAGE_NUMBERS, pages[0],
                                "page numbers are printed on %zu of %d pages (%s), in the %s; remove them, the "
                                "final numbers are stamped when the volume is built",
                                npages, n, strbuf_str(&list), where);
        strbuf_release(&list);
        if (f) {
            finding_set_pages(f, pages, npages);
            finding_set_hint(f, page_number_hint(c->style, template_block, in_head, running));
            f->box[0] = first->box.x0;
            f->box[1] = first->box.y0;
            f->box[2] = first->box.x1;
            f->box[3] = first->box.y1;
        }
    }
    free(pages);
}

/* ---- margins ---- */

static const char *content_kind(const struct page_info *p, const char *side, double limit)
{
    /* Which measured box reaches as far as the ink does on that side. */
    const struct rect *boxes[2] = {&p->text, &p->image};
    static const char *const names[2] = {"text", "an image"};
    for (int k = 0; k < 2; k++) {
        const struct rect *r = boxes[k];
        if (rect_empty(r))
            continue;
        bool reaches = (!strcmp(side, "top") && r->y0 < limit) || (!strcmp(side, "bottom") && r->y1 > limit) ||
                       (!strcmp(side, "left") && r->x0 < limit) || (!strcmp(side, "right") && r->x1 > limit);
        if (reaches)
            return names[k];
    }
    return "graphics";
}

static void margin_finding(struct ctx *c, int page, const struct page_info *p, const struct area *a, const char *side,
                           double intrusion, double limit, struct rect area)
{
    const char *kind = content_kind(p, side, limit);
    struct finding *f;
    if (a->block)
        f = add(c, F_MARGIN, page, "%s extends %.1f pt past the %s edge of the text block", kind, intrusion, side);
    else
        f = add(c, F_MARGIN, page, "%s extends %.1f pt into the %s margin", kind, intrusion, side);
    if (!f)
        return;
    f->side = side;
    f->amount = round(intrusion * 10) / 10;
    f->box[0] = area.x0;
    f->box[1] = area.y0;
    f->box[2] = area.x1;
    f->box[3] = area.y1;
}

/* A header or footer line that is not content: a printed page number
 * (reported as page_numbers), or a running head without one that stays
 * inside the style's minimum margins, where templates put them. */
static bool leave_out(const struct ctx *c, const struct page_info *p, const struct area *a, const struct head_line *l)
{
    if (l->folio)
        return true;
    const struct style_size *sz = size_for_page(c->style, p);
    double tol = c->style->margin_tolerance;
    bool across = l->box.x0 >= a->r.x0 - tol && l->box.x1 <= a->r.x1 + tol;
    if (l->zone == ZONE_HEAD)
        return across && l->box.y0 >= sz->top - tol;
    return across && l->box.y1 <= p->height - sz->bottom + tol;
}

static bool covers(const struct rect *line, const struct rect *band)
{
    return band->x0 >= line->x0 - LINE_SLOP && band->x1 <= line->x1 + LINE_SLOP && band->y0 >= line->y0 - LINE_SLOP &&
           band->y1 <= line->y1 + LINE_SLOP;
}

/* What the page shows, less the header and footer lines left out: in
 * all (for the sides) and in across (for the top and bottom: only what
 * lies across the area, so line numbers beside a footer count once, for
 * their side). */
/* A piece of ink that lies within a line-number column's width, beside
 * its height: the numbers, reported as review_version. */
static bool in_ruler(const struct rect *piece, const struct review_ruler *rulers)
{
    for (int side = 0; rulers && side < 2; side++) {
        const struct rect *r = &rulers[side].box;
        if (!rect_empty(r) && piece->x0 >= r->x0 - LINE_SLOP && piece->x1 <= r->x1 + LINE_SLOP &&
            piece->y1 > r->y0 - LINE_SLOP && piece->y0 < r->y1 + LINE_SLOP)
            return true;
    }
    return false;
}

static void page_content(const struct ctx *c, const struct page_info *p, const struct area *a,
                         const struct page_heads *heads, const struct review_ruler *rulers, struct rect *all,
                         struct rect *across)
{
    bool out[MAX_HEAD_LINES];
    for (size_t k = 0; k < heads->n; k++)
        out[k] = leave_out(c, p, a, &heads->lines[k]);
    *all = *across = (struct rect){0, 0, 0, 0};
    if (p->nink_bands == 0) {
        /* Rendering failed: judge by the text, less the lines left out
         * when nothing else reaches as far. */
        *all = rect_empty(&p->ink) ? p->text : p->ink;
        for (size_t k = 0; k < heads->n; k++) {
            const struct rect *lb = &heads->lines[k].box;
            if (!out[k])
                continue;
            if (heads->lines[k].zone == ZONE_HEAD && all->y0 >= lb->y0 - LINE_SLOP)
                all->y0 = fmax(all->y0, a->r.y0);
            if (heads->lines[k].zone == ZONE_FOOT && all->y1 <= lb->y1 + LINE_SLOP)
                all->y1 = fmin(all->y1, a->r.y1);
        }
        *across = *all;
        return;
    }
    for (size_t b = 0; b < p->nink_bands; b++) {
        const struct rect *piece = &p->ink_bands[b];
        bool skip = false;
        for (size_t k = 0; k < heads->n && !skip; k++)
            skip = out[k] && covers(&heads->lines[k].box, piece);
        if (skip || in_ruler(piece, rulers))
            continue;
        rect_union(all, piece);
        if (piece->x1 > a->r.x0 && piece->x0 < a->r.x1)
            rect_union(across, piece);
    }
}

static void check_margins(struct ctx *c, int i, const struct area *a, const struct page_heads *heads,
                          const struct review_ruler *rulers)
{
    const struct page_info *p = &c->info->pages[i];
    if (p->blank)
        return;
    struct rect ink, across;
    if (p->measured)
        page_content(c, p, a, heads, rulers, &ink, &across);
    else /* inspect found it inside every area this page could be judged by
          * (fits_block); if not this one, its bounding box tells */
        ink = across = p->bbox;
    if (rect_empty(&ink))
        return;
    /* Pixels round the ink out to the pixel grid; where text reaches a
     * little past it, the glyph boxes are the exact edge (and what a
     * measurement by hand with pdftotext gives). */
    if (!rect_empty(&p->text) && p->text.x0 < ink.x0 && p->text.x0 >= ink.x0 - TEXT_EDGE_SLOP)
        ink.x0 = p->text.x0;
    if (!rect_empty(&p->text) && p->text.x1 > ink.x1 && p->text.x1 <= ink.x1 + TEXT_EDGE_SLOP)
        ink.x1 = p->text.x1;
    double tol = c->style->margin_tolerance;
    double top = a->r.y0, bottom = a->r.y1, left = a->r.x0, right = a->r.x1;
    double descent = a->block ? BLOCK_DESCENT : 0;
    if (!rect_empty(&across) && top - across.y0 > tol)
        margin_finding(c, i + 1, p, a, "top", top - across.y0, top,
                       (struct rect){across.x0, across.y0, across.x1, top});
    if (!rect_empty(&across) && across.y1 - bottom > tol + descent)
        margin_finding(c, i + 1, p, a, "bottom", across.y1 - bottom, bottom,
                       (struct rect){across.x0, bottom, across.x1, across.y1});
    if (left - ink.x0 > tol)
        margin_finding(c, i + 1, p, a, "left", left - ink.x0, left, (struct rect){ink.x0, ink.y0, left, ink.y1});
    if (ink.x1 - right > tol)
        margin_finding(c, i + 1, p, a, "right", ink.x1 - right, right, (struct rect){right, ink.y0, ink.x1, ink.y1});
}

/* Line numbers, review-copy text, a DRAFT watermark: one finding each. */
static void check_review(struct ctx *c, const struct review_result *r)
{
    for (size_t k = 0; k < r->nsigns; k++) {
        const struct review_sign *s = &r->signs[k];
        struct finding *f = add(c, F_REVIEW_VERSION, s->npages ? s->pages[0] : 0, "%s", s->message);
        if (!f)
            continue;
        finding_set_pages(f, s->pages, s->npages);
        finding_set_hint(f, s->hint);
        f->box[0] = s->box.x0;
        f->box[1] = s->box.y0;
        f->box[2] = s->box.x1;
        f->box[3] = s->box.y1;
    }
}

/* One finding per font: every font object of one name (and type) is the
 * same defect, wherever it is used.  A font that no text is shown with
 * (only listed in a page's resources) is none. */
static void check_fonts(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    struct occurrence *occ = xcalloc(info->nfonts ? info->nfonts : 1, sizeof(*occ));
    size_t nocc = 0;
    for (size_t i = 0; i < info->nfonts; i++) {
        const struct font_info *f = &info->fonts[i];
        enum finding_code code;
        if (!f->drawn)
            continue;
        if (f->type3 && c->style->forbid_type3_fonts)
            code = F_TYPE3_FONT;
        else if (!f->embedded && !f->type3 && c->style->require_embedded_fonts)
            code = F_FONT_NOT_EMBEDDED;
        else
            continue;
        occ[nocc++] = (struct occurrence){xasprintf("%d %s\x01%s", code, f->name, f->type ? f->type : ""),
                                          f->first_page, i, i};
    }
    size_t nd;
    struct defect *defects = group_occurrences(occ, nocc, &nd);
    int *pages = xcalloc(nocc ? nocc : 1, sizeof(*pages));
    for (size_t g = 0; g < nd; g++) {
        const struct font_info *f = &info->fonts[occ[defects[g].first].item];
        size_t n = defect_pages(occ, &defects[g], pages);
        struct strbuf used = STRBUF_INIT;
        if (n > 1) {
            strbuf_adds(&used, " (used on pages ");
            finding_format_pages(&used, pages, n);
            strbuf_addch(&used, ')');
        }
        struct finding *fd;
        if (f->type3)
            fd = add(c, F_TYPE3_FONT, pages[0], "font '%s' is a Type 3 (bitmap or procedural) font%s; use outline "
                     "fonts (e.g. \\usepackage[T1]{fontenc} with cm-super or lmodern)", f->name, strbuf_str(&used));
        else
            fd = add(c, F_FONT_NOT_EMBEDDED, pages[0], "font '%s' (%s) is not embedded%s", f->name,
                     f->type ? f->type : "unknown type", strbuf_str(&used));
        if (fd)
            finding_set_pages(fd, pages, n);
        strbuf_release(&used);
    }
    free(pages);
    free(defects);
    occurrences_free(occ, nocc);
}

/* ---- body typography ---- */

/* A body size shared by fewer characters than this is no body size (a
 * page of tables, a poster): nothing is said about it. */
#define BODY_SHARE_MIN 0.4
#define TYPO_PAGES_MAX 8           /* pages listed (inspect measures at most 3) */

/* The body text against the template's: size, line spacing, columns, as
 * measured on the pages typography.first_page..last_page.  Line spacing
 * follows the size (a 9 pt class option also sets 11 pt lines), so a
 * paper whose size is reported is not reported again for its leading. */
static void check_typography(struct ctx *c)
{
    const struct body_typography *t = &c->info->typography;
    const struct style_body_text *want = &c->style->body_text;
    if (t->font_size <= 0 || t->font_share < BODY_SHARE_MIN)
        return;
    int pages[TYPO_PAGES_MAX];
    size_t npages = 0;
    for (int p = t->first_page; p <= t->last_page && npages < TYPO_PAGES_MAX; p++)
        pages[npages++] = p;
    struct finding *f;
    bool small = want->font_size > 0 && t->font_size < want->font_size - want->font_size_tolerance;
    if (small && (f = add(c, F_FONT_SIZE, t->first_page, "body text %.1f pt, the style asks for %g pt",
                          t->font_size, want->font_size))) {
        f->amount = round(t->font_size * 100) / 100;
        finding_set_pages(f, pages, npages);
        finding_set_hint(f, "use the template's default font size (no smaller size class option such as "
                            "'9pt', no \\small or \\fontsize around the body)");
    }
    if (!small && want->min_leading > 0 && t->leading > 0 && t->leading < want->min_leading &&
        (f = add(c, F_LINE_SPACING, t->first_page,
                 "body lines %.1f pt apart (baseline to baseline), the style asks for at least %g pt", t->leading,
                 want->min_leading))) {
        f->amount = round(t->leading * 100) / 100;
        finding_set_pages(f, pages, npages);
        finding_set_hint(f, "use the template's line spacing: remove \\linespread, \\baselinestretch or "
                            "\\setstretch below 1");
    }
    if (want->columns > 0 && t->columns > 0 && t->columns != want->columns &&
        (f = add(c, F_COLUMNS, t->first_page, "body text in %d column%s, the style asks for %d", t->columns,
                 t->columns == 1 ? "" : "s", want->columns))) {
        f->amount = t->columns;
        finding_set_pages(f, pages, npages);
        finding_set_hint(f, want->columns == 1 ? "use the template's single column: remove the 'twocolumn' "
                                                 "class option or the multicol environment"
                                               : "use the template's columns: remove the 'onecolumn' class "
                                                 "option or \\onecolumn");
    }
}

/* One finding for the raster images shown below the style's resolution,
 * naming the lowest and listing the pages (pdfstruct keeps each page's
 * lowest, of the images that count). */
static void check_images(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    int min = c->style->min_image_ppi;
    if (min <= 0)
        return;
    int *pages = xcalloc((size_t)info->npages, sizeof(*pages));
    size_t n = 0;
    const struct page_info *worst = NULL;
    int worst_page = 0;
    for (int i = 0; i < info->npages; i++) {
        const struct page_info *p = &info->pages[i];
        if (p->image_ppi <= 0 || p->image_ppi >= min)
            continue;
        pages[n++] = i + 1;
        if (!worst || p->image_ppi < worst->image_ppi) {
            worst = p;
            worst_page = i + 1;
        }
    }
    if (worst) {
        struct strbuf also = STRBUF_INIT;
        if (n > 1) {
            strbuf_adds(&also, " (images below it on pages ");
            finding_format_pages(&also, pages, n);
            strbuf_addch(&also, ')');
        }
        struct finding *f = add(c, F_IMAGE_RESOLUTION, worst_page,
                                "image %d x %d px shown at %.0f ppi on page %d; the style asks for at least %d ppi%s",
                                worst->image_px_w, worst->image_px_h, worst->image_ppi, worst_page, min,
                                strbuf_str(&also));
        if (f) {
            finding_set_pages(f, pages, n);
            f->amount = worst->image_ppi;
        }
        strbuf_release(&also);
    }
    free(pages);
}

void check_paper(const struct pdf_info *info, const struct style *style, const struct style_limits *limits,
                 struct findings *out)
{
    struct ctx c;
    memset(&c, 0, sizeof(c));
    c.info = info;
    c.style = style;
    c.out = out;
    if (!info->readable) {
        if (info->encryption == ENC_USER_PASSWORD)
            add(&c, F_ENCRYPTED, 0, "the file needs a password to open; save it without security");
        else
            add(&c, F_UNREADABLE, 0, "%s", info->unreadable_reason ? info->unreadable_reason : "cannot be read");
        return;
    }
    check_document(&c);
    if (info->npages <= 0 || !info->pages) {
        flush_suppressed(&c);
        return;
    }
    check_page_count(&c, limits);
    check_page_sizes(&c);
    check_fonts(&c);
    check_typography(&c);
    check_images(&c);
    struct area *areas = xcalloc((size_t)info->npages, sizeof(*areas));
    struct page_heads *heads = xcalloc((size_t)info->npages, sizeof(*heads));
    choose_areas(&c, areas);
    check_page_numbers(&c, areas, heads);
    /* Line numbers are the review version's, not a margin defect: their
     * column is left out of the margins (what else is there still counts). */
    struct review_result review;
    review_scan(info, style->name, &review);
    check_review(&c, &review);
    for (int i = 0; i < info->npages; i++) {
        if (info->pages[i].blank)
            add(&c, F_BLANK_PAGE, i + 1, "page is blank");
        check_margins(&c, i, &areas[i], &heads[i], review.rulers ? review.rulers[i] : NULL);
    }
    review_release(&review);
    free(areas);
    free(heads);
    flush_suppressed(&c);
}
