/* Unit tests: the RFC 4180 reader, the JSON reader, full names, each
 * importer (EasyChair, HotCRP, OpenReview, START, CMT, EDAS, plain CSV) on
 * the samples in
 * data/import/, their error reports, and the manifest they write, which
 * must load with manifest_load_ex. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkstemp, dup (CMake defines it too) */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/csv.h"
#include "base/diag.h"
#include "import/importer.h"
#include "import/pdfcollect.h"
#include "import/reader.h"
#include "base/jsonread.h"
#include "manifest/manifest.h"
#include "base/util.h"
#include "capture.h"

#define DATA "data/import/"

static size_t count_of(const char *haystack, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(haystack, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* ---- csv ---- */

/* Read every record of text; fields joined by '|', records by '/'. */
static char *csv_dump(const char *text, char delim)
{
    struct csv_reader r;
    csv_reader_init(&r, text, strlen(text), delim);
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    struct strbuf sb = STRBUF_INIT;
    int rc;
    while ((rc = csv_read_row(&r, &row, &err)) != 0) {
        if (rc < 0) {
            strbuf_addf(&sb, "ERR(%d:%d)/", err.line, err.col);
            continue;
        }
        for (size_t i = 0; i < row.n; i++)
            strbuf_addf(&sb, "%s%s", i ? "|" : "", row.fields[i].text);
        strbuf_addch(&sb, '/');
    }
    csv_row_release(&row);
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static void test_csv_records(void **state)
{
    static const struct {
        const char *in;
        const char *out;
    } cases[] = {
        {"a,b,c\n1,2,3\n", "a|b|c/1|2|3/"},
        {"a,b\r\n1,2\r\n", "a|b/1|2/"},                       /* CRLF */
        {"a,b\r1,2", "a|b/1|2/"},                             /* lone CR, no final break */
        {"\xEF\xBB\xBFid,x\n1,2\n", "id|x/1|2/"},             /* BOM */
        {"\"a,b\",\"say \"\"hi\"\"\"\n", "a,b|say \"hi\"/"},  /* quotes, doubled quotes */
        {"\"line 1\nline 2\",x\n", "line 1\nline 2|x/"},      /* embedded newline */
        {"\"line 1\r\nline 2\",x\r\n", "line 1\nline 2|x/"},  /* embedded CRLF becomes \n */
        {"a,,c,\n", "a||c|/"},                                /* empty fields, trailing separator */
        {"a,b\n\n\r\n1,2\n\n", "a|b/1|2/"},                   /* blank lines skipped */
        {"5\" disk,x\n", "5\" disk|x/"},                      /* literal quote in an unquoted field */
        {"\"\",\"\"\n", "|/"},                                /* empty quoted fields */
        {"", ""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *got = csv_dump(cases[i].in, ',');
        if (strcmp(got, cases[i].out))
            fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].out);
        free(got);
    }
}

static void test_csv_delimiters(void **state)
{
    char *got = csv_dump("id;title;authors\n1;\"A; B\";C\n", 0); /* sniffed */
    assert_string_equal(got, "id|title|authors/1|A; B|C/");
    free(got);
    got = csv_dump("id\ttitle\n1\tx,y\n", 0);
    assert_string_equal(got, "id|title/1|x,y/");
    free(got);
    got = csv_dump("a,b;c\n", 0); /* a tie goes to the comma */
    assert_string_equal(got, "a|b;c/");
    free(got);
}

static void test_csv_locations(void **state)
{
    const char *text = "\xEF\xBB\xBFh1,h2\n\"multi\nline\",Zoë,x\r\nlast,\"q\"\n";
    struct csv_reader r;
    csv_reader_init(&r, text, strlen(text), ',');
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.fields[0].line, 1);
    assert_int_equal(row.fields[0].col, 1); /* the BOM is not a column */
    assert_int_equal(row.fields[1].col, 4);
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.line, 2);
    assert_int_equal(row.n, 3);
    assert_int_equal(row.fields[1].line, 3);
    assert_int_equal(row.fields[1].col, 7);
    assert_int_equal(row.fields[2].col, 11); /* "Zoë" is 3 characters, 4 bytes */
    assert_int_equal(csv_read_row(&r, &row, &err), 1);
    assert_int_equal(row.line, 4);
    assert_int_equal(row.fields[1].col, 6);
    assert_string_equal(row.fields[1].text, "q");
    assert_int_equal(csv_read_row(&r, &row, &err), 0);
    csv_row_release(&row);
}

