/* stamp: what collate draws on a paper page, in the typeset page of the
 * same index: the running head and foot (the style's stamp templates,
 * expanded by placeholder.h) and, on a paper's first page, the notice.
 * Assembly draws that page over the paper page as a Form XObject.
 *
 * Everything is placed from the text block the paper's page has on the
 * volume's page (vpage.place.block, paginate/place.h): heads above its top,
 * feet and the notice below its bottom, slots at its edges, so stamps line
 * up with the paper's text whatever the page size.  Stamps are set in the
 * style's stamp font (a family of fonts.yml matching the papers), with the
 * usual per-character fallback. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "typeset/placeholder.h"
#include "base/util.h"

static bool stamp_line_given(const struct stamp_line *l)
{
    return l->left || l->center || l->right || l->left_indented || l->right_indented;
}

/* ---- the stamp font ---- */

/* The family and loaded faces in use, swapped while a stamp is drawn. */
struct font_swap {
    const struct font_family *family;
    int face_font[FONT_FACE_COUNT];
};

/* Choose the stamp family once: the style's, else (with a warning when it
 * is unknown or its file is missing) the typography family. */
static void choose_stamp_family(struct ts *t)
{
    if (t->stamp_family)
        return;
    for (int i = 0; i < FONT_FACE_COUNT; i++)
        t->stamp_face_font[i] = -1;
    t->stamp_family = t->family;
    const char *name = t->style->stamp.font;
    if (!name)
        return;
    struct srcloc loc = {t->style->path, 0, 0};
    const struct font_family *fam = font_config_family(t->cfg, name);
    if (!fam) {
        char *names = font_config_family_names(t->cfg);
        diag_warning(&loc, "stamp font family '%s' is not in %s; stamps use '%s'", name, t->cfg->path,
                     t->family->name);
        diag_hint("known families: %s", names);
        free(names);
        return;
    }
    const struct font_file *regular = font_family_face(fam, FONT_REGULAR);
    char *path = font_config_resolve(t->cfg, regular, 0);
    if (!path) {
        diag_warning(&regular->loc, "stamp font '%s' of family '%s' not found; stamps use '%s'", regular->file,
                     name, t->family->name);
        if (regular->package)
            diag_hint("install it with: apt-get install %s", regular->package);
        return;
    }
    free(path);
    t->stamp_family = fam;
}

static void use_stamp_font(struct ts *t, struct font_swap *saved)
{
    choose_stamp_family(t);
    saved->family = t->family;
    memcpy(saved->face_font, t->face_font, sizeof(saved->face_font));
    t->family = t->stamp_family;
    memcpy(t->face_font, t->stamp_face_font, sizeof(t->face_font));
}

static void end_stamp_font(struct ts *t, const struct font_swap *saved)
{
    memcpy(t->stamp_face_font, t->face_font, sizeof(t->face_font));
    t->family = saved->family;
    memcpy(t->face_font, saved->face_font, sizeof(t->face_font));
}

/* ---- running heads and feet ---- */

/* text shortened with an ellipsis to max (which may be negative); frees text. */
static char *fit(struct ts *t, char *text, double size, double max)
{
    if (!text[0] || ts_text_width_s(t, FONT_REGULAR, size, text) <= max + 0.01)
        return text;
    char *s = ts_fit_text(t, text, FONT_REGULAR, size, max > 0 ? max : 0);
    free(text);
    return s;
}

/* Widest of the two texts of one side: the one at the edge and the
 * indented one. */
static double side_width(double plain, double indented, double indent, bool has_indented)
{
    double w = has_indented ? indent + indented : 0;
    return plain > w ? plain : w;
}

/* Draw one running head or foot line on baseline y, its slots at the
 * edges (and `indent` inside them) and centre of the text block b. */
