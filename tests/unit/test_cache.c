/* Unit tests: the inspection cache.  Keys, store and lookup, misses that
 * do not read the file, damaged entries, pruning, and inspecting through
 * the worker pool (cached results, transient failures not kept), and the
 * lookup apart from inspecting the misses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "inspect/cache.h"
#include "inspect/pool.h"
#include "manifest/style.h"
#include "base/util.h"

static struct style *ieee, *lncs;
static char tmpdir[] = "/tmp/collate-test-cache-XXXXXX";

static char *tmp_path(const char *name)
{
    return path_join(tmpdir, name);
}

static void write_text(const char *path, const char *text)
{
    assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
}

static int setup(void **state)
{
    ieee = style_load("ieee-conference");
    lncs = style_load("lncs");
    return ieee && lncs && mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    style_free(ieee);
    style_free(lncs);
    return rc == 0 ? 0 : -1;
}

/* Number of files in dir whose name does not start with a dot. */
static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        n += de->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Path of the only entry in dir; caller frees. */
static char *only_entry(const char *dir)
{
    assert_int_equal(count_files(dir), 1);
    DIR *d = opendir(dir);
    struct dirent *de;
    char *path = NULL;
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            path = path_join(dir, de->d_name);
    closedir(d);
    return path;
}

/* An inspection result for the file at path, as a worker would send it. */
static void fake_result(struct pdf_info *info, const char *path)
{
    pdfinfo_init(info, "as-inspected.pdf");
    assert_true(cache_file_checksum(path, &info->file_size, &info->checksum));
    info->version = 17;
    info->npages = 2;
    info->pages = xcalloc(2, sizeof(*info->pages));
    info->pages[1].width = 612;
    info->pages[1].height = 792;
    info->first_page_text = xstrdup("A Title\nAn Author\n");
    info->sections_searched = true;
    info->sections[SECTION_APPENDIX] = (struct section_start){2, 306.5, 72.25, true};
}

static void test_digest(void **state)
{
    uint64_t d = cache_params_digest(ieee);
    assert_true(d == cache_params_digest(ieee));
    assert_true(d != cache_params_digest(lncs));
    assert_true(d != cache_params_digest(NULL));
    double saved = ieee->margin_tolerance;
    ieee->margin_tolerance += 0.5;
    assert_true(d != cache_params_digest(ieee));
    ieee->margin_tolerance = saved;
    saved = ieee->sizes[ieee->nsizes - 1].left;
    ieee->sizes[ieee->nsizes - 1].left += 1;
    assert_true(d != cache_params_digest(ieee));
    ieee->sizes[ieee->nsizes - 1].left = saved;
    saved = ieee->size_tolerance;
    ieee->size_tolerance *= 2;
    assert_true(d != cache_params_digest(ieee));
    ieee->size_tolerance = saved;
    ieee->count = PAGE_COUNT_BODY; /* headings are looked for */
    assert_true(d != cache_params_digest(ieee));
    ieee->count = PAGE_COUNT_ALL;
    assert_true(d == cache_params_digest(ieee));
}

static void test_checksum(void **state)
{
    char *path = tmp_path("check.txt");
    write_text(path, "123456789");
    uint64_t size = 0;
    uint32_t crc = 0;
    assert_true(cache_file_checksum(path, &size, &crc));
    assert_int_equal(size, 9);
    assert_int_equal(crc, 0xCBF43926u); /* the CRC-32 check value */
    assert_false(cache_file_checksum(tmpdir, &size, &crc));
    char *fifo = tmp_path("check.fifo");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_false(cache_file_checksum(fifo, &size, &crc)); /* refused without blocking */
    unlink(fifo);
    unlink(path);
    free(fifo);
    free(path);
}

