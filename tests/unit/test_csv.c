/* Unit tests: the RFC 4180 reader beyond the common cases in
 * test_importer.c: exact error messages and places, the field and record
 * limits, delimiter sniffing, row reuse, and long records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "import/csv.h"

/* Every record of data[0..len-1]: fields joined by '|', records by '/',
 * errors as ERR(line:col:message). */
static char *dump_n(const char *data, size_t len, char delim)
{
    struct csv_reader r;
    csv_reader_init(&r, data, len, delim);
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    struct strbuf sb = STRBUF_INIT;
    int rc;
    while ((rc = csv_read_row(&r, &row, &err)) != 0) {
        if (rc < 0) {
            strbuf_addf(&sb, "ERR(%d:%d:%s)/", err.line, err.col, err.msg);
            continue;
        }
        for (size_t i = 0; i < row.n; i++)
            strbuf_addf(&sb, "%s%s", i ? "|" : "", row.fields[i].text);
        strbuf_addch(&sb, '/');
    }
    csv_row_release(&row);
    return strbuf_detach(&sb);
}

static void assert_dump(const char *data, char delim, const char *want)
{
    char *got = dump_n(data, strlen(data), delim);
    if (strcmp(got, want))
        fail_msg("'%s': got '%s', want '%s'", data, got, want);
    free(got);
}

static void test_empty_inputs(void **state)
{
    assert_dump("", ',', "");
    assert_dump("\xEF\xBB\xBF", ',', ""); /* only a BOM */
    assert_dump("\n\r\n\r", ',', "");     /* only line breaks */
    assert_dump(",", ',', "|/");          /* two empty fields */
    assert_dump("\"\"", ',', "/");        /* one empty quoted field */
    assert_dump("x", ',', "x/");          /* no final line break */
}

static void test_sniffing(void **state)
{
    assert_dump("a;b;c\n1;2;3\n", 0, "a|b|c/1|2|3/");
    assert_dump("a\tb\n1\t2\n", 0, "a|b/1|2/");
    /* Separators inside quotes do not count. */
    assert_dump("\"x;y;z\",b\n1,2\n", 0, "x;y;z|b/1|2/");
    /* Only the first record counts. */
    assert_dump("a,b\n1;2;3;4\n", 0, "a|b/1;2;3;4/");
    /* Ties: ';' beats tab, ',' beats both. */
    assert_dump("a;b\tc\n", 0, "a|b\tc/");
    assert_dump("a,b;c\td\n", 0, "a|b;c\td/");
    /* No separator at all: a single column. */
    assert_dump("title\nx y\n", 0, "title/x y/");
    /* A BOM before the header does not hide its separator. */
    assert_dump(
        "\xEF\xBB\xBF"
        "a;b\n",
        0, "a|b/");
    /* An explicit separator is used as given. */
    assert_dump("a;b,c\n", ';', "a|b,c/");
}

static void test_quoting(void **state)
{
    /* A quote opens a quoted field only as the field's first character. */
    assert_dump(" \"a\",b\n", ',', " \"a\"|b/");
    assert_dump("a\"b\"c,d\n", ',', "a\"b\"c|d/");
    /* Inside quotes: separators, doubled quotes, any line break (as \n). */
    assert_dump("\"a,b\",\"\"\"\",\"x\r\ny\",\"p\rq\"\n", ',', "a,b|\"|x\ny|p\nq/");
    /* A closing quote at the very end of the input. */
    assert_dump("a,\"b\"", ',', "a|b/");
    /* Non-ASCII bytes are passed through untouched (validation is the importer's job). */
    assert_dump("Zo\xC3\xAB,\xFF\n", ',', "Zo\xC3\xAB|\xFF/");
}

static void test_errors(void **state)
{
    assert_dump("a,\"b\"c,d\nx,y\n", ',',
                "ERR(1:6:unexpected text after the closing quote of a field (a quote inside a quoted field must be "
                "doubled: \"\"))/x|y/");
    assert_dump("a,b\n\"open,c\nd,e\n", ',', "a|b/ERR(2:1:quoted field is not closed (a '\"' is missing))/");
    /* The place of a closing-quote error is after a multi-line field. */
    assert_dump("\"l1\nl2\"z,w\nok\n", ',',
                "ERR(2:4:unexpected text after the closing quote of a field (a quote inside a quoted field must be "
                "doubled: \"\"))/ok/");
    /* Errors without an error structure. */
    struct csv_reader r;
    const char *text = "\"never closed";
    csv_reader_init(&r, text, strlen(text), ',');
    struct csv_row row = CSV_ROW_INIT;
    assert_int_equal(csv_read_row(&r, &row, NULL), -1);
    assert_int_equal(row.n, 0);
    assert_int_equal(csv_read_row(&r, &row, NULL), 0);
    csv_row_release(&row);
}

/* Fields and lines of a record after a field with line breaks. */
static void test_locations(void **state)
{
    const char *text = "id,note\r\n1,\"two\r\nlines\",\xC3\xA9t\xC3\xA9,z\n\n\n2,x\n";
    struct csv_reader r;
    csv_reader_init(&r, text, strlen(text), ',');
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.line, 1);
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.line, 2);
    assert_int_equal(row.n, 4);
    assert_int_equal(row.fields[0].line, 2);
    assert_int_equal(row.fields[1].line, 2);
    assert_int_equal(row.fields[1].col, 3);
    assert_string_equal(row.fields[1].text, "two\nlines");
    assert_int_equal(row.fields[2].line, 3);
    assert_int_equal(row.fields[2].col, 8);
    assert_int_equal(row.fields[3].col, 12); /* "été" is 3 characters, 5 bytes */
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.line, 6); /* blank lines counted */
    assert_string_equal(row.fields[1].text, "x");
    assert_int_equal(csv_read_row(&r, &row, &err), 0);
    assert_int_equal(csv_read_row(&r, &row, &err), 0); /* stays at the end */
    csv_row_release(&row);
    csv_row_release(&row); /* twice is fine */
}

