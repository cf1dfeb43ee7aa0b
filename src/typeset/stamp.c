/* stamp: placeholder values of a page and template expansion. */
#include "typeset/stamp.h"

#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "base/util.h"

static const char *const var_names[STAMP_VAR_COUNT] = {
    [STAMP_PAGE] = "page",
    [STAMP_VOLUME_TITLE] = "volume_title",
    [STAMP_VOLUME_SHORT] = "volume_short",
    [STAMP_PAPER_TITLE] = "paper_title",
    [STAMP_PAPER_TITLE_SHORT] = "paper_title_short",
    [STAMP_PAPER_AUTHORS] = "paper_authors",
    [STAMP_PAPER_AUTHORS_SHORT] = "paper_authors_short",
    [STAMP_FIRST_PAGE] = "first_page",
    [STAMP_LAST_PAGE] = "last_page",
    [STAMP_DOI] = "doi",
    [STAMP_SESSION] = "session",
};

const char *stamp_var_name(enum stamp_var var)
{
    return var_names[var];
}

static int var_from_name(const char *name, size_t len)
{
    for (int i = 0; i < STAMP_VAR_COUNT; i++)
        if (strlen(var_names[i]) == len && !memcmp(var_names[i], name, len))
            return i;
    return -1;
}

/* Name of a person for author lists: "Given Family", else the native name. */
static char *full_name(const struct person *p)
{
    return person_display_name(p);
}

/* Family name for short author lists; falls back to the displayed name. */
static char *short_name(const struct person *p)
{
    if (p->family && p->family[0])
        return xstrdup(p->family);
    return person_display_name(p);
}

char *stamp_authors(const struct paper *p, bool short_form)
{
    if (p->nauthors == 0)
        return xstrdup("");
    char *first = short_form ? short_name(&p->authors[0]) : full_name(&p->authors[0]);
    if (short_form && p->nauthors >= 3) {
        char *s = xasprintf("%s et al.", first);
        free(first);
        return s;
    }
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, first);
    free(first);
    for (size_t i = 1; i < p->nauthors; i++) {
        char *name = short_form ? short_name(&p->authors[i]) : full_name(&p->authors[i]);
        strbuf_adds(&sb, i + 1 == p->nauthors ? " and " : ", ");
        strbuf_adds(&sb, name);
        free(name);
    }
    return strbuf_detach(&sb);
}

void stamp_vars_init(struct stamp_vars *sv, const struct volume *v, int vpage)
{
    const struct manifest *m = v->manifest;
    memset(sv, 0, sizeof(*sv));
    sv->values[STAMP_PAGE] = volume_page_label(v, vpage);
    sv->values[STAMP_VOLUME_TITLE] = xstrdup(m->title ? m->title : "");
    sv->values[STAMP_VOLUME_SHORT] = xstrdup(m->short_title ? m->short_title : m->title ? m->title : "");
    const struct vpage *pg = &v->pages[vpage];
    if (pg->kind == VP_PAPER && pg->paper >= 0 && (size_t)pg->paper < v->npapers) {
        const struct vpaper *vp = &v->papers[pg->paper];
        const struct paper *p = vp->paper;
        sv->values[STAMP_PAPER_TITLE] = xstrdup(p->title ? p->title : "");
        sv->values[STAMP_PAPER_TITLE_SHORT] = xstrdup(p->short_title ? p->short_title : p->title ? p->title : "");
        sv->values[STAMP_PAPER_AUTHORS] = stamp_authors(p, false);
        sv->values[STAMP_PAPER_AUTHORS_SHORT] = stamp_authors(p, true);
        sv->values[STAMP_FIRST_PAGE] = xasprintf("%d", vp->first_number);
        sv->values[STAMP_LAST_PAGE] = xasprintf("%d", vp->last_number);
        sv->values[STAMP_DOI] = export_paper_doi(v, vp);
        sv->values[STAMP_SESSION] = xstrdup(vp->session && vp->session->title ? vp->session->title : "");
    }
    for (int i = 0; i < STAMP_VAR_COUNT; i++)
        if (!sv->values[i])
            sv->values[i] = xstrdup("");
}

void stamp_vars_release(struct stamp_vars *sv)
{
    for (int i = 0; i < STAMP_VAR_COUNT; i++) {
        free(sv->values[i]);
        sv->values[i] = NULL;
    }
}

/* Walk a template, appending its expansion to out when out is set.  With
 * unknown set, stops at the first unknown placeholder: stores it there and
 * returns false. */
static bool walk(const char *t, const struct stamp_vars *sv, struct strbuf *out, char **unknown)
{
    while (*t) {
        if ((t[0] == '{' && t[1] == '{') || (t[0] == '}' && t[1] == '}')) {
            if (out)
                strbuf_addch(out, t[0]);
            t += 2;
            continue;
        }
        const char *close = t[0] == '{' ? strchr(t + 1, '}') : NULL;
        if (close) {
            int var = var_from_name(t + 1, (size_t)(close - t - 1));
            if (var >= 0) {
                if (out)
                    strbuf_adds(out, sv->values[var]);
            } else {
                if (unknown) {
                    *unknown = xstrndup(t, (size_t)(close - t + 1));
                    return false;
                }
                if (out)
                    strbuf_add(out, t, (size_t)(close - t + 1));
            }
            t = close + 1;
            continue;
        }
        if (out)
            strbuf_addch(out, *t);
        t++;
    }
    return true;
}

char *stamp_expand(const char *tmpl, const struct stamp_vars *sv)
{
    struct strbuf sb = STRBUF_INIT;
    if (tmpl)
        walk(tmpl, sv, &sb, NULL);
    return strbuf_detach(&sb);
}

bool stamp_check(const char *tmpl, char **unknown)
{
    *unknown = NULL;
    return !tmpl || walk(tmpl, NULL, NULL, unknown);
}
