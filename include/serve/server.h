/* server: the HTTP side of `collate serve` (libmicrohttpd; the only user
 * of microhttpd.h).
 *
 * Fixed routes only; no part of a request names a file:
 *   GET  /            the upload page          GET /app.js, /style.css
 *   POST /check       multipart form -> HTML result page
 *   POST /api/check   application/pdf or multipart -> collate-check/1 JSON
 *   GET  /healthz     {"status":"ok",...}
 * Anything else is 404 (405 for a known path with another method).
 *
 * An upload is streamed to <root>/job-XXXXXX/paper.pdf, both folders made
 * with mkdtemp (mode 0700), checked by the dispatcher (dispatch.h), and
 * the job folder is removed before the answer is queued.  Limits: upload
 * size (413), checks waiting or running (503), a token bucket per client
 * address (429), an idle timeout per connection and a deadline per
 * upload.  Every answer carries the security headers (CSP and others).
 *
 * Threads: libmicrohttpd's, one per connection; a handler blocks in
 * dispatch_run while its check runs.  Shared counters are under a mutex.
 * Ownership: site and dispatcher are borrowed until server_stop. */
#ifndef COLLATE_SERVER_H
#define COLLATE_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "serve/dispatch.h"
#include "serve/page.h"

struct serve_options {
    const char *listen;       /* "ADDR:PORT", "[ADDR6]:PORT"; port 0 picks one */
    size_t max_upload;        /* bytes */
    int max_queue;            /* checks uploading, waiting or running; more: 503 */
    int rate_per_minute;      /* checks per client address; <= 0: unlimited */
    int idle_timeout;         /* seconds a connection may stay silent */
    int upload_deadline;      /* seconds an upload may take in all */
    const char *tmpdir;       /* where the private root folder goes */
    bool quiet;               /* no line per check */
};

struct server;

/* Bind and start serving.  NULL after a diag error. */
struct server *server_start(const struct page_site *site, struct dispatcher *d, const struct serve_options *o);

/* The port bound (useful with port 0). */
int server_port(const struct server *s);

/* The private folder holding the job folders. */
const char *server_root(const struct server *s);

/* Stop accepting connections; the ones open are served to the end. */
void server_quiesce(struct server *s);

/* Checks being uploaded, waiting or running. */
int server_active(struct server *s);

/* Close every connection, join the threads, remove the private folder
 * and everything left in it, and free s.  NULL is fine. */
void server_stop(struct server *s);

#endif
