/* Unit tests: util's growable arrays and strings, formatting, files, paths,
 * atomic output, clean-up on fatal signals, SOURCE_DATE_EPOCH, CRC-32 and
 * the data folder search. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp, setenv (CMake defines it too) */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/util.h"

/* A fresh temporary folder per test, removed with everything in it. */
static int make_tmpdir(void **state)
{
    char *dir = xstrdup("/tmp/collate-util-XXXXXX");
    assert_non_null(mkdtemp(dir));
    *state = dir;
    return 0;
}

static int remove_tmpdir(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", (char *)*state);
    int rc = system(cmd);
    free(cmd);
    free(*state);
    return rc == 0 ? 0 : -1;
}

static void test_xstr(void **state)
{
    assert_null(xstrdup(NULL));
    char *s = xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
    s = xstrndup("a\0b", 3); /* copies n bytes, NULs included */
    assert_memory_equal(s, "a\0b\0", 4);
    free(s);
    s = xasprintf("%s-%d-%5.2f", "x", -7, 3.14159);
    assert_string_equal(s, "x--7- 3.14");
    free(s);
    s = xasprintf("%s", "");
    assert_string_equal(s, "");
    free(s);
    /* Longer than any internal buffer. */
    s = xasprintf("%0200000d|", 5);
    assert_int_equal(strlen(s), 200001);
    assert_string_equal(s + 199999, "5|");
    free(s);
}

static void test_grow_array(void **state)
{
    int *items = NULL;
    size_t n = 0, cap = 0;
    grow_array((void **)&items, &cap, 1, sizeof(*items));
    assert_int_equal(cap, 8);
    int *before = items;
    grow_array((void **)&items, &cap, 8, sizeof(*items)); /* fits: no change */
    assert_ptr_equal(items, before);
    assert_int_equal(cap, 8);
    grow_array((void **)&items, &cap, 9, sizeof(*items));
    assert_int_equal(cap, 16);
    grow_array((void **)&items, &cap, 1000, sizeof(*items));
    assert_int_equal(cap, 1024);
    for (size_t i = 0; i < cap; i++) /* new space is zeroed */
        assert_int_equal(items[i], 0);
    free(items);

    items = NULL;
    cap = 0;
    for (int i = 0; i < 100000; i++)
        *ARRAY_PUSH(items, n, cap) = i * 3;
    assert_int_equal(n, 100000);
    assert_true(cap >= n);
    for (int i = 0; i < 100000; i++)
        assert_int_equal(items[i], i * 3);
    free(items);
}

static void test_strbuf(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(strbuf_str(&sb), ""); /* empty is "", never NULL */
    strbuf_addf(&sb, "%s", "");
    assert_int_equal(sb.len, 0);
    strbuf_adds(&sb, "ab");
    strbuf_addch(&sb, 'c');
    strbuf_add(&sb, "d\0e", 3);
    strbuf_addf(&sb, "[%d]", 42);
    assert_int_equal(sb.len, 10);
    assert_memory_equal(sb.buf, "abcd\0e[42]", 11); /* NUL-terminated too */
    char *s = strbuf_detach(&sb);
    assert_null(sb.buf);
    assert_int_equal(sb.len, 0);
    assert_int_equal(sb.cap, 0);
    free(s);
    /* Detaching an empty buffer gives an allocated "". */
    s = strbuf_detach(&sb);
    assert_string_equal(s, "");
    free(s);
    /* Large appends, one at a time and formatted. */
    for (int i = 0; i < 1 << 20; i++)
        strbuf_addch(&sb, (char)('a' + i % 26));
    strbuf_addf(&sb, "%0100000d", 0);
    assert_int_equal(sb.len, (1u << 20) + 100000);
    assert_int_equal(strlen(sb.buf), sb.len);
    assert_true(sb.cap > sb.len);
    strbuf_release(&sb);
    strbuf_release(&sb); /* twice is fine */
    assert_null(sb.buf);
}

static char *in_dir(void **state, const char *name)
{
    return path_join((const char *)*state, name);
}

static void test_read_file(void **state)
{
    char *path = in_dir(state, "data.bin");
    assert_int_equal(write_file_atomic(path, "x\0y", 3), 0);
    size_t len = 99;
    char *data = read_file(path, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "x\0y\0", 4);
    free(data);
    /* Empty file: "" and length 0; len_out is optional. */
    assert_int_equal(write_file_atomic(path, "", 0), 0);
    data = read_file(path, &len);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
    data = read_file(path, NULL);
    assert_non_null(data);
    free(data);
    /* Larger than the read chunk. */
    size_t big = 200000;
    char *content = xmalloc(big);
    for (size_t i = 0; i < big; i++)
        content[i] = (char)(i * 7);
    assert_int_equal(write_file_atomic(path, content, big), 0);
    data = read_file(path, &len);
    assert_int_equal(len, big);
    assert_memory_equal(data, content, big);
    free(data);
    free(content);
    free(path);
    /* Failures set errno. */
    path = in_dir(state, "missing");
    errno = 0;
    assert_null(read_file(path, &len));
    assert_int_equal(errno, ENOENT);
    free(path);
    errno = 0;
    assert_null(read_file((const char *)*state, &len)); /* a folder */
    assert_int_equal(errno, EIO);
}

