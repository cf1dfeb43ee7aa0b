/* assemble: the volume PDF, at object level with libqpdf.
 *
 * Paper pages are copied, never re-rendered: content streams, fonts and
 * images stay byte-for-byte.  Each paper page gets its stamp (the typeset
 * page of the same index) as a Form XObject drawn after the original
 * content, which is wrapped in q/Q.  Named destinations are
 * resolved and links are kept; bookmarks (sessions > papers > the paper's
 * own outline), page labels, TOC/index links, document info and XMP
 * metadata are added.  Output is written to a temporary file and renamed.
 * Same inputs give the same bytes (deterministic /ID, SOURCE_DATE_EPOCH).
 * Ownership: everything passed in is borrowed; the plan is read only. */
#ifndef COLLATE_ASSEMBLE_H
#define COLLATE_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

#include "paginate/volume.h"

/* Write the volume of a plan (from paginate) to output.  typeset_pdf is
 * the typeset document (one page per vpage) and links[0..nlinks) the links
 * on its generated pages (typeset_render makes both; build_volume_pdf in
 * build_pdf.h is the usual caller).  compact: pack objects into compressed
 * object streams (smaller, slower).  Reports errors through diag and
 * returns false; the previous file at output is then untouched. */
bool assemble_volume(const struct volume *v, const unsigned char *typeset_pdf, size_t typeset_len,
                     const struct vlink *links, size_t nlinks, const char *output, bool compact);

/* Write each paper of an assembled volume (made from plan v) as its own
 * stamped PDF into dir, named <paper id>.pdf, with its metadata.  Reads the
 * volume file.  only: the index of the one paper to write (an erratum), or
 * -1 for every paper. */
bool assemble_split(const struct volume *v, const char *volume_pdf, const char *dir, bool compact, int only);

#endif
