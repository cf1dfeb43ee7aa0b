/* check: a venue's rules applied to inspection results.  Pure: no I/O.
 *
 * Findings are appended in a fixed order (document-level first, then by
 * page) so output is stable.  A defect that repeats is one finding: a font
 * (by name and type) or a page size wrong on many pages gives one finding
 * with all its pages (finding.pages), not one per font object or page. */
#ifndef COLLATE_CHECK_H
#define COLLATE_CHECK_H

#include <stdbool.h>

#include "check/finding.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"

/* The effective allowance after applying overrides (style.h); limits may
 * be NULL. */
int check_page_limit(const struct style *style, const struct style_limits *limits);
int check_extra_pages(const struct style *style, const struct style_limits *limits);
double check_extra_page_fee(const struct style *style, const struct style_limits *limits);
/* The venue charges for extra pages (a fee per page > 0): only then do
 * outputs show fees and a currency. */
bool check_has_fee(const struct style *style, const struct style_limits *limits);
/* The pages of a paper the limit counts: all, or with the style's
 * `count: body` those before the first section it leaves out (see
 * sections_body_pages).  Pass it as npages below. */
int check_counted_pages(const struct pdf_info *info, const struct style *style);
/* Paid pages a paper of npages uses: the pages beyond the limit, at most
 * the paid allowance (pages beyond that are to be removed, not paid). */
int check_paid_pages(const struct style *style, const struct style_limits *limits, int npages);
/* What a paper of npages owes: its paid pages times the fee per page. */
double check_fee(const struct style *style, const struct style_limits *limits, int npages);

void check_paper(const struct pdf_info *info, const struct style *style,
                 const struct style_limits *limits, struct findings *out);

#endif
