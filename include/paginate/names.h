/* names: sort keys and merging for the author index, and the keyword index.
 *
 * Sorting is locale-independent and deterministic: by family name, then
 * given names, with accents folded (Ö→O, Ł→L, ß→ss; base/textfold.h), name
 * particles (van, de, di, de la) ignored for the sort unless an explicit
 * sort_as key is given, CJK names by their Latin form when one is given.
 * Ownership: returned strings and index contents are the caller's
 * (name_index_release); the volume is borrowed. */
#ifndef COLLATE_NAMES_H
#define COLLATE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/manifest.h"
#include "paginate/volume.h"

/* Sort key of a person ("family given" folded, particles and suffix
 * moved behind, see person_family_parts). Caller frees. */
char *name_sort_key(const struct person *p);

/* Heading of a person in the index: "Family, Given" (particles kept in
 * front of the family name, e.g. "van Beethoven, Ludwig"), "King, Martin
 * Luther, Jr." for a suffix, "Family Given" for a name written family name
 * first ("Nguyễn Văn An"); the native name appended in parentheses when
 * given.  Caller frees. */
char *name_index_heading(const struct person *p);

struct index_entry {
    char *heading;        /* what is printed */
    char *sort_key;       /* folded key, entries are sorted by it */
    int *papers;          /* indexes into volume.papers, ascending, no duplicates */
    size_t npapers;
};

struct name_index {
    struct index_entry *entries;
    size_t n;
};

/* Author index of the volume: one entry per person.  The same person is
 * recognised by ORCID, else by identical folded full name; near-duplicates
 * (same family name and initial, different given names) are reported as
 * warnings at the manifest locations (when warn) and kept apart.  A caller
 * that builds the index twice (to measure, then to draw) warns once. */
void author_index_build(const struct volume *v, bool warn, struct name_index *out);

/* Keyword index: manifest keywords plus each paper's found_keywords
 * (keywords_extract, keywords.h), merged case-insensitively (the
 * manifest's spelling wins), sorted by folded key. */
void keyword_index_build(const struct volume *v, struct name_index *out);

void name_index_release(struct name_index *idx);

#endif
