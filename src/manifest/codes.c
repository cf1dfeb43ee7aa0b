/* codes: names and default severities of the finding codes. */
#include "manifest/codes.h"

#include <string.h>

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
    [F_REVIEW_VERSION] = {"review_version", SEV_ERROR},
    [F_FONT_SIZE] = {"font_size", SEV_ERROR},
    [F_LINE_SPACING] = {"line_spacing", SEV_ERROR},
    [F_COLUMNS] = {"columns", SEV_ERROR},
    [F_IMAGE_RESOLUTION] = {"image_resolution", SEV_WARNING},
    [F_TEXT_NOT_READ] = {"text_not_read", SEV_NOTICE},
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
