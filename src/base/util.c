/* util: allocation, strings, files, paths and atomic output. */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "config.h"

static void out_of_memory(size_t size)
{
    fprintf(stderr, "collate: fatal: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

char *xstrdup(const char *s)
{
    return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n < 0)
        return xstrdup("");
    char *p = xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = xvasprintf(fmt, ap);
    va_end(ap);
    return p;
}

void grow_array(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    *items = xrealloc(*items, n * elem);
    memset((char *)*items + *cap * elem, 0, (n - *cap) * elem);
    *cap = n;
}

static void strbuf_grow(struct strbuf *sb, size_t extra)
{
    if (sb->len + extra + 1 <= sb->cap)
        return;
    size_t n = sb->cap ? sb->cap : 64;
    while (n < sb->len + extra + 1)
        n *= 2;
    sb->buf = xrealloc(sb->buf, n);
    sb->cap = n;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
    strbuf_grow(sb, len);
    memcpy(sb->buf + sb->len, data, len);
    sb->len += len;
    sb->buf[sb->len] = '\0';
}

void strbuf_adds(struct strbuf *sb, const char *s)
{
    strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
    strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n <= 0)
        return;
    strbuf_grow(sb, (size_t)n);
    vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
    sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(sb, fmt, ap);
    va_end(ap);
}

const char *strbuf_str(const struct strbuf *sb)
{
    return sb->buf ? sb->buf : "";
}

char *strbuf_detach(struct strbuf *sb)
{
    char *p = sb->buf ? sb->buf : xstrdup("");
    sb->buf = NULL;
    sb->len = sb->cap = 0;
    return p;
}

void strbuf_release(struct strbuf *sb)
{
    free(sb->buf);
    sb->buf = NULL;
    sb->len = sb->cap = 0;
}

char *read_file(const char *path, size_t *len_out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        strbuf_add(&sb, chunk, n);
    int failed = ferror(fp);
    fclose(fp);
    if (failed) {
        strbuf_release(&sb);
        errno = EIO;
        return NULL;
    }
    if (len_out)
        *len_out = sb.len;
    return strbuf_detach(&sb);
}

char *path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0] || !strcmp(dir, "."))
        return xstrdup(rel);
    size_t n = strlen(dir);
    return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", rel);
}

char *path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *path_absolute(const char *path)
{
    if (path[0] == '/')
        return xstrdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd)))
        return xstrdup(path);
    const char *rel = path;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    return path_join(cwd, rel);
}

bool path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int mkdir_p(const char *path)
{
    if (path_is_dir(path))
        return 0;
    char *copy = xstrdup(path);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    int rc = mkdir(copy, 0777);
    free(copy);
    return rc != 0 && errno != EEXIST ? -1 : 0;
}

/* Paths of temporaries to unlink if a fatal signal arrives.  Signal handlers
 * may only touch this fixed table. */
#define MAX_CLEANUP 1024 /* batch files of a large volume included */
static char *cleanup_paths[MAX_CLEANUP];
static volatile sig_atomic_t interrupted;
static volatile sig_atomic_t in_child; /* set by cleanup_forget_inherited */
/* Running children (process group leaders; 0: free slot), stopped before
 * the paths are removed so that none renames a file into place after. */
#define MAX_CLEANUP_CHILDREN 256
static volatile sig_atomic_t cleanup_children[MAX_CLEANUP_CHILDREN];
#define CHILD_GRACE_TICKS 200 /* of 10 ms: how long children get to clean up */

void cleanup_register(const char *path)
{
    for (int i = 0; i < MAX_CLEANUP; i++)
        if (!cleanup_paths[i]) {
            cleanup_paths[i] = xstrdup(path);
            return;
        }
}

void cleanup_unregister(const char *path)
{
    for (int i = 0; i < MAX_CLEANUP; i++)
        if (cleanup_paths[i] && strcmp(cleanup_paths[i], path) == 0) {
            char *p = cleanup_paths[i];
            cleanup_paths[i] = NULL;
            free(p);
            return;
        }
}

void cleanup_register_child(pid_t pid)
{
    for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++)
        if (!cleanup_children[i]) {
            cleanup_children[i] = pid;
            return;
        }
}

void cleanup_unregister_child(pid_t pid)
{
    for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++)
        if (cleanup_children[i] == pid) {
            cleanup_children[i] = 0;
            return;
        }
}

static void signal_child(pid_t pid, int sig)
{
    if (kill(-pid, sig) != 0)
        kill(pid, sig);
}

/* In the handler: SIGTERM every registered child (its own handler removes
 * its temporaries), reap them, SIGKILL those still there after the grace. */
static void stop_children(void)
{
    for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++)
        if (cleanup_children[i])
            signal_child(cleanup_children[i], SIGTERM);
    const struct timespec tick = {0, 10 * 1000 * 1000};
    for (int round = 0; round < CHILD_GRACE_TICKS; round++) {
        bool left = false;
        for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++) {
            pid_t pid = cleanup_children[i];
            if (!pid)
                continue;
            if (waitpid(pid, NULL, WNOHANG) == 0)
                left = true;
            else
                cleanup_children[i] = 0; /* reaped, or not ours */
        }
        if (!left)
            return;
        nanosleep(&tick, NULL);
    }
    for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++)
        if (cleanup_children[i]) {
            signal_child(cleanup_children[i], SIGKILL);
            waitpid(cleanup_children[i], NULL, 0);
        }
}

