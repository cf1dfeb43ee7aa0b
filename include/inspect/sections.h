/* sections: where the references, the appendix, a Limitations or Ethics
 * section start, from the lines of text on each page.
 *
 * A heading is a short line whose whole text is the section's name in one
 * of its usual spellings (References, REFERENCES, Bibliography, Literatur,
 * Références, 参考文献, Appendix, APPENDIX A, Limitations, Ethics
 * Statement, Acknowledgments ...), optionally numbered ("7 References",
 * "VII. REFERENCES", "Appendix A: Proofs"), set apart from the text: bold,
 * larger than the page's body text, in capitals or numbered.  A lettered
 * heading ("A  Proofs") opens the appendix when it comes after the
 * references.  A sentence that mentions references is not a heading.
 *
 * Pure: inspect turns poppler's text layout into section_line records.
 * Ownership: nothing is kept; lines are borrowed for the call. */
#ifndef COLLATE_SECTIONS_H
#define COLLATE_SECTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rect.h"
#include "inspect/pdfinfo.h"

/* One line of text on a page, in reading order. */
struct section_line {
    const char *text;             /* UTF-8, borrowed */
    struct rect box;              /* page as displayed, origin top-left */
    double font_size;             /* of its first glyph, pt; 0: unknown */
    bool bold;                    /* its first glyph's font is bold */
};

/* The section kind a heading text names, or -1.  after_references: the
 * references have started (so "A  Proofs" opens the appendix).  Looks at
 * the words only, not at the type. */
int sections_heading_kind(const char *text, bool after_references);

/* Is the font name a bold face ("Times-Bold", "NimbusRomNo9L-Medi",
 * "CMBX12", "LinBiolinumTB")? */
bool sections_bold_font(const char *font_name);

/* Look for headings among the lines of page (1-based) and record in
 * found[SECTION_KIND_COUNT] the first of each kind not found on an earlier
 * page.  block: the text block of the page (lines outside it, running
 * heads and folios, are neither headings nor body); NULL: the whole page.
 * Lines on one baseline a little apart ("A" and "Proofs" set with a wide
 * gap) are read as one. */
void sections_scan_page(const struct section_line *lines, size_t n, int page, const struct rect *block,
                        struct section_start *found);

/* The pages a limit counts when it counts the body: the page where the
 * first section of not_counted (bits of enum section_kind) starts, or the
 * page before when no body text precedes it there; npages when none was
 * found.  *first (may be NULL) is set to that section's kind, -1 if none. */
int sections_body_pages(const struct section_start *found, unsigned not_counted, int npages, int *first);

#endif
