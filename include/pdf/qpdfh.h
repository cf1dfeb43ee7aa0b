/* qpdfh: libqpdf document handles, their errors as text, the header
 * version, and the small object helpers that pdfstruct, assemble and
 * pdf/geometry share.
 *
 * This header exposes libqpdf's C types, so only the modules that use
 * libqpdf include it (pdf, inspect/pdfstruct, assemble).
 *
 * Handles: a function returning a qpdf_oh returns a new handle that the
 * caller releases (qpdf_oh_release), or 0 where said.  qpdfh_put and
 * qpdfh_push release the handle of the value they are given.
 * Errors: only qpdfh_failed reports (through diag).  Every other helper
 * leaves a libqpdf error pending on the document for its caller to take;
 * none raises a type warning (they check types first), and none calls
 * libqpdf with the handle 0, which they take as "absent". */
#ifndef COLLATE_QPDFH_H
#define COLLATE_QPDFH_H

#include <stdbool.h>
#include <stddef.h>

#include <qpdf/qpdf-c.h>

#include "base/diag.h"

/* ---- Documents ---- */

/* A new document handle that reports errors to the caller only: errors
 * are silenced and warnings kept off stderr (read them with
 * qpdfh_drain_warnings or qpdf_next_warning).  Free with qpdfh_free. */
qpdf_data qpdfh_new(void);

/* Free *q (NULL is fine) and set it to NULL.  An error still pending is
 * taken first, or libqpdf would print it. */
void qpdfh_free(qpdf_data *q);

/* 10*major+minor of a "%PDF-" header version such as "1.7" (17); 0 when s
 * is not a single-digit major (1-9), a dot and a single-digit minor,
 * optionally followed by anything but a digit. */
int qpdfh_parse_version(const char *s);

/* The header version of the document read into q, as qpdfh_parse_version. */
int qpdfh_version(qpdf_data q);

/* ---- Errors and warnings ---- */

/* If q (may be NULL) has an error pending, take it, report it as
 * "PREFIX: <libqpdf text>" at loc and return true. */
bool qpdfh_failed(qpdf_data q, const struct srcloc *loc, const char *prefix);

/* Take every warning q collected and return how many there were; the
 * first one's full text goes to *first (caller frees) unless *first is
 * set already. */
int qpdfh_drain_warnings(qpdf_data q, char **first);

/* libqpdf's text for an error or warning without the file name and object
 * position in front ("f.pdf (object 3 0, offset 95): "), which mean
 * nothing to an author; trailing blanks trimmed.  Caller frees. */
char *qpdfh_short_text(qpdf_data q, qpdf_error e);

/* ---- Reading objects ---- */

/* dict[k] (k with its slash); a null object when dict is 0 or not a
 * dictionary or lacks k.  Never 0. */
qpdf_oh qpdfh_key(qpdf_data q, qpdf_oh dict, const char *k);

/* Whether h is the name /name (name given with its slash). */
bool qpdfh_is_name(qpdf_data q, qpdf_oh h, const char *name);

/* h as a finite number (integer or real) in *out; false otherwise. */
bool qpdfh_number(qpdf_data q, qpdf_oh h, double *out);

/* Items of h when it is an array, else 0. */
int qpdfh_array_len(qpdf_data q, qpdf_oh h);

/* Decides whether an inherited value counts (qpdfh_inherited). */
typedef bool (*qpdfh_usable_fn)(qpdf_data q, qpdf_oh value);

/* The value of an inheritable page attribute k: the page's own, else the
 * nearest ancestor's through /Parent, taking only values that are not
 * null and that usable (NULL: any) accepts.  The walk stops at reference
 * loops and after 64 levels.  Returns 0 when no node has one. */
qpdf_oh qpdfh_inherited(qpdf_data q, qpdf_oh page, const char *k, qpdfh_usable_fn usable);

/* ---- Making objects ---- */

/* dict[k] = value, releasing the value's handle. */
void qpdfh_put(qpdf_data q, qpdf_oh dict, const char *k, qpdf_oh value);

/* dict[k] = /name (name given with its slash). */
void qpdfh_put_name(qpdf_data q, qpdf_oh dict, const char *k, const char *name);

/* Append item to array, releasing the item's handle. */
void qpdfh_push(qpdf_data q, qpdf_oh array, qpdf_oh item);

/* A new empty dictionary, made an indirect object of q. */
qpdf_oh qpdfh_new_indirect_dict(qpdf_data q);

/* A new stream holding len bytes of data, unfiltered (compressed on write). */
qpdf_oh qpdfh_new_stream(qpdf_data q, const void *data, size_t len);

/* A handle to indirect object id (generation 0, as for every object made
 * here). */
qpdf_oh qpdfh_by_id(qpdf_data q, int id);

/* A copy in `to` of a scalar (number, name, bool, string) of `from`;
 * anything else becomes null. */
qpdf_oh qpdfh_copy_scalar(qpdf_data from, qpdf_oh h, qpdf_data to);

/* x as PDF number syntax: at most four decimals, no trailing zeros. */
void qpdfh_fmt_num(char *buf, size_t size, double x);

/* An array of n numbers (qpdfh_fmt_num), e.g. a rectangle or a matrix. */
qpdf_oh qpdfh_number_array(qpdf_data q, const double *x, int n);

#endif
