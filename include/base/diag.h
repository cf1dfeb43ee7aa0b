/* diag: the only code that writes diagnostics to stderr.
 *
 * Messages follow one form so that editors and CI can parse them:
 *   collate: FILE:LINE:COL: error: MESSAGE
 * LINE and COL are 1-based; a location without a line prints FILE only. */
#ifndef COLLATE_DIAG_H
#define COLLATE_DIAG_H

#include <stdbool.h>

struct srcloc {
    const char *file; /* borrowed; NULL for no location */
    int line;         /* 1-based, 0 when unknown */
    int col;          /* 1-based, 0 when unknown */
};

void diag_set_quiet(bool quiet); /* hides warnings and notes, never errors */
bool diag_quiet(void);

void diag_error(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error the user chose to let through (build --allow-violations):
 * labelled "error (allowed)", shown even when quiet, not counted. */
void diag_allowed_error(const struct srcloc *loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int diag_error_count(void);
int diag_warning_count(void);
void diag_reset_counts(void);

/* A one-line progress indicator, shown only when stderr is a terminal and
 * not quiet.  Pass NULL to clear the line. */
void diag_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_progress_done(void);

#endif
