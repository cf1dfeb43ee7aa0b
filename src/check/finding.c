/* finding: codes, severities and the findings list. */
#include "check/finding.h"

#include <assert.h>
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
};

const char *finding_code_name(enum finding_code code)
{
    assert((unsigned)code < FINDING_CODE_COUNT && codes[code].name);
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].name : "unknown";
}

int finding_code_from_name(const char *name)
{
    for (int i = 0; i < FINDING_CODE_COUNT; i++) {
        assert(codes[i].name && "a finding code without an entry in codes[]");
        if (strcmp(codes[i].name, name) == 0)
            return i;
    }
    return -1;
}

enum severity finding_default_severity(enum finding_code code)
{
    assert((unsigned)code < FINDING_CODE_COUNT);
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

size_t findings_count(const struct findings *list, enum severity sev)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->items[i].severity == sev;
    return n;
}

void findings_release(struct findings *list)
{
    for (size_t i = 0; i < list->n; i++)
        free(list->items[i].message);
    free(list->items);
    list->items = NULL;
    list->n = list->cap = 0;
}
