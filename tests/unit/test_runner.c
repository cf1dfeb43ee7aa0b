/* Unit tests: the child-process runner.  Parallel tasks and their bytes,
 * the get_next_task / task_finished protocol, crashes, the wall-clock,
 * CPU and memory limits, output larger than a pipe buffer and past the
 * cap, the single-task form (wait, kill), what every child is set up
 * with, and the interrupt clean-up of children.  After every test no child
 * is left to reap and no descriptor is left open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/runner.h"
#include "base/util.h"

static int fds_before;

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static int setup_test(void **state)
{
    fds_before = count_fds();
    return 0;
}

/* No zombie and no descriptor left behind by the test. */
static int teardown_test(void **state)
{
    errno = 0;
    if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
        fprintf(stderr, "a child was left to reap\n");
        return -1;
    }
    if (count_fds() != fds_before) {
        fprintf(stderr, "descriptors: %d before, %d after\n", fds_before, count_fds());
        return -1;
    }
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static void write_str(int fd, const char *s)
{
    write_all(fd, s, strlen(s));
}

/* Run one task to its end. */
static void run_one(runner_fn *fn, const struct runner_limits *limits, struct runner_result *res)
{
    struct runner_task task = {.run = fn};
    if (limits)
        task.limits = *limits;
    struct runner_child *c = runner_start(&task);
    assert_non_null(c);
    runner_wait(c, res);
}

/* ---- parallel tasks ---- */

#define NTASKS 12
#define JOBS 4

/* What task i sends: a line naming it, then i * 7919 bytes of one letter. */
static void expected_bytes(size_t i, struct strbuf *sb)
{
    strbuf_addf(sb, "task %zu\n", i);
    for (size_t k = 0; k < i * 7919; k++)
        strbuf_addch(sb, (char)('a' + i % 26));
}

struct order {
    size_t next;                 /* tasks given */
    size_t finished;             /* tasks finished */
    size_t max_running;          /* most tasks given and not finished at a get_next_task */
    bool ended;                  /* get_next_task returned false */
    bool asked_after_end;
    int times_finished[NTASKS];
    bool bytes_ok[NTASKS];
    size_t finish_order[NTASKS];
};

/* The first tasks sleep longest, so they end out of order. */
static int echo_task(const struct runner_task *task, int fd)
{
    sleep_ms((long)(NTASKS - task->index) * 15);
    struct strbuf sb = STRBUF_INIT;
    expected_bytes(task->index, &sb);
    bool ok = write_all(fd, sb.buf, sb.len) == 0;
    strbuf_release(&sb);
    return ok ? 0 : 1;
}

static bool order_next(struct runner_task *task, void *cb)
{
    struct order *o = cb;
    if (o->ended)
        o->asked_after_end = true;
    if (o->next - o->finished > o->max_running)
        o->max_running = o->next - o->finished;
    if (o->next >= NTASKS) {
        o->ended = true;
        return false;
    }
    task->run = echo_task;
    task->arg = o;
    task->index = o->next++;
    task->limits.wall_seconds = 60;
    return true;
}

static void order_finished(const struct runner_task *task, struct runner_result *res, void *cb)
{
    struct order *o = cb;
    assert_true(task->index < NTASKS);
    assert_ptr_equal(task->arg, o);
    o->times_finished[task->index]++;
    struct strbuf want = STRBUF_INIT;
    expected_bytes(task->index, &want);
    o->bytes_ok[task->index] = res->end == RUNNER_EXITED && res->code == 0 && res->out.len == want.len &&
                               memcmp(res->out.buf, want.buf, want.len) == 0;
    strbuf_release(&want);
    o->finish_order[o->finished++] = task->index;
}

static void test_parallel(void **state)
{
    struct order o;
    memset(&o, 0, sizeof(o));
    struct runner_parallel p = {JOBS, order_next, order_finished, &o};
    runner_run_parallel(&p);
    assert_int_equal(o.next, NTASKS);
    assert_int_equal(o.finished, NTASKS);
    assert_true(o.ended);
    assert_false(o.asked_after_end);
    assert_true(o.max_running < JOBS); /* a slot was free at every request */
    for (size_t i = 0; i < NTASKS; i++) {
        assert_int_equal(o.times_finished[i], 1);
        assert_true(o.bytes_ok[i]);
    }
}

static bool no_task(struct runner_task *task, void *cb)
{
    (*(int *)cb)++;
    return false;
}

static void never_finished(const struct runner_task *task, struct runner_result *res, void *cb)
{
    fail();
}

