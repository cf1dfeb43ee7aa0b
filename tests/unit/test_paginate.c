/* Unit tests: pagination.  Roman front matter, arabic papers from 1, the
 * recto rule and its blank pages, back matter continuing the arabic
 * numbers, parts and papers without pages, page labels, and a plan that
 * leaves the volume it was made from unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "paginate/volume.h"
#include "volfixture.h"

/* One expected page: kind, numbering, number, and part or paper index
 * (-1 for a blank page). */
struct want {
    enum vpage_kind kind;
    enum numbering numbering;
    int number;
    int owner;
};

#define G(num, n, part) {VP_GENERATED, num, n, part}
#define P(n, paper) {VP_PAPER, NUM_ARABIC, n, paper}
#define B(num, n) {VP_BLANK, num, n, -1}
#define R NUM_ROMAN
#define A NUM_ARABIC

static void assert_pages(const struct volume *v, const struct want *want, size_t n)
{
    assert_int_equal(v->npages, n);
    for (size_t i = 0; i < n; i++) {
        const struct vpage *p = &v->pages[i];
        if (p->kind != want[i].kind || p->numbering != want[i].numbering || p->number != want[i].number)
            fail_msg("page %zu: kind %d numbering %d number %d, want %d %d %d", i, p->kind, p->numbering,
                     p->number, want[i].kind, want[i].numbering, want[i].number);
        int owner = p->kind == VP_GENERATED ? p->part : p->kind == VP_PAPER ? p->paper : -1;
        if (owner != want[i].owner)
            fail_msg("page %zu: belongs to %d, want %d", i, owner, want[i].owner);
        if (p->kind == VP_BLANK)
            assert_int_equal(p->part, -1), assert_int_equal(p->paper, -1);
    }
}

/* Paginate the fixture with the given part lengths; *draft gets the
 * volume the plan was made from. */
static struct volume *plan_of(struct vol_fixture *f, const int *part_pages, struct volume **draft)
{
    *draft = volume_new(&f->m, &f->style, f->infos);
    return paginate(*draft, part_pages);
}

static void test_roman_front_arabic_papers(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    vf_front(&f, PART_TITLE_PAGE);
    vf_front(&f, PART_COPYRIGHT_PAGE);
    vf_front(&f, PART_TOC);
    vf_back(&f, PART_AUTHOR_INDEX);
    vf_session(&f, "S1");
    vf_paper_sized(&f, "a", 3, 595, 842); /* A4 pages go onto the volume's Letter pages */
    vf_session(&f, "S2");
    vf_paper(&f, "b", 2);
    const int lengths[] = {1, 1, 2, 2};
    struct volume *draft, *v = plan_of(&f, lengths, &draft);

    static const struct want want[] = {
        G(R, 1, 0), G(R, 2, 1), G(R, 3, 2), G(R, 4, 2), /* i-iv */
        P(1, 0), P(2, 0), P(3, 0), P(4, 1), P(5, 1),    /* papers from 1 */
        G(A, 6, 3), G(A, 7, 3),                         /* back matter continues */
    };
    assert_pages(v, want, ARRAY_SIZE(want));
    assert_int_equal(v->papers[0].first_vpage, 4);
    assert_int_equal(v->papers[0].first_number, 1);
    assert_int_equal(v->papers[0].last_number, 3);
    assert_int_equal(v->papers[1].first_vpage, 7);
    assert_int_equal(v->papers[1].first_number, 4);
    assert_int_equal(v->papers[1].last_number, 5);
    assert_int_equal(v->papers[1].session_index, 1);
    for (int k = 0; k < 3; k++)
        assert_int_equal(v->pages[4 + k].source_page, k);
    assert_int_equal(v->parts[2].first_vpage, 2);
    assert_int_equal(v->parts[2].npages, 2);
    assert_int_equal(v->parts[3].first_vpage, 9);
    assert_true(v->parts[3].back);
    assert_false(v->parts[2].back);
    /* Every page has the volume's size.  The A4 page, of a size the style
     * does not list, is scaled down whole into the volume's text block
     * (inside the 54 pt margins: 504 x 684), centre on centre. */
    assert_float_equal(v->pages[0].width, 612, 1e-9);
    assert_float_equal(v->pages[4].width, 612, 1e-9);
    assert_float_equal(v->pages[4].height, 792, 1e-9);
    assert_float_equal(v->pages[7].height, 792, 1e-9);
    const struct placement *a4 = &v->pages[4].place;
    assert_float_equal(a4->scale, 684.0 / 842, 1e-9);
    assert_float_equal(a4->dx, round((306 - 297.5 * a4->scale) * 100) / 100, 1e-9);
    assert_float_equal(a4->dy, 54, 1e-9);
    assert_float_equal(a4->block.x0, 54, 1e-9);
    assert_float_equal(a4->block.y1, 738, 1e-9);
    assert_true(place_moves(a4, 595, 842, 612, 792));
    const struct placement *letter = &v->pages[7].place;
    assert_float_equal(letter->scale, 1, 1e-9);
    assert_false(place_moves(letter, 612, 792, 612, 792));
    volume_free(v);
    volume_free(draft);
}

