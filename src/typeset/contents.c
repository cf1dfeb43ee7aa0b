/* typeset contents and indexes: the table of contents, the author index
 * and the keyword index, with a link from each page number to its page. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "paginate/names.h"
#include "typeset/textflow.h"
#include "base/util.h"

/* A link on the current page to the target page (render pass only). */
static void add_link(struct ts *t, double x0, double y0, double x1, double y1, int target)
{
    struct vlink *l = ARRAY_PUSH(t->links, t->nlinks, t->links_cap);
    l->vpage = t->vpage;
    l->x0 = x0;
    l->y0 = y0;
    l->x1 = x1;
    l->y1 = y1;
    l->target_vpage = target;
}

/* --- part: contents -------------------------------------------------- */

#define EN_DASH "\xE2\x80\x93"

/* Width of the reserved digits of a page number (t->digits zeros). */
static double digits_width(struct ts *t, double size)
{
    char digits[16];
    int n = t->digits < 15 ? t->digits : 15;
    memset(digits, '0', (size_t)n);
    digits[n] = '\0';
    return ts_text_width_s(t, FONT_REGULAR, size, digits);
}

/* Width reserved for a page number: the widest of the reserved digits
 * (twice, with a dash, for page ranges) and a long roman numeral. */
static double number_column(struct ts *t, double size)
{
    double dw = digits_width(t, size);
    if (t->style->contents.page_ranges)
        dw = 2 * dw + ts_text_width_s(t, FONT_REGULAR, size, EN_DASH);
    double rw = ts_text_width_s(t, FONT_REGULAR, size, "xxviii");
    return dw > rw ? dw : rw;
}

/* One contents line: text (wrapped), leaders, and the page number of
 * target (when target >= 0; "first–last" when last > target)
 * right-aligned; authors (may be NULL) below in italic.  The whole entry
 * links to target. */
static void toc_entry(struct ts *t, const char *text, int face, const char *authors, bool numbered, int target,
                      int last, double x, double w)
{
    double size = t->body, lh = ts_line_height(t, size);
    double numw = number_column(t, size), gap = size;
    double tw = w - numw - gap;
    double top = t->y;
    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, text, strlen(text), face, size);
    tf_para_measure(&p, ts_measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, tw, tw - size, &lines);
    for (size_t i = 0; i < n; i++) {
        double lx = i ? x + size : x;
        double base = ts_baseline(t->y, size, lh);
        ts_draw_line(t, &p, &lines[i], lx, i ? tw - size : tw, base, AL_LEFT, true);
        if (i + 1 == n && numbered && ts_drawing(t) && target >= 0) {
            char *label = volume_page_label(t->v, target);
            if (last > target) {
                char *to = volume_page_label(t->v, last), *range = xasprintf("%s" EN_DASH "%s", label, to);
                free(to);
                free(label);
                label = range;
            }
            double nw = ts_text_width_s(t, FONT_REGULAR, size, label);
            ts_show_s(t, x + w - nw, base, FONT_REGULAR, size, label);
            ts_leaders(t, lx + lines[i].width + size * 0.5, x + w - nw - size * 0.5, base, size);
            free(label);
        }
        t->y -= lh;
    }
    free(lines);
    tf_para_release(&p);
    if (authors && authors[0]) {
        double as = t->note;
        tf_para_init(&p);
        tf_para_add(&p, authors, strlen(authors), FONT_ITALIC, as);
        ts_flow_para(t, &p, x + size, tw - size, 0, as, ts_line_height(t, as), AL_LEFT);
        tf_para_release(&p);
    }
    if (ts_drawing(t) && target >= 0)
        add_link(t, x, t->y, x + w, top, target);
}

static char *paper_authors(const struct paper *p, bool native)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = ts_person_label_ex(&p->authors[i], native);
        strbuf_addf(&sb, "%s%s", i ? ", " : "", name);
        free(name);
    }
    return strbuf_detach(&sb);
}

