/* crossref: the volume as a Crossref 5.3.1 conference deposit. */
#include "export/crossref.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/diag.h"

#define XMLNS "http://www.crossref.org/schema/5.3.1"

/* Where a missing crossref setting is reported: the 'crossref' block,
 * else the manifest itself. */
static const struct srcloc *crossref_loc(const struct manifest *m, struct srcloc *tmp)
{
    if (m->crossref.loc.line > 0)
        return &m->crossref.loc;
    *tmp = (struct srcloc){m->path, 0, 0};
    return tmp;
}

static const struct srcloc *volume_loc(const struct manifest *m, struct srcloc *tmp)
{
    if (m->volume_loc.line > 0)
        return &m->volume_loc;
    *tmp = (struct srcloc){m->path, 0, 0};
    return tmp;
}

/* 10.<4-9 digits>/<suffix> */
static bool doi_valid(const char *s)
{
    if (strncmp(s, "10.", 3) != 0)
        return false;
    size_t digits = strspn(s + 3, "0123456789");
    return digits >= 4 && digits <= 9 && s[3 + digits] == '/' && s[4 + digits] != '\0';
}

/* The ISBN shape the schema accepts: (978|979-)digit[digits, spaces, -]digit|X, 10-17 chars. */
static bool isbn_valid(const char *s)
{
    size_t n = strlen(s);
    if (n < 10 || n > 17)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]) && s[i] != '-' && s[i] != ' ' && !(i == n - 1 && s[i] == 'X'))
            return false;
    return isdigit((unsigned char)s[0]);
}

static bool issn_valid(const char *s)
{
    size_t n = strlen(s);
    if (n != 8 && n != 9)
        return false;
    for (size_t i = 0, d = 0; i < n; i++) {
        if (i == 4 && n == 9) {
            if (s[i] != '-')
                return false;
            continue;
        }
        bool last = d == 7;
        if (!isdigit((unsigned char)s[i]) && !(last && s[i] == 'X'))
            return false;
        d++;
    }
    return true;
}

static char *paper_doi(const struct manifest *m, const struct paper *p)
{
    if (p->doi)
        return xstrdup(p->doi);
    return m->doi_prefix ? xasprintf("%s.%s", m->doi_prefix, p->id) : NULL;
}

bool crossref_check(const struct manifest *m)
{
    int before = diag_error_count();
    struct srcloc tmp;
    const struct srcloc *cl = crossref_loc(m, &tmp);
    if (m->crossref.loc.line == 0)
        diag_error(cl, "the crossref format needs a 'crossref' section with 'depositor', 'email' and "
                       "'registrant'");
    else {
        if (!m->crossref.depositor)
            diag_error(cl, "crossref: 'depositor' (the depositor's name) is required");
        if (!m->crossref.email)
            diag_error(cl, "crossref: 'email' (the depositor's e-mail address) is required");
        else if (strlen(m->crossref.email) < 6 || !strchr(m->crossref.email, '@'))
            diag_error(cl, "crossref: 'email' '%s' is not an e-mail address", m->crossref.email);
        if (!m->crossref.registrant)
            diag_error(cl, "crossref: 'registrant' (the member the DOIs belong to) is required");
        if (m->crossref.batch_id && strlen(m->crossref.batch_id) < 4)
            diag_error(cl, "crossref: 'batch_id' must have 4 to 100 characters");
    }
    const struct srcloc *vl = volume_loc(m, &tmp);
    if (!m->publisher)
        diag_error(vl, "crossref: 'volume: publisher' is required");
    if (!m->base_url)
        diag_error(vl, "crossref: 'volume: base_url' (where the site's paper pages are published) is required");
    char *year = publication_year(m);
    if (!year || strlen(year) != 4 || strspn(year, "0123456789") != 4)
        diag_error(vl, "crossref: 'volume: year' (or 'publication_date') must give a four-digit year");
    free(year);
    if (m->isbn && !isbn_valid(m->isbn))
        diag_error(vl, "crossref: 'volume: isbn' '%s' is not an ISBN (978-... or a 10-digit one)", m->isbn);
    if (m->series && !m->issn)
        diag_error(vl, "crossref: a proceedings series needs its 'volume: issn'");
    if (m->issn && !issn_valid(m->issn))
        diag_error(vl, "crossref: 'volume: issn' '%s' is not an ISSN (1234-567X)", m->issn);
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++) {
            const struct paper *p = &m->sessions[s].papers[i];
            if (!p->archival)
                continue;
            char *doi = paper_doi(m, p);
            if (!doi)
                diag_error(&p->loc, "crossref: paper '%s' has no DOI: give 'volume: doi_prefix' or the "
                                    "paper's 'doi'", p->id);
            else if (!doi_valid(doi))
                diag_error(&p->loc, "crossref: paper '%s': '%s' is not a DOI (10.1234/suffix)", p->id, doi);
            free(doi);
        }
    return diag_error_count() == before;
}

