/* overlay: the stamp of a paper page (page number, running head,
 * notice) drawn over its original content, and the page put on the
 * volume's page size.
 *
 * The stamp is the typeset page of the same vpage, turned into a Form
 * XObject in the output and drawn after the original content, which is
 * wrapped in q/Q so that no graphics state leaks into it.  The overlay's
 * coordinates are the page as displayed; a matrix takes them to the
 * page's user space, by the geometry inspection recorded (pdf/geometry
 * read it), so stamps sit right on pages with /Rotate, a CropBox or an
 * offset MediaBox.  Streams that draw the stamp are shared between pages
 * with the same placement.
 *
 * Placing a page (vpage.place, paginate/place.h) keeps its user space:
 * the page gets a new MediaBox (and CropBox) there, of the volume's size,
 * positioned so that its content lands where the plan says.  Unscaled,
 * nothing else changes: links, destinations and bookmarks are in user
 * space and keep pointing at the same spots.  Scaled, the content is drawn
 * through "s 0 0 s 0 0 cm", the boxes are in that scaled space, and the
 * annotations' rectangles and the destinations into the page are scaled
 * by the same factor when they are copied from the paper (place_scale_*).
 * Content the paper's CropBox hid stays hidden: the original is clipped to
 * it when the new box reaches beyond it. */
#include "assemble_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "base/util.h"
#include "pdf/geometry.h"

#define MAX_STAMP_NAMES 1000 /* /CPStampN tried before giving up */

/* The matrix taking the overlay's coordinates (origin at the bottom left
 * of the page as displayed, width and height as displayed) to the page's
 * user space.  A page with /Rotate 90 is turned clockwise for display, so
 * the displayed bottom-left corner is the user space's bottom-right (x1,
 * y0), and going right on screen goes up in user space. */
static void overlay_matrix(const struct rect *b, int rotate, double m[6])
{
    double r0[6] = {1, 0, 0, 1, b->x0, b->y0};
    double r90[6] = {0, 1, -1, 0, b->x1, b->y0};
    double r180[6] = {-1, 0, 0, -1, b->x1, b->y1};
    double r270[6] = {0, -1, 1, 0, b->x0, b->y1};
    const double *src = rotate == 90 ? r90 : rotate == 180 ? r180 : rotate == 270 ? r270 : r0;
    memcpy(m, src, sizeof(r0));
}

/* The typeset page vpage as a Form XObject in o.  Returns its object id,
 * or 0 with the error pending. */
static int stamp_form(struct asm_ctx *c, struct out *o, int vpage)
{
    qpdf_data t = c->ts, q = o->q;
    qpdf_oh page = qpdf_get_page_n(t, (size_t)vpage);
    qpdf_oh res = qpdfh_key(t, page, "/Resources");
    if (!qpdf_oh_is_indirect(t, res)) {
        if (!qpdf_oh_is_dictionary(t, res)) {
            qpdf_oh_release(t, res);
            res = qpdf_oh_new_dictionary(t);
        }
        qpdf_oh ind = qpdf_make_indirect_object(t, res);
        qpdf_oh_replace_key(t, page, "/Resources", ind);
        qpdf_oh_release(t, res);
        res = ind;
    }
    qpdf_oh content = qpdfh_key(t, page, "/Contents");
    if (!qpdf_oh_is_stream(t, content)) {
        unsigned char *buf = NULL;
        size_t len = 0;
        if (qpdf_oh_is_array(t, content))
            qpdf_oh_get_page_content_data(t, page, &buf, &len);
        qpdf_oh_release(t, content);
        content = qpdfh_new_stream(t, buf, buf ? len : 0);
        free(buf);
        qpdf_oh_replace_key(t, page, "/Contents", content);
    }
    struct page_geometry g;
    geometry_read(t, page, &g);
    const struct rect b = g.media;
    qpdf_oh_release(t, page);
    int id = 0;
    if (!qpdf_has_error(t)) {
        qpdf_oh form = qpdf_oh_copy_foreign_object(q, t, content);
        qpdf_oh form_res = qpdf_oh_copy_foreign_object(q, t, res);
        qpdf_oh dict = qpdf_oh_get_dict(q, form);
        qpdfh_put_name(q, dict, "/Type", "/XObject");
        qpdfh_put_name(q, dict, "/Subtype", "/Form");
        qpdfh_put(q, dict, "/BBox", qpdfh_number_array(q, (double[]){b.x0, b.y0, b.x1, b.y1}, 4));
        qpdf_oh_replace_key(q, dict, "/Resources", form_res);
        if (b.x0 != 0 || b.y0 != 0)
            qpdfh_put(q, dict, "/Matrix", qpdfh_number_array(q, (double[]){1, 0, 0, 1, -b.x0, -b.y0}, 6));
        id = qpdf_has_error(q) ? 0 : qpdf_oh_get_object_id(q, form);
        qpdf_oh_release(q, dict);
        qpdf_oh_release(q, form_res);
        qpdf_oh_release(q, form);
    }
    qpdf_oh_release(t, content);
    qpdf_oh_release(t, res);
    return id;
}

