/* dispatch: the process that runs the checks for `collate serve`.
 *
 * The server's threads never fork.  dispatch_start, called before any
 * thread exists, forks one dispatcher process (a base/runner child, so it
 * dies with the server).  The dispatcher is single-threaded: it receives
 * jobs over a socket and runs each in its own runner child, at most
 * max_inflight at a time, the rest waiting in order.  That child inspects
 * the upload with pool_inspect (the worker sandbox: CPU, memory and
 * wall-clock limits), applies check_paper and, for a manifest paper,
 * metacheck_paper, and writes into the job's folder:
 *   result.json  the collate-check/1 JSON, as `collate check --format json`;
 *   result.html  with want_html, the report fragment of serve/page.h
 *                (findings, page pictures, how to fix).
 * The style, limits and manifest are the ones given at dispatch_start: the
 * dispatcher and its children hold copies made by fork.
 *
 * Thread safety: dispatch_run may be called from many threads at once;
 * dispatch_start and dispatch_stop from one thread only.
 * Ownership: the config is borrowed until dispatch_stop. */
#ifndef COLLATE_DISPATCH_H
#define COLLATE_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "manifest/manifest.h"
#include "manifest/style.h"

/* Folder names and file names inside a job's folder. */
#define DISPATCH_UPLOAD "paper.pdf"
#define DISPATCH_JSON "result.json"
#define DISPATCH_HTML "result.html"
#define DISPATCH_DIR_MAX 480      /* bytes of a job folder's path */
#define DISPATCH_NAME_MAX 200     /* bytes of a display name */
#define DISPATCH_ID_MAX 120       /* bytes of a paper id */

struct dispatch_config {
    const struct style *style;
    struct style_limits limits;      /* effective limits (manifest and options) */
    const struct manifest *manifest; /* for paper ids and metacheck; may be NULL */
    int max_inflight;                /* checks at a time; <= 0: one per core */
    int timeout_seconds;             /* per inspection; <= 0: 60 */
};

struct dispatch_job {
    const char *dir;        /* private folder holding DISPATCH_UPLOAD */
    const char *name;       /* shown as the file's path in the results */
    const char *paper_id;   /* manifest paper to cross-check, or NULL */
    bool want_html;         /* also write DISPATCH_HTML */
};

enum dispatch_outcome {
    DISPATCH_PASSED,        /* checked: no error findings */
    DISPATCH_ERRORS,        /* checked: error findings */
    DISPATCH_UNREADABLE,    /* checked: the file could not be read at all */
    DISPATCH_FAILED,        /* the check itself failed (reason says why) */
    DISPATCH_UNAVAILABLE,   /* the dispatcher is gone or stopping */
};

struct dispatcher;

/* Fork the dispatcher.  NULL (after a diag error) when it cannot start. */
struct dispatcher *dispatch_start(const struct dispatch_config *cfg);

/* Run one job and wait for its end.  reason (reason_len bytes) receives a
 * sentence for DISPATCH_FAILED and DISPATCH_UNAVAILABLE. */
enum dispatch_outcome dispatch_run(struct dispatcher *d, const struct dispatch_job *job, char *reason,
                                   size_t reason_len);

/* Jobs sent and not yet answered (queued or running), for /healthz. */
int dispatch_pending(struct dispatcher *d);

/* False once the dispatcher has gone away. */
bool dispatch_alive(struct dispatcher *d);

/* Stop the dispatcher and its running checks now; every dispatch_run
 * waiting or to come returns DISPATCH_UNAVAILABLE.  d stays valid. */
void dispatch_abort(struct dispatcher *d);

/* Let the dispatcher finish what it runs, end it, and free d.  No thread
 * may be in dispatch_run.  NULL is fine. */
void dispatch_stop(struct dispatcher *d);

/* The manifest paper with this id, or NULL. */
const struct paper *dispatch_find_paper(const struct manifest *m, const char *id);

#endif
