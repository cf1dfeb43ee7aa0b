/* inspect: open one PDF and fill a pdf_info, with poppler-glib and cairo
 * (to render a page and find its ink).  One of the two users of poppler:
 * check/thumbnail renders page pictures for the HTML report (htmlreport
 * uses poppler only through thumbnail).
 *
 * The file is read once; pdfstruct (libqpdf) and poppler read those same
 * bytes.  Structural facts and fonts come from pdfstruct first: a file
 * qpdf cannot read, or that needs a password, is not given to poppler.  Work is bounded
 * by the caller (pool runs each file in a worker process with limits). */
#ifndef COLLATE_INSPECT_H
#define COLLATE_INSPECT_H

#include <stdbool.h>

#include "inspect/pdfinfo.h"
#include "manifest/style.h"

struct inspect_options {
    /* Pages whose painted area stays inside this style's text block (plus
     * the tolerance) are not measured further; NULL measures every page. */
    const struct style *style;
};

/* Returns info->readable.  path may be relative. */
bool inspect_pdf(const char *path, const struct inspect_options *opts, struct pdf_info *info);

/* inspect_pdf keeps the pixels of the last page it rendered for the next
 * one, in this file or the next; this frees them (for leak checkers). */
void inspect_release_buffers(void);

#endif