static void test_csv_errors(void **state)
{
    /* Text after a closing quote: reported, the line skipped, reading goes on. */
    char *got = csv_dump("a,b\n\"x\"y,z\n1,2\n", ',');
    assert_string_equal(got, "a|b/ERR(2:4)/1|2/");
    free(got);
    /* An unclosed quote is reported where it opens and ends the input. */
    got = csv_dump("a,b\n1,\"open\n2,3\n", ',');
    assert_string_equal(got, "a|b/ERR(2:3)/");
    free(got);
    struct csv_reader r;
    const char *text = "x,\"never closed";
    csv_reader_init(&r, text, strlen(text), ',');
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    assert_int_equal(csv_read_row(&r, &row, &err), -1);
    assert_non_null(strstr(err.msg, "not closed"));
    assert_int_equal(csv_read_row(&r, &row, &err), 0);
    csv_row_release(&row);
}

/* ---- jsonread ---- */

static void test_json_values(void **state)
{
    const char *text = "{\"a\": [1, -2.5e3, true, false, null],\n \"s\": \"\\\"q\\\" \\\\ \\n \\u00e9 \\ud83d\\ude00\","
                       " \"o\": {}, \"e\": []}";
    struct jsonread_error err;
    struct jnode *root = jsonread_parse(text, strlen(text), NULL, &err);
    assert_non_null(root);
    assert_int_equal(root->kind, JNODE_OBJECT);
    const struct jnode *a = jnode_get(root, "a");
    assert_int_equal(a->kind, JNODE_ARRAY);
    assert_int_equal(a->n, 5);
    assert_string_equal(a->items[0]->text, "1");
    assert_true(a->items[1]->number == -2500.0);
    assert_true(a->items[2]->boolean);
    assert_false(a->items[3]->boolean);
    assert_int_equal(a->items[4]->kind, JNODE_NULL);
    const struct jnode *s = jnode_get(root, "s");
    assert_string_equal(s->text, "\"q\" \\ \n \xC3\xA9 \xF0\x9F\x98\x80");
    assert_int_equal(s->line, 2);
    assert_int_equal(s->col, 7);
    assert_int_equal(root->key_lines[1], 2);
    assert_int_equal(root->key_cols[1], 2);
    assert_int_equal(jnode_get(root, "o")->n, 0);
    assert_null(jnode_get(root, "missing"));
    assert_null(jnode_get(a, "a"));
    jnode_free(root);
}

static void test_json_errors(void **state)
{
    static const struct {
        const char *in;
        int line, col;
        const char *msg;
    } cases[] = {
        {"[1, 2", 1, 6, "expected ',' or ']'"},
        {"{\"a\" 1}", 1, 6, "expected ':'"},
        {"[1,]", 1, 4, "expected a value"},
        {"{\"a\": 01}", 1, 8, "must not start with 0"},
        {"\"\\ud800\"", 1, 2, "surrogate"},
        {"\"a\\u0000b\"", 1, 3, "NUL"},
        {"\"tab\there\"", 1, 5, "control character"},
        {"[1]\n  x", 2, 3, "after the end"},
        {"\"unterminated", 1, 1, "not closed"},
        {"[tru]", 1, 2, "expected a value"},
        {"\"\xE9\"", 1, 2, "invalid UTF-8"},
        {"", 1, 1, "end of file"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct jsonread_error err = {0};
        struct jnode *n = jsonread_parse(cases[i].in, strlen(cases[i].in), NULL, &err);
        if (n || err.line != cases[i].line || err.col != cases[i].col || !strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: got %d:%d '%s'", i, err.line, err.col, err.msg);
    }
}

static void test_json_limits(void **state)
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100; i++)
        strbuf_addch(&sb, '[');
    for (int i = 0; i < 100; i++)
        strbuf_addch(&sb, ']');
    struct jsonread_error err;
    assert_null(jsonread_parse(sb.buf, sb.len, NULL, &err));
    assert_non_null(strstr(err.msg, "nested more than 64"));
    struct jsonread_limits lim = {200, 0, 0};
    struct jnode *n = jsonread_parse(sb.buf, sb.len, &lim, &err);
    assert_non_null(n);
    jnode_free(n);
    strbuf_release(&sb);
    lim = (struct jsonread_limits){0, 3, 4};
    assert_null(jsonread_parse("[1,2,3]", 7, &lim, &err));
    assert_non_null(strstr(err.msg, "too many values"));
    assert_null(jsonread_parse("\"abcdefgh\"", 10, &lim, &err));
    assert_non_null(strstr(err.msg, "longer than"));
}

