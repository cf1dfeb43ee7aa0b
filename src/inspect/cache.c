/* cache: the inspection cache (see cache.h for the layout and rules).
 *
 * An entry file is one header line, "collate-cache/<format> <name>\n",
 * followed by the pdfinfo_serialize blob.  Reading checks the header
 * against the name looked for, lets pdfinfo_deserialize check the blob,
 * and compares the blob's size and checksum with the file's, so a renamed,
 * truncated or foreign entry is never trusted.
 *
 * Deciding a hit costs a stat() when no entry has the paper's size, else
 * one read of the paper for its CRC-32 (at memory speed), plus one read of
 * the entry.  The folder is listed once, at open. */
#include "inspect/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "base/diag.h"
#include "base/util.h"

#define ENTRY_NAME_LEN 42            /* 16 hex, '-', 16 hex, '-', 8 hex */
#define STALE_TEMP_SECONDS (10 * 60) /* temporaries older than this are debris */

struct inspect_cache {
    char *dir;              /* the folder, as given */
    uint64_t params;        /* cache_params_digest of the style */
    char **names;           /* entry names found at open, sorted */
    size_t nnames;
    char **keep;            /* entries read or written by this run (cache_prune keeps them) */
    size_t nkeep, keep_cap;
    bool dir_ready;         /* the folder exists */
    bool write_failed;      /* a store failed; warned once, no more tries */
};

/* ---- keys ---------------------------------------------------------------- */

/* FNV-1a, 64 bits: a stable digest of the parameter text. */
static uint64_t fnv1a(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

/* Strings go in with their length so that no two parameter sets share a text. */
static void add_string(struct strbuf *sb, const char *s)
{
    s = s ? s : "";
    strbuf_addf(sb, "%zu:%s;", strlen(s), s);
}

uint64_t cache_params_digest(const struct style *style)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "collate-cache/%d;collate/", CACHE_FORMAT);
    add_string(&sb, COLLATE_VERSION);
    if (!style) {
        strbuf_adds(&sb, "no-style;");
    } else {
        strbuf_adds(&sb, "style/");
        add_string(&sb, style->name);
        strbuf_addf(&sb, "sizes/%zu;", style->nsizes);
        for (size_t i = 0; i < style->nsizes; i++) {
            const struct style_size *sz = &style->sizes[i];
            add_string(&sb, sz->name);
            strbuf_addf(&sb, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g;", sz->width, sz->height, sz->top, sz->bottom,
                        sz->left, sz->right);
            /* The template's block decides which pages are measured. */
            if (sz->text_block.given)
                strbuf_addf(&sb, "block/%.17g,%.17g,%.17g,%.17g;", sz->text_block.left, sz->text_block.top,
                            sz->text_block.width, sz->text_block.height);
        }
        strbuf_addf(&sb, "tolerance/%.17g,%.17g;", style->size_tolerance, style->margin_tolerance);
        /* Section headings are looked for only when body pages are counted. */
        if (style->count == PAGE_COUNT_BODY)
            strbuf_adds(&sb, "count/body;");
    }
    uint64_t h = fnv1a(sb.buf, sb.len);
    strbuf_release(&sb);
    return h;
}

static void entry_name(char out[ENTRY_NAME_LEN + 1], uint64_t params, uint64_t size, uint32_t crc)
{
    snprintf(out, ENTRY_NAME_LEN + 1, "%016" PRIx64 "-%016" PRIx64 "-%08" PRIx32, params, size, crc);
}

static bool is_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

/* The first n bytes of s have the form of an entry name. */
static bool entry_name_at(const char *s, size_t n)
{
    return n >= ENTRY_NAME_LEN && is_hex(s, 16) && s[16] == '-' && is_hex(s + 17, 16) && s[33] == '-' &&
           is_hex(s + 34, 8);
}

static bool is_entry_name(const char *s)
{
    return strlen(s) == ENTRY_NAME_LEN && entry_name_at(s, ENTRY_NAME_LEN);
}

/* "<entry>.tmpXXXXXX", as atomic_file names its temporaries. */
static bool is_entry_temp(const char *s)
{
    return entry_name_at(s, strlen(s)) && str_starts_with(s + ENTRY_NAME_LEN, ".tmp");
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- opening --------------------------------------------------------------- */

struct inspect_cache *cache_open(const char *dir, const struct style *style)
{
    struct inspect_cache *c = xcalloc(1, sizeof(*c));
    c->dir = xstrdup(dir);
    c->params = cache_params_digest(style);
    DIR *d = opendir(dir);
    if (!d)
        return c;
    c->dir_ready = true;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (is_entry_name(de->d_name))
            *ARRAY_PUSH(c->names, c->nnames, cap) = xstrdup(de->d_name);
    closedir(d);
    if (c->nnames)
        qsort(c->names, c->nnames, sizeof(*c->names), cmp_names);
    return c;
}

void cache_free(struct inspect_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nnames; i++)
        free(c->names[i]);
    free(c->names);
    for (size_t i = 0; i < c->nkeep; i++)
        free(c->keep[i]);
    free(c->keep);
    free(c->dir);
    free(c);
}

