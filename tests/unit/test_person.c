/* Unit tests: person_parse_name on a table of real-world names (particles,
 * suffixes, "Family, Given" forms, mononyms, hyphens, initials, accents,
 * extra spaces, CJK order, family-first Latin names), the parts of family
 * names, and the order names are shown in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "manifest/person.h"

struct name_case {
    const char *name;
    bool family_first;  /* asked for */
    const char *given, *family;
    bool shown_family_first;
};

static const struct name_case cases[] = {
    /* plain Western order */
    {"Ada Lovelace", false, "Ada", "Lovelace", false},
    {"Grace Brewster Murray Hopper", false, "Grace Brewster Murray", "Hopper", false},
    {"Łukasz Wiśniewski", false, "Łukasz", "Wiśniewski", false},
    {"Friedemann Müller", false, "Friedemann", "Müller", false},
    {"  Zoë   Dvořák ", false, "Zoë", "Dvořák", false},                 /* extra spaces */
    {"Zoë\xc2\xa0" "Dvořák\t", false, "Zoë", "Dvořák", false},           /* no-break space, tab */
    {"Maria del Carmen López", false, "Maria del Carmen", "López", false}, /* "del Carmen" is a given name */
    /* lower-case particles */
    {"Ludwig van Beethoven", false, "Ludwig", "van Beethoven", false},
    {"Johannes Diderik van der Waals", false, "Johannes Diderik", "van der Waals", false},
    {"Jacobus Henricus van 't Hoff", false, "Jacobus Henricus", "van 't Hoff", false},
    {"Jean de la Fontaine", false, "Jean", "de la Fontaine", false},
    {"Leonardo da Vinci", false, "Leonardo", "da Vinci", false},
    {"Alessandro di Giovanni", false, "Alessandro", "di Giovanni", false},
    {"Manuel dos Santos", false, "Manuel", "dos Santos", false},
    {"Wernher von Braun", false, "Wernher", "von Braun", false},
    {"Antoine du Bois", false, "Antoine", "du Bois", false},
    {"Marine le Pen", false, "Marine", "le Pen", false},
    {"Gerard ter Borch", false, "Gerard", "ter Borch", false},
    {"Charles de Gaulle", false, "Charles", "de Gaulle", false},
    {"de Gaulle", false, "", "de Gaulle", false},                         /* particles and a family name only */
    {"Abu Nasr al-Farabi", false, "Abu Nasr", "al-Farabi", false},
    {"Mohammed bin Salman", false, "Mohammed", "bin Salman", false},
    {"Najib bin Abdul Razak", false, "Najib", "bin Abdul Razak", false},  /* a patronymic takes the rest */
    {"José Ortega y Gasset", false, "José", "Ortega y Gasset", false},
    {"Marta Esteve i Puig", false, "Marta", "Esteve i Puig", false},
    /* capitalised particles: as written, with the family name unless first */
    {"Vincent Van Gogh", false, "Vincent", "Van Gogh", false},
    {"Luc Van Gool", false, "Luc", "Van Gool", false},
    {"Jan Van den Bussche", false, "Jan", "Van den Bussche", false},
    {"Roberto Di Pietro", false, "Roberto", "Di Pietro", false},
    {"Robert De Niro", false, "Robert", "De Niro", false},
    {"Lana Del Rey", false, "Lana", "Del Rey", false},
    {"Amira Ben Salah", false, "Amira", "Ben Salah", false},
    {"Fatima Zahra El Idrissi", false, "Fatima Zahra", "El Idrissi", false},
    {"LUDWIG VAN BEETHOVEN", false, "LUDWIG", "VAN BEETHOVEN", false},
    {"Van Morrison", false, "Van", "Morrison", false},                    /* first word: a given name */
    {"Hung Van Nguyen", false, "Hung Van", "Nguyen", false},              /* Vietnamese middle name */
    {"Zhi Bin Li", false, "Zhi Bin", "Li", false},                        /* Chinese given name */
    /* suffixes */
    {"Martin Luther King Jr.", false, "Martin Luther", "King Jr.", false},
    {"Martin Luther King, Jr.", false, "Martin Luther", "King Jr.", false},
    {"King, Martin Luther, Jr.", false, "Martin Luther", "King Jr.", false},
    {"King, Jr., Martin Luther", false, "Martin Luther", "King Jr.", false},
    {"Henry Ford II", false, "Henry", "Ford II", false},
    {"John D. Rockefeller III", false, "John D.", "Rockefeller III", false},
    {"Sammy Davis Jr", false, "Sammy", "Davis Jr", false},
    {"Smith Jr.", false, "", "Smith Jr.", false},
    /* "Family, Given" */
    {"Lovelace, Ada", false, "Ada", "Lovelace", false},
    {"van Beethoven, Ludwig", false, "Ludwig", "van Beethoven", false},
    {"Beethoven, Ludwig van", false, "Ludwig", "van Beethoven", false},   /* catalogue form */
    {"García Márquez, Gabriel", false, "Gabriel", "García Márquez", false},
    {"Van Gogh, Vincent", false, "Vincent", "Van Gogh", false},
    {"Ada Lovelace,", false, "Ada", "Lovelace", false},
    {"Tolkien, J. R. R.", false, "J. R. R.", "Tolkien", false},
    /* mononyms, hyphens, initials */
    {"Plato", false, "", "Plato", false},
    {"Sukarno", false, "", "Sukarno", false},
    {"Jean-Pierre Dupont", false, "Jean-Pierre", "Dupont", false},
    {"Anne-Marie Smith-Jones", false, "Anne-Marie", "Smith-Jones", false},
    {"J. R. R. Tolkien", false, "J. R. R.", "Tolkien", false},
    {"J.R.R. Tolkien", false, "J.R.R.", "Tolkien", false},
    {"Seo-yeon Kang", false, "Seo-yeon", "Kang", false},
    /* CJK script: family name first */
    {"陈洪森", false, "洪森", "陈", true},
    {"毛泽东", false, "泽东", "毛", true},
    {"王芳", false, "芳", "王", true},
    {"欧阳修", false, "修", "欧阳", true},                                  /* compound surname */
    {"司马相如", false, "相如", "司马", true},
    {"諸葛亮", false, "亮", "諸葛", true},
    {"山田 太郎", false, "太郎", "山田", true},                             /* a space: the first word */
    {"山田\xe3\x80\x80太郎", false, "太郎", "山田", true},                  /* ideographic space */
    {"山田はな", false, "はな", "山田", true},                               /* Han before kana */
    {"김민준", false, "민준", "김", true},
    {"남궁민수", false, "민수", "남궁", true},
    {"황보관", false, "관", "황보", true},
    {"陈, 洪森", false, "洪森", "陈", true},
    /* family name first in Latin script */
    {"Nguyễn Văn An", true, "Văn An", "Nguyễn", true},
    {"Nguyen Thi Minh Khai", true, "Thi Minh Khai", "Nguyen", true},
    {"Bartók Béla", true, "Béla", "Bartók", true},
    {"Kim Jong-un", true, "Jong-un", "Kim", true},
    {"Xi Jinping", true, "Jinping", "Xi", true},
    {"Nguyễn, Văn An", true, "Văn An", "Nguyễn", true},                   /* the comma form still works */
    {"Nguyễn", true, "", "Nguyễn", true},
    {"", false, "", "", false},
};

