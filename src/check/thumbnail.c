/* thumbnail: render chosen pages to small PNGs in limited child processes.
 *
 * The second user of poppler.h (inspect.c is the first); see thumbnail.h.
 *
 * Protocol on the pipe from a child: for each requested page, in order, a
 * header of three uint32_t in host byte order (PNG length, width, height)
 * followed by the PNG bytes; length 0 means that page failed.  The parent
 * keeps every complete record it received, so a child killed half-way
 * still yields the pictures it finished. */
#include "check/thumbnail.h"

#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <poppler.h>

#include "base/runner.h"
#include "base/util.h"

#define DEFAULT_WIDTH 300          /* pixels */
#define MAX_WIDTH 2000             /* pixels; larger requests are clamped */
#define MAX_ASPECT 4.0             /* a picture is at most this many widths tall */
#define MAX_PNG_BYTES (4u << 20)   /* a larger PNG is dropped by the child */
#define MIN_BOX_PX 6.0             /* red boxes are drawn at least this big */
#define DEFAULT_TIMEOUT 60         /* seconds per document */
#define DEFAULT_MEMORY_MB 4096

/* One thumbnail_render call, shared by its runner callbacks. */
struct thumb_run {
    struct thumb_job *jobs;
    size_t n;
    int width_px;
    struct runner_limits limits;   /* max_output set per job */
    size_t next;                   /* next job to consider */
};

/* ---- in the child ---- */

