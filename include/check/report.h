/* report: check results for people (text) and machines (JSON) on stdout,
 * and for `collate build` as diagnostics on stderr.
 *
 * The JSON schema is documented in the README ("JSON output") and is
 * versioned by its "schema" field. */
#ifndef COLLATE_REPORT_H
#define COLLATE_REPORT_H

#include <stdio.h>

#include "check/check.h"
#include "check/finding.h"
#include "inspect/pdfinfo.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "base/util.h"

struct paper_result {
    const char *path;             /* as the user gave it; borrowed */
    const struct pdf_info *info;  /* borrowed */
    struct findings findings;     /* owned; sorted by report_sort */
    int paid_pages;               /* pages beyond the limit that are paid for */
    double fee;                   /* paid_pages * style fee */
};

/* Stable order: document-level findings first, then by page. */
void report_sort(struct findings *findings);
enum severity report_worst(const struct findings *findings, bool *any);

/* For `collate build`: print every finding of m's papers as a diagnostic
 * on stderr (infos[i] and findings[i] belong to the i-th paper in reading
 * order, manifest_papers), with the severity the reports give it; an
 * error that allow_violations lets through is printed as "error
 * (allowed)".  Then, when the build must stop (an unreadable paper, or
 * errors without allow_violations), an error saying so; returns false in
 * that case. */
bool report_paper_diagnostics(const struct manifest *m, const struct pdf_info *infos,
                              const struct findings *findings, bool allow_violations);

void report_text(FILE *out, const struct paper_result *results, size_t n, bool quiet);
void report_json(struct strbuf *out, const struct paper_result *results, size_t n,
                 const struct style *style, const struct style_limits *limits);

#endif
