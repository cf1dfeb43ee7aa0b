/* digest: SHA-256 and SHA-1 of bytes or of a file, in lower-case hex, to
 * compare a paper's PDF with the final version a submission system
 * records.  Computed by GLib's GChecksum (already linked through
 * poppler-glib).
 *
 * Ownership: returned strings are the caller's. */
#ifndef COLLATE_DIGEST_H
#define COLLATE_DIGEST_H

#include <stddef.h>
#include <stdint.h>

enum digest_kind { DIGEST_SHA256, DIGEST_SHA1 };

char *digest_hex(enum digest_kind kind, const void *data, size_t len);
/* NULL when the file cannot be read (errno set); *size_out gets its size. */
char *digest_file_hex(enum digest_kind kind, const char *path, uint64_t *size_out);

#endif
