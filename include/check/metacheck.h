/* metacheck: does a paper's PDF carry the title and authors the manifest
 * gives it?  Pure: no I/O.
 *
 * Catches the wrong file uploaded for a paper, a title changed in the
 * camera-ready but not in the manifest (or the other way round), and an
 * author added to or dropped from one of them.  Both sides are folded with
 * name_fold (case, accents, punctuation) so typography does not matter.
 * Findings have the code F_METADATA on page 1. */
#ifndef COLLATE_METACHECK_H
#define COLLATE_METACHECK_H

#include "check/finding.h"
#include "manifest/manifest.h"
#include "inspect/pdfinfo.h"

/* Compare p's title and author family names with info's first-page text
 * (and the document's /Title as a second source for the title); add one
 * finding of severity sev for a title that is not found, and one listing
 * the authors that are not found.  A first page without extractable text
 * (a scan) gives one notice instead.  Nothing is added for an unreadable
 * paper: it has its own finding. */
void metacheck_paper(const struct paper *p, const struct pdf_info *info, enum severity sev,
                     struct findings *out);

#endif
