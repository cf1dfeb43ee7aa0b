/* pdfprobe: print what a reader sees in a PDF, one fact per line, for the
 * end-to-end tests to grep.  Uses poppler-glib like a viewer would.
 *
 *   pages N
 *   page P label=L size=WxH rotate=R
 *   link page=P target=T rect=X0,Y0,X1,Y1 [at=X,Y]
 *                               (T = 1-based target page, or "broken"; rect:
 *                               the link's area from the bottom-left, y up; at:
 *                               the destination's left and top as displayed on
 *                               an unrotated target page, from its top-left)
 *   outline depth=D target=T title=TEXT
 *   font embedded=yes|no type=TYPE name=NAME
 *   word page=P x=X y=Y text=TEXT   (with --words; x,y top-left, pt)
 */
#include <glib.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int dest_page(PopplerDocument *doc, PopplerDest *dest)
{
    if (!dest)
        return -1;
    if (dest->type == POPPLER_DEST_NAMED) {
        PopplerDest *d = poppler_document_find_dest(doc, dest->named_dest);
        int p = d ? d->page_num : -1;
        if (d)
            poppler_dest_free(d);
        return p;
    }
    return dest->page_num;
}

/* The destination point of a link as displayed on its target page:
 * writes " at=X,Y" into buf, or nothing when unknown. */
static void dest_point(PopplerDocument *doc, PopplerAction *a, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!a || a->type != POPPLER_ACTION_GOTO_DEST || !a->goto_dest.dest)
        return;
    PopplerDest *d = a->goto_dest.dest, *named = NULL;
    if (d->type == POPPLER_DEST_NAMED)
        d = named = poppler_document_find_dest(doc, d->named_dest);
    if (d && d->change_top && d->page_num > 0) {
        PopplerPage *page = poppler_document_get_page(doc, d->page_num - 1);
        PopplerRectangle crop;
        if (page) {
            poppler_page_get_crop_box(page, &crop);
            /* poppler gives the point relative to the CropBox's corner, y up. */
            snprintf(buf, size, " at=%.0f,%.0f", d->change_left ? d->left : 0, crop.y2 - crop.y1 - d->top);
        }
        if (page)
            g_object_unref(page);
    }
    if (named)
        poppler_dest_free(named);
}

static int action_page(PopplerDocument *doc, PopplerAction *a)
{
    if (!a || a->type != POPPLER_ACTION_GOTO_DEST)
        return -2; /* not an internal link */
    return dest_page(doc, a->goto_dest.dest);
}

static void outline(PopplerDocument *doc, PopplerIndexIter *it, int depth)
{
    do {
        PopplerAction *a = poppler_index_iter_get_action(it);
        int t = action_page(doc, a);
        printf("outline depth=%d target=%s%d title=%s\n", depth, t <= 0 ? "broken" : "", t > 0 ? t : 0,
               a && a->any.title ? a->any.title : "");
        poppler_action_free(a);
        PopplerIndexIter *child = poppler_index_iter_get_child(it);
        if (child) {
            outline(doc, child, depth + 1);
            poppler_index_iter_free(child);
        }
    } while (poppler_index_iter_next(it));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: pdfprobe FILE.pdf [--words]\n");
        return 2;
    }
    gboolean words = argc > 2 && !strcmp(argv[2], "--words");
    char *abs = g_canonicalize_filename(argv[1], NULL);
    char *uri = g_filename_to_uri(abs, NULL, NULL);
    GError *err = NULL;
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &err);
    g_free(abs);
    g_free(uri);
    if (!doc) {
        fprintf(stderr, "pdfprobe: %s\n", err ? err->message : "cannot open");
        return 1;
    }
    int n = poppler_document_get_n_pages(doc);
    printf("pages %d\n", n);
    for (int i = 0; i < n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        double w, h;
        poppler_page_get_size(page, &w, &h);
        gchar *label = poppler_page_get_label(page);
        printf("page %d label=%s size=%.0fx%.0f\n", i + 1, label ? label : "", w, h);
        g_free(label);
        GList *links = poppler_page_get_link_mapping(page);
        for (GList *l = links; l; l = l->next) {
            PopplerLinkMapping *lm = l->data;
            int t = action_page(doc, lm->action);
            if (t == -2)
                continue;
            char at[64];
            dest_point(doc, lm->action, at, sizeof(at));
            if (t > 0)
                printf("link page=%d target=%d rect=%.0f,%.0f,%.0f,%.0f%s\n", i + 1, t, lm->area.x1, lm->area.y1,
                       lm->area.x2, lm->area.y2, at);
            else
                printf("link page=%d target=broken\n", i + 1);
        }
        poppler_page_free_link_mapping(links);
        if (words) {
            PopplerRectangle *rects;
            guint nrects;
            char *text = poppler_page_get_text(page);
            if (text && poppler_page_get_text_layout(page, &rects, &nrects)) {
                /* Group characters into words by whitespace. */
                const char *p = text;
                GString *word = g_string_new(NULL);
                double x = 0, y = 0;
                for (guint k = 0; k < nrects && *p; k++) {
                    gunichar c = g_utf8_get_char(p);
                    const char *next = g_utf8_next_char(p);
                    if (g_unichar_isspace(c)) {
                        if (word->len)
                            printf("word page=%d x=%.1f y=%.1f text=%s\n", i + 1, x, y, word->str);
                        g_string_truncate(word, 0);
                    } else {
                        if (!word->len) {
                            x = rects[k].x1;
                            y = rects[k].y1;
                        }
                        g_string_append_len(word, p, next - p);
                    }
                    p = next;
                }
                if (word->len)
                    printf("word page=%d x=%.1f y=%.1f text=%s\n", i + 1, x, y, word->str);
                g_string_free(word, TRUE);
                g_free(rects);
            }
            g_free(text);
        }
        g_object_unref(page);
    }
    PopplerIndexIter *it = poppler_index_iter_new(doc);
    if (it) {
        outline(doc, it, 1);
        poppler_index_iter_free(it);
    }
    PopplerFontInfo *fi = poppler_font_info_new(doc);
    PopplerFontsIter *fit;
    for (int i = 0; i < n; i++) {
        if (!poppler_font_info_scan(fi, 1, &fit) || !fit)
            continue;
        do {
            const char *name = poppler_fonts_iter_get_name(fit);
            printf("font embedded=%s type=%d name=%s\n", poppler_fonts_iter_is_embedded(fit) ? "yes" : "no",
                   (int)poppler_fonts_iter_get_font_type(fit), name ? name : "[none]");
        } while (poppler_fonts_iter_next(fit));
        poppler_fonts_iter_free(fit);
    }
    poppler_font_info_free(fi);
    g_object_unref(doc);
    return 0;
}
