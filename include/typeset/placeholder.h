/* placeholder: the values a page gives to the style's templates (the
 * running head and foot of the stamp and the first-page notice, e.g.
 * "{volume_short}, p. {page}") and template expansion.  Pure text: nothing
 * is drawn here (the stamp is drawn by typeset).
 *
 * Placeholders:
 *   {page}                printed number of the page ("iv", "17")
 *   {volume_title}        the volume's title
 *   {volume_short}        its short title (else the title)
 *   {paper_title}         the paper's title
 *   {paper_title_short}   its short title (else the title)
 *   {paper_authors}       "Ann Lee, Bo Chen and Zoë Dvořák"
 *   {paper_authors_short} "Lee" / "Lee and Chen" / "Lee et al."
 *   {first_page} {last_page}  the paper's printed page range
 *   {doi}                 the paper's DOI (manifest_paper_doi)
 *   {session}             title of the paper's session
 * "{{" and "}}" stand for literal braces.  Paper placeholders are empty on
 * pages that are not a paper's.  An unknown placeholder is copied as
 * written (placeholder_check finds them).
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

/* Name of a placeholder, without braces ("page"). */
const char *placeholder_name(enum placeholder ph);

/* Authors of a paper: "A, B and C", or short: "Chen", "Chen and Rossi",
 * "Chen et al." (family names; the native name when there is no Latin one).
 * Caller frees. */
char *placeholder_authors(const struct paper *p, bool short_form);

#endif
