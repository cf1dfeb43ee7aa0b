/* Unit-test helper: a manifest, a style and inspection results built in
 * memory, for tests of pagination and of what reads the page plan.  Every
 * string is a literal; nothing needs freeing.  Include after <cmocka.h>. */
#ifndef COLLATE_TEST_VOLFIXTURE_H
#define COLLATE_TEST_VOLFIXTURE_H

#include <string.h>

#include "manifest/manifest.h"
#include "inspect/pdfinfo.h"
#include "manifest/style.h"
#include "base/util.h"

#define VF_SESSIONS 3
#define VF_PAPERS 4      /* per session */
#define VF_PAGES 64      /* per paper */

struct vol_fixture {
    struct manifest m;
    struct session sessions[VF_SESSIONS];
    struct paper papers[VF_SESSIONS][VF_PAPERS];
    struct part front[8], back[4];
    struct style style;
    struct style_size size;
    struct pdf_info infos[VF_SESSIONS * VF_PAPERS]; /* reading order */
    struct page_info pages[VF_SESSIONS * VF_PAPERS][VF_PAGES];
    size_t npapers;
};

/* An empty volume on US Letter, without the recto rule. */
static inline void vf_init(struct vol_fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->m.path = "mem.yaml";
    f->m.title = "Proceedings of a Test Workshop";
    f->m.front = f->front;
    f->m.back = f->back;
    f->m.sessions = f->sessions;
    f->size = (struct style_size){.name = "letter", .width = 612, .height = 792, .top = 54, .bottom = 54, .left = 54, .right = 54};
    f->style.name = "test";
    f->style.sizes = &f->size;
    f->style.nsizes = 1;
}

static inline void vf_front(struct vol_fixture *f, enum part_kind kind)
{
    assert_true(f->m.nfront < ARRAY_SIZE(f->front));
    f->front[f->m.nfront++] = (struct part){.kind = kind};
}

static inline void vf_back(struct vol_fixture *f, enum part_kind kind)
{
    assert_true(f->m.nback < ARRAY_SIZE(f->back));
    f->back[f->m.nback++] = (struct part){.kind = kind};
}

/* Start a new session; papers added next go into it. */
static inline struct session *vf_session(struct vol_fixture *f, const char *title)
{
    assert_true(f->m.nsessions < VF_SESSIONS);
    struct session *s = &f->sessions[f->m.nsessions];
    s->title = (char *)title;
    s->papers = f->papers[f->m.nsessions];
    f->m.nsessions++;
    return s;
}

/* A readable, archival paper of npages pages of w x h points in the last
 * session. */
static inline struct paper *vf_paper_sized(struct vol_fixture *f, const char *id, int npages, double w, double h)
{
    assert_true(f->m.nsessions > 0 && npages <= VF_PAGES);
    struct session *s = &f->sessions[f->m.nsessions - 1];
    assert_true(s->npapers < VF_PAPERS);
    struct paper *p = &s->papers[s->npapers++];
    p->id = (char *)id;
    p->title = (char *)id;
    p->archival = true;
    struct pdf_info *info = &f->infos[f->npapers];
    info->path = (char *)id;
    info->readable = true;
    info->npages = npages;
    info->pages = npages > 0 ? f->pages[f->npapers] : NULL;
    for (int k = 0; k < npages; k++) {
        info->pages[k].width = w;
        info->pages[k].height = h;
    }
    f->npapers++;
    return p;
}

static inline struct paper *vf_paper(struct vol_fixture *f, const char *id, int npages)
{
    return vf_paper_sized(f, id, npages, 612, 792);
}

/* The inspection result of the i-th paper in reading order. */
static inline struct pdf_info *vf_info(struct vol_fixture *f, size_t i)
{
    assert_true(i < f->npapers);
    return &f->infos[i];
}

#endif