/* Recto: every part but the copyright page and every paper starts on an
 * odd page, page 1 is a recto, and blank pages fill the gaps. */
static void test_recto_blank_pages(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    f.m.recto = f.m.recto_set = true;
    vf_front(&f, PART_TITLE_PAGE);
    vf_front(&f, PART_COPYRIGHT_PAGE);
    vf_front(&f, PART_MESSAGE);
    vf_front(&f, PART_TOC);
    vf_back(&f, PART_AUTHOR_INDEX);
    vf_back(&f, PART_KEYWORD_INDEX);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 3);
    vf_paper(&f, "b", 2);
    vf_paper(&f, "c", 1);
    const int lengths[] = {1, 1, 1, 3, 1, 2};
    struct volume *draft, *v = plan_of(&f, lengths, &draft);

    static const struct want want[] = {
        G(R, 1, 0), G(R, 2, 1),             /* copyright on the back of the title */
        G(R, 3, 2), B(R, 4),                /* message on iii, blank iv */
        G(R, 5, 3), G(R, 6, 3), G(R, 7, 3), /* contents v-vii */
        B(R, 8),                            /* so that page 1 is a recto */
        P(1, 0), P(2, 0), P(3, 0), B(A, 4), /* a: 1-3 */
        P(5, 1), P(6, 1),                   /* b: 5-6 */
        P(7, 2),                            /* c: 7, already a recto */
        B(A, 8), G(A, 9, 4),                /* author index on 9 */
        B(A, 10), G(A, 11, 5), G(A, 12, 5), /* keyword index on 11-12 */
    };
    assert_pages(v, want, ARRAY_SIZE(want));
    assert_int_equal(v->papers[1].first_number, 5);
    assert_int_equal(v->papers[2].first_vpage, 14);
    /* Blank pages have the generated pages' size. */
    assert_float_equal(v->pages[3].width, 612, 1e-9);
    assert_float_equal(v->pages[3].height, 792, 1e-9);
    volume_free(v);
    volume_free(draft);
}

/* An erratum's shorter paper keeps its published range: blank pages follow
 * its own, the next paper starts where it did; reserved below the paper's
 * length changes nothing. */
