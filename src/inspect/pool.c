/* pool: one runner task per file on at most `jobs` persistent workers;
 * each task sends its serialized pdf_info back over the runner's pipe. */
#include "inspect/pool.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "base/runner.h"
#include "base/util.h"

#define DEFAULT_TIMEOUT 120   /* seconds per file */
#define DEFAULT_MEMORY_MB 4096
/* A worker is replaced after this many files, or when it holds more than
 * this much memory after one: poppler's caches and a leak on a strange
 * file must not accumulate without bound, and the address-space limit
 * must leave room for the next file. */
#define WORKER_FILES 100
#define WORKER_RESIDENT_MB 768

/* One pool_inspect_ex call, shared by its runner callbacks. */
struct pool_run {
    const char *const *paths;
    size_t n;
    const struct pool_options *opts;
    struct pdf_info *infos;
    bool *worker_failed;      /* may be NULL */
    struct runner_limits limits;
    size_t done;              /* files finished */
};

/* In a worker, under the runner's limits: inspect, send, free it all for
 * the next file. */
static int run_worker(const struct runner_task *task, int fd)
{
    const struct pool_run *run = task->arg;
    struct pdf_info info;
    inspect_pdf(run->paths[task->index], run->opts->inspect, &info);
    size_t len;
    char *blob = pdfinfo_serialize(&info, &len);
    write_all(fd, blob, len); /* a short write shows as a truncated result */
    free(blob);
    pdfinfo_release(&info);
    return 0;
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

/* Turn a finished worker into infos[index]; a result made up here because
 * the worker failed is marked in worker_failed. */
static void file_finished(const struct runner_task *task, struct runner_result *res, void *cb)
{
    struct pool_run *run = cb;
    const char *path = run->paths[task->index];
    struct pdf_info *info = &run->infos[task->index];
    int timeout = run->limits.wall_seconds;
    bool ok = false;
    switch (res->end) {
    case RUNNER_NOT_STARTED:
        fail(info, path, "cannot start a worker: %s", strerror(res->code));
        break;
    case RUNNER_TIMED_OUT:
    case RUNNER_OVERFLOW:
        fail(info, path, "inspection took longer than %d s; the file is probably damaged", timeout);
        break;
    case RUNNER_SIGNALED:
        if (res->code == SIGXCPU || res->code == SIGKILL)
            fail(info, path, "inspection used more than %d s of CPU time; the file is probably damaged",
                 timeout);
        else if (res->code == SIGABRT || res->code == SIGSEGV)
            fail(info, path, "the PDF libraries failed on this file (signal %d; memory limit %zu MB); "
                 "the file is probably damaged", res->code, run->limits.memory_mb);
        else
            fail(info, path, "inspection was stopped by signal %d", res->code);
        break;
    case RUNNER_EXITED:
        ok = pdfinfo_deserialize(info, strbuf_str(&res->out), res->out.len);
        if (!ok)
            fail(info, path, "inspection failed (no result from the worker, exit status %d)", res->code);
        break;
    }
    if (!ok && run->worker_failed)
        run->worker_failed[task->index] = true;
    run->done++;
    if (run->opts->progress)
        run->opts->progress(run->done, run->n, run->opts->progress_arg);
}

void pool_inspect(const char *const *paths, size_t n, const struct pool_options *opts, struct pdf_info *infos)
{
    pool_inspect_ex(paths, n, opts, infos, NULL);
}

void pool_inspect_ex(const char *const *paths, size_t n, const struct pool_options *opts, struct pdf_info *infos,
                     bool *worker_failed)
{
    int timeout = opts->timeout_seconds > 0 ? opts->timeout_seconds : DEFAULT_TIMEOUT;
    struct pool_run run = {
        .paths = paths,
        .n = n,
        .opts = opts,
        .infos = infos,
        .worker_failed = worker_failed,
        /* CPU time and wall clock are both bounded by the timeout. */
        .limits = {.cpu_seconds = timeout,
                   .memory_mb = opts->memory_limit_mb ? opts->memory_limit_mb : DEFAULT_MEMORY_MB,
                   .wall_seconds = timeout},
    };
    struct runner_workers w = {
        .jobs = opts->jobs,
        .ntasks = n,
        .run = run_worker,
        .arg = &run, /* the workers read paths and opts only, which stay as they are */
        .limits = run.limits,
        .max_tasks = WORKER_FILES,
        .max_resident_mb = WORKER_RESIDENT_MB,
        .task_finished = file_finished,
        .cb = &run,
    };
    runner_run_workers(&w);
}
