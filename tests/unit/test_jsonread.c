/* Unit tests: the strict JSON reader (values, locations, string decoding,
 * every syntax error with its line and column, and the size limits). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonread.h"
#include "base/util.h"

static struct jnode *parse(const char *text)
{
    struct jsonread_error err;
    struct jnode *n = jsonread_parse(text, strlen(text), NULL, &err);
    if (!n)
        fail_msg("'%s' does not parse: %d:%d: %s", text, err.line, err.col, err.msg);
    return n;
}

/* text fails to parse with exactly msg at line:col. */
static void assert_error_lim(const char *text, size_t len, const struct jsonread_limits *lim, int line, int col,
                             const char *msg)
{
    struct jsonread_error err;
    memset(&err, 0, sizeof(err));
    struct jnode *n = jsonread_parse(text, len, lim, &err);
    if (n) {
        jnode_free(n);
        fail_msg("'%s' parsed; expected '%s'", text, msg);
    }
    if (err.line != line || err.col != col || strcmp(err.msg, msg))
        fail_msg("'%s': got %d:%d: %s; want %d:%d: %s", text, err.line, err.col, err.msg, line, col, msg);
}

static void assert_error(const char *text, int line, int col, const char *msg)
{
    assert_error_lim(text, strlen(text), NULL, line, col, msg);
}

static void test_scalars(void **state)
{
    struct jnode *n = parse("null");
    assert_int_equal(n->kind, JNODE_NULL);
    jnode_free(n);
    n = parse(" true ");
    assert_int_equal(n->kind, JNODE_BOOL);
    assert_true(n->boolean);
    jnode_free(n);
    n = parse("false");
    assert_int_equal(n->kind, JNODE_BOOL);
    assert_false(n->boolean);
    jnode_free(n);
    n = parse("\"\"");
    assert_int_equal(n->kind, JNODE_STRING);
    assert_string_equal(n->text, "");
    jnode_free(n);
}

static void assert_number(const char *text, double want)
{
    struct jnode *n = parse(text);
    assert_int_equal(n->kind, JNODE_NUMBER);
    assert_string_equal(n->text, text); /* kept as written */
    assert_float_equal(n->number, want, 1e-12);
    jnode_free(n);
}

static void test_numbers(void **state)
{
    assert_number("0", 0);
    assert_number("-0", 0);
    assert_number("17", 17);
    assert_number("-3.25", -3.25);
    assert_number("12.5e-3", 0.0125);
    assert_number("1E2", 100);
    assert_number("1e+2", 100);
    assert_number("0.5", 0.5);
    /* 64 characters is the longest number. */
    char digits[80];
    memset(digits, '1', 64);
    digits[64] = '\0';
    struct jnode *n = parse(digits);
    assert_int_equal(strlen(n->text), 64);
    jnode_free(n);
    digits[64] = '1';
    digits[65] = '\0';
    assert_error(digits, 1, 1, "number is too long");
}

static void test_number_errors(void **state)
{
    assert_error("-", 1, 2, "a number needs digits");
    assert_error("-a", 1, 2, "a number needs digits");
    assert_error("01", 1, 2, "a number must not start with 0");
    assert_error("1.", 1, 3, "digits must follow the decimal point");
    assert_error("1.e5", 1, 3, "digits must follow the decimal point");
    assert_error("1e", 1, 3, "digits must follow the exponent");
    assert_error("1e+", 1, 4, "digits must follow the exponent");
    assert_error("+1", 1, 1, "expected a value, found '+'");
    assert_error(".5", 1, 1, "expected a value, found '.'");
    assert_error("0x10", 1, 2, "unexpected 'x' after the end of the document");
}

static void test_containers(void **state)
{
    struct jnode *n = parse("[ ]");
    assert_int_equal(n->kind, JNODE_ARRAY);
    assert_int_equal(n->n, 0);
    jnode_free(n);
    n = parse("{}");
    assert_int_equal(n->kind, JNODE_OBJECT);
    assert_int_equal(n->n, 0);
    assert_null(jnode_get(n, "a"));
    jnode_free(n);
    n = parse("{\"a\": [1, {\"b\": null}], \"c\": \"d\", \"a\": 2}");
    assert_int_equal(n->n, 3);
    const struct jnode *a = jnode_get(n, "a"); /* the first of repeated keys */
    assert_int_equal(a->kind, JNODE_ARRAY);
    assert_int_equal(a->n, 2);
    assert_int_equal(jnode_get(a->items[1], "b")->kind, JNODE_NULL);
    assert_string_equal(jnode_get(n, "c")->text, "d");
    assert_null(jnode_get(n, "missing"));
    assert_null(jnode_get(a, "a")); /* not an object */
    assert_null(jnode_get(NULL, "a"));
    jnode_free(n);
    jnode_free(NULL);
}

