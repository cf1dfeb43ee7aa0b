/* write: writing outputs, and the volume through batches when the papers
 * do not fit the memory budget.
 *
 * Every output goes to a temporary sibling, whose end is checked (libqpdf
 * does not notice every failed write), as are the papers read lazily
 * (unchanged), and is renamed into place only then, so a failed build
 * leaves the previous file intact.
 *
 * Reading.  Papers are read into memory when their bytes together are
 * few, else lazily by libqpdf from their files, as far as descriptors
 * allow (plan_reading).
 *
 * Batches.  qpdf reads copied stream data lazily while writing, so the
 * bytes of a paper read into memory stay until the output is written.
 * When such papers together exceed the memory budget (merge_budget), they
 * are merged in batches into temporary PDFs (with links and bookmarks),
 * their bytes freed after each, and the volume is merged from the batch
 * files, which are read lazily and hold one descriptor each; the soft
 * RLIMIT_NOFILE is raised for them as far as the hard limit allows. */
#include "assemble_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/runner.h"
#include "base/util.h"

#define FD_RESERVE 32         /* descriptors left for stdio, the output and temporaries */
#define MEMORY_SHARE 16       /* paper bytes held by one merge: at most this share of the memory... */
#define MIN_MERGE_BYTES (256ull << 20) /* ...but never less than this */
#define HOLD_BYTES (64ull << 20) /* papers read into memory when all together are not larger */

/* Report a failed write, naming the paper when libqpdf names its file. */
static void report_write_error(const struct volume *v, qpdf_data q, const struct srcloc *loc, const char *prefix)
{
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : NULL;
    const char *file = e ? qpdf_get_error_filename(q, e) : NULL;
    for (size_t i = 0; file && *file && v && i < v->npapers; i++) {
        const struct paper *p = v->papers[i].paper;
        if (p->pdf_path && strcmp(p->pdf_path, file) == 0) {
            struct srcloc ploc = {p->pdf, 0, 0};
            diag_error(&ploc, "paper '%s': cannot copy its pages: %s", p->id, text ? text : "unknown libqpdf error");
            return;
        }
    }
    diag_error(loc, "%s: %s", prefix, text && *text ? text : "unknown libqpdf error");
}

/* Write o to file.  final: the real output (deterministic /ID, object
 * streams if compact); else a batch file, written for speed.  Object
 * streams make a volume about 1/8 smaller, but compressing them takes
 * about a fifth of the assembly time. */
static bool out_write(const struct volume *v, struct out *o, const char *file, bool final, const struct srcloc *loc,
                      const char *prefix)
{
    qpdf_data q = o->q;
    qpdf_init_write(q, file);
    if (!qpdf_has_error(q)) {
        /* Write options only after qpdf_init_write (before it they crash). */
        qpdf_set_deterministic_ID(q, final ? QPDF_TRUE : QPDF_FALSE);
        qpdf_set_object_stream_mode(q, final && o->compact ? qpdf_o_generate : qpdf_o_disable);
        qpdf_set_compress_streams(q, QPDF_TRUE);
        if (o->version > 13) {
            char version[16];
            snprintf(version, sizeof(version), "%d.%d", o->version / 10, o->version % 10);
            qpdf_set_minimum_pdf_version(q, version);
        }
        qpdf_write(q);
    }
    if (qpdf_has_error(q)) {
        report_write_error(v, q, loc, prefix);
        return false;
    }
    char *first = NULL;
    int n = qpdfh_drain_warnings(q, &first);
    if (n)
        diag_note(loc, "libqpdf reported %d problem%s while writing, the first: %s", n, n == 1 ? "" : "s", first);
    free(first);
    return true;
}

/* The last occurrence of word in buf[0..n), or NULL. */
static const char *last_word(const char *buf, size_t n, const char *word)
{
    size_t len = strlen(word);
    for (size_t i = n >= len ? n - len + 1 : 0; i-- > 0;)
        if (memcmp(buf + i, word, len) == 0)
            return buf + i;
    return NULL;
}

