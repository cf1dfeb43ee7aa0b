/* pool: fork one worker per file, at most `jobs` at a time, and collect
 * their serialized pdf_info over pipes. */
#include "inspect/pool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* AddressSanitizer reserves terabytes of address space for its shadow
 * memory, so an address-space limit would stop every worker at start-up;
 * sanitizer builds keep only the CPU and wall-clock bounds. */
#if defined(__SANITIZE_ADDRESS__)
#define LIMIT_ADDRESS_SPACE 0
#else
#define LIMIT_ADDRESS_SPACE 1
#endif

struct worker {
    pid_t pid;            /* 0 when the slot is free */
    int fd;               /* read end of the result pipe, -1 once at EOF */
    size_t index;         /* file being inspected */
    struct strbuf data;   /* bytes received */
    double deadline;      /* monotonic seconds */
    bool killed;          /* we killed it for running past the deadline */
};

int pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

void pool_limit_child(int timeout, size_t mem_mb)
{
    if (!mem_mb)
        mem_mb = 4096;
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, 1);
        dup2(devnull, 2);
        close(devnull);
    }
    signal(SIGINT, SIG_IGN); /* the parent decides what an interrupt means */
    struct rlimit cpu = {(rlim_t)timeout, (rlim_t)timeout + 1};
    setrlimit(RLIMIT_CPU, &cpu);
    if (LIMIT_ADDRESS_SPACE) {
        struct rlimit as = {(rlim_t)mem_mb << 20, (rlim_t)mem_mb << 20};
        setrlimit(RLIMIT_AS, &as);
    }
    struct rlimit core = {0, 0};
    setrlimit(RLIMIT_CORE, &core);
}

/* In the child: limit, inspect, send, exit without running atexit handlers. */
static void run_worker(const char *path, const struct pool_options *opts, int fd, int timeout,
                       size_t mem_mb)
{
    pool_limit_child(timeout, mem_mb);
    struct pdf_info info;
    inspect_pdf(path, opts->inspect, &info);
    size_t len;
    char *blob = pdfinfo_serialize(&info, &len);
    write_all(fd, blob, len);
    free(blob); /* for leak checkers: the process ends here */
    pdfinfo_release(&info);
    _exit(0);
}

static void fail(struct pdf_info *info, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct pdf_info *info, const char *path, const char *fmt, ...)
{
    pdfinfo_init(info, path);
    info->readable = false;
    va_list ap;
    va_start(ap, fmt);
    info->unreadable_reason = xvasprintf(fmt, ap);
    va_end(ap);
}

/* Turn a finished worker into infos[w->index].  Returns true when the
 * result came from the worker, false when it failed and the result says why. */
static bool finish(struct worker *w, const char *const *paths, struct pdf_info *infos, int status,
                   int timeout, size_t mem_mb)
{
    const char *path = paths[w->index];
    struct pdf_info *info = &infos[w->index];
    bool ok = false;
    if (w->killed) {
        fail(info, path, "inspection took longer than %d s; the file is probably damaged", timeout);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        if (sig == SIGXCPU || sig == SIGKILL)
            fail(info, path, "inspection used more than %d s of CPU time; the file is probably damaged",
                 timeout);
        else if (sig == SIGABRT || sig == SIGSEGV)
            fail(info, path, "the PDF libraries failed on this file (signal %d; memory limit %zu MB); "
                 "the file is probably damaged", sig, mem_mb);
        else
            fail(info, path, "inspection was stopped by signal %d", sig);
    } else if (!pdfinfo_deserialize(info, w->data.buf ? w->data.buf : "", w->data.len)) {
        fail(info, path, "inspection failed (no result from the worker, exit status %d)",
             WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    } else {
        ok = true;
    }
    strbuf_release(&w->data);
    w->pid = 0;
    return ok;
}

static bool start(struct worker *w, size_t index, const char *const *paths, const struct pool_options *opts,
                  int timeout, size_t mem_mb, struct pdf_info *infos)
{
    int fds[2];
    if (pipe(fds) != 0) {
        fail(&infos[index], paths[index], "cannot start a worker: %s", strerror(errno));
        return false;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        fail(&infos[index], paths[index], "cannot start a worker: %s", strerror(errno));
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        run_worker(paths[index], opts, fds[1], timeout, mem_mb);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    memset(w, 0, sizeof(*w));
    w->pid = pid;
    w->fd = fds[0];
    w->index = index;
    w->deadline = now_seconds() + timeout;
    return true;
}

void pool_inspect(const char *const *paths, size_t n, const struct pool_options *opts, struct pdf_info *infos)
{
    pool_inspect_ex(paths, n, opts, infos, NULL);
}

void pool_inspect_ex(const char *const *paths, size_t n, const struct pool_options *opts, struct pdf_info *infos,
                     bool *worker_failed)
{
    int jobs = opts->jobs > 0 ? opts->jobs : pool_default_jobs();
    int timeout = opts->timeout_seconds > 0 ? opts->timeout_seconds : 120;
    size_t mem_mb = opts->memory_limit_mb ? opts->memory_limit_mb : 4096;
    if ((size_t)jobs > n)
        jobs = n ? (int)n : 1;
    struct worker *workers = xcalloc((size_t)jobs, sizeof(*workers));
    struct pollfd *pfds = xcalloc((size_t)jobs, sizeof(*pfds));
    size_t next = 0, done = 0;

    while (done < n) {
        for (int k = 0; k < jobs && next < n; k++)
            if (!workers[k].pid) {
                if (!start(&workers[k], next, paths, opts, timeout, mem_mb, infos)) {
                    if (worker_failed)
                        worker_failed[next] = true;
                    done++;
                    if (opts->progress)
                        opts->progress(done, n, opts->progress_arg);
                }
                next++;
            }
        int np = 0;
        for (int k = 0; k < jobs; k++) {
            pfds[k].fd = workers[k].pid && workers[k].fd >= 0 ? workers[k].fd : -1;
            pfds[k].events = POLLIN;
            pfds[k].revents = 0;
            np += pfds[k].fd >= 0;
        }
        if (np == 0 && next >= n) {
            bool any = false;
            for (int k = 0; k < jobs; k++)
                any = any || workers[k].pid;
            if (!any)
                break;
        }
        poll(pfds, (nfds_t)jobs, 200);
        double t = now_seconds();
        for (int k = 0; k < jobs; k++) {
            struct worker *w = &workers[k];
            if (!w->pid)
                continue;
            if (w->fd >= 0 && (pfds[k].revents & (POLLIN | POLLHUP | POLLERR))) {
                char buf[65536];
                ssize_t r = read(w->fd, buf, sizeof(buf));
                if (r > 0)
                    strbuf_add(&w->data, buf, (size_t)r);
                else if (r == 0 || errno != EINTR) {
                    close(w->fd);
                    w->fd = -1;
                }
            }
            if (w->fd >= 0 && t > w->deadline && !w->killed) {
                kill(w->pid, SIGKILL);
                w->killed = true;
            }
            if (w->fd < 0 || w->killed) {
                /* EOF on the pipe means the worker is exiting: wait for it. */
                int status = 0;
                if (waitpid(w->pid, &status, 0) == w->pid) {
                    if (w->fd >= 0)
                        close(w->fd);
                    w->fd = -1;
                    if (!finish(w, paths, infos, status, timeout, mem_mb) && worker_failed)
                        worker_failed[w->index] = true;
                    done++;
                    if (opts->progress)
                        opts->progress(done, n, opts->progress_arg);
                }
            }
        }
    }
    free(workers);
    free(pfds);
}
