/* typography: body font size, leading and columns from glyph lists (see
 * typography.h for what is measured and why). */
#include "inspect/typography.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define SIZE_WINDOW 0.01      /* sizes within 1% are one size (rounding of scaled text) */
#define BODY_SIZE_REL 0.02    /* a glyph within 2% of the body size is body text */
#define BODY_SIZE_ABS 0.1     /* ... or within 0.1 pt */
#define BODY_LINE_MIN 4       /* body-size glyphs a line needs to count */
#define BODY_LINE_SHARE 0.6   /* and the share of its glyphs they must be */
#define STEP_MIN 0.5          /* a baseline step is 0.5 to 2 body sizes; */
#define STEP_MAX 2.0          /* closer is the same line, further a gap */
#define STEP_OVERLAP 0.5      /* lines one above the other share half the narrower's width */
#define STEP_WINDOW 0.15      /* pt; steps this close are one leading */
#define MIN_STEPS 8           /* steps needed to name a leading */
#define FULL_LINE_MIN 8.0     /* body sizes; shorter lines say nothing about columns */
#define FULL_WIDTH_WINDOW 2.0 /* pt; justified lines of a column agree to this */
#define MIN_FULL_LINES 4      /* full lines a page needs to count its columns */
#define COLUMN_MIN_LINES 3    /* full lines starting at an edge for it to be a column's */
#define COLUMN_GAP 0.25       /* of the line width: left edges further apart are other columns */

bool typo_wants_page(int page, int npages)
{
    if (npages <= 2) /* one page holds title, body and references alike: nothing to go by */
        return npages == 2 && page == 1;
    int last = npages - 1 < 1 + TYPO_MAX_PAGES ? npages - 1 : 1 + TYPO_MAX_PAGES;
    return page >= 2 && page <= last;
}

void typo_sample_init(struct typo_sample *s)
{
    memset(s, 0, sizeof(*s));
}

void typo_sample_release(struct typo_sample *s)
{
    free(s->glyphs);
    free(s->pages);
    typo_sample_init(s);
}

void typo_sample_add(struct typo_sample *s, int page, const struct typo_glyph *g, size_t n)
{
    grow_array((void **)&s->glyphs, &s->cap, s->n + n, sizeof(*s->glyphs));
    if (n)
        memcpy(s->glyphs + s->n, g, n * sizeof(*g));
    *ARRAY_PUSH(s->pages, s->npages, s->cap_pages) = (struct typo_page){page, s->n, s->n + n};
    s->n += n;
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The value most of the sorted v[0..n) cluster around: the centre of the
 * window [x - w(x), x + w(x)] holding most values (w = rel * x + abs; the
 * smallest such x on a tie); returns the mean of that window, with its
 * count in *count. */
static double mode_window(const double *v, size_t n, double rel, double abs_w, size_t *count)
{
    size_t best = 0, best_lo = 0, best_hi = 0, lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double w = v[i] * rel + abs_w;
        while (v[lo] < v[i] - w)
            lo++;
        if (hi < i)
            hi = i;
        while (hi + 1 < n && v[hi + 1] <= v[i] + w)
            hi++;
        if (hi - lo + 1 > best) {
            best = hi - lo + 1;
            best_lo = lo;
            best_hi = hi;
        }
    }
    *count = best;
    if (!best)
        return 0;
    double sum = 0;
    for (size_t i = best_lo; i <= best_hi; i++)
        sum += v[i];
    return sum / (double)best;
}

double typo_dominant_size(const struct typo_glyph *g, size_t n, double *share)
{
    *share = 0;
    double *v = xcalloc(n ? n : 1, sizeof(*v));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(g[i].size) && g[i].size >= 1 && g[i].size <= 200) /* else a degenerate matrix */
            v[m++] = g[i].size;
    double body = 0;
    if (m >= TYPO_MIN_GLYPHS) {
        qsort(v, m, sizeof(*v), double_cmp);
        size_t count;
        body = mode_window(v, m, SIZE_WINDOW, 0, &count);
        *share = (double)count / (double)m;
    }
    free(v);
    return body;
}

bool typo_is_body_size(double size, double body)
{
    return fabs(size - body) <= fmax(BODY_SIZE_ABS, BODY_SIZE_REL * body);
}

