/* Unit tests: the placeholders of the stamp templates.  Every placeholder
 * on a paper page, their fallbacks, braces, unknown placeholders, and
 * empty paper values on pages that are not a paper's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "paginate/volume.h"
#include "typeset/placeholder.h"
#include "volfixture.h"

/* A volume with a one-page contents, a session of two papers (3 and 2
 * pages) and a one-page author index; authors are set by the tests. */
struct ph_fixture {
    struct vol_fixture f;
    struct person authors[3];
    struct volume *draft, *plan;
};

static struct person person(const char *given, const char *family)
{
    struct person p = {0};
    p.given = (char *)given;
    p.family = (char *)family;
    return p;
}

static void fixture_init(struct ph_fixture *x)
{
    memset(x, 0, sizeof(*x));
    struct vol_fixture *f = &x->f;
    vf_init(f);
    f->m.short_title = "TW 2025";
    f->m.doi_prefix = "10.1109/TW.2025";
    vf_front(f, PART_TOC);
    vf_back(f, PART_AUTHOR_INDEX);
    vf_session(f, "Session 1: Robustness");
    struct paper *a = vf_paper(f, "p01", 3);
    a->title = "Certified Robustness for Federated Models";
    a->short_title = "Certified Robustness";
    x->authors[0] = person("Hongsen", "Chen");
    x->authors[1] = person("Maria", "Rossi");
    x->authors[2] = person("Zoë", "Dvořák");
    a->authors = x->authors;
    a->nauthors = 3;
    struct paper *b = vf_paper(f, "p02", 2);
    b->title = "Untitled Short";
    b->doi = "10.5555/explicit";
    b->authors = x->authors;
    b->nauthors = 1;
}

/* Paginate: without the recto rule, contents i, a on 1-3, b on 4-5 and
 * the index on 6 (vpages 0 to 6). */
static void fixture_plan(struct ph_fixture *x)
{
    static const int lengths[] = {1, 1};
    x->draft = volume_new(&x->f.m, &x->f.style, x->f.infos);
    x->plan = paginate(x->draft, lengths);
}

static void fixture_release(struct ph_fixture *x)
{
    volume_free(x->plan);
    volume_free(x->draft);
}

/* tmpl expanded for page vpage of the plan equals want. */
static void assert_expands(const struct volume *plan, int vpage, const char *tmpl, const char *want)
{
    struct placeholder_values pv;
    placeholder_values_init(&pv, plan, vpage);
    char *got = placeholder_expand(tmpl, &pv);
    if (strcmp(got, want))
        fail_msg("page %d: '%s' expands to '%s', want '%s'", vpage, tmpl, got, want);
    free(got);
    placeholder_values_release(&pv);
}

