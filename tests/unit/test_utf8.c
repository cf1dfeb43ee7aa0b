/* Unit tests: UTF-8 decoding (overlongs, surrogates, truncation), repair,
 * encoding, lengths and cutting at code point boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"

/* Decode the first sequence of s[0..n-1]: the code point (or -1) and how
 * many bytes it consumed. */
static int32_t decode(const char *s, size_t n, size_t *used)
{
    const char *p = s;
    size_t left = n;
    int32_t cp = utf8_next(&p, &left);
    *used = (size_t)(p - s);
    assert_int_equal(left, n - *used); /* n and the pointer move together */
    return cp;
}

static void assert_decodes(const char *s, int32_t want, size_t want_len)
{
    size_t used;
    int32_t cp = decode(s, strlen(s), &used);
    if (cp != want || used != want_len)
        fail_msg("decoding %zu bytes: got U+%04X (%zu bytes), want U+%04X (%zu bytes)", strlen(s), (unsigned)cp, used,
                 (unsigned)want, want_len);
}

/* Invalid: -1, and exactly one byte consumed. */
static void assert_invalid(const char *s, size_t n)
{
    size_t used;
    int32_t cp = decode(s, n, &used);
    if (cp != -1 || used != 1)
        fail_msg("expected an invalid sequence, got U+%04X using %zu bytes", (unsigned)cp, used);
}

static void test_next_valid(void **state)
{
    (void)state;
    assert_decodes("A", 0x41, 1);
    assert_decodes("\x7F", 0x7F, 1);
    assert_decodes("\xC2\x80", 0x80, 2);       /* smallest 2-byte */
    assert_decodes("\xC3\xA9", 0xE9, 2);       /* é */
    assert_decodes("\xDF\xBF", 0x7FF, 2);      /* largest 2-byte */
    assert_decodes("\xE0\xA0\x80", 0x800, 3);  /* smallest 3-byte */
    assert_decodes("\xE2\x82\xAC", 0x20AC, 3); /* € */
    assert_decodes("\xED\x9F\xBF", 0xD7FF, 3); /* just below the surrogates */
    assert_decodes("\xEE\x80\x80", 0xE000, 3); /* just above them */
    assert_decodes("\xEF\xBF\xBF", 0xFFFF, 3);
    assert_decodes("\xF0\x90\x80\x80", 0x10000, 4);  /* smallest 4-byte */
    assert_decodes("\xF0\x9F\x98\x80", 0x1F600, 4);  /* 😀 */
    assert_decodes("\xF4\x8F\xBF\xBF", 0x10FFFF, 4); /* the last code point */
    /* Only the first sequence is taken. */
    assert_decodes("\xC3\xA9xyz", 0xE9, 2);
    /* A NUL byte inside the counted length is a code point like any other. */
    size_t used;
    assert_int_equal(decode("\0a", 2, &used), 0);
    assert_int_equal(used, 1);
}

static void test_next_invalid(void **state)
{
    (void)state;
    /* Overlong forms. */
    assert_invalid("\xC0\x80", 2); /* NUL in two bytes */
    assert_invalid("\xC1\xBF", 2);
    assert_invalid("\xE0\x80\x80", 3);
    assert_invalid("\xE0\x9F\xBF", 3); /* U+07FF in three bytes */
    assert_invalid("\xF0\x80\x80\x80", 4);
    assert_invalid("\xF0\x8F\xBF\xBF", 4); /* U+FFFF in four bytes */
    /* UTF-16 surrogates. */
    assert_invalid("\xED\xA0\x80", 3); /* U+D800 */
    assert_invalid("\xED\xAF\xBF", 3); /* U+DBFF */
    assert_invalid("\xED\xB0\x80", 3); /* U+DC00 */
    assert_invalid("\xED\xBF\xBF", 3); /* U+DFFF */
    /* Beyond U+10FFFF, and the old 5- and 6-byte forms. */
    assert_invalid("\xF4\x90\x80\x80", 4);
    assert_invalid("\xF7\xBF\xBF\xBF", 4);
    assert_invalid("\xF8\x88\x80\x80\x80", 5);
    assert_invalid("\xFC\x84\x80\x80\x80\x80", 6);
    assert_invalid("\xFE", 1);
    assert_invalid("\xFF", 1);
    /* A continuation byte without a lead. */
    assert_invalid("\x80", 1);
    assert_invalid("\xBF", 1);
    /* A lead byte followed by something that is not a continuation. */
    assert_invalid("\xC3\x28", 2);
    assert_invalid("\xE2\x28\xA1", 3);
    assert_invalid("\xE2\x82\x28", 3);
    assert_invalid("\xF0\x9F\x98\xC3", 4);
    /* Truncated: the bytes are there in memory but not within n. */
    assert_invalid("\xC3\xA9", 1);
    assert_invalid("\xE2\x82\xAC", 2);
    assert_invalid("\xF0\x9F\x98\x80", 3);
}

