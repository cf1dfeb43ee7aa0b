/* finding: the findings list. */
#include "check/finding.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

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

void finding_set_hint(struct finding *f, const char *hint)
{
    free(f->hint);
    f->hint = hint ? xstrdup(hint) : NULL;
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
        free(list->items[i].hint);
    }
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}