static void test_reserved_range(void **state)
{
    (void)state;
    struct vol_fixture f;
    vf_init(&f);
    vf_front(&f, PART_TOC);
    vf_back(&f, PART_AUTHOR_INDEX);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 2);
    vf_paper(&f, "b", 2);
    vf_paper(&f, "c", 1);
    const int lengths[] = {1, 1};
    struct volume *draft = volume_new(&f.m, &f.style, f.infos);
    draft->papers[1].reserved = 4; /* b was published on 3-6 */
    draft->papers[2].reserved = 1;
    struct volume *v = paginate(draft, lengths);
    static const struct want want[] = {
        G(R, 1, 0),
        P(1, 0), P(2, 0),
        P(3, 1), P(4, 1), B(A, 5), B(A, 6), /* b: 3-6, its own two pages and two blank */
        P(7, 2),
        G(A, 8, 1),
    };
    assert_pages(v, want, ARRAY_SIZE(want));
    assert_int_equal(v->papers[1].first_number, 3);
    assert_int_equal(v->papers[1].last_number, 6);
    assert_int_equal(v->papers[1].npages, 2);
    assert_int_equal(v->papers[2].first_number, 7);
    assert_int_equal(v->papers[2].last_number, 7);
    volume_free(v);
    volume_free(draft);
}

/* The manifest's recto overrides the style's, both ways. */
static void test_recto_from_style(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    vf_front(&f, PART_TITLE_PAGE);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 1);
    vf_paper(&f, "b", 1);
    const int lengths[] = {1};
    f.style.recto = true;
    struct volume *draft, *v = plan_of(&f, lengths, &draft);
    static const struct want recto[] = {G(R, 1, 0), B(R, 2), P(1, 0), B(A, 2), P(3, 1)};
    assert_pages(v, recto, ARRAY_SIZE(recto));
    volume_free(v);
    volume_free(draft);

    f.m.recto_set = true; /* recto: false */
    v = plan_of(&f, lengths, &draft);
    static const struct want plain[] = {G(R, 1, 0), P(1, 0), P(2, 1)};
    assert_pages(v, plain, ARRAY_SIZE(plain));
    volume_free(v);
    volume_free(draft);
}

/* A part of 0 pages takes no page, has no first page, and does not cause
 * a blank page under the recto rule. */
static void test_parts_without_pages(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    f.m.recto = f.m.recto_set = true;
    vf_front(&f, PART_TITLE_PAGE);
    vf_front(&f, PART_MESSAGE);
    vf_front(&f, PART_TOC);
    vf_back(&f, PART_KEYWORD_INDEX);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 2);
    const int lengths[] = {1, 0, 1, 0};
    struct volume *draft, *v = plan_of(&f, lengths, &draft);
    static const struct want want[] = {G(R, 1, 0), B(R, 2), G(R, 3, 2), B(R, 4), P(1, 0), P(2, 0)};
    assert_pages(v, want, ARRAY_SIZE(want));
    assert_int_equal(v->parts[1].npages, 0);
    assert_int_equal(v->parts[1].first_vpage, -1);
    assert_int_equal(v->parts[3].npages, 0);
    assert_int_equal(v->parts[3].first_vpage, -1);
    volume_free(v);
    volume_free(draft);
}

/* Unreadable papers, papers of 0 pages and non-archival papers get no
 * pages and no numbers; the others are numbered on without a gap. */
static void test_papers_without_pages(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    f.m.recto = f.m.recto_set = true;
    vf_session(&f, "S1");
    vf_paper(&f, "a", 1);
    vf_paper(&f, "unreadable", 4);
    vf_info(&f, 1)->readable = false;
    vf_info(&f, 1)->pages = NULL; /* what inspection leaves */
    vf_paper(&f, "empty", 0);
    vf_paper(&f, "talk", 5)->archival = false;
    vf_session(&f, "S2");
    vf_paper(&f, "b", 2);
    struct volume *draft, *v = plan_of(&f, NULL, &draft);
    static const struct want want[] = {P(1, 0), B(A, 2), P(3, 4), P(4, 4)};
    assert_pages(v, want, ARRAY_SIZE(want));
    for (int i = 1; i <= 3; i++) {
        assert_int_equal(v->papers[i].npages, 0);
        assert_int_equal(v->papers[i].first_vpage, -1);
        assert_int_equal(v->papers[i].first_number, 0);
        assert_int_equal(v->papers[i].last_number, 0);
    }
    assert_int_equal(v->papers[4].first_number, 3);
    assert_int_equal(v->papers[4].last_number, 4);
    volume_free(v);
    volume_free(draft);

    /* Nothing at all: an empty plan. */
    vf_init(&f);
    v = plan_of(&f, NULL, &draft);
    assert_int_equal(v->npages, 0);
    assert_int_equal(v->npapers, 0);
    volume_free(v);
    volume_free(draft);
}

