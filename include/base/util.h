/* util: allocation that dies on exhaustion, a growable string, files and paths.
 *
 * Ownership: every returned pointer belongs to the caller and is released
 * with free() (strings) or strbuf_release(); free functions accept NULL. */
#ifndef COLLATE_UTIL_H
#define COLLATE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);             /* NULL stays NULL */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow *items (of *cap elements of size elem) so that index need-1 fits. */
void grow_array(void **items, size_t *cap, size_t need, size_t elem);
#define ARRAY_PUSH(arr, n, cap) \
    (grow_array((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

struct strbuf {
    char *buf;  /* always NUL-terminated once anything was added */
    size_t len; /* bytes used, excluding the NUL */
    size_t cap; /* bytes allocated */
};
#define STRBUF_INIT {NULL, 0, 0}

void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
const char *strbuf_str(const struct strbuf *sb); /* "" when empty; borrowed */
char *strbuf_detach(struct strbuf *sb);         /* caller frees; sb is reset */
void strbuf_release(struct strbuf *sb);

/* Whole file into memory (NUL-terminated). NULL with errno set on failure. */
char *read_file(const char *path, size_t *len_out);

/* Path helpers; all return new strings. */
char *path_join(const char *dir, const char *rel); /* rel kept if absolute */
char *path_dirname(const char *path);
const char *path_basename(const char *path);        /* borrowed */
char *path_absolute(const char *path);              /* against the cwd, no symlink resolution */
bool path_exists(const char *path);
bool path_is_dir(const char *path);
int mkdir_p(const char *path);                      /* 0 or -1 with errno */

/* Atomic output: write to a temporary sibling, then rename over the final
 * name, so readers never see a partial file and a failed run leaves the
 * previous output intact. */
struct atomic_file {
    char *final_path; /* where the output goes on commit */
    char *tmp_path;   /* the sibling being written */
    int fd;           /* open on tmp_path, -1 after close */
};
int atomic_file_open(struct atomic_file *af, const char *final_path); /* 0 / -1 errno */
int atomic_file_commit(struct atomic_file *af);  /* fsync + rename; 0 / -1 errno */
void atomic_file_abort(struct atomic_file *af);  /* remove the temporary; safe twice */
/* Write a buffer to path atomically. */
int write_file_atomic(const char *path, const void *data, size_t len);

/* Write all len bytes of data to fd, again after an interruption.  0, or
 * -1 with errno set. */
int write_all(int fd, const void *data, size_t len);

/* Temporary files still open when a fatal signal arrives are removed by the
 * handler; atomic_file registers itself here.  Child processes registered
 * (by base/runner) are stopped and reaped first, so that none is left
 * running or writing a file after the paths are removed. */
void cleanup_register(const char *path);
void cleanup_unregister(const char *path);
void cleanup_register_child(pid_t pid);   /* pid leads its own process group */
void cleanup_unregister_child(pid_t pid); /* before the child is reaped */
void cleanup_install_signal_handlers(void);
bool cleanup_interrupted(void); /* SIGINT/SIGTERM seen */
/* In a forked child: forget the paths the parent registered (they are the
 * parent's to remove) and stay silent on a fatal signal (the parent reports
 * it); paths the child registers afterwards are removed as usual. */
void cleanup_forget_inherited(void);

/* A folder of collate's data (styles, fonts): $env when set, else the first
 * of <exe>/../share/collate/<sub>, <exe>/<sub>, <exe>/../<sub> (build
 * trees), the install folder and the source tree that exists and holds
 * marker (a file name, or NULL for any folder).  Falls back to <sub>. */
char *data_dir_find(const char *env, const char *sub, const char *marker);

/* Seconds since the epoch for output metadata: SOURCE_DATE_EPOCH when set
 * and valid, else the current time. */
int64_t build_epoch(void);

/* Case-insensitive ASCII comparison. */
bool str_ieq(const char *a, const char *b);
bool str_starts_with(const char *s, const char *prefix);
bool str_ends_with(const char *s, const char *suffix);

/* CRC-32 over a buffer (zlib), continuing from crc (start at 0). */
uint32_t crc32_update(uint32_t crc, const void *data, size_t len);

#endif