static void draw_stamp_line(struct ts *t, const struct stamp_line *line, const struct placeholder_values *pv,
                            const struct rect *b, double y)
{
    const struct style_stamp *st = &t->style->stamp;
    double size = st->font_size, gap = 2 * size, indent = st->indent;
    double x0 = b->x0, x1 = b->x1, avail = x1 - x0;
    char *l = placeholder_expand(line->left, pv), *c = placeholder_expand(line->center, pv);
    char *r = placeholder_expand(line->right, pv);
    char *li = placeholder_expand(line->left_indented, pv), *ri = placeholder_expand(line->right_indented, pv);
    c = fit(t, c, size, avail);
    double cw = ts_text_width_s(t, FONT_REGULAR, size, c);
    double lw = ts_text_width_s(t, FONT_REGULAR, size, l), liw = ts_text_width_s(t, FONT_REGULAR, size, li);
    double rw = ts_text_width_s(t, FONT_REGULAR, size, r), riw = ts_text_width_s(t, FONT_REGULAR, size, ri);
    double left = side_width(lw, liw, indent, li[0]), right = side_width(rw, riw, indent, ri[0]);
    double lmax, rmax;
    if (c[0]) {
        lmax = rmax = (avail - cw) / 2 - gap;
    } else if (left + right + gap <= avail) {
        lmax = left;
        rmax = right;
    } else { /* the shorter side keeps its text */
        double half = avail / 2;
        lmax = left < right ? fmin(left, half) : avail - gap - fmin(right, half);
        rmax = avail - gap - lmax;
    }
    l = fit(t, l, size, lmax);
    r = fit(t, r, size, rmax);
    li = fit(t, li, size, lmax - indent);
    ri = fit(t, ri, size, rmax - indent);
    if (l[0])
        ts_show_s(t, x0, y, FONT_REGULAR, size, l);
    if (li[0])
        ts_show_s(t, x0 + indent, y, FONT_REGULAR, size, li);
    if (c[0])
        ts_show_s(t, (x0 + x1 - cw) / 2, y, FONT_REGULAR, size, c);
    if (r[0])
        ts_show_s(t, x1 - ts_text_width_s(t, FONT_REGULAR, size, r), y, FONT_REGULAR, size, r);
    if (ri[0])
        ts_show_s(t, x1 - indent - ts_text_width_s(t, FONT_REGULAR, size, ri), y, FONT_REGULAR, size, ri);
    free(l);
    free(c);
    free(r);
    free(li);
    free(ri);
}

/* The head and foot lines of a page: a first page has a header only when
 * the style gives one for it, and its footer falls back to the odd/even
 * one. */
static void page_lines(const struct style_stamp *st, bool first, bool odd, const struct stamp_line **header,
                       const struct stamp_line **footer)
{
    *header = odd ? &st->header_odd : &st->header_even;
    *footer = odd ? &st->footer_odd : &st->footer_even;
    if (first) {
        *header = stamp_line_given(&st->first_header) ? &st->first_header : NULL;
        if (stamp_line_given(&st->first_footer))
            *footer = &st->first_footer;
    }
}

/* ---- the first-page notice ---- */

/* Where a notice template or text breaks lines: a line feed, or "\n"
 * written as two characters (as YAML keeps it in plain and single-quoted
 * text).  Returns the length of the line at s and sets *next. */
