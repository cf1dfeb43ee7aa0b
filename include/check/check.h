/* check: a venue's rules applied to inspection results.  Pure: no I/O.
 *
 * Findings are appended in a fixed order (document-level first, then by
 * page) so output is stable. */
#ifndef COLLATE_CHECK_H
#define COLLATE_CHECK_H

#include "check/finding.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"

/* Page allowance and fee; -1 in a field means "the style's value". */
struct check_limits {
    int page_limit;
    int extra_pages;
    double fee;       /* per paid extra page */
};
#define CHECK_LIMITS_DEFAULT {-1, -1, -1}

/* The effective allowance after applying overrides. */
int check_page_limit(const struct style *style, const struct check_limits *limits);
int check_extra_pages(const struct style *style, const struct check_limits *limits);
double check_extra_page_fee(const struct style *style, const struct check_limits *limits);
/* Paid pages a paper of npages uses (0 when within the limit). */
int check_paid_pages(const struct style *style, const struct check_limits *limits, int npages);

void check_paper(const struct pdf_info *info, const struct style *style,
                 const struct check_limits *limits, struct findings *out);

/* Recognise a printed page number ("12", "- 12 -", "Page 12", "12 of 20",
 * "xii"); returns its value or -1. */
int check_parse_page_number(const char *text);

#endif
