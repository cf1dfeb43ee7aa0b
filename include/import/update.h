/* update: 'collate init --update': an export merged into the manifest a
 * chair has been editing, by editing its text in place.
 *
 * The manifest is read twice: by the manifest loader (it must be valid,
 * and gives the papers' authors as the loader sees them) and by ydoc,
 * whose located nodes say where each paper, title and author list is in
 * the text.  Only those spans change; comments, order, the volume, the
 * front matter, sessions and every other key stay byte for byte.
 *   - a paper of the export that the manifest lacks is added at the end of
 *     its session (by session title), or in a new session at the end;
 *   - a paper the export marks withdrawn or not accepted is commented out
 *     with a note saying why (remove the '# ' to restore it);
 *   - a paper whose title or authors changed in the system gets the
 *     export's title and authors.  The paper's 'imported:' fingerprint
 *     (written by init) tells a change in the system from an edit in the
 *     manifest: when the export still says what it said at the last
 *     import, the manifest's text is kept even where it differs; without a
 *     fingerprint the export wins.  'pdf_sha256' / 'pdf_size' follow the
 *     export;
 *   - papers the manifest has and the export does not are kept.
 * Every change is shown on stderr as a diff ("-" old, "+" new) through
 * diag.  The result is written atomically, and only if it still loads.
 *
 * Ownership: import_update_load returns a state freed with
 * import_update_free (NULL is fine); merge returns text the caller frees. */
#ifndef COLLATE_UPDATE_H
#define COLLATE_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "import/importer.h"

struct import_update;

/* Read and check the manifest at path; NULL after reporting why. */
struct import_update *import_update_load(const char *path);
/* Papers the manifest already has keep their pdf: path (for --pdfs). */
void import_update_adopt_paths(const struct import_update *up, struct import_result *res);
/* The manifest's text with res merged in (see above). */
char *import_update_merge(struct import_update *up, const struct import_result *res,
                          const struct import_manifest_options *opts);
/* What import_update_write did. */
enum import_write { IMPORT_WRITTEN, IMPORT_UNCHANGED, IMPORT_INVALID, IMPORT_WRITE_FAILED };
/* Check that text still parses and write it atomically (not when nothing
 * changed); failures are reported.  *changes: papers added, changed or
 * commented out (0: the file was up to date). */
enum import_write import_update_write(struct import_update *up, const char *text, size_t *changes);
void import_update_free(struct import_update *up);

#endif