static void test_next_empty(void **state)
{
    (void)state;
    const char *s = "x";
    size_t n = 0;
    assert_int_equal(utf8_next(&s, &n), -1);
    assert_string_equal(s, "x"); /* nothing consumed */
    assert_int_equal(n, 0);
}

/* After an invalid byte decoding resynchronises on the next one. */
static void test_next_resync(void **state)
{
    (void)state;
    const char
        *s = "\xE2\x82"
             "A\xC3\xA9";
    size_t n = strlen(s);
    assert_int_equal(utf8_next(&s, &n), -1);
    assert_int_equal(utf8_next(&s, &n), -1);
    assert_int_equal(utf8_next(&s, &n), 'A');
    assert_int_equal(utf8_next(&s, &n), 0xE9);
    assert_int_equal(n, 0);
}

/* Every scalar value survives encode then decode, in the shortest form. */
static void test_encode_roundtrip(void **state)
{
    (void)state;
    for (int32_t cp = 0; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        char buf[4];
        int len = utf8_encode(cp, buf);
        int want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (len != want)
            fail_msg("U+%04X encoded in %d bytes, want %d", (unsigned)cp, len, want);
        const char *p = buf;
        size_t n = (size_t)len;
        int32_t back = utf8_next(&p, &n);
        if (back != cp || n != 0)
            fail_msg("U+%04X decoded as U+%04X", (unsigned)cp, (unsigned)back);
    }
}

static void test_encode_bytes(void **state)
{
    (void)state;
    char buf[4];
    assert_int_equal(utf8_encode(0x7FF, buf), 2);
    assert_memory_equal(buf, "\xDF\xBF", 2);
    assert_int_equal(utf8_encode(0x20AC, buf), 3);
    assert_memory_equal(buf, "\xE2\x82\xAC", 3);
    assert_int_equal(utf8_encode(0x10FFFF, buf), 4);
    assert_memory_equal(buf, "\xF4\x8F\xBF\xBF", 4);
}

static void test_invalid_offset(void **state)
{
    (void)state;
    assert_int_equal(utf8_invalid_offset("", 0), -1);
    assert_int_equal(utf8_invalid_offset("plain ascii", 11), -1);
    assert_int_equal(utf8_invalid_offset("\xC3\xA9t\xC3\xA9", 5), -1);
    assert_int_equal(utf8_invalid_offset("ab\xFF", 3), 2);
    assert_int_equal(utf8_invalid_offset("a\xED\xA0\x80", 4), 1);  /* surrogate */
    assert_int_equal(utf8_invalid_offset("ab\xC0\xAF", 4), 2);     /* overlong '/' */
    assert_int_equal(utf8_invalid_offset("ab\xE2\x82\xAC", 4), 2); /* cut short by n */
    assert_int_equal(utf8_invalid_offset("ab\0\xFF", 4), 3);       /* NUL is valid */
}

static void assert_sanitized(const char *in, const char *want)
{
    char *got = utf8_sanitize(in);
    assert_non_null(got);
    assert_ptr_not_equal(got, in);
    assert_string_equal(got, want);
    free(got);
}

#define FFFD "\xEF\xBF\xBD"

