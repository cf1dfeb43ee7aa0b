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
#include <malloc.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
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

/* Move *fd above 2, clear of the standard descriptors set below. */
static void keep_clear(int *fd)
{
    if (*fd > 2)
        return;
    int moved = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
    if (moved >= 0) {
        close(*fd);
        *fd = moved;
    }
}

/* What every child gets (see runner.h) but the CPU-time limit, which a
 * worker sets per task.  Runs with SIGINT, SIGTERM and SIGHUP blocked
 * until the inherited clean-up state is gone; mask is the mask to restore
 * then.  keep[0 .. nkeep) are the descriptors the child talks on. */
static void child_setup(const struct runner_limits *limits, int *keep, size_t nkeep, pid_t parent,
                        const sigset_t *mask)
{
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

    for (size_t i = 0; i < nkeep; i++)
        keep_clear(&keep[i]);
    /* Out of its own process group a child must not touch the terminal
     * (SIGTTIN, SIGTTOU): stdin too goes to /dev/null. */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (limits->stderr_fd > 0)
        dup2(limits->stderr_fd, 2);
    else if (devnull >= 0)
        dup2(devnull, 2);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
        if (devnull > 2)
            close(devnull);
    }

    set_limit(RLIMIT_CORE, 0, 0);
    if (LIMIT_ADDRESS_SPACE && limits->memory_mb > 0)
        set_limit(RLIMIT_AS, (rlim_t)limits->memory_mb << 20, (rlim_t)limits->memory_mb << 20);
}

static _Noreturn void child_main(const struct runner_task *task, int rfd, int wfd, pid_t parent,
                                 const sigset_t *mask)
{
    close(rfd);
    child_setup(&task->limits, &wfd, 1, parent, mask);
    if (task->limits.cpu_seconds > 0)
        set_limit(RLIMIT_CPU, (rlim_t)task->limits.cpu_seconds, (rlim_t)task->limits.cpu_seconds + 1);
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

/* Fork with SIGINT, SIGTERM and SIGHUP blocked, so that no interrupt
 * comes between the fork and the registration of the child in the
 * clean-up table and the handler always finds it.  In the parent: the
 * child's pid, registered (-1 with errno set on failure), with the mask
 * restored.  In the child: 0, with the signals still blocked, the mask to
 * restore in *mask and the parent's pid in *parent. */
static pid_t fork_child(sigset_t *mask, pid_t *parent)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, mask);
    *parent = getpid();
    pid_t pid = fork();
    if (pid == 0)
        return 0;
    int e = errno;
    if (pid > 0) {
        setpgid(pid, pid); /* as the child does: whichever runs first */
        cleanup_register_child(pid);
    }
    sigprocmask(SIG_SETMASK, mask, NULL);
    errno = e;
    return pid;
}

static void set_nonblocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

struct runner_child *runner_start(const struct runner_task *task)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return NULL;
    sigset_t mask;
    pid_t parent;
    pid_t pid = fork_child(&mask, &parent);
    if (pid == 0)
        child_main(task, fds[0], fds[1], parent, &mask);
    int e = errno;
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        errno = e;
        return NULL;
    }
    set_nonblocking(fds[0]);
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

/* Fill res from the reaped c: how it ended and its bytes, which res
 * takes. */
static void take_result(struct runner_child *c, struct runner_result *res)
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
    c->out = (struct strbuf)STRBUF_INIT;
}