/* Object id of the stream "q\n" that opens every stamped page. */
static int shared_q(struct out *o)
{
    if (!o->q_id) {
        qpdf_oh s = qpdfh_new_stream(o->q, "q\n", 2);
        o->q_id = qpdf_oh_get_object_id(o->q, s);
        qpdf_oh_release(o->q, s);
    }
    return o->q_id;
}

/* Object id of a stream holding text; equal texts share one stream. */
static int ops_stream(struct out *o, const char *text)
{
    for (int i = 0; i < o->nops; i++)
        if (strcmp(o->ops[i].text, text) == 0)
            return o->ops[i].id;
    qpdf_oh s = qpdfh_new_stream(o->q, text, strlen(text));
    int id = qpdf_oh_get_object_id(o->q, s);
    qpdf_oh_release(o->q, s);
    if (o->nops < STAMP_CACHE) {
        o->ops[o->nops].text = xstrdup(text);
        o->ops[o->nops++].id = id;
    }
    return id;
}

/* Put every entry of from (a dictionary, else nothing) except skip into to. */
static void copy_entries(qpdf_data q, qpdf_oh from, qpdf_oh to, const char *skip)
{
    if (!qpdf_oh_is_dictionary(q, from))
        return;
    qpdf_oh_begin_dict_key_iter(q, from);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        if (!skip || strcmp(k, skip) != 0)
            qpdfh_put(q, to, k, qpdf_oh_get_key(q, from, k));
    }
}

/* The inspection record of the paper page at vpage, or NULL. */
static const struct page_info *checked_page(const struct volume *v, int vpage)
{
    const struct vpage *pg = &v->pages[vpage];
    const struct pdf_info *info =
        pg->kind == VP_PAPER && pg->paper >= 0 && (size_t)pg->paper < v->npapers ? v->papers[pg->paper].info : NULL;
    if (!info || !info->pages || pg->source_page < 0 || pg->source_page >= info->npages)
        return NULL;
    return &info->pages[pg->source_page];
}

/* ---- Placing a page on the volume's page size ---- */

/* The scale of the paper page at vpage (1 for other pages). */
double place_scale(const struct volume *v, int vpage)
{
    if (vpage < 0 || (size_t)vpage >= v->npages || v->pages[vpage].kind != VP_PAPER)
        return 1;
    double s = v->pages[vpage].place.scale;
    return s > 0 ? s : 1;
}

/* Multiply the numbers of items [from, to) of array a by s. */
static void scale_items(qpdf_data q, qpdf_oh a, int from, int to, double s)
{
    int n = qpdfh_array_len(q, a);
    for (int i = from; i < to && i < n; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, a, i);
        double x;
        if (qpdfh_number(q, item, &x)) {
            qpdf_oh v = qpdf_oh_new_real_from_double(q, x * s, 4);
            qpdf_oh_set_array_item(q, a, i, v);
            qpdf_oh_release(q, v);
        }
        qpdf_oh_release(q, item);
    }
}