/* ---- importers ---- */

struct run {
    const char *paths[2];
    size_t n;
    enum import_format format;
    struct import_result res;
    int errors;
};

static void run_import(void *arg)
{
    struct run *r = arg;
    r->errors = import_files(r->paths, r->n, r->format, &r->res);
}

/* Import, returning the captured stderr (caller frees). */
static char *import(struct run *r)
{
    return capture_stderr(run_import, r);
}

static const struct import_paper *find_paper(const struct import_result *res, const char *id)
{
    for (size_t i = 0; i < res->npapers; i++)
        if (!strcmp(res->papers[i].id, id))
            return &res->papers[i];
    fail_msg("no paper '%s'", id);
    return NULL;
}

static void assert_author(const struct import_author *a, const char *given, const char *family,
                          const char *affiliation, const char *email)
{
    assert_string_equal(a->given, given);
    assert_string_equal(a->family, family);
    if (affiliation)
        assert_string_equal(a->affiliation, affiliation);
    else
        assert_null(a->affiliation);
    if (email)
        assert_string_equal(a->email, email);
    else
        assert_null(a->email);
}

/* Write res as a manifest and load it back: it must load without errors
 * and say the same thing.  Returns the manifest (caller frees). */
static struct manifest *roundtrip(const struct import_result *res, const char *papers_dir)
{
    struct import_manifest_options mo = {"ieee-conference", papers_dir, "a test", NULL};
    char *yaml = import_manifest_yaml(res, &mo);
    char path[] = "/tmp/collate-import-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(write_file_atomic(path, yaml, strlen(yaml)), 0);
    diag_reset_counts();
    struct manifest *m = manifest_load_ex(path, false);
    if (!m || diag_error_count() || diag_warning_count())
        fail_msg("the manifest does not load cleanly:\n%s", yaml);
    unlink(path);
    free(yaml);
    size_t k = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++, k++) {
            const struct paper *mp = &m->sessions[s].papers[i];
            const struct import_paper *ip = find_paper(res, mp->id);
            assert_string_equal(mp->title, ip->title);
            assert_int_equal(mp->nauthors, ip->nauthors);
            for (size_t a = 0; a < ip->nauthors; a++) {
                assert_string_equal(mp->authors[a].given, ip->authors[a].given);
                assert_string_equal(mp->authors[a].family, ip->authors[a].family);
            }
            assert_int_equal(mp->nkeywords, ip->nkeywords);
            for (size_t w = 0; w < ip->nkeywords; w++)
                assert_string_equal(mp->keywords[w], ip->keywords[w]);
        }
    assert_int_equal(k, res->npapers);
    return m;
}

