/* speculate: assemble the volume in a child process while the papers are
 * still being inspected (see speculate.h). */
#include "assemble/speculate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assemble/build_pdf.h"
#include "base/diag.h"
#include "base/runner.h"
#include "inspect/pdfstruct.h"
#include "typeset/typeset.h"
#include "base/util.h"
#include "paginate/volume.h"

struct speculation {
    struct runner_child *child; /* NULL once waited for */
    char *path;   /* the child's volume, next to the output; registered for clean-up */
    FILE *log;    /* the child's stderr */
    FILE *facts;  /* what the child paginated from, per paper (write_facts) */
};

/* The facts pagination reads from a paper, in the child's and in the
 * parent's view: size, CRC-32, page count as the volume counts it, and
 * every page's displayed size. */
static void write_facts(FILE *f, const struct paper *paper, const struct pdf_info *info)
{
    int32_t npages = paper->archival && info->pages ? info->npages : 0;
    fwrite(&info->file_size, sizeof(info->file_size), 1, f);
    fwrite(&info->checksum, sizeof(info->checksum), 1, f);
    fwrite(&npages, sizeof(npages), 1, f);
    for (int32_t k = 0; k < npages; k++) {
        fwrite(&info->pages[k].width, sizeof(double), 1, f);
        fwrite(&info->pages[k].height, sizeof(double), 1, f);
    }
}

/* In the child: read the papers' structure, paginate, typeset, assemble
 * into s->path, write the facts; exit 0 on success. */
static void run_child(struct speculation *s, const struct manifest *m, const struct style *style, bool compact)
{
    /* The child renames its volume into s->path: stopped, it removes it. */
    cleanup_register(s->path);
    size_t n = manifest_paper_count(m);
    struct pdf_info *infos = xcalloc(n ? n : 1, sizeof(*infos));
    size_t k = 0;
    for (size_t i = 0; i < m->nsessions; i++)
        for (size_t j = 0; j < m->sessions[i].npapers; j++, k++) {
            const char *path = m->sessions[i].papers[j].pdf_path;
            pdfinfo_init(&infos[k], path);
            size_t len;
            char *bytes = pdfinfo_read_file(path, &infos[k], &len);
            bool ok = bytes && pdfstruct_inspect(path, bytes, len, &infos[k]);
            free(bytes);
            if (!ok)
                _exit(1); /* the check will say why; the build goes the usual way */
        }
    struct volume *v = volume_new(m, style, infos);
    int *part_pages = xcalloc(v->nparts ? v->nparts : 1, sizeof(*part_pages));
    if (!typeset_measure(v, part_pages))
        _exit(1);
    struct volume *plan = paginate(v, part_pages);
    struct build_pdf_options bopts = {s->path, compact};
    if (!build_volume_pdf(plan, &bopts))
        _exit(1);
    for (size_t i = 0; i < n; i++)
        write_facts(s->facts, plan->papers[i].paper, &infos[i]);
    _exit(fflush(s->facts) == 0 && fflush(stderr) == 0 ? 0 : 1);
}

/* What the runner child needs, copied into it by the fork. */
struct child_args {
    struct speculation *s;
    const struct manifest *m;
    const struct style *style;
    bool compact;
};

static int run_task(const struct runner_task *task, int out_fd)
{
    const struct child_args *a = task->arg;
    (void)out_fd; /* the results are the volume, the facts and the log */
    run_child(a->s, a->m, a->style, a->compact);
    return 1; /* not reached: run_child exits */
}

static void release(struct speculation *s)
{
    if (s->log)
        fclose(s->log);
    if (s->facts)
        fclose(s->facts);
    free(s->path);
    free(s);
}

struct speculation *speculate_start(const struct manifest *m, const struct style *style, const char *output,
                                    bool compact)
{
    const char *env = getenv("COLLATE_SPECULATE");
    if ((env && strcmp(env, "0") == 0) || sysconf(_SC_NPROCESSORS_ONLN) < 2 || m->keywords_from_pdf)
        return NULL;
    struct speculation *s = xcalloc(1, sizeof(*s));
    s->path = xasprintf("%s.tmp-specXXXXXX", output);
    int fd = mkstemp(s->path);
    s->log = tmpfile();
    s->facts = tmpfile();
    if (fd < 0 || !s->log || !s->facts) {
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
    /* No CPU, memory or wall-clock limit: the child does the assembly the
     * build would otherwise do in-process without limits, on papers the
     * check reads too, and a big volume may legitimately need much time
     * and memory; a limit would only waste the work done so far. */
    struct child_args args = {s, m, style, compact};
    struct runner_task task = {.run = run_task, .arg = &args, .limits = {.stderr_fd = fileno(s->log)}};
    s->child = runner_start(&task);
    if (!s->child) {
        speculate_abort(s);
        return NULL;
    }
    return s;
}

/* Remove the child's volume and free s. */
static void discard(struct speculation *s)
{
    unlink(s->path);
    cleanup_unregister(s->path);
    release(s);
}

/* Wait for the child; true when it succeeded. */
static bool child_succeeded(struct speculation *s)
{
    struct runner_result res;
    runner_wait(s->child, &res);
    s->child = NULL;
    bool ok = res.end == RUNNER_EXITED && res.code == 0;
    runner_result_release(&res);
    return ok;
}

/* The child paginated from the same facts as inspection found. */
static bool same_facts(struct speculation *s, const struct manifest *m, const struct pdf_info *infos, size_t n)
{
    FILE *mine = tmpfile();
    if (!mine)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < m->nsessions; i++)
        for (size_t j = 0; j < m->sessions[i].npapers && k < n; j++, k++)
            write_facts(mine, &m->sessions[i].papers[j], &infos[k]);
    bool same = fflush(mine) == 0;
    rewind(mine);
    rewind(s->facts);
    int a, b;
    do {
        a = getc(mine);
        b = getc(s->facts);
    } while (same && a == b && a != EOF);
    fclose(mine);
    return same && a == b;
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

bool speculate_finish(struct speculation *s, const struct manifest *m, const struct pdf_info *infos, size_t n,
                      const char *output)
{
    if (!s)
        return false;
    if (!child_succeeded(s) || !same_facts(s, m, infos, n) || rename(s->path, output) != 0) {
        discard(s);
        return false;
    }
    cleanup_unregister(s->path);
    diag_progress_done();
    replay_log(s->log);
    release(s);
    return true;
}

void speculate_abort(struct speculation *s)
{
    if (!s)
        return;
    runner_kill(s->child);
    discard(s);
}
