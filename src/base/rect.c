/* rect: emptiness, union and clipping of rectangles (see rect.h). */
#include "base/rect.h"

#include <math.h>

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

struct rect rect_clip(struct rect r, double w, double h)
{
    r.x0 = fmax(r.x0, 0);
    r.y0 = fmax(r.y0, 0);
    r.x1 = fmin(r.x1, w);
    r.y1 = fmin(r.y1, h);
    return r;
}
