/* speculate: write the volume in a child process while the papers are
 * still being inspected (see speculate.h). */
#include "assemble/speculate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assemble/build_pdf.h"
#include "base/diag.h"
#include "base/runner.h"
#include "base/util.h"
#include "inspect/pdfstruct.h"
#include "paginate/volume.h"
#include "typeset/typeset.h"

/* One paper as the child read it, on the pipe: size, then CRC-32. */
#define READ_RECORD (sizeof(uint64_t) + sizeof(uint32_t))
/* The child's address space: half the physical memory, at least this. */
#define MIN_MEMORY_MB 1024

struct speculation {
    struct runner_child *child; /* NULL once waited for */
    char *path;   /* the child's volume, next to the output; registered for clean-up */
    FILE *log;    /* the child's stderr */
    size_t n;     /* papers, and records expected from the child */
};

/* What the child needs, copied into it by the fork. */
struct child_args {
    const struct manifest *m;
    const struct style *style;
    const struct pdf_info *infos; /* cached papers filled */
    const bool *cached;
    const char *path;             /* where the volume goes */
    bool compact;
};

/* The page facts of a paper that is not cached: what pagination needs,
 * read as the structure pass reads it first. */
static bool read_pages(const char *path, struct pdf_info *info)
{
    pdfinfo_init(info, path);
    size_t len;
    char *bytes = pdfinfo_read_file(path, info, &len);
    bool ok = bytes && pdfstruct_pages(path, bytes, len, info);
    free(bytes);
    return ok;
}

/* In the child: paginate, write the volume, then send each paper's size
 * and CRC-32.  Nothing is freed: the runner ends the child. */
static int run_child(const struct runner_task *task, int out_fd)
{
    const struct child_args *a = task->arg;
    /* build_volume_pdf renames the volume into a->path: stopped, the
     * child removes it. */
    cleanup_register(a->path);
    size_t n = manifest_paper_count(a->m);
    struct pdf_info *infos = xcalloc(n, sizeof(*infos));
    size_t k = 0;
    for (size_t i = 0; i < a->m->nsessions; i++)
        for (size_t j = 0; j < a->m->sessions[i].npapers; j++, k++) {
            if (a->cached[k])
                infos[k] = a->infos[k];
            else if (!read_pages(a->m->sessions[i].papers[j].pdf_path, &infos[k]))
                return 1; /* the check will say why; the build goes the usual way */
        }
    struct volume *v = volume_new(a->m, a->style, infos);
    int *part_pages = xcalloc(v->nparts ? v->nparts : 1, sizeof(*part_pages));
    if (!typeset_measure(v, part_pages))
        return 1;
    struct volume *plan = paginate(v, part_pages);
    struct build_pdf_options bopts = {a->path, a->compact};
    if (!build_volume_pdf(plan, &bopts))
        return 1;
    unsigned char *out = xmalloc(n * READ_RECORD);
    for (size_t i = 0; i < n; i++) {
        memcpy(out + i * READ_RECORD, &infos[i].file_size, sizeof(uint64_t));
        memcpy(out + i * READ_RECORD + sizeof(uint64_t), &infos[i].checksum, sizeof(uint32_t));
    }
    return write_all(out_fd, out, n * READ_RECORD) == 0 ? 0 : 1;
}

/* Speculating pays only with some paper to inspect and a core for the child. */
static bool worth_starting(const struct manifest *m, const bool *cached, size_t n)
{
    const char *env = getenv("COLLATE_SPECULATE");
    if ((env && strcmp(env, "0") == 0) || m->keywords_from_pdf)
        return false;
    if (!(env && strcmp(env, "1") == 0) && runner_default_jobs() < 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!cached[i])
            return true;
    return false;
}

static size_t memory_limit_mb(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    size_t half = pages > 0 && size > 0 ? (size_t)pages / 2 * (size_t)size >> 20 : 0;
    return half > MIN_MEMORY_MB ? half : MIN_MEMORY_MB;
}

static void release(struct speculation *s)
{
    if (s->log)
        fclose(s->log);
    free(s->path);
    free(s);
}

/* Remove the child's volume and free s. */
static void discard(struct speculation *s)
{
    unlink(s->path);
    cleanup_unregister(s->path);
    release(s);
}

struct speculation *speculate_start(const struct manifest *m, const struct style *style, const struct pdf_info *infos,
                                    const bool *cached, const char *output, bool compact)
{
    size_t n = manifest_paper_count(m);
    if (!worth_starting(m, cached, n))
        return NULL;
    struct speculation *s = xcalloc(1, sizeof(*s));
    s->n = n;
    s->path = xasprintf("%s.tmp-specXXXXXX", output);
    int fd = mkstemp(s->path);
    s->log = tmpfile();
    if (fd < 0 || !s->log) {
        if (fd >= 0) {
            close(fd);
            unlink(s->path);
        }
        release(s);
        return NULL; /* no room for it: build the usual way */
    }
    close(fd);
    cleanup_register(s->path);
    fflush(NULL);
    /* Limits: the records expected, and memory against a paper that
     * inspection would refuse for its appetite (a pool worker is limited)
     * taking the machine first.  No CPU or wall-clock limit: the child
     * does the assembly the build would otherwise do in-process without
     * one, and a big volume may need long; a file that would hang its
     * reading fails inspection, and the build then stops the child. */
    struct child_args args = {m, style, infos, cached, s->path, compact};
    struct runner_task task = {.run = run_child,
                               .arg = &args,
                               .limits = {.memory_mb = memory_limit_mb(),
                                          .max_output = n * READ_RECORD,
                                          .stderr_fd = fileno(s->log)}};
    s->child = runner_start(&task);
    if (!s->child) {
        discard(s);
        return NULL;
    }
    return s;
}

/* The first paper the child read otherwise than inspection did, or n. */
static size_t first_difference(const struct strbuf *got, const struct pdf_info *infos, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t size;
        uint32_t crc;
        memcpy(&size, got->buf + i * READ_RECORD, sizeof(size));
        memcpy(&crc, got->buf + i * READ_RECORD + sizeof(size), sizeof(crc));
        if (size != infos[i].file_size || crc != infos[i].checksum)
            return i;
    }
    return n;
}

static void replay_log(FILE *log)
{
    char buf[4096];
    size_t got;
    rewind(log);
    while ((got = fread(buf, 1, sizeof(buf), log)) > 0)
        if (fwrite(buf, 1, got, stderr) != got)
            break;
}

enum speculation_end speculate_finish(struct speculation *s, const struct pdf_info *infos, size_t n,
                                      const char *output, size_t *changed)
{
    struct runner_result res;
    runner_wait(s->child, &res);
    s->child = NULL;
    enum speculation_end end = SPECULATION_FAILED;
    if (res.end == RUNNER_EXITED && res.code == 0 && n == s->n && res.out.len == n * READ_RECORD) {
        *changed = first_difference(&res.out, infos, n);
        end = *changed < n ? SPECULATION_CHANGED : SPECULATION_USED;
    }
    runner_result_release(&res);
    if (end == SPECULATION_USED && rename(s->path, output) != 0)
        end = SPECULATION_FAILED;
    if (end != SPECULATION_USED) {
        discard(s);
        return end;
    }
    cleanup_unregister(s->path);
    diag_progress_done();
    replay_log(s->log);
    release(s);
    return end;
}

void speculate_abort(struct speculation *s)
{
    if (!s)
        return;
    runner_kill(s->child);
    discard(s);
}
