/* typography: the body text's font size, line spacing and column count,
 * measured from the glyphs of a few pages.
 *
 * Pure: inspect reads each sampled page's glyphs from poppler (box, font
 * size as drawn, which of poppler's lines it is on) and hands them over;
 * nothing here knows a PDF library, so tests feed synthetic glyphs.
 *
 * What is measured (all in PDF points, as the PDF draws them; TeX's 10 pt
 * is 9.963 pt here):
 *  - the body size: the font size most characters are set in (sizes
 *    within 1% of each other are one size), over all sampled pages;
 *  - body lines: poppler's lines whose characters are mostly at that size
 *    (captions, footnotes, references, tables, headings of another size
 *    and displayed math drop out);
 *  - the leading: the most common step from a body line's baseline to the
 *    next body line below it in the same column;
 *  - the columns: how many side-by-side left edges the full body lines
 *    (those as wide as most body lines are: justified text) start at,
 *    per page, then the count most pages show.
 *
 * Ownership: a typo_sample owns copies of the glyphs given to it;
 * typo_sample_release frees them.  typo_lines returns an array the caller
 * frees. */
#ifndef COLLATE_TYPOGRAPHY_H
#define COLLATE_TYPOGRAPHY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rect.h"
#include "inspect/pdfinfo.h"

/* Pages sampled: the body pages after the first (title, abstract) and
 * before the last (references), at most this many; of a two-page paper
 * the first, of a one-page paper none. */
#define TYPO_MAX_PAGES 3

/* One visible character. */
struct typo_glyph {
    struct rect box; /* glyph box, page as displayed, y down */
    double size;     /* font size as drawn (text and page matrices applied), pt */
    int line;        /* poppler's line on its page (glyphs of one line are adjacent) */
};

/* One of poppler's lines, reduced to its body-size glyphs. */
struct typo_line {
    double x0, x1;  /* extent of its body-size glyphs */
    double base;    /* median bottom of their boxes: stands for the baseline */
    size_t nglyphs; /* all glyphs of the line */
    size_t nbody;   /* of them at the body size */
    int page;       /* lines of different pages are never compared */
};

/* Where one sampled page's glyphs are in a typo_sample. */
struct typo_page {
    int no;            /* 1-based page number */
    size_t start, end; /* its glyphs[start..end) */
};

/* Glyphs of the sampled pages, collected one page at a time. */
struct typo_sample {
    struct typo_glyph *glyphs; /* all pages' glyphs, page after page */
    size_t n, cap;
    struct typo_page *pages;
    size_t npages, cap_pages;
};

/* Whether page (1-based) of an npages document is sampled. */
bool typo_wants_page(int page, int npages);

void typo_sample_init(struct typo_sample *s);
/* Copy page's glyphs g[0..n) into s; line numbers stay per page. */
void typo_sample_add(struct typo_sample *s, int page, const struct typo_glyph *g, size_t n);
/* Measure what s holds into *out (fields it cannot tell are 0). */
void typo_sample_measure(const struct typo_sample *s, struct body_typography *out);
void typo_sample_release(struct typo_sample *s);

/* The size most of g[0..n) is set in (the mean of the sizes within 1% of
 * it), with *share the fraction of glyphs at it; 0 when n is too small to
 * tell (fewer than TYPO_MIN_GLYPHS). */
#define TYPO_MIN_GLYPHS 200
double typo_dominant_size(const struct typo_glyph *g, size_t n, double *share);

/* True when size is the body size (within 2%, at least 0.1 pt). */
bool typo_is_body_size(double size, double body);

/* Group g[0..n) (one page, tagged page) by line, appending to *out (n_out
 * lines, cap_out allocated); only lines mostly at body size are kept.
 * Returns how many were added. */
size_t typo_lines(const struct typo_glyph *g, size_t n, double body, int page, struct typo_line **out, size_t *n_out,
                  size_t *cap_out);

/* The most common baseline step between vertically adjacent body lines of
 * one column and page; *nsteps (may be NULL) gets how many steps were found.  0 when
 * there are too few. */
double typo_leading(const struct typo_line *lines, size_t n, double body, size_t *nsteps);

/* Columns of body lines (all of one page); 0 when too few full lines. */
int typo_columns(const struct typo_line *lines, size_t n, double body);

#endif
