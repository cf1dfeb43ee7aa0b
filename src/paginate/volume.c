/* volume: the paper list and parts of the proceedings, and pagination. */
#include "paginate/volume.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "paginate/keywords.h"

struct volume *volume_new(const struct manifest *m, const struct style *style, const struct pdf_info *infos)
{
    struct volume *v = xcalloc(1, sizeof(*v));
    v->manifest = m;
    v->style = style;
    v->width = m->page_width > 0 ? m->page_width : style->sizes[0].width;
    v->height = m->page_height > 0 ? m->page_height : style->sizes[0].height;
    place_volume_block(style, v->width, v->height, &v->block);
    v->npapers = manifest_paper_count(m);
    v->papers = xcalloc(v->npapers ? v->npapers : 1, sizeof(*v->papers));
    size_t k = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++, k++) {
            struct vpaper *vp = &v->papers[k];
            vp->paper = &m->sessions[s].papers[i];
            vp->session = &m->sessions[s];
            vp->session_index = (int)s;
            vp->info = &infos[k];
            vp->npages = vp->paper->archival && infos[k].pages ? infos[k].npages : 0;
            vp->first_vpage = -1;
            if (m->keywords_from_pdf)
                vp->found_keywords = keywords_extract(infos[k].first_page_text);
        }
    v->nparts = m->nfront + m->nback;
    v->parts = xcalloc(v->nparts ? v->nparts : 1, sizeof(*v->parts));
    for (size_t i = 0; i < v->nparts; i++) {
        struct vpart *p = &v->parts[i];
        p->back = i >= m->nfront;
        p->part = p->back ? &m->back[i - m->nfront] : &m->front[i];
        p->first_vpage = -1;
    }
    return v;
}

void volume_free(struct volume *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->npapers; i++) {
        for (char **kw = v->papers[i].found_keywords; kw && *kw; kw++)
            free(*kw);
        free(v->papers[i].found_keywords);
    }
    free(v->papers);
    free(v->parts);
    free(v->pages);
    free(v);
}

/* A copy of a NULL-terminated string list; NULL stays NULL. */
static char **strv_dup(char *const *sv)
{
    if (!sv)
        return NULL;
    size_t n = 0;
    while (sv[n])
        n++;
    char **out = xcalloc(n + 1, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        out[i] = xstrdup(sv[i]);
    return out;
}

/* A copy of v to place pages in: same papers and parts, no pages. */
static struct volume *volume_copy(const struct volume *v)
{
    struct volume *c = xcalloc(1, sizeof(*c));
    *c = *v;
    c->papers = xcalloc(v->npapers ? v->npapers : 1, sizeof(*c->papers));
    if (v->npapers)
        memcpy(c->papers, v->papers, v->npapers * sizeof(*c->papers));
    for (size_t i = 0; i < v->npapers; i++)
        c->papers[i].found_keywords = strv_dup(v->papers[i].found_keywords);
    c->parts = xcalloc(v->nparts ? v->nparts : 1, sizeof(*c->parts));
    if (v->nparts)
        memcpy(c->parts, v->parts, v->nparts * sizeof(*c->parts));
    c->pages = NULL;
    c->npages = 0;
    return c;
}

/* Pagination state: the plan being filled and the next printed number in
 * the current numbering. */
struct pager {
    struct volume *v;
    size_t pages_cap;
    enum numbering numbering;
    int number;
};

static struct vpage *push(struct pager *pg, enum vpage_kind kind, double w, double h)
{
    struct volume *v = pg->v;
    struct vpage *p = ARRAY_PUSH(v->pages, v->npages, pg->pages_cap);
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    p->part = p->paper = -1;
    p->numbering = pg->numbering;
    p->number = pg->number++;
    p->width = w;
    p->height = h;
    return p;
}

/* Insert a blank page when the next page would be even (a verso). */
static void to_recto(struct pager *pg)
{
    if (pg->number % 2 == 0)
        push(pg, VP_BLANK, pg->v->width, pg->v->height);
}

static void place_part(struct pager *pg, size_t index, int npages, bool recto)
{
    struct volume *v = pg->v;
    struct vpart *part = &v->parts[index];
    part->npages = npages > 0 ? npages : 0;
    part->first_vpage = -1;
    if (part->npages == 0)
        return;
    /* A copyright page sits on the back of the title page. */
    if (recto && part->part->kind != PART_COPYRIGHT_PAGE)
        to_recto(pg);
    part->first_vpage = (int)v->npages;
    for (int k = 0; k < part->npages; k++)
        push(pg, VP_GENERATED, v->width, v->height)->part = (int)index;
}

struct volume *paginate(const struct volume *draft, const int *part_pages)
{
    struct volume *v = volume_copy(draft);
    const struct manifest *m = v->manifest;
    bool recto = m->recto_set ? m->recto : v->style->recto;
    /* Parts start on rectos by their own setting; unset, with the papers'. */
    bool parts_recto = m->front_matter_recto_set ? m->front_matter_recto : v->style->front_matter_recto || recto;
    struct pager pg = {v, 0, NUM_ROMAN, 1};
    for (size_t i = 0; i < m->nfront; i++)
        place_part(&pg, i, part_pages[i], parts_recto);
    /* Page 1 of the papers is a recto: the front matter fills whole leaves. */
    if ((recto || parts_recto) && v->npages % 2 == 1)
        push(&pg, VP_BLANK, v->width, v->height);

    pg.numbering = NUM_ARABIC;
    pg.number = 1;
    for (size_t i = 0; i < v->npapers; i++) {
        struct vpaper *vp = &v->papers[i];
        vp->first_vpage = -1;
        vp->first_number = vp->last_number = 0;
        if (vp->npages == 0)
            continue;
        if (recto)
            to_recto(&pg);
        vp->first_vpage = (int)v->npages;
        vp->first_number = pg.number;
        for (int k = 0; k < vp->npages; k++) {
            const struct page_info *src = &vp->info->pages[k];
            struct placement place;
            place_page(v->style, v->width, v->height, src->width, src->height, &place);
            struct vpage *p = push(&pg, VP_PAPER, place.width, place.height);
            p->place = place;
            p->paper = (int)i;
            p->source_page = k;
        }
        /* Blank pages keep a published range (the paper's last_page). */
        for (int k = vp->npages; k < vp->reserved; k++)
            push(&pg, VP_BLANK, v->width, v->height);
        vp->last_number = pg.number - 1;
    }
    for (size_t i = m->nfront; i < v->nparts; i++)
        place_part(&pg, i, part_pages[i], parts_recto);
    return v;
}

static char *roman(int n)
{
    static const struct {
        int value;
        const char *digits;
    } table[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
                 {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ARRAY_SIZE(table) && n > 0; i++)
        while (n >= table[i].value && sb.len < 64) {
            strbuf_adds(&sb, table[i].digits);
            n -= table[i].value;
        }
    return strbuf_detach(&sb);
}

char *volume_page_label(const struct volume *v, int vpage)
{
    const struct vpage *p = &v->pages[vpage];
    return p->numbering == NUM_ROMAN ? roman(p->number) : xasprintf("%d", p->number);
}
