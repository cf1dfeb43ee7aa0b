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
#include "manifest/manifest.h"
#include "base/util.h"

#define MAX_AUTHORS 12

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

/* ---- first pages as poppler extracts them from real templates ---- */

/* llncs: \inst{} and ORCID marks printed right after the names (poppler
 * decomposes the accents of Computer Modern: "E\u0301lodie"). */
static const char llncs_page[] =
    "Verifying Smart Contract Upgradeability with\n"
    "Bounded Model Checking\n"
    "E\xcc\x81lodie Marchand1[0000\xe2\x88\x92" "0002\xe2\x88\x92" "1825\xe2\x88\x92" "0097] , Stefan Wagner2 , "
    "and Nikolai Petrov1\n"
    "1\n"
    "Universite\xcc\x81 de Montclair, Grenoble, France\n"
    "2\n"
    "Alpine Institute of Technology, Innsbruck, Austria\n"
    "Abstract. Upgradeable smart contracts separate a proxy that holds\n";

static const char llncs_page2[] =
    "A Type System for Resource-Bounded Reactive\n"
    "Programs\n"
    "Giulia Romano1 , Henrik S\xc3\xb8rensen2[0000\xe2\x88\x92" "0001\xe2\x88\x92" "5109\xe2\x88\x92" "3700] , "
    "Yuki Tanaka3 , and\n"
    "Oliver Grant2\n"
    "1\n"
    "Universita\xcc\x80 di Calabria Nord, Cosenza, Italy\n"
    "Zo\xc3\xab Dvo\xc5\x99\xc3\xa1k1,2\xe2\x8b\x86 and Hongsen Chen2,3\n";

