/* review: signs that a paper is its review or draft version, not the
 * camera-ready one (finding code review_version).  Pure: it reads a
 * pdf_info only.
 *
 * Three kinds of sign, each one finding listing its pages:
 * - line numbers: a column of small numbers beside the body text, aligned
 *   at one edge and increasing down the page, mostly by 1 (lineno, and
 *   the review modes of acmart, ACL, ICML, NeurIPS, CVPR), on at least
 *   half of the pages;
 * - review-copy text: "Anonymous Author(s)", "Under review as a
 *   conference paper at ...", "Confidential review copy", "Do not
 *   distribute", ... in a header, footer or margin of any page, or on a
 *   line of its own on page 1 (never inside a sentence of the body);
 * - a watermark: "DRAFT" (or a review-copy text) in large type.
 *
 * Ownership: a review_result owns its strings and arrays; review_release
 * frees them. */
#ifndef COLLATE_REVIEW_H
#define COLLATE_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/pdfinfo.h"

/* A column of line numbers on one side of a page. */
struct review_ruler {
    struct rect box;   /* union of its numbers' boxes; empty when there is none */
    int count;         /* numbers in it */
    int first, last;   /* the values at its top and bottom */
};

/* The line-number columns of page p: out[0] left of the body text, out[1]
 * right of it (each empty when there is none).  full: only a column that
 * runs down most of the page (at least 20 numbers over 40% of its height)
 * counts, as on a page of running text; else 3 numbers will do (a short
 * last page of a paper whose other pages have full columns).  A column is
 * numbers aligned at their left or right edge (within 1.5 pt), outside
 * the body text's edges (p->body; without one, in the outer 30% of the
 * page), increasing down the page in nearly every step and by exactly 1
 * in at least half, one line apart (consecutive numbers at most 6
 * number heights apart: not the row labels of a table).  Returns how
 * many columns were found (0-2). */
int review_page_rulers(const struct page_info *p, bool full, struct review_ruler out[2]);

/* The review-copy marker line names, as worded in messages
 * ("Anonymous Author(s)"), or NULL.  Case, spaces and punctuation are
 * ignored.  in_margin: line is a header, footer or margin line, where the
 * marker may stand anywhere in it; else line is a line of page 1 inside
 * the text block, which must be the marker alone ("Anonymous Authors",
 * trailing affiliation digits and marks allowed) or start with the marker
 * written with a capital ("Under review as a conference paper at ...",
 * not a sentence broken across lines). */
const char *review_match_line(const char *line, bool in_margin);

/* The marker large type names ("DRAFT", "Confidential review copy"), or
 * NULL.  text is page_info.large_text (also read backwards: type turned
 * downwards). */
const char *review_match_large(const char *text);

/* One review_version finding. */
struct review_sign {
    char *message;     /* "review version: line numbers in the left margin on pages 1–4" */
    char *hint;        /* how to fix it */
    int *pages;        /* ascending, distinct */
    size_t npages;
    struct rect box;   /* where on pages[0] */
};

#define REVIEW_MAX_SIGNS 3

struct review_result {
    struct review_sign signs[REVIEW_MAX_SIGNS]; /* line numbers, texts, watermark: those found, in that order */
    size_t nsigns;
    struct review_ruler (*rulers)[2]; /* per page, the line-number columns of the finding (so margin checks
                                         can leave them out); NULL when there are none */
    int npages;                       /* entries of rulers */
};

/* Look for every sign in info (readable, with pages).  style_name picks
 * the hints (acm... names acmart's options); NULL for generic ones. */
void review_scan(const struct pdf_info *info, const char *style_name, struct review_result *out);
void review_release(struct review_result *r);

#endif
