/* typeset layout: page flow, paragraphs and items in columns, shared by
 * the generated parts. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "typeset/textflow.h"
#include "base/utf8.h"
#include "base/util.h"

double ts_line_height(const struct ts *t, double size)
{
    return size * t->leading;
}

/* Baseline of a line of text whose line box starts at top. */
double ts_baseline(double top, double size, double lh)
{
    return top - (lh - size) / 2 - 0.8 * size;
}

/* --- page flow ------------------------------------------------------- */

static bool part_numbered(const struct part *p)
{
    return p->kind != PART_TITLE_PAGE && p->kind != PART_COPYRIGHT_PAGE;
}

/* Begin the next page of the current part. */
void ts_new_page(struct ts *t)
{
    const struct vpart *part = &t->v->parts[t->part];
    t->pages++;
    t->y = t->frame_top = t->bt;
    t->page = NULL;
    if (!t->draw || t->failed)
        return;
    int k = part->first_vpage + t->pages - 1;
    const struct vpage *vp = k >= 0 && (size_t)k < t->v->npages ? &t->v->pages[k] : NULL;
    if (!vp || vp->kind != VP_GENERATED || vp->part != t->part) {
        diag_error(NULL, "internal error: part %d ('%s') needs more pages than were measured", t->part,
                   part_kind_name(part->part->kind));
        t->failed = true;
        return;
    }
    t->vpage = k;
    /* The folio goes where the style puts the papers' (stamp.c). */
    if (ts_add_page(t, t->v->width, t->v->height) && part_numbered(part->part))
        stamp_draw_folio(t, k, t->pages == 1);
}

/* Make room for h points: a new page when they do not fit (never at the
 * top of a page, so that oversized material cannot loop). */
void ts_need(struct ts *t, double h)
{
    if (t->dry || t->no_break)
        return;
    if (t->y - h < t->bb - 0.01 && t->y < t->frame_top - 0.01)
        ts_new_page(t);
}

/* Vertical space, dropped at the top of a page or column. */
void ts_vspace(struct ts *t, double h)
{
    if (t->y < t->frame_top - 0.01)
        t->y -= h;
}

/* --- paragraphs ------------------------------------------------------ */

/* Draw one line of a broken paragraph in [x, x+w] on a baseline. */
void ts_draw_line(struct ts *t, const struct tf_para *p, const struct tf_line *l, double x, double w,
                  double base, enum align al, bool last)
{
    if (!ts_drawing(t))
        return;
    double x0 = x, stretch = 0;
    bool on_breaks = false;
    switch (al) {
    case AL_CENTER:
        x0 = x + (w - l->width) / 2;
        break;
    case AL_RIGHT:
        x0 = x + w - l->width;
        break;
    case AL_JUSTIFY:
        if (!last && l->width < w) {
            if (l->nspaces > 0) {
                stretch = (w - l->width) / l->nspaces;
            } else if (l->nbreaks > 0) { /* CJK: spread between characters */
                stretch = (w - l->width) / l->nbreaks;
                on_breaks = true;
            }
        }
        break;
    case AL_LEFT:
        break;
    }
    /* Boxes in one face with plain spaces between them go out as one
     * string, spaces included; stretched gaps start a new string. */
    struct strbuf run = STRBUF_INIT;
    int face = -1;
    double size = 0, rx = x0, pos = x0;
    for (size_t k = 0; k < l->count; k++) {
        const struct tf_box *b = &p->boxes[l->first + k];
        double gap = k > 0 ? b->glue : 0;
        double extra = k > 0 && stretch > 0 && (on_breaks ? b->breakable : b->glue > 0) ? stretch : 0;
        if (run.len > 0 && b->face == face && b->size == size && extra == 0) {
            if (gap > 0)
                strbuf_addch(&run, ' ');
        } else {
            if (run.len > 0)
                ts_show(t, rx, base, face, size, run.buf, run.len);
            run.len = 0;
            rx = pos + gap + extra;
            face = b->face;
            size = b->size;
        }
        pos += gap + extra;
        strbuf_add(&run, tf_box_text(p, b), b->len);
        pos += b->width;
    }
    if (run.len > 0)
        ts_show(t, rx, base, face, size, run.buf, run.len);
    strbuf_release(&run);
}

/* Lay out a paragraph from t->y down: first line at x (width w), the
 * others indented by hang.  Breaks pages between lines. */
void ts_flow_para(struct ts *t, struct tf_para *p, double x, double w, double hang, double size, double lh,
                  enum align al)
{
    tf_para_measure(p, ts_measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(p, w, w - hang, &lines);
    for (size_t i = 0; i < n; i++) {
        ts_need(t, lh);
        double lx = i ? x + hang : x, lw = i ? w - hang : w;
        ts_draw_line(t, p, &lines[i], lx, lw, ts_baseline(t->y, size, lh), al, i + 1 == n);
        t->y -= lh;
    }
    free(lines);
}

void ts_flow_text_lh(struct ts *t, const char *text, int face, double size, double lh, double x, double w,
                     enum align al)
{
    if (!text || !text[0])
        return;
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text, strlen(text), face, size);
    ts_flow_para(t, &p, x, w, 0, size, lh, al);
    tf_para_release(&p);
}

void ts_flow_text(struct ts *t, const char *text, int face, double size, double x, double w, enum align al)
{
    ts_flow_text_lh(t, text, face, size, ts_line_height(t, size), x, w, al);
}