static void test_parse_table(void **state)
{
    (void)state;
    assert_true(ARRAY_SIZE(cases) >= 40);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct name_case *c = &cases[i];
        struct person_name pn;
        person_parse_name(c->name, c->family_first, &pn);
        if (strcmp(pn.given, c->given) || strcmp(pn.family, c->family) || pn.family_first != c->shown_family_first)
            fail_msg("'%s'%s: given '%s' family '%s'%s; want '%s' / '%s'%s", c->name,
                     c->family_first ? " (family first)" : "", pn.given, pn.family,
                     pn.family_first ? " family first" : "", c->given, c->family,
                     c->shown_family_first ? " family first" : "");
        person_name_release(&pn);
    }
}

static void assert_parts(const char *family, const char *particles, const char *core, const char *suffix)
{
    struct family_parts fp;
    person_family_parts(family, &fp);
    assert_int_equal(fp.particles + fp.core + fp.suffix, strlen(family));
    char *p = xstrndup(family, fp.particles), *c = xstrndup(family + fp.particles, fp.core);
    const char *s = family + fp.particles + fp.core;
    if (strcmp(p, particles) || strcmp(c, core) || strcmp(s, suffix))
        fail_msg("'%s': '%s' + '%s' + '%s'", family, p, c, s);
    free(p);
    free(c);
}

