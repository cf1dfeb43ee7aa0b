/* check: rules that turn a pdf_info into findings. */
#include "check/check.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

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

static void check_page_count(struct ctx *c, const struct style_limits *limits)
{
    int n = c->info->npages;
    int limit = check_page_limit(c->style, limits);
    int extra = check_extra_pages(c->style, limits);
    if (limit <= 0 || n <= limit)
        return;
    struct finding *f;
    if (n > limit + extra) {
        if (extra > 0)
            f = add(c, F_PAGE_LIMIT, limit + extra + 1,
                    "%d pages, more than the limit of %d plus %d paid extra page%s; remove %d page%s",
                    n, limit, extra, extra == 1 ? "" : "s", n - limit - extra, n - limit - extra == 1 ? "" : "s");
        else
            f = add(c, F_PAGE_LIMIT, limit + 1, "%d pages, more than the limit of %d; remove %d page%s", n,
                    limit, n - limit, n - limit == 1 ? "" : "s");
        if (f)
            f->amount = n - limit - extra;
        return;
    }
    int paid = n - limit;
    double fee = check_extra_page_fee(c->style, limits);
    if (fee > 0)
        f = add(c, F_EXTRA_PAGES, limit + 1, "%d pages: %d paid extra page%s beyond the %d included "
                "(fee %.2f %s)", n, paid, paid == 1 ? "" : "s", limit, paid * fee,
                c->style->currency ? c->style->currency : "");
    else
        f = add(c, F_EXTRA_PAGES, limit + 1, "%d pages: %d extra page%s beyond the %d included", n, paid,
                paid == 1 ? "" : "s", limit);
    if (f)
        f->amount = paid;
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

/* A page number candidate: a short number in the top or bottom margin. */
static bool page_number_on(const struct page_info *p, const struct style_size *sz, int *value,
                           struct rect *box)
{
    for (size_t k = 0; k < p->nmargin_texts; k++) {
        const struct margin_text *t = &p->margin_texts[k];
        bool in_top = t->box.y1 <= sz->top + 1;
        bool in_bottom = t->box.y0 >= p->height - sz->bottom - 1;
        if (!in_top && !in_bottom)
            continue;
        int v = check_parse_page_number(t->text);
        if (v > 0) {
            *value = v;
            *box = t->box;
            return true;
        }
    }
    return false;
}

static const struct style_size *size_for_page(const struct style *st, const struct page_info *p)
{
    const struct style_size *sz = style_match_size(st, p->width, p->height, NULL);
    return sz ? sz : style_nearest_size(st, p->width, p->height);
}

/* Pages whose printed number follows the page sequence.  Returns how many,
 * and marks them in numbered[]. */
static int find_page_numbers(struct ctx *c, bool *numbered, struct rect *boxes)
{
    const struct pdf_info *info = c->info;
    int count = 0;
    int offset = 0;
    bool have_offset = false;
    for (int i = 0; i < info->npages; i++) {
        int v;
        struct rect box;
        if (!page_number_on(&info->pages[i], size_for_page(c->style, &info->pages[i]), &v, &box))
            continue;
        /* Numbers must advance with the pages (a constant offset is fine:
         * papers numbered from their place in a previous volume). */
        if (!have_offset) {
            offset = v - i;
            have_offset = true;
        }
        if (v - i == offset) {
            numbered[i] = true;
            boxes[i] = box;
            count++;
        }
    }
    return count;
}

static void check_page_numbers(struct ctx *c, bool *numbered, struct rect *boxes)
{
    int n = c->info->npages;
    int count = find_page_numbers(c, numbered, boxes);
    /* One stray number is a figure label; numbers on most pages are folios. */
    bool folios = n == 1 ? count == 1 : count >= 2 && count * 2 >= n;
    if (!folios) {
        memset(numbered, 0, (size_t)n * sizeof(*numbered));
        return;
    }
    if (!c->style->forbid_page_numbers)
        return;
    int first = 0;
    while (!numbered[first])
        first++;
    struct finding *f = add(c, F_PAGE_NUMBERS, first + 1,
                            "page numbers are printed on %d of %d pages; remove them, the final numbers "
                            "are stamped when the volume is built", count, n);
    if (f) {
        f->box[0] = boxes[first].x0;
        f->box[1] = boxes[first].y0;
        f->box[2] = boxes[first].x1;
        f->box[3] = boxes[first].y1;
    }
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

static void margin_finding(struct ctx *c, int page, const struct page_info *p, const char *side,
                           double intrusion, double limit, struct rect area)
{
    const char *kind = content_kind(p, side, limit);
    struct finding *f = add(c, F_MARGIN, page, "%s extends %.1f pt into the %s margin", kind, intrusion, side);
    if (!f)
        return;
    f->side = side;
    f->amount = round(intrusion * 10) / 10;
    f->box[0] = area.x0;
    f->box[1] = area.y0;
    f->box[2] = area.x1;
    f->box[3] = area.y1;
}

static void check_margins(struct ctx *c, int i, const bool *numbered, const struct rect *number_boxes)
{
    const struct page_info *p = &c->info->pages[i];
    if (!p->measured || p->blank)
        return;
    struct rect ink = p->ink;
    if (rect_empty(&ink))
        ink = p->text; /* rendering failed: judge by the text */
    if (rect_empty(&ink))
        return;
    const struct style_size *sz = size_for_page(c->style, p);
    double tol = c->style->margin_tolerance;
    double top = sz->top, bottom = p->height - sz->bottom, left = sz->left, right = p->width - sz->right;
    /* A detected page number is reported once as page_numbers, not again as margin ink. */
    if (numbered[i]) {
        const struct rect *nb = &number_boxes[i];
        if (nb->y1 <= top + 1 && ink.y0 >= nb->y0 - 2)
            ink.y0 = top;
        if (nb->y0 >= bottom - 1 && ink.y1 <= nb->y1 + 2)
            ink.y1 = bottom;
    }
    if (top - ink.y0 > tol)
        margin_finding(c, i + 1, p, "top", top - ink.y0, top,
                       (struct rect){ink.x0, ink.y0, ink.x1, top});
    if (ink.y1 - bottom > tol)
        margin_finding(c, i + 1, p, "bottom", ink.y1 - bottom, bottom,
                       (struct rect){ink.x0, bottom, ink.x1, ink.y1});
    if (left - ink.x0 > tol)
        margin_finding(c, i + 1, p, "left", left - ink.x0, left,
                       (struct rect){ink.x0, ink.y0, left, ink.y1});
    if (ink.x1 - right > tol)
        margin_finding(c, i + 1, p, "right", ink.x1 - right, right,
                       (struct rect){right, ink.y0, ink.x1, ink.y1});
}

/* One finding per font: every font object of one name (and type) is the
 * same defect, wherever it is used. */
static void check_fonts(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    struct occurrence *occ = xcalloc(info->nfonts ? info->nfonts : 1, sizeof(*occ));
    size_t nocc = 0;
    for (size_t i = 0; i < info->nfonts; i++) {
        const struct font_info *f = &info->fonts[i];
        enum finding_code code;
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
    bool *numbered = xcalloc((size_t)info->npages, sizeof(*numbered));
    struct rect *number_boxes = xcalloc((size_t)info->npages, sizeof(*number_boxes));
    check_page_numbers(&c, numbered, number_boxes);
    for (int i = 0; i < info->npages; i++) {
        if (info->pages[i].blank)
            add(&c, F_BLANK_PAGE, i + 1, "page is blank");
        check_margins(&c, i, numbered, number_boxes);
    }
    free(numbered);
    free(number_boxes);
    flush_suppressed(&c);
}
