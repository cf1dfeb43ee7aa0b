/* geometry: page boxes and /Rotate as poppler reads them (see geometry.h). */
#include "pdf/geometry.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>

/* h as four numbers, normalised into *r; false when it is not an array
 * of four finite numbers or its sides overflow. */
static bool box_numbers(qpdf_data q, qpdf_oh h, struct rect *r)
{
    if (qpdfh_array_len(q, h) != 4)
        return false;
    double x[4];
    for (int i = 0; i < 4; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, h, i);
        bool ok = qpdfh_number(q, item, &x[i]);
        qpdf_oh_release(q, item);
        if (!ok)
            return false;
    }
    *r = (struct rect){fmin(x[0], x[2]), fmin(x[1], x[3]), fmax(x[0], x[2]), fmax(x[1], x[3])};
    return isfinite(r->x1 - r->x0) && isfinite(r->y1 - r->y0);
}

/* Four numbers, also all zero: a MediaBox as written. */
static bool written_box(qpdf_data q, qpdf_oh h)
{
    struct rect r;
    return box_numbers(q, h, &r);
}

/* Four numbers, not all zero: a box poppler takes. */
static bool usable_box(qpdf_data q, qpdf_oh h)
{
    struct rect r;
    return box_numbers(q, h, &r) && (r.x0 != 0 || r.y0 != 0 || r.x1 != 0 || r.y1 != 0);
}

/* An integer that fits an int, as poppler's /Rotate. */
static bool usable_rotate(qpdf_data q, qpdf_oh h)
{
    long long v;
    return qpdf_oh_is_integer(q, h) && qpdf_oh_get_value_as_longlong(q, h, &v) && v >= INT_MIN && v <= INT_MAX;
}

/* The inherited box k that usable accepts into *r; false when none. */
static bool inherited_box(qpdf_data q, qpdf_oh page, const char *k, qpdfh_usable_fn usable, struct rect *r)
{
    qpdf_oh h = qpdfh_inherited(q, page, k, usable);
    bool found = h && box_numbers(q, h, r);
    qpdf_oh_release(q, h);
    return found;
}

/* The page's own box k when usable. */
static bool own_box(qpdf_data q, qpdf_oh page, const char *k, struct rect *r)
{
    qpdf_oh h = qpdfh_key(q, page, k);
    bool found = usable_box(q, h) && box_numbers(q, h, r);
    qpdf_oh_release(q, h);
    return found;
}

/* b with each edge clamped into media. */
static struct rect clamp_box(struct rect b, const struct rect *media)
{
    b.x0 = fmin(fmax(b.x0, media->x0), media->x1);
    b.x1 = fmin(fmax(b.x1, media->x0), media->x1);
    b.y0 = fmin(fmax(b.y0, media->y0), media->y1);
    b.y1 = fmin(fmax(b.y1, media->y0), media->y1);
    return b;
}

static int read_rotate(qpdf_data q, qpdf_oh page)
{
    qpdf_oh h = qpdfh_inherited(q, page, "/Rotate", usable_rotate);
    long long v = 0;
    if (h && !qpdf_oh_get_value_as_longlong(q, h, &v))
        v = 0;
    qpdf_oh_release(q, h);
    v %= 360;
    if (v < 0)
        v += 360;
    return v % 90 == 0 ? (int)v : 0;
}

void geometry_read(qpdf_data q, qpdf_oh page, struct page_geometry *g)
{
    const struct rect letter = {0, 0, GEOMETRY_LETTER_WIDTH, GEOMETRY_LETTER_HEIGHT};
    bool is_page = page && qpdf_oh_is_dictionary(q, page);
    if (!is_page || !inherited_box(q, page, "/MediaBox", usable_box, &g->media))
        g->media = letter;
    if (!is_page || !inherited_box(q, page, "/MediaBox", written_box, &g->media_written))
        g->media_written = g->media;
    struct rect crop;
    if (!is_page || !inherited_box(q, page, "/CropBox", usable_box, &crop))
        crop = g->media;
    /* A CropBox larger than the MediaBox on an axis takes the MediaBox's
     * extent there, wherever it lies. */
    if (crop.x1 - crop.x0 > g->media.x1 - g->media.x0) {
        crop.x0 = g->media.x0;
        crop.x1 = g->media.x1;
    }
    if (crop.y1 - crop.y0 > g->media.y1 - g->media.y0) {
        crop.y0 = g->media.y0;
        crop.y1 = g->media.y1;
    }
    g->crop = clamp_box(crop, &g->media);
    struct rect trim;
    if (!is_page || (!own_box(q, page, "/TrimBox", &trim) && !own_box(q, page, "/BleedBox", &trim)))
        trim = crop;
    g->trim = clamp_box(trim, &g->media);
    g->rotate = is_page ? read_rotate(q, page) : 0;
    double w = g->crop.x1 - g->crop.x0, h = g->crop.y1 - g->crop.y0;
    bool turned = g->rotate == 90 || g->rotate == 270;
    g->width = turned ? h : w;
    g->height = turned ? w : h;
}

static bool same_rect(const struct rect *a, const struct rect *b)
{
    return a->x0 == b->x0 && a->y0 == b->y0 && a->x1 == b->x1 && a->y1 == b->y1;
}

/* Whether the page's own box k is usable and exactly want, or missing
 * when missing_means (may be NULL) is want. */
static bool box_stated(qpdf_data q, qpdf_oh page, const char *k, const struct rect *want,
                       const struct rect *missing_means)
{
    qpdf_oh h = qpdfh_key(q, page, k);
    struct rect r;
    bool stated = qpdf_oh_is_null(q, h) ? missing_means && same_rect(missing_means, want)
                                        : own_box(q, page, k, &r) && same_rect(&r, want);
    qpdf_oh_release(q, h);
    return stated;
}

static bool rotate_stated(qpdf_data q, qpdf_oh page, int rotate)
{
    qpdf_oh h = qpdfh_key(q, page, "/Rotate");
    long long v = 0;
    bool stated = qpdf_oh_is_null(q, h) || (usable_rotate(q, h) && qpdf_oh_get_value_as_longlong(q, h, &v));
    qpdf_oh_release(q, h);
    v %= 360;
    if (v < 0)
        v += 360;
    return stated && v == rotate;
}

void geometry_pin(qpdf_data q, qpdf_oh page, const struct rect *media, const struct rect *crop, int rotate)
{
    if (!box_stated(q, page, "/MediaBox", media, NULL))
        qpdfh_put(q, page, "/MediaBox", qpdfh_number_array(q, (const double[]){media->x0, media->y0, media->x1,
                                                                                media->y1}, 4));
    if (!box_stated(q, page, "/CropBox", crop, media))
        qpdfh_put(q, page, "/CropBox", qpdfh_number_array(q, (const double[]){crop->x0, crop->y0, crop->x1,
                                                                               crop->y1}, 4));
    if (!rotate_stated(q, page, rotate))
        qpdfh_put(q, page, "/Rotate", qpdf_oh_new_integer(q, rotate));
}
