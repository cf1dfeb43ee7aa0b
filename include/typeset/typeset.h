/* typeset: every page collate draws, with libharu (the only user of hpdf.h).
 *
 * One libharu document holds all generated pages and all stamps, one page
 * per vpage (see volume.h), so fonts are embedded once.  Fonts are
 * TrueType files named by fonts/fonts.yml, embedded and subset, with
 * per-character fallback (Latin → CJK).
 *
 * The stage runs twice in a build: typeset_measure on the volume before
 * pagination, typeset_render on the plan.  Both only read the volume.
 * Ownership: a typeset_result owns its buffers (typeset_result_release). */
#ifndef COLLATE_TYPESET_H
#define COLLATE_TYPESET_H

#include <stdbool.h>
#include <stddef.h>

#include "paginate/volume.h"

/* Lay out every generated part to learn its length: part_pages[i] (of
 * v->nparts) gets the pages of v->parts[i], as paginate wants them.
 * Reports problems (missing message file, font not found) through diag and
 * returns false. */
bool typeset_measure(const struct volume *v, int *part_pages);

/* What typeset_render makes of a plan. */
struct typeset_result {
    unsigned char *pdf;      /* the typeset document, one page per vpage */
    size_t len;
    struct vlink *links;     /* contents and index links on generated pages */
    size_t nlinks;
};

/* Draw the typeset document for a plan (from paginate): generated parts
 * with their page numbers, blank pages, and for each paper page a page of
 * the same displayed size with its stamp (running head and foot, and on a
 * paper's first page the notice).  On failure reports through diag,
 * returns false and leaves *out empty. */
bool typeset_render(const struct volume *plan, struct typeset_result *out);

/* Free the buffers of r and empty it; NULL is fine. */
void typeset_result_release(struct typeset_result *r);

#endif
