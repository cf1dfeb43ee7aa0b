/* finding: codes, severities and the findings list. */
#include "check/finding.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const struct {
    const char *name;
    enum severity severity;
} codes[FINDING_CODE_COUNT] = {
    [F_UNREADABLE] = {"unreadable", SEV_ERROR},
    [F_DAMAGED] = {"damaged", SEV_WARNING},
    [F_ENCRYPTED] = {"encrypted", SEV_ERROR},
    [F_PAGE_LIMIT] = {"page_limit", SEV_ERROR},
    [F_EXTRA_PAGES] = {"extra_pages", SEV_NOTICE},
    [F_PAGE_SIZE] = {"page_size", SEV_ERROR},
    [F_MIXED_PAGE_SIZE] = {"mixed_page_size", SEV_ERROR},
    [F_MARGIN] = {"margin", SEV_ERROR},
    [F_FONT_NOT_EMBEDDED] = {"font_not_embedded", SEV_ERROR},
    [F_TYPE3_FONT] = {"type3_font", SEV_ERROR},
    [F_PAGE_NUMBERS] = {"page_numbers", SEV_ERROR},
    [F_BLANK_PAGE] = {"blank_page", SEV_WARNING},
    [F_JAVASCRIPT] = {"javascript", SEV_ERROR},
    [F_ATTACHMENT] = {"attachment", SEV_ERROR},
    [F_PDF_VERSION] = {"pdf_version", SEV_ERROR},
    [F_METADATA] = {"metadata", SEV_WARNING},
    [F_DUPLICATE_PDF] = {"duplicate_pdf", SEV_ERROR},
    [F_STALE_PDF] = {"stale_pdf", SEV_ERROR},
    [F_SWAPPED_PDF] = {"swapped_pdf", SEV_WARNING},
};

const char *finding_code_name(enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].name : "unknown";
}

int finding_code_from_name(const char *name)
{
    for (int i = 0; i < FINDING_CODE_COUNT; i++)
        if (strcmp(codes[i].name, name) == 0)
            return i;
    return -1;
}

enum severity finding_default_severity(enum finding_code code)
{
    return codes[code].severity;
}

const char *severity_name(enum severity sev)
{
    switch (sev) {
    case SEV_ERROR:
        return "error";
    case SEV_WARNING:
        return "warning";
    case SEV_NOTICE:
        return "notice";
    }
    return "?";
}

int severity_from_name(const char *name)
{
    if (strcmp(name, "error") == 0)
        return SEV_ERROR;
    if (strcmp(name, "warning") == 0)
        return SEV_WARNING;
    if (strcmp(name, "notice") == 0)
        return SEV_NOTICE;
    return -1;
}

struct finding *findings_add(struct findings *list, enum finding_code code, enum severity sev,
                             int page, const char *fmt, ...)
{
    struct finding *f = ARRAY_PUSH(list->items, list->n, list->cap);
    memset(f, 0, sizeof(*f));
    f->code = code;
    f->severity = sev;
    f->page = page;
    va_list ap;
    va_start(ap, fmt);
    f->message = xvasprintf(fmt, ap);
    va_end(ap);
    return f;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

void finding_set_pages(struct finding *f, const int *pages, size_t n)
{
    free(f->pages);
    f->pages = NULL;
    f->npages = 0;
    if (!n)
        return;
    f->pages = xmalloc(n * sizeof(*f->pages));
    memcpy(f->pages, pages, n * sizeof(*f->pages));
    qsort(f->pages, n, sizeof(*f->pages), int_cmp);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!k || f->pages[k - 1] != f->pages[i])
            f->pages[k++] = f->pages[i];
    f->npages = k;
    f->page = f->pages[0];
}

/* Runs of pages written out in a message; the rest are counted.  The
 * finding's pages array keeps them all. */
#define PAGE_RUNS_MAX 10

void finding_format_pages(struct strbuf *sb, const int *pages, size_t n)
{
    size_t runs = 0;
    for (size_t i = 0; i < n;) {
        if (runs++ == PAGE_RUNS_MAX) {
            strbuf_addf(sb, " and %zu more", n - i);
            return;
        }
        size_t run = i;
        while (run + 1 < n && pages[run + 1] == pages[run] + 1)
            run++;
        strbuf_addf(sb, "%s%d", i ? ", " : "", pages[i]);
        if (run > i)
            strbuf_addf(sb, "%s%d", run == i + 1 ? ", " : "\xe2\x80\x93", pages[run]); /* en dash */
        i = run + 1;
    }
}

size_t findings_count(const struct findings *list, enum severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->items[i].severity == sev;
    return n;
}

void findings_release(struct findings *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].message);
        free(list->items[i].pages);
    }
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}
