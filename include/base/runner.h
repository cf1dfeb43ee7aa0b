/* runner: run C functions in forked child processes, under limits.
 *
 * A task is a function that runs in a forked child and writes its result
 * to a pipe; the parent collects the bytes, enforces the wall-clock
 * deadline and the output cap, reaps the child and reports how it ended.
 * This is the only module that forks or sets resource limits, so every
 * child gets the same treatment:
 *   - stdin and stdout on /dev/null, stderr too unless limits.stderr_fd;
 *   - SIGINT ignored (the parent decides what an interrupt means), SIGTERM
 *     when the parent dies, no core dumps;
 *   - its own process group, which is what a kill stops;
 *   - crash signals (SIGSEGV, SIGABRT, ...) at their default action;
 *   - the parent's interrupt clean-up table forgotten: a child removes on a
 *     fatal signal only the temporaries it registered itself.  The child
 *     is registered in the parent's table (cleanup_register_child) while
 *     it runs, so an interrupted parent stops and reaps it first;
 *   - CPU time and address space limited as limits says (no address-space
 *     limit in AddressSanitizer builds: its shadow memory alone exceeds it).
 * The child ends with _exit: the parent's atexit handlers do not run in
 * it, and stdio buffers copied from the parent are not written twice.
 *
 * Three forms share one set of primitives: runner_start / runner_wait /
 * runner_kill for one task running while the parent does other work,
 * runner_run_parallel for many tasks, at most `jobs` at a time, one child
 * each (after git's run_processes_parallel), and runner_run_workers for
 * many tasks of one function on at most `jobs` children that live across
 * tasks.  The runner waits only for its own children, by pid.
 *
 * Ownership: tasks are copied at the start; their arg stays the caller's.
 * A runner_result's bytes are the caller's after runner_wait (release with
 * runner_result_release); in runner_run_parallel they belong to the runner
 * and are released after task_finished, which may take them with
 * strbuf_detach. */
#ifndef COLLATE_RUNNER_H
#define COLLATE_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/util.h"

/* What a child may use; zero everywhere means no limit. */
struct runner_limits {
    int cpu_seconds;    /* RLIMIT_CPU: SIGXCPU after this, SIGKILL a second later */
    size_t memory_mb;   /* RLIMIT_AS, MiB; ignored in AddressSanitizer builds */
    int wall_seconds;   /* from the start; later the child is killed (SIGKILL) */
    size_t max_output;  /* bytes on the pipe; more and the child is killed */
    int stderr_fd;      /* becomes the child's stderr; 0: /dev/null */
};

struct runner_task;

/* Runs in the child; writes the result to out_fd and returns the exit
 * status.  It must not return into the caller's code: the runner _exits. */
typedef int runner_fn(const struct runner_task *task, int out_fd);

struct runner_task {
    runner_fn *run;
    void *arg;                   /* the caller's, for run and task_finished */
    size_t index;                /* the caller's number for the task */
    struct runner_limits limits;
};

enum runner_end {
    RUNNER_EXITED,      /* code: the exit status */
    RUNNER_SIGNALED,    /* code: the signal (SIGXCPU or SIGKILL also at the CPU limit) */
    RUNNER_TIMED_OUT,   /* killed at limits.wall_seconds */
    RUNNER_OVERFLOW,    /* killed for writing more than limits.max_output */
    RUNNER_NOT_STARTED, /* code: errno of pipe or fork */
};

struct runner_result {
    enum runner_end end;
    int code;           /* see enum runner_end; 0 otherwise */
    struct strbuf out;  /* the bytes received, also from a child that failed */
};

void runner_result_release(struct runner_result *res);

/* One running task (opaque). */
struct runner_child;

/* Fork a child for task.  NULL with errno set when it cannot start. */
struct runner_child *runner_start(const struct runner_task *task);

/* The task as started (borrowed from c). */
const struct runner_task *runner_task_of(const struct runner_child *c);

/* Collect the child's bytes until it ends, enforcing its deadline and
 * output cap, reap it and fill res.  Frees c.  While the parent does not
 * wait, a child that writes more than a pipe buffer (64 KiB) blocks. */
void runner_wait(struct runner_child *c, struct runner_result *res);

