/* Unit tests: the manifest's title and authors against a paper's first
 * page, on hand-made inspection results. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "check/metacheck.h"
#include "base/util.h"

#define MAX_AUTHORS 8

/* A paper with a title and up to MAX_AUTHORS authors, all borrowed. */
struct fixture {
    struct paper paper;
    struct person authors[MAX_AUTHORS];
    struct pdf_info info;
    struct findings out;
};

static void setup_paper(struct fixture *f, const char *title, const char *first_page_text)
{
    memset(f, 0, sizeof(*f));
    f->paper.id = "p01";
    f->paper.title = (char *)title;
    f->paper.authors = f->authors;
    pdfinfo_init(&f->info, "p01.pdf");
    f->info.npages = 1;
    f->info.pages = xcalloc(1, sizeof(*f->info.pages));
    f->info.first_page_text = xstrdup(first_page_text);
}

static void add_author(struct fixture *f, const char *given, const char *family, const char *native)
{
    assert_true(f->paper.nauthors < MAX_AUTHORS);
    struct person *a = &f->authors[f->paper.nauthors++];
    a->given = (char *)given;
    a->family = (char *)family;
    a->native = (char *)native;
}

static void run(struct fixture *f)
{
    metacheck_paper(&f->paper, &f->info, SEV_WARNING, &f->out);
}

static void release(struct fixture *f)
{
    pdfinfo_release(&f->info);
    findings_release(&f->out);
}

/* The text of the only finding (the test fails when there is not exactly one). */
static const char *only_message(const struct fixture *f)
{
    assert_int_equal(f->out.n, 1);
    assert_int_equal(f->out.items[0].code, F_METADATA);
    assert_int_equal(f->out.items[0].page, 1);
    return f->out.items[0].message;
}

static const char ieee_page[] =
    "mkpaper-page-1\n"
    "Certified Patch Defenses for Vision Transformers\n"
    "under Adaptive Attacks\n"
    "Lucas Ferreira, Ananya Kulkarni, Thomas Reinholt\n"
    "Universidade Federal de Minas Gerais\n"
    "Abstract\xe2\x80\x94We propose a practical test set that bounds the\n";

