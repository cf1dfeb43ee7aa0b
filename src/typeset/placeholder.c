/* placeholder: the values of a page and template expansion. */
#include "typeset/placeholder.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static const char *const var_names[PH_COUNT] = {
    [PH_PAGE] = "page",
    [PH_VOLUME_TITLE] = "volume_title",
    [PH_VOLUME_SHORT] = "volume_short",
    [PH_PAPER_TITLE] = "paper_title",
    [PH_PAPER_TITLE_SHORT] = "paper_title_short",
    [PH_PAPER_AUTHORS] = "paper_authors",
    [PH_PAPER_AUTHORS_SHORT] = "paper_authors_short",
    [PH_FIRST_PAGE] = "first_page",
    [PH_LAST_PAGE] = "last_page",
    [PH_DOI] = "doi",
    [PH_SESSION] = "session",
};

const char *placeholder_name(enum placeholder ph)
{
    return var_names[ph];
}

static int var_from_name(const char *name, size_t len)
{
    for (int i = 0; i < PH_COUNT; i++)
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

char *placeholder_authors(const struct paper *p, bool short_form)
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

void placeholder_values_init(struct placeholder_values *pv, const struct volume *v, int vpage)
{
    const struct manifest *m = v->manifest;
    memset(pv, 0, sizeof(*pv));
    pv->values[PH_PAGE] = volume_page_label(v, vpage);
    pv->values[PH_VOLUME_TITLE] = xstrdup(m->title ? m->title : "");
    pv->values[PH_VOLUME_SHORT] = xstrdup(m->short_title ? m->short_title : m->title ? m->title : "");
    const struct vpage *pg = &v->pages[vpage];
    if (pg->kind == VP_PAPER && pg->paper >= 0 && (size_t)pg->paper < v->npapers) {
        const struct vpaper *vp = &v->papers[pg->paper];
        const struct paper *p = vp->paper;
        pv->values[PH_PAPER_TITLE] = xstrdup(p->title ? p->title : "");
        pv->values[PH_PAPER_TITLE_SHORT] = xstrdup(p->short_title ? p->short_title : p->title ? p->title : "");
        pv->values[PH_PAPER_AUTHORS] = placeholder_authors(p, false);
        pv->values[PH_PAPER_AUTHORS_SHORT] = placeholder_authors(p, true);
        pv->values[PH_FIRST_PAGE] = xasprintf("%d", vp->first_number);
        pv->values[PH_LAST_PAGE] = xasprintf("%d", vp->last_number);
        pv->values[PH_DOI] = manifest_paper_doi(m, p);
        pv->values[PH_SESSION] = xstrdup(vp->session && vp->session->title ? vp->session->title : "");
    }
    for (int i = 0; i < PH_COUNT; i++)
        if (!pv->values[i])
            pv->values[i] = xstrdup("");
}

void placeholder_values_release(struct placeholder_values *pv)
{
    for (int i = 0; i < PH_COUNT; i++) {
        free(pv->values[i]);
        pv->values[i] = NULL;
    }
}

/* Walk a template, appending its expansion to out when out is set.  With
 * unknown set, stops at the first unknown placeholder: stores it there and
 * returns false. */
static bool walk(const char *t, const struct placeholder_values *pv, struct strbuf *out, char **unknown)
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
                    strbuf_adds(out, pv->values[var]);
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

char *placeholder_expand(const char *tmpl, const struct placeholder_values *pv)
{
    struct strbuf sb = STRBUF_INIT;
    if (tmpl)
        walk(tmpl, pv, &sb, NULL);
    return strbuf_detach(&sb);
}

bool placeholder_check(const char *tmpl, char **unknown)
{
    *unknown = NULL;
    return !tmpl || walk(tmpl, NULL, NULL, unknown);
}
