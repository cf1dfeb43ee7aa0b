/* Unit tests: YAML tree locations and limits, manifest validation, and
 * pagination with the recto rule. */
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
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "base/util.h"
#include "capture.h"
#include "paginate/volume.h"
#include "manifest/ydoc.h"

static void load_manifest(void *arg)
{
    manifest_free(manifest_load((const char *)arg));
}

static void test_manifest_errors_all_reported(void **state)
{
    diag_reset_counts();
    char *err = capture_stderr(load_manifest, "data/bad-manifest.yaml");
    /* Every problem, with file:line:column. */
    assert_non_null(strstr(err, "data/bad-manifest.yaml:4:17: error: 'pages' must be a whole number"));
    assert_non_null(strstr(err, "is not a valid ORCID iD"));
    assert_non_null(strstr(err, "data/bad-manifest.yaml:12:9: error: duplicate paper id 'p1'"));
    assert_non_null(strstr(err, "'p1' was first used here"));
    assert_non_null(strstr(err, "'title' is required here"));
    assert_non_null(strstr(err, "empty author list"));
    assert_non_null(strstr(err, "file 'missing.pdf' not found"));
    assert_non_null(strstr(err, "errors in the manifest"));
    assert_true(diag_error_count() >= 8);
    free(err);
}

static void load_doc(void *arg)
{
    struct ydoc *doc = ydoc_load((const char *)arg, 0);
    ydoc_free(doc);
}

static void test_invalid_utf8_located(void **state)
{
    char *err = capture_stderr(load_doc, "data/invalid-utf8.yaml");
    assert_non_null(strstr(err, "data/invalid-utf8.yaml"));
    assert_non_null(strstr(err, "UTF-8"));
    free(err);
}

static void test_alias_bomb_refused(void **state)
{
    char *err = capture_stderr(load_doc, "data/bomb.yaml");
    assert_non_null(strstr(err, "expands past the limit"));
    free(err);
}

static void test_locations_and_lengths(void **state)
{
    const char *text = "a:\n  b: [1, 2]\n  c: 0.75in\n";
    struct ydoc *doc = ydoc_load_buffer("mem.yaml", text, strlen(text), 0);
    assert_non_null(doc);
    struct ynode *b = ynode_get(ynode_get(doc->root, "a"), "b");
    assert_int_equal(b->loc.line, 2);
    assert_int_equal(b->loc.col, 6);
    double pt = 0;
    assert_true(ynode_length(ynode_get(ynode_get(doc->root, "a"), "c"), "c", &pt));
    assert_float_equal(pt, 54, 1e-9);
    assert_true(parse_length("19mm", &pt));
    assert_float_equal(pt, 53.858, 0.001);
    assert_false(parse_length("19 furlongs", &pt));
    ydoc_free(doc);
}

static void test_good_manifest_and_pagination(void **state)
{
    struct manifest *m = manifest_load("data/good-manifest.yaml");
    assert_non_null(m);
    assert_string_equal(m->editors[1].family, "Dvořák");
    assert_string_equal(m->editors[0].given, "Ada");
    assert_int_equal(m->nfront, 3);
    assert_int_equal(m->sessions[0].papers[0].nkeywords, 2);
    assert_string_equal(m->sessions[0].papers[0].keywords[1], "federated learning");
    assert_true(m->recto);

    struct style *st = style_load("ieee-conference");
    assert_non_null(st);
    /* Two papers of 3 and 2 pages: fake a second paper by reusing the first. */
    struct pdf_info infos[1];
    pdfinfo_init(&infos[0], "x.pdf");
    infos[0].npages = 3;
    infos[0].pages = xcalloc(3, sizeof(*infos[0].pages));
    for (int i = 0; i < 3; i++)
        infos[0].pages[i].width = 612, infos[0].pages[i].height = 792;
    struct volume *draft = volume_new(m, st, infos);
    const int part_pages[] = {1, 1, 3, 1}; /* a 3-page TOC */
    struct volume *v = paginate(draft, part_pages);
    /* title(i) copyright(ii) blank(iii) toc(v,vi,vii)... recto: TOC starts on v? */
    assert_int_equal(v->pages[0].kind, VP_GENERATED);
    assert_int_equal(v->pages[1].part, 1);            /* copyright on the verso */
    assert_int_equal(v->pages[2].part, 2);            /* TOC on iii, a recto */
    assert_int_equal(v->pages[5].kind, VP_BLANK);     /* vi: blank so page 1 is a recto */
    assert_int_equal(v->pages[6].kind, VP_PAPER);
    assert_int_equal(v->pages[6].numbering, NUM_ARABIC);
    assert_int_equal(v->pages[6].number, 1);
    assert_int_equal(v->papers[0].first_number, 1);
    assert_int_equal(v->papers[0].last_number, 3);
    assert_int_equal(v->pages[9].kind, VP_BLANK);     /* 4: blank before the index */
    assert_int_equal(v->pages[10].part, 3);           /* author index on 5 */
    assert_int_equal(v->pages[10].number, 5);
    char *label = volume_page_label(v, 4);
    assert_string_equal(label, "v");
    free(label);
    volume_free(v);
    volume_free(draft);
    pdfinfo_release(&infos[0]);
    style_free(st);
    manifest_free(m);
}

/* People written as strings, as 'name:' and with family_first are split by
 * person_parse_name; the old rule (last word = family name) filed
 * "Ludwig van Beethoven" under Beethoven and gave King the family "Jr.". */
static void test_person_forms(void **state)
{
    static const char yaml[] =
        "volume: {title: T}\n"
        "style: ieee-conference\n"
        "papers:\n"
        "  - id: p1\n"
        "    title: A\n"
        "    pdf: a.pdf\n"
        "    authors:\n"
        "      - Ludwig van Beethoven\n"
        "      - Martin Luther King Jr.\n"
        "      - \"Lovelace, Ada\"\n"
        "      - {name: Nguyễn Văn An, family_first: true}\n"
        "      - {given: Béla, family: Bartók, family_first: true}\n"
        "      - 陈洪森\n"
        "      - Plato\n";
    char path[] = "/tmp/collate-manifest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(write_file_atomic(path, yaml, strlen(yaml)), 0);
    struct manifest *m = manifest_load_ex(path, false);
    unlink(path);
    assert_non_null(m);
    const struct person *a = m->sessions[0].papers[0].authors;
    assert_int_equal(m->sessions[0].papers[0].nauthors, 7);
    static const char *const want[][3] = {
        {"Ludwig", "van Beethoven", "Ludwig van Beethoven"},
        {"Martin Luther", "King Jr.", "Martin Luther King Jr."},
        {"Ada", "Lovelace", "Ada Lovelace"},
        {"Văn An", "Nguyễn", "Nguyễn Văn An"},
        {"Béla", "Bartók", "Bartók Béla"},
        {"洪森", "陈", "陈洪森"},
        {"", "Plato", "Plato"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        assert_string_equal(a[i].given, want[i][0]);
        assert_string_equal(a[i].family, want[i][1]);
        char *shown = person_display_name(&a[i]);
        assert_string_equal(shown, want[i][2]);
        free(shown);
    }
    assert_false(a[0].family_first);
    assert_true(a[3].family_first);
    assert_true(a[4].family_first);
    assert_true(a[5].family_first);
    manifest_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manifest_errors_all_reported),
        cmocka_unit_test(test_invalid_utf8_located),
        cmocka_unit_test(test_alias_bomb_refused),
        cmocka_unit_test(test_locations_and_lengths),
        cmocka_unit_test(test_good_manifest_and_pagination),
        cmocka_unit_test(test_person_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
