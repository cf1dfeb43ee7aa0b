/* pagecontent: what a page shows, measured against the area it is judged
 * by, for the margin rule (check.c).  Pure: it reads a pdf_info only.
 *
 * Left out are the header and footer lines that are not content (printed
 * page numbers, reported as page_numbers; running heads inside the
 * style's minimum margins, where templates put them) and the line-number
 * columns of a review copy (reported as review_version). */
#ifndef COLLATE_PAGECONTENT_H
#define COLLATE_PAGECONTENT_H

#include <stdbool.h>

#include "check/area.h"
#include "check/pagehead.h"
#include "check/review.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"

/* The extent of what page p shows, judged by area a with the page's
 * header and footer lines heads and line-number columns rulers (NULL:
 * none): in ink all of it (for the sides), in across only what lies
 * across the area (for the top and bottom, so line numbers beside a
 * footer count once, for their side).  Returns false when the page shows
 * nothing. */
bool pagecontent_extent(const struct style *st, const struct page_info *p, const struct area *a,
                        const struct page_heads *heads, const struct review_ruler *rulers, struct rect *ink,
                        struct rect *across);

#endif