/* Lines and columns are 1-based; columns count code points. */
static void test_locations(void **state)
{
    struct jnode *n = parse("{\n  \"a\": [1,\n   2],\r\n\t\"\xC3\xA9\xC3\xA9\": \"x\"\n}");
    assert_int_equal(n->line, 1);
    assert_int_equal(n->col, 1);
    assert_int_equal(n->key_lines[0], 2);
    assert_int_equal(n->key_cols[0], 3);
    const struct jnode *a = n->items[0];
    assert_int_equal(a->line, 2);
    assert_int_equal(a->col, 8);
    assert_int_equal(a->items[0]->col, 9);
    assert_int_equal(a->items[1]->line, 3);
    assert_int_equal(a->items[1]->col, 4);
    assert_int_equal(n->key_lines[1], 4);
    assert_int_equal(n->key_cols[1], 2); /* after a tab */
    assert_string_equal(n->keys[1], "\xC3\xA9\xC3\xA9");
    assert_int_equal(n->items[1]->col, 8); /* "éé" is 4 characters wide, 6 bytes */
    jnode_free(n);

    /* A byte order mark is skipped and takes no column. */
    n = parse("\xEF\xBB\xBF [true]");
    assert_int_equal(n->col, 2);
    jnode_free(n);
}

static void test_strings(void **state)
{
    struct jnode *n = parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"");
    assert_string_equal(n->text, "\"\\/\b\f\n\r\t");
    jnode_free(n);
    n = parse("\"\\u0041\\u00e9\\u20AC\\uD83D\\uDE00\"");
    assert_string_equal(n->text, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    jnode_free(n);
    n = parse("\"caf\xC3\xA9 \xE9\x99\x88 \xF0\x9F\x98\x80\"");
    assert_string_equal(n->text, "caf\xC3\xA9 \xE9\x99\x88 \xF0\x9F\x98\x80");
    jnode_free(n);
    n = parse("\"\\uDBFF\\uDFFF\""); /* U+10FFFF */
    assert_string_equal(n->text, "\xF4\x8F\xBF\xBF");
    jnode_free(n);
}

static void test_string_errors(void **state)
{
    assert_error("\"abc", 1, 1, "text is not closed (a '\"' is missing)");
    assert_error("[1, \"abc]", 1, 5, "text is not closed (a '\"' is missing)");
    assert_error("\"a\x01\"", 1, 3, "control character (byte 0x01) inside text; write it as an escape such as \\n");
    assert_error("\"a\nb\"", 1, 3, "control character (byte 0x0A) inside text; write it as an escape such as \\n");
    assert_error("\"\\x\"", 1, 2, "unknown escape '\\x'");
    assert_error("\"\\", 1, 2, "incomplete escape at end of file");
    assert_error("\"\\u12\"", 1, 2, "'\\u' must be followed by four hexadecimal digits");
    assert_error("\"\\u12G4\"", 1, 2, "'\\u' must be followed by four hexadecimal digits");
    assert_error("\"\\uD800\"", 1, 2, "'\\uD800' is half of a surrogate pair without its other half");
    assert_error("\"\\uD800\\u0041\"", 1, 2, "'\\uD800' is half of a surrogate pair without its other half");
    assert_error("\"\\uDC00\"", 1, 2, "'\\uDC00' is half of a surrogate pair without its other half");
    assert_error("\"\\u0000\"", 1, 2, "'\\u0000' (a NUL character) is not allowed in text");
    /* Invalid UTF-8 inside text: bad continuation, overlong, surrogate, truncated. */
    assert_error("\"\xC3\x28\"", 1, 2, "invalid UTF-8 inside text");
    assert_error("\"ab\xC0\xAF\"", 1, 4, "invalid UTF-8 inside text");
    assert_error("\"\xED\xA0\x80\"", 1, 2, "invalid UTF-8 inside text");
    assert_error_lim("\"\xE2\x82\xAC\"", 3, NULL, 1, 2, "invalid UTF-8 inside text");
    /* A raw NUL byte is a control character. */
    assert_error_lim("\"a\0\"", 4, NULL, 1, 3,
                     "control character (byte 0x00) inside text; write it as an escape such as \\n");
}