static void test_easychair_joined(void **state)
{
    struct run r = {.paths = {DATA "easychair-submission.csv", DATA "easychair-author.csv"},
                    .n = 2,
                    .format = IMPORT_AUTO};
    char *err = import(&r);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.res.format, IMPORT_EASYCHAIR);
    assert_int_equal(r.res.npapers, 3);
    assert_int_equal(r.res.skipped, 3);
    /* One warning per unknown column, a warning for the paper missing from
     * the author file, one note listing the papers left out. */
    assert_non_null(
        strstr(err, DATA "easychair-submission.csv:1:116: warning: unknown column 'Student paper' ignored"));
    assert_int_equal(count_of(err, "unknown column"), 1);
    assert_non_null(strstr(err, "easychair-submission.csv:10:1: warning: submission #9 is not in"));
    assert_non_null(strstr(err, "note: left out 3 submissions that were not accepted: #5 (REJECT), #8 (deleted), "
                                "#11 (desk reject)"));
    free(err);

    const struct import_paper *p = find_paper(&r.res, "p3");
    assert_string_equal(p->title, "Certified Robustness for \"Federated\" Models");
    assert_int_equal(p->nauthors, 3);
    assert_author(&p->authors[0], "Hongsen", "Chen", "Tsinghua University", "chen@example.org");
    assert_author(&p->authors[1], "Ludwig", "van Beethoven", "Universität Wien, Musik", "lvb@example.org");
    assert_author(&p->authors[2], "Zoë", "Dvořák", "Charles University", "zd@example.org");
    assert_int_equal(p->nkeywords, 2); /* "robustness" twice: once */
    assert_string_equal(p->keywords[0], "robustness");
    assert_string_equal(p->keywords[1], "federated learning");
    assert_string_equal(p->session, "Adversarial Robustness");
    assert_int_equal(p->loc.line, 2);

    p = find_paper(&r.res, "p7");
    assert_author(&p->authors[0], "Jean", "de la Fontaine", "Académie française", "jf@example.org");
    assert_string_equal(p->session, "Privacy");

    p = find_paper(&r.res, "p9"); /* not in the author file: names split from 'Authors' */
    assert_string_equal(p->title, "Backslashes \\ and: colons # in a title");
    assert_int_equal(p->nauthors, 3);
    assert_author(&p->authors[0], "Ada", "Lovelace", NULL, NULL);
    assert_author(&p->authors[2], "Grace", "Hopper", NULL, NULL);
    assert_null(p->session);
    assert_int_equal(p->loc.line, 10);

    struct manifest *m = roundtrip(&r.res, "papers");
    assert_int_equal(m->nsessions, 3);
    assert_string_equal(m->sessions[0].title, "Adversarial Robustness");
    assert_string_equal(m->sessions[2].title, "Papers");
    assert_string_equal(m->style, "ieee-conference");
    assert_string_equal(m->sessions[0].papers[0].pdf, "papers/p3.pdf");
    assert_string_equal(m->sessions[0].papers[0].authors[1].affiliation, "Universität Wien, Musik");
    assert_string_equal(m->sessions[0].papers[0].authors[1].email, "lvb@example.org");
    assert_int_equal(m->nfront, 3);
    assert_int_equal(m->front[2].kind, PART_TOC);
    assert_int_equal(m->nback, 1);
    assert_int_equal(m->back[0].kind, PART_AUTHOR_INDEX);
    assert_non_null(strstr(m->title, "TODO"));
    manifest_free(m);
    import_result_release(&r.res);

    /* The files may come in either order. */
    struct run r2 = {.paths = {DATA "easychair-author.csv", DATA "easychair-submission.csv"},
                     .n = 2,
                     .format = IMPORT_EASYCHAIR};
    err = import(&r2);
    assert_int_equal(r2.errors, 0);
    assert_int_equal(r2.res.npapers, 3);
    free(err);
    import_result_release(&r2.res);
}

static void test_easychair_alone(void **state)
{
    struct run r = {.paths = {DATA "easychair-submission.csv"}, .n = 1, .format = IMPORT_EASYCHAIR};
    char *err = import(&r);
    assert_int_equal(r.errors, 0);
    free(err);
    const struct import_paper *p = find_paper(&r.res, "p3");
    assert_author(&p->authors[1], "Ludwig", "van Beethoven", NULL, NULL);
    assert_author(&p->authors[2], "Zoë", "Dvořák", NULL, NULL);
    p = find_paper(&r.res, "p7");
    assert_author(&p->authors[0], "Jean", "de la Fontaine", NULL, NULL);
    assert_author(&p->authors[1], "Maria", "Rossi", NULL, NULL);
    import_result_release(&r.res);

    struct run acc = {.paths = {DATA "easychair-accepted.csv"}, .n = 1, .format = IMPORT_AUTO};
    err = import(&acc);
    assert_int_equal(acc.errors, 0);
    assert_string_equal(err, "");
    free(err);
    assert_int_equal(acc.res.format, IMPORT_EASYCHAIR);
    assert_int_equal(acc.res.npapers, 2);
    p = find_paper(&acc.res, "p12");
    assert_author(&p->authors[0], "Ludwig", "van Beethoven", NULL, NULL);
    assert_author(&p->authors[1], "Kenji", "Watanabe", NULL, NULL);
    assert_int_equal(p->nkeywords, 2);
    assert_string_equal(p->keywords[1], "symphony");
    p = find_paper(&acc.res, "p14");
    assert_author(&p->authors[0], "", "Plato", NULL, NULL);
    struct manifest *m = roundtrip(&acc.res, "pdfs/");
    assert_int_equal(m->nsessions, 1);
    assert_string_equal(m->sessions[0].title, "Papers");
    assert_string_equal(m->sessions[0].papers[1].pdf, "pdfs/p14.pdf");
    manifest_free(m);
    import_result_release(&acc.res);

    /* The author file alone is not enough. */
    struct run au = {.paths = {DATA "easychair-author.csv"}, .n = 1, .format = IMPORT_EASYCHAIR};
    err = import(&au);
    assert_int_equal(au.errors, 1);
    assert_non_null(strstr(err, "this is EasyChair's author file; give the submissions file too"));
    free(err);
    import_result_release(&au.res);
}

