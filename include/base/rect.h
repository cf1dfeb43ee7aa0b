/* rect: an axis-aligned rectangle in points, shared by the page facts of
 * inspect and the page geometry of the pdf helpers.
 *
 * Which space a rect is in (PDF user space, y up, or the page as
 * displayed, y down) is stated where it is stored.  An empty rect has
 * x1 <= x0 or y1 <= y0. */
#ifndef COLLATE_RECT_H
#define COLLATE_RECT_H

#include <stdbool.h>

struct rect {
    double x0, y0, x1, y1;
};

bool rect_empty(const struct rect *r);
void rect_union(struct rect *acc, const struct rect *r); /* empty acc takes r */
/* r clipped to the page [0, w] x [0, h]; empty when it lies outside. */
struct rect rect_clip(struct rect r, double w, double h);

#endif