/* Fill res from the reaped c and free c. */
static void finish(struct runner_child *c, struct runner_result *res)
{
    take_result(c, res);
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

/* ---- persistent workers ----
 *
 * A worker talks on two channels: its task's bytes go on a pipe, as from
 * any child, and a socket carries task numbers in and end records out.
 * A worker writes the end record only after run returned, so every byte
 * of the task is in the pipe by then; the parent reads the pipe dry when
 * the record arrives, and the worker writes nothing more until it is
 * given the next number.  That is where one task's bytes end.  The socket
 * (not a pipe) lets the parent send with MSG_NOSIGNAL: a worker that died
 * while idle must not raise SIGPIPE in the parent. */

/* Blocks up to this size come from the heap, which keeps them when freed
 * (the largest the allocator accepts on 64-bit targets). */
#define WORKER_MMAP_THRESHOLD (32 << 20)
/* Free memory at the top of the heap returned to the kernel only past
 * this; a worker past max_resident_mb is replaced anyway. */
#define WORKER_TRIM_THRESHOLD (512 << 20)

/* A worker's end record for one task. */
struct end_record {
    uint64_t index; /* the task's number, as received */
    int32_t status; /* what run returned */
    int32_t unused; /* zero; fixes the size */
};

/* One worker slot of runner_run_workers. */
struct worker {
    struct runner_child c;  /* pid (0: no worker), the task pipe, the busy task's deadline, kill state, bytes */
    int ctl;                /* the socket; -1 with no worker */
    bool busy;              /* c.task.index was sent and has not ended */
    bool ctl_eof;           /* the worker closed the socket: it is ending */
    double ctl_eof_at;      /* when */
    size_t done;            /* tasks it finished */
    unsigned char rec[sizeof(struct end_record)]; /* the end record so far */
    size_t nrec;            /* bytes of rec received */
};

/* Read exactly len bytes; their count, short only at end of file (0) or
 * error (-1). */
static ssize_t read_full(int fd, void *data, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, (char *)data + got, len - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r < 0 ? -1 : (ssize_t)got;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* In a worker, before a task: a CPU-time limit of `seconds` from now.
 * RLIMIT_CPU counts the whole life of the process, so the soft limit
 * moves up by what the process has used so far; SIGXCPU comes when this
 * task has used its budget (to within a second, the limit's unit), and
 * SIGXCPU is at its default action, which ends the worker.  Only the soft
 * limit moves: an unprivileged process cannot raise its hard limit again,
 * so there is no SIGKILL a second later as a one-task child gets; a task
 * that catches SIGXCPU is stopped by the wall-clock deadline (which a
 * single-threaded task reaches no later than the same CPU-time limit).
 * The parent need not watch the worker's CPU time itself. */
static void limit_task_cpu(int seconds)
{
    struct rlimit cur;
    if (seconds <= 0 || getrlimit(RLIMIT_CPU, &cur) != 0)
        return;
    struct timespec used;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used) != 0)
        return;
    rlim_t soft = (rlim_t)used.tv_sec + (used.tv_nsec > 0) + (rlim_t)seconds;
    if (cur.rlim_max != RLIM_INFINITY && soft > cur.rlim_max)
        soft = cur.rlim_max;
    struct rlimit rl = {soft, cur.rlim_max};
    setrlimit(RLIMIT_CPU, &rl);
    signal(SIGXCPU, SIG_DFL);
}

static _Noreturn void worker_main(const struct runner_workers *w, int out_fd, int ctl, pid_t parent,
                                  const sigset_t *mask)
{
    int keep[2] = {out_fd, ctl};
    child_setup(&w->limits, keep, 2, parent, mask);
    out_fd = keep[0];
    ctl = keep[1];
    /* Keep freed memory for the next task: a page the kernel takes back
     * faults in again, and page faults are what a fresh child pays most. */
    mallopt(M_MMAP_THRESHOLD, WORKER_MMAP_THRESHOLD);
    mallopt(M_TRIM_THRESHOLD, WORKER_TRIM_THRESHOLD);
    struct runner_task task = {w->run, w->arg, 0, w->limits};
    for (;;) {
        uint64_t index;
        ssize_t r = read_full(ctl, &index, sizeof(index));
        if (r == 0)
            _exit(0); /* no more tasks */
        if (r != (ssize_t)sizeof(index))
            _exit(127);
        task.index = (size_t)index;
        limit_task_cpu(w->limits.cpu_seconds);
        struct end_record rec = {index, task.run(&task, out_fd) & 0xff, 0};
        if (write_all(ctl, &rec, sizeof(rec)) != 0)
            _exit(127);
    }
}

static bool worker_start(struct worker *k, const struct runner_workers *w)
{
    int data[2], ctl[2];
    if (pipe2(data, O_CLOEXEC) != 0)
        return false;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ctl) != 0) {
        int e = errno;
        close(data[0]);
        close(data[1]);
        errno = e;
        return false;
    }
    sigset_t mask;
    pid_t parent;
    pid_t pid = fork_child(&mask, &parent);
    if (pid == 0) {
        close(data[0]);
        close(ctl[0]);
        worker_main(w, data[1], ctl[1], parent, &mask);
    }
    int e = errno;
    close(data[1]);
    close(ctl[1]);
    if (pid < 0) {
        close(data[0]);
        close(ctl[0]);
        errno = e;
        return false;
    }
    set_nonblocking(data[0]);
    set_nonblocking(ctl[0]);
    memset(k, 0, sizeof(*k));
    k->c.task = (struct runner_task){w->run, w->arg, 0, w->limits};
    k->c.pid = pid;
    k->c.fd = data[0];
    k->ctl = ctl[0];
    return true;
}

