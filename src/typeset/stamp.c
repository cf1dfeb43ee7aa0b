/* stamp: what collate draws on a paper page, in the typeset page of the
 * same index: the running head and foot (the style's stamp templates,
 * expanded by placeholder.h) and, on a paper's first page, the notice.
 * Assembly draws that page over the paper page as a Form XObject. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "typeset/placeholder.h"
#include "base/util.h"

static bool stamp_line_given(const struct stamp_line *l)
{
    return l->left || l->center || l->right;
}

/* Draw one running head or foot line of a stamp at baseline y. */
static void draw_stamp_line(struct ts *t, const struct stamp_line *line, const struct placeholder_values *pv,
                            double page_w, double y)
{
    const struct style_stamp *st = &t->style->stamp;
    double size = st->font_size, inset = st->inset, gap = 2 * size;
    if (2 * inset >= page_w - 4 * size)
        inset = page_w * 0.1;
    double avail = page_w - 2 * inset;
    char *l = placeholder_expand(line->left, pv), *c = placeholder_expand(line->center, pv);
    char *r = placeholder_expand(line->right, pv);
    double lw = ts_text_width_s(t, FONT_REGULAR, size, l), cw = ts_text_width_s(t, FONT_REGULAR, size, c);
    double rw = ts_text_width_s(t, FONT_REGULAR, size, r);
    double lmax, rmax;
    if (c[0]) {
        if (cw > avail) {
            char *s = ts_fit_text(t, c, FONT_REGULAR, size, avail);
            free(c);
            c = s;
            cw = ts_text_width_s(t, FONT_REGULAR, size, c);
        }
        lmax = rmax = (avail - cw) / 2 - gap;
    } else {
        /* Without a centre slot, the shorter side keeps its text. */
        lmax = r[0] ? avail - gap - (rw < avail / 2 ? rw : avail / 2) : avail;
        rmax = l[0] ? avail - gap - (lw < avail / 2 ? lw : avail / 2) : avail;
    }
    if (l[0] && lw > lmax) {
        char *s = ts_fit_text(t, l, FONT_REGULAR, size, lmax > 0 ? lmax : 0);
        free(l);
        l = s;
    }
    if (r[0] && rw > rmax) {
        char *s = ts_fit_text(t, r, FONT_REGULAR, size, rmax > 0 ? rmax : 0);
        free(r);
        r = s;
        rw = ts_text_width_s(t, FONT_REGULAR, size, r);
    }
    if (l[0])
        ts_show_s(t, inset, y, FONT_REGULAR, size, l);
    if (c[0])
        ts_show_s(t, (page_w - cw) / 2, y, FONT_REGULAR, size, c);
    if (r[0])
        ts_show_s(t, page_w - inset - rw, y, FONT_REGULAR, size, r);
    free(l);
    free(c);
    free(r);
}

/* The notice on a paper's first page, shrunk to fit the line. */
static void draw_notice(struct ts *t, const struct placeholder_values *pv, double page_w)
{
    const struct style_stamp *st = &t->style->stamp;
    char *text = placeholder_expand(t->m->notice, pv);
    double size = st->notice_font_size, inset = st->inset;
    if (2 * inset >= page_w - 4 * size)
        inset = page_w * 0.1;
    double avail = page_w - 2 * inset, w = ts_text_width_s(t, FONT_REGULAR, size, text);
    if (w > avail && w > 0) { /* shrink a long notice to the line, down to 5 pt */
        double s = size * avail / w;
        size = s > 5 ? s : 5;
        w = ts_text_width_s(t, FONT_REGULAR, size, text);
    }
    const char *align = st->notice_align ? st->notice_align : "left";
    double x = inset;
    if (!strcmp(align, "center"))
        x = (page_w - w) / 2;
    else if (!strcmp(align, "right"))
        x = page_w - inset - w;
    ts_show_s(t, x, st->notice_baseline, FONT_REGULAR, size, text);
    free(text);
}

/* The stamp of a paper page on a new page of the page's displayed size:
 * running head and foot and, on a paper's first page, the notice. */
