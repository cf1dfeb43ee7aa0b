/* htmlreport: check results as one self-contained HTML page.
 *
 * Written by `collate check --html FILE` and `collate build --report FILE`.
 * The page needs nothing outside itself: the CSS is inline and page
 * thumbnails (thumbnail.h) are data: URIs holding base64 PNG.  It shows the
 * style and its limits, totals, and one row per paper with its status,
 * pages, paid pages, fee and every finding; margin findings (and page
 * number or page size findings that carry a box) get a picture of their
 * page with the text block in blue and the offending area in red.
 *
 * Every string from a paper or manifest is made valid UTF-8 and escaped.
 * The file is written atomically.  The date is build_epoch(), so equal
 * inputs under SOURCE_DATE_EPOCH give equal bytes.
 * Ownership: everything passed in is borrowed and only read. */
#ifndef COLLATE_HTMLREPORT_H
#define COLLATE_HTMLREPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "check/check.h"
#include "inspect/pdfinfo.h"
#include "check/report.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "base/util.h"

/* How thumbnails are rendered (child processes, as for inspection). */
struct html_report_options {
    int jobs;                     /* children at a time; <= 0: one per core */
    int timeout_seconds;          /* per paper; <= 0: default */
};

/* One paper as the report shows it. */
struct html_paper {
    const char *id;               /* manifest id, or NULL (check) */
    const char *title;            /* manifest title, or NULL (check) */
    const char *path;             /* as the user wrote it */
    const char *render_path;      /* where to open it for thumbnails (may equal path) */
    const struct pdf_info *info;
    const struct findings *findings; /* sorted by report_sort */
    int paid_pages;
    double fee;                   /* owed for the paid pages */
};

struct html_report {
    const char *kind;             /* "check" or "build": the page's heading */
    const char *volume_title;     /* build: the volume's title, else NULL */
    const struct style *style;
    int page_limit, extra_pages;  /* effective allowance */
    double fee_per_page;          /* effective fee per paid page; 0: the venue has no fee, none is shown */
    const struct html_paper *papers;
    size_t npapers;
};

/* The whole page into out (thumbnails rendered here). */
void html_report_render(struct strbuf *out, const struct html_report *report,
                        const struct html_report_options *opts);

/* Render and write to path atomically.  On failure reports a diag error
 * naming path and returns false. */
bool html_report_write(const char *path, const struct html_report *report,
                       const struct html_report_options *opts);

/* For `collate check`: results as cmd_check computed them. */
bool html_report_check(const char *path, const struct paper_result *results, size_t n,
                       const struct style *style, const struct style_limits *limits,
                       const struct html_report_options *opts);

/* For `collate build`: the findings the build computed for each paper of
 * m under style (infos[i] and findings[i] belong to the i-th paper in
 * reading order, manifest_papers), with the manifest's limits and fee. */
bool html_report_build(const char *path, const struct manifest *m, const struct style *style,
                       const struct pdf_info *infos, const struct findings *findings,
                       const struct html_report_options *opts);

/* Append len bytes as base64 (RFC 4648, with padding). */
void base64_encode(struct strbuf *out, const unsigned char *data, size_t len);

#endif
