/* place: paper pages on the volume's page size (see place.h). */
#include "paginate/place.h"

#include <math.h>

/* Numbers closer than this are equal: a placement moves nothing below it. */
#define EPS 0.005

/* The template block of a page of w x h as displayed, origin bottom-left;
 * false when the style lists no such (portrait) size. */
static bool template_block(const struct style *style, double w, double h, struct rect *out)
{
    bool landscape = false;
    const struct style_size *sz = style_match_size(style, w, h, &landscape);
    if (!sz || landscape)
        return false;
    struct rect b;
    style_text_block(sz, &b);
    *out = (struct rect){b.x0, h - b.y1, b.x1, h - b.y0};
    return out->x1 > out->x0 && out->y1 > out->y0;
}

/* A block of w x h centred on a page of width x height, scaled down to fit. */
static void centred(double w, double h, double width, double height, struct rect *out)
{
    double s = fmin(1.0, fmin(width / w, height / h));
    w *= s;
    h *= s;
    *out = (struct rect){(width - w) / 2, (height - h) / 2, (width + w) / 2, (height + h) / 2};
}

void place_volume_block(const struct style *style, double width, double height, struct rect *out)
{
    if (template_block(style, width, height, out))
        return;
    struct rect b;
    style_text_block(&style->sizes[0], &b);
    centred(b.x1 - b.x0, b.y1 - b.y0, width, height, out);
}

/* Round to a hundredth of a point, so boxes and matrices are short. */
static double round2(double x)
{
    double r = round(x * 100) / 100;
    return r == 0 ? 0 : r; /* no -0 */
}

void place_page(const struct style *style, double width, double height, double page_w, double page_h,
                struct placement *out)
{
    double tol = style->size_tolerance > 0 ? style->size_tolerance : 0;
    if (fabs(page_w - width) <= tol && fabs(page_h - height) <= tol) {
        width = page_w;
        height = page_h;
    }
    out->width = width;
    out->height = height;
    struct rect target, from;
    place_volume_block(style, width, height, &target);
    out->template_block = template_block(style, page_w, page_h, &from);
    double s = 1;
    if (out->template_block) {
        /* The block goes onto the volume's block. */
        double fw = from.x1 - from.x0, fh = from.y1 - from.y0;
        double tw = target.x1 - target.x0, th = target.y1 - target.y0;
        if (fw > tw + tol || fh > th + tol)
            s = fmin(tw / fw, th / fh);
    } else {
        /* Unknown block: the whole page into the volume's block, so that
         * no stamp lands on its content. */
        from = (struct rect){0, 0, page_w, page_h};
        double tw = target.x1 - target.x0, th = target.y1 - target.y0;
        if (page_w > tw + tol || page_h > th + tol)
            s = fmin(tw / page_w, th / page_h);
    }
    double cx = (target.x0 + target.x1) / 2, cy = (target.y0 + target.y1) / 2;
    out->scale = s;
    out->dx = round2(cx - s * (from.x0 + from.x1) / 2);
    out->dy = round2(cy - s * (from.y0 + from.y1) / 2);
    if (out->template_block) {
        out->block = (struct rect){s * from.x0 + out->dx, s * from.y0 + out->dy, s * from.x1 + out->dx,
                                   s * from.y1 + out->dy};
    } else {
        place_volume_block(style, width, height, &out->block);
    }
}

bool place_moves(const struct placement *p, double page_w, double page_h, double width, double height)
{
    return fabs(page_w - width) > EPS || fabs(page_h - height) > EPS || fabs(p->dx) > EPS ||
           fabs(p->dy) > EPS || fabs(p->scale - 1) > 1e-9;
}
