/* diag: formatted diagnostics and progress on stderr. */
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static bool quiet;
static int errors, warnings;
static bool progress_shown;

void diag_set_quiet(bool q)
{
    quiet = q;
}

bool diag_quiet(void)
{
    return quiet;
}

static void clear_progress(void)
{
    if (progress_shown) {
        fputs("\r\033[K", stderr);
        progress_shown = false;
    }
}

static void emit(const struct srcloc *loc, const char *level, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

static void emit(const struct srcloc *loc, const char *level, const char *fmt, va_list ap)
{
    clear_progress();
    fputs("collate: ", stderr);
    if (loc && loc->file) {
        if (loc->line > 0 && loc->col > 0)
            fprintf(stderr, "%s:%d:%d: ", loc->file, loc->line, loc->col);
        else if (loc->line > 0)
            fprintf(stderr, "%s:%d: ", loc->file, loc->line);
        else
            fprintf(stderr, "%s: ", loc->file);
    }
    fprintf(stderr, "%s: ", level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void diag_error(const struct srcloc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "error", fmt, ap);
    va_end(ap);
    errors++;
}

void diag_warning(const struct srcloc *loc, const char *fmt, ...)
{
    warnings++;
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "warning", fmt, ap);
    va_end(ap);
}

void diag_note(const struct srcloc *loc, const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "note", fmt, ap);
    va_end(ap);
}

void diag_allowed_error(const struct srcloc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(loc, "error (allowed)", fmt, ap);
    va_end(ap);
}

void diag_hint(const char *fmt, ...)
{
    clear_progress();
    va_list ap;
    va_start(ap, fmt);
    fputs("hint: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int diag_error_count(void)
{
    return errors;
}

int diag_warning_count(void)
{
    return warnings;
}

void diag_reset_counts(void)
{
    errors = warnings = 0;
}

void diag_progress(const char *fmt, ...)
{
    if (quiet || !isatty(2))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("\r\033[K", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fflush(stderr);
    progress_shown = true;
}

void diag_progress_done(void)
{
    clear_progress();
}
