/* Unit tests: sort keys, index headings, the author and keyword indexes
 * on hand-made volumes, and keywords printed in papers. */
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

#include "base/diag.h"
#include "paginate/keywords.h"
#include "paginate/names.h"
#include "base/util.h"
#include "capture.h"

/* Separator of the parts of a sort key. */
#define SEP "\x01"

/* A person as the manifest loader makes one (empty strings, not NULL, for
 * missing names), at line `line` of manifest.yaml. */
static struct person person(const char *given, const char *family, int line)
{
    struct person p = {0};
    p.given = (char *)given;
    p.family = (char *)family;
    p.loc = (struct srcloc){"manifest.yaml", line, 9};
    return p;
}

static struct person native_only(const char *native, int line)
{
    struct person p = person("", "", line);
    p.native = (char *)native;
    return p;
}

/* A volume over papers[0..n-1], which the caller fills. */
struct fixture {
    struct paper papers[8];
    struct vpaper vpapers[8];
    struct volume v;
};

static void fixture_init(struct fixture *f, size_t n)
{
    memset(f, 0, sizeof(*f));
    assert_true(n <= ARRAY_SIZE(f->papers));
    for (size_t i = 0; i < n; i++) {
        f->papers[i].archival = true;
        f->vpapers[i].paper = &f->papers[i];
    }
    f->v.papers = f->vpapers;
    f->v.npapers = n;
}

static void set_authors(struct fixture *f, size_t paper, struct person *authors, size_t n)
{
    f->papers[paper].authors = authors;
    f->papers[paper].nauthors = n;
}

static void assert_key(struct person p, const char *want)
{
    char *got = name_sort_key(&p);
    if (strcmp(got, want)) {
        for (char *c = got; *c; c++)
            if (*c == SEP[0])
                *c = '|';
        fail_msg("sort key of '%s' '%s' is \"%s\"", p.given ? p.given : "", p.family ? p.family : "", got);
    }
    free(got);
}

static void test_sort_key(void **state)
{
    assert_key(person("Ludwig", "van Beethoven", 1), "beethoven" SEP "ludwig" SEP "van");
    assert_key(person("Johannes", "van der Waals", 1), "waals" SEP "johannes" SEP "van der");
    assert_key(person("Jacobus", "van 't Hoff", 1), "hoff" SEP "jacobus" SEP "van t");
    assert_key(person("Juan", "de la Cruz", 1), "cruz" SEP "juan" SEP "de la");
    assert_key(person("Charles", "De Gaulle", 1), "de gaulle" SEP "charles");  /* capitalised: part of the name */
    assert_key(person("Jean", "d'Alembert", 1), "alembert" SEP "jean" SEP "d");
    assert_key(person("Abu", "al-Farabi", 1), "farabi" SEP "abu" SEP "al");
    assert_key(person("Anna", "van", 1), "van" SEP "anna");                   /* nothing left: no particle */
    assert_key(person("Ludwig van", "Beethoven", 1), "beethoven" SEP "ludwig van");
    assert_key(person("", "Plato", 1), "plato");
    assert_key(person("Madonna", "", 1), "madonna");
    assert_key(person("", "van Gogh", 1), "gogh" SEP SEP "van");
    assert_key(native_only("王芳", 1), "王芳");
    assert_key(person("Martin Luther", "King Jr.", 1), "king" SEP "martin luther" SEP SEP "jr"); /* suffix last */
    assert_key(person("Martin", "van Buren III", 1), "buren" SEP "martin" SEP "van" SEP "iii");
    struct person vn = person("Văn An", "Nguyễn", 1);
    vn.family_first = true;
    assert_key(vn, "nguyen" SEP "van an"); /* under the family name, as any other */
    assert_key(person("洪森", "陈", 1), "陈" SEP "洪森");
    struct person s = person("Robert", "Van Vliet", 1);
    s.sort_as = "Vliet, Robert van";
    assert_key(s, "vliet" SEP "robert van");
    s.sort_as = "Vliet";
    assert_key(s, "vliet");
}

static void assert_heading(struct person p, const char *want)
{
    char *got = name_index_heading(&p);
    assert_string_equal(got, want);
    free(got);
}