static void test_sanitize(void **state)
{
    (void)state;
    assert_null(utf8_sanitize(NULL));
    assert_sanitized("", "");
    assert_sanitized("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    assert_sanitized(
        "a\xFF"
        "b",
        "a" FFFD "b");
    /* Each byte of a bad sequence is replaced on its own. */
    assert_sanitized("\xC0\x80", FFFD FFFD);
    assert_sanitized("\xED\xA0\x80", FFFD FFFD FFFD);
    assert_sanitized("ab\xE2\x82", "ab" FFFD FFFD); /* truncated at the end */
    assert_sanitized(
        "\xE2\x82"
        "A",
        FFFD FFFD "A");
    /* The result is valid. */
    char *s = utf8_sanitize("\x80\x81\xFE\xFF\xF4\x90\x80\x80");
    assert_int_equal(utf8_invalid_offset(s, strlen(s)), -1);
    assert_int_equal(utf8_length(s), 8);
    free(s);
}

static void test_length(void **state)
{
    (void)state;
    assert_int_equal(utf8_length(""), 0);
    assert_int_equal(utf8_length("abc"), 3);
    assert_int_equal(utf8_length("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4);
    /* Invalid bytes count one each. */
    assert_int_equal(utf8_length("a\xFF"), 2);
    assert_int_equal(utf8_length("\xE2\x82"), 2);
}

static void test_prefix_len(void **state)
{
    (void)state;
    const char
        *s = "a\xC3\xA9"
             "b";                                   /* a é b: 4 bytes */
    assert_int_equal(utf8_prefix_len(s, 4, 10), 4); /* fits */
    assert_int_equal(utf8_prefix_len(s, 4, 4), 4);
    assert_int_equal(utf8_prefix_len(s, 4, 3), 3); /* after é */
    assert_int_equal(utf8_prefix_len(s, 4, 2), 1); /* inside é: back to its start */
    assert_int_equal(utf8_prefix_len(s, 4, 1), 1);
    assert_int_equal(utf8_prefix_len(s, 4, 0), 0);
    assert_int_equal(utf8_prefix_len("", 0, 0), 0);
    const char *emoji = "\xF0\x9F\x98\x80\xF0\x9F\x98\x80";
    for (size_t max = 0; max < 4; max++)
        assert_int_equal(utf8_prefix_len(emoji, 8, max), 0);
    for (size_t max = 4; max < 8; max++)
        assert_int_equal(utf8_prefix_len(emoji, 8, max), 4);
    assert_int_equal(utf8_prefix_len(emoji, 8, 8), 8);
    /* Only n bytes are looked at: the NUL inside is data. */
    assert_int_equal(utf8_prefix_len("ab\0\xC3\xA9", 5, 4), 3);
    /* Stray continuation bytes are stepped back over like a sequence. */
    assert_int_equal(utf8_prefix_len("\x80\x80\x80\x80", 4, 2), 0);
}

/* A long text of 2-byte characters cut at every length keeps whole characters. */
static void test_prefix_len_huge(void **state)
{
    (void)state;
    size_t n = 1u << 20;
    char *s = xmalloc(n);
    for (size_t i = 0; i < n; i += 2)
        memcpy(s + i, "\xC3\xA9", 2);
    for (size_t max = n - 7; max < n; max++) {
        size_t cut = utf8_prefix_len(s, n, max);
        assert_int_equal(cut, max & ~(size_t)1);
        assert_int_equal(utf8_invalid_offset(s, cut), -1);
    }
    assert_int_equal(utf8_invalid_offset(s, n), -1);
    free(s);
}

static void test_truncate(void **state)
{
    (void)state;
    char s[] = "h\xC3\xA9llo";
    utf8_truncate(s, 100);
    assert_string_equal(s, "h\xC3\xA9llo");
    utf8_truncate(s, 2); /* would cut é */
    assert_string_equal(s, "h");
    utf8_truncate(s, 0);
    assert_string_equal(s, "");
    char e[] = "\xE2\x82\xAC\xE2\x82\xAC";
    utf8_truncate(e, 5);
    assert_string_equal(e, "\xE2\x82\xAC");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_next_valid),       cmocka_unit_test(test_next_invalid),
        cmocka_unit_test(test_next_empty),       cmocka_unit_test(test_next_resync),
        cmocka_unit_test(test_encode_roundtrip), cmocka_unit_test(test_encode_bytes),
        cmocka_unit_test(test_invalid_offset),   cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_length),           cmocka_unit_test(test_prefix_len),
        cmocka_unit_test(test_prefix_len_huge),  cmocka_unit_test(test_truncate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