static void test_store_and_lookup(void **state)
{
    char *dir = tmp_path("store.cache"), *paper = tmp_path("paper.pdf"), *other = tmp_path("other.pdf");
    write_text(paper, "%PDF-1.7 pretend this is a paper");
    struct inspect_cache *c = cache_open(dir, ieee);
    struct pdf_info info, got;
    assert_int_equal(cache_lookup(c, paper, &got), CACHE_MISS_SIZE);
    assert_false(path_exists(dir)); /* created on the first store */
    fake_result(&info, paper);
    assert_true(cache_store(c, &info));
    assert_int_equal(count_files(dir), 1);
    cache_free(c);

    c = cache_open(dir, ieee);
    assert_int_equal(cache_lookup(c, paper, &got), CACHE_HIT);
    assert_string_equal(got.path, paper); /* the path asked for, not the stored one */
    assert_int_equal(got.npages, 2);
    assert_int_equal(got.version, 17);
    assert_true(got.pages[1].height == 792);
    assert_string_equal(got.first_page_text, "A Title\nAn Author\n");
    assert_true(got.sections_searched);
    assert_int_equal(got.sections[SECTION_APPENDIX].page, 2);
    assert_true(got.sections[SECTION_APPENDIX].x == 306.5 && got.sections[SECTION_APPENDIX].y == 72.25);
    assert_true(got.sections[SECTION_APPENDIX].body_before);
    assert_int_equal(got.sections[SECTION_REFERENCES].page, 0);
    pdfinfo_release(&got);

    /* Another size is decided without reading; the same size with other
     * bytes is read and misses. */
    write_text(other, "%PDF-1.7 a shorter file");
    assert_int_equal(cache_lookup(c, other, &got), CACHE_MISS_SIZE);
    write_text(other, "%PDF-1.7 pretend this is a PAPER");
    assert_int_equal(cache_lookup(c, other, &got), CACHE_MISS);
    assert_int_equal(cache_lookup(c, tmpdir, &got), CACHE_MISS_SIZE);
    cache_free(c);

    /* Another style, another key. */
    c = cache_open(dir, lncs);
    assert_int_equal(cache_lookup(c, paper, &got), CACHE_MISS_SIZE);
    cache_free(c);

    /* A changed paper misses. */
    write_text(paper, "%PDF-1.7 pretend this is a paper, version 2");
    c = cache_open(dir, ieee);
    assert_int_equal(cache_lookup(c, paper, &got), CACHE_MISS_SIZE);
    cache_free(c);

    pdfinfo_release(&info);
    free(dir);
    free(paper);
    free(other);
}

/* Damaged entries are misses, and storing again repairs them. */
static void test_damaged_entries(void **state)
{
    char *dir = tmp_path("damaged.cache"), *paper = tmp_path("damaged.pdf");
    write_text(paper, "%PDF-1.4 some bytes");
    struct pdf_info info, got;
    fake_result(&info, paper);
    struct inspect_cache *c = cache_open(dir, ieee);
    assert_true(cache_store(c, &info));
    cache_free(c);
    char *entry = only_entry(dir);
    size_t len;
    char *good = read_file(entry, &len);
    assert_non_null(good);

    /* truncated, emptied, garbage, and a valid entry of another file under this name */
    struct pdf_info other;
    fake_result(&other, paper);
    other.checksum ^= 1;
    char *header_end = strchr(good, '\n');
    size_t blob_len;
    char *blob = pdfinfo_serialize(&other, &blob_len);
    struct strbuf foreign = STRBUF_INIT;
    strbuf_add(&foreign, good, (size_t)(header_end + 1 - good));
    strbuf_add(&foreign, blob, blob_len);
    const struct {
        const char *data;
        size_t len;
    } bad[] = {{good, len / 2}, {"", 0}, {"garbage\n", 8}, {foreign.buf, foreign.len}, {good + 1, len - 1}};
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        assert_int_equal(write_file_atomic(entry, bad[i].data, bad[i].len), 0);
        c = cache_open(dir, ieee);
        assert_int_equal(cache_lookup(c, paper, &got), CACHE_MISS);
        assert_true(cache_store(c, &info));
        cache_free(c);
        c = cache_open(dir, ieee);
        assert_int_equal(cache_lookup(c, paper, &got), CACHE_HIT);
        pdfinfo_release(&got);
        cache_free(c);
    }
    strbuf_release(&foreign);
    free(blob);
    free(good);
    free(entry);
    pdfinfo_release(&other);
    pdfinfo_release(&info);
    free(dir);
    free(paper);
}