/* A row is reused: fields of a longer earlier record do not leak into a
 * shorter later one. */
static void test_row_reuse(void **state)
{
    const char *text = "a,b,c,d,e\nx\n";
    struct csv_reader r;
    csv_reader_init(&r, text, strlen(text), ',');
    struct csv_row row = CSV_ROW_INIT;
    assert_int_equal(csv_read_row(&r, &row, NULL), 1);
    assert_int_equal(row.n, 5);
    size_t cap = row.cap;
    assert_int_equal(csv_read_row(&r, &row, NULL), 1);
    assert_int_equal(row.n, 1);
    assert_string_equal(row.fields[0].text, "x");
    assert_int_equal(row.cap, cap);
    for (size_t i = row.n; i < row.cap; i++)
        assert_null(row.fields[i].text);
    csv_row_release(&row);
    assert_null(row.fields);
    assert_int_equal(row.n, 0);
}

/* CSV_MAX_FIELDS fields pass; one more is an error, and reading goes on
 * with the next line. */
static void test_field_count_limit(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < CSV_MAX_FIELDS; i++)
        strbuf_adds(&sb, i ? ",f" : "f");
    strbuf_adds(&sb, "\n");
    for (int i = 0; i < CSV_MAX_FIELDS + 1; i++)
        strbuf_adds(&sb, i ? ",g" : "g");
    strbuf_adds(&sb, "\nlast\n");
    struct csv_reader r;
    csv_reader_init(&r, sb.buf, sb.len, ',');
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.n, CSV_MAX_FIELDS);
    assert_int_equal(row.fields[CSV_MAX_FIELDS - 1].col, 2 * CSV_MAX_FIELDS - 1);
    assert_int_equal(csv_read_row(&r, &row, &err), -1);
    assert_string_equal(err.msg, "record has more than 4096 fields");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2 * CSV_MAX_FIELDS + 1);
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_string_equal(row.fields[0].text, "last");
    assert_int_equal(row.line, 3);
    csv_row_release(&row);
    strbuf_release(&sb);
}

/* A field of CSV_MAX_FIELD bytes passes, quoted or not; one byte more is
 * an error. */
static void test_field_size_limit(void **state)
{
    size_t max = CSV_MAX_FIELD;
    char *buf = xmalloc(max + 16);
    /* Unquoted. */
    memset(buf, 'x', max);
    memcpy(buf + max, "\nok\n", 4);
    char *got = dump_n(buf, max + 4, ',');
    assert_int_equal(strlen(got), max + 4); /* the field, '/', "ok/" */
    assert_string_equal(got + max, "/ok/");
    free(got);
    memset(buf, 'x', max + 1);
    memcpy(buf + max + 1, "\nok\n", 4);
    got = dump_n(buf, max + 5, ',');
    assert_string_equal(got, "ERR(1:1:field is longer than 1048576 bytes)/ok/");
    free(got);
    /* Quoted: the reader gives up on the rest of the input. */
    buf[0] = '"';
    memset(buf + 1, 'y', max);
    memcpy(buf + max + 1, "\"\n", 2);
    got = dump_n(buf, max + 3, ',');
    assert_int_equal(strlen(got), max + 1);
    free(got);
    memset(buf + 1, 'y', max + 1);
    memcpy(buf + max + 2, "\"\nok\n", 5);
    got = dump_n(buf, max + 7, ',');
    assert_string_equal(got, "ERR(1:1:field is longer than 1048576 bytes)/");
    free(got);
    free(buf);
}

/* One record of 4096 fields of 1 KiB (4 MiB on one line) reads in linear
 * time: columns are not counted again from the line start for each field. */
static void test_long_record(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    char field[1025];
    memset(field, 'z', 1024);
    field[1024] = '\0';
    for (int i = 0; i < CSV_MAX_FIELDS; i++) {
        if (i)
            strbuf_addch(&sb, ',');
        strbuf_adds(&sb, field);
    }
    struct csv_reader r;
    csv_reader_init(&r, sb.buf, sb.len, ',');
    struct csv_row row = CSV_ROW_INIT;
    assert_int_equal(csv_read_row(&r, &row, NULL), 1);
    assert_int_equal(row.n, CSV_MAX_FIELDS);
    assert_int_equal(row.fields[CSV_MAX_FIELDS - 1].col, (CSV_MAX_FIELDS - 1) * 1025 + 1);
    assert_int_equal(csv_read_row(&r, &row, NULL), 0);
    csv_row_release(&row);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_inputs),      cmocka_unit_test(test_sniffing),
        cmocka_unit_test(test_quoting),           cmocka_unit_test(test_errors),
        cmocka_unit_test(test_locations),         cmocka_unit_test(test_row_reuse),
        cmocka_unit_test(test_field_count_limit), cmocka_unit_test(test_field_size_limit),
        cmocka_unit_test(test_long_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
