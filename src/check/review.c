/* review: signs of a review or draft version (see review.h). */
#include "check/review.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"
#include "check/finding.h"

/* ---- line-number columns ---- */

#define ALIGN 1.5            /* pt; numbers of one column share an edge this closely */
#define BODY_GAP 1.0         /* pt; a column may touch the body text's edge this much */
#define OUTER_SHARE 0.30     /* without a body: a column lies in this share of the page at its side */
#define FULL_COUNT 20        /* numbers in a column down a page of running text (not a table's 0-9) */
#define FULL_SPAN 0.40       /* share of the page height such a column covers */
#define SHORT_COUNT 3        /* numbers in a column on a short page */
#define MAX_PITCH 6.0        /* number heights between lines (lineno: 11 pt lines, 4.4 pt digits) */
#define MAX_TEXT_SIGNS 4     /* distinct review-copy texts named in a message */
#define SHOWN_TEXT_MAX 60    /* bytes of a seen text quoted in a message */

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n) (sorted in place); 0 when n is 0. */
static double median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof(*v), double_cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Consecutive numbers of col[0..n) (top to bottom) are as far apart as
 * lines of text: the row labels of a table are further apart. */
static bool line_pitch(const struct margin_number **col, size_t n)
{
    double *dy = xcalloc(n, sizeof(*dy)), *h = xcalloc(n, sizeof(*h));
    size_t ndy = 0;
    for (size_t k = 0; k < n; k++) {
        h[k] = col[k]->box.y1 - col[k]->box.y0;
        if (k + 1 < n && col[k + 1]->value - col[k]->value == 1)
            dy[ndy++] = col[k + 1]->box.y0 - col[k]->box.y0;
    }
    bool ok = ndy > 0 && median(dy, ndy) <= MAX_PITCH * median(h, n);
    free(dy);
    free(h);
    return ok;
}

static int number_y_cmp(const void *a, const void *b)
{
    const struct margin_number *x = *(const struct margin_number *const *)a;
    const struct margin_number *y = *(const struct margin_number *const *)b;
    double cx = x->box.y0 + x->box.y1, cy = y->box.y0 + y->box.y1;
    return (cx > cy) - (cx < cy);
}

/* Number k of p may belong to a column on side (0 left, 1 right): it lies
 * outside the body text on that side. */
static bool on_side(const struct page_info *p, const struct margin_number *n, int side)
{
    double cx = (n->box.x0 + n->box.x1) / 2;
    if (side == 0 ? cx >= p->width / 2 : cx < p->width / 2)
        return false;
    if (!rect_empty(&p->body))
        return side == 0 ? n->box.x1 <= p->body.x0 + BODY_GAP : n->box.x0 >= p->body.x1 - BODY_GAP;
    return side == 0 ? n->box.x1 <= p->width * OUTER_SHARE : n->box.x0 >= p->width * (1 - OUTER_SHARE);
}

/* The numbers of cand[0..n) aligned with cand[i] at its left (edge 0) or
 * right (edge 1) edge, into col; returns how many. */
static size_t aligned_with(const struct margin_number **cand, size_t n, size_t i, int edge,
                           const struct margin_number **col)
{
    size_t m = 0;
    double x = edge ? cand[i]->box.x1 : cand[i]->box.x0;
    for (size_t k = 0; k < n; k++)
        if (fabs((edge ? cand[k]->box.x1 : cand[k]->box.x0) - x) <= ALIGN)
            col[m++] = cand[k];
    return m;
}

