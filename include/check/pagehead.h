/* pagehead: the header and footer lines of each page, and the printed
 * page numbers among them.  Pure: it reads a pdf_info only.
 *
 * A line is the margin texts (pdfinfo.h) that sit side by side above or
 * below the area the page is judged by (area.h).  Its number is a printed
 * page number (a folio) when the numbers of most pages follow the page
 * sequence.  check.c reports the folios as page_numbers and leaves them,
 * with running heads, out of the margins (pagecontent.h). */
#ifndef COLLATE_PAGEHEAD_H
#define COLLATE_PAGEHEAD_H

#include <stdbool.h>
#include <stddef.h>

#include "check/area.h"
#include "inspect/pdfinfo.h"

enum zone { ZONE_HEAD, ZONE_FOOT };

/* One line above or below a page's text block: the margin texts that sit
 * side by side on it (a folio and a running title are often two). */
struct head_line {
    struct rect box;
    enum zone zone;
    int value;         /* the page number it prints, or -1 */
    bool with_text;    /* a running head: words besides the number */
    bool folio;        /* its number follows the pages: a printed page number */
};

#define MAX_HEAD_LINES 8

/* One page's header and footer lines. */
struct page_heads {
    struct head_line lines[MAX_HEAD_LINES];
    size_t n;
};

/* Into heads[0..info->npages), each page's lines, from the area chosen
 * for it (areas[i]).  The lines whose numbers follow the page sequence
 * (at a constant offset: papers numbered from their place in a previous
 * volume) are marked folio, but only when they are on most pages: one
 * stray number is a figure label. */
void pagehead_find(const struct pdf_info *info, const struct area *areas, struct page_heads *heads);

/* Recognise a printed page number ("12", "- 12 -", "Page 12", "12 of 20",
 * "xii"); returns its value or -1. */
int pagehead_parse_number(const char *text);

#endif