void place_scale_annot(qpdf_data q, qpdf_oh annot, double s)
{
    static const char *const keys[] = {"/Rect", "/QuadPoints"};
    for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
        qpdf_oh a = qpdfh_key(q, annot, keys[k]);
        if (qpdf_oh_is_array(q, a) && !qpdf_oh_is_indirect(q, a))
            scale_items(q, a, 0, qpdfh_array_len(q, a), s);
        else if (qpdf_oh_is_array(q, a)) { /* shared: a scaled copy of its own */
            int n = qpdfh_array_len(q, a);
            double *x = xcalloc((size_t)(n > 0 ? n : 1), sizeof(*x));
            for (int i = 0; i < n; i++) {
                qpdf_oh item = qpdf_oh_get_array_item(q, a, i);
                qpdfh_number(q, item, &x[i]);
                x[i] *= s;
                qpdf_oh_release(q, item);
            }
            qpdfh_put(q, annot, keys[k], qpdfh_number_array(q, x, n));
            free(x);
        }
        qpdf_oh_release(q, a);
    }
}

void place_scale_dest(qpdf_data q, qpdf_oh dest, double s)
{
    qpdf_oh kind = qpdf_oh_get_array_item(q, dest, 1);
    int to = qpdfh_is_name(q, kind, "/XYZ") ? 4 : qpdfh_is_name(q, kind, "/FitR") ? 6
             : qpdfh_is_name(q, kind, "/FitH") || qpdfh_is_name(q, kind, "/FitV") ||
                     qpdfh_is_name(q, kind, "/FitBH") || qpdfh_is_name(q, kind, "/FitBV")
                 ? 3 : 2;
    qpdf_oh_release(q, kind);
    scale_items(q, dest, 2, to, s);
}

/* The displayed box of the volume's page in the page's user space (scaled
 * by the placement): where the page's new MediaBox goes. */
static struct rect placed_box(const struct page_info *pi, const struct vpage *pg)
{
    const struct placement *pl = &pg->place;
    double s = pl->scale, m[6];
    overlay_matrix(&pi->crop_box, pi->rotate, m);
    double xs[2] = {-pl->dx / s, (pg->width - pl->dx) / s}, ys[2] = {-pl->dy / s, (pg->height - pl->dy) / s};
    struct rect r = {INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double u = m[0] * xs[i] + m[2] * ys[j] + m[4], v = m[1] * xs[i] + m[3] * ys[j] + m[5];
            r.x0 = fmin(r.x0, u * s);
            r.y0 = fmin(r.y0, v * s);
            r.x1 = fmax(r.x1, u * s);
            r.y1 = fmax(r.y1, v * s);
        }
    return r;
}

/* The stream that opens the page's content: "q", the scale and, when the
 * new box shows more than the paper's CropBox did, a clip to it. */
static int opening_stream(struct out *o, const struct page_info *pi, const struct rect *box, double s)
{
    const struct rect *c = &pi->crop_box;
    double e = 0.01;
    bool clip = box->x0 / s < c->x0 - e || box->y0 / s < c->y0 - e || box->x1 / s > c->x1 + e ||
                box->y1 / s > c->y1 + e;
    if (!clip && s == 1)
        return shared_q(o);
    struct strbuf ops = STRBUF_INIT;
    char a[64], b[64], w[64], h[64];
    strbuf_adds(&ops, "q");
    if (s != 1) {
        qpdfh_fmt_num(a, sizeof(a), s);
        strbuf_addf(&ops, " %s 0 0 %s 0 0 cm", a, a);
    }
    if (clip) {
        qpdfh_fmt_num(a, sizeof(a), c->x0);
        qpdfh_fmt_num(b, sizeof(b), c->y0);
        qpdfh_fmt_num(w, sizeof(w), c->x1 - c->x0);
        qpdfh_fmt_num(h, sizeof(h), c->y1 - c->y0);
        strbuf_addf(&ops, " %s %s %s %s re W n", a, b, w, h);
    }
    strbuf_addch(&ops, '\n');
    int id = ops_stream(o, ops.buf);
    strbuf_release(&ops);
    return id;
}