/* Index of the first listed name >= key (c->nnames when none). */
static size_t lower_bound(const struct inspect_cache *c, const char *key)
{
    size_t lo = 0, hi = c->nnames;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->names[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool listed_with_prefix(const struct inspect_cache *c, const char *prefix)
{
    size_t i = lower_bound(c, prefix);
    return i < c->nnames && str_starts_with(c->names[i], prefix);
}

static bool listed(const struct inspect_cache *c, const char *name)
{
    size_t i = lower_bound(c, name);
    return i < c->nnames && strcmp(c->names[i], name) == 0;
}

static void keep(struct inspect_cache *c, const char *name)
{
    *ARRAY_PUSH(c->keep, c->nkeep, c->keep_cap) = xstrdup(name);
}

/* ---- lookup ---------------------------------------------------------------- */

bool cache_file_checksum(const char *path, uint64_t *size_out, uint32_t *crc_out)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC); /* a FIFO must not block us */
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = EINVAL;
        return false;
    }
    /* On the stack: a large malloc would make glibc consolidate the heap,
     * which is slow with libqpdf's many small objects about (assembly
     * checks every paper once more after writing the volume). */
    enum { CHUNK = 1 << 16 };
    unsigned char buf[CHUNK];
    uint64_t total = 0;
    uint32_t crc = 0;
    bool ok = true;
    for (;;) {
        ssize_t r = read(fd, buf, CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            ok = false;
            break;
        }
        if (r == 0)
            break;
        crc = crc32_update(crc, buf, (size_t)r);
        total += (uint64_t)r;
    }
    int saved = errno;
    close(fd);
    errno = saved;
    if (ok) {
        *size_out = total;
        *crc_out = crc;
    }
    return ok;
}

static char *entry_header(const char *name)
{
    return xasprintf("collate-cache/%d %s\n", CACHE_FORMAT, name);
}

/* Read entry name into *out; false when it is missing or not valid for
 * this size and checksum. */
static bool load_entry(const struct inspect_cache *c, const char *name, uint64_t size, uint32_t crc,
                       struct pdf_info *out)
{
    char *path = path_join(c->dir, name);
    size_t len = 0;
    char *data = read_file(path, &len);
    free(path);
    if (!data)
        return false;
    char *header = entry_header(name);
    size_t hlen = strlen(header);
    bool ok = len >= hlen && memcmp(data, header, hlen) == 0 && pdfinfo_deserialize(out, data + hlen, len - hlen);
    free(header);
    free(data);
    if (ok && (out->file_size != size || out->checksum != crc)) {
        pdfinfo_release(out);
        ok = false;
    }
    return ok;
}

enum cache_lookup cache_lookup(struct inspect_cache *c, const char *path, struct pdf_info *out)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return CACHE_MISS_SIZE; /* the worker reports why */
    char name[ENTRY_NAME_LEN + 1];
    entry_name(name, c->params, (uint64_t)st.st_size, 0);
    name[34] = '\0'; /* "<params>-<size>-" */
    if (!listed_with_prefix(c, name))
        return CACHE_MISS_SIZE;
    uint64_t size;
    uint32_t crc;
    if (!cache_file_checksum(path, &size, &crc))
        return CACHE_MISS;
    entry_name(name, c->params, size, crc);
    struct pdf_info info;
    if (!listed(c, name) || !load_entry(c, name, size, crc, &info))
        return CACHE_MISS;
    free(info.path);
    info.path = xstrdup(path);
    *out = info;
    keep(c, name);
    return CACHE_HIT;
}

/* ---- storing --------------------------------------------------------------- */

static void write_failed(struct inspect_cache *c)
{
    struct srcloc loc = {c->dir, 0, 0};
    diag_warning(&loc, "cannot write the inspection cache: %s", strerror(errno));
    diag_hint("the papers are inspected again next time; pass --no-cache to skip the cache");
    c->write_failed = true;
}