/* The column on one side of p, when its numbers count as line numbers. */
static bool side_ruler(const struct page_info *p, int side, bool full, struct review_ruler *out)
{
    memset(out, 0, sizeof(*out));
    const struct margin_number **cand = xcalloc(p->nnumbers + 1, sizeof(*cand));
    const struct margin_number **col = xcalloc(p->nnumbers + 1, sizeof(*col));
    const struct margin_number **best = xcalloc(p->nnumbers + 1, sizeof(*best));
    size_t n = 0, nbest = 0;
    for (size_t k = 0; k < p->nnumbers; k++)
        if (on_side(p, &p->numbers[k], side))
            cand[n++] = &p->numbers[k];
    /* The largest group sharing an edge: right-aligned numbers left of the
     * text, left-aligned ones right of it, or the other way round. */
    for (size_t i = 0; i < n; i++)
        for (int edge = 0; edge < 2; edge++) {
            size_t m = aligned_with(cand, n, i, edge, col);
            if (m > nbest) {
                memcpy(best, col, m * sizeof(*col));
                nbest = m;
            }
        }
    bool found = false;
    if (nbest >= (size_t)(full ? FULL_COUNT : SHORT_COUNT)) {
        qsort(best, nbest, sizeof(*best), number_y_cmp);
        size_t up = 0, one = 0;
        for (size_t k = 0; k + 1 < nbest; k++) {
            int step = best[k + 1]->value - best[k]->value;
            up += step > 0;
            one += step == 1;
        }
        size_t steps = nbest - 1;
        double span = best[nbest - 1]->box.y1 - best[0]->box.y0;
        /* Nearly every step up (a merged word may spoil one in ten), most
         * by one line; table columns and figure axes do not do that
         * outside the body. */
        found = up * 10 >= steps * 9 && one * 2 >= steps && (!full || span >= FULL_SPAN * p->height) &&
                line_pitch(best, nbest);
    }
    if (found) {
        out->count = (int)nbest;
        out->first = best[0]->value;
        out->last = best[nbest - 1]->value;
        for (size_t k = 0; k < nbest; k++)
            rect_union(&out->box, &best[k]->box);
    }
    free(cand);
    free(col);
    free(best);
    return found;
}

int review_page_rulers(const struct page_info *p, bool full, struct review_ruler out[2])
{
    int n = 0;
    for (int side = 0; side < 2; side++)
        n += side_ruler(p, side, full, &out[side]);
    return n;
}

/* ---- review-copy texts ---- */

/* Where a marker counts. */
enum place {
    NEVER = 0,
    ALONE = 1,         /* the whole line (trailing digits, marks allowed) */
    START = 2,         /* the line starts with it, written with a capital */
    ANYWHERE = 4       /* anywhere in the line */
};

/* Keys are folded (letters and digits, lower case); a '*' in a key
 * stands for up to 20 letters ("Anonymous ACL submission"), or none. */
static const struct marker {
    const char *key;
    const char *label;
    int body;          /* places on a line of page 1 inside the text block */
    int margin;        /* places on a header, footer or margin line */
    bool venue;        /* on page 1 only with a venue named ("Submitted to" a thesis committee is not) */
} markers[] = {
    {"anonymousauthors", "Anonymous Author(s)", ALONE, ALONE, false},
    {"anonymousauthor", "Anonymous Author", ALONE, ALONE, false},
    {"anonymous*submission", "Anonymous submission", ALONE, ALONE, false},
    {"anon", "Anon.", NEVER, ALONE, false}, /* acmart's running head in anonymous mode */
    {"paperunderdoubleblindreview", "Paper under double-blind review", ALONE | START, ANYWHERE, false},
    {"confidentialreviewcopy", "Confidential review copy", START, ANYWHERE, false},
    {"preliminaryworkunderreview", "Preliminary work. Under review", START, ANYWHERE, false},
    {"underreviewasa", "Under review as a ... paper", START, START, false},
    {"underreviewat", "Under review at", START, START, false},
    {"underreviewby", "Under review by", START, START, false},
    {"underreviewfor", "Under review for", START, START, false},
    {"underreview", "Under review", ALONE, ALONE, false},
    {"unpublishedworkingdraft", "Unpublished working draft", START, ANYWHERE, false},
    {"notfordistribution", "Not for distribution", START, ANYWHERE, false},
    {"donotdistribute", "Do not distribute", START, ANYWHERE, false},
    {"manuscriptsubmittedto", "Manuscript submitted to", START, ANYWHERE, false},
    {"submittedto", "Submitted to", START, START, true},
    {"draft", "Draft", NEVER, ALONE, false},
};

/* s folded: ASCII letters and digits, lower case; the rest dropped
 * (spaces poppler puts in or leaves out, punctuation, marks). */
static char *fold(const char *s)
{
    char *out = xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80))
            *o++ = (char)tolower((unsigned char)*s);
    *o = '\0';
    return out;
}

/* Length of the prefix of f that key matches ('*': up to 20 letters, as
 * few as will do), or 0. */