/* Close what is left of a reaped worker's channels; the slot is free. */
static void worker_clear(struct worker *k)
{
    if (k->c.fd >= 0)
        close(k->c.fd);
    if (k->ctl >= 0)
        close(k->ctl);
    strbuf_release(&k->c.out);
    memset(k, 0, sizeof(*k));
    k->c.fd = -1;
    k->ctl = -1;
}

/* Stop idle workers ks[0 .. n): closing the socket tells each to exit;
 * one that has not after KILL_GRACE gets SIGKILL.  Reap them all. */
static void workers_stop(struct worker *ks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ks[i].c.pid && ks[i].ctl >= 0) {
            close(ks[i].ctl);
            ks[i].ctl = -1;
        }
    double until = now_seconds() + KILL_GRACE;
    for (size_t i = 0; i < n; i++) {
        struct runner_child *c = &ks[i].c;
        for (int ms = 1; c->pid; ms = ms < EXIT_POLL_MAX_MS ? ms * 2 : ms) {
            reap(c, false);
            if (!c->pid)
                break;
            if (now_seconds() >= until) {
                kill_child(c, SIGKILL);
                reap(c, true);
                break;
            }
            drain(c, DRAIN_PER_STEP); /* to end of file, which comes as it exits */
            struct pollfd pfd = {c->fd, POLLIN, 0};
            poll(&pfd, 1, ms);
        }
        worker_clear(&ks[i]);
    }
}

/* Resident size of process pid in MiB; 0 if unknown. */
static size_t resident_mb(pid_t pid)
{
    char path[64], buf[128];
    snprintf(path, sizeof(path), "/proc/%ld/statm", (long)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t r = read_full(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (r <= 0)
        return 0;
    buf[r] = '\0';
    unsigned long size, resident;
    if (sscanf(buf, "%lu %lu", &size, &resident) != 2)
        return 0;
    return (size_t)((unsigned long long)resident * (unsigned long long)sysconf(_SC_PAGESIZE) >> 20);
}

/* Give task index to slot k, starting a worker there if it has none.  A
 * worker that wrote outside a task, or that ran tasks before when fresh
 * is asked for, is replaced first.  False with errno set when no worker
 * could take it. */
static bool worker_assign(struct worker *k, const struct runner_workers *w, size_t index, bool fresh)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        if (k->c.pid) {
            char byte;
            ssize_t r = k->c.fd >= 0 ? read(k->c.fd, &byte, 1) : 0;
            bool stray = r >= 0 || errno != EAGAIN; /* bytes, end of file, or an error */
            if (stray || (fresh && k->done > 0))
                workers_stop(k, 1);
        }
        if (!k->c.pid && !worker_start(k, w))
            return false;
        uint64_t n = index;
        ssize_t r;
        do
            r = send(k->ctl, &n, sizeof(n), MSG_NOSIGNAL);
        while (r < 0 && errno == EINTR);
        if (r == (ssize_t)sizeof(n)) {
            k->busy = true;
            k->c.task.index = index;
            k->c.deadline = w->limits.wall_seconds > 0 ? now_seconds() + w->limits.wall_seconds : 0;
            return true;
        }
        /* The worker is gone (or its socket is full, which the protocol
         * rules out): replace it once. */
        int e = r < 0 ? errno : EPIPE;
        kill_child(&k->c, SIGKILL);
        reap(&k->c, true);
        worker_clear(k);
        errno = e;
    }
    return false;
}