size_t typo_lines(const struct typo_glyph *g, size_t n, double body, int page, struct typo_line **out, size_t *n_out,
                  size_t *cap_out)
{
    size_t added = 0;
    double *bottoms = xcalloc(n ? n : 1, sizeof(*bottoms));
    for (size_t i = 0, k; i < n; i = k) {
        struct typo_line ln = {INFINITY, -INFINITY, 0, 0, 0, page};
        size_t nb = 0;
        for (k = i; k < n && g[k].line == g[i].line; k++) {
            ln.nglyphs++;
            if (!typo_is_body_size(g[k].size, body))
                continue;
            ln.x0 = fmin(ln.x0, g[k].box.x0);
            ln.x1 = fmax(ln.x1, g[k].box.x1);
            bottoms[nb++] = g[k].box.y1;
        }
        ln.nbody = nb;
        if (nb < BODY_LINE_MIN || (double)nb < BODY_LINE_SHARE * (double)ln.nglyphs)
            continue;
        qsort(bottoms, nb, sizeof(*bottoms), double_cmp);
        ln.base = bottoms[nb / 2];
        *ARRAY_PUSH(*out, *n_out, *cap_out) = ln;
        added++;
    }
    free(bottoms);
    return added;
}

static int line_cmp(const void *a, const void *b)
{
    const struct typo_line *x = a, *y = b;
    if (x->page != y->page)
        return x->page < y->page ? -1 : 1;
    return (x->base > y->base) - (x->base < y->base);
}

double typo_leading(const struct typo_line *lines, size_t n, double body, size_t *nsteps)
{
    /* sorted by page and baseline, a line's candidates follow it closely,
     * so a page of thousands of tiny lines costs no quadratic search */
    struct typo_line *sorted = xcalloc(n ? n : 1, sizeof(*sorted));
    if (n)
        memcpy(sorted, lines, n * sizeof(*lines));
    qsort(sorted, n, sizeof(*sorted), line_cmp);
    double *steps = xcalloc(n ? n : 1, sizeof(*steps));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const struct typo_line *a = &sorted[i];
        double best = INFINITY;
        for (size_t j = i + 1; j < n && sorted[j].page == a->page; j++) {
            const struct typo_line *b = &sorted[j];
            double step = b->base - a->base;
            if (step > STEP_MAX * body)
                break;
            if (step < STEP_MIN * body)
                continue;
            double overlap = fmin(a->x1, b->x1) - fmax(a->x0, b->x0);
            if (overlap >= STEP_OVERLAP * fmin(a->x1 - a->x0, b->x1 - b->x0)) {
                best = step; /* the nearest, as they come in order */
                break;
            }
        }
        if (isfinite(best))
            steps[m++] = best;
    }
    free(sorted);
    if (nsteps)
        *nsteps = m;
    double leading = 0;
    if (m >= MIN_STEPS) {
        qsort(steps, m, sizeof(*steps), double_cmp);
        size_t count;
        leading = mode_window(steps, m, 0, STEP_WINDOW, &count);
    }
    free(steps);
    return leading;
}

int typo_columns(const struct typo_line *lines, size_t n, double body)
{
    double *v = xcalloc(n ? n : 1, sizeof(*v));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (lines[i].x1 - lines[i].x0 >= FULL_LINE_MIN * body)
            v[m++] = lines[i].x1 - lines[i].x0;
    qsort(v, m, sizeof(*v), double_cmp);
    size_t count;
    double width = mode_window(v, m, 0, FULL_WIDTH_WINDOW, &count);
    int columns = 0;
    if (count >= MIN_FULL_LINES) {
        /* left edges of the full lines, clustered */
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (fabs(lines[i].x1 - lines[i].x0 - width) <= FULL_WIDTH_WINDOW)
                v[k++] = lines[i].x0;
        qsort(v, k, sizeof(*v), double_cmp);
        for (size_t i = 0, j; i < k; i = j) {
            for (j = i + 1; j < k && v[j] - v[j - 1] <= COLUMN_GAP * width; j++)
                ;
            if (j - i >= COLUMN_MIN_LINES)
                columns++;
        }
    }
    free(v);
    return columns;
}

void typo_sample_measure(const struct typo_sample *s, struct body_typography *out)
{
    memset(out, 0, sizeof(*out));
    if (s->npages == 0)
        return;
    out->first_page = s->pages[0].no;
    out->last_page = s->pages[s->npages - 1].no;
    out->font_size = typo_dominant_size(s->glyphs, s->n, &out->font_share);
    if (out->font_size <= 0)
        return;
    struct typo_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    for (size_t p = 0; p < s->npages; p++) {
        size_t start = nlines;
        const struct typo_page *pg = &s->pages[p];
        typo_lines(s->glyphs + pg->start, pg->end - pg->start, out->font_size, pg->no, &lines, &nlines, &cap);
        /* a page with a figure across a column shows fewer columns, never more */
        int columns = typo_columns(lines + start, nlines - start, out->font_size);
        if (columns > out->columns)
            out->columns = columns;
    }
    out->leading = typo_leading(lines, nlines, out->font_size, NULL);
    free(lines);
}
