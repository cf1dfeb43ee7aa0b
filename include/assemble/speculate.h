/* speculate: assemble the volume in a child process while the papers are
 * still being inspected.
 *
 * Inspection keeps every core busy, and assembly is one thread; doing
 * them one after the other leaves cores idle for the whole assembly.  The
 * child reads what pagination needs (page counts and sizes) with libqpdf,
 * typesets and assembles into a temporary file next to the output, with
 * its messages kept aside.  After the check, the build uses the child's
 * volume only if it was made from the same facts inspection found (file
 * size, CRC-32, pages and their sizes) and nothing stops the build;
 * otherwise it is discarded and the volume is built as usual.  The result
 * is the same bytes either way.  COLLATE_SPECULATE=0 turns it off. */
#ifndef COLLATE_SPECULATE_H
#define COLLATE_SPECULATE_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/manifest.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"

struct speculation;

/* Start the child, or return NULL when speculating would not pay
 * (one core, keywords read from the papers, COLLATE_SPECULATE=0). */
struct speculation *speculate_start(const struct manifest *m, const struct style *style, const char *output,
                                    bool compact);

/* Wait for the child.  True when its volume matches infos: it is then
 * renamed to output and the child's messages are printed.  False: the
 * caller builds the volume itself.  Frees s. */
bool speculate_finish(struct speculation *s, const struct manifest *m, const struct pdf_info *infos, size_t n,
                      const char *output);

/* Stop the child and remove its files; NULL is fine.  Frees s. */
void speculate_abort(struct speculation *s);

#endif
