/* diag: the only code that writes diagnostics to stderr.
 *
 * Messages follow one form so that editors and CI can parse them:
 *   collate: FILE:LINE:COL: error: MESSAGE
 * LINE and COL are 1-based.  loc may be NULL, or have a NULL file, for a
 * message without a location ("collate: error: MESSAGE"); a location
 * without a line prints FILE only, one without a column FILE:LINE.
 * fmt is a printf format and must not be NULL, in every function here.
 * Nothing is kept: loc and the arguments are only read during the call. */
#ifndef COLLATE_DIAG_H
#define COLLATE_DIAG_H

#include <stdbool.h>

struct srcloc {
    const char *file; /* borrowed; NULL for no location */
    int line;         /* 1-based, 0 when unknown */
    int col;          /* 1-based, 0 when unknown */
};

void diag_set_quiet(bool quiet); /* hides warnings, notes and progress, never errors or hints */
bool diag_quiet(void);

/* Each is counted (warnings also when quiet); notes are not counted. */
void diag_error(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error the user chose to let through (build --allow-violations):
 * labelled "error (allowed)", shown even when quiet, not counted. */
void diag_allowed_error(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "hint: MESSAGE", after the error or warning it explains; printed even
 * when quiet, and not counted. */
void diag_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int diag_error_count(void);
int diag_warning_count(void);
void diag_reset_counts(void);

/* A one-line progress indicator, shown only when stderr is a terminal and
 * not quiet; each call replaces the line, and the next message clears it.
 * fmt must not be NULL: diag_progress_done() clears the line. */
void diag_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_progress_done(void);

#endif