static size_t key_prefix(const char *f, const char *key)
{
    const char *star = strchr(key, '*');
    if (!star) {
        size_t n = strlen(key);
        return strncmp(f, key, n) ? 0 : n;
    }
    size_t head = (size_t)(star - key), tail = strlen(star + 1);
    if (strncmp(f, key, head))
        return 0;
    for (size_t mid = 0; mid <= 20 && head + mid <= strlen(f); mid++)
        if (!strncmp(f + head + mid, star + 1, tail))
            return head + mid + tail;
    return 0;
}

static bool matches(const char *f, const char *key, int places, bool capital)
{
    size_t n = key_prefix(f, key);
    if (n && (places & ALONE)) {
        size_t k = n;
        while (isdigit((unsigned char)f[k]))
            k++;
        if (!f[k])
            return true;
    }
    if (n && (places & START) && capital)
        return true;
    if (places & ANYWHERE)
        for (const char *p = f; *p; p++)
            if (!strchr(key, '*') && !strncmp(p, key, strlen(key)))
                return true;
    return false;
}

/* f (folded) names a venue, as a submission notice does. */
static bool names_venue(const char *f)
{
    static const char *const words[] = {"conference", "workshop", "symposium", "journal", "transactions",
                                        "proceedings", "review", "distribute"};
    for (size_t k = 0; k < ARRAY_SIZE(words); k++)
        if (strstr(f, words[k]))
            return true;
    return false;
}

/* Index into markers[] of the marker line names, or -1. */
static int match_marker(const char *line, bool in_margin)
{
    const char *first = line;
    while (*first && !isalnum((unsigned char)*first))
        first++;
    bool capital = isupper((unsigned char)*first);
    char *f = fold(line);
    int found = -1;
    for (size_t i = 0; i < ARRAY_SIZE(markers) && found < 0; i++)
        if (*f && matches(f, markers[i].key, in_margin ? markers[i].margin : markers[i].body, capital) &&
            (in_margin || !markers[i].venue || names_venue(f)))
            found = (int)i;
    free(f);
    return found;
}

const char *review_match_line(const char *line, bool in_margin)
{
    int i = line ? match_marker(line, in_margin) : -1;
    return i < 0 ? NULL : markers[i].label;
}

static const struct {
    const char *key;
    const char *label;
} large_markers[] = {
    {"draft", "DRAFT"},
    {"confidential", "Confidential"},
    {"reviewcopy", "Review copy"},
    {"underreview", "Under review"},
    {"donotdistribute", "Do not distribute"},
    {"notfordistribution", "Not for distribution"},
};

const char *review_match_large(const char *text)
{
    if (!text)
        return NULL;
    char *f = fold(text);
    size_t n = strlen(f);
    char *back = xmalloc(n + 1);
    for (size_t k = 0; k < n; k++)
        back[k] = f[n - 1 - k];
    back[n] = '\0';
    const char *label = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(large_markers) && !label; i++)
        if (strstr(f, large_markers[i].key) || strstr(back, large_markers[i].key))
            label = large_markers[i].label;
    free(f);
    free(back);
    return label;
}

/* ---- the document ---- */

/* Pages of one sign, ascending as pages are visited. */
struct page_list {
    int *pages;
    size_t n, cap;
};