void ts_draw_toc_item(struct ts *t, const struct item *it, double x, double w)
{
    double lh = ts_line_height(t, t->body);
    switch (it->kind) {
    case IT_TOC_PART: {
        const struct vpart *vp = &t->v->parts[it->a];
        char *title = ts_part_title(vp->part);
        ts_vspace(t, lh * (it->b ? 1.1 : 0.3)); /* b: the back matter starts */
        toc_entry(t, title, FONT_REGULAR, NULL, true, vp->first_vpage, -1, x, w);
        free(title);
        break;
    }
    case IT_TOC_SESSION: {
        const struct session *s = &t->m->sessions[it->a];
        double size = t->body + 1;
        ts_vspace(t, lh * 1.1);
        ts_flow_text(t, s->title, FONT_BOLD, size, x, w, AL_LEFT);
        if (s->chair && s->chair[0] && t->style->contents.session_chairs) {
            char *chair = xasprintf("Chair: %s", s->chair);
            ts_flow_text(t, chair, FONT_ITALIC, t->note, x, w, AL_LEFT);
            free(chair);
        }
        t->y -= lh * 0.2;
        break;
    }
    case IT_TOC_PAPER: {
        const struct vpaper *vp = &t->v->papers[it->a];
        char *authors = paper_authors(vp->paper, t->style->contents.native_names);
        bool numbered = vp->paper->archival && vp->npages > 0;
        int last = numbered && t->style->contents.page_ranges ? vp->first_vpage + vp->npages - 1 : -1;
        ts_vspace(t, lh * 0.45);
        toc_entry(t, vp->paper->title ? vp->paper->title : "", FONT_REGULAR, authors, numbered,
                  numbered ? vp->first_vpage : -1, last, x, w);
        free(authors);
        break;
    }
    default:
        break;
    }
}

void ts_layout_toc(struct ts *t, const struct part *part)
{
    const struct volume *v = t->v;
    ts_new_page(t);
    char *title = ts_part_title(part);
    ts_part_heading(t, title, t->bl, t->br - t->bl);
    free(title);

    struct item *items = NULL;
    size_t n = 0, cap = 0;
    /* Front parts after the contents, the sessions, then the back parts. */
    size_t nfront = t->m->nfront;
    bool after = false;
    for (size_t i = 0; i < nfront; i++) {
        if ((int)i == t->part)
            after = true;
        else if (after)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PART, (int)i, 0, NULL, false};
    }
    size_t k = 0;
    for (size_t s = 0; s < t->m->nsessions; s++) {
        const struct session *ss = &t->m->sessions[s];
        if (ss->npapers > 0)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_SESSION, (int)s, 0, NULL, true};
        for (size_t i = 0; i < ss->npapers && k < v->npapers; i++, k++)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PAPER, (int)k, 0, NULL, false};
    }
    bool first_back = true;
    for (size_t i = nfront; i < v->nparts; i++)
        if ((int)i != t->part) {
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_TOC_PART, (int)i, first_back && k > 0, NULL, false};
            first_back = false;
        }
    ts_place_items(t, items, n, 1, 0);
    free(items);
}

/* --- part: indexes --------------------------------------------------- */

/* Papers of an index entry that have pages (known before pagination). */
static size_t entry_numbers(const struct ts *t, const struct index_entry *e, int *out)
{
    size_t k = 0;
    for (size_t i = 0; i < e->npapers; i++) {
        int pi = e->papers[i];
        if (pi >= 0 && (size_t)pi < t->v->npapers && t->v->papers[pi].npages > 0 &&
            t->v->papers[pi].paper->archival)
            out[k++] = pi;
    }
    return k;
}

/* "Heading ...... 3, 17": the heading wraps with a hanging indent; the
 * numbers go right-aligned on its last line when they fit, else on lines
 * of their own.  Lines are broken with reserved number widths, so the
 * layout does not depend on the actual numbers. */
