/* pdfcollect: final versions from a folder or an archive, placed at each
 * paper's pdf: path (see import/pdfcollect.h). */
#include "import/pdfcollect.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/digest.h"
#include "base/util.h"
#include "import/archive.h"

#define MAX_DEPTH 32 /* folders below the source */

/* ---- matching names to papers ---- */

/* The number a paper carries in file names: its submission number, or the
 * digits of a "p17" id. */
static const char *paper_number(const struct import_paper *p)
{
    if (p->number)
        return p->number;
    const char *d = p->id[0] == 'p' ? p->id + 1 : p->id;
    for (const char *c = d; *c; c++)
        if (!isdigit((unsigned char)*c))
            return NULL;
    return *d ? d : NULL;
}

static bool same_number(const char *a, size_t alen, const char *b)
{
    while (alen > 1 && *a == '0')
        a++, alen--;
    while (b[0] == '0' && b[1])
        b++;
    return strlen(b) == alen && !strncmp(a, b, alen);
}

/* The paper one path component names, or -1; *exact set for an id match. */
static int match_component(const struct import_result *res, const char *s, size_t n, bool *exact)
{
    int by_number = -1;
    const char *end = s + n;
    for (const char *w = s; w < end;) {
        while (w < end && !isalnum((unsigned char)*w))
            w++;
        const char *we = w;
        while (we < end && isalnum((unsigned char)*we))
            we++;
        if (we == w)
            break;
        size_t wn = (size_t)(we - w);
        for (size_t i = 0; i < res->npapers; i++) {
            const struct import_paper *p = &res->papers[i];
            if ((strlen(p->id) == wn && !strncasecmp(p->id, w, wn)) ||
                (p->alt_id && strlen(p->alt_id) == wn && !strncmp(p->alt_id, w, wn))) {
                *exact = true;
                return (int)i;
            }
        }
        for (const char *d = w; d < we;) { /* digit runs; the last that names a paper wins */
            while (d < we && !isdigit((unsigned char)*d))
                d++;
            const char *de = d;
            while (de < we && isdigit((unsigned char)*de))
                de++;
            for (size_t i = 0; d < de && i < res->npapers; i++) {
                const char *num = paper_number(&res->papers[i]);
                if (num && same_number(d, (size_t)(de - d), num))
                    by_number = (int)i;
            }
            d = de;
        }
        w = we;
    }
    *exact = false;
    return by_number;
}

int import_match_file(const struct import_result *res, const char *name)
{
    /* components from the file's own name outwards */
    size_t len = strlen(name);
    while (len && (name[len - 1] == '/' || name[len - 1] == '\\'))
        len--;
    size_t end = len;
    bool first = true;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && name[start - 1] != '/' && name[start - 1] != '\\')
            start--;
        size_t n = end - start;
        if (first && n > 4 && !strncasecmp(name + start + n - 4, ".pdf", 4))
            n -= 4;
        bool exact;
        int k = match_component(res, name + start, n, &exact);
        if (k >= 0)
            return k;
        first = false;
        end = start ? start - 1 : 0;
    }
    return -1;
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How much a name looks like the final version (higher is better). */
static int name_preference(const char *name)
{
    static const char *const good[] = {"final", "camera", "paper", "manuscript", NULL};
    static const char *const bad[] = {"supp", "appendix", "copyright", "form", "slide", "poster", "attachment",
                                      "review", "response", "video", "code", "data", NULL};
    const char *base = path_basename(name);
    int score = 0;
    for (size_t i = 0; good[i]; i++)
        if (contains_ci(base, good[i]))
            score += 1;
    for (size_t i = 0; bad[i]; i++)
        if (contains_ci(base, bad[i]))
            score -= 4;
    return score;
}

/* ---- the files of the source ---- */

struct candidate {
    char *name;         /* inside the source */
    char *path;         /* on disk (a folder source), else NULL */
    char *data;         /* the bytes (an archive source), else NULL */
    size_t len;
    int paper;          /* matched paper, or -1 */
    const char *why;    /* why it matched nothing (static) */
};

struct source {
    struct candidate *items;
    size_t n, cap;
    int errors;
};

static bool is_pdf_name(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcasecmp(name + n - 4, ".pdf");
}

static void add_candidate(struct source *src, const struct import_result *res, const char *name, const char *path,
                          char *data, size_t len)
{
    struct candidate *c = ARRAY_PUSH(src->items, src->n, src->cap);
    c->name = xstrdup(name);
    c->path = xstrdup(path);
    c->data = data;
    c->len = len;
    c->why = NULL;
    c->paper = -1;
    if (!is_pdf_name(name)) {
        c->why = "not a PDF";
        return;
    }
    c->paper = import_match_file(res, name);
    if (c->paper < 0)
        c->why = "no paper id in its name";
}

