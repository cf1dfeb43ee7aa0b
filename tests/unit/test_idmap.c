/* Unit tests: the object id → int table (growth, repeats, generations,
 * clearing, ids at the edges of their range). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <string.h>

#include "base/idmap.h"

static void test_empty(void **state)
{
    struct idmap m;
    memset(&m, 0, sizeof(m));
    assert_int_equal(idmap_get(&m, 1, 0), -1);
    assert_int_equal(idmap_get(&m, 0, 0), -1);
    idmap_clear(&m); /* clearing an empty table is fine */
    assert_int_equal(m.cap, 0);
    assert_null(m.keys);
}

static void test_put_get(void **state)
{
    struct idmap m = {0};
    assert_true(idmap_put(&m, 12, 0, 7));
    assert_int_equal(idmap_get(&m, 12, 0), 7);
    assert_int_equal(idmap_get(&m, 13, 0), -1);
    assert_int_equal(m.n, 1);
    assert_int_equal(m.cap, 64); /* first allocation */
    /* A repeat keeps the first value. */
    assert_false(idmap_put(&m, 12, 0, 99));
    assert_int_equal(idmap_get(&m, 12, 0), 7);
    assert_int_equal(m.n, 1);
    idmap_clear(&m);
}

/* Id and generation are both part of the key, and not interchangeable. */
static void test_generations(void **state)
{
    struct idmap m = {0};
    assert_true(idmap_put(&m, 5, 0, 1));
    assert_true(idmap_put(&m, 5, 1, 2));
    assert_true(idmap_put(&m, 0, 5, 3));
    assert_true(idmap_put(&m, 0, 0, 4)); /* id 0, gen 0 is a valid key */
    assert_int_equal(idmap_get(&m, 5, 0), 1);
    assert_int_equal(idmap_get(&m, 5, 1), 2);
    assert_int_equal(idmap_get(&m, 0, 5), 3);
    assert_int_equal(idmap_get(&m, 0, 0), 4);
    assert_int_equal(idmap_get(&m, 1, 5), -1);
    /* The extremes of the range. */
    assert_true(idmap_put(&m, INT_MAX, 65535, 5));
    assert_true(idmap_put(&m, INT_MAX, INT_MAX, 6));
    assert_int_equal(idmap_get(&m, INT_MAX, 65535), 5);
    assert_int_equal(idmap_get(&m, INT_MAX, INT_MAX), 6);
    assert_int_equal(m.n, 6);
    idmap_clear(&m);
}

/* Negative ids and generations (never in a valid PDF) are refused; id -1
 * gen -1 used to hash to the free-slot mark and vanish. */
static void test_negative(void **state)
{
    struct idmap m = {0};
    assert_false(idmap_put(&m, -1, -1, 1));
    assert_false(idmap_put(&m, -1, 0, 1));
    assert_false(idmap_put(&m, 3, -1, 1));
    assert_int_equal(m.n, 0);
    assert_int_equal(idmap_get(&m, -1, -1), -1);
    assert_true(idmap_put(&m, 3, 0, 8));
    assert_int_equal(idmap_get(&m, 3, -1), -1);
    assert_int_equal(idmap_get(&m, -1, -1), -1);
    idmap_clear(&m);
}

/* Many keys: every value is found after the table has grown many times,
 * and the load stays at most one half. */
static void test_growth(void **state)
{
    struct idmap m = {0};
    const int n = 200000;
    for (int i = 0; i < n; i++)
        assert_true(idmap_put(&m, i * 7 + 1, i % 3, i));
    assert_int_equal(m.n, (size_t)n);
    assert_true(m.n * 2 <= m.cap);
    assert_int_equal(m.cap & (m.cap - 1), 0); /* a power of two */
    for (int i = 0; i < n; i++)
        if (idmap_get(&m, i * 7 + 1, i % 3) != i)
            fail_msg("id %d lost after growth", i * 7 + 1);
    for (int i = 0; i < n; i++)
        if (idmap_get(&m, i * 7 + 2, i % 3) != -1)
            fail_msg("id %d found but never added", i * 7 + 2);
    for (int i = 0; i < n; i += 1000)
        assert_false(idmap_put(&m, i * 7 + 1, i % 3, -5));
    assert_int_equal(m.n, (size_t)n);
    idmap_clear(&m);
}

/* Cleared, the table is empty and usable again. */
static void test_clear_reuse(void **state)
{
    struct idmap m = {0};
    for (int i = 1; i <= 100; i++)
        idmap_put(&m, i, 0, i);
    idmap_clear(&m);
    assert_int_equal(m.n, 0);
    assert_int_equal(m.cap, 0);
    assert_int_equal(idmap_get(&m, 50, 0), -1);
    assert_true(idmap_put(&m, 50, 0, 500));
    assert_int_equal(idmap_get(&m, 50, 0), 500);
    idmap_clear(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),    cmocka_unit_test(test_put_get), cmocka_unit_test(test_generations),
        cmocka_unit_test(test_negative), cmocka_unit_test(test_growth),  cmocka_unit_test(test_clear_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