static void element(struct strbuf *sb, int depth, const char *name, const char *text)
{
    if (!text)
        return;
    strbuf_addf(sb, "%*s<%s>", depth * 2, "", name);
    pub_escape(sb, text);
    strbuf_addf(sb, "</%s>\n", name);
}

/* publication_date (online) from YYYY-MM-DD, else the year alone. */
static void publication_date(struct strbuf *sb, int depth, const struct manifest *m)
{
    strbuf_addf(sb, "%*s<publication_date media_type=\"online\">\n", depth * 2, "");
    if (m->publication_date) {
        strbuf_addf(sb, "%*s<month>%.2s</month>\n", depth * 2 + 2, "", m->publication_date + 5);
        strbuf_addf(sb, "%*s<day>%.2s</day>\n", depth * 2 + 2, "", m->publication_date + 8);
    }
    char *year = publication_year(m);
    strbuf_addf(sb, "%*s<year>%s</year>\n", depth * 2 + 2, "", year);
    free(year);
    strbuf_addf(sb, "%*s</publication_date>\n", depth * 2, "");
}

static void person(struct strbuf *sb, int depth, const struct person *p, bool first, const char *role)
{
    const char *given = p->given && p->given[0] ? p->given : NULL;
    const char *surname = p->family && p->family[0] ? p->family : NULL;
    if (!surname) { /* a mononym or a name in its own script only */
        surname = given ? given : p->native;
        given = NULL;
    }
    strbuf_addf(sb, "%*s<person_name sequence=\"%s\" contributor_role=\"%s\">\n", depth * 2, "",
                first ? "first" : "additional", role);
    element(sb, depth + 1, "given_name", given);
    element(sb, depth + 1, "surname", surname);
    if (p->affiliation) {
        strbuf_addf(sb, "%*s<affiliations>\n%*s<institution>\n", depth * 2 + 2, "", depth * 2 + 4, "");
        element(sb, depth + 3, "institution_name", p->affiliation);
        strbuf_addf(sb, "%*s</institution>\n%*s</affiliations>\n", depth * 2 + 4, "", depth * 2 + 2, "");
    }
    if (p->orcid)
        strbuf_addf(sb, "%*s<ORCID>https://orcid.org/%s</ORCID>\n", depth * 2 + 2, "", p->orcid);
    strbuf_addf(sb, "%*s</person_name>\n", depth * 2, "");
}

static void contributors(struct strbuf *sb, int depth, const struct person *people, size_t n, const char *role)
{
    if (!n)
        return;
    strbuf_addf(sb, "%*s<contributors>\n", depth * 2, "");
    for (size_t i = 0; i < n; i++)
        person(sb, depth + 1, &people[i], i == 0, role);
    strbuf_addf(sb, "%*s</contributors>\n", depth * 2, "");
}

static void event_metadata(struct strbuf *sb, const struct manifest *m)
{
    strbuf_adds(sb, "      <event_metadata>\n");
    element(sb, 4, "conference_name", m->event ? m->event : m->title);
    element(sb, 4, "conference_acronym", m->short_title);
    element(sb, 4, "conference_location", m->location);
    if (m->start_date || m->dates) {
        strbuf_adds(sb, "        <conference_date");
        if (m->start_date)
            strbuf_addf(sb, " start_year=\"%.4s\" start_month=\"%.2s\" start_day=\"%.2s\"", m->start_date,
                        m->start_date + 5, m->start_date + 8);
        const char *end = m->end_date ? m->end_date : m->start_date;
        if (end)
            strbuf_addf(sb, " end_year=\"%.4s\" end_month=\"%.2s\" end_day=\"%.2s\"", end, end + 5, end + 8);
        strbuf_adds(sb, ">");
        pub_escape(sb, m->dates ? m->dates : "");
        strbuf_adds(sb, "</conference_date>\n");
    }
    strbuf_adds(sb, "      </event_metadata>\n");
}

