/* unfiltered: a copy of a PDF's bytes that a reader decodes less often.
 *
 * poppler reads a measured page three times (bounding box, render, text)
 * and decodes, every time, the page's content streams, the forms it draws
 * and the embedded font programs of every font it sets up (a Type 1 font
 * is decompressed only to read its encoding): on real papers its own
 * inflate is a fifth of inspection.  The catalog's output intent makes it
 * build colour transforms for every pass, another twentieth.
 *
 * The copy is the file's bytes, unchanged, followed by one incremental
 * update (as an editor saving the file appends one) that redefines the
 * chosen streams, stored without filters (decoded once here, with zlib),
 * and the catalog without /OutputIntents.  Every other object is read from
 * the original bytes, so a reader sees the same document: the same
 * decoded content, fonts and pages.
 *
 * Only a file that libqpdf read without a single warning, and that is
 * not encrypted, is copied: on a damaged file libqpdf and poppler may
 * repair differently, and the copy must not change what poppler sees.  A
 * stream whose reading or decoding makes libqpdf warn stops the copy too;
 * one with a filter libqpdf does not decode keeps its filters. */
#ifndef COLLATE_UNFILTERED_H
#define COLLATE_UNFILTERED_H

#include <stdbool.h>
#include <stddef.h>

#include <qpdf/qpdf-c.h>

/* An indirect stream object. */
struct unfiltered_ref {
    int id, gen;
};

/* Decoded bytes the update may hold, all streams together; past this the
 * remaining streams keep their filters. */
#define UNFILTERED_MAX_BYTES ((size_t)64 << 20)

/* The copy of bytes[0..len), which q has read, with the streams refs[0..n)
 * (duplicates allowed) stored without filters and the catalog without
 * /OutputIntents; *out_len gets its length.  NULL when there is nothing
 * to change or the update cannot be made safely (encrypted, no
 * "startxref", a libqpdf warning or error before or on the way); q's pending
 * warnings and errors are then taken.  Caller frees. */
char *unfiltered_copy(qpdf_data q, const char *bytes, size_t len, const struct unfiltered_ref *refs, size_t n,
                      size_t *out_len);

#endif