/* Read what the socket holds of the end record; note end of file. */
static void worker_read_record(struct worker *k)
{
    while (!k->ctl_eof && k->nrec < sizeof(k->rec)) {
        ssize_t r = read(k->ctl, k->rec + k->nrec, sizeof(k->rec) - k->nrec);
        if (r > 0) {
            k->nrec += (size_t)r;
        } else if (r < 0 && errno == EINTR) {
            continue;
        } else if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return;
        } else {
            k->ctl_eof = true;
            k->ctl_eof_at = now_seconds();
        }
    }
}

/* Hand the busy task of k to task_finished with res, and release res. */
static void report(const struct runner_workers *w, struct worker *k, struct runner_result *res)
{
    struct runner_task task = k->c.task;
    k->busy = false;
    w->task_finished(&task, res, w->cb);
    runner_result_release(res);
}

/* Milliseconds poll may sleep before a busy worker of ks needs attention;
 * -1: until a channel is ready. */
static int workers_wakeup(const struct worker *ks, size_t n, double t)
{
    double wait = -1;
    for (size_t i = 0; i < n; i++) {
        const struct worker *k = &ks[i];
        if (!k->busy)
            continue;
        double w[2] = {-1, -1};
        if (k->ctl_eof) /* ending: check again soon, less often as it lingers */
            w[0] = fmin((t - k->ctl_eof_at) / 10 + 0.001, EXIT_POLL_MAX_MS / 1000.0);
        if (k->c.deadline > 0 && !k->c.killed)
            w[1] = fmax(k->c.deadline - t, 0);
        for (int j = 0; j < 2; j++)
            if (w[j] >= 0 && (wait < 0 || w[j] < wait))
                wait = w[j];
    }
    return wait < 0 ? -1 : (int)ceil(wait * 1000);
}

/* After a round of polling, move busy worker k on.  True when its task
 * has ended; *retry then says to run it again in a fresh worker instead
 * of reporting it. */