static void proceedings_metadata(struct strbuf *sb, const struct manifest *m)
{
    bool series = m->series && m->issn;
    if (series) {
        strbuf_adds(sb, "      <proceedings_series_metadata>\n        <series_metadata>\n"
                        "          <titles>\n");
        element(sb, 6, "title", m->series);
        strbuf_adds(sb, "          </titles>\n");
        element(sb, 5, "issn", m->issn);
        strbuf_adds(sb, "        </series_metadata>\n");
    } else {
        strbuf_addf(sb, "      <proceedings_metadata language=\"%.2s\">\n", m->language ? m->language : "en");
    }
    element(sb, 4, "proceedings_title", m->title);
    strbuf_adds(sb, "        <publisher>\n");
    element(sb, 5, "publisher_name", m->publisher);
    element(sb, 5, "publisher_place", m->publisher_address);
    strbuf_adds(sb, "        </publisher>\n");
    publication_date(sb, 4, m);
    if (m->isbn)
        element(sb, 4, "isbn", m->isbn);
    else
        strbuf_adds(sb, "        <noisbn reason=\"simple_series\"/>\n");
    strbuf_addf(sb, "      </%s>\n", series ? "proceedings_series_metadata" : "proceedings_metadata");
}

static void conference_paper(struct strbuf *sb, const struct publication *pub, const struct pub_paper *pp)
{
    const struct manifest *m = pub->m;
    const struct paper *p = pp->paper;
    strbuf_adds(sb, "      <conference_paper publication_type=\"full_text\">\n");
    contributors(sb, 4, p->authors, p->nauthors, "author");
    strbuf_adds(sb, "        <titles>\n");
    element(sb, 5, "title", p->title);
    strbuf_adds(sb, "        </titles>\n");
    if (pp->abstract && !pp->abstract_extracted) {
        strbuf_adds(sb, "        <jats:abstract>\n");
        element(sb, 5, "jats:p", pp->abstract);
        strbuf_adds(sb, "        </jats:abstract>\n");
    }
    publication_date(sb, 4, m);
    strbuf_addf(sb, "        <pages>\n          <first_page>%d</first_page>\n          <last_page>%d</last_page>\n"
                    "        </pages>\n", pp->first_page, pp->last_page);
    size_t n = strlen(m->base_url);
    strbuf_adds(sb, "        <doi_data>\n");
    element(sb, 5, "doi", pp->doi);
    strbuf_adds(sb, "          <resource>");
    pub_escape(sb, m->base_url);
    if (n && m->base_url[n - 1] != '/')
        strbuf_addch(sb, '/');
    strbuf_addf(sb, "papers/%s.html</resource>\n        </doi_data>\n", p->id);
    strbuf_adds(sb, "      </conference_paper>\n");
}

bool publish_crossref(const struct publication *pub, const char *path)
{
    const struct manifest *m = pub->m;
    struct strbuf body = STRBUF_INIT;
    strbuf_adds(&body, "  <body>\n    <conference>\n");
    contributors(&body, 3, m->editors, m->neditors, "editor");
    event_metadata(&body, m);
    proceedings_metadata(&body, m);
    for (size_t i = 0; i < pub->npapers; i++) {
        const struct pub_paper *pp = &pub->papers[i];
        if (pp->first_page > 0 && pp->doi)
            conference_paper(&body, pub, pp);
    }
    strbuf_adds(&body, "    </conference>\n  </body>\n");

    /* The batch id defaults to the volume's name and a checksum of what is
     * deposited: the same deposit gets the same id. */
    char *batch = m->crossref.batch_id ? xstrdup(m->crossref.batch_id) : NULL;
    if (!batch) {
        char *slug = pub_slug(m->short_title ? m->short_title : m->title, true);
        if (strlen(slug) > 80)
            slug[80] = '\0';
        batch = xasprintf("%s-%08x", slug, (unsigned)crc32_update(0, body.buf, body.len));
        free(slug);
    }
    time_t t = (time_t)build_epoch();
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof(tm));
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    strbuf_adds(&sb, "<doi_batch xmlns=\"" XMLNS "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
                     "  xmlns:jats=\"http://www.ncbi.nlm.nih.gov/JATS1\"\n"
                     "  xsi:schemaLocation=\"" XMLNS " https://www.crossref.org/schemas/crossref5.3.1.xsd\"\n"
                     "  version=\"5.3.1\">\n  <head>\n");
    element(&sb, 2, "doi_batch_id", batch);
    /* Crossref wants a timestamp that grows with each deposit of a DOI. */
    strbuf_addf(&sb, "    <timestamp>%04d%02d%02d%02d%02d%02d</timestamp>\n", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    strbuf_adds(&sb, "    <depositor>\n");
    element(&sb, 3, "depositor_name", m->crossref.depositor);
    element(&sb, 3, "email_address", m->crossref.email);
    strbuf_adds(&sb, "    </depositor>\n");
    element(&sb, 2, "registrant", m->crossref.registrant);
    strbuf_adds(&sb, "  </head>\n");
    strbuf_add(&sb, body.buf, body.len);
    strbuf_adds(&sb, "</doi_batch>\n");
    bool ok = pub_write_sb(path, &sb);
    strbuf_release(&sb);
    strbuf_release(&body);
    free(batch);
    return ok;
}