/* A folder that cannot be created: the store fails, the run goes on. */
static void test_unwritable(void **state)
{
    char *file = tmp_path("a-file"), *dir = tmp_path("a-file/sub.cache"), *paper = tmp_path("unwritable.pdf");
    write_text(file, "x");
    write_text(paper, "%PDF-1.4");
    struct pdf_info info;
    fake_result(&info, paper);
    struct inspect_cache *c = cache_open(dir, ieee);
    assert_false(cache_store(c, &info));
    assert_false(cache_store(c, &info)); /* warned once, no more tries */
    cache_free(c);
    pdfinfo_release(&info);
    free(file);
    free(dir);
    free(paper);
}

static void set_age(const char *path, int seconds)
{
    struct timeval now;
    gettimeofday(&now, NULL);
    struct timeval tv[2] = {{now.tv_sec - seconds, 0}, {now.tv_sec - seconds, 0}};
    assert_int_equal(utimes(path, tv), 0);
}

/* Pruning keeps what this run used and files that are not the cache's. */
static void test_prune(void **state)
{
    char *dir = tmp_path("prune.cache"), *a = tmp_path("prune-a.pdf"), *b = tmp_path("prune-b.pdf");
    write_text(a, "%PDF-1.4 paper a");
    write_text(b, "%PDF-1.4 paper b, longer");
    struct pdf_info ia, ib, got;
    fake_result(&ia, a);
    fake_result(&ib, b);
    struct inspect_cache *c = cache_open(dir, ieee);
    assert_true(cache_store(c, &ia));
    assert_true(cache_store(c, &ib));
    cache_free(c);
    char *readme = path_join(dir, "README"), *old_tmp = path_join(dir, "0123456789abcdef-0000000000000010-deadbeef.tmpAbCdEf");
    char *new_tmp = path_join(dir, "0123456789abcdef-0000000000000010-deadbeef.tmpXyZ123");
    write_text(readme, "not an entry");
    write_text(old_tmp, "interrupted");
    write_text(new_tmp, "being written");
    set_age(old_tmp, 3600);
    assert_int_equal(count_files(dir), 5);

    c = cache_open(dir, ieee); /* this run uses only paper a */
    assert_int_equal(cache_lookup(c, a, &got), CACHE_HIT);
    pdfinfo_release(&got);
    cache_prune(c);
    cache_free(c);
    assert_int_equal(count_files(dir), 3);
    assert_true(path_exists(readme));
    assert_true(path_exists(new_tmp));
    assert_false(path_exists(old_tmp));
    c = cache_open(dir, ieee);
    assert_int_equal(cache_lookup(c, a, &got), CACHE_HIT);
    pdfinfo_release(&got);
    assert_int_equal(cache_lookup(c, b, &got), CACHE_MISS_SIZE);
    cache_free(c);

    free(readme);
    free(old_tmp);
    free(new_tmp);
    pdfinfo_release(&ia);
    pdfinfo_release(&ib);
    free(dir);
    free(a);
    free(b);
}

static size_t progress_calls, progress_last_done, progress_last_total;

static void progress(size_t done, size_t total, void *arg)
{
    (void)arg;
    assert_true(done <= total);
    assert_true(done >= progress_last_done);
    progress_calls++;
    progress_last_done = done;
    progress_last_total = total;
}

/* Through the worker pool: results are stored and reused; a worker that
 * runs out of time gives a result that is not stored. */