static void test_hotcrp(void **state)
{
    struct run r = {.paths = {DATA "hotcrp.json"}, .n = 1, .format = IMPORT_AUTO};
    char *err = import(&r);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.res.format, IMPORT_HOTCRP);
    assert_int_equal(r.res.npapers, 2);
    assert_int_equal(r.res.skipped, 2);
    /* 'custom_field' is in three papers: one warning, at its first place. */
    assert_non_null(strstr(err, DATA "hotcrp.json:14:5: warning: unknown key 'custom_field' in a paper ignored"));
    assert_int_equal(count_of(err, "custom_field"), 1);
    assert_non_null(strstr(err, "left out 2 papers that were not accepted: #18 (withdrawn), #19 (Rejected)"));
    free(err);
    const struct import_paper *p = find_paper(&r.res, "p17");
    assert_string_equal(p->title, "Tokens \xE2\x80\x9Cin\xE2\x80\x9D Context: A \"Study\"");
    assert_int_equal(p->nauthors, 3);
    assert_author(&p->authors[0], "Ana", "García Márquez", "UNAM", "a@example.org"); /* not re-split */
    assert_author(&p->authors[1], "Wei-Ting", "Huang", NULL, "b@example.org");
    assert_author(&p->authors[2], "Vincent", "van Gogh", NULL, NULL);
    assert_string_equal(p->authors[2].orcid, "0000-0002-1825-0097");
    assert_int_equal(p->nkeywords, 2);
    assert_string_equal(p->keywords[0], "Language models");
    assert_null(p->session);
    assert_int_equal(p->loc.line, 2);
    assert_int_equal(p->loc.col, 3);
    p = find_paper(&r.res, "p20");
    assert_int_equal(p->nkeywords, 1); /* topics object: only the true ones */
    assert_string_equal(p->keywords[0], "Security");
    assert_string_equal(p->session, "Posters");
    struct manifest *m = roundtrip(&r.res, "papers");
    assert_int_equal(m->nsessions, 2);
    assert_string_equal(m->sessions[0].papers[0].authors[2].orcid, "0000-0002-1825-0097");
    manifest_free(m);
    import_result_release(&r.res);
}

static void test_plain_csv(void **state)
{
    struct run r = {.paths = {DATA "plain.csv"}, .n = 1, .format = IMPORT_AUTO};
    char *err = import(&r);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.res.format, IMPORT_CSV);
    assert_non_null(strstr(err, DATA "plain.csv:1:39: warning: unknown column 'notes' ignored"));
    free(err);
    assert_int_equal(r.res.npapers, 3);
    const struct import_paper *p = find_paper(&r.res, "intro");
    assert_string_equal(p->title, "Welcome: the \"Best\" Workshop");
    assert_author(&p->authors[0], "Ada", "Lovelace", "University of London", NULL);
    assert_author(&p->authors[1], "Alan", "Turing", NULL, NULL);
    assert_int_equal(p->nkeywords, 2);
    assert_null(p->pdf);
    assert_string_equal(p->session, "Opening");
    p = find_paper(&r.res, "p2");
    assert_author(&p->authors[0], "Ludwig", "van Beethoven", NULL, NULL);
    assert_author(&p->authors[1], "Grace", "Hopper", "Yale", NULL);
    assert_string_equal(p->pdf, "camera/p2-final.pdf");
    struct manifest *m = roundtrip(&r.res, ".");
    assert_int_equal(m->nsessions, 2);
    assert_string_equal(m->sessions[0].papers[0].pdf, "intro.pdf");
    assert_string_equal(m->sessions[0].papers[1].pdf, "camera/p2-final.pdf");
    assert_string_equal(m->sessions[1].title, "Papers");
    manifest_free(m);
    import_result_release(&r.res);
}

