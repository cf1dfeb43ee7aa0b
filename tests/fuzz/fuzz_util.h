/* Shared by the fuzz targets: hand the input to code that reads files,
 * through a scratch file.  Run the targets with -close_fd_mask=2: the
 * diagnostics they print are expected, libFuzzer's own reports remain. */
#ifndef COLLATE_FUZZ_UTIL_H
#define COLLATE_FUZZ_UTIL_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Path of a scratch file holding data (rewritten by the next call). */
static const char *fuzz_file(const unsigned char *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        snprintf(path, sizeof(path), "/tmp/collate-fuzz-XXXXXX");
        fd = mkstemp(path);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        return NULL;
    return path;
}

#endif
