/* runner: fork children that run a C function under limits, collect their
 * bytes over a pipe, enforce deadlines and reap them (see runner.h).
 *
 * The parallel loop and runner_wait are the same loop (step) over one or
 * many children: poll the pipes, read what is there, kill what is past
 * its deadline or output cap, reap what has ended. */
#define _GNU_SOURCE /* pipe2 */
#include "base/runner.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space for its shadow
 * memory, so an address-space limit would stop every child at start-up;
 * sanitizer builds keep only the CPU and wall-clock bounds. */
#if defined(__SANITIZE_ADDRESS__)
#define LIMIT_ADDRESS_SPACE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIMIT_ADDRESS_SPACE 0
#endif
#endif
#ifndef LIMIT_ADDRESS_SPACE
#define LIMIT_ADDRESS_SPACE 1
#endif

#define KILL_GRACE 2.0      /* seconds runner_kill waits after SIGTERM */
#define EXIT_POLL_MAX_MS 100 /* re-check interval for a child that closed its pipe */
#define DRAIN_PER_STEP 16    /* reads of 64 KiB from one child per round */
#define DRAIN_AFTER_EXIT 64  /* reads left for a pipe whose writer ended */

struct runner_child {
    struct runner_task task; /* copied at the start */
    pid_t pid;               /* 0 once reaped */
    int fd;                  /* read end of the pipe, non-blocking; -1 once closed */
    double deadline;         /* monotonic seconds; 0: none */
    double eof_at;           /* when the pipe reached EOF; 0: not yet */
    bool killed;             /* by us, for `why` */
    bool discard;            /* runner_kill: drop the bytes */
    enum runner_end why;     /* RUNNER_TIMED_OUT or RUNNER_OVERFLOW when killed */
    int status;              /* from waitpid once reaped */
    struct strbuf out;       /* bytes received */
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int runner_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

bool runner_limits_memory(void)
{
    return LIMIT_ADDRESS_SPACE;
}

bool runner_set_open_files(uint64_t soft)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return false;
    rl.rlim_cur = (rlim_t)soft;
    return setrlimit(RLIMIT_NOFILE, &rl) == 0;
}

void runner_result_release(struct runner_result *res)
{
    if (res)
        strbuf_release(&res->out);
}

const struct runner_task *runner_task_of(const struct runner_child *c)
{
    return &c->task;
}

/* ---- in the child ---- */

/* Set a soft limit (and the hard one, for CPU time, a second later so that
 * SIGXCPU comes first), never above the hard limit we already have. */
static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
    struct rlimit cur;
    if (getrlimit(resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY) {
        if (hard > cur.rlim_max)
            hard = cur.rlim_max;
        if (soft > hard)
            soft = hard;
    }
    struct rlimit rl = {soft, hard};
    setrlimit(resource, &rl);
}

/* Runs with SIGINT, SIGTERM and SIGHUP blocked until the inherited
 * clean-up state is gone; mask is the mask to restore then. */
static _Noreturn void child_main(const struct runner_task *task, int rfd, int wfd, pid_t parent,
                                 const sigset_t *mask)
{
    close(rfd);
    /* Do not outlive the parent: SIGTERM runs our own clean-up handler. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
        _exit(127);
    setpgid(0, 0);
    signal(SIGINT, SIG_IGN); /* the parent decides what an interrupt means */
    /* A crash ends the child, whatever handlers it inherited. */
    static const int crash[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < ARRAY_SIZE(crash); i++)
        signal(crash[i], SIG_DFL);
    cleanup_forget_inherited();
    sigprocmask(SIG_SETMASK, mask, NULL);

    if (wfd <= 2) { /* keep the pipe clear of the descriptors set below */
        int moved = fcntl(wfd, F_DUPFD_CLOEXEC, 3);
        if (moved >= 0) {
            close(wfd);
            wfd = moved;
        }
    }
    /* Out of its own process group a child must not touch the terminal
     * (SIGTTIN, SIGTTOU): stdin too goes to /dev/null. */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (task->limits.stderr_fd > 0)
        dup2(task->limits.stderr_fd, 2);
    else if (devnull >= 0)
        dup2(devnull, 2);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
        if (devnull > 2)
            close(devnull);
    }

    set_limit(RLIMIT_CORE, 0, 0);
    if (task->limits.cpu_seconds > 0)
        set_limit(RLIMIT_CPU, (rlim_t)task->limits.cpu_seconds, (rlim_t)task->limits.cpu_seconds + 1);
    if (LIMIT_ADDRESS_SPACE && task->limits.memory_mb > 0)
        set_limit(RLIMIT_AS, (rlim_t)task->limits.memory_mb << 20, (rlim_t)task->limits.memory_mb << 20);
    _exit(task->run(task, wfd));
}

