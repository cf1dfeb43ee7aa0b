/* area: the area each page's content is judged by, for the margins and
 * the header and footer lines (check.c).  Pure: it reads a pdf_info and a
 * style only.
 *
 * An area is a template's text block, when the paper was laid out in one
 * the style gives, or else the style's minimum margins.  Coordinates:
 * points, origin at the top-left of the page as displayed (pdfinfo.h). */
#ifndef COLLATE_AREA_H
#define COLLATE_AREA_H

#include <stdbool.h>

#include "inspect/pdfinfo.h"
#include "manifest/style.h"

/* An area a page's content is judged by. */
struct area {
    struct rect r;     /* page as displayed, pt */
    bool block;        /* a template's text block (else the minimum margins) */
};

/* The style's size a page is judged by: the one it matches, else the
 * nearest. */
const struct style_size *area_page_size(const struct style *st, const struct page_info *p);

/* Into chosen[0..info->npages), the area each page is judged by.  A paper
 * is made with one template: each page with body text votes for the area
 * its body text starts at (the minimum margins when no block fits:
 * another template), and all pages of one size take the area most of them
 * voted for (ties: the first voted for).  Without votes, the size's own
 * block, else the minimum margins. */
void area_choose(const struct pdf_info *info, const struct style *st, struct area *chosen);

#endif
