/* place: where a paper page goes on the volume's page.
 *
 * A volume has one page size (the manifest's page_size, else the style's
 * first size), so a printer can use it.  A paper page is placed on it by
 * its text block: the style's template block for the page's size
 * (style_text_block).  That block lands centre on centre on the text block
 * of the volume's page (the template block of the volume's size; on a size
 * the style does not list, the first size's block, centred), unscaled when
 * it fits and scaled down to fit when it does not.  A page of a size the
 * style does not list (or a landscape page) has no known block: the whole
 * page is taken as its block, so it is scaled down to fit the volume's
 * block when it is larger, and no stamp lands on its content.
 * A page whose size is the volume's within the style's size tolerance
 * stays as it is.
 *
 * Pure arithmetic on the page sizes inspection recorded: nothing is
 * measured, so every assembly of the same plan (in-process or speculative,
 * which reads no page content) places pages alike.
 *
 * Coordinates: the page as displayed, origin at its bottom-left corner,
 * y up, points.  Nothing is allocated. */
#ifndef COLLATE_PLACE_H
#define COLLATE_PLACE_H

#include <stdbool.h>

#include "base/rect.h"
#include "manifest/style.h"

/* How a paper page is put on a volume page. */
struct placement {
    double width, height; /* the volume page: the volume's size, or the paper page's own
                             when the two differ by no more than the style's size tolerance */
    double scale;        /* 1: not scaled */
    double dx, dy;       /* x' = scale * x + dx, y' = scale * y + dy */
    struct rect block;   /* the paper's text block on the volume page; stamps are set from it */
    bool template_block; /* the paper's block is a template's, not the whole page */
};

/* The text block of the volume's pages, width x height points. */
void place_volume_block(const struct style *style, double width, double height, struct rect *out);

/* Place a paper page displayed as page_w x page_h on a volume page of
 * width x height. */
void place_page(const struct style *style, double width, double height, double page_w, double page_h,
                struct placement *out);

/* Whether the page is changed at all: another size, an offset or a scale. */
bool place_moves(const struct placement *p, double page_w, double page_h, double width, double height);

#endif