/* Check what was written: libqpdf does not notice every failed write
 * (past a file-size limit the file is silently cut short), and a cut file
 * must never replace the previous output.  A file cut anywhere lacks its
 * end: "startxref", the offset of the cross-reference section (which must
 * be there, inside the file) and %%EOF.  Reading the whole file back with
 * libqpdf took a fifth of a build with every paper cached. */
static bool written_file_intact(const char *file)
{
    enum { TAIL = 1024, HEAD = 32 };
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = false;
    struct stat st;
    char tail[TAIL + 1], head[HEAD + 1];
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        off_t from = st.st_size > TAIL ? st.st_size - TAIL : 0;
        size_t n = (size_t)(st.st_size - from);
        const char *sx = pread(fd, tail, n, from) == (ssize_t)n ? last_word(tail, n, "startxref") : NULL;
        const char *eof = sx ? last_word(tail, n, "%%EOF") : NULL;
        if (eof && eof > sx) {
            tail[n] = '\0';
            char *endp;
            errno = 0;
            unsigned long long at = strtoull(sx + 9, &endp, 10);
            const char *rest = eof + 5;
            while (*rest == '\r' || *rest == '\n')
                rest++; /* nothing but line ends after %%EOF */
            if (!errno && endp > sx + 9 && (size_t)(rest - tail) == n && at < (unsigned long long)st.st_size) {
                ssize_t h = pread(fd, head, HEAD, (off_t)at);
                if (h > 0) {
                    head[h] = '\0';
                    unsigned obj, gen;
                    char kw[4];
                    /* a table, or a stream object (with object streams) */
                    ok = strncmp(head, "xref", 4) == 0 ||
                         (sscanf(head, "%u %u %3s", &obj, &gen, kw) == 3 && strcmp(kw, "obj") == 0);
                }
            }
        }
    }
    close(fd);
    return ok;
}

/* Write o to path through a temporary sibling renamed into place.  o is
 * released (which closes every file it reads from).  The papers read
 * lazily are checked once more before the rename. */
bool out_write_atomic(const struct volume *v, struct out *o, const char *path, const char *what,
                      const struct source *papers, size_t npapers)
{
    struct srcloc loc = {path, 0, 0};
    struct atomic_file af;
    if (atomic_file_open(&af, path) != 0) {
        diag_error(&loc, "cannot write the %s: %s", what, strerror(errno));
        out_release(o);
        return false;
    }
    /* Test hook: stop here, so a test can change a paper after it was
     * read and before its stream data is copied. */
    if (npapers && getenv("COLLATE_STOP_BEFORE_WRITE"))
        raise(SIGSTOP);
    char *prefix = xasprintf("cannot write the %s", what);
    bool ok = out_write(v, o, af.tmp_path, true, &loc, prefix);
    free(prefix);
    out_release(o); /* closes the file qpdf wrote, so the commit sees all of it */
    if (ok && !written_file_intact(af.tmp_path)) {
        diag_error(&loc, "cannot write the %s: the file came out incomplete (disk full or a file-size "
                   "limit?); the previous file is unchanged", what);
        ok = false;
    }
    /* Also after a failed write: a paper cut short may be why. */
    if (!sources_unchanged(papers, npapers))
        ok = false;
    if (!ok) {
        atomic_file_abort(&af);
        return false;
    }
    if (atomic_file_commit(&af) != 0) {
        diag_error(&loc, "cannot write the %s: %s", what, strerror(errno));
        return false;
    }
    return true;
}

