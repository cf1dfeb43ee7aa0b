/* rect: emptiness and union of rectangles (see rect.h). */
#include "base/rect.h"

bool rect_empty(const struct rect *r)
{
    return !(r->x1 > r->x0 && r->y1 > r->y0);
}

void rect_union(struct rect *acc, const struct rect *r)
{
    if (rect_empty(r))
        return;
    if (rect_empty(acc)) {
        *acc = *r;
        return;
    }
    if (r->x0 < acc->x0)
        acc->x0 = r->x0;
    if (r->y0 < acc->y0)
        acc->y0 = r->y0;
    if (r->x1 > acc->x1)
        acc->x1 = r->x1;
    if (r->y1 > acc->y1)
        acc->y1 = r->y1;
}