/* Full names in an export are split by person_parse_name (the table test
 * is test_person.c), in the order the export writes them; a CJK name is
 * written back family name first. */
static void test_full_names(void **state)
{
    static const char csv[] = "id,title,authors\n"
                              "p1,T,\"\xe9\x99\x88\xe6\xb4\xaa\xe6\xa3\xae; Martin Luther King, Jr.; "
                              "Beethoven, Ludwig van; Luc Van Gool; de Gaulle\"\n";
    char path[] = "/tmp/collate-names-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(write_file_atomic(path, csv, strlen(csv)), 0);
    struct run r = {.paths = {path}, .n = 1, .format = IMPORT_CSV};
    char *err = import(&r);
    unlink(path);
    assert_int_equal(r.errors, 0);
    free(err);
    const struct import_paper *p = find_paper(&r.res, "p1");
    assert_int_equal(p->nauthors, 5);
    assert_author(&p->authors[0], "\xe6\xb4\xaa\xe6\xa3\xae", "\xe9\x99\x88", NULL, NULL); /* 洪森 陈 */
    assert_true(p->authors[0].family_first);
    assert_author(&p->authors[1], "Martin Luther", "King Jr.", NULL, NULL);
    assert_false(p->authors[1].family_first);
    assert_author(&p->authors[2], "Ludwig", "van Beethoven", NULL, NULL);
    assert_author(&p->authors[3], "Luc", "Van Gool", NULL, NULL);
    assert_author(&p->authors[4], "", "de Gaulle", NULL, NULL);
    struct manifest *m = roundtrip(&r.res, "papers");
    const struct person *a = &m->sessions[0].papers[0].authors[0];
    assert_true(a->family_first);
    char *name = person_display_name(a);
    assert_string_equal(name, "\xe9\x99\x88\xe6\xb4\xaa\xe6\xa3\xae");
    free(name);
    manifest_free(m);
    import_result_release(&r.res);
}

/* Each bad input: the errors expected in stderr (all of them) and their count. */
static void test_import_errors(void **state)
{
    static const struct {
        const char *path;
        enum import_format format;
        int errors;
        const char *expect[4];
    } cases[] = {
        {DATA "cp1252.csv", IMPORT_AUTO, 1,
         {DATA "cp1252.csv:2:7: error: invalid UTF-8 (byte 0xE9)", "iconv -f cp1252 -t utf-8"}},
        {DATA "badutf8.csv", IMPORT_AUTO, 1, {DATA "badutf8.csv:3:8: error: invalid UTF-8 (byte 0x81)"}},
        {DATA "broken.csv", IMPORT_CSV, 2,
         {DATA "broken.csv:2:12: error: unexpected text after the closing quote",
          DATA "broken.csv:4:4: error: quoted field is not closed"}},
        {DATA "bad-rows.csv", IMPORT_CSV, 4,
         {DATA "bad-rows.csv:2:1: error: paper id 'p 1' may only contain",
          DATA "bad-rows.csv:3:1: error: paper 'p2' has no title",
          DATA "bad-rows.csv:4:1: error: paper 'p3' has no authors",
          DATA "bad-rows.csv:6:1: error: paper id 'p4' is used twice"}},
        {DATA "broken.json", IMPORT_AUTO, 1, {DATA "broken.json:3:17: error: expected ',' or '}'"}},
        {DATA "utf16.csv", IMPORT_AUTO, 1, {"error: the file is UTF-16 text", "iconv -f utf-16 -t utf-8"}},
        {DATA "missing.csv", IMPORT_AUTO, 1, {DATA "missing.csv: error: cannot read the file"}},
        {DATA "easychair-author.csv", IMPORT_HOTCRP, 1, {"error: expected a value"}},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct run r = {.paths = {cases[i].path}, .n = 1, .format = cases[i].format};
        char *err = import(&r);
        if (r.errors != cases[i].errors)
            fail_msg("%s: %d errors, want %d:\n%s", cases[i].path, r.errors, cases[i].errors, err);
        for (size_t k = 0; k < ARRAY_SIZE(cases[i].expect) && cases[i].expect[k]; k++)
            if (!strstr(err, cases[i].expect[k]))
                fail_msg("%s: no '%s' in:\n%s", cases[i].path, cases[i].expect[k], err);
        free(err);
        import_result_release(&r.res);
    }
}