void stamp_draw(struct ts *t, int vpage)
{
    const struct vpage *pg = &t->v->pages[vpage];
    const struct style_stamp *st = &t->style->stamp;
    if (!ts_add_page(t, pg->width, pg->height))
        return;
    if (pg->paper < 0 || (size_t)pg->paper >= t->v->npapers)
        return;
    const struct vpaper *vp = &t->v->papers[pg->paper];
    bool first = vpage == vp->first_vpage, odd = pg->number % 2 != 0;
    const struct stamp_line *header = odd ? &st->header_odd : &st->header_even;
    const struct stamp_line *footer = odd ? &st->footer_odd : &st->footer_even;
    if (first) {
        /* First pages carry the title: a header only when the style gives
         * one for them; the footer falls back to the odd/even one. */
        header = stamp_line_given(&st->first_header) ? &st->first_header : NULL;
        if (stamp_line_given(&st->first_footer))
            footer = &st->first_footer;
    }
    struct placeholder_values pv;
    placeholder_values_init(&pv, t->v, vpage);
    if (header && stamp_line_given(header))
        draw_stamp_line(t, header, &pv, pg->width, pg->height - st->header_baseline);
    if (footer && stamp_line_given(footer))
        draw_stamp_line(t, footer, &pv, pg->width, st->footer_baseline);
    if (first && t->m->notice && t->m->notice[0])
        draw_notice(t, &pv, pg->width);
    placeholder_values_release(&pv);
}

/* Warn once about unknown placeholders in the style's templates. */
void stamp_check_templates(const struct style *s)
{
    const struct {
        const struct stamp_line *line;
        const char *what;
    } lines[] = {
        {&s->stamp.header_odd, "odd header"},     {&s->stamp.header_even, "even header"},
        {&s->stamp.footer_odd, "odd footer"},     {&s->stamp.footer_even, "even footer"},
        {&s->stamp.first_header, "first-page header"}, {&s->stamp.first_footer, "first-page footer"},
    };
    const char *seen[3 * ARRAY_SIZE(lines)];
    size_t nseen = 0;
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        const char *slots[3] = {lines[i].line->left, lines[i].line->center, lines[i].line->right};
        for (int k = 0; k < 3; k++) {
            bool dup = false;
            for (size_t j = 0; j < nseen && slots[k]; j++)
                dup = dup || !strcmp(seen[j], slots[k]);
            if (!slots[k] || dup)
                continue;
            seen[nseen++] = slots[k];
            char *bad;
            if (!placeholder_check(slots[k], &bad)) {
                struct srcloc loc = {s->path, 0, 0};
                diag_warning(&loc, "unknown placeholder '%s' in the %s; it is printed as written", bad,
                             lines[i].what);
                diag_hint("placeholders: {page}, {volume_title}, {volume_short}, {paper_title}, "
                          "{paper_title_short}, {paper_authors}, {paper_authors_short}, {first_page}, "
                          "{last_page}, {doi}, {session}");
                free(bad);
            }
        }
    }
}

/* A template slot that prints the folio, else NULL. */
static char *folio_slot(char *tmpl)
{
    return tmpl && strstr(tmpl, "{page}") ? tmpl : NULL;
}

/* Front and back matter pages carry only the folio, in the slot where the
 * style's stamp puts it on paper pages (a part's first page as a paper's
 * first page); a style that prints no folio gets one centred at the foot. */
void stamp_draw_folio(struct ts *t, int vpage, bool first)
{
    const struct vpage *pg = &t->v->pages[vpage];
    const struct style_stamp *st = &t->style->stamp;
    bool odd = pg->number % 2 != 0;
    const struct stamp_line *header = odd ? &st->header_odd : &st->header_even;
    const struct stamp_line *footer = odd ? &st->footer_odd : &st->footer_even;
    if (first) {
        header = stamp_line_given(&st->first_header) ? &st->first_header : NULL;
        if (stamp_line_given(&st->first_footer))
            footer = &st->first_footer;
    }
    const struct stamp_line *lines[2] = {header, footer};
    const double baselines[2] = {pg->height - st->header_baseline, st->footer_baseline};
    struct placeholder_values pv;
    placeholder_values_init(&pv, t->v, vpage);
    bool drawn = false;
    for (int i = 0; i < 2; i++) {
        if (!lines[i])
            continue;
        struct stamp_line folio = {folio_slot(lines[i]->left), folio_slot(lines[i]->center),
                                   folio_slot(lines[i]->right)};
        if (stamp_line_given(&folio)) {
            draw_stamp_line(t, &folio, &pv, pg->width, baselines[i]);
            drawn = true;
        }
    }
    if (!drawn) {
        struct stamp_line centred = {NULL, "{page}", NULL};
        draw_stamp_line(t, &centred, &pv, pg->width, st->footer_baseline);
    }
    placeholder_values_release(&pv);
}
