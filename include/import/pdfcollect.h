/* pdfcollect: 'collate init --pdfs PATH': the final versions a submission
 * system delivers (a folder, or a .zip / .tar.gz archive) placed at each
 * paper's pdf: path, matched by the ids in the file names.
 *
 * Matching: a file's name is cut into words at every character that is
 * not a letter or digit.  A word equal to a paper's id ("p17") or to the
 * other name the system gives it (OpenReview's note id) is the strongest
 * match; otherwise the last run of digits that is some paper's submission
 * number ("sptai25-final17.pdf", "1570912345.pdf", "17_Paper.pdf").  The
 * file's own name is tried first, then its folders from the innermost
 * ("final/17/17_Paper.pdf", "17/CameraReady/paper.pdf").  When several
 * PDFs match one paper, one named like a final version ("final", "camera",
 * "paper") is preferred over supplementary material, copyright forms and
 * slides; if that does not decide, the paper is listed as ambiguous.
 *
 * Archives are read through import/archive; nothing is extracted by its
 * name.  An archive with an entry that is a link, or whose name is
 * absolute or contains "..", is refused whole, as is one that expands more
 * than ARCHIVE_MAX_RATIO times (an archive bomb) or past the size limits.
 * Links in a folder are skipped with a warning.  Everything is read and
 * checked before the first file is placed, so a refused source places
 * nothing.  Files are written atomically; an identical file in place is
 * left alone.  Every file that matched no paper and every paper that got
 * no PDF is listed.  A PDF that differs from the final version the export
 * records (hash or size) is placed with a warning.
 *
 * Ownership: nothing is kept; res and the options are borrowed. */
#ifndef COLLATE_PDFCOLLECT_H
#define COLLATE_PDFCOLLECT_H

#include <stddef.h>

#include "import/importer.h"

#define ARCHIVE_MAX_ENTRIES 100000
#define ARCHIVE_MAX_ENTRY ((size_t)1 << 30)        /* bytes of one PDF */
#define ARCHIVE_MAX_TOTAL ((long long)16 << 30)   /* bytes read from one archive */
#define ARCHIVE_MAX_RATIO 200                     /* uncompressed / compressed, past 64 MiB */

struct pdf_collect_options {
    const char *source;     /* the folder or archive */
    const char *base_dir;   /* the manifest's folder: pdf: paths are relative to it */
    const char *papers_dir; /* as import_manifest_options.papers_dir */
};

struct pdf_collect_stats {
    size_t placed;          /* files written */
    size_t unchanged;       /* identical files already in place */
    size_t missing;         /* papers without a PDF */
    size_t unmatched;       /* files that matched no paper */
};

/* Place the PDFs of source for res's papers.  Returns the number of errors
 * (an unreadable or refused source, a file that cannot be written). */
int import_collect_pdfs(const struct import_result *res, const struct pdf_collect_options *o,
                        struct pdf_collect_stats *stats);

/* The paper of res whose id a file name carries (see above), or -1. */
int import_match_file(const struct import_result *res, const char *name);

#endif