static void walk_folder(struct source *src, const struct import_result *res, const char *dir, const char *rel,
                        int depth)
{
    DIR *d = opendir(dir);
    struct srcloc loc = {dir, 0, 0};
    if (!d) {
        diag_error(&loc, "cannot read the folder: %s", strerror(errno));
        src->errors++;
        return;
    }
    /* sorted, so that listings and ties do not depend on the file system */
    char **names = NULL;
    size_t n = 0, cap = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            *ARRAY_PUSH(names, n, cap) = xstrdup(e->d_name);
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = path_join(dir, names[i]);
        char *r = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
        struct stat st;
        struct srcloc floc = {path, 0, 0};
        if (lstat(path, &st) != 0) {
            diag_warning(&floc, "cannot read: %s", strerror(errno));
        } else if (S_ISLNK(st.st_mode)) {
            diag_warning(&floc, "a link; skipped (place the file itself)");
        } else if (S_ISDIR(st.st_mode)) {
            if (depth < MAX_DEPTH)
                walk_folder(src, res, path, r, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            add_candidate(src, res, r, path, NULL, 0);
        }
        free(r);
        free(path);
        free(names[i]);
    }
    free(names);
}

static void read_archive(struct source *src, const struct import_result *res, const char *path)
{
    struct srcloc loc = {path, 0, 0};
    char err[256];
    struct arc_reader *a = arc_open_file(path, err, sizeof(err));
    if (!a) {
        diag_error(&loc, "cannot read the archive: %s", err);
        src->errors++;
        return;
    }
    struct stat st;
    long long archive_size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
    long long total = 0;
    size_t entries = 0;
    struct arc_entry e;
    int rc;
    while ((rc = arc_next(a, &e)) == 1) {
        if (++entries > ARCHIVE_MAX_ENTRIES) {
            diag_error(&loc, "refused: more than %d entries", ARCHIVE_MAX_ENTRIES);
            src->errors++;
            break;
        }
        if (e.unsafe_name) {
            diag_error(&loc, "refused: entry '%s' has an absolute path or '..' (path traversal)", e.name);
            src->errors++;
            break;
        }
        if (e.kind == ARC_LINK || e.kind == ARC_OTHER) {
            diag_error(&loc, "refused: entry '%s' is %s, not a file", e.name,
                       e.kind == ARC_LINK ? "a link" : "a device or pipe");
            src->errors++;
            break;
        }
        if (e.kind == ARC_DIR)
            continue;
        size_t before = src->n;
        add_candidate(src, res, e.name, NULL, NULL, 0);
        struct candidate *c = &src->items[before];
        if (c->paper < 0)
            continue; /* not read: nothing unmatched is decompressed */
        bool too_large;
        c->data = arc_read(a, ARCHIVE_MAX_ENTRY, &c->len, &too_large);
        if (!c->data) {
            if (too_large)
                diag_error(&loc, "refused: entry '%s' expands past %zu MiB (an archive bomb?)", e.name,
                           ARCHIVE_MAX_ENTRY >> 20);
            else
                diag_error(&loc, "entry '%s' cannot be read: %s", e.name, arc_error(a));
            src->errors++;
            break;
        }
        total += (long long)c->len;
        long long packed = arc_compressed_bytes(a);
        if (packed < archive_size)
            packed = archive_size;
        if (total > ARCHIVE_MAX_TOTAL || (total > (64LL << 20) && total > ARCHIVE_MAX_RATIO * packed)) {
            diag_error(&loc, "refused: the archive expands to %lld MiB from %lld KiB (an archive bomb?)",
                       total >> 20, packed >> 10);
            src->errors++;
            break;
        }
    }
    if (rc < 0) {
        diag_error(&loc, "the archive is damaged: %s", arc_error(a));
        src->errors++;
    }
    arc_close(a);
}

/* ---- placing ---- */

static char *dest_path(const struct import_paper *p, const struct pdf_collect_options *o)
{
    char *rel;
    if (p->pdf)
        rel = xstrdup(p->pdf);
    else if (!o->papers_dir[0] || !strcmp(o->papers_dir, "."))
        rel = xasprintf("%s.pdf", p->id);
    else
        rel = xasprintf("%s/%s.pdf", o->papers_dir, p->id);
    char *path = path_join(o->base_dir, rel);
    free(rel);
    return path;
}

/* Warn when the bytes are not the final version the export records. */
static void check_recorded(const struct import_paper *p, const struct candidate *c, const char *data, size_t len)
{
    struct srcloc loc = {c->name, 0, 0};
    if (p->pdf_size > 0 && (long long)len != p->pdf_size) {
        diag_warning(&loc, "paper '%s': %zu bytes, but the final version in the export has %lld; placed anyway "
                           "(build reports stale_pdf)", p->id, len, p->pdf_size);
        return;
    }
    const char *want = p->pdf_sha256 ? p->pdf_sha256 : p->pdf_sha1;
    if (!want)
        return;
    char *have = digest_hex(p->pdf_sha256 ? DIGEST_SHA256 : DIGEST_SHA1, data, len);
    if (strcmp(have, want))
        diag_warning(&loc, "paper '%s': not the final version in the export (%s differs); placed anyway "
                           "(build reports stale_pdf)", p->id, p->pdf_sha256 ? "SHA-256" : "SHA-1");
    free(have);
}

