/* dispatch: a single-threaded process that runs the checks, and the
 * server-side client that hands it jobs (see dispatch.h).
 *
 * Why a process: base/runner forks, and its clean-up table and signal
 * mask handling assume one thread.  A fork from a process whose other
 * threads may hold locks (libmicrohttpd's, or a library's) is only safe
 * for async-signal-safe code, and the checks run poppler, cairo and
 * libqpdf.  The dispatcher is forked before the server starts any thread,
 * so every later fork (check children, inspection workers, thumbnail
 * renderers) happens in a single-threaded process.
 *
 * Protocol: a SOCK_SEQPACKET socket pair; each message is one struct, so
 * a send from any server thread is atomic.  Job results go through files
 * in the job's private folder; the socket carries only the outcome. */
#include "serve/dispatch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/runner.h"
#include "base/util.h"
#include "check/htmlreport.h"
#include "check/metacheck.h"
#include "check/report.h"
#include "inspect/pool.h"
#include "serve/page.h"

#define DEFAULT_TIMEOUT 60     /* seconds per inspection */
#define REASON_MAX 200
#define CHECK_MEMORY_MB 2048   /* the check child; its workers have their own limits */
#define IDLE_POLL_MS 10        /* how often running checks are looked at */

/* Exit statuses of a check child. */
enum { CHECK_PASSED = 0, CHECK_ERRORS = 1, CHECK_UNREADABLE = 2, CHECK_IO = 3 };

struct job_msg {
    uint64_t id;
    uint8_t want_html;
    char dir[DISPATCH_DIR_MAX + 1];
    char name[DISPATCH_NAME_MAX + 1];
    char paper[DISPATCH_ID_MAX + 1]; /* "" for none */
};

struct done_msg {
    uint64_t id;
    int32_t outcome;                 /* enum dispatch_outcome */
    char reason[REASON_MAX];
};

/* One dispatch_run call waiting for its answer. */
struct waiter {
    uint64_t id;
    bool done;
    enum dispatch_outcome outcome;
    char reason[REASON_MAX];
    pthread_cond_t cond;
    struct waiter *next;
};

struct dispatcher {
    struct dispatch_config cfg;      /* copied; pointers inside borrowed */
    struct runner_child *proc;       /* the dispatcher process; NULL once stopped */
    int fd;                          /* the server's end of the socket */
    pthread_t reader;                /* reads done_msg and wakes waiters */
    pthread_mutex_t lock;            /* guards everything below */
    struct waiter *waiting;
    uint64_t next_id;
    int npending;
    bool dead;                       /* the socket reached EOF or failed */
};

const struct paper *dispatch_find_paper(const struct manifest *m, const char *id)
{
    if (!m || !id)
        return NULL;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++)
            if (!strcmp(m->sessions[s].papers[i].id, id))
                return &m->sessions[s].papers[i];
    return NULL;
}