static void assert_str_free(char *got, const char *want)
{
    assert_string_equal(got, want);
    free(got);
}

static void test_paths(void **state)
{
    assert_str_free(path_join("a", "b"), "a/b");
    assert_str_free(path_join("a/", "b"), "a/b");
    assert_str_free(path_join("/", "b"), "/b");
    assert_str_free(path_join("a", "/abs"), "/abs");
    assert_str_free(path_join(NULL, "b"), "b");
    assert_str_free(path_join("", "b"), "b");
    assert_str_free(path_join(".", "b"), "b");
    assert_str_free(path_join("a/b", "../c"), "a/b/../c"); /* no normalisation */

    assert_str_free(path_dirname("a/b/c.pdf"), "a/b");
    assert_str_free(path_dirname("c.pdf"), ".");
    assert_str_free(path_dirname("/c.pdf"), "/");
    assert_str_free(path_dirname("/"), "/");
    assert_str_free(path_dirname("a/"), "a");
    assert_str_free(path_dirname(""), ".");

    assert_string_equal(path_basename("a/b/c.pdf"), "c.pdf");
    assert_string_equal(path_basename("c.pdf"), "c.pdf");
    assert_string_equal(path_basename("a/"), "");
    const char *p = "x/y";
    assert_ptr_equal(path_basename(p), p + 2); /* borrowed */

    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_str_free(path_absolute("/abs/x"), "/abs/x");
    char *want = xasprintf("%s/x", cwd);
    assert_str_free(path_absolute("x"), want);
    assert_str_free(path_absolute("./x"), want);
    assert_str_free(path_absolute("././x"), want);
    free(want);
    want = xasprintf("%s/../x", cwd);
    assert_str_free(path_absolute("../x"), want); /* no symlink or .. resolution */
    free(want);
}

static void test_mkdir_p(void **state)
{
    char *deep = in_dir(state, "a/b/c");
    assert_int_equal(mkdir_p(deep), 0);
    assert_true(path_is_dir(deep));
    assert_int_equal(mkdir_p(deep), 0); /* existing */
    char *slash = in_dir(state, "a/d/");
    assert_int_equal(mkdir_p(slash), 0); /* a trailing slash */
    assert_true(path_is_dir(slash));
    /* A file in the way. */
    char *file = in_dir(state, "a/file");
    assert_int_equal(write_file_atomic(file, "x", 1), 0);
    assert_true(path_exists(file));
    assert_false(path_is_dir(file));
    char *under = in_dir(state, "a/file/sub");
    errno = 0;
    assert_int_equal(mkdir_p(under), -1);
    assert_int_equal(errno, ENOTDIR);
    assert_false(path_exists(under));
    free(deep);
    free(slash);
    free(file);
    free(under);
}

static void test_atomic_file(void **state)
{
    char *path = in_dir(state, "out.pdf");
    assert_int_equal(write_file_atomic(path, "old", 3), 0);

    /* Until commit, readers see the previous file. */
    struct atomic_file af;
    assert_int_equal(atomic_file_open(&af, path), 0);
    assert_true(af.fd >= 0);
    assert_true(str_starts_with(af.tmp_path, path));
    assert_non_null(strstr(af.tmp_path, ".tmp"));
    char *tmp = xstrdup(af.tmp_path);
    assert_int_equal(write(af.fd, "new", 3), 3);
    char *data = read_file(path, NULL);
    assert_string_equal(data, "old");
    free(data);
    assert_int_equal(atomic_file_commit(&af), 0);
    assert_null(af.tmp_path);
    assert_null(af.final_path);
    data = read_file(path, NULL);
    assert_string_equal(data, "new");
    free(data);
    assert_false(path_exists(tmp));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    free(tmp);

    /* Abort leaves the previous file and no temporary; twice is safe. */
    assert_int_equal(atomic_file_open(&af, path), 0);
    tmp = xstrdup(af.tmp_path);
    assert_int_equal(write(af.fd, "partial", 7), 7);
    atomic_file_abort(&af);
    atomic_file_abort(&af);
    assert_false(path_exists(tmp));
    data = read_file(path, NULL);
    assert_string_equal(data, "new");
    free(data);
    free(tmp);
    free(path);

    /* A folder that does not exist. */
    path = in_dir(state, "no/such/out.pdf");
    errno = 0;
    assert_int_equal(atomic_file_open(&af, path), -1);
    assert_int_equal(errno, ENOENT);
    assert_null(af.tmp_path);
    assert_null(af.final_path);
    assert_int_equal(write_file_atomic(path, "x", 1), -1);
    free(path);
}

/* In a child: register path, maybe unregister it, and die of SIGTERM.
 * Returns whether the file survived. */
