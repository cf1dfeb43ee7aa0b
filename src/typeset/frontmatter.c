/* typeset front matter: the title page, the copyright page, messages and
 * committees. */
#include "internal.h"

#include <ctype.h>
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

/* True when needle occurs in haystack, ignoring ASCII case. */
static bool contains_folded(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = haystack; n > 0 && strlen(h) >= n; h++) {
        size_t i = 0;
        while (i < n && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* field, unless it is empty or already printed as part of an earlier
 * field (a subtitle "Porto, Portugal, September 19, 2025" holds the
 * location and the dates); printed fields are remembered in seen. */
static const char *fresh(const char *field, const char **seen, size_t *nseen)
{
    if (!field || !field[0])
        return NULL;
    for (size_t i = 0; i < *nseen; i++)
        if (contains_folded(seen[i], field))
            return NULL;
    seen[(*nseen)++] = field;
    return field;
}

/* "LNCS 16123" over "Lecture Notes in Computer Science", or the series
 * and number on one line: as the series prints them atop its books. */
static void series_block(struct ts *t, double x, double w)
{
    const struct manifest *m = t->m;
    bool has_short = m->series_short && m->series_short[0], has_long = m->series && m->series[0];
    bool has_number = m->volume_number && m->volume_number[0];
    const char *name = has_short ? m->series_short : has_long ? m->series : NULL;
    char *line = name && has_number ? xasprintf("%s %s", name, m->volume_number)
                 : name             ? xstrdup(name)
                 : has_number       ? xasprintf("Volume %s", m->volume_number)
                                    : NULL;
    ts_flow_text(t, line, FONT_BOLD, t->body + 1, x, w, AL_CENTER);
    if (has_short && has_long)
        ts_flow_text(t, m->series, FONT_ITALIC, t->note, x, w, AL_CENTER);
    free(line);
}

void ts_layout_title_page(struct ts *t)
{
    const struct manifest *m = t->m;
    ts_new_page(t);
    double x = t->bl, w = t->br - t->bl, height = t->bt - t->bb;
    double cw = w * 0.86, cx = x + (w - cw) / 2;
    if ((m->series && m->series[0]) || (m->series_short && m->series_short[0]) ||
        (m->volume_number && m->volume_number[0]))
        series_block(t, cx, cw);
    t->y = t->bt - height * 0.12;
    /* Each field once: text already in the title or subtitle is not repeated. */
    const char *seen[5];
    size_t nseen = 0;
    ts_flow_text_lh(t, fresh(m->title, seen, &nseen), FONT_BOLD, t->title, t->title * 1.2, cx, cw, AL_CENTER);
    const char *subtitle = fresh(m->subtitle, seen, &nseen);
    if (subtitle) {
        t->y -= t->title * 0.4;
        ts_flow_text(t, subtitle, FONT_ITALIC, t->heading, cx, cw, AL_CENTER);
    }
    t->y -= t->body * 1.8;
    ts_hrule(t, x + w * 0.38, x + w * 0.62, t->y, 0.6);
    t->y -= t->body * 2.2;
    ts_flow_text(t, fresh(m->event, seen, &nseen), FONT_REGULAR, t->body + 3, cx, cw, AL_CENTER);
    const char *location = fresh(m->location, seen, &nseen), *dates = fresh(m->dates, seen, &nseen);
    if (location || dates)
        t->y -= t->body * 0.4;
    ts_flow_text(t, location, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);
    ts_flow_text(t, dates, FONT_REGULAR, t->body + 1, cx, cw, AL_CENTER);

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

/* One "LABEL value" line of the copyright details, when value is given. */
static void detail_line(struct ts *t, const char *label, const char *value, double x, double w)
{
    if (!value || !value[0])
        return;
    char *s = xasprintf("%s%s", label, value);
    ts_flow_text(t, s, FONT_REGULAR, t->small, x, w, AL_LEFT);
    free(s);
}

/* The chair's copyright text as given; the details (series, ISBN, ISSN,
 * DOI, publisher) only without such a text or when asked for. */
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
    if (!m->copyright_details)
        return;
    const char *fields[] = {m->series, m->isbn, m->issn, m->doi};
    bool details = false;
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        details = details || (fields[i] && fields[i][0]);
    if (details) {
        if (any)
            t->y -= lh;
        detail_line(t, "", m->series, x, w);
        detail_line(t, "ISBN ", m->isbn, x, w);
        detail_line(t, "ISSN ", m->issn, x, w);
        detail_line(t, "https://doi.org/", m->doi, x, w);
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
        /* Keep with what follows: three lines, or what keep_after asks. */
        ts_need(t, ts_line_height(t, hs) + (t->keep_after > 0 ? 0.3 * lh + t->keep_after : 3 * lh));
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
    bool signed_ = part->signature && part->signature[0];
    double lh = ts_line_height(t, t->body);
    size_t nlines = 1;
    for (const char *s = signed_ ? part->signature : ""; *s; s++)
        nlines += *s == '\n';
    for (size_t i = first; i < doc.n; i++) {
        /* The signature is kept with the end of the last paragraph (and
         * with the heading just before it). */
        double sig = 1.5 * lh + (double)nlines * lh;
        bool heading = doc.blocks[i].kind == TF_BLOCK_HEADING || doc.blocks[i].kind == TF_BLOCK_SUBHEADING;
        if (signed_ && i + 1 == doc.n) {
            t->keep_after = sig;
        } else if (signed_ && i + 2 == doc.n && heading) {
            /* A short last paragraph goes whole with the signature, so
             * its heading goes with both. */
            double h;
            DRY_HEIGHT(t, h, message_block(t, &doc.blocks[i + 1], false, x, w));
            t->keep_after = h <= 3.6 * lh + 0.01 ? h + sig : 3 * lh;
        }
        message_block(t, &doc.blocks[i], i == first, x, w);
        t->keep_after = 0;
    }
    if (signed_) {
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
