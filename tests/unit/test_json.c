/* Unit tests: the JSON writer (layout, escapes, numbers, invalid UTF-8),
 * checked byte for byte and read back with jsonread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/jsonread.h"
#include "base/util.h"

static void test_empty_containers(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_object(&j);
    json_end_object(&j);
    assert_string_equal(strbuf_str(&sb), "{}");
    strbuf_release(&sb);

    json_init(&j, &sb);
    json_begin_array(&j);
    json_end_array(&j);
    assert_string_equal(strbuf_str(&sb), "[]");
    strbuf_release(&sb);
}

/* Two-space indentation, one member per line, empty containers inline,
 * "key": value on one line. */
static void test_layout(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_object(&j);
    json_key(&j, "a");
    json_int(&j, 1);
    json_key(&j, "b");
    json_begin_array(&j);
    json_bool(&j, true);
    json_null(&j);
    json_string(&j, "x");
    json_begin_object(&j);
    json_key(&j, "k");
    json_bool(&j, false);
    json_end_object(&j);
    json_end_array(&j);
    json_key(&j, "c");
    json_begin_object(&j);
    json_end_object(&j);
    json_key(&j, "d");
    json_begin_array(&j);
    json_end_array(&j);
    json_end_object(&j);
    assert_string_equal(strbuf_str(&sb),
                        "{\n"
                        "  \"a\": 1,\n"
                        "  \"b\": [\n"
                        "    true,\n"
                        "    null,\n"
                        "    \"x\",\n"
                        "    {\n"
                        "      \"k\": false\n"
                        "    }\n"
                        "  ],\n"
                        "  \"c\": {},\n"
                        "  \"d\": []\n"
                        "}");
    strbuf_release(&sb);
}

/* A bare value at the top level; the writer appends to what is there. */
static void test_scalars(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, ">");
    struct json j;
    json_init(&j, &sb);
    json_int(&j, LLONG_MIN);
    assert_string_equal(strbuf_str(&sb), ">-9223372036854775808");
    strbuf_release(&sb);

    json_init(&j, &sb);
    json_string(&j, NULL);
    assert_string_equal(strbuf_str(&sb), "null");
    strbuf_release(&sb);
}

static void assert_number(double v, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_number(&j, v);
    if (strcmp(strbuf_str(&sb), want))
        fail_msg("json_number(%g) = \"%s\", want \"%s\"", v, strbuf_str(&sb), want);
    strbuf_release(&sb);
}

static void test_numbers(void **state)
{
    assert_number(0, "0");
    assert_number(12, "12");
    assert_number(-3, "-3");
    assert_number(2.5, "2.50");
    assert_number(12.4, "12.40");
    assert_number(1.0 / 3, "0.33");
    assert_number(-0.75, "-0.75");
    assert_number(999999999999999.0, "999999999999999");
    assert_number(1e15, "1000000000000000.00"); /* integers from 1e15 on are not special */
    /* JSON has no NaN or infinity. */
    assert_number(NAN, "null");
    assert_number(INFINITY, "null");
    assert_number(-INFINITY, "null");
}

static void assert_quoted(const char *in, const char *want)
{
    struct strbuf sb = STRBUF_INIT;
    json_quote(&sb, in);
    if (strcmp(strbuf_str(&sb), want))
        fail_msg("json_quote gave %s, want %s", strbuf_str(&sb), want);
    strbuf_release(&sb);
}

