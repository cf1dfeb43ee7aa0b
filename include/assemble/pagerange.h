/* pagerange: a run of pages of a written PDF as a PDF of its own (the
 * front matter of a volume, for the publishing formats).
 *
 * Links between the kept pages are kept; links that lead to a page left
 * out (contents lines pointing at papers) are dropped, and web links stay.
 * The pages are labelled i, ii, ... when roman is set.  The /ID is derived
 * from the content, so equal inputs give equal bytes.
 * Ownership: *out is malloc'ed and the caller's. */
#ifndef COLLATE_PAGERANGE_H
#define COLLATE_PAGERANGE_H

#include <stdbool.h>
#include <stddef.h>

/* Pages first..last (1-based, inclusive) of path into *out.  Reports
 * failures through diag, naming path. */
bool pagerange_extract(const char *path, int first, int last, bool roman, const char *title,
                       unsigned char **out, size_t *out_len);

#endif
