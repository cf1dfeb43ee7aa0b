/* typeset front matter: the title page, the copyright page, messages and
 * committees. */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "typeset/textflow.h"
#include "base/util.h"

#define COMMITTEE_COLUMNS_ABOVE 12 /* members laid out in two columns beyond this */

/* --- part: title page ------------------------------------------------ */

static void publisher_block(struct ts *t, double x, double w)
{
    const struct manifest *m = t->m;
    ts_flow_text(t, m->publisher, FONT_BOLD, t->body + 1, x, w, AL_CENTER);
    ts_flow_text(t, m->publisher_address, FONT_REGULAR, t->note, x, w, AL_CENTER);
}

void ts_layout_title_page(struct ts *t)
{
    const struct manifest *m = t->m;
    ts_new_page(t);
    double x = t->bl, w = t->br - t->bl, height = t->bt - t->bb;
    double cw = w * 0.86, cx = x + (w - cw) / 2;
    t->y = t->bt - height * 0.12;
    ts_flow_text_lh(t, m->title, FONT_BOLD, t->title, t->title * 1.2, cx, cw, AL_CENTER);
    if (m->subtitle && m->subtitle[0]) {
        t->y -= t->title * 0.4;
        ts_flow_text(t, m->subtitle, FONT_ITALIC, t->heading, cx, cw, AL_CENTER);
    }
    t->y -= t->body * 1.8;
    ts_hrule(t, x + w * 0.38, x + w * 0.62, t->y, 0.6);
    t->y -= t->body * 2.2;
    ts_flow_text(t, m->event, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
    if ((m->location && m->location[0]) || (m->dates && m->dates[0]))
        t->y -= t->body * 0.4;
    ts_flow_text(t, m->location, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);
    ts_flow_text(t, m->dates, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);

    if (m->neditors > 0) {
        double at = t->bt - height * 0.5;
        t->y = t->y - 3 * t->body < at ? t->y - 3 * t->body : at;
        ts_need(t, 4 * t->body);
        ts_flow_text(t, "Edited by", FONT_ITALIC, t->body + 1, cx, cw, AL_CENTER);
        t->y -= t->body * 0.9;
        for (size_t i = 0; i < m->neditors; i++) {
            const struct person *p = &m->editors[i];
            char *name = ts_person_label(p);
            double h;
            DRY_HEIGHT(t, h, ts_flow_text(t, name, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
                       ts_flow_text(t, p->affiliation, FONT_ITALIC, t->note, cx, cw, AL_CENTER));
            ts_need(t, h);
            ts_flow_text(t, name, FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
            ts_flow_text(t, p->affiliation, FONT_ITALIC, t->note, cx, cw, AL_CENTER);
            t->y -= t->body * 0.7;
            free(name);
        }
    }

    if ((m->publisher && m->publisher[0]) || (m->publisher_address && m->publisher_address[0])) {
        double h;
        DRY_HEIGHT(t, h, publisher_block(t, cx, cw));
        if (t->y - 2 * t->body - h >= t->bb)
            t->y = t->bb + h;
        else
            ts_need(t, h + 2 * t->body);
        publisher_block(t, cx, cw);
    }
}

/* --- part: copyright page -------------------------------------------- */

static void copyright_block(struct ts *t, double x, double w)
{
    const struct manifest *m = t->m;
    double size = t->small, lh = ts_line_height(t, size);
    bool any = false;
    if (m->copyright && m->copyright[0]) {
        struct tf_doc doc;
        tf_parse_markdown(m->path, m->copyright, strlen(m->copyright), &doc);
        for (size_t i = 0; i < doc.n; i++) {
            if (i > 0)
                t->y -= lh * 0.6;
            struct tf_para p;
            tf_para_init(&p);
            int face = doc.blocks[i].kind == TF_BLOCK_HEADING || doc.blocks[i].kind == TF_BLOCK_SUBHEADING
                           ? FONT_BOLD
                           : FONT_REGULAR;
            if (doc.blocks[i].kind == TF_BLOCK_BULLET)
                tf_para_add(&p, "\xE2\x80\xA2 ", 4, FONT_REGULAR, size);
            tf_para_add_markup(&p, doc.blocks[i].text, strlen(doc.blocks[i].text), face, size);
            ts_flow_para(t, &p, x, w, 0, size, lh, AL_JUSTIFY);
            tf_para_release(&p);
        }
        tf_doc_release(&doc);
        any = true;
    }
    if ((m->isbn && m->isbn[0]) || (m->issn && m->issn[0])) {
        if (any)
            t->y -= lh;
        if (m->isbn && m->isbn[0]) {
            char *s = xasprintf("ISBN %s", m->isbn);
            ts_flow_text(t, s, FONT_REGULAR, size, x, w, AL_LEFT);
            free(s);
        }
        if (m->issn && m->issn[0]) {
            char *s = xasprintf("ISSN %s", m->issn);
            ts_flow_text(t, s, FONT_REGULAR, size, x, w, AL_LEFT);
            free(s);
        }
        any = true;
    }
    if ((m->publisher && m->publisher[0]) || (m->publisher_address && m->publisher_address[0])) {
        if (any)
            t->y -= lh;
        ts_flow_text(t, m->publisher, FONT_BOLD, size, x, w, AL_LEFT);
        ts_flow_text(t, m->publisher_address, FONT_REGULAR, size, x, w, AL_LEFT);
    }
}

void ts_layout_copyright_page(struct ts *t)
{
    ts_new_page(t);
    double x, w, h;
    ts_prose_block(t, &x, &w);
    DRY_HEIGHT(t, h, copyright_block(t, x, w));
    if (h <= t->bt - t->bb) /* at the foot of the page, like printed proceedings */
        t->y = t->bb + h;
    copyright_block(t, x, w);
}

/* --- part: message --------------------------------------------------- */

static void message_block(struct ts *t, const struct tf_block *b, bool first, double x, double w)
{
    double size = t->body, lh = ts_line_height(t, size);
    struct tf_para p;
    tf_para_init(&p);
    switch (b->kind) {
    case TF_BLOCK_HEADING:
    case TF_BLOCK_SUBHEADING: {
        double hs = b->kind == TF_BLOCK_HEADING ? t->heading : t->body + 1;
        if (!first)
            ts_vspace(t, lh * (b->kind == TF_BLOCK_HEADING ? 1.2 : 0.9));
        ts_need(t, ts_line_height(t, hs) + 3 * lh); /* keep with what follows */
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_BOLD, hs);
        ts_flow_para(t, &p, x, w, 0, hs, ts_line_height(t, hs), AL_LEFT);
        t->y -= lh * 0.3;
        break;
    }
    case TF_BLOCK_BULLET:
    case TF_BLOCK_NUMBERED: {
        double indent = 1.6 * size;
        if (!first)
            ts_vspace(t, lh * 0.25);
        ts_need(t, lh);
        if (ts_drawing(t)) {
            char *label = b->kind == TF_BLOCK_BULLET ? xstrdup("\xE2\x80\xA2") : xasprintf("%d.", b->number);
            double lw = ts_text_width_s(t, FONT_REGULAR, size, label);
            ts_show_s(t, x + indent - 0.5 * size - lw, ts_baseline(t->y, size, lh), FONT_REGULAR, size, label);
            free(label);
        }
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_REGULAR, size);
        ts_flow_para(t, &p, x + indent, w - indent, 0, size, lh, AL_JUSTIFY);
        break;
    }
    case TF_BLOCK_PARAGRAPH:
        if (!first)
            ts_vspace(t, lh * 0.6);
        ts_need(t, 2 * lh); /* no single first line at the foot of a page */
        tf_para_add_markup(&p, b->text, strlen(b->text), FONT_REGULAR, size);
        ts_flow_para(t, &p, x, w, 0, size, lh, AL_JUSTIFY);
        break;
    }
    tf_para_release(&p);
}

void ts_layout_message(struct ts *t, const struct part *part)
{
    size_t len = 0;
    char *data = part->file ? read_file(part->file, &len) : NULL;
    struct tf_doc doc = {0};
    if (!data) {
        diag_error(&part->loc, "cannot read message file '%s': %s", part->file ? part->file : "",
                   part->file ? strerror(errno) : "no file given");
        t->failed = true;
    } else if (!tf_parse_markdown(part->file, data, len, &doc)) {
        t->failed = true;
    }
    ts_new_page(t);
    double x, w;
    ts_prose_block(t, &x, &w);
    size_t first = 0;
    char *title = NULL;
    if (part->title && part->title[0]) {
        title = xstrdup(part->title);
    } else if (doc.n > 0 && doc.blocks[0].kind == TF_BLOCK_HEADING) {
        title = xstrdup(doc.blocks[0].text);
        first = 1;
    } else {
        title = xstrdup(part_default_title(part->kind));
    }
    ts_part_heading(t, title, x, w);
    free(title);
    for (size_t i = first; i < doc.n; i++)
        message_block(t, &doc.blocks[i], i == first, x, w);
    if (part->signature && part->signature[0]) {
        double lh = ts_line_height(t, t->body);
        size_t nlines = 1;
        for (const char *s = part->signature; *s; s++)
            nlines += *s == '\n';
        ts_vspace(t, 1.5 * lh);
        ts_need(t, (double)nlines * lh);
        for (const char *s = part->signature; *s;) {
            size_t n = strcspn(s, "\n");
            char *line = xstrndup(s, n);
            ts_flow_text(t, line, FONT_ITALIC, t->body, x, w, AL_LEFT);
            free(line);
            s += n + (s[n] == '\n');
        }
    }
    tf_doc_release(&doc);
    free(data);
}

/* --- part: committees ------------------------------------------------ */

void ts_draw_member(struct ts *t, const struct person *p, double x, double w)
{
    double size = t->body, lh = ts_line_height(t, size);
    struct tf_para para;
    tf_para_init(&para);
    char *name = ts_person_label(p);
    tf_para_add(&para, name, strlen(name), FONT_REGULAR, size);
    if (p->affiliation && p->affiliation[0]) {
        tf_para_add(&para, ",", 1, FONT_REGULAR, size);
        tf_para_add_space(&para);
        tf_para_add(&para, p->affiliation, strlen(p->affiliation), FONT_ITALIC, size);
    }
    ts_flow_para(t, &para, x, w, size, size, lh, AL_LEFT);
    t->y -= lh * 0.15;
    tf_para_release(&para);
    free(name);
}

void ts_layout_committees(struct ts *t, const struct part *part)
{
    const struct manifest *m = t->m;
    ts_new_page(t);
    char *title = ts_part_title(part);
    ts_part_heading(t, title, t->bl, t->br - t->bl);
    free(title);
    double lh = ts_line_height(t, t->body);
    for (size_t c = 0; c < m->ncommittees && !t->failed; c++) {
        const struct committee *cm = &m->committees[c];
        size_t n = cm->nmembers;
        struct item *items = xcalloc(n ? n : 1, sizeof(*items));
        for (size_t i = 0; i < n; i++)
            items[i] = (struct item){IT_MEMBER, (int)c, (int)i, NULL, false};
        int ncols = n > COMMITTEE_COLUMNS_ABOVE ? 2 : 1;
        double gap = 1.5 * t->body;
        double hh, first = 0;
        struct item head = {IT_HEADING, 0, 0, cm->name, true};
        DRY_HEIGHT(t, hh, ts_draw_item(t, &head, t->bl, t->br - t->bl));
        if (n > 0)
            DRY_HEIGHT(t, first, ts_draw_item(t, &items[0], t->bl, (t->br - t->bl - (ncols - 1) * gap) / ncols));
        if (c > 0)
            ts_vspace(t, lh * 0.8);
        ts_need(t, hh + first);
        ts_draw_item(t, &head, t->bl, t->br - t->bl);
        ts_place_items(t, items, n, ncols, gap);
        free(items);
    }
}