static void test_syntax_errors(void **state)
{
    assert_error("", 1, 1, "expected a value, found end of file");
    assert_error("   \n  ", 2, 3, "expected a value, found end of file");
    assert_error("[1,]", 1, 4, "expected a value, found ']'");
    assert_error("[1 2]", 1, 4, "expected ',' or ']' in a list, found '2'");
    assert_error("[1", 1, 3, "expected ',' or ']' in a list, found end of file");
    assert_error("{\"a\" 1}", 1, 6, "expected ':' after a key, found '1'");
    assert_error("{1: 2}", 1, 2, "expected a key in double quotes, found '1'");
    assert_error("{'a': 2}", 1, 2, "expected a key in double quotes, found '''");
    assert_error("{\"a\": 1,}", 1, 9, "expected a key in double quotes, found '}'");
    assert_error("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' in an object, found '\"'");
    assert_error("{\"a\":", 1, 6, "expected a value, found end of file");
    assert_error("tru", 1, 1, "expected a value, found 't'");
    assert_error("nul", 1, 1, "expected a value, found 'n'");
    assert_error("True", 1, 1, "expected a value, found 'T'");
    assert_error("[] x", 1, 4, "unexpected 'x' after the end of the document");
    assert_error("[]\n\n  []", 3, 3, "unexpected '[' after the end of the document");
    assert_error("\xFF", 1, 1, "expected a value, found byte 0xFF");
    assert_error("[\n  1,\n  x]", 3, 3, "expected a value, found 'x'");
    assert_error_lim("[1]\0", 4, NULL, 1, 4, "unexpected byte 0x00 after the end of the document");
    /* Without an error structure the reader still fails cleanly. */
    assert_null(jsonread_parse("[", 1, NULL, NULL));
}

static char *nested(int depth)
{
    char *s = xmalloc((size_t)depth * 2 + 1);
    memset(s, '[', (size_t)depth);
    memset(s + depth, ']', (size_t)depth);
    s[depth * 2] = '\0';
    return s;
}

static void test_limits(void **state)
{
    /* Depth: 64 by default. */
    char *s = nested(64);
    struct jnode *n = parse(s);
    jnode_free(n);
    free(s);
    s = nested(65);
    assert_error(s, 1, 65, "nested more than 64 levels deep");
    free(s);
    s = nested(100000); /* no stack exhaustion */
    assert_error(s, 1, 65, "nested more than 64 levels deep");
    free(s);
    struct jsonread_limits lim = {3, 0, 0};
    assert_error_lim("[[[[]]]]", 8, &lim, 1, 4, "nested more than 3 levels deep");

    /* Values. */
    struct jsonread_limits vals = {0, 3, 0};
    n = jsonread_parse("[1,2]", 5, &vals, NULL);
    assert_non_null(n);
    jnode_free(n);
    assert_error_lim("[1,2,3]", 7, &vals, 1, 6, "too many values (more than 3)");

    /* String length, in decoded bytes. */
    struct jsonread_limits str = {0, 0, 4};
    n = jsonread_parse("\"abcd\"", 6, &str, NULL);
    assert_non_null(n);
    jnode_free(n);
    assert_error_lim("\"abcde\"", 7, &str, 1, 1, "text is longer than 4 bytes");
}

/* Near the default limits: a million values and a 1 MiB string. */
static void test_large(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '[');
    for (int i = 0; i < 1000000; i++)
        strbuf_adds(&sb, i ? ",0" : "0");
    strbuf_adds(&sb, ",\"");
    for (int i = 0; i < (1 << 20); i++)
        strbuf_addch(&sb, 'x');
    strbuf_adds(&sb, "\"]");
    struct jsonread_error err;
    struct jnode *n = jsonread_parse(sb.buf, sb.len, NULL, &err);
    assert_non_null(n);
    assert_int_equal(n->n, 1000001);
    assert_int_equal(strlen(n->items[1000000]->text), 1 << 20);
    jnode_free(n);
    /* One byte more than 1 MiB in a string is refused. */
    sb.len -= 2;
    strbuf_adds(&sb, "x\"]");
    assert_null(jsonread_parse(sb.buf, sb.len, NULL, &err));
    assert_string_equal(err.msg, "text is longer than 1048576 bytes");
    strbuf_release(&sb);
}

static void test_kind_names(void **state)
{
    assert_string_equal(jnode_kind_name(JNODE_NULL), "null");
    assert_string_equal(jnode_kind_name(JNODE_BOOL), "a boolean");
    assert_string_equal(jnode_kind_name(JNODE_NUMBER), "a number");
    assert_string_equal(jnode_kind_name(JNODE_STRING), "text");
    assert_string_equal(jnode_kind_name(JNODE_ARRAY), "a list");
    assert_string_equal(jnode_kind_name(JNODE_OBJECT), "an object");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scalars),       cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_number_errors), cmocka_unit_test(test_containers),
        cmocka_unit_test(test_locations),     cmocka_unit_test(test_strings),
        cmocka_unit_test(test_string_errors), cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_large),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
