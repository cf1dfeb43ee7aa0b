/* stamp: the placeholders of running headers, footers and the copyright
 * notice (style `stamp:` templates such as "{volume_short}, p. {page}").
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
 *   {doi}                 explicit DOI, else doi_prefix + "." + id
 *   {session}             title of the paper's session
 * "{{" and "}}" stand for literal braces.  Paper placeholders are empty on
 * pages that are not a paper's.  An unknown placeholder is copied as
 * written (stamp_check finds them).
 *
 * Ownership: stamp_vars owns its strings (stamp_vars_release); returned
 * strings are the caller's. */
#ifndef COLLATE_STAMP_H
#define COLLATE_STAMP_H

#include <stdbool.h>

#include "manifest/manifest.h"
#include "paginate/volume.h"

enum stamp_var {
    STAMP_PAGE,
    STAMP_VOLUME_TITLE,
    STAMP_VOLUME_SHORT,
    STAMP_PAPER_TITLE,
    STAMP_PAPER_TITLE_SHORT,
    STAMP_PAPER_AUTHORS,
    STAMP_PAPER_AUTHORS_SHORT,
    STAMP_FIRST_PAGE,
    STAMP_LAST_PAGE,
    STAMP_DOI,
    STAMP_SESSION,
    STAMP_VAR_COUNT
};

struct stamp_vars {
    char *values[STAMP_VAR_COUNT]; /* never NULL after stamp_vars_init */
};

/* Values for page vpage of a paginated volume. */
void stamp_vars_init(struct stamp_vars *sv, const struct volume *v, int vpage);
void stamp_vars_release(struct stamp_vars *sv);

/* The template with its placeholders replaced.  Caller frees. */
char *stamp_expand(const char *tmpl, const struct stamp_vars *sv);

/* True when every placeholder is known; else false with *unknown set to
 * the first unknown one, braces included (caller frees). */
bool stamp_check(const char *tmpl, char **unknown);

/* Placeholder name ("page") of a variable. */
const char *stamp_var_name(enum stamp_var var);

/* Authors of a paper: "A, B and C", or short: "Chen", "Chen and Rossi",
 * "Chen et al." (family names; the native name when there is no Latin one).
 * Caller frees. */
char *stamp_authors(const struct paper *p, bool short_form);

#endif