/* The heading that opens a part. */
void ts_part_heading(struct ts *t, const char *title, double x, double w)
{
    double size = t->part_size;
    ts_flow_text_lh(t, title, FONT_BOLD, size, size * 1.2, x, w, AL_LEFT);
    t->y -= size * 0.35;
    ts_hrule(t, x, x + w, t->y, 0.5);
    t->y -= size * 1.1;
}

/* "Given Family (native)": the native name is added when it differs from
 * the Latin one.  Caller frees. */
char *ts_person_label(const struct person *p)
{
    char *name = person_display_name(p);
    bool latin = (p->given && p->given[0]) || (p->family && p->family[0]);
    if (latin && p->native && p->native[0]) {
        char *s = xasprintf("%s (%s)", name, p->native);
        free(name);
        return s;
    }
    return name;
}

/* A text block narrower than the page for prose: about 90 characters. */
void ts_prose_block(const struct ts *t, double *x, double *w)
{
    double full = t->br - t->bl, measure = 40 * t->body;
    *w = full < measure ? full : measure;
    *x = t->bl + (full - *w) / 2;
}

/* --- part titles ----------------------------------------------------- */

/* The first "# " heading of a message file, if the file starts with one;
 * read quietly (ts_layout_message reports problems).  Caller frees. */
static char *message_heading(const char *file)
{
    size_t len;
    char *data = file ? read_file(file, &len) : NULL;
    if (!data)
        return NULL;
    char *s = data, *out = NULL;
    if (!strncmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (*s == '\n' || *s == '\r' || *s == ' ' || *s == '\t')
        s++;
    if (s[0] == '#' && s[1] == ' ') {
        size_t n = strcspn(s, "\r\n");
        s += 2;
        n -= 2;
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '#'))
            n--;
        while (n > 0 && *s == ' ')
            s++, n--;
        if (n > 0 && utf8_invalid_offset(s, n) < 0)
            out = xstrndup(s, n);
    }
    free(data);
    return out;
}

/* Title of a part as printed in its heading and in the contents. */
char *ts_part_title(const struct part *p)
{
    if (p->title && p->title[0])
        return xstrdup(p->title);
    if (p->kind == PART_MESSAGE) {
        char *h = message_heading(p->file);
        if (h)
            return h;
    }
    return xstrdup(part_default_title(p->kind));
}

/* --- items in columns ------------------------------------------------ */

/* Column ends for items [pos, n) in columns of height h: ends[c] is one
 * past the last item of column c.  force: a column may hold an item taller
 * than itself (it is a whole page). */
static size_t fill_columns(const double *heights, const struct item *items, size_t pos, size_t n, double h,
                           int ncols, bool force, size_t *ends)
{
    const double eps = 0.01;
    size_t i = pos;
    for (int c = 0; c < ncols; c++) {
        double used = 0;
        while (i < n) {
            double want = heights[i] + (items[i].keep_next && i + 1 < n ? heights[i + 1] : 0);
            if (used + want <= h + eps || (used == 0 && (heights[i] <= h + eps || force))) {
                used += heights[i];
                i++;
                continue;
            }
            break;
        }
        ends[c] = i;
    }
    return i;
}

/* Place items in ncols columns from t->y down, over as many pages as
 * needed; the columns of the last page are balanced. */
void ts_place_items(struct ts *t, const struct item *items, size_t n, int ncols, double gap)
{
    if (n == 0)
        return;
    double w = (t->br - t->bl - (ncols - 1) * gap) / ncols;
    double *heights = xmalloc(n * sizeof(*heights));
    double tallest = 0;
    for (size_t i = 0; i < n; i++) {
        DRY_HEIGHT(t, heights[i], ts_draw_item(t, &items[i], t->bl, w));
        tallest = heights[i] > tallest ? heights[i] : tallest;
    }
    size_t ends[8];
    size_t pos = 0;
    while (pos < n && !t->failed) {
        double avail = t->y - t->bb;
        bool full_page = t->y >= t->bt - 0.01;
        size_t end = fill_columns(heights, items, pos, n, avail, ncols, full_page, ends);
        if (end == pos) {
            ts_new_page(t);
            continue;
        }
        if (end == n && ncols > 1) {
            double rest = 0;
            for (size_t i = pos; i < n; i++)
                rest += heights[i];
            double lo = rest / ncols, hi = avail;
            lo = lo > tallest ? lo : tallest;
            if (lo > hi)
                lo = hi;
            for (int iter = 0; iter < 30 && hi - lo > 0.05; iter++) {
                double mid = (lo + hi) / 2;
                size_t tmp[8];
                if (fill_columns(heights, items, pos, n, mid, ncols, false, tmp) == n)
                    hi = mid;
                else
                    lo = mid;
            }
            fill_columns(heights, items, pos, n, hi, ncols, full_page, ends);
        }
        double top = t->y, bottom = t->y;
        size_t start = pos;
        t->no_break = true;
        for (int c = 0; c < ncols; c++) {
            t->y = t->frame_top = top;
            for (size_t i = start; i < ends[c]; i++)
                ts_draw_item(t, &items[i], t->bl + c * (w + gap), w);
            bottom = t->y < bottom ? t->y : bottom;
            start = ends[c];
        }
        t->no_break = false;
        pos = end;
        if (pos < n)
            ts_new_page(t);
        else
            t->y = bottom;
    }
    free(heights);
}