static void copy_field(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

static int job_wall_seconds(const struct dispatch_config *cfg)
{
    /* Inspection and thumbnails each have the timeout; then some slack. */
    return 2 * cfg->timeout_seconds + 30;
}

/* ---- in the check child ---- */

struct check_arg {
    const struct dispatch_config *cfg;
    struct job_msg msg;
};

/* Write a whole file that must not exist yet (the folder is private). */
static bool write_new_file(const char *dir, const char *name, const struct strbuf *sb)
{
    char *path = path_join(dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0)
        return false;
    const char *p = strbuf_str(sb);
    size_t n = sb->len;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return close(fd) == 0;
}

static void say(int fd, const char *msg)
{
    ssize_t ignored = write(fd, msg, strlen(msg));
    (void)ignored;
}

/* The check, as cmd_check computes it for one file, plus the manifest
 * cross-check when a paper was named.  Runs in a runner child. */
static int run_check(const struct runner_task *task, int out_fd)
{
    const struct check_arg *a = task->arg;
    const struct dispatch_config *cfg = a->cfg;
    const struct style *style = cfg->style;
    const struct style_limits *limits = &cfg->limits;
    char *pdf = path_join(a->msg.dir, DISPATCH_UPLOAD);
    const char *paths[1] = {pdf};
    struct pdf_info info;
    struct inspect_options iopts = {style};
    struct pool_options popts = {1, cfg->timeout_seconds, 0, &iopts, NULL, NULL};
    pool_inspect(paths, 1, &popts, &info);

    const struct paper *paper = a->msg.paper[0] ? dispatch_find_paper(cfg->manifest, a->msg.paper) : NULL;
    struct paper_result r;
    memset(&r, 0, sizeof(r));
    r.path = a->msg.name;
    r.info = &info;
    check_paper(&info, style, limits, &r.findings);
    if (paper)
        metacheck_paper(paper, &info, style->severity[F_METADATA], &r.findings);
    report_sort(&r.findings);
    r.paid_pages = check_paid_pages(style, limits, check_counted_pages(&info, style));
    r.fee = check_fee(style, limits, check_counted_pages(&info, style));

    struct strbuf sb = STRBUF_INIT;
    report_json(&sb, &r, 1, style, limits);
    bool ok = write_new_file(a->msg.dir, DISPATCH_JSON, &sb);
    strbuf_release(&sb);
    if (ok && a->msg.want_html) {
        struct html_paper hp = {paper ? paper->id : NULL, paper ? paper->title : NULL, a->msg.name, pdf, &info,
                                &r.findings, r.paid_pages, r.fee};
        struct html_report rep = {"check", NULL, style, check_page_limit(style, limits),
                                  check_extra_pages(style, limits), check_extra_page_fee(style, limits), &hp, 1};
        struct html_report_options hopts = {1, cfg->timeout_seconds};
        struct strbuf full = STRBUF_INIT;
        html_report_render(&full, &rep, &hopts);
        page_report_fragment(&sb, strbuf_str(&full), &r.findings);
        ok = write_new_file(a->msg.dir, DISPATCH_HTML, &sb);
        strbuf_release(&full);
        strbuf_release(&sb);
    }
    int rc = !ok                                     ? CHECK_IO
             : !info.readable                        ? CHECK_UNREADABLE
             : findings_count(&r.findings, SEV_ERROR) ? CHECK_ERRORS
                                                     : CHECK_PASSED;
    if (!ok)
        say(out_fd, "cannot write the results");
    findings_release(&r.findings);
    pdfinfo_release(&info);
    free(pdf);
    return rc;
}

/* ---- in the dispatcher process ---- */

struct running {
    struct runner_child *child;
    struct check_arg arg;            /* the child's copy was made at fork */
};

static void send_done(int fd, uint64_t id, enum dispatch_outcome outcome, const char *reason)
{
    struct done_msg m;
    memset(&m, 0, sizeof(m));
    m.id = id;
    m.outcome = (int32_t)outcome;
    copy_field(m.reason, sizeof(m.reason), reason);
    while (send(fd, &m, sizeof(m), MSG_NOSIGNAL) < 0 && errno == EINTR)
        ;
}

static void finished(int fd, const struct dispatch_config *cfg, uint64_t id, struct runner_result *res)
{
    char reason[REASON_MAX];
    enum dispatch_outcome outcome = DISPATCH_FAILED;
    reason[0] = 0;
    switch (res->end) {
    case RUNNER_EXITED:
        if (res->code == CHECK_PASSED)
            outcome = DISPATCH_PASSED;
        else if (res->code == CHECK_ERRORS)
            outcome = DISPATCH_ERRORS;
        else if (res->code == CHECK_UNREADABLE)
            outcome = DISPATCH_UNREADABLE;
        else if (res->out.len)
            snprintf(reason, sizeof(reason), "%s", strbuf_str(&res->out));
        else
            snprintf(reason, sizeof(reason), "the check ended with status %d", res->code);
        break;
    case RUNNER_TIMED_OUT:
    case RUNNER_OVERFLOW:
        snprintf(reason, sizeof(reason), "the check took longer than %d s", job_wall_seconds(cfg));
        break;
    case RUNNER_SIGNALED:
        snprintf(reason, sizeof(reason), "the check was stopped by signal %d", res->code);
        break;
    case RUNNER_NOT_STARTED:
        snprintf(reason, sizeof(reason), "cannot start a check: %s", strerror(res->code));
        break;
    }
    send_done(fd, id, outcome, reason);
}

static void start_job(int fd, const struct dispatch_config *cfg, const struct job_msg *m, struct running *slot)
{
    slot->arg.cfg = cfg;
    slot->arg.msg = *m;
    int wall = job_wall_seconds(cfg);
    struct runner_task task = {run_check, &slot->arg, 0, {wall, CHECK_MEMORY_MB, wall, 4096, 0}};
    slot->child = runner_start(&task);
    if (!slot->child) {
        struct runner_result res = {RUNNER_NOT_STARTED, errno, STRBUF_INIT};
        finished(fd, cfg, m->id, &res);
    }
}

/* Receive every job waiting on the socket; false at EOF or on an error. */
static bool receive_jobs(int fd, struct job_msg **queue, size_t *nq, size_t *cap)
{
    for (;;) {
        struct job_msg m;
        ssize_t r = recv(fd, &m, sizeof(m), MSG_DONTWAIT);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (r <= 0)
            return false;
        if ((size_t)r != sizeof(m))
            continue; /* not ours: the socket pair is private, so never */
        m.dir[sizeof(m.dir) - 1] = m.name[sizeof(m.name) - 1] = m.paper[sizeof(m.paper) - 1] = 0;
        *ARRAY_PUSH(*queue, *nq, *cap) = m;
    }
}

struct zygote_arg {
    const struct dispatch_config *cfg;
    int fd;        /* the dispatcher's end */
    int other_fd;  /* the server's end, closed here */
};

static int dispatcher_main(const struct runner_task *task, int out_fd)
{
    const struct zygote_arg *z = task->arg;
    const struct dispatch_config *cfg = z->cfg;
    int fd = z->fd;
    close(z->other_fd);
    close(out_fd); /* nothing to say: results go through the job folders */
    size_t max = (size_t)cfg->max_inflight;
    struct running *slots = xcalloc(max, sizeof(*slots));
    struct job_msg *queue = NULL;
    size_t nq = 0, qcap = 0, head = 0, nrun = 0;
    bool open = true;
    for (;;) {
        for (size_t i = 0; i < max && head < nq; i++)
            if (!slots[i].child) {
                start_job(fd, cfg, &queue[head++], &slots[i]);
                nrun += slots[i].child != NULL;
            }
        if (head == nq)
            head = nq = 0;
        if (!open && nrun == 0 && head == nq)
            break;
        if (open) {
            struct pollfd p = {fd, POLLIN, 0};
            if (poll(&p, 1, nrun ? IDLE_POLL_MS : -1) > 0)
                open = receive_jobs(fd, &queue, &nq, &qcap);
        } else {
            poll(NULL, 0, IDLE_POLL_MS);
        }
        for (size_t i = 0; i < max; i++) {
            struct runner_result res;
            if (slots[i].child && runner_wait_timeout(slots[i].child, &res, 0)) {
                slots[i].child = NULL;
                nrun--;
                finished(fd, cfg, slots[i].arg.msg.id, &res);
                runner_result_release(&res);
            }
        }
    }
    free(queue);
    free(slots);
    close(fd);
    return 0;
}

/* ---- in the server ---- */

static void fail_all(struct dispatcher *d, const char *reason)
{
    d->dead = true;
    for (struct waiter *w = d->waiting; w; w = w->next) {
        w->done = true;
        w->outcome = DISPATCH_UNAVAILABLE;
        copy_field(w->reason, sizeof(w->reason), reason);
        pthread_cond_signal(&w->cond);
    }
}

static void *reader_main(void *arg)
{
    struct dispatcher *d = arg;
    for (;;) {
        struct done_msg m;
        ssize_t r = recv(d->fd, &m, sizeof(m), 0);
        if (r < 0 && errno == EINTR)
            continue;
        pthread_mutex_lock(&d->lock);
        if (r <= 0) {
            fail_all(d, "the checking service has stopped");
            pthread_mutex_unlock(&d->lock);
            return NULL;
        }
        if ((size_t)r == sizeof(m)) {
            m.reason[sizeof(m.reason) - 1] = 0;
            for (struct waiter *w = d->waiting; w; w = w->next)
                if (w->id == m.id) {
                    w->done = true;
                    w->outcome = (enum dispatch_outcome)m.outcome;
                    copy_field(w->reason, sizeof(w->reason), m.reason);
                    pthread_cond_signal(&w->cond);
                    break;
                }
        }
        pthread_mutex_unlock(&d->lock);
    }
}

struct dispatcher *dispatch_start(const struct dispatch_config *cfg)
{
    struct dispatcher *d = xcalloc(1, sizeof(*d));
    d->cfg = *cfg;
    if (d->cfg.max_inflight <= 0)
        d->cfg.max_inflight = runner_default_jobs();
    if (d->cfg.timeout_seconds <= 0)
        d->cfg.timeout_seconds = DEFAULT_TIMEOUT;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        diag_error(NULL, "cannot create the dispatcher's socket: %s", strerror(errno));
        free(d);
        return NULL;
    }
    /* Job messages queue up in the socket while the dispatcher is busy. */
    int bufsize = 1 << 20;
    setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &bufsize, sizeof(bufsize));
    setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof(bufsize));
    struct zygote_arg z = {&d->cfg, sv[1], sv[0]};
    struct runner_task task = {dispatcher_main, &z, 0, {0, 0, 0, 0, 0}};
    task.limits.stderr_fd = 2; /* a dispatcher failure should be visible */
    d->proc = runner_start(&task);
    close(sv[1]);
    if (!d->proc) {
        diag_error(NULL, "cannot start the dispatcher process: %s", strerror(errno));
        close(sv[0]);
        free(d);
        return NULL;
    }
    d->fd = sv[0];
    pthread_mutex_init(&d->lock, NULL);
    if (pthread_create(&d->reader, NULL, reader_main, d) != 0) {
        diag_error(NULL, "cannot start the dispatcher's reader thread");
        runner_kill(d->proc);
        close(d->fd);
        pthread_mutex_destroy(&d->lock);
        free(d);
        return NULL;
    }
    return d;
}