/* Hand-made papers whose text would break naive YAML: the manifest must
 * still load and give back the same strings. */
static void test_yaml_quoting(void **state)
{
    static const char *const titles[] = {
        "- starts like a list", "key: value", "# not a comment", "&anchor *alias !tag", "%directive",
        "@at `backtick`", "yes", "null", "~", "123", "0x1F", "'single' and \"double\"", "back\\slash \\n",
        "tab\there", "line\nbreak", "next line \xC2\x85 and separator \xE2\x80\xA8", "{flow: [x]}", " lead",
        "trail ", "\xF0\x9F\x98\x80 emoji", "Ünïcödé – “quotes”",
    };
    struct import_result res = {0};
    res.papers = xcalloc(ARRAY_SIZE(titles), sizeof(*res.papers));
    for (size_t i = 0; i < ARRAY_SIZE(titles); i++) {
        struct import_paper *p = &res.papers[res.npapers++];
        p->id = xasprintf("t%zu", i);
        p->title = xstrdup(titles[i]);
        p->authors = xcalloc(1, sizeof(*p->authors));
        p->nauthors = 1;
        p->authors[0].given = xstrdup(titles[i]);
        p->authors[0].family = xstrdup("O'Brien \"Jr\"");
        p->keywords = xcalloc(1, sizeof(*p->keywords));
        p->nkeywords = 1;
        p->keywords[0] = xstrdup(titles[i]);
        p->session = xstrdup(i % 2 ? "Session: \"odd\"" : "- even");
    }
    struct manifest *m = roundtrip(&res, "papers");
    assert_int_equal(m->nsessions, 2);
    assert_string_equal(m->sessions[0].title, "- even");
    assert_string_equal(m->sessions[1].title, "Session: \"odd\"");
    manifest_free(m);
    import_result_release(&res);

    struct strbuf sb = STRBUF_INIT;
    yaml_quote(&sb, "a\"b\\c\x01\x7F");
    assert_string_equal(sb.buf, "\"a\\\"b\\\\c\\u0001\\u007F\"");
    strbuf_release(&sb);
}

/* CMT's workbook, both kinds: same papers, cells located row:column. */
static void test_cmt_workbooks(void **state)
{
    static const char *const files[] = {DATA "cmt-papers.xlsx", DATA "cmt-papers.xls"};
    for (size_t k = 0; k < 2; k++) {
        struct run r = {.paths = {files[k]}, .n = 1, .format = IMPORT_AUTO};
        char *err = import(&r);
        assert_int_equal(r.errors, 0);
        assert_int_equal(r.res.format, IMPORT_CMT);
        assert_int_equal(r.res.npapers, 2);
        assert_int_equal(r.res.nskips, 3);
        assert_string_equal(r.res.skips[1].id, "p12");
        assert_string_equal(r.res.skips[1].why, "Withdrawn");
        const struct import_paper *p = find_paper(&r.res, "p11");
        assert_string_equal(p->title, "Privacy Budgets in Federated Analytics");
        assert_int_equal(p->nauthors, 3);
        assert_author(&p->authors[0], "Ludwig", "van Beethoven", "Universität Wien", "lvb@example.org");
        assert_string_equal(p->session, "Short Papers");
        assert_string_equal(p->number, "11");
        assert_int_equal(p->loc.line, 4); /* row 4 of the sheet */
        assert_int_equal(count_of(err, "warning"), 1);
        free(err);
        import_result_release(&r.res);
    }
}

