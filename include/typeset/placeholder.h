/* placeholder: the values a page gives to the style's templates (the
 * running head and foot of the stamp and the first-page notice, e.g.
 * "{volume_short}, p. {page}") and template expansion.  Pure text: nothing
 * is drawn here (the stamp is drawn by typeset).
 *
 * Placeholders (the README lists them with an example per publisher):
 *   {page}                printed number of the page ("iv", "17")
 *   {volume_title}        the volume's title
 *   {volume_short}        its short title (else the title)
 *   {paper_title}         the paper's title
 *   {paper_title_short}   its short title (else the title)
 *   {paper_authors}       "Ann Lee, Bo Chen and Zoë Dvořák"
 *   {paper_authors_short} "Lee" / "Lee and Chen" / "Lee et al."
 *   {paper_authors_initials} "A. Lee" / "A. Lee and B. Chen" / "A. Lee et al."
 *   {first_page} {last_page}  the paper's printed page range
 *   {doi}                 the paper's DOI (manifest_paper_doi with the
 *                         style's paper_doi)
 *   {number}              the paper's position among the archival papers
 *   {paper_id}            its id in the manifest
 *   {session}             title of the paper's session
 *   {notice}              the manifest's notice (copyright line), else the
 *                         style's default one; its own placeholders expanded
 *   {editors}             "Ana Monteiro, Florian Eberhardt and Nasrin Karimi"
 *   {editors_short}       "A. Monteiro" / "A. Monteiro and F. Eberhardt" /
 *                         "A. Monteiro et al."
 *   {eds}                 "Ed." for one editor, else "Eds."
 *   {year} {year_short}   "2025", "25"
 *   {series} {series_short} {volume_number} {isbn} {issn} {publisher}
 *   {event} {location} {dates} {doi_prefix}   the manifest's volume entries
 * "{{" and "}}" stand for literal braces.  Paper placeholders are empty on
 * pages that are not a paper's, as are volume entries the manifest does not
 * give.  An unknown placeholder is copied as written (placeholder_check
 * finds them).
 *
 * The plan is read-only here.  Ownership: placeholder_values owns its
 * strings (placeholder_values_release); returned strings are the
 * caller's. */
#ifndef COLLATE_PLACEHOLDER_H
#define COLLATE_PLACEHOLDER_H

#include <stdbool.h>

#include "manifest/manifest.h"
#include "paginate/volume.h"

enum placeholder {
    PH_PAGE,
    PH_VOLUME_TITLE,
    PH_VOLUME_SHORT,
    PH_PAPER_TITLE,
    PH_PAPER_TITLE_SHORT,
    PH_PAPER_AUTHORS,
    PH_PAPER_AUTHORS_SHORT,
    PH_FIRST_PAGE,
    PH_LAST_PAGE,
    PH_DOI,
    PH_SESSION,
    PH_PAPER_AUTHORS_INITIALS,
    PH_NUMBER,
    PH_PAPER_ID,
    PH_NOTICE,
    PH_EDITORS,
    PH_EDITORS_SHORT,
    PH_EDS,
    PH_YEAR,
    PH_YEAR_SHORT,
    PH_SERIES,
    PH_SERIES_SHORT,
    PH_VOLUME_NUMBER,
    PH_ISBN,
    PH_ISSN,
    PH_PUBLISHER,
    PH_EVENT,
    PH_LOCATION,
    PH_DATES,
    PH_DOI_PREFIX,
    PH_COUNT
};

struct placeholder_values {
    char *values[PH_COUNT]; /* never NULL after placeholder_values_init */
};

/* Values for page vpage of a paginated volume (a plan from paginate). */
void placeholder_values_init(struct placeholder_values *pv, const struct volume *plan, int vpage);
void placeholder_values_release(struct placeholder_values *pv);

/* The template with its placeholders replaced; a NULL template gives "".
 * Caller frees. */
char *placeholder_expand(const char *tmpl, const struct placeholder_values *pv);

/* True when every placeholder is known (or tmpl is NULL); else false with
 * *unknown set to the first unknown one, braces included (caller frees). */
bool placeholder_check(const char *tmpl, char **unknown);

/* True when some placeholder of tmpl has a value that is not empty;
 * *any tells whether tmpl has a known placeholder at all. */
bool placeholder_filled(const char *tmpl, const struct placeholder_values *pv, bool *any);

/* Name of a placeholder, without braces ("page"). */
const char *placeholder_name(enum placeholder ph);
/* Every placeholder, braced and comma-separated, for hints.  Caller frees. */
char *placeholder_names(void);

/* Authors of a paper: "A, B and C", or short: "Chen", "Chen and Rossi",
 * "Chen et al." (family names; the native name when there is no Latin one).
 * Caller frees. */
char *placeholder_authors(const struct paper *p, bool short_form);

/* People as running heads and citations abbreviate them: "H. Chen",
 * "H. Chen and M. Rossi", "H. Chen et al." (initials of the given names,
 * "H.-P." for "Hans-Peter"; a family-first or native-only name in full).
 * Caller frees. */
char *placeholder_initials(const struct person *people, size_t n);

#endif