static void test_template_llncs(void **state)
{
    struct fixture f;
    setup_paper(&f, "Verifying Smart Contract Upgradeability with Bounded Model Checking", llncs_page);
    add_author(&f, "Élodie", "Marchand", NULL);
    add_author(&f, "Stefan", "Wagner", NULL);
    add_author(&f, "Nikolai", "Petrov", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "A Type System for Resource-Bounded Reactive Programs", llncs_page2);
    add_author(&f, "Giulia", "Romano", NULL);
    add_author(&f, "Henrik", "Sørensen", NULL);
    add_author(&f, "Yuki", "Tanaka", NULL);
    add_author(&f, "Oliver", "Grant", NULL);
    add_author(&f, "Zoë", "Dvořák", NULL);
    add_author(&f, "Hongsen", "Chen", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    /* A wrong author list is still found, marks or not. */
    setup_paper(&f, "Verifying Smart Contract Upgradeability with Bounded Model Checking", llncs_page);
    add_author(&f, "Élodie", "Marchand", NULL);
    add_author(&f, "Nikolai", "Petrova", NULL);
    add_author(&f, "Stefan", "Wagner-Klein", NULL);
    run(&f);
    assert_string_equal(only_message(&f), "authors 'Petrova' and 'Wagner-Klein' in the manifest do not appear on "
                                          "the first page");
    release(&f);
}

/* IEEEtran: poppler joins the names of one author row without spaces
 * ("Mar\u00eda Fern\u00e1ndezWei Zhang"); pdftotext puts them on lines of their own.
 * Footnote marks and superscript digits follow the names. */
static const char ieee_row_page[] =
    "Deterministic Low-Latency Scheduling for\n"
    "Time-Sensitive Industrial Ethernet\n"
    "Mar\xc3\xad" "a Fern\xc3\xa1ndezWei ZhangThomas Berger\n"
    "Dept. of Electrical Engineering\n"
    "Universidad de Valdemora\n"
    "Abstract\xe2\x80\x94Time-sensitive networking (TSN) promises deter-\n";

static const char ieee_pdftotext_page[] =
    "Deterministic Low-Latency Scheduling for\n"
    "Time-Sensitive Industrial Ethernet\n"
    "Mar\xc3\xad" "a Fern\xc3\xa1ndez\n\nWei Zhang\n\nThomas Berger\n\n"
    "Dept. of Electrical Engineering\n";

static const char ieee_marks_page[] =
    "Sparse Bayesian Channel Estimation for Wideband\n"
    "Massive MIMO Receivers\n"
    "J\xc3\xbcrgen Hoffmann\xe2\x88\x97\xe2\x80\xa0, Aisha Rahman\xe2\x80\xa1\xc2\xa7, Lucas Moreau\xc2\xb6\xe2\x80\x96, "
    "Kenji Watanabe*, Chlo\xc3\xa9 Durand\xc2\xb9\xc2\xb2, Rahul Mehta\xe2\x81\xb4 and Olivia Brooks(1)\n"
    "\xe2\x88\x97" "Chair of Communications Engineering, Technische Hochschule Altmark\n";

static void test_template_ieee(void **state)
{
    const char *pages[] = {ieee_row_page, ieee_pdftotext_page};
    for (size_t i = 0; i < ARRAY_SIZE(pages); i++) {
        struct fixture f;
        setup_paper(&f, "Deterministic Low-Latency Scheduling for Time-Sensitive Industrial Ethernet", pages[i]);
        add_author(&f, "María", "Fernández", NULL);
        add_author(&f, "Wei", "Zhang", NULL);
        add_author(&f, "Thomas", "Berger", NULL);
        run(&f);
        assert_int_equal(f.out.n, 0);
        release(&f);
    }

    struct fixture f;
    setup_paper(&f, "Sparse Bayesian Channel Estimation for Wideband Massive MIMO Receivers", ieee_marks_page);
    add_author(&f, "Jürgen", "Hoffmann", NULL);
    add_author(&f, "Aisha", "Rahman", NULL);
    add_author(&f, "Lucas", "Moreau", NULL);
    add_author(&f, "Kenji", "Watanabe", NULL);
    add_author(&f, "Chloé", "Durand", NULL);
    add_author(&f, "Rahul", "Mehta", NULL);
    add_author(&f, "Olivia", "Brooks", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    /* Joined names are split where a name ends, not inside one: neither
     * "Ferna" nor "Zhan" nor "Berg" is on the page, and the wrong title is found. */
    setup_paper(&f, "Deterministic Scheduling for Industrial Ethernet", ieee_row_page);
    add_author(&f, "María", "Ferna", NULL);
    add_author(&f, "Wei", "Zhan", NULL);
    add_author(&f, "Thomas", "Berg", NULL);
    run(&f);
    assert_int_equal(f.out.n, 2);
    assert_non_null(strstr(f.out.items[0].message, "title in the manifest 'Deterministic Scheduling"));
    assert_string_equal(f.out.items[1].message,
                        "authors 'Ferna', 'Zhan' and 'Berg' in the manifest do not appear on the first page");
    release(&f);
}

/* acmart: "\u2217" after names, and the names of one row joined by poppler. */
static const char acmart_page[] =
    "The Name of the Title Is Hope\n"
    "Ben Trovato\xe2\x88\x97\n"
    "G.K.M. Tobin\xe2\x88\x97\n"
    "trovato@corporation.com\n"
    "Institute for Clarity in Documentation\n"
    "Lars Th\xc3\xb8rv\xc3\xa4ldValerie B\xc3\xa9ranger\n"
    "The Th\xc3\xb8rv\xc3\xa4ld Group\n"
    "Aparna PatelHuifen ChanCharles Palmer\n"
    "Rajiv Gandhi University\n"
    "John SmithJulius P. KumquatRonald McDonald\xe2\x80\xa0\n"
    "ABSTRACT\n";

static void test_template_acmart(void **state)
{
    struct fixture f;
    setup_paper(&f, "The Name of the Title Is Hope", acmart_page);
    add_author(&f, "Ben", "Trovato", NULL);
    add_author(&f, "G.K.M.", "Tobin", NULL);
    add_author(&f, "Lars", "Thørväld", NULL);
    add_author(&f, "Valerie", "Béranger", NULL);
    add_author(&f, "Aparna", "Patel", NULL);
    add_author(&f, "Huifen", "Chan", NULL);
    add_author(&f, "Charles", "Palmer", NULL);
    add_author(&f, "John", "Smith", NULL);
    add_author(&f, "Julius P.", "Kumquat", NULL);
    add_author(&f, "Ronald", "McDonald", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "The Name of the Title Is Hope", acmart_page);
    add_author(&f, "Aparna", "Pate", NULL);      /* a prefix of a joined name */
    add_author(&f, "Huifen", "Chanchal", NULL);
    add_author(&f, "Ronald", "Donald", NULL);    /* the end of one */
    run(&f);
    assert_string_equal(only_message(&f),
                        "authors 'Pate', 'Chanchal' and 'Donald' in the manifest do not appear on the first page");
    release(&f);
}

/* A Word (LibreOffice) paper: one name per line, affiliations below. */
static void test_template_word(void **state)
{
    struct fixture f;
    setup_paper(&f, "Assessing Groundwater Storage Variability with Satellite Gravimetry and In-Situ Well "
                    "Observations",
                "Assessing Groundwater Storage Variability with Satellite\n"
                "Gravimetry and In-Situ Well Observations\n"
                "Ana Souza\n"
                "Instituto de Geoci\xc3\xaancias\n"
                "Mark Whitfield\n"
                "Department of Earth Sciences\n"
                "Abstract\xe2\x80\x94Groundwater is the largest accessible freshwater\n");
    add_author(&f, "Ana", "Souza", NULL);
    add_author(&f, "Mark", "Whitfield", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    /* The wrong file: another paper's first page. */
    setup_paper(&f, "Assessing Groundwater Storage Variability with Satellite Gravimetry and In-Situ Well "
                    "Observations", ieee_row_page);
    add_author(&f, "Ana", "Souza", NULL);
    add_author(&f, "Mark", "Whitfield", NULL);
    run(&f);
    assert_int_equal(f.out.n, 2);
    assert_string_equal(f.out.items[1].message,
                        "authors 'Souza' and 'Whitfield' in the manifest do not appear on the first page");
    release(&f);
}

/* Initials for given names, family name first, names broken over lines. */
static void test_initials_and_order(void **state)
{
    static const char *const pages[] = {
        "Fast Kernels\nH. Chen, Z. Dvo\xc5\x99\xc3\xa1k\n",
        "Fast Kernels\nH.-S. Chen and Z.\nDvorak\n",
        "Fast Kernels\nCHEN Hongsen, DVO\xc5\x98\xc3\x81K Zo\xc3\xab\n",
        "Fast Kernels\nChen Hongsen1 Dvo\xc5\x99\xc3\xa1k Zo\xc3\xab" "2\n",
        "Fast Kernels\nHongsen\nChen, Zo\xc3\xab Dvo\xc5\x99\xc3\xa1k\n",
        "Fast Kernels\nHongsen ChenZo\xc3\xab Dvo\xc5\x99\xc3\xa1k\n",
    };
    for (size_t i = 0; i < ARRAY_SIZE(pages); i++) {
        struct fixture f;
        setup_paper(&f, "Fast Kernels", pages[i]);
        add_author(&f, "Hongsen", "Chen", NULL);
        add_author(&f, "Zoë", "Dvořák", NULL);
        run(&f);
        assert_int_equal(f.out.n, 0);
        release(&f);
    }
    /* A compound family name and a particle broken over lines. */
    struct fixture f;
    setup_paper(&f, "Fast Kernels", "Fast Kernels\nLudwig van\nBeethoven1, Rafael Quintero-\nSalas2\n");
    add_author(&f, "Ludwig", "van Beethoven", NULL);
    add_author(&f, "Rafael", "Quintero-Salas", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);
}

/* Letters used as marks ("Chena,b", as elsarticle prints them) end a
 * name; a given name that merely starts like a family name does not. */
static void test_letter_marks(void **state)
{
    struct fixture f;
    setup_paper(&f, "Fast Kernels", "Fast Kernels\nHongsen Chena,b, Wei Zhangb,\xe2\x88\x97, Jiayi Lia\xe2\x80\xa0\n");
    add_author(&f, "Hongsen", "Chen", NULL);
    add_author(&f, "Wei", "Zhang", NULL);
    add_author(&f, "Jiayi", "Li", NULL);
    run(&f);
    assert_int_equal(f.out.n, 0);
    release(&f);

    setup_paper(&f, "Linear Probes", "Linear Probes\nLia B. Smith, Lin2 Wu\nlinear1 models\n");
    add_author(&f, "Jiayi", "Li", NULL);
    run(&f);
    assert_string_equal(only_message(&f), "author 'Li' in the manifest does not appear on the first page");
    release(&f);
}

/* ---- the same PDF for two papers ---- */

static void test_duplicates(void **state)
{
    struct paper papers[5];
    struct pdf_info infos[5];
    static const char *const ids[] = {"p1", "p2", "p3", "p4", "p5"};
    static const char *const pdfs[] = {"papers/a.pdf", "papers/b.pdf", "papers/a.pdf", "papers/c.pdf",
                                       "papers/d.pdf"};
    memset(papers, 0, sizeof(papers));
    for (size_t i = 0; i < 5; i++) {
        papers[i].id = (char *)ids[i];
        papers[i].pdf = papers[i].pdf_path = (char *)pdfs[i];
        pdfinfo_init(&infos[i], pdfs[i]);
        infos[i].file_size = 1000 + i;
        infos[i].checksum = 0xABCD0000u + (uint32_t)i;
    }
    /* p2 has p1's content under another name, p3 is p1's file again;
     * p4 and p5 could not be read (size 0): not duplicates of each other. */
    infos[1].file_size = infos[2].file_size = infos[0].file_size;
    infos[1].checksum = infos[2].checksum = infos[0].checksum;
    infos[3].file_size = infos[4].file_size = 0;
    infos[3].checksum = infos[4].checksum = 0;
    /* Two sessions: the papers are numbered in reading order across them. */
    struct session sessions[2] = {{.papers = papers, .npapers = 2}, {.papers = papers + 2, .npapers = 3}};
    struct manifest m = {.sessions = sessions, .nsessions = 2};
    struct findings out[5];
    memset(out, 0, sizeof(out));
    metacheck_duplicates(&m, infos, SEV_ERROR, out);
    assert_int_equal(out[0].n, 0);
    assert_int_equal(out[1].n, 1);
    assert_int_equal(out[1].items[0].code, F_DUPLICATE_PDF);
    assert_int_equal(out[1].items[0].severity, SEV_ERROR);
    assert_int_equal(out[1].items[0].page, 0);
    assert_string_equal(out[1].items[0].message,
                        "same content as the PDF of paper 'p1' (papers/a.pdf); one of the two is the wrong file");
    assert_int_equal(out[2].n, 1);
    assert_string_equal(out[2].items[0].message, "same file as paper 'p1'; each paper needs its own PDF");
    assert_int_equal(out[3].n, 0);
    assert_int_equal(out[4].n, 0);

    /* Same size, another CRC: different papers. */
    for (size_t i = 0; i < 5; i++)
        findings_release(&out[i]);
    infos[1].checksum ^= 1;
    infos[2].file_size += 1;
    metacheck_duplicates(&m, infos, SEV_WARNING, out);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(out[i].n, 0);
        pdfinfo_release(&infos[i]);
    }
    assert_string_equal(finding_code_name(F_DUPLICATE_PDF), "duplicate_pdf");
    assert_int_equal(finding_default_severity(F_DUPLICATE_PDF), SEV_ERROR);
    assert_int_equal(finding_code_from_name("duplicate_pdf"), F_DUPLICATE_PDF);
}

/* stale_pdf: the size first, then the digest the caller computed. */
static void test_stale(void **state)
{
    struct paper p = {0};
    struct pdf_info info;
    pdfinfo_init(&info, "p.pdf");
    info.file_size = 2000;
    p.id = "p4";
    struct findings out = {0};
    metacheck_stale(&p, &info, NULL, SEV_ERROR, &out); /* nothing recorded */
    assert_int_equal(out.n, 0);
    p.pdf_size = 1999;
    metacheck_stale(&p, &info, NULL, SEV_ERROR, &out);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.items[0].code, F_STALE_PDF);
    assert_string_equal(out.items[0].message, "the PDF has 2000 bytes but the final version in the submission "
                                              "system has 1999; it is an older version or another paper's file");
    findings_release(&out);
    p.pdf_size = 2000;
    p.pdf_sha256 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    metacheck_stale(&p, &info, p.pdf_sha256, SEV_ERROR, &out);
    assert_int_equal(out.n, 0);
    metacheck_stale(&p, &info, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", SEV_ERROR, &out);
    assert_int_equal(out.n, 1);
    assert_non_null(strstr(out.items[0].message, "not the final version in the submission system (SHA-256"));
    findings_release(&out);
    info.file_size = 0; /* missing or unreadable: reported elsewhere */
    metacheck_stale(&p, &info, "bb", SEV_ERROR, &out);
    assert_int_equal(out.n, 0);
    pdfinfo_release(&info);
    assert_string_equal(finding_code_name(F_STALE_PDF), "stale_pdf");
    assert_string_equal(finding_code_name(F_SWAPPED_PDF), "swapped_pdf");
    assert_int_equal(finding_default_severity(F_SWAPPED_PDF), SEV_WARNING);
}

/* swapped_pdf: files shifted by one along three papers, and one in place. */
static void test_swapped(void **state)
{
    static const char *const titles[] = {"Robust Aggregation for Federated Learning",
                                         "Privacy Amplification by Shuffling",
                                         "Certified Defenses against Data Poisoning", "Short"};
    /* each first page shows the next paper's title; the fourth its own */
    static const char *const pages[] = {
        "Privacy Amplification\nby Shuffling\nLudwig van Beethoven", "Certified Defenses against Data\nPoisoning\nG. Hopper",
        "Robust Aggregation for Federated\nLearning\nA. Lovelace", "Short\nZ. Dvorak"};
    struct paper papers[4];
    struct pdf_info infos[4];
    memset(papers, 0, sizeof(papers));
    for (size_t i = 0; i < 4; i++) {
        papers[i].id = xasprintf("p%zu", i + 1);
        papers[i].title = (char *)titles[i];
        pdfinfo_init(&infos[i], "x.pdf");
        infos[i].readable = true;
        infos[i].npages = 1;
        infos[i].first_page_text = xstrdup(pages[i]);
    }
    struct session session = {.papers = papers, .npapers = 4};
    struct manifest m = {.sessions = &session, .nsessions = 1};
    struct findings out[4];
    memset(out, 0, sizeof(out));
    metacheck_swapped(&m, infos, SEV_WARNING, out);
    assert_int_equal(out[0].n, 1);
    assert_int_equal(out[0].items[0].code, F_SWAPPED_PDF);
    assert_int_equal(out[0].items[0].page, 1);
    assert_string_equal(out[0].items[0].message,
                        "the first page has the title of paper 'p2' ('Privacy Amplification by Shuffling'), not its "
                        "own ('Robust Aggregation for Federated Learning'): the PDFs of 'p1' and 'p2' may be "
                        "swapped, or the files shifted by one");
    assert_int_equal(out[1].n, 1);
    assert_non_null(strstr(out[1].items[0].message, "title of paper 'p3'"));
    assert_int_equal(out[2].n, 1);
    assert_non_null(strstr(out[2].items[0].message, "title of paper 'p1'"));
    assert_int_equal(out[3].n, 0);
    for (size_t i = 0; i < 4; i++) {
        findings_release(&out[i]);
        pdfinfo_release(&infos[i]);
        free(papers[i].id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match),        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_hyphenation_and_ligatures), cmocka_unit_test(test_cjk),
        cmocka_unit_test(test_missing_authors), cmocka_unit_test(test_short_names),
        cmocka_unit_test(test_name_forms),   cmocka_unit_test(test_wrong_title),
        cmocka_unit_test(test_info_title),   cmocka_unit_test(test_no_text),
        cmocka_unit_test(test_unreadable),   cmocka_unit_test(test_template_llncs),
        cmocka_unit_test(test_template_ieee), cmocka_unit_test(test_template_acmart),
        cmocka_unit_test(test_template_word), cmocka_unit_test(test_initials_and_order),
        cmocka_unit_test(test_letter_marks), cmocka_unit_test(test_duplicates), cmocka_unit_test(test_stale), cmocka_unit_test(test_swapped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