static bool survives_sigterm(const char *path, bool unregister)
{
    assert_int_equal(write_file_atomic(path, "tmp", 3), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2); /* the "interrupted" message */
        cleanup_install_signal_handlers();
        cleanup_register(path);
        if (unregister)
            cleanup_unregister(path);
        raise(SIGTERM);
        _exit(0); /* not reached: the handler re-raises with the default action */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    return path_exists(path);
}

static void test_cleanup_on_signal(void **state)
{
    char *path = in_dir(state, "partial.tmp");
    assert_false(survives_sigterm(path, false));
    assert_true(survives_sigterm(path, true));
    assert_false(cleanup_interrupted()); /* only the children were signalled */
    free(path);
}

static void test_build_epoch(void **state)
{
    char *saved = xstrdup(getenv("SOURCE_DATE_EPOCH"));
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    assert_int_equal(build_epoch(), 1700000000);
    setenv("SOURCE_DATE_EPOCH", "0", 1);
    assert_int_equal(build_epoch(), 0);
    /* Invalid values fall back to the clock. */
    static const char *const bad[] = {"", "abc", "12x", "-5", "99999999999999999999999"};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        setenv("SOURCE_DATE_EPOCH", bad[i], 1);
        int64_t before = (int64_t)time(NULL);
        int64_t got = build_epoch();
        if (got < before || got > (int64_t)time(NULL))
            fail_msg("SOURCE_DATE_EPOCH='%s' gave %lld, not the current time", bad[i], (long long)got);
    }
    unsetenv("SOURCE_DATE_EPOCH");
    assert_true(build_epoch() > 1700000000);
    if (saved)
        setenv("SOURCE_DATE_EPOCH", saved, 1);
    free(saved);
}

static void test_strings(void **state)
{
    assert_true(str_ieq("ABC", "abc"));
    assert_true(str_ieq("", ""));
    assert_false(str_ieq("abc", "abcd"));
    assert_false(str_ieq("abcd", "abc"));
    assert_false(str_ieq("a", "b"));
    assert_true(str_ieq("Letter-2", "lETTER-2"));
    assert_false(str_ieq("\xC3\x89", "\xC3\xA9")); /* ASCII only: É is not é */
    assert_false(str_ieq("[", "{"));               /* not a bit trick on punctuation */

    assert_true(str_starts_with("prefix-rest", "prefix"));
    assert_true(str_starts_with("x", ""));
    assert_false(str_starts_with("pre", "prefix"));
    assert_true(str_ends_with("paper.pdf", ".pdf"));
    assert_true(str_ends_with("x", ""));
    assert_true(str_ends_with(".pdf", ".pdf"));
    assert_false(str_ends_with("pdf", ".pdf"));
    assert_false(str_ends_with("paper.PDF", ".pdf"));
}

static void test_crc32(void **state)
{
    assert_int_equal(crc32_update(0, "", 0), 0);
    assert_int_equal(crc32_update(0, "123456789", 9), 0xCBF43926u); /* the standard check value */
    /* In pieces, the same. */
    uint32_t crc = crc32_update(0, "1234", 4);
    assert_int_equal(crc32_update(crc, "56789", 5), 0xCBF43926u);
    size_t n = 3u << 20;
    unsigned char *buf = xcalloc(n, 1);
    uint32_t whole = crc32_update(0, buf, n);
    uint32_t parts = crc32_update(crc32_update(0, buf, 1000), buf + 1000, n - 1000);
    assert_int_equal(whole, parts);
    free(buf);
}

static void test_data_dir(void **state)
{
    setenv("COLLATE_TEST_DIR", "/some/where", 1);
    assert_str_free(data_dir_find("COLLATE_TEST_DIR", "styles", "ieee-conference.yml"), "/some/where");
    /* Empty counts as unset. */
    setenv("COLLATE_TEST_DIR", "", 1);
    char *dir = data_dir_find("COLLATE_TEST_DIR", "styles", "ieee-conference.yml");
    assert_true(str_ends_with(dir, "/styles"));
    char *probe = path_join(dir, "ieee-conference.yml");
    assert_true(path_exists(probe));
    free(probe);
    free(dir);
    unsetenv("COLLATE_TEST_DIR");
    /* A marker found nowhere: the bare name. */
    assert_str_free(data_dir_find("COLLATE_TEST_DIR", "styles", "no-such-file.yml"), "styles");
}

#define TMP_TEST(f) cmocka_unit_test_setup_teardown(f, make_tmpdir, remove_tmpdir)

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xstr),    cmocka_unit_test(test_grow_array), cmocka_unit_test(test_strbuf),
        TMP_TEST(test_read_file),       cmocka_unit_test(test_paths),      TMP_TEST(test_mkdir_p),
        TMP_TEST(test_atomic_file),     TMP_TEST(test_cleanup_on_signal),  cmocka_unit_test(test_build_epoch),
        cmocka_unit_test(test_strings), cmocka_unit_test(test_crc32),      cmocka_unit_test(test_data_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