static void test_parallel_empty(void **state)
{
    int asked = 0;
    struct runner_parallel p = {0, no_task, never_finished, &asked};
    runner_run_parallel(&p);
    assert_int_equal(asked, 1);
}

/* ---- crashes and limits ---- */

static int abort_task(const struct runner_task *task, int fd)
{
    write_str(fd, "before");
    abort();
}

static int segv_task(const struct runner_task *task, int fd)
{
    write_str(fd, "before");
    raise(SIGSEGV);
    return 0;
}

static int exit_task(const struct runner_task *task, int fd)
{
    return 7;
}

static void test_crash(void **state)
{
    struct runner_result res;
    run_one(abort_task, NULL, &res);
    assert_int_equal(res.end, RUNNER_SIGNALED);
    assert_int_equal(res.code, SIGABRT);
    assert_string_equal(strbuf_str(&res.out), "before"); /* kept from a failed child */
    runner_result_release(&res);

    run_one(segv_task, NULL, &res);
    assert_int_equal(res.end, RUNNER_SIGNALED);
    assert_int_equal(res.code, SIGSEGV);
    runner_result_release(&res);

    run_one(exit_task, NULL, &res);
    assert_int_equal(res.end, RUNNER_EXITED);
    assert_int_equal(res.code, 7);
    assert_int_equal(res.out.len, 0);
    runner_result_release(&res);
}

static int hang_task(const struct runner_task *task, int fd)
{
    write_str(fd, "x");
    for (;;)
        pause();
    return 0; /* not reached */
}

/* Closes its pipe and lingers: the deadline still applies. */
static int close_and_hang_task(const struct runner_task *task, int fd)
{
    close(fd);
    for (;;)
        pause();
    return 0; /* not reached */
}

static void test_wall_deadline(void **state)
{
    struct runner_limits limits = {.wall_seconds = 1};
    struct runner_result res;
    double start = now_seconds();
    run_one(hang_task, &limits, &res);
    double took = now_seconds() - start;
    assert_int_equal(res.end, RUNNER_TIMED_OUT);
    assert_string_equal(strbuf_str(&res.out), "x");
    assert_true(took >= 0.9 && took < 5);
    runner_result_release(&res);

    start = now_seconds();
    run_one(close_and_hang_task, &limits, &res);
    assert_int_equal(res.end, RUNNER_TIMED_OUT);
    assert_true(now_seconds() - start < 5);
    runner_result_release(&res);
}

static int spin_task(const struct runner_task *task, int fd)
{
    volatile unsigned long x = 0;
    for (;;)
        x++;
    return 0; /* not reached */
}

static void test_cpu_limit(void **state)
{
    struct runner_limits limits = {.cpu_seconds = 1, .wall_seconds = 30};
    struct runner_result res;
    double start = now_seconds();
    run_one(spin_task, &limits, &res);
    assert_int_equal(res.end, RUNNER_SIGNALED);
    assert_true(res.code == SIGXCPU || res.code == SIGKILL);
    assert_true(now_seconds() - start < 20);
    runner_result_release(&res);
}

static int alloc_task(const struct runner_task *task, int fd)
{
    size_t size = (size_t)1 << 30;
    char *p = malloc(size);
    if (!p)
        return 3;
    memset(p, 1, size);
    write_str(fd, "allocated");
    free(p);
    return 0;
}

static void test_memory_limit(void **state)
{
    if (!runner_limits_memory())
        skip(); /* sanitizer build: no address-space limit */
    struct runner_limits limits = {.memory_mb = 256, .wall_seconds = 30};
    struct runner_result res;
    run_one(alloc_task, &limits, &res);
    assert_true((res.end == RUNNER_EXITED && res.code == 3) ||
                (res.end == RUNNER_SIGNALED && (res.code == SIGSEGV || res.code == SIGKILL)));
    assert_int_equal(res.out.len, 0);
    runner_result_release(&res);
}

/* ---- output ---- */

#define BIG_OUTPUT (8u << 20)

static int big_task(const struct runner_task *task, int fd)
{
    char *buf = xmalloc(BIG_OUTPUT);
    for (size_t i = 0; i < BIG_OUTPUT; i++)
        buf[i] = (char)(i * 31 % 251);
    bool ok = write_all(fd, buf, BIG_OUTPUT) == 0;
    free(buf);
    return ok ? 0 : 1;
}