static void on_fatal_signal(int sig)
{
    interrupted = 1;
    stop_children();
    for (int i = 0; i < MAX_CLEANUP; i++)
        if (cleanup_paths[i])
            unlink(cleanup_paths[i]);
    static const char msg[] = "collate: interrupted; no output was written\n";
    if (!in_child) {
        ssize_t ignored = write(2, msg, sizeof(msg) - 1);
        (void)ignored;
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void cleanup_install_signal_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask); /* one handler at a time: it does not return */
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* Past a file-size limit a write should fail with EFBIG, like a full
     * disk, not kill the process and strand its temporary file. */
    signal(SIGXFSZ, SIG_IGN);
}

void cleanup_forget_inherited(void)
{
    in_child = 1;
    for (int i = 0; i < MAX_CLEANUP; i++) {
        char *p = cleanup_paths[i];
        cleanup_paths[i] = NULL;
        free(p);
    }
    for (int i = 0; i < MAX_CLEANUP_CHILDREN; i++)
        cleanup_children[i] = 0; /* siblings, not ours */
}

bool cleanup_interrupted(void)
{
    return interrupted != 0;
}

int atomic_file_open(struct atomic_file *af, const char *final_path)
{
    af->final_path = xstrdup(final_path);
    af->tmp_path = xasprintf("%s.tmpXXXXXX", final_path);
    af->fd = mkstemp(af->tmp_path);
    if (af->fd < 0) {
        int e = errno;
        free(af->final_path);
        free(af->tmp_path);
        af->final_path = af->tmp_path = NULL;
        errno = e;
        return -1;
    }
    fchmod(af->fd, 0644);
    cleanup_register(af->tmp_path);
    return 0;
}

int atomic_file_commit(struct atomic_file *af)
{
    int rc = 0;
    if (af->fd >= 0) {
        if (fsync(af->fd) != 0 && errno != EINVAL)
            rc = -1;
        if (close(af->fd) != 0)
            rc = -1;
        af->fd = -1;
    }
    if (rc == 0 && rename(af->tmp_path, af->final_path) != 0)
        rc = -1;
    int e = errno;
    if (rc != 0)
        unlink(af->tmp_path);
    cleanup_unregister(af->tmp_path);
    free(af->tmp_path);
    free(af->final_path);
    af->tmp_path = af->final_path = NULL;
    errno = e;
    return rc;
}

void atomic_file_abort(struct atomic_file *af)
{
    if (af->fd >= 0)
        close(af->fd);
    af->fd = -1;
    if (af->tmp_path) {
        unlink(af->tmp_path);
        cleanup_unregister(af->tmp_path);
    }
    free(af->tmp_path);
    free(af->final_path);
    af->tmp_path = af->final_path = NULL;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
    struct atomic_file af;
    if (atomic_file_open(&af, path) != 0)
        return -1;
    if (write_all(af.fd, data, len) != 0) {
        int e = errno;
        atomic_file_abort(&af);
        errno = e;
        return -1;
    }
    return atomic_file_commit(&af);
}

int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* no progress: do not spin */
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int64_t build_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    if (s && *s) {
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (!*end && errno == 0 && v >= 0)
            return v;
    }
    /* One time for the whole run: every date a build writes agrees. */
    static int64_t now = -1;
    if (now < 0)
        now = (int64_t)time(NULL);
    return now;
}

bool str_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char cb = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (ca != cb)
            return false;
    }
    return *a == *b;
}

bool str_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        uInt chunk = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = (uint32_t)crc32(crc, p, chunk);
        p += chunk;
        len -= chunk;
    }
    return crc;
}

/* Directory of the running binary, from /proc (NULL when unknown). */
static char *exe_dir(void)
{
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    return path_dirname(buf);
}

char *data_dir_find(const char *env, const char *sub, const char *marker)
{
    const char *e = getenv(env);
    if (e && *e)
        return xstrdup(e);
    char *dir = exe_dir();
    char *candidates[5] = {0};
    if (dir) {
        candidates[0] = xasprintf("%s/../share/collate/%s", dir, sub); /* installed */
        candidates[1] = xasprintf("%s/%s", dir, sub);                  /* build trees */
        candidates[2] = xasprintf("%s/../%s", dir, sub);
    }
    candidates[3] = xasprintf("%s/%s", COLLATE_DATADIR, sub);
    candidates[4] = xasprintf("%s/%s", COLLATE_SOURCE_DIR, sub);
    char *found = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(candidates); i++) {
        char *probe = candidates[i] && marker ? path_join(candidates[i], marker) : NULL;
        bool ok = candidates[i] && (marker ? path_exists(probe) : path_is_dir(candidates[i]));
        free(probe);
        if (!found && ok)
            found = candidates[i];
        else
            free(candidates[i]);
    }
    free(dir);
    return found ? found : xstrdup(sub);
}
