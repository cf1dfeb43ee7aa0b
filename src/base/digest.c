/* digest: SHA-256 and SHA-1 through GLib's GChecksum. */
#include "base/digest.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>

#include "base/util.h"

static GChecksumType glib_type(enum digest_kind kind)
{
    return kind == DIGEST_SHA1 ? G_CHECKSUM_SHA1 : G_CHECKSUM_SHA256;
}

char *digest_hex(enum digest_kind kind, const void *data, size_t len)
{
    GChecksum *c = g_checksum_new(glib_type(kind));
    const unsigned char *p = data;
    while (len > 0) { /* g_checksum_update takes a gssize */
        size_t n = len > (1u << 30) ? (1u << 30) : len;
        g_checksum_update(c, p, (gssize)n);
        p += n;
        len -= n;
    }
    char *hex = xstrdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return hex;
}

char *digest_file_hex(enum digest_kind kind, const char *path, uint64_t *size_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    GChecksum *c = g_checksum_new(glib_type(kind));
    unsigned char buf[65536];
    uint64_t size = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        g_checksum_update(c, buf, (gssize)n);
        size += n;
    }
    int failed = ferror(f);
    fclose(f);
    char *hex = failed ? NULL : xstrdup(g_checksum_get_string(c));
    g_checksum_free(c);
    if (failed)
        errno = EIO;
    if (size_out)
        *size_out = size;
    return hex;
}