static void test_match(void **state)
{
    struct fixture f;
    setup_paper(&f, "Certified Patch Defenses for Vision Transformers under Adaptive Attacks", ieee_page);
    add_author(&f, "Lucas", "Ferreira", NULL);
    add_author(&f, "Ananya", "Kulkarni", NULL);
    add_author(&f, "Thomas", "Reinholt", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

/* Accents, case and punctuation do not matter, in either direction, and
 * decomposed (NFD) text in the PDF folds like composed text. */
static void test_accents(void **state)
{
    struct fixture f;
    setup_paper(&f, "Sécurité des Modèles: Une Étude",
                "SECURITE DES MODELES \xe2\x80\x93 UNE ETUDE\n"
                "Zoe\xcc\x88 Dvor\xcc\x8c" "a\xcc\x81" "k and Lukasz Wisniewski\n");
    add_author(&f, "Zoë", "Dvořák", NULL);
    add_author(&f, "Łukasz", "Wiśniewski", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "Privacy for Muller's Models", "Privacy for Müller’s Models\nJürgen Müller\n");
    add_author(&f, "Jurgen", "Muller", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

/* Words broken at line ends: "Feder-\nated" (hyphenation), a real hyphen
 * broken at its line end, a soft hyphen, and ligatures. */
static void test_hyphenation_and_ligatures(void **state)
{
    struct fixture f;
    setup_paper(&f, "Federated Unlearning with Certified Game-Based Guarantees for Efficient Clients",
                "Feder-\nated Unlearning with Certi-  \n  fied Game-\nBased Guaran\xc2\xad\ntees for\n"
                "E\xef\xac\x83""cient Clients\n"
                "Anna Rein-\nholt, Kim Lee\n");
    add_author(&f, "Anna", "Reinholt", NULL);
    add_author(&f, "Kim", "Lee", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

/* A CJK title broken over two lines; authors known by their native names. */
static void test_cjk(void **state)
{
    struct fixture f;
    setup_paper(&f, "基于差分隐私的联邦学习 Federated Learning",
                "基于差分隐私的联\n邦学习 Federated\nLearning\n陈洪森 山口健太 Zoë Dvořák\n");
    add_author(&f, "Hongsen", "Chen", "陈洪森"); /* only the native name is printed */
    add_author(&f, NULL, NULL, "山口 健太");      /* native only, spaced differently */
    add_author(&f, "Zoë", "Dvořák", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "基于差分隐私的联邦学习", "联邦学习的差分隐私\n陈洪森\n");
    add_author(&f, NULL, NULL, "李嘉怡");
    run(&f);
    assert_int_equal(f.out.n, 2);
    assert_string_equal(f.out.items[0].message,
                        "title in the manifest '基于差分隐私的联邦学习' does not appear on the first page "
                        "(first lines: '联邦学习的差分隐私 / 陈洪森')");
    assert_string_equal(f.out.items[1].message, "author '李嘉怡' in the manifest does not appear on the first page");
    release(&f);

    /* A CJK name split family first (陈 + 洪森): the one-character family
     * name is too short alone, so the whole name is looked for. */
    setup_paper(&f, "联邦学习", "联邦学习\n陈洪森\n");
    add_author(&f, "洪森", "陈", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
    setup_paper(&f, "联邦学习", "联邦学习\n陈明\n");
    add_author(&f, "洪森", "陈", NULL);
    run(&f);
    assert_string_equal(only_message(&f), "author '陈' in the manifest does not appear on the first page");
    release(&f);
}

static void test_missing_authors(void **state)
{
    struct fixture f;
    setup_paper(&f, "Certified Patch Defenses for Vision Transformers under Adaptive Attacks", ieee_page);
    add_author(&f, "Lucas", "Ferreira", NULL);
    add_author(&f, "Maria", "Rossi", NULL);
    run(&f);
    assert_string_equal(only_message(&f), "author 'Rossi' in the manifest does not appear on the first page");
    assert_int_equal(f.out.items[0].severity, SEV_WARNING);
    release(&f);

    setup_paper(&f, "Certified Patch Defenses for Vision Transformers under Adaptive Attacks", ieee_page);
    add_author(&f, "Maria", "Rossi", NULL);
    add_author(&f, "Lucas", "Ferreira", NULL);
    add_author(&f, "Hongsen", "Chen", NULL);
    add_author(&f, "Wei", "Chen", NULL); /* listed once */
    add_author(&f, "Ada", "Lovelace", NULL);
    metacheck_paper(&f.paper, &f.info, SEV_ERROR, &f.out);
    assert_string_equal(only_message(&f),
                        "authors 'Rossi', 'Chen' and 'Lovelace' in the manifest do not appear on the first page");
    assert_int_equal(f.out.items[0].severity, SEV_ERROR);
    release(&f);
}

/* Family names match whole words: "Li" is not in "linear"; one-letter
 * names are not looked for. */
static void test_short_names(void **state)
{
    struct fixture f;
    setup_paper(&f, "Linear Probes", "Linear Probes\nwith lithium and Li-ion cells\nQ. Xu\n");
    add_author(&f, "Jiayi", "Li", NULL);
    add_author(&f, "Haoran", "Xu", NULL);
    add_author(&f, "Jun", "Q", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0); /* "Li-ion" folds to "li ion" */
    release(&f);

    setup_paper(&f, "Linear Probes", "Linear Probes\nwith lithium cells\nQ. Xu\n");
    add_author(&f, "Jiayi", "Li", NULL);
    run(&f);
    assert_string_equal(only_message(&f), "author 'Li' in the manifest does not appear on the first page");
    release(&f);
}

/* Particles, compound and hyphenated family names, mononyms. */
static void test_name_forms(void **state)
{
    struct fixture f;
    setup_paper(&f, "Unlearning at Scale",
                "UNLEARNING AT SCALE\nLudwig van Beethoven, Ana De La Cruz, Rafael Quintero-Salas, Sukarno\n");
    add_author(&f, "Ludwig", "van Beethoven", NULL);
    add_author(&f, "Ana", "de la Cruz", NULL);
    add_author(&f, "Rafael", "Quintero Salas", NULL);
    add_author(&f, "Sukarno", NULL, NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

static void test_wrong_title(void **state)
{
    struct fixture f;
    setup_paper(&f, "A Different Title", ieee_page);
    add_author(&f, "Lucas", "Ferreira", NULL);
    run(&f);
    assert_string_equal(only_message(&f),
                        "title in the manifest 'A Different Title' does not appear on the first page (first lines: "
                        "'mkpaper-page-1 / Certified Patch Defenses for Vision Transformers / under Adaptive Attacks')");
    release(&f);

    /* Words of the title in another order are not the title. */
    setup_paper(&f, "Attacks under Adaptive Transformers", ieee_page);
    run(&f);
    assert_int_equal(f.out.n, 1);
    release(&f);

    /* Long first lines are cut. */
    char line[400];
    memset(line, 'x', sizeof(line) - 1);
    line[sizeof(line) - 1] = '\0';
    setup_paper(&f, "Missing", line);
    run(&f);
    const char *m = only_message(&f);
    assert_non_null(strstr(m, "(first lines: 'xxx"));
    assert_true(str_ends_with(m, "xxx...')"));
    assert_true(strlen(m) < 250);
    release(&f);
}

/* The document's /Title is a second source when the page text differs
 * (a title set as an image, or in a font without a Unicode mapping). */
static void test_info_title(void **state)
{
    struct fixture f;
    setup_paper(&f, "Certified Removal", "\xc3\xa2\xc2\x80\xc2\x93 garbled \x01\x02 text\nAda Lovelace\n");
    add_author(&f, "Ada", "Lovelace", NULL);
    f.info.title = xstrdup("Certified  removal");
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "Certified Removal", "Something Else\nAda Lovelace\n");
    add_author(&f, "Ada", "Lovelace", NULL);
    f.info.title = xstrdup("Microsoft Word - paper.docx");
    run(&f);
    assert_int_equal(f.out.n, 1);
    release(&f);
}

/* A scanned first page gives one notice, whatever the manifest says. */
static void test_no_text(void **state)
{
    const char *texts[] = {NULL, "", " \n\f \n", "\xe2\x80\x94 \xc2\xb7 --"};
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
        struct fixture f;
        setup_paper(&f, "Anything", "");
        free(f.info.first_page_text);
        f.info.first_page_text = xstrdup(texts[i]);
        add_author(&f, "Ada", "Lovelace", NULL);
        run(&f);
        assert_string_equal(only_message(&f), "first page has no extractable text; title and authors not verified");
        assert_int_equal(f.out.items[0].severity, SEV_NOTICE);
        release(&f);
    }
}

/* An unreadable paper has its own finding; nothing is added here. */
static void test_unreadable(void **state)
{
    struct fixture f;
    setup_paper(&f, "Anything", "");
    f.info.readable = false;
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_hyphenation_and_ligatures), cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_missing_authors), cmocka_unit_test(test_short_names),
        cmocka_unit_test(test_name_forms),   cmocka_unit_test(test_wrong_title),
        cmocka_unit_test(test_info_title),   cmocka_unit_test(test_no_text),
        cmocka_unit_test(test_unreadable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