/* Returns the errors; *ok says whether the paper has its PDF in place. */
static int place(const struct import_paper *p, const struct candidate *c, const struct pdf_collect_options *o,
                 struct pdf_collect_stats *stats, bool *ok)
{
    *ok = false;
    struct srcloc sloc = {c->path ? c->path : c->name, 0, 0};
    size_t len = c->len;
    char *owned = NULL;
    const char *data = c->data;
    if (!data) {
        owned = read_file(c->path, &len);
        if (!owned) {
            diag_error(&sloc, "cannot read: %s", strerror(errno));
            return 1;
        }
        data = owned;
    }
    int errors = 0;
    if (len < 5 || memcmp(data, "%PDF-", 5)) {
        diag_warning(&sloc, "named like the PDF of paper '%s' but is not a PDF; not placed", p->id);
        free(owned);
        return 0;
    }
    check_recorded(p, c, data, len);
    char *dest = dest_path(p, o);
    size_t old_len = 0;
    char *old = read_file(dest, &old_len);
    if (old && old_len == len && !memcmp(old, data, len)) {
        stats->unchanged++;
        *ok = true;
    } else {
        char *dir = path_dirname(dest);
        struct srcloc dloc = {dest, 0, 0};
        if (mkdir_p(dir) != 0 || write_file_atomic(dest, data, len) != 0) {
            diag_error(&dloc, "cannot write: %s", strerror(errno));
            errors++;
        } else {
            stats->placed++;
            *ok = true;
        }
        free(dir);
    }
    free(old);
    free(dest);
    free(owned);
    return errors;
}

int import_collect_pdfs(const struct import_result *res, const struct pdf_collect_options *o,
                        struct pdf_collect_stats *stats)
{
    memset(stats, 0, sizeof(*stats));
    struct source src = {0};
    struct srcloc loc = {o->source, 0, 0};
    if (path_is_dir(o->source))
        walk_folder(&src, res, o->source, "", 0);
    else if (path_exists(o->source))
        read_archive(&src, res, o->source);
    else {
        diag_error(&loc, "no such file or folder");
        src.errors++;
    }
    int errors = src.errors;
    if (errors) {
        diag_note(&loc, "no PDF was placed");
        goto done;
    }
    /* the best file of each paper */
    bool *has = xcalloc(res->npapers ? res->npapers : 1, sizeof(*has));
    for (size_t i = 0; i < res->npapers; i++) {
        const struct import_paper *p = &res->papers[i];
        int best = -1, best_score = 0;
        bool tie = false;
        for (size_t k = 0; k < src.n; k++) {
            if (src.items[k].paper != (int)i)
                continue;
            int score = name_preference(src.items[k].name);
            if (best < 0 || score > best_score) {
                best = (int)k;
                best_score = score;
                tie = false;
            } else if (score == best_score) {
                tie = true;
            }
        }
        if (best < 0)
            continue;
        if (tie) {
            struct strbuf sb = STRBUF_INIT;
            for (size_t k = 0; k < src.n; k++)
                if (src.items[k].paper == (int)i && name_preference(src.items[k].name) == best_score)
                    strbuf_addf(&sb, "%s'%s'", sb.len ? ", " : "", src.items[k].name);
            diag_warning(&loc, "paper '%s': several files could be its PDF (%s); none placed", p->id,
                         strbuf_str(&sb));
            strbuf_release(&sb);
            continue;
        }
        for (size_t k = 0; k < src.n; k++)
            if (src.items[k].paper == (int)i && (int)k != best) {
                src.items[k].paper = -1;
                src.items[k].why = "another file was taken for its paper";
            }
        errors += place(p, &src.items[best], o, stats, &has[i]);
    }
    /* every unmatched file, every paper without a PDF */
    for (size_t k = 0; k < src.n; k++)
        if (src.items[k].paper < 0) {
            struct srcloc floc = {o->source, 0, 0};
            diag_note(&floc, "'%s' matched no paper (%s)", src.items[k].name, src.items[k].why);
            stats->unmatched++;
        }
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < res->npapers; i++)
        if (!has[i]) {
            strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", res->papers[i].id);
            stats->missing++;
        }
    if (stats->missing)
        diag_warning(&loc, "%zu paper%s without a PDF: %s", stats->missing, stats->missing == 1 ? "" : "s",
                     strbuf_str(&sb));
    strbuf_release(&sb);
    free(has);
done:
    for (size_t k = 0; k < src.n; k++) {
        free(src.items[k].name);
        free(src.items[k].path);
        free(src.items[k].data);
    }
    free(src.items);
    return errors;
}