/* OpenReview v2: {"value": ...} fields, note ids kept for file names. */
static void test_openreview(void **state)
{
    struct run r = {.paths = {DATA "openreview-v2.json"}, .n = 1, .format = IMPORT_AUTO};
    char *err = import(&r);
    free(err);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.res.format, IMPORT_OPENREVIEW);
    const struct import_paper *p = find_paper(&r.res, "p12");
    assert_string_equal(p->alt_id, "Hk3mPK5gXa");
    assert_string_equal(p->authors[1].email, "lvb@example.org");
    assert_true(p->authors[2].family_first);
    assert_int_equal(r.res.nskips, 2);
    assert_string_equal(r.res.skips[0].why, "withdrawn");
    /* file names of the systems' downloads */
    assert_int_equal(import_match_file(&r.res, "camera_ready/Hk3mPK5gXa.pdf"), 0);
    assert_int_equal(import_match_file(&r.res, "sptai25-final15.pdf"), 1);
    assert_int_equal(import_match_file(&r.res, "final/15/15_Paper.pdf"), 1);
    assert_int_equal(import_match_file(&r.res, "15/CameraReady/paper.pdf"), 1);
    assert_int_equal(import_match_file(&r.res, "P12.pdf"), 0);
    assert_int_equal(import_match_file(&r.res, "paper99.pdf"), -1);
    assert_int_equal(import_match_file(&r.res, "notes.pdf"), -1);
    import_result_release(&r.res);
}

/* Final-version hashes, and the import fingerprint. */
static void test_pdf_hash_and_fingerprint(void **state)
{
    struct import_paper p = {0};
    assert_true(import_set_pdf_hash(&p, "sha2-0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef"));
    assert_string_equal(p.pdf_sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assert_true(import_set_pdf_hash(&p, "da39a3ee5e6b4b0d3255bfef95601890afd80709"));
    assert_string_equal(p.pdf_sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    assert_false(import_set_pdf_hash(&p, "md5-abc"));
    p.title = xstrdup("A Title");
    char *a = import_paper_fingerprint(&p);
    free(p.title);
    p.title = xstrdup("A Title!");
    char *b = import_paper_fingerprint(&p);
    assert_int_equal(strlen(a), 8);
    assert_string_not_equal(a, b);
    free(a);
    free(b);
    import_paper_release(&p);
}

static void test_format_names(void **state)
{
    enum import_format f;
    assert_true(import_format_from_name("EasyChair", &f));
    assert_int_equal(f, IMPORT_EASYCHAIR);
    assert_true(import_format_from_name("hotcrp", &f));
    assert_int_equal(f, IMPORT_HOTCRP);
    assert_true(import_format_from_name("csv", &f));
    assert_int_equal(f, IMPORT_CSV);
    assert_true(import_format_from_name("openreview", &f));
    assert_int_equal(f, IMPORT_OPENREVIEW);
    assert_true(import_format_from_name("cmt", &f));
    assert_int_equal(f, IMPORT_CMT);
    assert_true(import_format_from_name("start", &f));
    assert_int_equal(f, IMPORT_START);
    assert_true(import_format_from_name("edas", &f));
    assert_int_equal(f, IMPORT_EDAS);
    assert_false(import_format_from_name("jems", &f));
    assert_string_equal(import_format_name(IMPORT_HOTCRP), "hotcrp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_records),      cmocka_unit_test(test_csv_delimiters),
        cmocka_unit_test(test_csv_locations),    cmocka_unit_test(test_csv_errors),
        cmocka_unit_test(test_json_values),      cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_json_limits),      cmocka_unit_test(test_full_names),
        cmocka_unit_test(test_easychair_joined), cmocka_unit_test(test_easychair_alone),
        cmocka_unit_test(test_hotcrp),           cmocka_unit_test(test_plain_csv),
        cmocka_unit_test(test_import_errors),    cmocka_unit_test(test_yaml_quoting),
        cmocka_unit_test(test_format_names),     cmocka_unit_test(test_cmt_workbooks),
        cmocka_unit_test(test_openreview),       cmocka_unit_test(test_pdf_hash_and_fingerprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
