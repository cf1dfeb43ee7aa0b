/* pool: inspect many PDFs in parallel in worker processes.
 *
 * A worker is a persistent base/runner worker: it runs inspect_pdf on one
 * file after another, each under a CPU-time limit and a wall-clock
 * deadline, within an address-space limit, with stderr sent to /dev/null
 * (damaged files make the PDF libraries print megabytes).  A file whose
 * worker crashes, runs out of memory or time yields an unreadable result
 * naming the cause, the same as in a worker of its own; the other files
 * are unaffected. */
#ifndef COLLATE_POOL_H
#define COLLATE_POOL_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/inspect.h"
#include "inspect/pdfinfo.h"

struct pool_options {
    int jobs;                 /* parallel workers; <= 0: one per core */
    int timeout_seconds;      /* per file; <= 0: default 120 */
    size_t memory_limit_mb;   /* per worker address space; 0: default 4096 */
    const struct inspect_options *inspect;
    /* Called in the parent after each file, may be NULL. */
    void (*progress)(size_t done, size_t total, void *arg);
    void *progress_arg;
};

/* Fill infos[i] for paths[i].  infos must hold n entries; each is
 * initialised here and released by the caller with pdfinfo_release. */
void pool_inspect(const char *const *paths, size_t n, const struct pool_options *opts,
                  struct pdf_info *infos);

/* As pool_inspect; worker_failed (n entries, may be NULL) is set true
 * where the result was made up by the parent because the worker could not
 * start, crashed, ran out of time or sent nothing.  Such results may be
 * transient (a loaded machine), so the inspection cache does not keep them. */
void pool_inspect_ex(const char *const *paths, size_t n, const struct pool_options *opts,
                     struct pdf_info *infos, bool *worker_failed);

#endif