static void test_big_output(void **state)
{
    struct runner_result res;
    run_one(big_task, NULL, &res);
    assert_int_equal(res.end, RUNNER_EXITED);
    assert_int_equal(res.code, 0);
    assert_int_equal(res.out.len, BIG_OUTPUT);
    bool same = true;
    for (size_t i = 0; i < BIG_OUTPUT && same; i++)
        same = res.out.buf[i] == (char)(i * 31 % 251);
    assert_true(same);
    runner_result_release(&res);

    /* Past the cap the child is stopped. */
    struct runner_limits limits = {.max_output = 1u << 20, .wall_seconds = 30};
    run_one(big_task, &limits, &res);
    assert_int_equal(res.end, RUNNER_OVERFLOW);
    runner_result_release(&res);
}

/* ---- one task at a time ---- */

static int slow_task(const struct runner_task *task, int fd)
{
    sleep_ms(100);
    write_str(fd, task->arg);
    return 0;
}

static int ignore_term_task(const struct runner_task *task, int fd)
{
    signal(SIGTERM, SIG_IGN);
    write_str(fd, "ready");
    for (;;)
        pause();
    return 0; /* not reached */
}

static void test_async(void **state)
{
    struct runner_task task = {.run = slow_task, .arg = "done"};
    struct runner_child *c = runner_start(&task);
    assert_non_null(c);
    assert_ptr_equal(runner_task_of(c)->run, slow_task);
    struct runner_task other = {.run = hang_task};
    struct runner_child *h = runner_start(&other);
    assert_non_null(h);
    struct runner_result res;
    runner_wait(c, &res);
    assert_int_equal(res.end, RUNNER_EXITED);
    assert_string_equal(strbuf_str(&res.out), "done");
    runner_result_release(&res);

    /* SIGTERM stops a child at once. */
    double start = now_seconds();
    runner_kill(h);
    assert_true(now_seconds() - start < 1.5);

    /* One that ignores SIGTERM gets SIGKILL after the grace period. */
    task.run = ignore_term_task;
    c = runner_start(&task);
    assert_non_null(c);
    sleep_ms(100);
    start = now_seconds();
    runner_kill(c);
    assert_true(now_seconds() - start < 10);

    runner_kill(NULL);
}

/* ---- what every child gets ---- */

static int setup_report_task(const struct runner_task *task, int fd)
{
    struct strbuf sb = STRBUF_INIT;
    raise(SIGINT); /* ignored */
    struct rlimit core;
    getrlimit(RLIMIT_CORE, &core);
    struct stat in, out, null;
    bool ok = stat("/dev/null", &null) == 0 && fstat(0, &in) == 0 && fstat(1, &out) == 0;
    strbuf_addf(&sb, "core=%lu stdin-null=%d stdout-null=%d own-group=%d", (unsigned long)core.rlim_cur,
                ok && in.st_rdev == null.st_rdev, ok && out.st_rdev == null.st_rdev, getpgrp() == getpid());
    fprintf(stderr, "to stderr\n");
    ok = write_all(fd, sb.buf, sb.len) == 0;
    strbuf_release(&sb);
    return ok ? 0 : 1;
}

static void test_child_setup(void **state)
{
    FILE *log = tmpfile();
    assert_non_null(log);
    struct runner_limits limits = {.stderr_fd = fileno(log)};
    struct runner_result res;
    run_one(setup_report_task, &limits, &res);
    assert_int_equal(res.end, RUNNER_EXITED);
    assert_string_equal(strbuf_str(&res.out), "core=0 stdin-null=1 stdout-null=1 own-group=1");
    runner_result_release(&res);
    char line[64] = "";
    rewind(log);
    assert_non_null(fgets(line, sizeof(line), log));
    assert_string_equal(line, "to stderr\n");
    fclose(log);

    /* Without stderr_fd, stderr is /dev/null too: nothing reaches ours. */
    run_one(setup_report_task, NULL, &res);
    assert_int_equal(res.end, RUNNER_EXITED);
    runner_result_release(&res);
}

/* ---- persistent workers ---- */

#define WTASKS 40

/* What a worker task does, by number. */
enum wkind { W_ECHO, W_CRASH, W_HANG, W_SPIN, W_FLOOD, W_GROW, W_EXIT, W_BURN };

struct wplan {
    enum wkind kind[WTASKS];
    size_t ntasks;
    struct runner_result res[WTASKS];
    pid_t pid[WTASKS];          /* the worker that sent task i's bytes (echo tasks) */
    int times[WTASKS];
    size_t finished;
};