static void assert_label(const struct volume *v, int vpage, const char *want)
{
    char *label = volume_page_label(v, vpage);
    assert_string_equal(label, want);
    free(label);
}

static void test_page_labels(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    vf_front(&f, PART_MESSAGE);
    vf_back(&f, PART_AUTHOR_INDEX);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 12);
    const int lengths[] = {49, 1};
    struct volume *draft, *v = plan_of(&f, lengths, &draft);
    static const struct {
        int vpage;
        const char *label;
    } want[] = {{0, "i"},   {3, "iv"},      {8, "ix"},   {13, "xiv"}, {18, "xix"}, {39, "xl"},
                {43, "xliv"}, {48, "xlix"}, {49, "1"}, {60, "12"},  {61, "13"}};
    for (size_t i = 0; i < ARRAY_SIZE(want); i++)
        assert_label(v, want[i].vpage, want[i].label);
    volume_free(v);
    volume_free(draft);

    /* Larger roman numbers, in a part long enough. */
    vf_init(&f);
    vf_front(&f, PART_MESSAGE);
    const int long_part[] = {1994};
    v = plan_of(&f, long_part, &draft);
    assert_label(v, 89, "xc");
    assert_label(v, 399, "cd");
    assert_label(v, 1993, "mcmxciv");
    volume_free(v);
    volume_free(draft);
}

/* paginate makes a new volume: the draft keeps no pages, and the plan has
 * its own copy of the keywords found in the papers. */
static void test_draft_unchanged(void **state)
{
    struct vol_fixture f;
    vf_init(&f);
    f.m.keywords_from_pdf = true;
    vf_front(&f, PART_TOC);
    vf_session(&f, "S1");
    vf_paper(&f, "a", 2);
    vf_info(&f, 0)->first_page_text = (char *)"A Title\nIndex Terms\xE2\x80\x94" "privacy, robustness\n\nI. Introduction";
    vf_paper(&f, "b", 1);
    const int lengths[] = {2};
    struct volume *draft, *v = plan_of(&f, lengths, &draft);
    assert_null(draft->pages);
    assert_int_equal(draft->npages, 0);
    assert_int_equal(draft->parts[0].first_vpage, -1);
    assert_int_equal(draft->parts[0].npages, 0);
    assert_int_equal(draft->papers[0].first_vpage, -1);
    assert_int_equal(v->parts[0].first_vpage, 0);
    assert_int_equal(v->papers[0].first_vpage, 2);

    char **found = draft->papers[0].found_keywords;
    assert_non_null(found);
    assert_string_equal(found[0], "privacy");
    assert_string_equal(found[1], "robustness");
    assert_null(found[2]);
    assert_null(draft->papers[1].found_keywords);
    char **copy = v->papers[0].found_keywords;
    assert_true(copy != found);
    assert_string_equal(copy[0], "privacy");
    assert_string_equal(copy[1], "robustness");
    assert_null(copy[2]);
    volume_free(draft); /* the plan does not depend on it */
    assert_string_equal(v->papers[0].found_keywords[1], "robustness");
    volume_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roman_front_arabic_papers),
        cmocka_unit_test(test_recto_blank_pages),
        cmocka_unit_test(test_recto_from_style),
        cmocka_unit_test(test_reserved_range),
        cmocka_unit_test(test_parts_without_pages),
        cmocka_unit_test(test_papers_without_pages),
        cmocka_unit_test(test_page_labels),
        cmocka_unit_test(test_draft_unchanged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