static void test_heading(void **state)
{
    assert_heading(person("Ludwig", "van Beethoven", 1), "van Beethoven, Ludwig");
    assert_heading(person(" Jan  Hajič ", "Hajič", 1), "Hajič, Jan Hajič");
    assert_heading(person("", "Plato", 1), "Plato");
    assert_heading(person("Madonna", NULL, 1), "Madonna");
    assert_heading(native_only("王芳", 1), "王芳");
    struct person c = person("Hongsen", "Chen", 1);
    c.native = "陈洪森";
    assert_heading(c, "Chen, Hongsen (陈洪森)");
    struct person s = person("Robert", "Van Vliet", 1);
    s.sort_as = "Vliet, Robert van";
    assert_heading(s, "Van Vliet, Robert"); /* sort_as changes the place, not the text */
    assert_heading(person("Martin Luther", "King Jr.", 1), "King, Martin Luther, Jr.");
    assert_heading(person("Henry", "Ford II", 1), "Ford, Henry, II");
    assert_heading(person("", "King Jr.", 1), "King Jr.");
    struct person vn = person("Văn An", "Nguyễn", 1);
    vn.family_first = true;
    assert_heading(vn, "Nguyễn Văn An"); /* its own order, no comma */
    assert_heading(person("洪森", "陈", 1), "陈洪森");
    struct person cn = person("洪森", "陈", 1);
    cn.native = "陳洪森";
    assert_heading(cn, "陈洪森 (陳洪森)");
}

static void assert_headings(const struct name_index *idx, const char *const *want, size_t n)
{
    for (size_t i = 0; i < idx->n && i < n; i++)
        if (strcmp(idx->entries[i].heading, want[i]))
            fail_msg("entry %zu is '%s', want '%s'", i, idx->entries[i].heading, want[i]);
    assert_int_equal(idx->n, n);
}

static const struct index_entry *find_entry(const struct name_index *idx, const char *heading)
{
    for (size_t i = 0; i < idx->n; i++)
        if (!strcmp(idx->entries[i].heading, heading))
            return &idx->entries[i];
    fail_msg("no entry '%s'", heading);
    return NULL;
}

