/* page: the HTML of `collate serve` (the upload page, result and error
 * pages) and its static resources.
 *
 * Pages follow the server's Content-Security-Policy: no inline script or
 * style.  The script (/app.js) and the page's own style sheet are files
 * in src/serve/ embedded at build time; /style.css is the HTML report's
 * style sheet (htmlreport.h) followed by the page's.  Check results are
 * shown with the HTML report's markup (html_report_render), taken from its
 * <main> element with its inline style attributes removed, followed by
 * advice on fixing the codes found.
 *
 * Every text from a paper, a manifest or a request is escaped.
 * Ownership: everything passed in is borrowed; output is appended. */
#ifndef COLLATE_PAGE_H
#define COLLATE_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "check/finding.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "base/util.h"

/* What every page says about the venue. */
struct page_site {
    const struct style *style;
    struct style_limits limits;      /* effective limits */
    const struct manifest *manifest; /* offers the paper ids; may be NULL */
    size_t max_upload;               /* bytes */
};

/* The upload page (GET /). */
void page_index(struct strbuf *out, const struct page_site *site);

/* The result page (POST /check): the upload form again and fragment, as
 * written by page_report_fragment. */
void page_result(struct strbuf *out, const struct page_site *site, const char *fragment);

/* An error page: status and one sentence. */
void page_error(struct strbuf *out, const struct page_site *site, int status, const char *message);

/* From a whole report of html_report_render: the content of its <main>
 * without inline style attributes, then how to fix the codes in findings. */
void page_report_fragment(struct strbuf *out, const char *report_html, const struct findings *findings);

/* /style.css: the report's style sheet (rendered once for style) and the
 * page's. */
void page_style_sheet(struct strbuf *out, const struct style *style);

/* /app.js, borrowed static bytes. */
const char *page_script(size_t *len);

#endif