static void page_list_add(struct page_list *l, int page)
{
    if (l->n && l->pages[l->n - 1] == page)
        return;
    *ARRAY_PUSH(l->pages, l->n, l->cap) = page;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Sort l and drop repeated pages. */
static void page_list_sort(struct page_list *l)
{
    if (!l->n)
        return;
    qsort(l->pages, l->n, sizeof(*l->pages), int_cmp);
    size_t u = 1;
    for (size_t k = 1; k < l->n; k++)
        if (l->pages[k] != l->pages[u - 1])
            l->pages[u++] = l->pages[k];
    l->n = u;
}

/* A review-copy text seen: one per marker. */
struct text_seen {
    int marker;
    char *shown;       /* the line as seen, shortened */
    const char *zone;  /* "header", "footer", "margin", or NULL: inside the text block */
    struct page_list pages;
    struct rect box;   /* on its first page (empty for page-1 text lines) */
};

static void sign_set(struct review_sign *s, struct strbuf *msg, const char *hint, struct page_list *pages,
                     struct rect box)
{
    s->message = strbuf_detach(msg);
    s->hint = xstrdup(hint);
    s->pages = pages->pages;
    s->npages = pages->n;
    s->box = box;
    pages->pages = NULL;
    pages->n = pages->cap = 0;
}

static bool is_acm(const char *style_name)
{
    return style_name && !strncmp(style_name, "acm", 3);
}

static void scan_rulers(const struct pdf_info *info, const char *style_name, struct review_result *out)
{
    int n = info->npages;
    struct review_ruler(*rulers)[2] = xcalloc((size_t)n, sizeof(*rulers));
    bool any = false;
    for (int i = 0; i < n; i++)
        any = review_page_rulers(&info->pages[i], true, rulers[i]) > 0 || any;
    if (!any) {
        free(rulers);
        return;
    }
    /* Short pages (the last, one with a full-page figure) carry short
     * columns; the full ones elsewhere vouch for them. */
    struct page_list pages = {NULL, 0, 0};
    bool sides[2] = {false, false};
    int lowest = INT_MAX, highest = INT_MIN;
    struct rect box = {0, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        if (rect_empty(&rulers[i][0].box) && rect_empty(&rulers[i][1].box))
            review_page_rulers(&info->pages[i], false, rulers[i]);
        for (int side = 0; side < 2; side++) {
            const struct review_ruler *r = &rulers[i][side];
            if (rect_empty(&r->box))
                continue;
            if (!pages.n)
                box = r->box;
            page_list_add(&pages, i + 1);
            sides[side] = true;
            lowest = r->first < lowest ? r->first : lowest;
            highest = r->last > highest ? r->last : highest;
        }
    }
    /* A review version numbers the lines of every page of text; one page
     * with a column (a long listing with numbered lines) is not one. */
    if (pages.n * 2 < (size_t)n) {
        free(pages.pages);
        free(rulers);
        return;
    }
    struct strbuf msg = STRBUF_INIT;
    strbuf_addf(&msg, "review version: line numbers (%d to %d) in the %s on page%s ", lowest, highest,
                sides[0] && sides[1] ? "left and right margins" : sides[0] ? "left margin" : "right margin",
                pages.n == 1 ? "" : "s");
    finding_format_pages(&msg, pages.pages, pages.n);
    const char *hint = is_acm(style_name)
                           ? "remove the 'review' option of acmart: \\documentclass[sigconf]{acmart}"
                           : "build the final version: remove \\linenumbers (the lineno package), or use the "
                             "template's final option (ACL and NeurIPS: final, ICML: accepted, CVPR: final or "
                             "\\cvprfinalcopy)";
    sign_set(&out->signs[out->nsigns++], &msg, hint, &pages, box);
    out->rulers = rulers;
    out->npages = n;
}

/* Where a margin text of p is. */
static const char *zone_of(const struct page_info *p, const struct rect *r)
{
    double cy = (r->y0 + r->y1) / 2;
    if (cy < p->height * 0.2)
        return "header";
    if (cy > p->height * 0.8)
        return "footer";
    return "margin";
}

/* line shortened for a message, without trailing footnote marks ("∗"). */
static char *shown_text(const char *line)
{
    static const char *const marks[] = {"\xE2\x88\x97", "\xE2\x80\xA0", "\xE2\x80\xA1"}; /* ∗ † ‡ */
    char *out = xstrndup(line, utf8_prefix_len(line, strlen(line), SHOWN_TEXT_MAX));
    size_t n = strlen(out);
    for (bool more = true; more && n > 0;) {
        more = false;
        unsigned char c = (unsigned char)out[n - 1];
        if (c < 0x80 && !isalnum(c) && c != ')' && c != '.') {
            n--;
            more = true;
        }
        for (size_t k = 0; k < ARRAY_SIZE(marks); k++) {
            size_t m = strlen(marks[k]);
            if (n >= m && !memcmp(out + n - m, marks[k], m)) {
                n -= m;
                more = true;
            }
        }
    }
    out[n] = '\0';
    return out;
}

static void note_text(struct text_seen *seen, size_t *nseen, int marker, const char *line, int page, const char *zone,
                      const struct rect *box)
{
    size_t k = 0;
    while (k < *nseen && seen[k].marker != marker)
        k++;
    if (k == *nseen) {
        if (*nseen == MAX_TEXT_SIGNS)
            return;
        (*nseen)++;
        seen[k].marker = marker;
        seen[k].shown = shown_text(line);
        seen[k].zone = zone;
        if (box)
            seen[k].box = *box;
    }
    page_list_add(&seen[k].pages, page);
}

static void scan_texts(const struct pdf_info *info, const char *style_name, struct review_result *out)
{
    struct text_seen seen[MAX_TEXT_SIGNS];
    memset(seen, 0, sizeof(seen));
    size_t nseen = 0;
    for (int i = 0; i < info->npages; i++) {
        const struct page_info *p = &info->pages[i];
        for (size_t k = 0; k < p->nmargin_texts; k++) {
            const struct margin_text *t = &p->margin_texts[k];
            int m = t->text ? match_marker(t->text, true) : -1;
            if (m >= 0)
                note_text(seen, &nseen, m, t->text, i + 1, zone_of(p, &t->box), &t->box);
        }
        if (i > 0 || !info->first_page_text)
            continue;
        /* Page 1 inside the block: lines of their own (an author block). */
        const char *s = info->first_page_text;
        while (*s) {
            size_t len = strcspn(s, "\n");
            char *line = xstrndup(s, len);
            int m = match_marker(line, false);
            size_t k = 0;
            while (k < nseen && seen[k].marker != m)
                k++;
            bool already = k < nseen && seen[k].pages.n && seen[k].pages.pages[0] == 1;
            if (m >= 0 && !already)
                note_text(seen, &nseen, m, line, 1, NULL, NULL);
            free(line);
            s += len + (s[len] == '\n');
        }
    }
    if (nseen == 0)
        return;
    struct strbuf msg = STRBUF_INIT;
    struct page_list pages = {NULL, 0, 0};
    strbuf_adds(&msg, "review version: ");
    for (size_t k = 0; k < nseen; k++) {
        strbuf_addf(&msg, "%s'%s' on page%s ", k ? "; " : "", seen[k].shown, seen[k].pages.n == 1 ? "" : "s");
        finding_format_pages(&msg, seen[k].pages.pages, seen[k].pages.n);
        if (seen[k].zone)
            strbuf_addf(&msg, " (%s)", seen[k].zone);
        for (size_t j = 0; j < seen[k].pages.n; j++)
            *ARRAY_PUSH(pages.pages, pages.n, pages.cap) = seen[k].pages.pages[j];
    }
    page_list_sort(&pages);
    struct rect box = {0, 0, 0, 0};
    for (size_t k = 0; k < nseen && rect_empty(&box); k++)
        if (seen[k].pages.pages[0] == pages.pages[0])
            box = seen[k].box;
    const char *hint = is_acm(style_name) ? "build the final version: remove the 'anonymous', 'review' and "
                                            "'authordraft' options of acmart and give the authors"
                                          : "build the final (camera-ready) version: the template's final option "
                                            "prints the authors and drops the review header or footer";
    sign_set(&out->signs[out->nsigns++], &msg, hint, &pages, box);
    for (size_t k = 0; k < nseen; k++) {
        free(seen[k].shown);
        free(seen[k].pages.pages);
    }
}

static void scan_watermark(const struct pdf_info *info, struct review_result *out)
{
    struct page_list pages = {NULL, 0, 0};
    const char *label = NULL, *shown = NULL;
    struct rect box = {0, 0, 0, 0};
    for (int i = 0; i < info->npages; i++) {
        const struct page_info *p = &info->pages[i];
        const char *l = review_match_large(p->large_text);
        if (!l)
            continue;
        if (!label) {
            label = l;
            shown = strlen(p->large_text) <= 30 ? p->large_text : l;
            box = p->large_box;
        }
        page_list_add(&pages, i + 1);
    }
    if (!label)
        return;
    struct strbuf msg = STRBUF_INIT;
    strbuf_addf(&msg, "review version: a large '%s' watermark on page%s ", shown, pages.n == 1 ? "" : "s");
    finding_format_pages(&msg, pages.pages, pages.n);
    sign_set(&out->signs[out->nsigns++], &msg,
             "remove the watermark: the draftwatermark (or xwatermark) package, \\SetWatermarkText, or the word "
             "processor's draft watermark",
             &pages, box);
}

void review_scan(const struct pdf_info *info, const char *style_name, struct review_result *out)
{
    memset(out, 0, sizeof(*out));
    if (!info->readable || !info->pages || info->npages <= 0)
        return;
    scan_rulers(info, style_name, out);
    scan_texts(info, style_name, out);
    scan_watermark(info, out);
}

void review_release(struct review_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->nsigns; k++) {
        free(r->signs[k].message);
        free(r->signs[k].hint);
        free(r->signs[k].pages);
    }
    free(r->rulers);
    memset(r, 0, sizeof(*r));
}
