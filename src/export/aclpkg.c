/* aclpkg: the volume as an ACL Anthology ingestion package (aclpub2 layout). */
#include "export/aclpkg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "config.h"

/* The Anthology's venue id: 'acl: venue', else the short title without
 * its year ("SPTAI 2025" → "SPTAI").  NULL when none can be made. */
static char *venue_id(const struct manifest *m)
{
    if (m->acl.venue)
        return xstrdup(m->acl.venue);
    const char *s = m->short_title;
    if (!s)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    while (*s) {
        size_t n = strcspn(s, " -_/'");
        bool year = n == 4 && strspn(s, "0123456789") == 4;
        bool apostrophe_year = n == 2 && s > m->short_title && s[-1] == '\'' && isdigit((unsigned char)s[0]);
        for (size_t i = 0; i < n && !year && !apostrophe_year; i++)
            if (isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
                strbuf_addch(&sb, s[i]);
        s += n;
        if (*s)
            s++;
    }
    if (!sb.len || isdigit((unsigned char)sb.buf[sb.len - 1])) {
        strbuf_release(&sb);
        return NULL;
    }
    return strbuf_detach(&sb);
}

static bool volume_name_valid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s))
            return false;
    return true;
}

bool aclpkg_check(const struct manifest *m)
{
    int before = diag_error_count();
    struct srcloc at = m->volume_loc.line > 0 ? m->volume_loc : (struct srcloc){m->path, 0, 0};
    if (!m->start_date)
        diag_error(&at, "acl: 'volume: start_date' (YYYY-MM-DD) is required: the Anthology takes the month "
                        "and year from it");
    if (!m->location)
        diag_error(&at, "acl: 'volume: location' is required");
    if (!m->publisher)
        diag_error(&at, "acl: 'volume: publisher' is required");
    if (!m->neditors)
        diag_error(&at, "acl: 'volume: editors' is required");
    char *venue = venue_id(m);
    if (!venue)
        diag_error(&at, "acl: give the Anthology venue id as 'acl: {venue: ...}' (the short title without its "
                        "year cannot serve)");
    free(venue);
    if (m->acl.volume && !volume_name_valid(m->acl.volume))
        diag_error(&at, "acl: 'acl: volume' '%s' may only contain lower-case letters and digits", m->acl.volume);
    return diag_error_count() == before;
}

/* first_name / last_name as the Anthology splits them; <last> may not be
 * empty, so a mononym is a last name. */
static void person(struct strbuf *sb, const char *indent, const struct person *p)
{
    const char *first = p->given ? p->given : "", *last = p->family ? p->family : "";
    if (!*last) {
        last = *first ? first : (p->native ? p->native : "");
        first = "";
    }
    strbuf_addf(sb, "%s- first_name: ", indent);
    pub_yaml_quote(sb, first);
    strbuf_addf(sb, "\n%s  last_name: ", indent);
    pub_yaml_quote(sb, last);
    strbuf_adds(sb, "\n");
    if (p->affiliation) {
        strbuf_addf(sb, "%s  institution: ", indent);
        pub_yaml_quote(sb, p->affiliation);
        strbuf_adds(sb, "\n");
    }
    if (p->orcid)
        strbuf_addf(sb, "%s  orcid: \"%s\"\n", indent, p->orcid);
    if (p->email) {
        strbuf_addf(sb, "%s  emails: ", indent);
        pub_yaml_quote(sb, p->email);
        strbuf_adds(sb, "\n");
    }
}

static void field(struct strbuf *sb, const char *key, const char *value)
{
    if (!value)
        return;
    strbuf_addf(sb, "%s: ", key);
    pub_yaml_quote(sb, value);
    strbuf_adds(sb, "\n");
}