/* In a worker: task i's bytes are "task <i> pid <pid>" and, for every
 * fourth task, 100 KiB more (more than a pipe buffer), so that bytes of
 * one task cannot pass for another's. */
static int worker_task(const struct runner_task *task, int fd)
{
    const struct wplan *plan = task->arg;
    size_t i = task->index;
    char head[64];
    switch (plan->kind[i]) {
    case W_ECHO:
        snprintf(head, sizeof(head), "task %zu pid %ld\n", i, (long)getpid());
        write_str(fd, head);
        if (i % 4 == 0) {
            char *pad = xmalloc(100 << 10);
            memset(pad, 'a' + (int)(i % 26), 100 << 10);
            write_all(fd, pad, 100 << 10);
            free(pad);
        }
        return (int)(i % 3);
    case W_CRASH:
        write_str(fd, "before");
        abort();
    case W_HANG:
        write_str(fd, "x");
        for (;;)
            pause();
    case W_SPIN: {
        volatile unsigned long x = 0;
        for (;;)
            x++;
    }
    case W_FLOOD:
        return big_task(task, fd);
    case W_GROW: { /* leaks 64 MiB, touched */
        char *p = xmalloc(64u << 20);
        memset(p, 1, 64u << 20);
        snprintf(head, sizeof(head), "grown pid %ld", (long)getpid());
        write_str(fd, head);
        return 0;
    }
    case W_EXIT:
        write_str(fd, "bye");
        _exit(9);
    case W_BURN: { /* 0.6 s of CPU time */
        struct timespec t0, t;
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
        do
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
        while ((t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 < 0.6);
        snprintf(head, sizeof(head), "burnt pid %ld", (long)getpid());
        write_str(fd, head);
        return 0;
    }
    }
    return 100;
}

static void wplan_finished(const struct runner_task *task, struct runner_result *res, void *cb)
{
    struct wplan *plan = cb;
    assert_true(task->index < plan->ntasks);
    assert_ptr_equal(task->arg, plan);
    assert_ptr_equal(task->run, worker_task);
    plan->times[task->index]++;
    plan->finished++;
    plan->res[task->index] = *res;
    res->out = (struct strbuf)STRBUF_INIT; /* taken */
}

static void run_plan(struct wplan *plan, int jobs, size_t max_tasks, size_t max_mb, const struct runner_limits *limits)
{
    struct runner_workers w = {
        .jobs = jobs,
        .ntasks = plan->ntasks,
        .run = worker_task,
        .arg = plan,
        .max_tasks = max_tasks,
        .max_resident_mb = max_mb,
        .task_finished = wplan_finished,
        .cb = plan,
    };
    if (limits)
        w.limits = *limits;
    runner_run_workers(&w);
    assert_int_equal(plan->finished, plan->ntasks);
    for (size_t i = 0; i < plan->ntasks; i++)
        assert_int_equal(plan->times[i], 1);
}

/* Task i ended as an echo task does, in the worker that wrote it; its
 * pid is kept in plan->pid. */
static void assert_echo(struct wplan *plan, size_t i)
{
    struct runner_result *res = &plan->res[i];
    assert_int_equal(res->end, RUNNER_EXITED);
    assert_int_equal(res->code, (int)(i % 3));
    size_t want = i % 4 == 0 ? 100 << 10 : 0;
    char head[64];
    long pid = 0;
    size_t n = 0;
    assert_int_equal(sscanf(strbuf_str(&res->out), "task %zu pid %ld", &n, &pid), 2);
    snprintf(head, sizeof(head), "task %zu pid %ld\n", i, pid);
    assert_true(res->out.len == strlen(head) + want);
    assert_memory_equal(res->out.buf, head, strlen(head));
    for (size_t k = strlen(head); k < res->out.len; k++)
        if (res->out.buf[k] != 'a' + (int)(i % 26))
            fail();
    plan->pid[i] = (pid_t)pid;
}

static void plan_release(struct wplan *plan)
{
    for (size_t i = 0; i < plan->ntasks; i++)
        runner_result_release(&plan->res[i]);
}

static size_t distinct_pids(const struct wplan *plan)
{
    size_t n = 0;
    for (size_t i = 0; i < plan->ntasks; i++) {
        bool seen = plan->pid[i] == 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = plan->pid[j] == plan->pid[i];
        n += !seen;
    }
    return n;
}

static void test_workers_many(void **state)
{
    struct wplan plan;
    memset(&plan, 0, sizeof(plan));
    plan.ntasks = WTASKS;
    run_plan(&plan, 3, 0, 0, NULL);
    for (size_t i = 0; i < WTASKS; i++)
        assert_echo(&plan, i);
    assert_true(distinct_pids(&plan) <= 3); /* workers live across tasks */
    plan_release(&plan);

    /* More workers than tasks; and none at all. */
    memset(&plan, 0, sizeof(plan));
    plan.ntasks = 2;
    run_plan(&plan, 8, 0, 0, NULL);
    assert_echo(&plan, 0);
    assert_echo(&plan, 1);
    plan_release(&plan);
    memset(&plan, 0, sizeof(plan));
    run_plan(&plan, 2, 0, 0, NULL);
}

/* A crash, a worker that exits, a hang and a flood among echo
 * tasks: each is reported as a child of its own would be, and the tasks
 * after it still succeed. */
static void test_workers_failures(void **state)
{
    struct wplan plan;
    memset(&plan, 0, sizeof(plan));
    plan.ntasks = 16;
    plan.kind[3] = W_CRASH;
    plan.kind[5] = W_EXIT;
    plan.kind[8] = W_HANG;
    plan.kind[13] = W_FLOOD;
    plan.kind[0] = W_CRASH; /* first task of a fresh worker */
    struct runner_limits limits = {.wall_seconds = 2, .max_output = 1u << 20};
    double start = now_seconds();
    run_plan(&plan, 2, 0, 0, &limits);
    assert_true(now_seconds() - start < 60);
    for (size_t i = 0; i < plan.ntasks; i++) {
        struct runner_result *res = &plan.res[i];
        switch (plan.kind[i]) {
        case W_ECHO:
            assert_echo(&plan, i);
            break;
        case W_CRASH:
            assert_int_equal(res->end, RUNNER_SIGNALED);
            assert_int_equal(res->code, SIGABRT);
            assert_string_equal(strbuf_str(&res->out), "before");
            break;
        case W_EXIT:
            assert_int_equal(res->end, RUNNER_EXITED);
            assert_int_equal(res->code, 9);
            assert_string_equal(strbuf_str(&res->out), "bye");
            break;
        case W_HANG:
            assert_int_equal(res->end, RUNNER_TIMED_OUT);
            assert_string_equal(strbuf_str(&res->out), "x");
            break;
        case W_FLOOD:
            assert_int_equal(res->end, RUNNER_OVERFLOW);
            break;
        default:
            fail();
        }
    }
    plan_release(&plan);
}

static size_t own_resident_mb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    assert_non_null(f);
    unsigned long size = 0, resident = 0;
    assert_int_equal(fscanf(f, "%lu %lu", &size, &resident), 2);
    fclose(f);
    return (size_t)(resident * (unsigned long)sysconf(_SC_PAGESIZE) >> 20);
}