/* ---- in the parent ---- */

/* Signal the child's process group; the child itself if the group is not
 * there yet. */
static void kill_child(const struct runner_child *c, int sig)
{
    if (kill(-c->pid, sig) != 0)
        kill(c->pid, sig);
}

struct runner_child *runner_start(const struct runner_task *task)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return NULL;
    /* No interrupt between the fork and the registration of the child
     * in the clean-up table, so the handler always finds it. */
    sigset_t block, mask;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &mask);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        child_main(task, fds[0], fds[1], parent, &mask);
    int e = errno;
    if (pid > 0) {
        setpgid(pid, pid); /* as the child does: whichever runs first */
        cleanup_register_child(pid);
    }
    sigprocmask(SIG_SETMASK, &mask, NULL);
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        errno = e;
        return NULL;
    }
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    struct runner_child *c = xcalloc(1, sizeof(*c));
    c->task = *task;
    c->pid = pid;
    c->fd = fds[0];
    if (task->limits.wall_seconds > 0)
        c->deadline = now_seconds() + task->limits.wall_seconds;
    return c;
}

static void kill_for(struct runner_child *c, enum runner_end why)
{
    if (c->killed)
        return;
    kill_child(c, SIGKILL);
    c->killed = true;
    c->why = why;
}

/* Read what the pipe holds now, at most max_reads times (so that a child
 * that writes without end cannot hold up the others); close it at EOF. */
