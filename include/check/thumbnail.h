/* thumbnail: small PNG pictures of chosen pages, with boxes drawn on them.
 *
 * Used by the HTML report to show where a finding is.  Pages are rendered
 * with poppler + cairo; this is the second module that uses poppler (after
 * inspect, which measures pages), accepted so that inspect stays about
 * measuring and this one about pictures.  poppler.h is included only by
 * these two files.
 *
 * Papers are untrusted: every document is rendered in its own
 * base/runner child under the same limits as the inspection workers (CPU
 * time, address space, a wall-clock deadline, stderr to /dev/null), which
 * sends the PNG bytes back over the runner's pipe.  A child that crashes, runs out of
 * memory or time leaves the pictures it did not finish unavailable
 * (png == NULL); the parent is never affected.  For tests, the
 * environment variable COLLATE_FAULT_THUMBNAIL=crash or =hang makes every
 * child crash or hang once its limits are set.
 *
 * Coordinates: points, origin at the top-left of the page as displayed,
 * as in pdfinfo.h.  Ownership: the caller owns the requests; png buffers
 * are set by thumbnail_render and freed with thumbnail_jobs_release. */
#ifndef COLLATE_THUMBNAIL_H
#define COLLATE_THUMBNAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/pdfinfo.h"

#define THUMB_MAX_BOXES 8          /* red boxes drawn on one picture */

/* One picture: a page with the text block (blue) and offending areas (red). */
struct thumb_page {
    int page;                       /* 1-based page number */
    struct rect block;              /* text block, drawn blue; empty: not drawn */
    struct rect boxes[THUMB_MAX_BOXES]; /* offending areas, drawn red */
    int nboxes;
    /* Set by thumbnail_render: */
    unsigned char *png;             /* PNG bytes, or NULL when unavailable; owned */
    size_t png_len;
    int width_px, height_px;        /* size of the PNG, pixels */
};

/* The pictures wanted from one document; rendered by one child process. */
struct thumb_job {
    const char *path;               /* the PDF; borrowed, may be relative */
    struct thumb_page *pages;       /* borrowed array of npages requests */
    size_t npages;
};

struct thumbnail_options {
    int width_px;                   /* picture width; <= 0: 300 */
    int jobs;                       /* children at a time; <= 0: one per core */
    int timeout_seconds;            /* per document; <= 0: 60 */
    size_t memory_limit_mb;         /* per child address space; 0: 4096 */
};

/* Render every page of every job; sets png, png_len, width_px and
 * height_px of each request (png stays NULL on failure). */
void thumbnail_render(struct thumb_job *jobs, size_t n, const struct thumbnail_options *opts);

/* Free the PNG buffers of every request (the arrays stay the caller's). */
void thumbnail_jobs_release(struct thumb_job *jobs, size_t n);

#endif