static void test_inspect(void **state)
{
    char *dir = tmp_path("inspect.cache"), *text = tmp_path("text.pdf"), *fifo = tmp_path("hangs.pdf");
    write_text(text, "this is not a PDF file\n");
    assert_int_equal(mkfifo(fifo, 0600), 0); /* opening it for reading blocks the worker */
    const char *paths[] = {text, fifo, text};
    struct inspect_options iopts = {ieee};
    struct pool_options popts = {2, 1, 0, &iopts, progress, NULL};
    struct pdf_info infos[3];
    struct cache_stats stats;

    struct inspect_cache *c = cache_open(dir, ieee);
    cache_inspect(c, paths, 3, &popts, infos, &stats);
    cache_free(c);
    assert_int_equal(stats.inspected, 3);
    assert_int_equal(stats.cached, 0);
    assert_int_equal(progress_last_done, 3);
    assert_int_equal(progress_last_total, 3);
    assert_false(infos[0].readable);
    assert_non_null(strstr(infos[0].unreadable_reason, "not a PDF"));
    assert_false(infos[1].readable);
    assert_non_null(strstr(infos[1].unreadable_reason, "longer than 1 s"));
    for (size_t i = 0; i < 3; i++)
        pdfinfo_release(&infos[i]);
    assert_int_equal(count_files(dir), 1); /* the text file's; not the timeout */

    progress_calls = progress_last_done = 0;
    paths[1] = text;
    c = cache_open(dir, ieee);
    cache_inspect(c, paths, 3, &popts, infos, &stats);
    cache_free(c);
    assert_int_equal(stats.inspected, 0);
    assert_int_equal(stats.cached, 3);
    assert_true(progress_calls >= 1);
    assert_int_equal(progress_last_done, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_false(infos[i].readable);
        assert_string_equal(infos[i].path, text);
        assert_non_null(strstr(infos[i].unreadable_reason, "not a PDF"));
        pdfinfo_release(&infos[i]);
    }

    /* Without a cache everything is inspected. */
    progress_calls = progress_last_done = 0;
    cache_inspect(NULL, paths, 1, &popts, infos, &stats);
    assert_int_equal(stats.inspected, 1);
    assert_int_equal(stats.cached, 0);
    pdfinfo_release(&infos[0]);

    unlink(fifo);
    free(dir);
    free(text);
    free(fifo);
}

/* The lookup first, then the misses: a caller knows what will be
 * inspected before it is, and the hits are left as they were found. */
static void test_lookup_then_misses(void **state)
{
    char *dir = tmp_path("split.cache"), *kept = tmp_path("kept.pdf"), *text = tmp_path("new.pdf");
    write_text(kept, "%PDF-1.7 a paper inspected before\n");
    write_text(text, "this is not a PDF file either\n");
    struct inspect_cache *c = cache_open(dir, ieee);
    struct pdf_info info;
    fake_result(&info, kept);
    assert_true(cache_store(c, &info));
    pdfinfo_release(&info);
    cache_free(c);

    const char *paths[] = {kept, text};
    struct inspect_options iopts = {ieee};
    struct pool_options popts = {2, 10, 0, &iopts, progress, NULL};
    struct pdf_info infos[2];
    bool cached[2];
    c = cache_open(dir, ieee);
    assert_int_equal(cache_lookup_all(c, paths, 2, infos, cached), 1);
    assert_true(cached[0]);
    assert_false(cached[1]);
    assert_int_equal(infos[0].npages, 2); /* the stored record, not an inspection */
    assert_string_equal(infos[0].first_page_text, "A Title\nAn Author\n");
    progress_calls = progress_last_done = 0;
    cache_inspect_misses(c, paths, 2, cached, &popts, infos);
    cache_free(c);
    assert_int_equal(progress_last_done, 2);
    assert_int_equal(infos[0].npages, 2);
    assert_false(infos[1].readable);
    assert_non_null(strstr(infos[1].unreadable_reason, "not a PDF"));
    for (size_t i = 0; i < 2; i++)
        pdfinfo_release(&infos[i]);
    assert_int_equal(count_files(dir), 2); /* the miss was stored */

    /* Without a cache everything misses. */
    assert_int_equal(cache_lookup_all(NULL, paths, 2, infos, cached), 0);
    assert_false(cached[0] || cached[1]);
    free(dir);
    free(kept);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_digest),          cmocka_unit_test(test_checksum),
        cmocka_unit_test(test_store_and_lookup), cmocka_unit_test(test_damaged_entries),
        cmocka_unit_test(test_unwritable),      cmocka_unit_test(test_prune),
        cmocka_unit_test(test_inspect),         cmocka_unit_test(test_lookup_then_misses),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