/* The CPU-time limit holds per task: a worker's tasks together may use
 * more than one task may, and a task past it ends with SIGXCPU. */
static void test_workers_cpu(void **state)
{
    struct wplan plan;
    memset(&plan, 0, sizeof(plan));
    plan.ntasks = 7;
    for (size_t i = 0; i < 5; i++)
        plan.kind[i] = W_BURN;
    plan.kind[5] = W_SPIN;
    plan.kind[6] = W_BURN;
    struct runner_limits limits = {.cpu_seconds = 1, .wall_seconds = 60};
    run_plan(&plan, 1, 0, 0, &limits);
    long pids[7] = {0};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(plan.res[i].end, RUNNER_EXITED);
        assert_int_equal(sscanf(strbuf_str(&plan.res[i].out), "burnt pid %ld", &pids[i]), 1);
        assert_int_equal(pids[i], pids[0]); /* one worker for 3 s of CPU time */
    }
    assert_int_equal(plan.res[5].end, RUNNER_SIGNALED);
    assert_int_equal(plan.res[5].code, SIGXCPU);
    assert_int_equal(plan.res[6].end, RUNNER_EXITED);
    assert_int_equal(sscanf(strbuf_str(&plan.res[6].out), "burnt pid %ld", &pids[6]), 1);
    assert_int_not_equal(pids[6], pids[0]); /* a fresh worker after the spin */
    plan_release(&plan);
}

/* Workers are replaced after max_tasks tasks, and when grown past
 * max_resident_mb. */
