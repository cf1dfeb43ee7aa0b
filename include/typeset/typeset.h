/* typeset: every page collate draws, with libharu (the only user of hpdf.h).
 *
 * One libharu document holds all generated pages and all stamp overlays,
 * one page per vpage (see volume.h), so fonts are embedded once.  Fonts are
 * TrueType files named by fonts/fonts.yml, embedded and subset, with
 * per-character fallback (Latin → CJK). */
#ifndef COLLATE_TYPESET_H
#define COLLATE_TYPESET_H

#include <stdbool.h>
#include <stddef.h>

#include "paginate/volume.h"

/* Lay out every generated part to learn its length: sets v->parts[i].npages.
 * Reports problems (missing message file, font not found) through diag and
 * returns false. */
bool typeset_measure(struct volume *v);

/* Draw the typeset document for a paginated volume: generated parts with
 * their page numbers, blank pages, and for each paper page an overlay of
 * the same displayed size carrying the running header/footer and, on a
 * paper's first page, the copyright notice.  Appends the TOC and index
 * links to v->links.  On success *pdf is a malloc'd PDF of *len bytes. */
bool typeset_render(struct volume *v, unsigned char **pdf, size_t *len);

#endif
