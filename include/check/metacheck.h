/* metacheck: does a paper's PDF carry the title and authors the manifest
 * gives it?  Pure: no I/O.
 *
 * Catches the wrong file uploaded for a paper, a title changed in the
 * camera-ready but not in the manifest (or the other way round), and an
 * author added to or dropped from one of them.  Both sides are folded with
 * text_fold (case, accents, punctuation) so typography does not matter.
 * Findings have the code F_METADATA on page 1.  Across papers, two manifest
 * entries with the same PDF content are F_DUPLICATE_PDF. */
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

/* Papers of m whose PDFs have the same content (equal size and CRC-32 in
 * their pdf_info): one of them is almost surely the wrong file.  infos[i]
 * and out[i] belong to the i-th paper in reading order (manifest_papers).
 * Each paper whose PDF equals an earlier paper's gets one F_DUPLICATE_PDF
 * finding of severity sev in out[i] naming the first paper with that
 * content.  Papers whose file could not be read (size 0) are left alone. */
void metacheck_duplicates(const struct manifest *m, const struct pdf_info *infos, enum severity sev,
                          struct findings *out);

/* The PDF in place against the final version the submission system
 * records (the manifest's pdf_size, pdf_sha256 or pdf_sha1, written by
 * collate init): one F_STALE_PDF finding when the size differs, or when
 * digest_hex (the file's digest of the recorded kind, computed by the
 * caller; NULL when none is recorded or it could not be computed) differs. */
void metacheck_stale(const struct paper *p, const struct pdf_info *info, const char *digest_hex, enum severity sev,
                     struct findings *out);

/* Papers whose first page carries another paper's title and not their
 * own: files swapped between two papers, or a folder shifted by one.  Each
 * gets one F_SWAPPED_PDF finding in out[i] naming both papers (the other
 * paper with the longest title found, when several are).  infos[i] and
 * out[i] belong to the i-th paper in reading order (manifest_papers). */
void metacheck_swapped(const struct manifest *m, const struct pdf_info *infos, enum severity sev,
                       struct findings *out);

#endif