static void test_escapes(void **state)
{
    assert_quoted("", "\"\"");
    assert_quoted("plain", "\"plain\"");
    assert_quoted("a\"b\\c", "\"a\\\"b\\\\c\"");
    assert_quoted("line\nnext\ttab", "\"line\\nnext\\ttab\"");
    assert_quoted("\r\b\f\x01\x1F\x7F", "\"\\u000d\\u0008\\u000c\\u0001\\u001f\\u007f\"");
    assert_quoted("a/b", "\"a/b\""); /* '/' needs no escape */
    /* Valid UTF-8 stays as it is, including U+2028 (valid in JSON). */
    assert_quoted("Dvo\xC5\x99\xC3\xA1k \xE9\x99\x88 \xF0\x9F\x98\x80 \xE2\x80\xA8",
                  "\"Dvo\xC5\x99\xC3\xA1k \xE9\x99\x88 \xF0\x9F\x98\x80 \xE2\x80\xA8\"");
    /* Invalid bytes become U+FFFD, one per byte. */
    assert_quoted("a\xFFz", "\"a\\ufffdz\"");
    assert_quoted("\xC0\xAF", "\"\\ufffd\\ufffd\"");            /* overlong '/' */
    assert_quoted("\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
    assert_quoted("end\xE2\x82", "\"end\\ufffd\\ufffd\"");      /* truncated */
}

/* Keys are escaped like values. */
static void test_key_escapes(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_object(&j);
    json_key(&j, "a\"b\n");
    json_int(&j, 1);
    json_end_object(&j);
    assert_string_equal(strbuf_str(&sb), "{\n  \"a\\\"b\\n\": 1\n}");
    strbuf_release(&sb);
}

/* Whatever is written reads back with jsonread, strings unchanged (or
 * repaired, for invalid UTF-8). */
static void test_roundtrip(void **state)
{
    static const char *const texts[] = {
        "",
        "quote \" backslash \\ slash /",
        "controls \x01\x02\x1F and DEL \x7F",
        "\t\n\r\b\f",
        "\xE9\x99\x88\xE6\xB4\xAA\xE6\xA3\xAE \xF0\x9F\x98\x80",
        "{\"not\": [\"json\"]}",
    };
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_object(&j);
    json_key(&j, "texts");
    json_begin_array(&j);
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
        json_string(&j, texts[i]);
    json_end_array(&j);
    json_key(&j, "bad");
    json_string(&j, "a\xFF");
    json_key(&j, "n");
    json_number(&j, -12.25);
    json_key(&j, "big");
    json_int(&j, LLONG_MAX);
    json_end_object(&j);

    struct jsonread_error err;
    struct jnode *root = jsonread_parse(sb.buf, sb.len, NULL, &err);
    if (!root)
        fail_msg("writer output does not parse: %d:%d: %s\n%s", err.line, err.col, err.msg, sb.buf);
    const struct jnode *arr = jnode_get(root, "texts");
    assert_non_null(arr);
    assert_int_equal(arr->n, ARRAY_SIZE(texts));
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
        assert_string_equal(arr->items[i]->text, texts[i]);
    assert_string_equal(jnode_get(root, "bad")->text, "a\xEF\xBF\xBD");
    assert_float_equal(jnode_get(root, "n")->number, -12.25, 0);
    assert_string_equal(jnode_get(root, "big")->text, "9223372036854775807");
    jnode_free(root);
    strbuf_release(&sb);
}

/* The deepest nesting the writer supports (63 levels) stays well-formed. */
static void test_deep(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    for (int i = 0; i < 63; i++)
        json_begin_array(&j);
    json_int(&j, 1);
    for (int i = 0; i < 63; i++)
        json_end_array(&j);
    assert_int_equal(j.depth, 0);
    struct jsonread_limits lim = {100, 0, 0};
    struct jnode *root = jsonread_parse(sb.buf, sb.len, &lim, NULL);
    assert_non_null(root);
    const struct jnode *n = root;
    for (int i = 0; i < 63; i++) {
        assert_int_equal(n->kind, JNODE_ARRAY);
        assert_int_equal(n->n, 1);
        n = n->items[0];
    }
    assert_int_equal(n->kind, JNODE_NUMBER);
    assert_string_equal(n->text, "1");
    /* The innermost line is indented 2 spaces per level. */
    char want[200];
    memset(want, ' ', 126);
    strcpy(want + 126, "1\n");
    assert_non_null(strstr(sb.buf, want));
    jnode_free(root);
    strbuf_release(&sb);
}

/* A long array and a long string. */
static void test_large(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_array(&j);
    for (int i = 0; i < 100000; i++)
        json_int(&j, i);
    char *big = xmalloc(500001);
    memset(big, 'x', 500000);
    big[500000] = '\0';
    json_string(&j, big);
    json_end_array(&j);
    struct jnode *root = jsonread_parse(sb.buf, sb.len, NULL, NULL);
    assert_non_null(root);
    assert_int_equal(root->n, 100001);
    assert_string_equal(root->items[99999]->text, "99999");
    assert_int_equal(strlen(root->items[100000]->text), 500000);
    jnode_free(root);
    free(big);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_containers), cmocka_unit_test(test_layout),  cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_numbers),          cmocka_unit_test(test_escapes), cmocka_unit_test(test_key_escapes),
        cmocka_unit_test(test_roundtrip),        cmocka_unit_test(test_deep),    cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
