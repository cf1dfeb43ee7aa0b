/* Unit tests: styles that extend others (deep merge, cycles), pages:
 * count:, and narrowing the accepted page sizes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "capture.h"
#include "manifest/style.h"

static char tmpdir[] = "/tmp/collate-style-XXXXXX";

static char *put(const char *name, const char *text)
{
    char *path = path_join(tmpdir, name);
    assert_int_equal(write_file_atomic(path, text, strlen(text)), 0);
    return path;
}

static const char base_yml[] = "name: base\n"
                               "description: the base\n"
                               "page:\n"
                               "  sizes:\n"
                               "    - {name: letter, width: 8.5in, height: 11in,\n"
                               "       margins: {top: 1in, bottom: 1in, left: 1in, right: 1in}}\n"
                               "    - {name: a4, width: 210mm, height: 297mm,\n"
                               "       margins: {top: 2cm, bottom: 2cm, left: 2cm, right: 2cm}}\n"
                               "pages: {limit: 6, extra: 2, fee: 100, currency: EUR}\n"
                               "stamp:\n"
                               "  font_size: 9\n"
                               "  footer: {all: {center: '{page}'}}\n"
                               "  notice: {text: '{notice}', font_size: 7, lines: 2}\n"
                               "severity: {blank_page: notice}\n";

static void test_extend_merges(void **state)
{
    (void)state;
    char *base = put("base.yml", base_yml);
    char *child = put("child.yml", "extend: ./base.yml\n"
                                   "pages: {limit: 8, count: body}\n"
                                   "stamp:\n"
                                   "  notice: {font_size: 8}\n"
                                   "severity: {margin: warning}\n");
    struct style *s = style_load(child);
    assert_non_null(s);
    /* own name (the file's), not the base's; no inherited description */
    assert_string_equal(s->name, "child.yml");
    assert_null(s->description);
    /* overridden keys */
    assert_int_equal(s->page_limit, 8);
    assert_int_equal(s->count, PAGE_COUNT_BODY);
    assert_true(fabs(s->stamp.notice_font_size - 8) < 1e-9);
    /* merged, not replaced: siblings of overridden keys stay */
    assert_int_equal(s->extra_pages, 2);
    assert_true(fabs(s->extra_page_fee - 100) < 1e-9);
    assert_string_equal(s->currency, "EUR");
    assert_string_equal(s->stamp.notice_text, "{notice}");
    assert_int_equal(s->stamp.notice_lines, 2);
    assert_string_equal(s->stamp.footer_odd.center, "{page}");
    assert_int_equal(s->severity[F_BLANK_PAGE], SEV_NOTICE);
    assert_int_equal(s->severity[F_MARGIN], SEV_WARNING);
    /* lists are inherited whole */
    assert_int_equal(s->nsizes, 2);
    assert_string_equal(s->sizes[1].name, "a4");
    style_free(s);

    /* a list given again replaces the base's */
    char *one = put("one.yml", "name: one\nextend: base.yml\n"
                               "page:\n  sizes: [{name: a4, width: 210mm, height: 297mm}]\n");
    s = style_load(one);
    assert_non_null(s);
    assert_string_equal(s->name, "one");
    assert_int_equal(s->nsizes, 1);
    assert_string_equal(s->sizes[0].name, "a4");
    assert_int_equal(s->page_limit, 6);
    style_free(s);

    /* a chain of two */
    char *grand = put("grand.yml", "extend: child.yml\npages: {extra: 0}\n");
    s = style_load(grand);
    assert_non_null(s);
    assert_int_equal(s->page_limit, 8);
    assert_int_equal(s->extra_pages, 0);
    assert_int_equal(s->count, PAGE_COUNT_BODY);
    style_free(s);
    free(base);
    free(child);
    free(one);
    free(grand);
}

/* A bundled style by name. */
static void test_extend_by_name(void **state)
{
    (void)state;
    char *path = put("letter-only.yml", "name: ieee-letter\nextend: ieee-conference\n"
                                        "page:\n  sizes:\n"
                                        "    - {name: letter, width: 8.5in, height: 11in,\n"
                                        "       margins: {top: 0.75in, bottom: 1in, left: 0.625in, right: 0.625in}}\n");
    struct style *s = style_load(path);
    assert_non_null(s);
    assert_int_equal(s->nsizes, 1);
    assert_int_equal(s->page_limit, 6);
    assert_int_equal(s->extra_pages, 2);
    assert_true(s->forbid_page_numbers);
    style_free(s);
    free(path);
}

static void load_quiet(void *arg)
{
    style_free(style_load((const char *)arg));
}

static void test_extend_errors(void **state)
{
    (void)state;
    char *a = put("cycle-a.yml", "name: a\nextend: cycle-b.yml\n");
    char *b = put("cycle-b.yml", "name: b\n\nextend: ./cycle-a.yml\n");
    int before = diag_error_count();
    char *err = capture_stderr(load_quiet, a);
    char *want = xasprintf("%s:3:9: error: 'extend' makes a cycle: 'cycle-b.yml' extends 'cycle-a.yml', which is "
                           "already being read", b);
    assert_non_null(strstr(err, want));
    assert_int_equal(diag_error_count(), before + 1);
    free(want);
    free(err);

    char *self = put("self.yml", "extend: self.yml\n");
    err = capture_stderr(load_quiet, self);
    assert_non_null(strstr(err, "self.yml:1:9: error: 'extend' makes a cycle"));
    free(err);

    char *typo = put("typo.yml", "extend: ieee-conferense\n");
    err = capture_stderr(load_quiet, typo);
    assert_non_null(strstr(err, "typo.yml:1:9: error: 'extend': unknown style 'ieee-conferense'"));
    assert_non_null(strstr(err, "hint: did you mean 'ieee-conference'?"));
    free(err);
    free(a);
    free(b);
    free(self);
    free(typo);
}