static void assert_papers(const struct index_entry *e, const int *want, size_t n)
{
    assert_int_equal(e->npapers, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(e->papers[i], want[i]);
}

/* Latin names sort a-z with accents and lower-case particles ignored, then
 * Greek, Cyrillic and CJK-only names by code point. */
static void test_author_order(void **state)
{
    struct fixture f;
    fixture_init(&f, 6);
    struct person p0[] = {person("Anna", "Anderson", 1), person("Anders", "Ångström", 2),
                          person("Ludwig", "van Beethoven", 3)};
    struct person p1[] = {person("Zoe", "Dvorak", 4), person("Hongsen", "Chen", 5), person("Juan", "de la Cruz", 6)};
    p1[1].native = "陈洪森";
    struct person p2[] = {person("Charles", "De Gaulle", 7), person("Zoë", "Dvořák", 8),
                          person("Văn An", "Nguyễn", 9)};
    struct person p3[] = {person("Łukasz", "Nowak", 10), person("Lars", "Nowak", 11), person("Mehmet", "Öztürk", 12),
                          person("Amos", "Oz", 13)};
    struct person p4[] = {person("Robert", "Van Vliet", 14), person("Sarah", "Vaughan", 15),
                          person("Dick", "Van Dyke", 16)};
    p4[0].sort_as = "Vliet, Robert van";
    struct person p5[] = {native_only("王芳", 17), person("Иван", "Иванов", 18),
                          person("Γιώργος", "Παπαδόπουλος", 19), native_only("陈洪森", 20)};
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    set_authors(&f, 2, p2, ARRAY_SIZE(p2));
    set_authors(&f, 3, p3, ARRAY_SIZE(p3));
    set_authors(&f, 4, p4, ARRAY_SIZE(p4));
    set_authors(&f, 5, p5, ARRAY_SIZE(p5));

    static const char *const want[] = {
        "Anderson, Anna",
        "Ångström, Anders",
        "van Beethoven, Ludwig",   /* under B */
        "Chen, Hongsen (陈洪森)",   /* under C; the native-only mention merged in */
        "de la Cruz, Juan",        /* under C */
        "De Gaulle, Charles",      /* under D */
        "Dvořák, Zoë",             /* "Zoe Dvorak" merged; the accented spelling is kept */
        "Nguyễn, Văn An",
        "Nowak, Lars",
        "Nowak, Łukasz",
        "Oz, Amos",
        "Öztürk, Mehmet",
        "Van Dyke, Dick",          /* capitalised particle: under V */
        "Vaughan, Sarah",
        "Van Vliet, Robert",       /* sort_as "Vliet, Robert van" */
        "Παπαδόπουλος, Γιώργος",
        "Иванов, Иван",
        "王芳",
    };
    int before = diag_warning_count();
    struct name_index idx;
    author_index_build(&f.v, true, &idx);
    assert_int_equal(diag_warning_count(), before); /* Lars and Łukasz are not near-duplicates */
    assert_headings(&idx, want, ARRAY_SIZE(want));
    assert_papers(find_entry(&idx, "Chen, Hongsen (陈洪森)"), (int[]){1, 5}, 2);
    assert_papers(find_entry(&idx, "Dvořák, Zoë"), (int[]){1, 2}, 2);
    assert_papers(find_entry(&idx, "王芳"), (int[]){5}, 1);
    assert_string_equal(find_entry(&idx, "van Beethoven, Ludwig")->sort_key, "beethoven" SEP "ludwig" SEP "van");
    name_index_release(&idx);
    assert_null(idx.entries);
    assert_int_equal(idx.n, 0);
}

/* Suffixes sort among the family name by the given names; names written
 * family name first are filed under the family name and printed in their
 * own order. */
static void test_author_order_suffix_family_first(void **state)
{
    struct fixture f;
    fixture_init(&f, 2);
    struct person p0[] = {person("Zed", "King", 1), person("Martin Luther", "King Jr.", 2),
                          person("Alice", "King", 3), person("Ann", "Kingston", 4)};
    struct person p1[] = {person("Văn An", "Nguyễn", 5), person("Anh", "Nguyen", 6), person("Béla", "Bartók", 7),
                          person("Thomas", "Nguyen", 8)};
    p1[0].family_first = true;
    p1[2].family_first = true;
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    static const char *const want[] = {
        "Bartók Béla",
        "King, Alice",
        "King, Martin Luther, Jr.",
        "King, Zed",
        "Kingston, Ann",
        "Nguyen, Anh",
        "Nguyen, Thomas",
        "Nguyễn Văn An", /* under N-g-u-y-e-n, then by "van an" */
    };
    struct name_index idx;
    author_index_build(&f.v, false, &idx);
    assert_headings(&idx, want, ARRAY_SIZE(want));
    name_index_release(&idx);
}

/* Two spellings with one ORCID iD are one person; one name with two ORCID
 * iDs is two people; an ORCID-less mention joins the spelling it matches. */
static void test_author_orcid(void **state)
{
    struct fixture f;
    fixture_init(&f, 4);
    struct person p0[] = {person("J.", "Mueller", 1), person("Wei", "Zhang", 2)};
    p0[0].orcid = "0000-0002-1825-0097";
    p0[1].orcid = "0000-0001-5109-3700";
    struct person p1[] = {person("Jürgen", "Müller", 3), person("Wei", "Zhang", 4)};
    p1[0].orcid = "https://orcid.org/0000-0002-1825-0097";
    p1[1].orcid = "0000-0002-1694-233X";
    struct person p2[] = {person("Jürgen", "Müller", 5)};
    struct person p3[] = {person("J.", "Mueller", 6)};
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    set_authors(&f, 2, p2, ARRAY_SIZE(p2));
    set_authors(&f, 3, p3, ARRAY_SIZE(p3));

    int before = diag_warning_count();
    struct name_index idx;
    author_index_build(&f.v, true, &idx);
    assert_int_equal(diag_warning_count(), before);
    static const char *const want[] = {"Müller, Jürgen", "Zhang, Wei", "Zhang, Wei"};
    assert_headings(&idx, want, ARRAY_SIZE(want));
    assert_papers(&idx.entries[0], (int[]){0, 1, 2, 3}, 4);
    assert_papers(&idx.entries[1], (int[]){0}, 1);
    assert_papers(&idx.entries[2], (int[]){1}, 1);
    name_index_release(&idx);
}

struct build_args {
    const struct volume *v;
    struct name_index *idx;
};

static void build_with_warnings(void *arg)
{
    struct build_args *a = arg;
    author_index_build(a->v, true, a->idx);
}

/* Run author_index_build with stderr captured into *err (caller frees). */
static void build_capturing(const struct volume *v, struct name_index *idx, char **err)
{
    struct build_args a = {v, idx};
    *err = capture_stderr(build_with_warnings, &a);
}

static void test_author_near_duplicates(void **state)
{
    struct fixture f;
    fixture_init(&f, 3);
    struct person p0[] = {person("J.", "Smith", 12), person("Wei", "Wang", 13), person("Xinyu", "Wang", 14)};
    struct person p1[] = {person("John", "Smith", 20), person("Wen", "Wang", 21), person("Xingyu", "Wang", 22)};
    struct person p2[] = {person("Jon", "Smith", 30), person("Hongsen", "Chen", 31), person("Chen", "Hongsen", 32)};
    p2[1].native = "陈洪森";
    p2[2].native = "陈洪森";
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    set_authors(&f, 2, p2, ARRAY_SIZE(p2));

    int before = diag_warning_count();
    struct name_index idx;
    char *err;
    build_capturing(&f.v, &idx, &err);
    /* J./John, J./Jon, John/Jon, and the swapped Chen Hongsen; Wei and Wen,
     * Xinyu and Xingyu Wang are different names. */
    assert_int_equal(diag_warning_count() - before, 4);
    const char *msg = "collate: manifest.yaml:20:9: warning: author 'John Smith' may be the same person as "
                      "'J. Smith' (manifest.yaml:12:9); give both the same ORCID or spelling to merge them\n";
    if (!strstr(err, msg))
        fail_msg("stderr:\n%s", err);
    assert_non_null(strstr(err, "author 'Jon Smith' may be the same person as 'John Smith' (manifest.yaml:20:9)"));
    assert_non_null(strstr(err, "author 'Chen Hongsen' may be the same person as 'Hongsen Chen'"));
    assert_null(strstr(err, "Wang"));
    free(err);
    static const char *const want[] = {"Chen, Hongsen (陈洪森)", "Hongsen, Chen (陈洪森)", "Smith, J.",
                                       "Smith, John", "Smith, Jon", "Wang, Wei", "Wang, Wen",
                                       "Wang, Xingyu", "Wang, Xinyu"};
    assert_headings(&idx, want, ARRAY_SIZE(want));
    name_index_release(&idx);
}

/* A mention without ORCID that matches two people of one name goes to the
 * first, with a warning. */
static void test_author_ambiguous(void **state)
{
    struct fixture f;
    fixture_init(&f, 2);
    struct person p0[] = {person("Wei", "Zhang", 1), person("Wei", "Zhang", 2)};
    p0[0].orcid = "0000-0001-5109-3700";
    p0[1].orcid = "0000-0002-1694-233X";
    struct person p1[] = {person("Wei", "Zhang", 3)};
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    int before = diag_warning_count();
    struct name_index idx;
    char *err;
    build_capturing(&f.v, &idx, &err);
    assert_int_equal(diag_warning_count() - before, 1);
    const char *msg = "collate: manifest.yaml:3:9: warning: author 'Wei Zhang' matches 2 people of that name; "
                      "listed with the first (manifest.yaml:1:9); add the ORCID iD of the person meant\n";
    if (strcmp(err, msg))
        fail_msg("stderr:\n%s", err);
    free(err);
    assert_int_equal(idx.n, 2);
    /* Equal headings and keys: ordered by pages, the first has both papers. */
    assert_papers(&idx.entries[0], (int[]){0}, 1);
    assert_papers(&idx.entries[1], (int[]){0, 1}, 2);
    name_index_release(&idx);
}

/* Non-archival papers have no pages, so their authors are not indexed. */
static void test_author_non_archival(void **state)
{
    struct fixture f;
    fixture_init(&f, 2);
    struct person p0[] = {person("Ada", "Lovelace", 1), person("Alan", "Turing", 2)};
    struct person p1[] = {person("Alan", "Turing", 3)};
    set_authors(&f, 0, p0, ARRAY_SIZE(p0));
    set_authors(&f, 1, p1, ARRAY_SIZE(p1));
    f.papers[0].archival = false;
    struct name_index idx;
    author_index_build(&f.v, true, &idx);
    static const char *const want[] = {"Turing, Alan"};
    assert_headings(&idx, want, ARRAY_SIZE(want));
    assert_papers(&idx.entries[0], (int[]){1}, 1);
    name_index_release(&idx);

    fixture_init(&f, 0);
    author_index_build(&f.v, true, &idx);
    assert_int_equal(idx.n, 0);
    name_index_release(&idx);
    name_index_release(NULL);
}

static void test_keywords(void **state)
{
    struct fixture f;
    fixture_init(&f, 4);
    char *k0[] = {"Neural Networks", "Ångström  scale"};
    char *k1[] = {"neural networks", "Machine-Learning", "neural-networks"};
    char *k2[] = {"Zebra"};
    char *k3[] = {"machine learning"};
    f.papers[0].keywords = k0, f.papers[0].nkeywords = ARRAY_SIZE(k0);
    f.papers[1].keywords = k1, f.papers[1].nkeywords = ARRAY_SIZE(k1);
    f.papers[2].keywords = k2, f.papers[2].nkeywords = ARRAY_SIZE(k2);
    f.papers[3].keywords = k3, f.papers[3].nkeywords = ARRAY_SIZE(k3);
    f.papers[2].archival = false;
    char *x0[] = {"MACHINE LEARNING", "3D printing", NULL};
    char *x3[] = {"angstrom scale", "--", NULL};
    f.v.papers[0].found_keywords = x0;
    f.v.papers[3].found_keywords = x3;

    struct name_index idx;
    keyword_index_build(&f.v, &idx);
    static const char *const want[] = {"3D printing", "Ångström scale", "Machine-Learning", "Neural Networks"};
    assert_headings(&idx, want, ARRAY_SIZE(want));
    assert_string_equal(idx.entries[1].sort_key, "angstrom scale");
    assert_papers(&idx.entries[0], (int[]){0}, 1);
    assert_papers(&idx.entries[1], (int[]){0, 3}, 2);
    assert_papers(&idx.entries[2], (int[]){0, 1, 3}, 3);
    assert_papers(&idx.entries[3], (int[]){0, 1}, 2);
    name_index_release(&idx);

    f.v.papers[0].found_keywords = f.v.papers[3].found_keywords = NULL;
    keyword_index_build(&f.v, &idx);
    static const char *const want2[] = {"Ångström scale", "Machine-Learning", "Neural Networks"};
    assert_headings(&idx, want2, ARRAY_SIZE(want2));
    assert_papers(&idx.entries[1], (int[]){1, 3}, 2);
    name_index_release(&idx);
}

static void test_keywords_extract(void **state)
{
    char **kw = keywords_extract("A Title\nAbstract—We study things.\nIndex Terms—differential privacy, federated\n"
                                 "learning; robustness.\nI. INTRODUCTION\nText");
    assert_non_null(kw);
    assert_string_equal(kw[0], "differential privacy");
    assert_string_equal(kw[1], "federated learning");
    assert_string_equal(kw[2], "robustness");
    assert_null(kw[3]);
    for (char **k = kw; *k; k++)
        free(*k);
    free(kw);
    kw = keywords_extract("CCS CONCEPTS\n\xE2\x80\xA2 Security and privacy \xE2\x86\x92 Software security engineering; "
                          "\xE2\x80\xA2 Computing methodologies \xE2\x86\x92 Machine learning.\n\nKEYWORDS");
    assert_non_null(kw);
    assert_string_equal(kw[0], "Software security engineering");
    assert_string_equal(kw[1], "Machine learning");
    assert_null(kw[2]);
    for (char **k = kw; *k; k++)
        free(*k);
    free(kw);
    assert_null(keywords_extract("no keywords here"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords_extract),
        cmocka_unit_test(test_sort_key),
        cmocka_unit_test(test_heading),
        cmocka_unit_test(test_author_order),
        cmocka_unit_test(test_author_order_suffix_family_first),
        cmocka_unit_test(test_author_orcid),
        cmocka_unit_test(test_author_near_duplicates),
        cmocka_unit_test(test_author_ambiguous),
        cmocka_unit_test(test_author_non_archival),
        cmocka_unit_test(test_keywords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