static void test_family_parts(void **state)
{
    (void)state;
    assert_parts("van Beethoven", "van ", "Beethoven", "");
    assert_parts("van der Waals", "van der ", "Waals", "");
    assert_parts("van 't Hoff", "van 't ", "Hoff", "");
    assert_parts("d'Alembert", "d'", "Alembert", "");
    assert_parts("d\xe2\x80\x99" "Alembert", "d\xe2\x80\x99", "Alembert", "");
    assert_parts("al-Farabi", "al-", "Farabi", "");
    assert_parts("De Gaulle", "", "De Gaulle", "");     /* capitalised: part of the name */
    assert_parts("King Jr.", "", "King", " Jr.");
    assert_parts("van Buren III", "van ", "Buren", " III");
    assert_parts("Ford II", "", "Ford", " II");
    assert_parts("van", "", "van", "");                 /* never empty */
    assert_parts("Jr.", "", "Jr.", "");
    assert_parts("van Jr.", "van ", "Jr.", "");
    assert_parts("García Márquez", "", "García Márquez", "");
    assert_parts("", "", "", "");
}

static struct person person(const char *given, const char *family, bool family_first)
{
    struct person p = {0};
    p.given = (char *)given;
    p.family = (char *)family;
    p.family_first = family_first;
    return p;
}

static void assert_display(struct person p, const char *want)
{
    char *got = person_display_name(&p);
    assert_string_equal(got, want);
    free(got);
}

static void test_display(void **state)
{
    (void)state;
    assert_display(person("Ludwig", "van Beethoven", false), "Ludwig van Beethoven");
    assert_display(person("Martin Luther", "King Jr.", false), "Martin Luther King Jr.");
    assert_display(person("Văn An", "Nguyễn", true), "Nguyễn Văn An");
    assert_display(person("Béla", "Bartók", true), "Bartók Béla");
    assert_display(person("洪森", "陈", false), "陈洪森");   /* CJK: family first, no space */
    assert_display(person("太郎", "山田", true), "山田太郎");
    assert_display(person("", "Plato", false), "Plato");
    assert_display(person("Madonna", "", false), "Madonna");
    struct person n = person("", "", false);
    n.native = "王芳";
    assert_display(n, "王芳");
    struct person c = person("Hongsen", "Chen", false);
    c.native = "陈洪森";
    assert_false(person_is_family_first(&c));
    assert_display(c, "Hongsen Chen");
    char *j = person_join_names("Hongsen", "陈", true);
    assert_string_equal(j, "陈 Hongsen");
    free(j);
}

static void assert_orcid(const char *in, const char *want)
{
    char *got = person_orcid_normalize(in);
    if (want)
        assert_string_equal(got, want);
    else
        assert_null(got);
    free(got);
}

static void test_orcid(void **state)
{
    (void)state;
    assert_orcid("0000-0002-1825-0097", "0000-0002-1825-0097");
    assert_orcid("https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097");
    assert_orcid("http://orcid.org/0000-0001-5109-3700", "0000-0001-5109-3700");
    assert_orcid("0000-0002-1694-233X", "0000-0002-1694-233X"); /* check digit 10 */
    assert_orcid("0000-0002-1825-0098", NULL);                  /* wrong check digit */
    assert_orcid("0000-0002-1694-233x", NULL);
    assert_orcid("0000000218250097", NULL);
    assert_orcid("0000-0002-1825-00970", NULL);
    assert_orcid("0000-000a-1825-0097", NULL);
    assert_orcid("ftp://orcid.org/0000-0002-1825-0097", NULL);
    assert_orcid("", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_family_parts),
        cmocka_unit_test(test_display),
        cmocka_unit_test(test_orcid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