static cairo_status_t png_to_strbuf(void *closure, const unsigned char *data, unsigned int length)
{
    struct strbuf *sb = closure;
    if (sb->len + length > MAX_PNG_BYTES)
        return CAIRO_STATUS_WRITE_ERROR;
    strbuf_add(sb, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* Stroke r (points) at scale, snapped to pixel centres, at least min_px big. */
static void path_rect(cairo_t *cr, const struct rect *r, double scale, double min_px)
{
    double x0 = r->x0 * scale, y0 = r->y0 * scale, x1 = r->x1 * scale, y1 = r->y1 * scale;
    if (x1 - x0 < min_px) {
        double c = (x0 + x1) / 2;
        x0 = c - min_px / 2;
        x1 = c + min_px / 2;
    }
    if (y1 - y0 < min_px) {
        double c = (y0 + y1) / 2;
        y0 = c - min_px / 2;
        y1 = c + min_px / 2;
    }
    x0 = floor(x0) + 0.5;
    y0 = floor(y0) + 0.5;
    x1 = ceil(x1) - 0.5;
    y1 = ceil(y1) - 0.5;
    cairo_rectangle(cr, x0, y0, fmax(x1 - x0, 1), fmax(y1 - y0, 1));
}

/* Render one request into png; false when the page cannot be drawn. */
static bool render_page(PopplerDocument *doc, const struct thumb_page *req, int width_px, struct strbuf *png,
                        int *w_out, int *h_out)
{
    if (req->page < 1 || req->page > poppler_document_get_n_pages(doc))
        return false;
    PopplerPage *page = poppler_document_get_page(doc, req->page - 1);
    if (!page)
        return false;
    double w = 0, h = 0;
    poppler_page_get_size(page, &w, &h);
    if (!(w >= 1 && h >= 1 && w < 1e6 && h < 1e6)) {
        g_object_unref(page);
        return false;
    }
    double scale = fmin(width_px / w, MAX_ASPECT * width_px / h);
    int pw = (int)ceil(w * scale), ph = (int)ceil(h * scale);
    if (pw < 1)
        pw = 1;
    if (ph < 1)
        ph = 1;
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    bool ok = cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        cairo_t *cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_save(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render_for_printing(page, cr);
        cairo_restore(cr);

        cairo_set_line_width(cr, 1.0);
        if (!rect_empty(&req->block)) {
            cairo_set_source_rgba(cr, 0.13, 0.39, 0.86, 0.9);
            path_rect(cr, &req->block, scale, 0);
            cairo_stroke(cr);
        }
        for (int i = 0; i < req->nboxes && i < THUMB_MAX_BOXES; i++) {
            if (rect_empty(&req->boxes[i]))
                continue;
            path_rect(cr, &req->boxes[i], scale, MIN_BOX_PX);
            cairo_set_source_rgba(cr, 0.90, 0.10, 0.10, 0.22);
            cairo_fill_preserve(cr);
            cairo_set_source_rgb(cr, 0.86, 0.08, 0.08);
            cairo_set_line_width(cr, 2.0);
            cairo_stroke(cr);
            cairo_set_line_width(cr, 1.0);
        }
        ok = cairo_status(cr) == CAIRO_STATUS_SUCCESS;
        cairo_destroy(cr);
        cairo_surface_flush(surface);
        ok = ok && cairo_surface_write_to_png_stream(surface, png_to_strbuf, png) == CAIRO_STATUS_SUCCESS;
    }
    cairo_surface_destroy(surface);
    g_object_unref(page);
    if (!ok)
        return false;
    *w_out = pw;
    *h_out = ph;
    return true;
}

/* Fault injection for the tests of the failure paths: COLLATE_FAULT_THUMBNAIL
 * set to "crash" or "hang" makes every child do that once its limits are
 * set. */
static void inject_fault(void)
{
    const char *fault = getenv("COLLATE_FAULT_THUMBNAIL");
    if (!fault)
        return;
    if (!strcmp(fault, "crash"))
        raise(SIGSEGV);
    if (!strcmp(fault, "hang"))
        for (;;)
            pause();
}

/* In the child, under the runner's limits: render every request of the
 * job and send it. */
static int run_child(const struct runner_task *task, int fd)
{
    const struct thumb_run *run = task->arg;
    const struct thumb_job *job = &run->jobs[task->index];
    inject_fault();

    char *abs = path_absolute(job->path);
    gchar *uri = abs ? g_filename_to_uri(abs, NULL, NULL) : NULL;
    PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL, NULL) : NULL;
    for (size_t i = 0; i < job->npages; i++) {
        struct strbuf png = STRBUF_INIT;
        int w = 0, h = 0;
        if (!doc || !render_page(doc, &job->pages[i], run->width_px, &png, &w, &h))
            png.len = 0;
        uint32_t header[3] = {(uint32_t)png.len, (uint32_t)w, (uint32_t)h};
        if (write_all(fd, header, sizeof(header)) != 0 || (png.len && write_all(fd, png.buf, png.len) != 0))
            return 1;
        strbuf_release(&png);
    }
    return 0;
}

/* ---- in the parent ---- */

/* Take the complete records out of the child's bytes. */
static void collect(struct thumb_job *job, const struct strbuf *data)
{
    size_t pos = 0;
    for (size_t i = 0; i < job->npages; i++) {
        uint32_t header[3];
        if (data->len - pos < sizeof(header))
            return;
        memcpy(header, data->buf + pos, sizeof(header));
        pos += sizeof(header);
        if (header[0] == 0)
            continue;
        if (header[0] > MAX_PNG_BYTES || data->len - pos < header[0])
            return;
        struct thumb_page *p = &job->pages[i];
        p->png = xmalloc(header[0]);
        memcpy(p->png, data->buf + pos, header[0]);
        p->png_len = header[0];
        p->width_px = (int)header[1];
        p->height_px = (int)header[2];
        pos += header[0];
    }
}

/* The next job that needs pictures; a job that needs none gets no child. */
static bool next_job(struct runner_task *task, void *cb)
{
    struct thumb_run *run = cb;
    while (run->next < run->n && run->jobs[run->next].npages == 0)
        run->next++;
    if (run->next >= run->n)
        return false;
    struct thumb_job *job = &run->jobs[run->next];
    task->run = run_child;
    task->arg = run;
    task->index = run->next++;
    task->limits = run->limits;
    task->limits.max_output = job->npages * (MAX_PNG_BYTES + 3 * sizeof(uint32_t));
    return true;
}

/* A child that could not start, or wrote too much, leaves its pictures
 * unavailable; one stopped at the deadline or by a crash keeps those it
 * finished. */
static void job_finished(const struct runner_task *task, struct runner_result *res, void *cb)
{
    struct thumb_run *run = cb;
    if (res->end == RUNNER_NOT_STARTED || res->end == RUNNER_OVERFLOW ||
        res->out.len > task->limits.max_output)
        return;
    collect(&run->jobs[task->index], &res->out);
}

void thumbnail_render(struct thumb_job *jobs, size_t n, const struct thumbnail_options *opts)
{
    int width_px = opts && opts->width_px > 0 ? opts->width_px : DEFAULT_WIDTH;
    if (width_px > MAX_WIDTH)
        width_px = MAX_WIDTH;
    int timeout = opts && opts->timeout_seconds > 0 ? opts->timeout_seconds : DEFAULT_TIMEOUT;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < jobs[i].npages; k++) {
            jobs[i].pages[k].png = NULL;
            jobs[i].pages[k].png_len = 0;
            jobs[i].pages[k].width_px = jobs[i].pages[k].height_px = 0;
        }
    struct thumb_run run = {
        .jobs = jobs,
        .n = n,
        .width_px = width_px,
        .limits = {.cpu_seconds = timeout,
                   .memory_mb = opts && opts->memory_limit_mb ? opts->memory_limit_mb : DEFAULT_MEMORY_MB,
                   .wall_seconds = timeout},
    };
    struct runner_parallel p = {opts ? opts->jobs : 0, next_job, job_finished, &run};
    runner_run_parallel(&p);
}

void thumbnail_jobs_release(struct thumb_job *jobs, size_t n)
{
    for (size_t i = 0; jobs && i < n; i++)
        for (size_t k = 0; k < jobs[i].npages; k++) {
            free(jobs[i].pages[k].png);
            jobs[i].pages[k].png = NULL;
            jobs[i].pages[k].png_len = 0;
        }
}