/* As runner_wait, but give up after timeout_ms (0: only look) while the
 * child is still running: false, and c stays valid.  True once it ended:
 * res is filled and c freed.  For a caller that also waits on other
 * things (a dispatcher loop). */
bool runner_wait_timeout(struct runner_child *c, struct runner_result *res, int timeout_ms);

/* Stop the child: SIGTERM to its process group (its clean-up handler
 * runs), SIGKILL if it is still there after a grace period, reap it and
 * discard its bytes.  Frees c; NULL is fine. */
void runner_kill(struct runner_child *c);

struct runner_parallel {
    int jobs;  /* children at a time; <= 0: one per core */
    /* Fill *task with the next task; false when there are no more.  Not
     * called again after it returned false. */
    bool (*get_next_task)(struct runner_task *task, void *cb);
    /* In the parent, for every task that get_next_task gave, in the order
     * they end (a task that cannot start ends at once). */
    void (*task_finished)(const struct runner_task *task, struct runner_result *res, void *cb);
    void *cb;  /* the caller's, passed to both */
};

/* Run every task get_next_task gives; returns when all have finished. */
void runner_run_parallel(const struct runner_parallel *p);

/* Persistent workers: tasks 0 .. ntasks-1 of one function, each run in
 * one of at most `jobs` worker children that stay up across tasks, so
 * that the cost of a fresh process (its page faults above all) is paid
 * once per worker, not once per task.  A worker is a child as above,
 * with limits.memory_mb on its address space, then loops: it receives
 * the next task number from the parent, runs run(task, out_fd) with a
 * CPU-time limit of limits.cpu_seconds for this task alone, and tells the
 * parent that the task ended with run's status.  It keeps the memory its
 * tasks freed (glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD raised), so
 * that a later task reuses pages already mapped instead of faulting in
 * new ones.
 *
 * Each task ends as under runner_run_parallel, with the same limits per
 * task: limits.wall_seconds from when it is handed to a worker and
 * limits.max_output on its own bytes.  RUNNER_EXITED's code is what run
 * returned (& 0xff, as an exit status), or the exit status if the worker
 * exited in the middle of it.  A task whose worker crashed, was killed or
 * exited is reported so, and the remaining tasks go to a fresh worker.
 * When the worker had run earlier tasks and ended by itself (not killed
 * by the parent, not out of CPU time), the task is first run again in a
 * fresh worker and the result from there is reported: what an earlier
 * task left behind never decides a result.  A task's bytes are its own:
 * run must write only to out_fd, only while it runs, and leave out_fd open.
 *
 * run must leave the process fit for the next task: free what it
 * allocated, close what it opened (a leak only grows a worker until it is
 * replaced).  It sees arg, and the rest of the parent's memory, as they
 * were when its worker was started: the caller must not change what run
 * reads during runner_run_workers.  A worker is replaced after max_tasks
 * tasks, or when after a task its resident set exceeds max_resident_mb,
 * which bounds what a leaking task can grow it to. */
struct runner_workers {
    int jobs;                   /* workers at a time; <= 0: one per core */
    size_t ntasks;              /* tasks 0 .. ntasks-1, handed out in this order */
    runner_fn *run;             /* in a worker, once per task (task->index) */
    void *arg;                  /* the task's arg, for run and task_finished */
    struct runner_limits limits; /* per task; memory_mb and stderr_fd per worker */
    size_t max_tasks;           /* tasks per worker; 0: no bound */
    size_t max_resident_mb;     /* replace a worker grown past this; 0: no bound */
    /* In the parent, once for every task, in the order they end; res is
     * as for runner_parallel's task_finished. */
    void (*task_finished)(const struct runner_task *task, struct runner_result *res, void *cb);
    void *cb;                   /* the caller's, passed to task_finished */
};

/* Run tasks 0 .. w->ntasks-1 on persistent workers; returns when all have
 * finished and every worker is reaped. */
void runner_run_workers(const struct runner_workers *w);

/* Online processors, at least 1. */
int runner_default_jobs(void);

/* False in builds where limits.memory_mb is not applied. */
bool runner_limits_memory(void);

/* Set this process's soft limit on open descriptors, keeping the hard one
 * (the assembly's batch files need many).  False with errno set on
 * failure.  Here so that one module sets every resource limit. */
bool runner_set_open_files(uint64_t soft);

#endif