static void test_workers_recycle(void **state)
{
    struct wplan plan;
    memset(&plan, 0, sizeof(plan));
    plan.ntasks = 12;
    run_plan(&plan, 1, 4, 0, NULL);
    for (size_t i = 0; i < plan.ntasks; i++) {
        assert_echo(&plan, i);
        assert_true(plan.pid[i] == plan.pid[i - i % 4]); /* four tasks a worker */
    }
    assert_int_equal(distinct_pids(&plan), 3);
    plan_release(&plan);

    memset(&plan, 0, sizeof(plan));
    plan.ntasks = 6;
    plan.kind[2] = W_GROW;
    /* A worker starts with about our resident set (sanitizer builds have
     * a larger one); 64 MiB more is past the bound. */
    run_plan(&plan, 1, 0, own_resident_mb() + 32, NULL);
    for (size_t i = 0; i < plan.ntasks; i++)
        if (i != 2)
            assert_echo(&plan, i);
    long grown = 0;
    assert_int_equal(sscanf(strbuf_str(&plan.res[2].out), "grown pid %ld", &grown), 1);
    assert_int_equal(plan.pid[0], plan.pid[1]);
    assert_int_equal((long)plan.pid[1], grown);
    assert_int_not_equal(plan.pid[3], plan.pid[1]); /* replaced after the leak */
    assert_int_equal(plan.pid[3], plan.pid[5]);
    plan_release(&plan);
}

/* ---- interrupt clean-up ---- */

static char tmpdir[] = "/tmp/collate-test-runner-XXXXXX";

/* Makes a temporary it registers, says so, waits to be stopped. */
static int temp_maker_task(const struct runner_task *task, int fd)
{
    const char *path = task->arg;
    if (write_file_atomic(path, "t", 1) != 0)
        return 1;
    cleanup_register(path);
    write_str(fd, "ready");
    for (;;)
        pause();
    return 0; /* not reached */
}

static bool wait_for_file(const char *path)
{
    for (int i = 0; i < 500 && !path_exists(path); i++)
        sleep_ms(10);
    return path_exists(path);
}

/* Starts a temp_maker child, reports its pid, then is interrupted: its
 * handler must stop the child (which removes its temporary) first. */
static int interrupted_parent_task(const struct runner_task *task, int fd)
{
    const char *path = task->arg;
    struct runner_task inner = {.run = temp_maker_task, .arg = (void *)path};
    struct runner_child *c = runner_start(&inner);
    if (!c || !wait_for_file(path))
        return 1;
    char pid[32];
    snprintf(pid, sizeof(pid), "%ld", (long)getpid());
    write_str(fd, pid);
    raise(SIGTERM);
    return 2;
}

static void test_interrupt_cleanup(void **state)
{
    cleanup_install_signal_handlers();
    char *parent_file = path_join(tmpdir, "parent.tmp");
    char *child_file = path_join(tmpdir, "child.tmp");
    char *grandchild_file = path_join(tmpdir, "grandchild.tmp");
    assert_int_equal(write_file_atomic(parent_file, "p", 1), 0);
    cleanup_register(parent_file);

    /* runner_kill: the child removes its own temporary, not the parent's. */
    struct runner_task task = {.run = temp_maker_task, .arg = child_file};
    struct runner_child *c = runner_start(&task);
    assert_non_null(c);
    assert_true(wait_for_file(child_file));
    runner_kill(c);
    assert_false(path_exists(child_file));
    assert_true(path_exists(parent_file));

    /* A child interrupted while it runs a child of its own: the handler
     * stops the grandchild, whose temporary goes too, and stays silent. */
    task.run = interrupted_parent_task;
    task.arg = grandchild_file;
    struct runner_result res;
    c = runner_start(&task);
    assert_non_null(c);
    runner_wait(c, &res);
    assert_int_equal(res.end, RUNNER_SIGNALED);
    assert_int_equal(res.code, SIGTERM);
    assert_true(res.out.len > 0);
    assert_false(path_exists(grandchild_file));
    assert_true(path_exists(parent_file));
    runner_result_release(&res);

    cleanup_unregister(parent_file);
    unlink(parent_file);
    free(parent_file);
    free(child_file);
    free(grandchild_file);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
}

static int setup(void **state)
{
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    return rmdir(tmpdir);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup_test, teardown_test)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_parallel),     TEST(test_parallel_empty), TEST(test_crash),
        TEST(test_wall_deadline), TEST(test_cpu_limit),     TEST(test_memory_limit),
        TEST(test_big_output),   TEST(test_async),          TEST(test_child_setup),
        TEST(test_interrupt_cleanup), TEST(test_workers_many), TEST(test_workers_failures),
        TEST(test_workers_cpu),        TEST(test_workers_recycle),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
