/* archive: reading zip and tar archives (also .tar.gz, .tgz, .tar.bz2,
 * .tar.xz) entry by entry, for the PDFs a submission system delivers and
 * for .xlsx workbooks (a zip).  The only user of libarchive.
 *
 * Nothing is ever extracted by its name in the archive: callers read an
 * entry's bytes into memory, with a cap, and decide where they go.  The
 * reader still classifies names that would escape a folder (absolute, or
 * with a ".." component) and links, so callers can refuse such archives.
 *
 * Ownership: an arc_reader is freed with arc_close; an entry's name is
 * borrowed until the next arc_next; arc_read returns memory the caller
 * frees. */
#ifndef COLLATE_ARCHIVE_H
#define COLLATE_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arc_reader;

enum arc_kind { ARC_FILE, ARC_DIR, ARC_LINK, ARC_OTHER };

struct arc_entry {
    const char *name;   /* path inside the archive, as stored (UTF-8 where the archive says so) */
    enum arc_kind kind; /* ARC_LINK: a symbolic or hard link */
    int64_t size;       /* uncompressed size as the header gives it; -1 when unknown */
    bool unsafe_name;   /* absolute, or has a ".." component */
};

/* Open the archive file at path (zip or tar, compressed or not), or data in
 * memory (borrowed; it must outlive the reader).  NULL with a message in
 * err (at most errlen bytes) when it is not an archive. */
struct arc_reader *arc_open_file(const char *path, char *err, size_t errlen);
struct arc_reader *arc_open_memory(const void *data, size_t len, char *err, size_t errlen);

/* The next entry: 1 with *out filled, 0 at the end, -1 on a damaged
 * archive (arc_error says why). */
int arc_next(struct arc_reader *a, struct arc_entry *out);

/* The bytes of the current entry, at most max: NULL when it is larger
 * (*too_large set) or cannot be read (arc_error). */
char *arc_read(struct arc_reader *a, size_t max, size_t *len_out, bool *too_large);

/* Total bytes read from the compressed input so far (for ratio checks). */
int64_t arc_compressed_bytes(const struct arc_reader *a);

const char *arc_error(const struct arc_reader *a);
void arc_close(struct arc_reader *a);

/* Whether path names an archive collate can read, by its name (.zip, .tar,
 * .tar.gz, .tgz, .tar.bz2, .tar.xz). */
bool arc_is_archive_name(const char *path);

#endif