static void unlink_waiter(struct dispatcher *d, struct waiter *w)
{
    for (struct waiter **pp = &d->waiting; *pp; pp = &(*pp)->next)
        if (*pp == w) {
            *pp = w->next;
            break;
        }
    d->npending--;
}

enum dispatch_outcome dispatch_run(struct dispatcher *d, const struct dispatch_job *job, char *reason,
                                   size_t reason_len)
{
    struct job_msg m;
    memset(&m, 0, sizeof(m));
    if (strlen(job->dir) > DISPATCH_DIR_MAX) {
        snprintf(reason, reason_len, "the temporary folder's path is too long");
        return DISPATCH_FAILED;
    }
    copy_field(m.dir, sizeof(m.dir), job->dir);
    copy_field(m.name, sizeof(m.name), job->name);
    copy_field(m.paper, sizeof(m.paper), job->paper_id);
    m.want_html = job->want_html;

    struct waiter w;
    memset(&w, 0, sizeof(w));
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w.cond, &ca);
    pthread_condattr_destroy(&ca);

    pthread_mutex_lock(&d->lock);
    if (d->dead) {
        pthread_mutex_unlock(&d->lock);
        pthread_cond_destroy(&w.cond);
        snprintf(reason, reason_len, "the checking service has stopped");
        return DISPATCH_UNAVAILABLE;
    }
    w.id = m.id = ++d->next_id;
    w.next = d->waiting;
    d->waiting = &w;
    d->npending++;
    pthread_mutex_unlock(&d->lock);

    ssize_t s;
    while ((s = send(d->fd, &m, sizeof(m), MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    pthread_mutex_lock(&d->lock);
    if (s < 0 && !w.done) {
        w.done = true;
        w.outcome = DISPATCH_UNAVAILABLE;
        snprintf(w.reason, sizeof(w.reason), "the checking service has stopped");
    }
    /* The dispatcher bounds each check; this only guards against a lost
     * answer.  Jobs may wait in its queue, hence the generous bound. */
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += (time_t)job_wall_seconds(&d->cfg) * 8 + 60;
    while (!w.done)
        if (pthread_cond_timedwait(&w.cond, &d->lock, &until) == ETIMEDOUT && !w.done) {
            w.done = true;
            w.outcome = DISPATCH_FAILED;
            snprintf(w.reason, sizeof(w.reason), "no answer from the checking service");
        }
    unlink_waiter(d, &w);
    pthread_mutex_unlock(&d->lock);
    pthread_cond_destroy(&w.cond);
    snprintf(reason, reason_len, "%s", w.reason);
    return w.outcome;
}

int dispatch_pending(struct dispatcher *d)
{
    pthread_mutex_lock(&d->lock);
    int n = d->npending;
    pthread_mutex_unlock(&d->lock);
    return n;
}

bool dispatch_alive(struct dispatcher *d)
{
    pthread_mutex_lock(&d->lock);
    bool alive = !d->dead;
    pthread_mutex_unlock(&d->lock);
    return alive;
}

void dispatch_abort(struct dispatcher *d)
{
    if (!d || !d->proc)
        return;
    /* SIGTERM: the dispatcher's clean-up handler stops and reaps its
     * checks (and they their workers) before it ends; the socket closes
     * and the reader fails every waiter. */
    runner_kill(d->proc);
    d->proc = NULL;
}

void dispatch_stop(struct dispatcher *d)
{
    if (!d)
        return;
    shutdown(d->fd, SHUT_WR); /* EOF for the dispatcher: it ends when idle */
    pthread_join(d->reader, NULL);
    if (d->proc) {
        struct runner_result res;
        runner_wait(d->proc, &res);
        runner_result_release(&res);
    }
    close(d->fd);
    pthread_mutex_destroy(&d->lock);
    free(d);
}
