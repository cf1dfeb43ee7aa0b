/* codes: the finding codes and severities, as names.
 *
 * The vocabulary a style's `severity:` table is written in and every
 * report prints; the check stage (check/finding.h) makes findings with
 * these codes.  Codes are part of the interface (JSON output, README):
 * never renumber the names.  Ownership: returned names are static. */
#ifndef COLLATE_CODES_H
#define COLLATE_CODES_H

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
    F_REVIEW_VERSION, /* line numbers, review-copy text or a DRAFT watermark */
    F_FONT_SIZE,      /* body text smaller than the template's */
    F_LINE_SPACING,   /* body lines closer than the template's */
    F_COLUMNS,        /* body set in another number of columns */
    F_IMAGE_RESOLUTION, /* a raster image shown below the style's images: min_ppi */
    F_TEXT_NOT_READ,  /* pages with too many pieces of text: judged by their ink alone */
    FINDING_CODE_COUNT
};

const char *finding_code_name(enum finding_code code);
int finding_code_from_name(const char *name); /* -1 when unknown */
const char *severity_name(enum severity sev);
int severity_from_name(const char *name);     /* -1 when unknown */
/* The severity a code has unless a style says otherwise. */
enum severity finding_default_severity(enum finding_code code);

#endif
