/* speculate: assemble the volume in a child process while the papers are
 * still being inspected (see speculate.h). */
#include "assemble/speculate.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "assemble/build_pdf.h"
#include "base/diag.h"
#include "inspect/pdfstruct.h"
#include "typeset/typeset.h"
#include "base/util.h"
#include "paginate/volume.h"

struct speculation {
    pid_t pid;
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
    prctl(PR_SET_PDEATHSIG, SIGTERM); /* do not outlive the build */
    dup2(fileno(s->log), 2);
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
    s->pid = fork();
    if (s->pid == 0)
        run_child(s, m, style, compact);
    if (s->pid < 0) {
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
    int status;
    pid_t r;
    while ((r = waitpid(s->pid, &status, 0)) < 0 && errno == EINTR)
        ;
    return r == s->pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
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
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    discard(s);
}
