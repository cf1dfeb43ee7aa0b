/* archive: zip and tar archives entry by entry, through libarchive (the
 * only user of archive.h). */
#include "import/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/util.h"

#define BLOCK_SIZE 65536

struct arc_reader {
    struct archive *a;
    struct archive_entry *entry; /* current entry, owned by a */
    char error[256];
};

static struct arc_reader *arc_new(void)
{
    struct arc_reader *r = xcalloc(1, sizeof(*r));
    r->a = archive_read_new();
    archive_read_support_filter_all(r->a);
    archive_read_support_format_zip(r->a);
    archive_read_support_format_tar(r->a);
    archive_read_support_format_gnutar(r->a);
    return r;
}

static struct arc_reader *arc_opened(struct arc_reader *r, int rc, char *err, size_t errlen)
{
    if (rc == ARCHIVE_OK)
        return r;
    snprintf(err, errlen, "%s", archive_error_string(r->a) ? archive_error_string(r->a) : "not an archive");
    arc_close(r);
    return NULL;
}

struct arc_reader *arc_open_file(const char *path, char *err, size_t errlen)
{
    struct arc_reader *r = arc_new();
    return arc_opened(r, archive_read_open_filename(r->a, path, BLOCK_SIZE), err, errlen);
}

struct arc_reader *arc_open_memory(const void *data, size_t len, char *err, size_t errlen)
{
    struct arc_reader *r = arc_new();
    return arc_opened(r, archive_read_open_memory(r->a, data, len), err, errlen);
}

/* Absolute, or a ".." component anywhere (either separator). */
static bool unsafe_name(const char *name)
{
    if (name[0] == '/' || name[0] == '\\' || (name[0] && name[1] == ':'))
        return true;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, "/\\");
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        p += n;
        if (*p)
            p++;
    }
    return false;
}

int arc_next(struct arc_reader *r, struct arc_entry *out)
{
    int rc = archive_read_next_header(r->a, &r->entry);
    if (rc == ARCHIVE_EOF)
        return 0;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        snprintf(r->error, sizeof(r->error), "%s",
                 archive_error_string(r->a) ? archive_error_string(r->a) : "damaged archive");
        return -1;
    }
    const char *name = archive_entry_pathname_utf8(r->entry);
    if (!name)
        name = archive_entry_pathname(r->entry);
    out->name = name ? name : "";
    mode_t type = archive_entry_filetype(r->entry);
    if (archive_entry_hardlink(r->entry) || archive_entry_symlink(r->entry) || type == AE_IFLNK)
        out->kind = ARC_LINK;
    else if (type == AE_IFDIR)
        out->kind = ARC_DIR;
    else if (type == AE_IFREG)
        out->kind = ARC_FILE;
    else
        out->kind = ARC_OTHER;
    out->size = archive_entry_size_is_set(r->entry) ? archive_entry_size(r->entry) : -1;
    out->unsafe_name = unsafe_name(out->name);
    return 1;
}

char *arc_read(struct arc_reader *r, size_t max, size_t *len_out, bool *too_large)
{
    *too_large = false;
    struct strbuf sb = STRBUF_INIT;
    char buf[BLOCK_SIZE];
    for (;;) {
        la_ssize_t n = archive_read_data(r->a, buf, sizeof(buf));
        if (n < 0) {
            snprintf(r->error, sizeof(r->error), "%s",
                     archive_error_string(r->a) ? archive_error_string(r->a) : "damaged entry");
            strbuf_release(&sb);
            return NULL;
        }
        if (n == 0)
            break;
        if (sb.len + (size_t)n > max) { /* stop before a bomb fills memory */
            *too_large = true;
            strbuf_release(&sb);
            return NULL;
        }
        strbuf_add(&sb, buf, (size_t)n);
    }
    *len_out = sb.len;
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

int64_t arc_compressed_bytes(const struct arc_reader *r)
{
    return archive_filter_bytes(r->a, -1);
}

const char *arc_error(const struct arc_reader *r)
{
    return r->error[0] ? r->error : "damaged archive";
}

void arc_close(struct arc_reader *r)
{
    if (!r)
        return;
    archive_read_free(r->a);
    free(r);
}

bool arc_is_archive_name(const char *path)
{
    static const char *const ext[] = {".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"};
    for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
        size_t n = strlen(path), m = strlen(ext[i]);
        if (n > m && !strcasecmp(path + n - m, ext[i]))
            return true;
    }
    return false;
}
