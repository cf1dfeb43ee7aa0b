/* finding: one problem found in a paper, with a stable code (the codes
 * and severities are named in manifest/codes.h, where styles read them).
 *
 * Ownership: a findings list owns its strings; findings_release frees
 * them. */
#ifndef COLLATE_FINDING_H
#define COLLATE_FINDING_H

#include <stddef.h>

#include "manifest/codes.h"

struct strbuf;

struct finding {
    enum finding_code code;
    enum severity severity;
    int page;          /* 1-based; 0 when it concerns the whole file */
    const char *side;  /* "top", "bottom", "left", "right" for margins; static */
    double amount;     /* margin: pt into the margin; page_limit/extra_pages: pages; image_resolution: lowest ppi;
                          text_not_read: most pieces of text on a page */
    double box[4];     /* margin: offending area x0,y0,x1,y1, top-left origin, pt */
    char *message;     /* plain sentence, no trailing full stop */
    int *pages;        /* every page one defect concerns, ascending (page is the first); owned, or NULL */
    size_t npages;
    char *hint;        /* how to fix it, when the likely cause is known (a sentence, no full stop); owned, or NULL */
};

struct findings {
    struct finding *items;
    size_t n, cap;
};

struct finding *findings_add(struct findings *list, enum finding_code code, enum severity sev,
                             int page, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Give f the sorted, distinct pages of pages[0..n) (copied) and set its
 * page to the first.  Used for one finding that stands for many pages. */
void finding_set_pages(struct finding *f, const int *pages, size_t n);
/* Give f a copy of hint (NULL: none). */
void finding_set_hint(struct finding *f, const char *hint);
/* Append "1–5, 7, 9, 10" (an en dash for runs of three or more) for
 * sorted, distinct pages; after ten runs, " and N more" (pages). */
void finding_format_pages(struct strbuf *sb, const int *pages, size_t n);
size_t findings_count(const struct findings *list, enum severity sev);
void findings_release(struct findings *list);

#endif