bool cache_store(struct inspect_cache *c, const struct pdf_info *info)
{
    if (c->write_failed || info->file_size == 0)
        return false;
    if (!c->dir_ready) {
        if (mkdir_p(c->dir) != 0) {
            write_failed(c);
            return false;
        }
        c->dir_ready = true;
    }
    char name[ENTRY_NAME_LEN + 1];
    entry_name(name, c->params, info->file_size, info->checksum);
    struct strbuf sb = STRBUF_INIT;
    char *header = entry_header(name);
    strbuf_adds(&sb, header);
    free(header);
    size_t len;
    char *blob = pdfinfo_serialize(info, &len);
    strbuf_add(&sb, blob, len);
    free(blob);
    char *path = path_join(c->dir, name);
    int rc = write_file_atomic(path, sb.buf, sb.len);
    free(path);
    strbuf_release(&sb);
    if (rc != 0) {
        write_failed(c);
        return false;
    }
    keep(c, name);
    return true;
}

void cache_prune(struct inspect_cache *c)
{
    DIR *d = opendir(c->dir);
    if (!d)
        return;
    if (c->nkeep)
        qsort(c->keep, c->nkeep, sizeof(*c->keep), cmp_names);
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        bool entry = is_entry_name(name), temp = !entry && is_entry_temp(name);
        if (!entry && !temp)
            continue; /* not ours: leave it */
        char *path = path_join(c->dir, name);
        struct stat st;
        if (entry) {
            const char *key = name;
            if (!c->nkeep || !bsearch(&key, c->keep, c->nkeep, sizeof(*c->keep), cmp_names))
                unlink(path);
        } else if (lstat(path, &st) == 0 && now - st.st_mtime > STALE_TEMP_SECONDS) {
            unlink(path);
        }
        free(path);
    }
    closedir(d);
}

/* ---- inspecting through the cache ------------------------------------------ */

/* Progress of the pool, shifted by the papers already taken from the cache. */
struct shifted_progress {
    const struct pool_options *opts;
    size_t offset, total;
};

static void shifted(size_t done, size_t total, void *arg)
{
    (void)total;
    const struct shifted_progress *sp = arg;
    sp->opts->progress(sp->offset + done, sp->total, sp->opts->progress_arg);
}

size_t cache_lookup_all(struct inspect_cache *c, const char *const *paths, size_t n, struct pdf_info *infos,
                        bool *cached)
{
    size_t hits = 0;
    for (size_t i = 0; i < n; i++) {
        cached[i] = c && cache_lookup(c, paths[i], &infos[i]) == CACHE_HIT;
        hits += cached[i];
    }
    return hits;
}

void cache_inspect_misses(struct inspect_cache *c, const char *const *paths, size_t n, const bool *cached,
                          const struct pool_options *opts, struct pdf_info *infos)
{
    size_t *miss = xcalloc(n ? n : 1, sizeof(*miss));
    size_t nmiss = 0;
    for (size_t i = 0; i < n; i++)
        if (!cached[i])
            miss[nmiss++] = i;
    size_t hits = n - nmiss;
    if (nmiss == 0) {
        if (n && opts->progress)
            opts->progress(n, n, opts->progress_arg);
        free(miss);
        return;
    }
    const char **mpaths = xcalloc(nmiss, sizeof(*mpaths));
    struct pdf_info *minfos = xcalloc(nmiss, sizeof(*minfos));
    bool *failed = xcalloc(nmiss, sizeof(*failed));
    for (size_t k = 0; k < nmiss; k++)
        mpaths[k] = paths[miss[k]];
    struct shifted_progress sp = {opts, hits, n};
    struct pool_options po = *opts;
    if (opts->progress) {
        po.progress = shifted;
        po.progress_arg = &sp;
        if (hits)
            opts->progress(hits, n, opts->progress_arg);
    }
    pool_inspect_ex(mpaths, nmiss, &po, minfos, failed);
    for (size_t k = 0; k < nmiss; k++) {
        infos[miss[k]] = minfos[k];
        if (c && !failed[k])
            cache_store(c, &infos[miss[k]]);
    }
    free(failed);
    free(minfos);
    free(mpaths);
    free(miss);
}

void cache_inspect(struct inspect_cache *c, const char *const *paths, size_t n, const struct pool_options *opts,
                   struct pdf_info *infos, struct cache_stats *stats)
{
    bool *cached = xcalloc(n ? n : 1, sizeof(*cached));
    size_t hits = cache_lookup_all(c, paths, n, infos, cached);
    if (stats) {
        stats->inspected = n - hits;
        stats->cached = hits;
    }
    cache_inspect_misses(c, paths, n, cached, opts, infos);
    free(cached);
}