/* Draw typeset page vpage over the output page of the same vpage, placed
 * by the geometry inspection recorded for the paper page, which the page
 * is made to state in its own entries (geometry_pin): it then looks in
 * the volume as it was checked, whatever reader shows it.  /Contents
 * becomes [q, original..., "Q q <cm> cm /CPStamp Do Q"], and the page
 * gets its own /Resources (the original may be shared) with the stamp
 * added. */
bool stamp_page(struct asm_ctx *c, struct out *o, int vpage)
{
    qpdf_data q = o->q;
    const struct page_info *pi = checked_page(c->v, vpage);
    if (!pi) {
        diag_error(NULL, "internal error: page %d of the volume has no inspection record", vpage + 1);
        return false;
    }
    int form = stamp_form(c, o, vpage);
    if (!form)
        return false;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)o->index_of[vpage]);
    const struct vpage *pg = &c->v->pages[vpage];
    int opening;
    double m[6];
    if (place_moves(&pg->place, pi->width, pi->height, pg->width, pg->height)) {
        /* The volume's page: a new box in the page's (scaled) user space. */
        struct rect box = placed_box(pi, pg);
        opening = opening_stream(o, pi, &box, pg->place.scale);
        geometry_pin(q, page, &box, &box, pi->rotate);
        static const char *const others[] = {"/TrimBox", "/BleedBox", "/ArtBox"};
        for (size_t k = 0; k < ARRAY_SIZE(others); k++)
            if (qpdf_oh_has_key(q, page, others[k]))
                qpdf_oh_remove_key(q, page, others[k]);
        overlay_matrix(&box, pi->rotate, m);
    } else {
        opening = shared_q(o);
        geometry_pin(q, page, &pi->media_box, &pi->crop_box, pi->rotate);
        overlay_matrix(&pi->crop_box, pi->rotate, m);
    }

    qpdf_oh old_res = qpdfh_key(q, page, "/Resources");
    qpdf_oh old_xobj = qpdfh_key(q, old_res, "/XObject");
    qpdf_oh res = qpdf_oh_new_dictionary(q);
    qpdf_oh xobj = qpdf_oh_new_dictionary(q);
    copy_entries(q, old_res, res, "/XObject");
    copy_entries(q, old_xobj, xobj, NULL);
    char name[32] = "/CPStamp";
    for (int k = 1; qpdf_oh_has_key(q, xobj, name) && k <= MAX_STAMP_NAMES; k++)
        snprintf(name, sizeof(name), "/CPStamp%d", k);
    qpdfh_put(q, xobj, name, qpdfh_by_id(q, form));
    qpdfh_put(q, res, "/XObject", xobj);
    qpdfh_put(q, page, "/Resources", res);
    qpdf_oh_release(q, old_xobj);
    qpdf_oh_release(q, old_res);

    struct strbuf ops = STRBUF_INIT;
    strbuf_adds(&ops, "\nQ q");
    for (int i = 0; i < 6; i++) {
        char num[64];
        qpdfh_fmt_num(num, sizeof(num), m[i]);
        strbuf_addf(&ops, " %s", num);
    }
    strbuf_addf(&ops, " cm %s Do Q\n", name);
    qpdf_oh contents = qpdf_oh_new_array(q);
    qpdfh_push(q, contents, qpdfh_by_id(q, opening));
    qpdf_oh old = qpdfh_key(q, page, "/Contents");
    if (qpdf_oh_is_array(q, old)) {
        int n = qpdf_oh_get_array_n_items(q, old);
        for (int i = 0; i < n; i++)
            qpdfh_push(q, contents, qpdf_oh_get_array_item(q, old, i));
    } else if (qpdf_oh_is_stream(q, old)) {
        qpdf_oh_append_item(q, contents, old);
    }
    qpdf_oh_release(q, old);
    qpdfh_push(q, contents, qpdfh_by_id(q, ops_stream(o, ops.buf)));
    strbuf_release(&ops);
    qpdfh_put(q, page, "/Contents", contents);
    qpdf_oh_release(q, page);
    return !qpdf_has_error(q);
}