#define MAX_NUMBER_LINES 64
#define MAX_NUMBERS_PER_LINE 64
void ts_draw_index_entry(struct ts *t, const struct index_entry *e, double x, double w)
{
    double size = t->note, lh = ts_line_height(t, size), hang = size;
    int *nums = xmalloc((e->npapers ? e->npapers : 1) * sizeof(*nums));
    size_t nn = entry_numbers(t, e, nums);
    double rw = digits_width(t, size);
    double sep = ts_text_width_s(t, FONT_REGULAR, size, ", ");
    double comma = ts_text_width_s(t, FONT_REGULAR, size, ",");
    double minlead = 1.5 * size;

    struct tf_para p;
    tf_para_init(&p);
    tf_para_add(&p, e->heading, strlen(e->heading), FONT_REGULAR, size);
    tf_para_measure(&p, ts_measure_cb, t);
    struct tf_line *lines;
    size_t n = tf_para_break(&p, w - rw - minlead, w - hang - rw - minlead, &lines);
    size_t nh = n ? n : 1; /* heading lines (an empty heading still takes one) */
    double last_x = nh > 1 ? x + hang : x, last_w = n ? lines[n - 1].width : 0;

    /* Numbers per line: line 0 is the heading's last line, the others are
     * lines of their own, indented by hang. */
    size_t per_line[MAX_NUMBER_LINES], nlines = 0, placed = 0;
    while (placed < nn && nlines < MAX_NUMBER_LINES) {
        double room = nlines == 0 ? x + w - (last_x + last_w) - minlead : w - hang;
        size_t c = 0;
        for (double used = comma; placed + c < nn && c < MAX_NUMBERS_PER_LINE; c++) {
            double add = rw + (c ? sep : 0);
            if (used + add > room && (c > 0 || nlines == 0))
                break;
            used += add;
        }
        per_line[nlines++] = c;
        placed += c;
    }
    if (nlines == 0)
        per_line[nlines++] = 0;

    size_t next = 0, total_lines = nh + nlines - 1;
    for (size_t i = 0; i < total_lines; i++) {
        double base = ts_baseline(t->y, size, lh);
        if (i < n)
            ts_draw_line(t, &p, &lines[i], i ? x + hang : x, i ? w - hang : w, base, AL_LEFT, true);
        long ln = (long)i - (long)(nh - 1); /* numbers line, or < 0 */
        size_t c = ln >= 0 ? per_line[ln] : 0;
        if (c > 0 && ts_drawing(t)) {
            char *labels[MAX_NUMBERS_PER_LINE];
            double widths[MAX_NUMBERS_PER_LINE], total = 0;
            bool more = (size_t)ln + 1 < nlines;
            for (size_t j = 0; j < c; j++) {
                labels[j] = volume_page_label(t->v, t->v->papers[nums[next + j]].first_vpage);
                widths[j] = ts_text_width_s(t, FONT_REGULAR, size, labels[j]);
                total += widths[j] + (j ? sep : 0);
            }
            double nx = x + w - total - (more ? comma : 0);
            if (ln == 0)
                ts_leaders(t, last_x + last_w + 0.5 * size, nx - 0.5 * size, base, size);
            else if (ln == 1 && per_line[0] == 0)
                ts_leaders(t, x + hang + 0.5 * size, nx - 0.5 * size, base, size);
            for (size_t j = 0; j < c; j++) {
                int target = t->v->papers[nums[next + j]].first_vpage;
                ts_show_s(t, nx, base, FONT_REGULAR, size, labels[j]);
                add_link(t, nx - 0.5, base - 0.25 * size, nx + widths[j] + 0.5, base + 0.85 * size, target);
                nx += widths[j];
                if (j + 1 < c || more)
                    nx += ts_show_s(t, nx, base, FONT_REGULAR, size, j + 1 < c ? ", " : ",");
                free(labels[j]);
            }
        }
        next += c;
        t->y -= lh;
    }
    t->y -= lh * 0.1;
    free(lines);
    tf_para_release(&p);
    free(nums);
}

/* Letter group of an index entry: A-Z from the folded sort key, "0-9"
 * for digits, else "Other". */
static const char *index_group(const char *sort_key)
{
    static const char *const letters[26] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
                                            "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};
    unsigned char c = sort_key ? (unsigned char)sort_key[0] : 0;
    if (c >= 'a' && c <= 'z')
        return letters[c - 'a'];
    if (c >= 'A' && c <= 'Z')
        return letters[c - 'A'];
    if (c >= '0' && c <= '9')
        return "0\xE2\x80\x93" "9";
    return "Other";
}

void ts_layout_index(struct ts *t, const struct part *part)
{
    ts_new_page(t);
    char *title = ts_part_title(part);
    ts_part_heading(t, title, t->bl, t->br - t->bl);
    free(title);
    memset(&t->idx, 0, sizeof(t->idx));
    /* Near-duplicate names are reported by the measuring pass only. */
    if (part->kind == PART_AUTHOR_INDEX)
        author_index_build(t->v, !t->draw, &t->idx);
    else
        keyword_index_build(t->v, &t->idx);

    struct item *items = NULL;
    size_t n = 0, cap = 0;
    const char *group = NULL;
    int *nums = NULL;
    for (size_t i = 0; i < t->idx.n; i++) {
        const struct index_entry *e = &t->idx.entries[i];
        nums = xrealloc(nums, (e->npapers ? e->npapers : 1) * sizeof(*nums));
        if (entry_numbers(t, e, nums) == 0)
            continue; /* nothing printed to point at */
        const char *g = index_group(e->sort_key);
        if (!group || strcmp(g, group) != 0)
            *ARRAY_PUSH(items, n, cap) = (struct item){IT_HEADING, 0, 0, g, true};
        group = g;
        *ARRAY_PUSH(items, n, cap) = (struct item){IT_INDEX_ENTRY, (int)i, 0, NULL, false};
    }
    free(nums);
    ts_place_items(t, items, n, 2, 1.8 * t->body);
    free(items);
    name_index_release(&t->idx);
    memset(&t->idx, 0, sizeof(t->idx));
}
