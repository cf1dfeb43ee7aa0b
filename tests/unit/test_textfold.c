/* Unit tests: text folding (base/textfold). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/textfold.h"
#include "base/util.h"

static void assert_fold(const char *in, const char *want)
{
    char *got = text_fold(in);
    if (strcmp(got, want))
        fail_msg("text_fold(\"%s\") = \"%s\", want \"%s\"", in ? in : "(null)", got, want);
    char *again = text_fold(got); /* folding is idempotent */
    if (strcmp(again, got))
        fail_msg("text_fold(\"%s\") = \"%s\", not itself", got, again);
    free(again);
    free(got);
}

static void test_fold(void **state)
{
    static const char *const cases[][2] = {
        {"Ångström", "angstrom"},
        {"ÖZTÜRK", "ozturk"},
        {"Łukasz Żółć", "lukasz zolc"},
        {"Straße ẞ", "strasse ss"},
        {"Ærøskøbing Œuvre", "aeroskobing oeuvre"},
        {"Đặng Ðuro Þórr", "dang duro thorr"},
        {"Dvořák", "dvorak"},
        {"Dvor\xcc\x8c" "a\xcc\x81k", "dvorak"}, /* decomposed (NFD) */
        {"Nguyễn Văn Ánh Trần Ngọc Phượng", "nguyen van anh tran ngoc phuong"},
        {"İzmir ılık", "izmir ilik"},
        {"Ĳsselmeer ǅ", "ijsselmeer dz"},
        {"  Jean--Pierre \t O'Brien, Jr. ", "jean pierre obrien jr"},
        {"D\xe2\x80\x99" "Angelo", "dangelo"},                 /* typographic apostrophe */
        {"Beet\xc2\xad" "hoven", "beethoven"},                 /* soft hyphen */
        {"a\xe2\x80\x93" "b\xc2\xa0" "c", "a b c"},             /* en dash, no-break space */
        {"ΣΩΚΡΆΤΗΣ Ἀθῆναι", "σωκρατησ αθηναι"},
        {"ИВАНОВ Йошкар Ёлка", "иванов иошкар елка"},
        {"陈洪森", "陈洪森"},
        {"山田　太郎", "山田 太郎"},                              /* ideographic space */
        {"\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xab", "간"},          /* conjoining jamo */
        {"\xe3\x81\x8b\xe3\x82\x99", "が"},                      /* ka + voiced mark */
        {"\xe3\x83\x8f\xe3\x82\x9a", "パ"},                      /* katakana ha + semi-voiced */
        {"ＡＢＣ１２３", "abc123"},
        {"bad\xff" "byte", "badbyte"},
        {"---", ""},
        {"", ""},
        {NULL, ""},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        assert_fold(cases[i][0], cases[i][1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