static bool worker_step(const struct runner_workers *w, struct worker *k, short data_events, short ctl_events,
                        double t, bool *retry)
{
    struct runner_child *c = &k->c;
    *retry = false;
    if (c->fd >= 0 && data_events)
        drain(c, DRAIN_PER_STEP);
    if (ctl_events)
        worker_read_record(k);
    if (k->nrec == sizeof(k->rec) && !c->killed) {
        drain(c, DRAIN_AFTER_EXIT); /* the rest of its bytes: at most a pipe buffer */
        struct end_record rec;
        memcpy(&rec, k->rec, sizeof(rec));
        k->nrec = 0;
        if (!c->killed && rec.index == c->task.index) {
            struct runner_result res = {RUNNER_EXITED, rec.status, c->out};
            c->out = (struct strbuf)STRBUF_INIT;
            k->done++;
            report(w, k, &res);
            size_t max_mb = w->max_resident_mb;
            if ((w->max_tasks && k->done >= w->max_tasks) || c->fd < 0 ||
                (max_mb && resident_mb(c->pid) > max_mb))
                workers_stop(k, 1);
            return true;
        }
        if (!c->killed) /* a record for another task: the worker cannot be trusted */
            kill_for(c, RUNNER_EXITED);
    }
    if (c->deadline > 0 && t >= c->deadline)
        kill_for(c, RUNNER_TIMED_OUT);
    if (c->killed)
        reap(c, true); /* SIGKILL cannot be refused */
    else if (k->ctl_eof)
        reap(c, false);
    if (c->pid)
        return false;
    /* The worker ended during the task. */
    struct runner_result res;
    take_result(c, &res);
    if (c->killed && c->why == RUNNER_EXITED) { /* the wrong record */
        res.code = 127;
        strbuf_release(&res.out);
    }
    /* A worker that ended by itself after earlier tasks may have ended
     * for what they left behind (memory, a damaged heap): the task runs
     * again in a fresh worker, so that every result is what a fresh child
     * gives.  Its CPU-time limit is the task's own. */
    bool self = !c->killed && !(res.end == RUNNER_SIGNALED && res.code == SIGXCPU);
    if (self && k->done > 0) {
        *retry = true;
        runner_result_release(&res);
        k->busy = false;
    } else {
        report(w, k, &res);
    }
    worker_clear(k);
    return true;
}

void runner_run_workers(const struct runner_workers *w)
{
    size_t jobs = (size_t)(w->jobs > 0 ? w->jobs : runner_default_jobs());
    if (jobs > w->ntasks)
        jobs = w->ntasks;
    if (jobs == 0)
        return;
    struct worker *ks = xcalloc(jobs, sizeof(*ks));
    for (size_t i = 0; i < jobs; i++)
        ks[i].c.fd = ks[i].ctl = -1;
    size_t *retry = xcalloc(jobs, sizeof(*retry)); /* tasks to run again, oldest first */
    size_t nretry = 0, next = 0, left = w->ntasks;
    struct pollfd *pfds = xcalloc(2 * jobs, sizeof(*pfds));
    while (left > 0) {
        for (size_t i = 0; i < jobs; i++) {
            while (!ks[i].busy && (nretry > 0 || next < w->ntasks)) {
                bool fresh = nretry > 0;
                size_t index = fresh ? retry[0] : next++;
                if (fresh)
                    memmove(retry, retry + 1, --nretry * sizeof(*retry));
                if (worker_assign(&ks[i], w, index, fresh))
                    break;
                struct runner_result res = {RUNNER_NOT_STARTED, errno, STRBUF_INIT};
                ks[i].c.task = (struct runner_task){w->run, w->arg, index, w->limits};
                report(w, &ks[i], &res);
                left--;
            }
        }
        size_t npfds = 0;
        for (size_t i = 0; i < jobs; i++) {
            pfds[2 * i] = (struct pollfd){ks[i].busy ? ks[i].c.fd : -1, POLLIN, 0};
            pfds[2 * i + 1] = (struct pollfd){ks[i].busy && !ks[i].ctl_eof ? ks[i].ctl : -1, POLLIN, 0};
            npfds += ks[i].busy;
        }
        if (npfds == 0)
            continue; /* nothing runs: every task left failed to start, or none is left */
        poll(pfds, (nfds_t)(2 * jobs), workers_wakeup(ks, jobs, now_seconds()));
        double t = now_seconds();
        for (size_t i = 0; i < jobs; i++) {
                bool again;
            size_t index = ks[i].c.task.index; /* the slot may be cleared */
            if (ks[i].busy && worker_step(w, &ks[i], pfds[2 * i].revents, pfds[2 * i + 1].revents, t, &again)) {
                if (again)
                    retry[nretry++] = index;
                else
                    left--;
            }
        }
    }
    workers_stop(ks, jobs);
    free(pfds);
    free(retry);
    free(ks);
}
