/* placeholder: the values of a page and template expansion. */
#include "typeset/placeholder.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
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
    [PH_PAPER_AUTHORS_INITIALS] = "paper_authors_initials",
    [PH_NUMBER] = "number",
    [PH_PAPER_ID] = "paper_id",
    [PH_NOTICE] = "notice",
    [PH_EDITORS] = "editors",
    [PH_EDITORS_SHORT] = "editors_short",
    [PH_EDS] = "eds",
    [PH_YEAR] = "year",
    [PH_YEAR_SHORT] = "year_short",
    [PH_SERIES] = "series",
    [PH_SERIES_SHORT] = "series_short",
    [PH_VOLUME_NUMBER] = "volume_number",
    [PH_ISBN] = "isbn",
    [PH_ISSN] = "issn",
    [PH_PUBLISHER] = "publisher",
    [PH_EVENT] = "event",
    [PH_LOCATION] = "location",
    [PH_DATES] = "dates",
    [PH_DOI_PREFIX] = "doi_prefix",
};

const char *placeholder_name(enum placeholder ph)
{
    return var_names[ph];
}

char *placeholder_names(void)
{
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < PH_COUNT; i++)
        strbuf_addf(&sb, "%s{%s}", i ? ", " : "", var_names[i]);
    return strbuf_detach(&sb);
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

/* "A. B." for "Ana Beatriz", "H.-P." for "Hans-Peter": the first letter of
 * each part, with the hyphens kept. */
static void add_initials(struct strbuf *sb, const char *given)
{
    bool start = true, first = true;
    for (const char *s = given; *s;) {
        const char *at = s;
        size_t n = strlen(s);
        int32_t cp = utf8_next(&s, &n);
        if (cp == ' ' || cp == '-') {
            if (cp == '-' && !start)
                strbuf_addch(sb, '-');
            start = true;
            continue;
        }
        if (start) {
            if (!first && at > given && at[-1] == ' ')
                strbuf_addch(sb, ' ');
            strbuf_add(sb, at, (size_t)(s - at));
            strbuf_addch(sb, '.');
            first = false;
        }
        start = false;
    }
}

/* "A. B. Monteiro"; a name without a Latin given name, or shown family
 * name first, as displayed. */
static char *initials_name(const struct person *p)
{
    if (!p->given || !p->given[0] || !p->family || !p->family[0] || person_is_family_first(p))
        return person_display_name(p);
    struct strbuf sb = STRBUF_INIT;
    add_initials(&sb, p->given);
    strbuf_addf(&sb, " %s", p->family);
    return strbuf_detach(&sb);
}

char *placeholder_initials(const struct person *people, size_t n)
{
    if (n == 0)
        return xstrdup("");
    char *first = initials_name(&people[0]);
    if (n == 1)
        return first;
    char *s;
    if (n == 2) {
        char *second = initials_name(&people[1]);
        s = xasprintf("%s and %s", first, second);
        free(second);
    } else {
        s = xasprintf("%s et al.", first);
    }
    free(first);
    return s;
}

static char *list_people(const struct person *people, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *name = full_name(&people[i]);
        if (i)
            strbuf_adds(&sb, i + 1 == n ? " and " : ", ");
        strbuf_adds(&sb, name);
        free(name);
    }
    return strbuf_detach(&sb);
}

static char *dup_or_empty(const char *s)
{
    return xstrdup(s ? s : "");
}

/* Position of paper index i among the archival papers (1-based). */
static int paper_number(const struct volume *v, size_t i)
{
    int n = 0;
    for (size_t k = 0; k <= i && k < v->npapers; k++)
        n += v->papers[k].paper->archival;
    return n;
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
        pv->values[PH_DOI] = manifest_paper_doi(m, v->style ? v->style->paper_doi : NULL, p);
        pv->values[PH_SESSION] = xstrdup(vp->session && vp->session->title ? vp->session->title : "");
        pv->values[PH_PAPER_AUTHORS_INITIALS] = placeholder_initials(p->authors, p->nauthors);
        pv->values[PH_NUMBER] = p->archival ? xasprintf("%d", paper_number(v, (size_t)pg->paper)) : NULL;
        pv->values[PH_PAPER_ID] = xstrdup(p->id ? p->id : "");
    }
    pv->values[PH_EDITORS] = list_people(m->editors, m->neditors);
    pv->values[PH_EDITORS_SHORT] = placeholder_initials(m->editors, m->neditors);
    pv->values[PH_EDS] = xstrdup(m->neditors == 1 ? "Ed." : "Eds.");
    pv->values[PH_YEAR] = dup_or_empty(m->year);
    size_t ylen = m->year ? strlen(m->year) : 0;
    pv->values[PH_YEAR_SHORT] = xstrdup(ylen == 4 ? m->year + 2 : m->year ? m->year : "");
    pv->values[PH_SERIES] = dup_or_empty(m->series);
    pv->values[PH_SERIES_SHORT] = dup_or_empty(m->series_short ? m->series_short : m->series);
    pv->values[PH_VOLUME_NUMBER] = dup_or_empty(m->volume_number);
    pv->values[PH_ISBN] = dup_or_empty(m->isbn);
    pv->values[PH_ISSN] = dup_or_empty(m->issn);
    pv->values[PH_PUBLISHER] = dup_or_empty(m->publisher);
    pv->values[PH_EVENT] = dup_or_empty(m->event);
    pv->values[PH_LOCATION] = dup_or_empty(m->location);
    pv->values[PH_DATES] = dup_or_empty(m->dates);
    pv->values[PH_DOI_PREFIX] = dup_or_empty(m->doi_prefix);
    for (int i = 0; i < PH_COUNT; i++)
        if (!pv->values[i])
            pv->values[i] = xstrdup("");
    /* The copyright line may use the other placeholders, not itself. */
    const char *line = m->notice ? m->notice : v->style ? v->style->stamp.notice_copyright : NULL;
    free(pv->values[PH_NOTICE]);
    pv->values[PH_NOTICE] = xstrdup("");
    char *notice = placeholder_expand(line, pv);
    free(pv->values[PH_NOTICE]);
    pv->values[PH_NOTICE] = notice;
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
 * returns false.  With seen set, counts the known placeholders in seen[0]
 * and those with a value in seen[1]. */
static bool walk_counting(const char *t, const struct placeholder_values *pv, struct strbuf *out, char **unknown,
                          int *seen)
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
                if (seen) {
                    seen[0]++;
                    seen[1] += pv->values[var][0] != '\0';
                }
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

static bool walk(const char *t, const struct placeholder_values *pv, struct strbuf *out, char **unknown)
{
    return walk_counting(t, pv, out, unknown, NULL);
}

bool placeholder_filled(const char *tmpl, const struct placeholder_values *pv, bool *any)
{
    int seen[2] = {0, 0};
    if (tmpl)
        walk_counting(tmpl, pv, NULL, NULL, seen);
    *any = seen[0] > 0;
    return seen[1] > 0;
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
