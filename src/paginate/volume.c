/* volume: the paper list, parts and page plan of the proceedings. */
#include "paginate/volume.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

struct volume *volume_new(const struct manifest *m, const struct style *style, const struct pdf_info *infos)
{
    struct volume *v = xcalloc(1, sizeof(*v));
    v->manifest = m;
    v->style = style;
    v->width = style->sizes[0].width;
    v->height = style->sizes[0].height;
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
        }
    v->nparts = m->nfront + m->nback;
    v->parts = xcalloc(v->nparts ? v->nparts : 1, sizeof(*v->parts));
    for (size_t i = 0; i < v->nparts; i++) {
        struct vpart *p = &v->parts[i];
        p->back = i >= m->nfront;
        p->part = p->back ? &m->back[i - m->nfront] : &m->front[i];
        p->npages = 1;
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
    free(v->links);
    free(v);
}

/* Pagination state: the next printed number in the current numbering. */
struct pager {
    struct volume *v;
    enum numbering numbering;
    int number;
};

static struct vpage *push(struct pager *pg, enum vpage_kind kind, double w, double h)
{
    struct volume *v = pg->v;
    struct vpage *p = ARRAY_PUSH(v->pages, v->npages, v->pages_cap);
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

static void place_part(struct pager *pg, size_t index, bool recto)
{
    struct volume *v = pg->v;
    struct vpart *part = &v->parts[index];
    /* A copyright page sits on the back of the title page. */
    if (recto && part->part->kind != PART_COPYRIGHT_PAGE)
        to_recto(pg);
    part->first_vpage = (int)v->npages;
    for (int k = 0; k < part->npages; k++)
        push(pg, VP_GENERATED, v->width, v->height)->part = (int)index;
}

void paginate(struct volume *v)
{
    const struct manifest *m = v->manifest;
    bool recto = m->recto_set ? m->recto : v->style->recto;
    v->npages = 0;
    struct pager pg = {v, NUM_ROMAN, 1};
    for (size_t i = 0; i < m->nfront; i++)
        place_part(&pg, i, recto);
    /* Page 1 of the papers is a recto: the front matter fills whole leaves. */
    if (recto && v->npages % 2 == 1)
        push(&pg, VP_BLANK, v->width, v->height);

    pg.numbering = NUM_ARABIC;
    pg.number = 1;
    for (size_t i = 0; i < v->npapers; i++) {
        struct vpaper *vp = &v->papers[i];
        if (vp->npages == 0) {
            vp->first_vpage = -1;
            vp->first_number = vp->last_number = 0;
            continue;
        }
        if (recto)
            to_recto(&pg);
        vp->first_vpage = (int)v->npages;
        vp->first_number = pg.number;
        for (int k = 0; k < vp->npages; k++) {
            const struct page_info *src = &vp->info->pages[k];
            struct vpage *p = push(&pg, VP_PAPER, src->width, src->height);
            p->paper = (int)i;
            p->source_page = k;
        }
        vp->last_number = pg.number - 1;
    }
    for (size_t i = m->nfront; i < v->nparts; i++)
        place_part(&pg, i, recto);
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

void volume_add_link(struct volume *v, int vpage, double x0, double y0, double x1, double y1, int target)
{
    struct vlink *l = ARRAY_PUSH(v->links, v->nlinks, v->links_cap);
    l->vpage = vpage;
    l->x0 = x0;
    l->y0 = y0;
    l->x1 = x1;
    l->y1 = y1;
    l->target_vpage = target;
}
