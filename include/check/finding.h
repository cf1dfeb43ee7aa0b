/* finding: one problem found in a paper, with a stable code.
 *
 * Codes are part of the interface (JSON output, README): never renumber the
 * names.  Ownership: a findings list owns its strings; findings_release
 * frees them. */
#ifndef COLLATE_FINDING_H
#define COLLATE_FINDING_H

#include <stddef.h>

struct strbuf;

enum severity { SEV_NOTICE, SEV_WARNING, SEV_ERROR };

enum finding_code {
    F_UNREADABLE,
    F_DAMAGED,
    F_ENCRYPTED,
    F_PAGE_LIMIT,
    F_EXTRA_PAGES,
    F_PAGE_SIZE,
    F_MIXED_PAGE_SIZE,
    F_MARGIN,
    F_FONT_NOT_EMBEDDED,
    F_TYPE3_FONT,
    F_PAGE_NUMBERS,
    F_BLANK_PAGE,
    F_JAVASCRIPT,
    F_ATTACHMENT,
    F_PDF_VERSION,
    F_METADATA,
    F_DUPLICATE_PDF,
    F_STALE_PDF,      /* not the final version the submission system records */
    F_SWAPPED_PDF,    /* first page has another paper's title */
    FINDING_CODE_COUNT
};

struct finding {
    enum finding_code code;
    enum severity severity;
    int page;          /* 1-based; 0 when it concerns the whole file */
    const char *side;  /* "top", "bottom", "left", "right" for margins; static */
    double amount;     /* margin: pt into the margin; page_limit/extra_pages: pages */
    double box[4];     /* margin: offending area x0,y0,x1,y1, top-left origin, pt */
    char *message;     /* plain sentence, no trailing full stop */
    int *pages;        /* every page one defect concerns, ascending (page is the first); owned, or NULL */
    size_t npages;
};

struct findings {
    struct finding *items;
    size_t n, cap;
};

const char *finding_code_name(enum finding_code code);
int finding_code_from_name(const char *name); /* -1 when unknown */
const char *severity_name(enum severity sev);
int severity_from_name(const char *name);     /* -1 when unknown */
enum severity finding_default_severity(enum finding_code code);

struct finding *findings_add(struct findings *list, enum finding_code code, enum severity sev,
                             int page, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Give f the sorted, distinct pages of pages[0..n) (copied) and set its
 * page to the first.  Used for one finding that stands for many pages. */
void finding_set_pages(struct finding *f, const int *pages, size_t n);
/* Append "1–5, 7, 9, 10" (an en dash for runs of three or more) for
 * sorted, distinct pages; after ten runs, " and N more" (pages). */
void finding_format_pages(struct strbuf *sb, const int *pages, size_t n);
size_t findings_count(const struct findings *list, enum severity sev);
void findings_release(struct findings *list);

#endif