static void test_count_keys(void **state)
{
    (void)state;
    struct style *s = style_load("acl");
    assert_non_null(s);
    assert_int_equal(s->count, PAGE_COUNT_BODY);
    assert_int_equal(s->page_limit, 8);
    assert_int_equal(s->not_counted, 1u << SECTION_REFERENCES | 1u << SECTION_APPENDIX |
                                         1u << SECTION_LIMITATIONS | 1u << SECTION_ETHICS);
    assert_int_equal(s->nsizes, 1);
    assert_true(s->sizes[0].text_block.given);
    assert_true(fabs(s->sizes[0].text_block.width - 453.54) < 0.01);
    style_free(s);
    s = style_load("ieee-conference");
    assert_int_equal(s->count, PAGE_COUNT_ALL);
    style_free(s);

    char *bad = put("badcount.yml", "extend: acl\npages: {count: most, not_counted: [refs]}\n");
    char *err = capture_stderr(load_quiet, bad);
    assert_non_null(strstr(err, "badcount.yml:2:16: error: 'count' must be 'all' or 'body'"));
    free(err);
    free(bad);
    bad = put("badkind.yml", "extend: acl\npages: {not_counted: [references, apendix]}\n");
    err = capture_stderr(load_quiet, bad);
    assert_non_null(strstr(err, "badkind.yml:2:35: error: 'not_counted' lists sections"));
    assert_non_null(strstr(err, "did you mean 'appendix'?"));
    free(err);
    free(bad);
}

struct parse_args {
    const char *list;
    unsigned mask;
    bool ok;
};

static void parse_sizes(void *arg)
{
    struct parse_args *p = arg;
    p->ok = style_parse_sizes(p->list, NULL, &p->mask);
}

static void apply_letter_to_acl(void *arg)
{
    struct style *s = arg;
    struct style_limits l = STYLE_LIMITS_DEFAULT;
    l.sizes = 1u << 1; /* letter */
    assert_false(style_apply_limits(s, &l, NULL));
}

static void test_size_restriction(void **state)
{
    (void)state;
    const char *const *names = style_size_names();
    assert_string_equal(names[0], "a4");
    assert_string_equal(names[1], "letter");
    double w, h;
    assert_true(style_size_by_name("letter", &w, &h));
    assert_true(fabs(w - 612) < 1e-9 && fabs(h - 792) < 1e-9);
    assert_false(style_size_by_name("tabloid", &w, &h));

    struct parse_args p = {"letter", 0, false};
    char *err = capture_stderr(parse_sizes, &p);
    assert_true(p.ok);
    assert_int_equal(p.mask, 1u << 1);
    free(err);
    p = (struct parse_args){"a4, letter", 0, false};
    err = capture_stderr(parse_sizes, &p);
    assert_true(p.ok);
    assert_int_equal(p.mask, 1u << 0 | 1u << 1);
    free(err);
    p = (struct parse_args){"leter", 0, true};
    err = capture_stderr(parse_sizes, &p);
    assert_false(p.ok);
    assert_non_null(strstr(err, "error: unknown page size 'leter'; known sizes are a4, letter, a5, b5 and legal"));
    assert_non_null(strstr(err, "hint: did you mean 'letter'?"));
    free(err);

    /* ieee-conference accepts letter and A4: keep letter only */
    struct style *s = style_load("ieee-conference");
    struct style_limits l = STYLE_LIMITS_DEFAULT;
    l.sizes = 1u << 1;
    l.count = PAGE_COUNT_BODY;
    assert_true(style_apply_limits(s, &l, NULL));
    assert_int_equal(s->nsizes, 1);
    assert_string_equal(s->sizes[0].name, "letter");
    assert_int_equal(s->count, PAGE_COUNT_BODY);
    assert_null(style_match_size(s, 595.276, 841.89, NULL)); /* A4 no longer matches */
    style_free(s);

    /* A4 then letter order: the style's order is kept */
    s = style_load("ieee-conference");
    l.sizes = 1u << 0 | 1u << 1;
    assert_true(style_apply_limits(s, &l, NULL));
    assert_int_equal(s->nsizes, 2);
    assert_string_equal(s->sizes[0].name, "letter");
    style_free(s);

    /* a restriction never adds a size */
    s = style_load("acl");
    err = capture_stderr(apply_letter_to_acl, s);
    assert_non_null(strstr(err, "error: page size 'letter' is not one style 'acl' accepts (a4)"));
    assert_int_equal(s->nsizes, 1);
    free(err);
    style_free(s);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = xasprintf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_extend_merges),   cmocka_unit_test(test_extend_by_name),
        cmocka_unit_test(test_extend_errors),   cmocka_unit_test(test_count_keys),
        cmocka_unit_test(test_size_restriction),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