static void test_every_placeholder(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    fixture_plan(&x);
    const struct volume *v = x.plan;
    assert_int_equal(v->npages, 7);
    static const struct {
        const char *tmpl, *want;
    } cases[] = {
        {"{page}", "2"},
        {"{volume_title}", "Proceedings of a Test Workshop"},
        {"{volume_short}", "TW 2025"},
        {"{paper_title}", "Certified Robustness for Federated Models"},
        {"{paper_title_short}", "Certified Robustness"},
        {"{paper_authors}", "Hongsen Chen, Maria Rossi and Zoë Dvořák"},
        {"{paper_authors_short}", "Chen et al."},
        {"{first_page}", "1"},
        {"{last_page}", "3"},
        {"{doi}", "10.1109/TW.2025.p01"},
        {"{session}", "Session 1: Robustness"},
        {"{volume_short}, p. {page} ({first_page}\xE2\x80\x93{last_page})", "TW 2025, p. 2 (1\xE2\x80\x93" "3)"},
        {"", ""},
        {"no placeholders", "no placeholders"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_expands(v, 2, cases[i].tmpl, cases[i].want); /* a's second page */
    /* The second paper: explicit DOI, no short title, one author. */
    assert_expands(v, 4, "{doi}", "10.5555/explicit");
    assert_expands(v, 4, "{paper_title_short}", "Untitled Short");
    assert_expands(v, 4, "{paper_authors}|{paper_authors_short}", "Hongsen Chen|Chen");
    assert_expands(v, 5, "{page} of {first_page}-{last_page}", "5 of 4-5");
    fixture_release(&x);

    /* Every placeholder has its name. */
    static const char *const names[PH_COUNT] = {
        [PH_PAGE] = "page", [PH_VOLUME_TITLE] = "volume_title", [PH_VOLUME_SHORT] = "volume_short",
        [PH_PAPER_TITLE] = "paper_title", [PH_PAPER_TITLE_SHORT] = "paper_title_short",
        [PH_PAPER_AUTHORS] = "paper_authors", [PH_PAPER_AUTHORS_SHORT] = "paper_authors_short",
        [PH_FIRST_PAGE] = "first_page", [PH_LAST_PAGE] = "last_page", [PH_DOI] = "doi",
        [PH_SESSION] = "session", [PH_PAPER_AUTHORS_INITIALS] = "paper_authors_initials",
        [PH_NUMBER] = "number", [PH_PAPER_ID] = "paper_id", [PH_NOTICE] = "notice", [PH_EDITORS] = "editors",
        [PH_EDITORS_SHORT] = "editors_short", [PH_EDS] = "eds", [PH_YEAR] = "year",
        [PH_YEAR_SHORT] = "year_short", [PH_SERIES] = "series", [PH_SERIES_SHORT] = "series_short",
        [PH_VOLUME_NUMBER] = "volume_number", [PH_ISBN] = "isbn", [PH_ISSN] = "issn",
        [PH_PUBLISHER] = "publisher", [PH_EVENT] = "event", [PH_LOCATION] = "location", [PH_DATES] = "dates",
        [PH_DOI_PREFIX] = "doi_prefix"};
    for (int i = 0; i < PH_COUNT; i++)
        assert_string_equal(placeholder_name((enum placeholder)i), names[i]);
}

/* The volume's entries, editors, the notice and the publishers' DOI
 * patterns. */
static void test_volume_placeholders(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    struct person editors[3] = {person("Ana Beatriz", "Monteiro"), person("Hans-Peter", "Eberhardt"),
                                person("Nasrin", "Karimi")};
    x.f.m.editors = editors;
    x.f.m.neditors = 3;
    x.f.m.year = "2025";
    x.f.m.series = "Lecture Notes in Computer Science";
    x.f.m.series_short = "LNCS";
    x.f.m.volume_number = "16123";
    x.f.m.publisher = "Springer Nature Switzerland AG";
    x.f.m.isbn = "978-3-032-01234-0";
    x.f.style.stamp.notice_copyright = "© The Author(s), under exclusive license to {publisher} {year}";
    fixture_plan(&x);
    static const struct {
        const char *tmpl, *want;
    } cases[] = {
        {"{editors}", "Ana Beatriz Monteiro, Hans-Peter Eberhardt and Nasrin Karimi"},
        {"{editors_short} ({eds})", "A. B. Monteiro et al. (Eds.)"},
        {"{paper_authors_initials}", "H. Chen et al."},
        {"{year}/{year_short}", "2025/25"},
        {"{series_short} {volume_number}, {series}", "LNCS 16123, Lecture Notes in Computer Science"},
        {"{number}:{paper_id}", "1:p01"},
        {"{notice}", "© The Author(s), under exclusive license to Springer Nature Switzerland AG 2025"},
        {"{isbn}|{issn}|{event}", "978-3-032-01234-0||"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_expands(x.plan, 2, cases[i].tmpl, cases[i].want);
    assert_expands(x.plan, 4, "{number}", "2");
    /* The manifest's notice wins, and may use placeholders itself. */
    x.f.m.notice = "©{year} TEST";
    assert_expands(x.plan, 2, "{notice}", "©2025 TEST");
    /* Two editors, one editor; hyphenated given names. */
    x.f.m.neditors = 2;
    assert_expands(x.plan, 2, "{editors_short} ({eds})", "A. B. Monteiro and H.-P. Eberhardt (Eds.)");
    x.f.m.neditors = 1;
    assert_expands(x.plan, 2, "{editors_short} ({eds})", "A. B. Monteiro (Ed.)");
    /* Springer chapter DOIs: prefix_N in volume order; an explicit DOI wins. */
    x.f.style.paper_doi = "{prefix}_{number}";
    assert_expands(x.plan, 2, "{doi}", "10.1109/TW.2025_1");
    assert_expands(x.plan, 4, "{doi}", "10.5555/explicit");
    char *doi = manifest_paper_doi(&x.f.m, "{prefix}_{number}", &x.f.papers[0][1]);
    assert_string_equal(doi, "10.5555/explicit");
    free(doi);
    x.f.papers[0][1].doi = NULL;
    doi = manifest_paper_doi(&x.f.m, "{prefix}_{number}", &x.f.papers[0][1]);
    assert_string_equal(doi, "10.1109/TW.2025_2");
    free(doi);
    x.f.papers[0][0].archival = false; /* not a chapter: no number, no DOI */
    doi = manifest_paper_doi(&x.f.m, "{prefix}_{number}", &x.f.papers[0][0]);
    assert_null(doi);
    doi = manifest_paper_doi(&x.f.m, NULL, &x.f.papers[0][0]);
    assert_string_equal(doi, "10.1109/TW.2025.p01");
    free(doi);
    fixture_release(&x);
}

/* Whether a line's placeholders have values (notice lines without any are dropped). */
static void test_filled(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    x.f.m.doi_prefix = NULL;
    fixture_plan(&x);
    struct placeholder_values pv;
    placeholder_values_init(&pv, x.plan, 2);
    bool any;
    assert_false(placeholder_filled("https://doi.org/{doi}", &pv, &any));
    assert_true(any);
    assert_true(placeholder_filled("{doi} {page}", &pv, &any));
    assert_false(placeholder_filled("plain text", &pv, &any));
    assert_false(any);
    placeholder_values_release(&pv);
    char *names = placeholder_names();
    assert_non_null(strstr(names, "{page}, {volume_title}"));
    assert_non_null(strstr(names, "{doi_prefix}"));
    free(names);
    fixture_release(&x);
}

/* A volume without short title or DOI prefix. */
static void test_fallbacks(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    x.f.m.short_title = NULL;
    x.f.m.doi_prefix = NULL;
    fixture_plan(&x);
    assert_expands(x.plan, 1, "{volume_short}", "Proceedings of a Test Workshop");
    assert_expands(x.plan, 1, "[{doi}]", "[]");
    assert_expands(x.plan, 4, "[{doi}]", "[10.5555/explicit]"); /* an explicit one still counts */
    fixture_release(&x);
}

static void test_authors(void **state)
{
    struct person two[] = {person("Hongsen", "Chen"), person("Maria", "Rossi")};
    struct person native = {0};
    native.given = native.family = "";
    native.native = "陈洪森";
    struct person mononym = person("Sukarno", "");
    struct paper p = {0};
    static const struct {
        size_t n;
        const char *full, *short_form;
    } cases[] = {
        {0, "", ""},
        {1, "Hongsen Chen", "Chen"},
        {2, "Hongsen Chen and Maria Rossi", "Chen and Rossi"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        p.authors = two;
        p.nauthors = cases[i].n;
        char *full = placeholder_authors(&p, false), *short_form = placeholder_authors(&p, true);
        assert_string_equal(full, cases[i].full);
        assert_string_equal(short_form, cases[i].short_form);
        free(full);
        free(short_form);
    }
    struct person mixed[] = {native, mononym, two[1], two[0]};
    p.authors = mixed;
    p.nauthors = 4;
    char *full = placeholder_authors(&p, false), *short_form = placeholder_authors(&p, true);
    assert_string_equal(full, "陈洪森, Sukarno, Maria Rossi and Hongsen Chen");
    assert_string_equal(short_form, "陈洪森 et al.");
    free(full);
    free(short_form);
    p.nauthors = 2;
    short_form = placeholder_authors(&p, true);
    assert_string_equal(short_form, "陈洪森 and Sukarno");
    free(short_form);
}

static void test_braces(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    fixture_plan(&x);
    static const struct {
        const char *tmpl, *want;
    } cases[] = {
        {"{{page}}", "{page}"},
        {"{{{page}}}", "{2}"},
        {"a {{ b }} c", "a { b } c"},
        {"}", "}"},
        {"{", "{"},
        {"x {page", "x {page"},   /* unclosed: as written */
        {"{}", "{}"},             /* empty name: unknown */
        {"}}{page}{{", "}2{"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_expands(x.plan, 2, cases[i].tmpl, cases[i].want);
    char *bad = (char *)"untouched";
    assert_true(placeholder_check("{{not a placeholder}} {page}", &bad));
    assert_null(bad);
    fixture_release(&x);
}

static void test_unknown_placeholder(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    fixture_plan(&x);
    /* Copied as written, and the known ones around it still expand. */
    assert_expands(x.plan, 2, "{page} {nope} {Page} {page}", "2 {nope} {Page} 2");
    char *bad = NULL;
    assert_false(placeholder_check("{page} {nope} {other}", &bad));
    assert_string_equal(bad, "{nope}");
    free(bad);
    assert_false(placeholder_check("{paper title}", &bad));
    assert_string_equal(bad, "{paper title}");
    free(bad);
    assert_true(placeholder_check(NULL, &bad));
    assert_null(bad);
    assert_true(placeholder_check("{doi}{session}{last_page}", &bad));
    assert_null(bad);
    /* A NULL template expands to nothing. */
    struct placeholder_values pv;
    placeholder_values_init(&pv, x.plan, 0);
    char *s = placeholder_expand(NULL, &pv);
    assert_string_equal(s, "");
    free(s);
    placeholder_values_release(&pv);
    fixture_release(&x);
}

/* On generated and blank pages the paper placeholders are empty; the page
 * and the volume's are not. */
static void test_not_a_paper_page(void **state)
{
    struct ph_fixture x;
    fixture_init(&x);
    x.f.m.recto = x.f.m.recto_set = true; /* a blank page before the index */
    fixture_plan(&x);
    const struct volume *v = x.plan;
    static const char tmpl[] = "[{paper_title}|{paper_title_short}|{paper_authors}|{paper_authors_short}|"
                               "{first_page}|{last_page}|{doi}|{session}]";
    /* contents i, blank ii, a on 1-3, blank 4, b on 5-6, index on 7 */
    assert_int_equal(v->npages, 9);
    assert_int_equal(v->pages[0].kind, VP_GENERATED);
    assert_expands(v, 0, tmpl, "[|||||||]");
    assert_expands(v, 0, "{page} {volume_short}", "i TW 2025");
    assert_int_equal(v->pages[1].kind, VP_BLANK);
    assert_expands(v, 1, tmpl, "[|||||||]");
    assert_expands(v, 1, "{page}", "ii");
    size_t last = v->npages - 1;
    assert_int_equal(v->pages[last].kind, VP_GENERATED);
    assert_expands(v, (int)last, tmpl, "[|||||||]");
    assert_expands(v, (int)last, "{page}", "7");
    struct placeholder_values pv;
    placeholder_values_init(&pv, v, 0);
    for (int i = 0; i < PH_COUNT; i++)
        assert_non_null(pv.values[i]);
    placeholder_values_release(&pv);
    fixture_release(&x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_placeholder),
        cmocka_unit_test(test_fallbacks),
        cmocka_unit_test(test_volume_placeholders),
        cmocka_unit_test(test_filled),
        cmocka_unit_test(test_authors),
        cmocka_unit_test(test_braces),
        cmocka_unit_test(test_unknown_placeholder),
        cmocka_unit_test(test_not_a_paper_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