static size_t line_at(const char *s, const char **next)
{
    size_t n = 0;
    while (s[n] && s[n] != '\n' && !(s[n] == '\\' && s[n + 1] == 'n'))
        n++;
    *next = s[n] == '\n' ? s + n + 1 : s[n] ? s + n + 2 : s + n;
    return n;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* The notice as its lines (explicit breaks), NULL-terminated, caller
 * frees: every template line expanded, and dropped when what it names is
 * all empty ("https://doi.org/{doi}" without a DOI). */
static char **notice_lines(const char *tmpl, const struct placeholder_values *pv)
{
    size_t n = 0, cap = 0;
    char **out = NULL;
    for (const char *s = tmpl, *next; *s; s = next) {
        size_t len = line_at(s, &next);
        char *line = xstrndup(s, len);
        bool any = false, filled = placeholder_filled(line, pv, &any);
        char *text = any && !filled ? xstrdup("") : placeholder_expand(line, pv);
        free(line);
        /* A value may hold breaks of its own (a two-line {notice}). */
        for (const char *u = text, *unext; *u || u == text; u = unext) {
            size_t ulen = line_at(u, &unext);
            char *piece = xstrndup(u, ulen);
            if (blank(piece))
                free(piece);
            else
                *ARRAY_PUSH(out, n, cap) = piece;
            if (!*unext)
                break;
        }
        free(text);
    }
    *ARRAY_PUSH(out, n, cap) = NULL;
    return out;
}

/* The notice on a paper's first page: each line a paragraph wrapped to
 * the notice width at the style's size, from notice_offset below the
 * text block b down.  Warns when it needs more lines than the style
 * allows, or runs off the page. */
static void draw_notice(struct ts *t, const struct placeholder_values *pv, const struct rect *b,
                        const struct paper *paper)
{
    const struct style_stamp *st = &t->style->stamp;
    const char *tmpl = t->m->first_page_notice ? t->m->first_page_notice
                       : st->notice_text       ? st->notice_text
                                               : "{notice}";
    char **lines = notice_lines(tmpl, pv);
    double size = st->notice_font_size, lead = st->notice_leading > 0 ? st->notice_leading : size * 1.2;
    double width = b->x1 - b->x0;
    if (st->notice_width > 0 && st->notice_width < width)
        width = st->notice_width;
    const char *align = st->notice_align ? st->notice_align : "left";
    enum align al = !strcmp(align, "center") ? AL_CENTER : !strcmp(align, "right") ? AL_RIGHT : AL_LEFT;
    double x = al == AL_RIGHT ? b->x1 - width : al == AL_CENTER ? (b->x0 + b->x1 - width) / 2 : b->x0;
    double y = b->y0 - st->notice_offset;
    int count = 0;
    struct tf_para p;
    tf_para_init(&p);
    for (char **line = lines; *line; line++) {
        tf_para_clear(&p);
        tf_para_add(&p, *line, strlen(*line), FONT_REGULAR, size);
        tf_para_measure(&p, ts_measure_cb, t);
        struct tf_line *broken;
        size_t nb = tf_para_break(&p, width, width, &broken);
        for (size_t k = 0; k < nb; k++, count++)
            ts_draw_line(t, &p, &broken[k], x, width, y - count * lead, al, true);
        free(broken);
        free(*line);
    }
    tf_para_release(&p);
    free(lines);
    if (count == 0)
        return;
    if (st->notice_lines > 0 && count > st->notice_lines) {
        diag_warning(&paper->loc, "paper '%s': the first-page notice takes %d lines at %g pt; the style allows %d",
                     paper->id, count, size, st->notice_lines);
        diag_hint("shorten the notice (volume: notice, or first_page_notice) or lower the style's notice "
                  "font_size");
    }
    double last = y - (count - 1) * lead;
    if (last - 0.25 * size < 0)
        diag_warning(&paper->loc, "paper '%s': the first-page notice runs %.1f pt past the bottom of the page",
                     paper->id, 0.25 * size - last);
}

/* ---- pages ---- */

/* The stamp of a paper page on a new page of the volume's size: running
 * head and foot and, on a paper's first page, the notice. */
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
    const struct stamp_line *header, *footer;
    page_lines(st, first, odd, &header, &footer);
    const struct rect *b = &pg->place.block;
    struct placeholder_values pv;
    placeholder_values_init(&pv, t->v, vpage);
    struct font_swap saved;
    use_stamp_font(t, &saved);
    if (header && stamp_line_given(header))
        draw_stamp_line(t, header, &pv, b, b->y1 + st->header_offset);
    if (footer && stamp_line_given(footer))
        draw_stamp_line(t, footer, &pv, b, b->y0 - st->footer_offset);
    if (first)
        draw_notice(t, &pv, b, vp->paper);
    end_stamp_font(t, &saved);
    placeholder_values_release(&pv);
}

/* A template slot that prints the folio, else NULL. */
static char *folio_slot(char *tmpl)
{
    return tmpl && strstr(tmpl, "{page}") ? tmpl : NULL;
}

/* Front and back matter pages carry only the folio, in the slot where the
 * style's stamp puts it on paper pages (a part's first page as a paper's
 * first page), placed from the volume page's text block; a style that
 * prints no folio gets one centred at the foot. */
void stamp_draw_folio(struct ts *t, int vpage, bool first)
{
    const struct vpage *pg = &t->v->pages[vpage];
    const struct style_stamp *st = &t->style->stamp;
    const struct stamp_line *header, *footer;
    page_lines(st, first, pg->number % 2 != 0, &header, &footer);
    const struct rect *b = &t->v->block;
    const struct stamp_line *lines[2] = {header, footer};
    const double baselines[2] = {b->y1 + st->header_offset, b->y0 - st->footer_offset};
    struct placeholder_values pv;
    placeholder_values_init(&pv, t->v, vpage);
    struct font_swap saved;
    use_stamp_font(t, &saved);
    bool drawn = false;
    for (int i = 0; i < 2; i++) {
        if (!lines[i])
            continue;
        struct stamp_line folio = {folio_slot(lines[i]->left), folio_slot(lines[i]->center),
                                   folio_slot(lines[i]->right), folio_slot(lines[i]->left_indented),
                                   folio_slot(lines[i]->right_indented)};
        if (stamp_line_given(&folio)) {
            draw_stamp_line(t, &folio, &pv, b, baselines[i]);
            drawn = true;
        }
    }
    if (!drawn) {
        static char folio[] = "{page}";
        struct stamp_line centred = {NULL, folio, NULL, NULL, NULL};
        draw_stamp_line(t, &centred, &pv, b, baselines[1]);
    }
    end_stamp_font(t, &saved);
    placeholder_values_release(&pv);
}