static char *conference_details(const struct manifest *m)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "# ACL Anthology ingestion (aclpub2 layout), written by collate %s\n", COLLATE_VERSION);
    field(&sb, "book_title", m->title);
    field(&sb, "event_name", m->event ? m->event : m->title);
    field(&sb, "cover_subtitle", m->subtitle);
    char *venue = venue_id(m);
    field(&sb, "anthology_venue_id", venue);
    free(venue);
    field(&sb, "volume_name", m->acl.volume ? m->acl.volume : "1");
    /* Plain YAML dates: the ingestion reads them as dates. */
    strbuf_addf(&sb, "start_date: %s\nend_date: %s\n", m->start_date, m->end_date ? m->end_date : m->start_date);
    field(&sb, "isbn", m->isbn);
    field(&sb, "location", m->location);
    field(&sb, "publisher", m->publisher);
    strbuf_adds(&sb, "editors:\n");
    for (size_t i = 0; i < m->neditors; i++)
        person(&sb, "  ", &m->editors[i]);
    return strbuf_detach(&sb);
}

static char *papers_yml(const struct publication *pub)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "# Papers in reading order, written by collate %s\n", COLLATE_VERSION);
    for (size_t i = 0; i < pub->npapers; i++) {
        const struct pub_paper *pp = &pub->papers[i];
        const struct paper *p = pp->paper;
        strbuf_adds(&sb, "- id: ");
        pub_yaml_quote(&sb, p->id);
        strbuf_adds(&sb, "\n  title: ");
        pub_yaml_quote(&sb, p->title);
        strbuf_adds(&sb, "\n  authors:\n");
        for (size_t k = 0; k < p->nauthors; k++)
            person(&sb, "    ", &p->authors[k]);
        if (pp->abstract && !pp->abstract_extracted) {
            strbuf_adds(&sb, "  abstract: ");
            pub_yaml_quote(&sb, pp->abstract);
            strbuf_adds(&sb, "\n");
        }
        if (p->nkeywords) {
            strbuf_adds(&sb, "  keywords:\n");
            for (size_t k = 0; k < p->nkeywords; k++) {
                strbuf_adds(&sb, "    - ");
                pub_yaml_quote(&sb, p->keywords[k]);
                strbuf_adds(&sb, "\n");
            }
        }
        if (pp->pdf) {
            strbuf_addf(&sb, "  file: \"%s.pdf\"\n", p->id);
            strbuf_addf(&sb, "  pages: \"%d-%d\"\n", pp->first_page, pp->last_page);
        }
        if (pp->doi)
            strbuf_addf(&sb, "  doi: \"%s\"\n", pp->doi);
        strbuf_addf(&sb, "  archival: %s\n", pp->pdf ? "true" : "false");
    }
    return strbuf_detach(&sb);
}

bool publish_acl(const struct publication *pub, const char *dir)
{
    char *pdfs = path_join(dir, "watermarked_pdfs");
    bool ok = pub_mkdir(dir) && pub_mkdir(pdfs);
    for (size_t i = 0; ok && i < pub->npapers; i++) {
        const struct pub_paper *pp = &pub->papers[i];
        if (!pp->pdf)
            continue;
        char *name = xasprintf("%s.pdf", pp->paper->id);
        char *to = path_join(pdfs, name);
        ok = pub_copy(pp->pdf, to);
        free(to);
        free(name);
    }
    if (ok && pub->front_pdf) {
        char *to = path_join(dir, "front_matter.pdf");
        ok = pub_write(to, pub->front_pdf, pub->front_pdf_len);
        free(to);
    }
    if (ok) {
        char *to = path_join(dir, "proceedings.pdf");
        ok = pub_copy(pub->volume_pdf, to);
        free(to);
    }
    if (ok) {
        char *text = conference_details(pub->m);
        char *to = path_join(dir, "conference_details.yml");
        ok = pub_write(to, text, strlen(text));
        free(to);
        free(text);
    }
    if (ok) {
        char *text = papers_yml(pub);
        char *to = path_join(dir, "papers.yml");
        ok = pub_write(to, text, strlen(text));
        free(to);
        free(text);
    }
    free(pdfs);
    return ok;
}
