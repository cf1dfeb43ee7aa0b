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

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>
#include <poppler.h>

#include "inspect/pool.h"
#include "base/util.h"

#define DEFAULT_WIDTH 300          /* pixels */
#define MAX_WIDTH 2000             /* pixels; larger requests are clamped */
#define MAX_ASPECT 4.0             /* a picture is at most this many widths tall */
#define MAX_PNG_BYTES (4u << 20)   /* a larger PNG is dropped by the child */
#define MIN_BOX_PX 6.0             /* red boxes are drawn at least this big */
#define DEFAULT_TIMEOUT 60         /* seconds per document */
#define DEFAULT_MEMORY_MB 4096

/* One running child. */
struct child {
    pid_t pid;                     /* 0 when the slot is free */
    int fd;                        /* read end of its pipe, -1 at EOF */
    size_t job;                    /* index of the job it renders */
    struct strbuf data;            /* bytes received */
    size_t max_bytes;              /* more than this: killed */
    double deadline;               /* monotonic seconds */
    bool killed;                   /* killed by us (deadline or too much output) */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

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

/* In the child: limit, render every request of job, send, exit without
 * running atexit handlers. */
static void run_child(const struct thumb_job *job, int width_px, int fd, int timeout, size_t mem_mb)
{
    pool_limit_child(timeout, mem_mb);
    inject_fault();

    char *abs = path_absolute(job->path);
    gchar *uri = abs ? g_filename_to_uri(abs, NULL, NULL) : NULL;
    PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL, NULL) : NULL;
    for (size_t i = 0; i < job->npages; i++) {
        struct strbuf png = STRBUF_INIT;
        int w = 0, h = 0;
        if (!doc || !render_page(doc, &job->pages[i], width_px, &png, &w, &h))
            png.len = 0;
        uint32_t header[3] = {(uint32_t)png.len, (uint32_t)w, (uint32_t)h};
        if (!write_all(fd, header, sizeof(header)) || (png.len && !write_all(fd, png.buf, png.len)))
            _exit(1);
        strbuf_release(&png);
    }
    _exit(0);
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

static bool start(struct child *c, size_t index, struct thumb_job *jobs, int width_px, int timeout,
                  size_t mem_mb)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        run_child(&jobs[index], width_px, fds[1], timeout, mem_mb);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    memset(c, 0, sizeof(*c));
    c->pid = pid;
    c->fd = fds[0];
    c->job = index;
    c->max_bytes = jobs[index].npages * (MAX_PNG_BYTES + 3 * sizeof(uint32_t));
    c->deadline = now_seconds() + timeout;
    return true;
}

void thumbnail_render(struct thumb_job *jobs, size_t n, const struct thumbnail_options *opts)
{
    int width_px = opts && opts->width_px > 0 ? opts->width_px : DEFAULT_WIDTH;
    if (width_px > MAX_WIDTH)
        width_px = MAX_WIDTH;
    int timeout = opts && opts->timeout_seconds > 0 ? opts->timeout_seconds : DEFAULT_TIMEOUT;
    size_t mem_mb = opts && opts->memory_limit_mb ? opts->memory_limit_mb : DEFAULT_MEMORY_MB;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int nchildren = opts && opts->jobs > 0 ? opts->jobs : (cores > 0 ? (int)cores : 1);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < jobs[i].npages; k++) {
            jobs[i].pages[k].png = NULL;
            jobs[i].pages[k].png_len = 0;
            jobs[i].pages[k].width_px = jobs[i].pages[k].height_px = 0;
        }
    if ((size_t)nchildren > n)
        nchildren = n ? (int)n : 1;
    struct child *children = xcalloc((size_t)nchildren, sizeof(*children));
    struct pollfd *pfds = xcalloc((size_t)nchildren, sizeof(*pfds));
    size_t next = 0;

    for (;;) {
        for (int k = 0; k < nchildren && next < n; k++) {
            if (children[k].pid)
                continue;
            /* A job that needs nothing, or a child that cannot start,
             * leaves its pictures unavailable. */
            while (next < n && (jobs[next].npages == 0 ||
                                !start(&children[k], next, jobs, width_px, timeout, mem_mb)))
                next++;
            if (next < n)
                next++;
        }
        bool running = false;
        for (int k = 0; k < nchildren; k++) {
            pfds[k].fd = children[k].pid && children[k].fd >= 0 ? children[k].fd : -1;
            pfds[k].events = POLLIN;
            pfds[k].revents = 0;
            running = running || children[k].pid;
        }
        if (!running && next >= n)
            break;
        poll(pfds, (nfds_t)nchildren, 200);
        double t = now_seconds();
        for (int k = 0; k < nchildren; k++) {
            struct child *c = &children[k];
            if (!c->pid)
                continue;
            if (c->fd >= 0 && (pfds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[65536];
                ssize_t r = read(c->fd, buf, sizeof(buf));
                if (r > 0) {
                    strbuf_add(&c->data, buf, (size_t)r);
                } else if (r == 0 || errno != EINTR) {
                    close(c->fd);
                    c->fd = -1;
                }
            }
            if (c->fd >= 0 && !c->killed && (t > c->deadline || c->data.len > c->max_bytes)) {
                kill(c->pid, SIGKILL);
                c->killed = true;
            }
            if (c->fd < 0 || c->killed) {
                int status = 0;
                while (waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
                    ;
                if (c->fd >= 0)
                    close(c->fd);
                c->fd = -1;
                /* Also after a kill: keep what it finished in time. */
                if (c->data.len <= c->max_bytes)
                    collect(&jobs[c->job], &c->data);
                strbuf_release(&c->data);
                c->pid = 0;
            }
        }
    }
    free(children);
    free(pfds);
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
