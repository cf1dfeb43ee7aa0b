/* check: rules that turn a pdf_info into findings. */
#include "check/check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "check/area.h"
#include "check/pagecontent.h"
#include "check/pagehead.h"
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

/* ---- page numbers ---- */

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

/* The folios pagehead_find marked: one finding listing their pages. */
static void check_page_numbers(struct ctx *c, const struct area *areas, const struct page_heads *heads)
{
    int n = c->info->npages;
    int *pages = xcalloc((size_t)n, sizeof(*pages));
    size_t npages = 0;
    const struct head_line *first = NULL;
    bool in_head = false, in_foot = false, running = false, template_block = false;
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < heads[i].n; k++) {
            const struct head_line *l = &heads[i].lines[k];
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
    if (c->style->forbid_page_numbers && npages > 0) {
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

/* A template block's bottom is its last baseline (style.h); descenders
 * of the last line reach about 2.2 pt below it, and they are allowed this
 * much on top of the tolerance. */
#define BLOCK_DESCENT 2.5

static void check_margins(struct ctx *c, int i, const struct area *a, const struct page_heads *heads,
                          const struct review_ruler *rulers)
{
    const struct page_info *p = &c->info->pages[i];
    if (p->blank)
        return;
    struct rect ink, across;
    if (!pagecontent_extent(c->style, p, a, heads, rulers, &ink, &across))
        return;
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

/* x with a comma between thousands ("93,412"). */
static void format_count(struct strbuf *sb, int x)
{
    char digits[16];
    int n = snprintf(digits, sizeof(digits), "%d", x);
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0 && digits[i - 1] != '-')
            strbuf_addch(sb, ',');
        strbuf_addch(sb, digits[i]);
    }
}

/* One finding for the pages whose text inspect did not read (too many
 * pieces of text, see PDFINFO_MAX_TEXT_PIECES): what is judged there
 * comes from the rendered page only. */
static void check_unread_text(struct ctx *c)
{
    const struct pdf_info *info = c->info;
    int *pages = xcalloc((size_t)info->npages, sizeof(*pages));
    size_t n = 0;
    int most = 0;
    for (int i = 0; i < info->npages; i++) {
        int pieces = info->pages[i].text_pieces;
        if (pieces <= PDFINFO_MAX_TEXT_PIECES)
            continue;
        pages[n++] = i + 1;
        if (pieces > most)
            most = pieces;
    }
    if (n > 0) {
        struct strbuf where = STRBUF_INIT, count = STRBUF_INIT;
        finding_format_pages(&where, pages, n);
        format_count(&count, most);
        struct finding *f =
            n == 1 ? add(c, F_TEXT_NOT_READ, pages[0],
                         "page %d shows %s pieces of text; its text was not read, so its margins are judged "
                         "from the rendered page only",
                         pages[0], strbuf_str(&count))
                   : add(c, F_TEXT_NOT_READ, pages[0],
                         "pages %s show up to %s pieces of text; their text was not read, so their margins are "
                         "judged from the rendered pages only",
                         strbuf_str(&where), strbuf_str(&count));
        if (f) {
            finding_set_pages(f, pages, n);
            f->amount = most;
        }
        strbuf_release(&where);
        strbuf_release(&count);
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
    check_unread_text(&c);
    struct area *areas = xcalloc((size_t)info->npages, sizeof(*areas));
    struct page_heads *heads = xcalloc((size_t)info->npages, sizeof(*heads));
    area_choose(info, style, areas);
    pagehead_find(info, areas, heads);
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
