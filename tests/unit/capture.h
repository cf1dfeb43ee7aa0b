/* Unit-test helper: run a function with stderr captured, to assert on the
 * exact diagnostics it prints.  Include after <cmocka.h>. */
#ifndef COLLATE_TEST_CAPTURE_H
#define COLLATE_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/util.h"

/* Run fn(arg) with stderr going to a string, returned (caller frees). */
static inline char *capture_stderr(void (*fn)(void *), void *arg)
{
    char path[] = "/tmp/collate-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn(arg);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    char *text = read_file(path, NULL);
    unlink(path);
    assert_non_null(text);
    return text;
}

#endif