/* ---- checks and reports ---- */

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
    const char *seen[5 * ARRAY_SIZE(lines) + 2];
    const char *what[ARRAY_SIZE(seen)];
    size_t nseen = 0;
    for (size_t i = 0; i < ARRAY_SIZE(lines); i++) {
        const struct stamp_line *l = lines[i].line;
        const char *slots[5] = {l->left, l->center, l->right, l->left_indented, l->right_indented};
        for (int k = 0; k < 5; k++) {
            what[nseen] = lines[i].what;
            seen[nseen++] = slots[k];
        }
    }
    what[nseen] = "notice";
    seen[nseen++] = s->stamp.notice_text;
    what[nseen] = "notice's copyright line";
    seen[nseen++] = s->stamp.notice_copyright;
    for (size_t i = 0; i < nseen; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && seen[i]; j++)
            dup = dup || (seen[j] && !strcmp(seen[j], seen[i]));
        char *bad;
        if (!seen[i] || dup || placeholder_check(seen[i], &bad))
            continue;
        struct srcloc loc = {s->path, 0, 0};
        diag_warning(&loc, "unknown placeholder '%s' in the %s; it is printed as written", bad, what[i]);
        char *names = placeholder_names();
        diag_hint("placeholders: %s", names);
        free(names);
        free(bad);
    }
}

#define MAX_NOTE_PAPERS 10 /* papers named in the placement note; the rest are counted */

/* Say which papers' pages were moved onto the volume's page size: a note
 * for pages placed unscaled (text blocks aligned), a warning per paper
 * for pages scaled down. */
void stamp_report_placement(const struct volume *v)
{
    struct strbuf moved = STRBUF_INIT;
    int nmoved = 0, moved_pages = 0;
    for (size_t i = 0; i < v->npapers; i++) {
        const struct vpaper *vp = &v->papers[i];
        if (!vp->npages || vp->first_vpage < 0)
            continue;
        int n = 0, scaled = 0;
        bool unknown = false;
        double smin = 1;
        struct strbuf pages = STRBUF_INIT;
        for (int k = 0; k < vp->npages; k++) {
            const struct vpage *pg = &v->pages[vp->first_vpage + k];
            const struct page_info *pi = &vp->info->pages[pg->source_page];
            if (!place_moves(&pg->place, pi->width, pi->height, pg->width, pg->height))
                continue;
            n++;
            if (pg->place.scale < 1) {
                if (scaled < 10)
                    strbuf_addf(&pages, "%s%d", scaled ? ", " : "", pg->source_page + 1);
                scaled++;
                smin = fmin(smin, pg->place.scale);
                unknown = unknown || !pg->place.template_block;
            }
        }
        if (scaled) {
            diag_warning(&vp->paper->loc,
                         "paper '%s': %d page%s (%s%s) scaled to %.0f%% to fit the volume's %.0f x %.0f pt pages",
                         vp->paper->id, scaled, scaled == 1 ? "" : "s", pages.buf, scaled > 10 ? ", ..." : "",
                         floor(smin * 100), v->width, v->height);
            diag_hint(unknown ? "the style lists no such page size, so the whole page is fitted; check the paper's page size"
                              : "their text block is larger than the volume's; check the paper's page size");
        }
        strbuf_release(&pages);
        if (n > scaled) {
            const struct page_info *pi = &vp->info->pages[0];
            if (nmoved < MAX_NOTE_PAPERS)
                strbuf_addf(&moved, "%s%s (%.0f x %.0f)", nmoved ? ", " : "", vp->paper->id, pi->width, pi->height);
            nmoved++;
            moved_pages += n - scaled;
        }
    }
    if (nmoved > MAX_NOTE_PAPERS)
        strbuf_addf(&moved, " and %d more", nmoved - MAX_NOTE_PAPERS);
    if (nmoved)
        diag_note(NULL, "%d page%s of %d paper%s placed on the volume's %.0f x %.0f pt pages, text blocks aligned: %s",
                  moved_pages, moved_pages == 1 ? "" : "s", nmoved, nmoved == 1 ? "" : "s", v->width, v->height,
                  moved.buf);
    strbuf_release(&moved);
}
