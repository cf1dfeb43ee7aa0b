/* ink: where a rendered page is not near-white, as one box and as bands.
 *
 * Pure: inspect renders the page (poppler and cairo) and hands over the
 * pixels; nothing here knows a PDF library, so tests feed synthetic
 * pages.
 *
 * A pixel is ink when one of its channels is below 0xF0.  The bands are
 * the runs of inked rows above and below the text block (a row is placed
 * by its middle) and all rows within the block's height as one run, at
 * most PDFINFO_MAX_INK_BANDS runs above and as many below (the closest
 * merged); each run is cut into boxes where a white gap of 6 pt runs down
 * through all its rows, at most 8 (the narrowest gaps closed first).
 *
 * Ownership: ink_scan appends to *bands (grown with realloc); the caller
 * frees it. */
#ifndef COLLATE_INK_H
#define COLLATE_INK_H

#include <stddef.h>

#include "base/rect.h"

/* A rendered page: cairo RGB24 pixels (0x00RRGGBB in native 32-bit words,
 * the top byte unused), and how they map to points. */
struct ink_raster {
    const unsigned char *data; /* height rows of stride bytes */
    int width, height;         /* pixels, at least 1 each */
    int stride;                /* bytes per row */
    double scale;              /* pixels per point */
};

/* Box the ink of ras, a page w x h pt with the text block's top and bottom
 * at block->y0 and block->y1 (points, y down): *ink (empty when the page
 * is blank) and the boxes of the bands, top to bottom, appended to
 * *bands / *nbands (clipped to the page). */
void ink_scan(const struct ink_raster *ras, double w, double h, const struct rect *block, struct rect *ink,
              struct rect **bands, size_t *nbands);

#endif
