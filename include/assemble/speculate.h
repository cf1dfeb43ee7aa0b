/* speculate: write the volume in a child process while the papers are
 * still being inspected, and use it when the check agrees.
 *
 * Inspection keeps every core busy, and assembly is one thread; doing
 * them one after the other leaves cores idle for the whole assembly.  The
 * child, a runner child, makes the page plan from the same page facts the
 * build would use: the cached papers' records as looked up before it
 * started, and for the others pdfstruct_pages, the first part of the
 * structure pass (page count and geometry, by the same calls), so that for
 * the same bytes the plan is the same by construction.  It then writes
 * the volume with build_volume_pdf into a temporary file next to the
 * output, keeping its messages aside, and returns over the runner's pipe
 * the size and CRC-32 of every paper as it read them.
 *
 * After the check, the child's volume becomes the output when every
 * paper's size and CRC-32 are those inspection found and nothing stopped
 * the build; otherwise it is discarded and the volume is built as usual.
 * The bytes are the same either way (assembly too takes a paper's bytes
 * only when they have the recorded size and CRC-32).
 *
 * It is not started when it cannot pay or cannot work: every paper cached
 * (nothing to overlap with), keywords read from the papers (the child
 * reads no text), one core, or COLLATE_SPECULATE=0; COLLATE_SPECULATE=1
 * starts it also on one core.
 *
 * Ownership: speculate_start returns a speculation freed by
 * speculate_finish or speculate_abort.  Everything passed in is borrowed;
 * the child works on the copy the fork made, so the caller may go on
 * filling infos. */
#ifndef COLLATE_SPECULATE_H
#define COLLATE_SPECULATE_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/pdfinfo.h"
#include "manifest/manifest.h"
#include "manifest/style.h"

struct speculation;

/* Start the child, or return NULL when speculating would not pay or
 * cannot start (see above).  infos and cached are the manifest's papers in
 * order, as cache_lookup_all left them: a cached paper's record is used as
 * it is, the others are read by the child. */
struct speculation *speculate_start(const struct manifest *m, const struct style *style, const struct pdf_info *infos,
                                    const bool *cached, const char *output, bool compact);

enum speculation_end {
    SPECULATION_USED,    /* the child's volume is now output; its messages were printed */
    SPECULATION_FAILED,  /* the child made no volume (its messages are dropped) */
    SPECULATION_CHANGED, /* a paper's bytes differ from those inspected (*changed: which) */
};

/* Wait for the child and compare what it read with infos (the n papers
 * as inspected).  On SPECULATION_USED the volume is at output; otherwise
 * the caller builds it.  Frees s. */
enum speculation_end speculate_finish(struct speculation *s, const struct pdf_info *infos, size_t n,
                                      const char *output, size_t *changed);

/* Stop the child and remove its files; NULL is fine.  Frees s. */
void speculate_abort(struct speculation *s);

#endif
