/* Unit tests: abstracts found in first-page text, as poppler gives it for
 * the common templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "export/abstract.h"

static void expect(const char *text, const char *want)
{
    char *got = abstract_extract(text);
    if (!want) {
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* IEEEtran: "Abstract—" runs into the text, "Index Terms—" ends it. */
static void test_ieee(void **state)
{
    (void)state;
    expect("A Title\nAnn Lee\nSome University\n"
           "Abstract\xE2\x80\x94We show that widgets are robust under all the attacks we tried, with a federated\n"
           "setting and adver-\nsarial clients.\nIndex Terms\xE2\x80\x94widgets, robustness\n\nI. INTRODUCTION\nText.",
           "We show that widgets are robust under all the attacks we tried, with a federated setting and "
           "adversarial clients.");
}

/* acmart: "ABSTRACT" on its own line, then "CCS Concepts". */
static void test_acm(void **state)
{
    (void)state;
    expect("Title\nAuthors\nABSTRACT\nMembership inference is a state-of-\nthe-art audit of models trained on\n"
           "private data, and we extend it.\nCCS CONCEPTS\n\xE2\x80\xA2 Security and privacy",
           "Membership inference is a state-of-the-art audit of models trained on private data, and we extend it.");
}

/* llncs: "Abstract." then "Keywords:"; or a section heading ends it. */
static void test_lncs(void **state)
{
    (void)state;
    expect("Title\nAbstract. Unlearning removes the influence of deleted points from a trained\nmodel quickly.\n"
           "Keywords: unlearning \xC2\xB7 privacy\n1 Introduction\nText",
           "Unlearning removes the influence of deleted points from a trained model quickly.");
    expect("Title\nAbstract: Unlearning removes the influence of deleted points from a trained\nmodel quickly.\n"
           "1 Introduction\nMore text that is not the abstract.",
           "Unlearning removes the influence of deleted points from a trained model quickly.");
}

static void test_none(void **state)
{
    (void)state;
    expect(NULL, NULL);
    expect("", NULL);
    expect("A Title\nNo heading here at all, just body text that goes on and on for a while.\n", NULL);
    expect("Abstract\xE2\x80\x94Too short.\nIndex Terms\xE2\x80\x94x", NULL);
    /* "Abstracts" or "Abstraction" are words, not the heading. */
    expect("Abstraction layers help to isolate the kernel from faulty drivers in every setting.\n", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ieee),
        cmocka_unit_test(test_acm),
        cmocka_unit_test(test_lncs),
        cmocka_unit_test(test_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