static void drain(struct runner_child *c, int max_reads)
{
    char buf[65536];
    for (int k = 0; k < max_reads && c->fd >= 0; k++) {
        ssize_t r = read(c->fd, buf, sizeof(buf));
        if (r > 0) {
            if (!c->discard && !(c->killed && c->why == RUNNER_OVERFLOW))
                strbuf_add(&c->out, buf, (size_t)r);
            size_t max = c->task.limits.max_output;
            if (max && c->out.len > max)
                kill_for(c, RUNNER_OVERFLOW);
            continue;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        close(c->fd); /* EOF, or an error that ends the stream alike */
        c->fd = -1;
        c->eof_at = now_seconds();
    }
}

/* Reap the child if it has ended (block: wait for it).  It leaves the
 * clean-up table while still a zombie, before its pid can be reused. */
static void reap(struct runner_child *c, bool block)
{
    siginfo_t info;
    int r;
    do {
        memset(&info, 0, sizeof(info));
        r = waitid(P_PID, (id_t)c->pid, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
    } while (r < 0 && errno == EINTR);
    if (r == 0 && info.si_pid == 0)
        return; /* still running */
    cleanup_unregister_child(c->pid);
    if (r == 0) {
        while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
            ;
    } else {
        c->status = W_EXITCODE(127, 0); /* reaped elsewhere: the end is unknown */
    }
    c->pid = 0;
    drain(c, DRAIN_AFTER_EXIT); /* what it wrote before it ended */
    if (c->fd >= 0) { /* a descendant holds the pipe open: stop reading */
        close(c->fd);
        c->fd = -1;
    }
}

/* Milliseconds poll may sleep before some child in cs needs attention;
 * -1: until a pipe is ready. */
static int next_wakeup(struct runner_child *const *cs, size_t n, double t)
{
    double wait = -1; /* seconds; -1: no bound */
    for (size_t i = 0; i < n; i++) {
        const struct runner_child *c = cs[i];
        double w[2] = {-1, -1};
        if (c->fd < 0) /* exiting: check again soon, less often as it lingers */
            w[0] = fmin((t - c->eof_at) / 10 + 0.001, EXIT_POLL_MAX_MS / 1000.0);
        if (c->deadline > 0 && !c->killed)
            w[1] = fmax(c->deadline - t, 0);
        for (int k = 0; k < 2; k++)
            if (w[k] >= 0 && (wait < 0 || w[k] < wait))
                wait = w[k];
    }
    return wait < 0 ? -1 : (int)ceil(wait * 1000);
}

/* One round over the running children cs (none reaped): wait for output
 * (at most max_ms when >= 0), read it, enforce deadlines, reap the ones
 * that ended. */
static void step(struct runner_child *const *cs, size_t n, int max_ms)
{
    struct pollfd stack_pfds[16];
    struct pollfd *pfds = n <= ARRAY_SIZE(stack_pfds) ? stack_pfds : xcalloc(n, sizeof(*pfds));
    for (size_t i = 0; i < n; i++) {
        pfds[i].fd = cs[i]->fd;
        pfds[i].events = POLLIN;
        pfds[i].revents = 0;
    }
    int wait_ms = next_wakeup(cs, n, now_seconds());
    if (max_ms >= 0 && (wait_ms < 0 || wait_ms > max_ms))
        wait_ms = max_ms;
    poll(pfds, (nfds_t)n, wait_ms);
    double t = now_seconds();
    for (size_t i = 0; i < n; i++) {
        struct runner_child *c = cs[i];
        if (c->fd >= 0 && pfds[i].revents)
            drain(c, DRAIN_PER_STEP);
        if (c->deadline > 0 && t >= c->deadline)
            kill_for(c, RUNNER_TIMED_OUT);
        if (c->killed)
            reap(c, true); /* SIGKILL cannot be refused */
        else if (c->fd < 0)
            reap(c, false);
    }
    if (pfds != stack_pfds)
        free(pfds);
}

/* Fill res from the reaped c and free c. */
static void finish(struct runner_child *c, struct runner_result *res)
{
    res->code = 0;
    if (c->killed) {
        res->end = c->why;
    } else if (WIFSIGNALED(c->status)) {
        res->end = RUNNER_SIGNALED;
        res->code = WTERMSIG(c->status);
    } else {
        res->end = RUNNER_EXITED;
        res->code = WIFEXITED(c->status) ? WEXITSTATUS(c->status) : 0;
    }
    res->out = c->out;
    free(c);
}

void runner_wait(struct runner_child *c, struct runner_result *res)
{
    while (c->pid)
        step(&c, 1, -1);
    finish(c, res);
}

bool runner_wait_timeout(struct runner_child *c, struct runner_result *res, int timeout_ms)
{
    double until = now_seconds() + (timeout_ms > 0 ? timeout_ms / 1000.0 : 0);
    for (;;) {
        double left = until - now_seconds();
        step(&c, 1, left > 0 ? (int)ceil(left * 1000) : 0);
        if (!c->pid) {
            finish(c, res);
            return true;
        }
        if (now_seconds() >= until)
            return false;
    }
}

void runner_kill(struct runner_child *c)
{
    if (!c)
        return;
    if (c->pid) {
        kill_child(c, SIGTERM);
        c->discard = true;
        c->task.limits.max_output = 0;
        c->deadline = now_seconds() + KILL_GRACE; /* then SIGKILL */
        while (c->pid)
            step(&c, 1, -1);
    }
    strbuf_release(&c->out);
    free(c);
}

void runner_run_parallel(const struct runner_parallel *p)
{
    int jobs = p->jobs > 0 ? p->jobs : runner_default_jobs();
    struct runner_child **running = xcalloc((size_t)jobs, sizeof(*running));
    size_t nrunning = 0;
    bool more = true;
    for (;;) {
        while (more && nrunning < (size_t)jobs) {
            struct runner_task task;
            memset(&task, 0, sizeof(task));
            if (!p->get_next_task(&task, p->cb)) {
                more = false;
                break;
            }
            struct runner_child *c = runner_start(&task);
            if (c) {
                running[nrunning++] = c;
                continue;
            }
            struct runner_result res = {RUNNER_NOT_STARTED, errno, STRBUF_INIT};
            p->task_finished(&task, &res, p->cb);
            runner_result_release(&res);
        }
        if (nrunning == 0)
            break;
        step(running, nrunning, -1);
        size_t kept = 0;
        for (size_t i = 0; i < nrunning; i++) {
            struct runner_child *c = running[i];
            if (c->pid) {
                running[kept++] = c;
                continue;
            }
            struct runner_task task = c->task;
            struct runner_result res;
            finish(c, &res);
            p->task_finished(&task, &res, p->cb);
            runner_result_release(&res);
        }
        nrunning = kept;
    }
    free(running);
}
