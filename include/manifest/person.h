/* person: a person of the volume (author, editor, committee member) and
 * the one set of rules for their names: splitting a name as written into
 * given and family names, the parts of a family name (particles, core,
 * suffix), and the order a name is shown in.
 *
 * The manifest, every importer and the indexes use these rules, so a name
 * is split and filed the same way wherever it comes from.
 *
 * Ownership: struct person owns its strings (person_release frees them,
 * not the struct).  struct person_name owns its two strings
 * (person_name_release).  Returned strings are the caller's. */
#ifndef COLLATE_PERSON_H
#define COLLATE_PERSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct person {
    char *given;        /* given names; may be empty for a mononym */
    char *family;       /* family name with its particles and suffix ("van Beethoven", "King Jr."); may be empty */
    char *native;       /* the name in its own script (e.g. CJK), optional */
    char *sort_as;      /* explicit sort key for the index ("Beethoven, Ludwig van"), optional */
    char *affiliation;  /* optional */
    char *orcid;        /* 0000-0002-1825-0097 form, optional */
    char *email;        /* optional */
    bool family_first;  /* the name is written family name first ("Nguyễn Văn An") */
    struct srcloc loc;
};

void person_release(struct person *p);

/* A name split by person_parse_name. */
struct person_name {
    char *given;        /* "" for a mononym or an empty name */
    char *family;       /* with particles and suffix; "" only for an empty name */
    bool family_first;  /* asked for, or the name is in CJK script */
};

/* Split a name as written into given and family names.  Whitespace is
 * collapsed (no-break and ideographic spaces too) and the ends trimmed.
 *  - "Given Names Family": lower-case particles stay with the family name
 *    ("Ludwig van Beethoven", "Jean de la Fontaine", "de Gaulle" alone);
 *    capitalised ones do too when they are not the first word ("Luc Van
 *    Gool", "Roberto Di Pietro"), except before a common East Asian family
 *    name ("Hung Van Nguyen": Van is a given name there); "bin", "binti"
 *    and "ibn" take the rest of the name; "y", "i" join two family names
 *    ("José Ortega y Gasset").
 *  - Suffixes (Jr., Sr., II, III, IV) stay with the family name ("Martin
 *    Luther King Jr." is family "King Jr.").
 *  - "Family, Given", "Family, Given, Jr." and "Family, Jr., Given";
 *    lower-case particles after the given names move to the family name
 *    ("Beethoven, Ludwig van").  "Given Family, Jr." too.
 *  - One word is a family name with an empty given name.
 *  - A name in CJK script (Han, kana, Hangul) is family name first: the
 *    first word when there are spaces; else the first character, or two
 *    for a common compound surname (欧阳, 司马, 남궁...) and for names of
 *    four characters or more, or the Han characters before kana.
 *  - family_first: the first word is the family name ("Nguyễn Văn An",
 *    "Bartók Béla"); the comma form still wins.
 * out is overwritten; release it with person_name_release. */
void person_parse_name(const char *name, bool family_first, struct person_name *out);
void person_name_release(struct person_name *n);

/* Byte lengths of the parts of a family name with single spaces: leading
 * lower-case particles ("van der " of "van der Waals", "d'" of
 * "d'Alembert", "al-" of "al-Farabi"), the core, and trailing suffixes
 * (" Jr." of "King Jr.").  The core is never empty when the name is not:
 * a family name "van" is all core. */
struct family_parts {
    size_t particles;   /* from the start, with the space after them */
    size_t core;
    size_t suffix;      /* to the end, with the space before it */
};

void person_family_parts(const char *family, struct family_parts *out);

/* Whether p's name is shown family name first: p->family_first, or both
 * names are in CJK script. */
bool person_is_family_first(const struct person *p);

/* given and family in the order asked for, joined by a space, or by
 * nothing between two CJK characters ("陈" "洪森" → "陈洪森").  Either may
 * be empty.  Caller frees. */
char *person_join_names(const char *given, const char *family, bool family_first);

/* "Given Family", or "Family Given" for a family-first name; the native
 * name when there is no Latin one.  Caller frees. */
char *person_display_name(const struct person *p);

/* The bare ORCID iD ("0000-0002-1825-0097") of s, written bare or as an
 * https://orcid.org/ (or http://) URL: 16 digits, the last may be X, in
 * groups of four, with the ISO 7064 11-2 check digit.  NULL when s is not
 * one.  Caller frees. */
char *person_orcid_normalize(const char *s);

#endif