/* Descriptors open now (the ones below limit when /proc is missing). */
static rlim_t open_descriptors(rlim_t limit)
{
    rlim_t n = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (dir) {
        for (struct dirent *e = readdir(dir); e; e = readdir(dir))
            if (e->d_name[0] != '.')
                n++;
        closedir(dir);
        return n > 0 ? n - 1 : 0; /* the directory's own descriptor */
    }
    for (int fd = 0; fd < 4096 && (rlim_t)fd < limit; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            n++;
    return n;
}

/* Make room for n more files open at once: raise the soft limit on open
 * files as far as needed and allowed (*saved keeps the old one for
 * restoring).  Returns how many may be open, n when all fit. */
static size_t plan_descriptors(size_t n, struct rlimit *saved, bool *raised)
{
    struct rlimit rl;
    *raised = false;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return n;
    *saved = rl;
    rlim_t used = open_descriptors(rl.rlim_cur);
    rlim_t need = used + (rlim_t)n + FD_RESERVE;
    if (rl.rlim_cur >= need)
        return n;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
    if (want > rl.rlim_cur && runner_set_open_files(want)) {
        *raised = true;
        rl.rlim_cur = want;
    }
    if (rl.rlim_cur >= need)
        return n;
    return rl.rlim_cur > used + FD_RESERVE ? (size_t)(rl.rlim_cur - used - FD_RESERVE) : 0;
}


/* Papers of srcs[lo..hi), with links and bookmarks, into a new temporary
 * file next to output; *batch describes it.  The stamps are added when the
 * volume is merged from the batches, so the typeset fonts are copied once. */
static bool write_batch(struct asm_ctx *c, struct source *srcs, size_t lo, size_t hi, const char *output,
                        struct source *batch)
{
    const struct volume *v = c->v;
    struct out o;
    bool ok = out_init(&o, c);
    size_t n = 0, cap = 0;
    struct step *plan = NULL;
    for (size_t k = lo; k < hi; k++) {
        srcs[k].pending = srcs[k].nplanned;
        for (int j = 0; j < srcs[k].nplanned; j++)
            *ARRAY_PUSH(plan, n, cap) = (struct step){srcs[k].vpage_of[j], (int)k, j};
    }
    batch->kind = SRC_BATCH;
    batch->first_paper = srcs[lo].paper;
    batch->end_paper = srcs[hi - 1].paper + 1;
    batch->nplanned = (int)n;
    batch->vpage_of = xmalloc((n ? n : 1) * sizeof(*batch->vpage_of));
    for (size_t i = 0; i < n; i++)
        batch->vpage_of[i] = plan[i].vpage;
    batch->path = xasprintf("%s.partXXXXXX", output);
    batch->prefix = xstrdup("cannot merge a batch of papers");
    int fd = mkstemp(batch->path);
    if (fd < 0) {
        struct srcloc loc = {output, 0, 0};
        diag_error(&loc, "cannot create a temporary file next to it: %s", strerror(errno));
        free(batch->path);
        batch->path = NULL;
        ok = false;
    } else {
        close(fd);
        cleanup_register(batch->path);
        batch->loc = (struct srcloc){batch->path, 0, 0};
    }
    ok = ok && run_plan(c, &o, srcs, plan, n, false);
    free(plan);
    if (ok) {
        batch_outline(&o, batch->first_paper, batch->end_paper);
        ok = out_write(v, &o, batch->path, false, &batch->loc, "cannot write a temporary file");
    }
    out_release(&o);
    return ok;
}

/* Volume through batch files: the papers of each group of bounds
 * ([bounds[b], bounds[b+1]) of srcs) are merged into a temporary file and
 * their bytes freed, then the volume is merged from the batch files. */
static bool merge_batches(struct asm_ctx *c, struct source *srcs, const size_t *bounds, size_t nbatches,
                          const char *output)
{
    const struct volume *v = c->v;
    struct source *batches = xcalloc(nbatches, sizeof(*batches));
    int *batch_of = xmalloc((v->npapers ? v->npapers : 1) * sizeof(*batch_of));
    bool ok = true;
    for (size_t b = 0; ok && b < nbatches; b++) {
        size_t lo = bounds[b], hi = bounds[b + 1];
        diag_progress("assembling: batch %zu of %zu", b + 1, nbatches);
        ok = write_batch(c, srcs, lo, hi, output, &batches[b]);
        for (size_t k = lo; k < hi; k++) {
            batch_of[srcs[k].paper] = (int)b;
            source_drop_bytes(&srcs[k]);
        }
    }
    if (ok) {
        struct out o;
        ok = out_init(&o, c);
        struct step *plan = volume_plan(v, batches, NULL, batch_of);
        ok = ok && run_plan(c, &o, batches, plan, v->npages, true) && finish_volume(c, &o);
        free(plan);
        if (ok)
            ok = out_write_atomic(v, &o, output, "volume", srcs, bounds[nbatches]);
        else
            out_release(&o);
    }
    for (size_t b = 0; b < nbatches; b++) {
        if (batches[b].path) {
            unlink(batches[b].path);
            cleanup_unregister(batches[b].path);
        }
        source_release(&batches[b]);
    }
    free(batches);
    free(batch_of);
    return ok;
}

/* A positive number of bytes from the environment variable name, or 0. */
static uint64_t env_bytes(const char *name)
{
    const char *env = getenv(name);
    if (env && *env) {
        char *end;
        errno = 0;
        unsigned long long b = strtoull(env, &end, 10);
        if (*end == '\0' && errno == 0 && b > 0)
            return b;
    }
    return 0;
}

/* Bytes of paper files one merge may hold: COLLATE_MERGE_MEMORY, else a
 * share of the physical memory (libqpdf's objects take several times the
 * bytes of the files they come from). */
static uint64_t merge_budget(void)
{
    uint64_t env = env_bytes("COLLATE_MERGE_MEMORY");
    if (env)
        return env;
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t budget = pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size / MEMORY_SHARE : 0;
    return budget > MIN_MERGE_BYTES ? budget : MIN_MERGE_BYTES;
}

/* Choose how each paper is read.  Papers whose bytes together fit
 * HOLD_BYTES (COLLATE_HOLD_MEMORY) are read into memory: libqpdf parses a
 * file with a system call per token (a quarter to a third more CPU time
 * for a build), while those bytes are little beside its objects.  Beyond
 * it every paper is read lazily from its file, as far as descriptors
 * allow (the soft limit is raised, *saved keeps the old one, to be
 * restored when *raised); the rest are read into memory. */
void plan_reading(struct source *srcs, size_t nsrc, struct rlimit *saved, bool *raised)
{
    uint64_t hold = env_bytes("COLLATE_HOLD_MEMORY"), total = 0;
    if (!hold)
        hold = HOLD_BYTES;
    for (size_t k = 0; k < nsrc; k++)
        total += srcs[k].checked ? srcs[k].checked->file_size : 0;
    *raised = false;
    if (total <= hold)
        return;
    size_t nlazy = plan_descriptors(nsrc, saved, raised);
    for (size_t k = 0; k < nlazy; k++)
        srcs[k].lazy = srcs[k].checked != NULL;
}

/* Split srcs into consecutive groups whose bytes held in memory fit the
 * merge budget (a group has at least one paper).  Group b is [bounds[b],
 * bounds[b+1]); returns the number of groups. */
size_t plan_batches(const struct source *srcs, size_t nsrc, size_t **bounds_out)
{
    uint64_t budget = merge_budget();
    size_t *bounds = xmalloc((nsrc + 1) * sizeof(*bounds));
    size_t n = 0;
    uint64_t held = 0;
    bounds[0] = 0;
    for (size_t k = 0; k < nsrc; k++) {
        uint64_t size = srcs[k].checked && !srcs[k].lazy ? srcs[k].checked->file_size : 0;
        if (k > bounds[n] && held + size > budget) {
            bounds[++n] = k;
            held = 0;
        }
        held += size;
    }
    bounds[++n] = nsrc;
    *bounds_out = bounds;
    return n;
}

/* The batch files are read lazily while the volume is written: one
 * descriptor each, for which the soft limit is raised as far as needed and
 * allowed, and restored afterwards. */
bool build_batched(struct asm_ctx *c, struct source *srcs, const size_t *bounds, size_t nbatches,
                   const char *output)
{
    struct rlimit saved;
    bool raised = false, ok = false;
    if (plan_descriptors(nbatches, &saved, &raised) >= nbatches) {
        ok = merge_batches(c, srcs, bounds, nbatches, output);
    } else {
        diag_error(NULL, "cannot merge %zu batches of papers: too few files may be open at once", nbatches);
        diag_hint("raise the limit with 'ulimit -n'");
    }
    if (raised)
        runner_set_open_files(saved.rlim_cur);
    return ok;
}
