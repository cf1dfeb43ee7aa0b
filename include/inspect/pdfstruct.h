/* pdfstruct: facts read with libqpdf: header version, encryption and
 * permissions, JavaScript, embedded files, repaired damage, fonts, and each
 * page's geometry (pdf/geometry).  poppler hides empty-password
 * encryption; libqpdf does not. */
#ifndef COLLATE_PDFSTRUCT_H
#define COLLATE_PDFSTRUCT_H

#include <stdbool.h>
#include <stddef.h>

#include "inspect/pdfinfo.h"

/* Fill the structural fields of info from the file's bytes (path names it
 * in messages), and allocate info->pages with each page's geometry:
 * media_box, crop_box, rotate, width, height, media_width, media_height.
 * Pages stay NULL with npages 0 when this fails.  Returns false (and sets
 * readable = false with a reason) when the bytes cannot be read as a PDF
 * at all or need a password.  When copy is not NULL, *copy gets the bytes
 * with streams stored decoded for poppler (pdf/unfiltered.h), *copy_len
 * their length, or NULL when the file is not copied; caller frees. */
bool pdfstruct_inspect(const char *path, const char *bytes, size_t len, struct pdf_info *info, char **copy,
                       size_t *copy_len);

/* Only what pagination needs: version, encryption, npages and the pages'
 * geometry, read by the same calls pdfstruct_inspect makes first, so that
 * for the same bytes both give the same pages.  Fonts, JavaScript,
 * attachments, damage and title are not read; a file the full pass would
 * refuse for what it finds there (damaged form fields) is accepted here.
 * Returns as pdfstruct_inspect does. */
bool pdfstruct_pages(const char *path, const char *bytes, size_t len, struct pdf_info *info);

#endif
