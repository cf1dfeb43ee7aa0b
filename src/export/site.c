/* site: the static proceedings website (index, author index, paper pages). */
#include "export/site.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/json.h"
#include "base/textfold.h"
#include "config.h"
#include "paginate/names.h"

/* One stylesheet for every page: readable on a phone, dark when the
 * reader's system is, nothing loaded from outside. */
static const char css[] =
    ":root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#595959;--link:#0b57d0;--rule:#d9d9d9;"
    "--box:#f3f3f3}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6e6e6;--bg:#121212;--muted:#b0b0b0;--link:#8ab4f8;"
    "--rule:#3a3a3a;--box:#1f1f1f}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:1.0625rem/1.55 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\",sans-serif;"
    "color:var(--fg);background:var(--bg);overflow-wrap:anywhere}\n"
    ".wrap{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 2rem}\n"
    "a{color:var(--link)}a:focus-visible{outline:3px solid var(--link);outline-offset:2px}\n"
    "h1{font-size:1.6rem;line-height:1.25;margin:.75rem 0 .75rem}\n"
    "h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:1px solid var(--rule)}\n"
    "h3{font-size:1.05rem;margin:1.5rem 0 .25rem}\n"
    ".muted,.crumbs{color:var(--muted)}.crumbs{font-size:.9rem;margin:0}\n"
    "ul.plain{list-style:none;padding:0;margin:0}\n"
    "ul.papers>li{padding:.6rem 0;border-bottom:1px solid var(--rule)}ul.works{margin:.25rem 0}\n"
    "ul.authors>li{margin:.2rem 0}\n"
    ".title{font-weight:600}.pages{white-space:nowrap}\n"
    ".vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}\n"
    ".skip{position:absolute;left:-999rem}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem}\n"
    ".button{display:inline-block;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border:1px solid var(--link);"
    "border-radius:.4rem;text-decoration:none}\n"
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:1rem 0}\n"
    "dl.meta dt{font-weight:600}dl.meta dd{margin:0}\n"
    "@media (max-width:32rem){dl.meta{grid-template-columns:1fr;gap:0}dl.meta dd{margin-bottom:.5rem}}\n"
    "pre{background:var(--box);padding:.75rem;font-size:.85rem;white-space:pre-wrap;overflow-x:auto}\n"
    ".note{font-size:.9rem;color:var(--muted);font-style:italic}\n"
    "nav.letters a{display:inline-block;min-width:2.2rem;padding:.3rem;text-align:center}\n"
    "footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--rule);font-size:.85rem;"
    "color:var(--muted)}\n";

/* Where a paper's files are, relative to the site's root. */
static char *paper_page(const struct pub_paper *pp)
{
    return xasprintf("papers/%s.html", pp->paper->id);
}

static char *paper_pdf(const struct pub_paper *pp)
{
    return xasprintf("pdf/%s.pdf", pp->paper->id);
}

static const char *volume_name(const struct publication *pub)
{
    return path_basename(pub->volume_pdf);
}

static const char *short_name(const struct manifest *m)
{
    return m->short_title ? m->short_title : m->title;
}

/* "pp. 3–8", "p. 5", or NULL for a paper without pages. Caller frees. */
static char *page_range(const struct pub_paper *pp)
{
    if (pp->first_page <= 0)
        return NULL;
    if (pp->last_page == pp->first_page)
        return xasprintf("p. %d", pp->first_page);
    return xasprintf("pp. %d\xE2\x80\x93%d", pp->first_page, pp->last_page);
}

static void esc(struct strbuf *sb, const char *s)
{
    pub_escape(sb, s);
}

static void page_begin(struct strbuf *sb, const struct manifest *m, const char *title, const char *description)
{
    strbuf_addf(sb, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                m->language ? m->language : "en");
    strbuf_adds(sb, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(sb, title);
    strbuf_adds(sb, "</title>\n");
    if (description) {
        strbuf_adds(sb, "<meta name=\"description\" content=\"");
        esc(sb, description);
        strbuf_adds(sb, "\">\n");
    }
    strbuf_addf(sb, "<meta name=\"generator\" content=\"collate %s\">\n", COLLATE_VERSION);
}

/* End of <head>, start of the body with the way back to the index. */
static void page_body(struct strbuf *sb, const struct manifest *m, const char *root)
{
    strbuf_addf(sb, "<style>\n%s</style>\n</head>\n<body>\n", css);
    strbuf_adds(sb, "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n<div class=\"wrap\">\n");
    if (root) {
        strbuf_addf(sb, "<header>\n<p class=\"crumbs\"><a href=\"%sindex.html\">", root);
        esc(sb, short_name(m));
        strbuf_addf(sb, "</a> \xC2\xB7 <a href=\"%sauthors.html\">Author index</a></p>\n</header>\n", root);
    }
    strbuf_adds(sb, "<main id=\"main\">\n");
}

static void page_end(struct strbuf *sb, const struct manifest *m)
{
    strbuf_adds(sb, "</main>\n<footer>\n<p>");
    esc(sb, m->title);
    if (m->publisher) {
        strbuf_adds(sb, " \xC2\xB7 ");
        esc(sb, m->publisher);
    }
    strbuf_addf(sb, "</p>\n<p>Made with collate %s.</p>\n</footer>\n</div>\n</body>\n</html>\n", COLLATE_VERSION);
}

static void meta_tag(struct strbuf *sb, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    strbuf_addf(sb, "<meta name=\"%s\" content=\"", name);
    esc(sb, value);
    strbuf_adds(sb, "\">\n");
}

/* The citation_* date: "2025/05/15" or "2025". */
static char *citation_date(const struct manifest *m)
{
    const char *d = m->publication_date ? m->publication_date : m->start_date;
    if (d)
        return xasprintf("%.4s/%.2s/%.2s", d, d + 5, d + 8);
    return publication_year(m);
}

static char *iso_date(const struct manifest *m)
{
    const char *d = m->publication_date ? m->publication_date : m->start_date;
    return d ? xstrdup(d) : publication_year(m);
}

/* A URL of a file of the site: absolute under base_url when known. */
static char *site_url(const struct manifest *m, const char *rel, const char *from_root)
{
    if (m->base_url) {
        size_t n = strlen(m->base_url);
        return xasprintf("%s%s%s", m->base_url, n && m->base_url[n - 1] == '/' ? "" : "/", rel);
    }
    return xasprintf("%s%s", from_root, rel);
}

/* "Family, Given" for citation_author. */
static char *citation_name(const struct person *p)
{
    if (p->family && p->family[0] && p->given && p->given[0])
        return xasprintf("%s, %s", p->family, p->given);
    return person_display_name(p);
}

/* JSON text inside <script>: "</" would end the element. */
static void add_script_json(struct strbuf *sb, const char *json)
{
    for (const char *s = json; *s; s++) {
        if (s[0] == '<' && s[1] == '/')
            strbuf_adds(sb, "<\\");
        else
            strbuf_addch(sb, *s);
    }
}

static void json_person(struct json *j, const struct person *p)
{
    char *name = person_display_name(p);
    json_begin_object(j);
    json_key(j, "@type");
    json_string(j, "Person");
    json_key(j, "name");
    json_string(j, name);
    if (p->given && p->given[0]) {
        json_key(j, "givenName");
        json_string(j, p->given);
    }
    if (p->family && p->family[0]) {
        json_key(j, "familyName");
        json_string(j, p->family);
    }
    if (p->affiliation) {
        json_key(j, "affiliation");
        json_begin_object(j);
        json_key(j, "@type");
        json_string(j, "Organization");
        json_key(j, "name");
        json_string(j, p->affiliation);
        json_end_object(j);
    }
    if (p->orcid) {
        char *url = xasprintf("https://orcid.org/%s", p->orcid);
        json_key(j, "sameAs");
        json_string(j, url);
        free(url);
    }
    json_end_object(j);
    free(name);
}

/* schema.org ScholarlyArticle, part of the proceedings (a Book). */
static void paper_jsonld(struct strbuf *sb, const struct publication *pub, const struct pub_paper *pp,
                         const char *pdf_url)
{
    const struct manifest *m = pub->m;
    const struct paper *p = pp->paper;
    struct strbuf js = STRBUF_INIT;
    struct json j;
    json_init(&j, &js);
    json_begin_object(&j);
    json_key(&j, "@context");
    json_string(&j, "https://schema.org");
    json_key(&j, "@type");
    json_string(&j, "ScholarlyArticle");
    json_key(&j, "headline");
    json_string(&j, p->title);
    json_key(&j, "name");
    json_string(&j, p->title);
    json_key(&j, "author");
    json_begin_array(&j);
    for (size_t i = 0; i < p->nauthors; i++)
        json_person(&j, &p->authors[i]);
    json_end_array(&j);
    char *date = iso_date(m);
    if (date) {
        json_key(&j, "datePublished");
        json_string(&j, date);
    }
    free(date);
    if (pp->first_page > 0) {
        json_key(&j, "pageStart");
        json_int(&j, pp->first_page);
        json_key(&j, "pageEnd");
        json_int(&j, pp->last_page);
    }
    if (p->nkeywords) {
        struct strbuf kw = STRBUF_INIT;
        for (size_t i = 0; i < p->nkeywords; i++)
            strbuf_addf(&kw, "%s%s", i ? ", " : "", p->keywords[i]);
        json_key(&j, "keywords");
        json_string(&j, kw.buf);
        strbuf_release(&kw);
    }
    if (pp->abstract && !pp->abstract_extracted) {
        json_key(&j, "abstract");
        json_string(&j, pp->abstract);
    }
    if (pp->doi) {
        char *url = xasprintf("https://doi.org/%s", pp->doi);
        json_key(&j, "identifier");
        json_begin_object(&j);
        json_key(&j, "@type");
        json_string(&j, "PropertyValue");
        json_key(&j, "propertyID");
        json_string(&j, "DOI");
        json_key(&j, "value");
        json_string(&j, pp->doi);
        json_end_object(&j);
        json_key(&j, "sameAs");
        json_string(&j, url);
        free(url);
    }
    if (pdf_url) {
        json_key(&j, "encoding");
        json_begin_object(&j);
        json_key(&j, "@type");
        json_string(&j, "MediaObject");
        json_key(&j, "encodingFormat");
        json_string(&j, "application/pdf");
        json_key(&j, "contentUrl");
        json_string(&j, pdf_url);
        json_end_object(&j);
    }
    json_key(&j, "isPartOf");
    json_begin_object(&j);
    json_key(&j, "@type");
    json_string(&j, "Book");
    json_key(&j, "name");
    json_string(&j, m->title);
    if (m->isbn) {
        json_key(&j, "isbn");
        json_string(&j, m->isbn);
    }
    if (m->neditors) {
        json_key(&j, "editor");
        json_begin_array(&j);
        for (size_t i = 0; i < m->neditors; i++)
            json_person(&j, &m->editors[i]);
        json_end_array(&j);
    }
    if (m->publisher) {
        json_key(&j, "publisher");
        json_begin_object(&j);
        json_key(&j, "@type");
        json_string(&j, "Organization");
        json_key(&j, "name");
        json_string(&j, m->publisher);
        json_end_object(&j);
    }
    json_end_object(&j);
    json_end_object(&j);
    strbuf_adds(sb, "<script type=\"application/ld+json\">\n");
    add_script_json(sb, js.buf);
    strbuf_adds(sb, "\n</script>\n");
    strbuf_release(&js);
}

/* The paper's @inproceedings entry from volume.bib (written by the
 * build), or NULL. Caller frees. */
static char *bib_entry(const char *bib, const char *id)
{
    if (!bib)
        return NULL;
    char *head = xasprintf("@inproceedings{%s,\n", id);
    const char *at = strstr(bib, head);
    char *entry = NULL;
    if (at) {
        const char *end = strstr(at, "\n}\n");
        if (end)
            entry = xstrndup(at, (size_t)(end - at) + 2);
    }
    free(head);
    return entry;
}

static void authors_inline(struct strbuf *sb, const struct paper *p)
{
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = person_display_name(&p->authors[i]);
        if (i)
            strbuf_adds(sb, i + 1 == p->nauthors ? (p->nauthors > 2 ? ", and " : " and ") : ", ");
        esc(sb, name);
        free(name);
    }
}

static bool write_paper_page(const struct publication *pub, const struct pub_paper *pp, const char *bib,
                             const char *dir)
{
    const struct manifest *m = pub->m;
    const struct paper *p = pp->paper;
    struct strbuf sb = STRBUF_INIT;
    char *pdf_rel = pp->pdf ? paper_pdf(pp) : NULL;
    char *pdf_url = pdf_rel ? site_url(m, pdf_rel, "../") : NULL;
    char *title = xasprintf("%s \xE2\x80\x93 %s", p->title, short_name(m));
    page_begin(&sb, m, title, pp->abstract && !pp->abstract_extracted ? pp->abstract : p->title);
    free(title);
    /* Highwire Press tags, as Google Scholar reads them. */
    meta_tag(&sb, "citation_title", p->title);
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = citation_name(&p->authors[i]);
        meta_tag(&sb, "citation_author", name);
        meta_tag(&sb, "citation_author_institution", p->authors[i].affiliation);
        if (p->authors[i].orcid) {
            char *orcid = xasprintf("https://orcid.org/%s", p->authors[i].orcid);
            meta_tag(&sb, "citation_author_orcid", orcid);
            free(orcid);
        }
        free(name);
    }
    char *date = citation_date(m);
    meta_tag(&sb, "citation_publication_date", date);
    free(date);
    meta_tag(&sb, "citation_conference_title", m->event ? m->event : m->title);
    meta_tag(&sb, "citation_inbook_title", m->title);
    if (pp->first_page > 0) {
        char num[32];
        snprintf(num, sizeof(num), "%d", pp->first_page);
        meta_tag(&sb, "citation_firstpage", num);
        snprintf(num, sizeof(num), "%d", pp->last_page);
        meta_tag(&sb, "citation_lastpage", num);
    }
    meta_tag(&sb, "citation_pdf_url", pdf_url);
    meta_tag(&sb, "citation_doi", pp->doi);
    meta_tag(&sb, "citation_isbn", m->isbn);
    meta_tag(&sb, "citation_publisher", m->publisher);
    meta_tag(&sb, "citation_language", m->language ? m->language : "en");
    for (size_t i = 0; i < p->nkeywords; i++)
        meta_tag(&sb, "citation_keywords", p->keywords[i]);
    paper_jsonld(&sb, pub, pp, pdf_url);
    page_body(&sb, m, "../");

    strbuf_adds(&sb, "<article>\n<h1>");
    esc(&sb, p->title);
    strbuf_adds(&sb, "</h1>\n<ul class=\"plain authors\">\n");
    for (size_t i = 0; i < p->nauthors; i++) {
        const struct person *a = &p->authors[i];
        char *name = person_display_name(a);
        strbuf_adds(&sb, "<li><span class=\"title\">");
        esc(&sb, name);
        strbuf_adds(&sb, "</span>");
        if (a->native && (a->given[0] || a->family[0])) {
            strbuf_adds(&sb, " (");
            esc(&sb, a->native);
            strbuf_adds(&sb, ")");
        }
        if (a->affiliation) {
            strbuf_adds(&sb, ", <span class=\"muted\">");
            esc(&sb, a->affiliation);
            strbuf_adds(&sb, "</span>");
        }
        if (a->orcid) {
            strbuf_addf(&sb, " <a href=\"https://orcid.org/%s\">ORCID<span class=\"vh\"> iD of ", a->orcid);
            esc(&sb, name);
            strbuf_addf(&sb, "</span></a>");
        }
        strbuf_adds(&sb, "</li>\n");
        free(name);
    }
    strbuf_adds(&sb, "</ul>\n");

    if (pdf_rel) {
        strbuf_addf(&sb, "<p><a class=\"button\" href=\"../%s\">Download the paper (PDF, %d page%s)</a></p>\n",
                    pdf_rel, pp->last_page - pp->first_page + 1, pp->last_page == pp->first_page ? "" : "s");
    }
    strbuf_adds(&sb, "<dl class=\"meta\">\n<dt>Published in</dt><dd><a href=\"../index.html\">");
    esc(&sb, m->title);
    strbuf_adds(&sb, "</a></dd>\n");
    if (pp->session->title) {
        strbuf_adds(&sb, "<dt>Session</dt><dd>");
        esc(&sb, pp->session->title);
        strbuf_adds(&sb, "</dd>\n");
    }
    char *pages = page_range(pp);
    strbuf_addf(&sb, "<dt>Pages</dt><dd>%s</dd>\n", pages ? pages : "not in the printed volume");
    free(pages);
    if (pp->doi) {
        strbuf_adds(&sb, "<dt>DOI</dt><dd><a href=\"https://doi.org/");
        esc(&sb, pp->doi);
        strbuf_adds(&sb, "\">");
        esc(&sb, pp->doi);
        strbuf_adds(&sb, "</a></dd>\n");
    }
    strbuf_adds(&sb, "</dl>\n");

    if (pp->abstract) {
        strbuf_adds(&sb, "<h2>Abstract</h2>\n<p>");
        esc(&sb, pp->abstract);
        strbuf_adds(&sb, "</p>\n");
        if (pp->abstract_extracted)
            strbuf_adds(&sb, "<p class=\"note\">This abstract was taken automatically from the paper's first "
                             "page and may contain errors; the paper itself is authoritative.</p>\n");
    }
    if (p->nkeywords) {
        strbuf_adds(&sb, "<h2>Keywords</h2>\n<p>");
        for (size_t i = 0; i < p->nkeywords; i++) {
            if (i)
                strbuf_adds(&sb, ", ");
            esc(&sb, p->keywords[i]);
        }
        strbuf_adds(&sb, "</p>\n");
    }
    char *entry = bib_entry(bib, p->id);
    if (entry) {
        strbuf_adds(&sb, "<h2>Cite this paper</h2>\n<p class=\"muted\">BibTeX:</p>\n<pre>");
        esc(&sb, entry);
        strbuf_adds(&sb, "</pre>\n");
        free(entry);
    }
    strbuf_adds(&sb, "</article>\n");
    page_end(&sb, m);

    char *rel = paper_page(pp);
    char *path = path_join(dir, rel);
    bool ok = pub_write_sb(path, &sb);
    free(path);
    free(rel);
    free(pdf_rel);
    free(pdf_url);
    strbuf_release(&sb);
    return ok;
}

static void people_list(struct strbuf *sb, const struct person *people, size_t n)
{
    strbuf_adds(sb, "<ul>\n");
    for (size_t i = 0; i < n; i++) {
        char *name = person_display_name(&people[i]);
        strbuf_adds(sb, "<li>");
        esc(sb, name);
        if (people[i].affiliation) {
            strbuf_adds(sb, ", <span class=\"muted\">");
            esc(sb, people[i].affiliation);
            strbuf_adds(sb, "</span>");
        }
        strbuf_adds(sb, "</li>\n");
        free(name);
    }
    strbuf_adds(sb, "</ul>\n");
}

/* "2.3 MB" for a file. */
static char *file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return xstrdup("?");
    double b = (double)st.st_size;
    if (b >= 1e6)
        return xasprintf("%.1f MB", b / 1e6);
    return xasprintf("%.0f kB", b / 1e3 < 1 ? 1 : b / 1e3);
}

static bool write_index(const struct publication *pub, const char *dir)
{
    const struct manifest *m = pub->m;
    struct strbuf sb = STRBUF_INIT;
    page_begin(&sb, m, m->title, m->event ? m->event : m->title);
    page_body(&sb, m, NULL);
    strbuf_adds(&sb, "<h1>");
    esc(&sb, m->title);
    strbuf_adds(&sb, "</h1>\n");
    if (m->subtitle) {
        strbuf_adds(&sb, "<p class=\"title\">");
        esc(&sb, m->subtitle);
        strbuf_adds(&sb, "</p>\n");
    }
    const char *where[] = {m->event, m->location, m->dates};
    bool any = false;
    for (size_t i = 0; i < ARRAY_SIZE(where); i++) {
        if (!where[i])
            continue;
        strbuf_adds(&sb, any ? "<br>\n" : "<p class=\"muted\">");
        esc(&sb, where[i]);
        any = true;
    }
    if (any)
        strbuf_adds(&sb, "</p>\n");
    if (m->neditors) {
        strbuf_addf(&sb, "<h2>Editor%s</h2>\n", m->neditors == 1 ? "" : "s");
        people_list(&sb, m->editors, m->neditors);
    }
    strbuf_adds(&sb, "<h2>Downloads</h2>\n<ul>\n");
    char *size = file_size(pub->volume_pdf);
    strbuf_addf(&sb, "<li><a href=\"%s\">The complete volume</a> (PDF, %d pages, %s)</li>\n", volume_name(pub),
                pub->volume_pages, size);
    free(size);
    if (pub->front_pdf)
        strbuf_addf(&sb, "<li><a href=\"front-matter.pdf\">Front matter</a> (PDF, %d pages: title pages, "
                         "preface, committees, contents)</li>\n", pub->front_pages);
    if (pub->volume_bib)
        strbuf_adds(&sb, "<li><a href=\"volume.bib\">BibTeX entries of all papers</a></li>\n");
    strbuf_adds(&sb, "<li><a href=\"authors.html\">Author index</a></li>\n</ul>\n");

    strbuf_adds(&sb, "<h2>Contents</h2>\n");
    size_t k = 0;
    for (size_t s = 0; s < m->nsessions; s++) {
        const struct session *ses = &m->sessions[s];
        if (ses->title) {
            strbuf_addf(&sb, "<h3 id=\"session-%zu\">", s + 1);
            esc(&sb, ses->title);
            strbuf_adds(&sb, "</h3>\n");
        }
        if (ses->chair) {
            strbuf_adds(&sb, "<p class=\"muted\">Session chair: ");
            esc(&sb, ses->chair);
            strbuf_adds(&sb, "</p>\n");
        }
        strbuf_adds(&sb, "<ul class=\"plain papers\">\n");
        for (size_t i = 0; i < ses->npapers; i++, k++) {
            const struct pub_paper *pp = &pub->papers[k];
            char *page = paper_page(pp);
            strbuf_addf(&sb, "<li id=\"%s\"><a class=\"title\" href=\"%s\">", pp->paper->id, page);
            esc(&sb, pp->paper->title);
            strbuf_adds(&sb, "</a><br>\n");
            authors_inline(&sb, pp->paper);
            char *pages = page_range(pp);
            if (pages) {
                char *pdf = paper_pdf(pp);
                strbuf_addf(&sb, "<br>\n<span class=\"pages\">%s</span> \xC2\xB7 <a href=\"%s\">PDF<span "
                                 "class=\"vh\"> of \xE2\x80\x9C", pages, pdf);
                esc(&sb, pp->paper->title);
                strbuf_adds(&sb, "\xE2\x80\x9D</span></a>");
                free(pdf);
            } else {
                strbuf_adds(&sb, "<br>\n<span class=\"muted\">Presented; not in the printed volume</span>");
            }
            free(pages);
            strbuf_adds(&sb, "</li>\n");
            free(page);
        }
        strbuf_adds(&sb, "</ul>\n");
    }
    page_end(&sb, m);
    char *path = path_join(dir, "index.html");
    bool ok = pub_write_sb(path, &sb);
    free(path);
    strbuf_release(&sb);
    return ok;
}

/* One person of the author index with the papers they wrote. */
struct author_entry {
    const struct person *person;  /* the first occurrence, borrowed */
    char *key;                    /* ORCID, else the folded name */
    char *sort_key, *heading;
    size_t *papers;               /* indexes into pub->papers */
    size_t npapers, cap;
};

static int author_cmp(const void *a, const void *b)
{
    const struct author_entry *x = a, *y = b;
    int c = strcmp(x->sort_key, y->sort_key);
    return c ? c : strcmp(x->heading, y->heading);
}

/* The first letter of a sort key, upper case ASCII, or '#'. */
static char initial(const char *sort_key)
{
    char c = sort_key[0];
    if (c >= 'a' && c <= 'z')
        return (char)(c - 'a' + 'A');
    if (c >= 'A' && c <= 'Z')
        return c;
    return '#';
}

static bool write_authors(const struct publication *pub, const char *dir)
{
    const struct manifest *m = pub->m;
    struct author_entry *e = NULL;
    size_t n = 0, cap = 0;
    for (size_t k = 0; k < pub->npapers; k++) {
        const struct paper *p = pub->papers[k].paper;
        for (size_t i = 0; i < p->nauthors; i++) {
            const struct person *a = &p->authors[i];
            char *name = person_display_name(a);
            char *key = a->orcid ? xstrdup(a->orcid) : text_fold(name);
            free(name);
            size_t at = 0;
            while (at < n && strcmp(e[at].key, key))
                at++;
            if (at == n) {
                struct author_entry *ne = ARRAY_PUSH(e, n, cap);
                memset(ne, 0, sizeof(*ne));
                ne->person = a;
                ne->key = key;
                ne->sort_key = name_sort_key(a);
                ne->heading = name_index_heading(a);
            } else {
                free(key);
            }
            if (!e[at].npapers || e[at].papers[e[at].npapers - 1] != k)
                *ARRAY_PUSH(e[at].papers, e[at].npapers, e[at].cap) = k;
        }
    }
    if (n)
        qsort(e, n, sizeof(*e), author_cmp);

    struct strbuf sb = STRBUF_INIT;
    char *title = xasprintf("Author index \xE2\x80\x93 %s", short_name(m));
    page_begin(&sb, m, title, title);
    free(title);
    page_body(&sb, m, "");
    strbuf_adds(&sb, "<h1>Author index</h1>\n<nav class=\"letters\" aria-label=\"Initials\">\n");
    char last = 0;
    for (size_t i = 0; i < n; i++) {
        char c = initial(e[i].sort_key);
        if (c != last)
            strbuf_addf(&sb, "<a href=\"#letter-%c\">%c</a>\n", c == '#' ? '0' : c, c);
        last = c;
    }
    strbuf_adds(&sb, "</nav>\n");
    last = 0;
    for (size_t i = 0; i < n; i++) {
        char c = initial(e[i].sort_key);
        if (c != last) {
            if (last)
                strbuf_adds(&sb, "</ul>\n");
            strbuf_addf(&sb, "<h2 id=\"letter-%c\">%c</h2>\n<ul class=\"plain papers\">\n", c == '#' ? '0' : c, c);
        }
        last = c;
        strbuf_adds(&sb, "<li><span class=\"title\">");
        esc(&sb, e[i].heading);
        strbuf_adds(&sb, "</span>");
        if (e[i].person->affiliation) {
            strbuf_adds(&sb, ", <span class=\"muted\">");
            esc(&sb, e[i].person->affiliation);
            strbuf_adds(&sb, "</span>");
        }
        strbuf_adds(&sb, "\n<ul class=\"works\">\n");
        for (size_t k = 0; k < e[i].npapers; k++) {
            const struct pub_paper *pp = &pub->papers[e[i].papers[k]];
            char *page = paper_page(pp);
            char *pages = page_range(pp);
            strbuf_addf(&sb, "<li><a href=\"%s\">", page);
            esc(&sb, pp->paper->title);
            strbuf_adds(&sb, "</a>");
            if (pages)
                strbuf_addf(&sb, ", <span class=\"pages\">%s</span>", pages);
            strbuf_adds(&sb, "</li>\n");
            free(page);
            free(pages);
        }
        strbuf_adds(&sb, "</ul></li>\n");
    }
    if (last)
        strbuf_adds(&sb, "</ul>\n");
    page_end(&sb, m);
    char *path = path_join(dir, "authors.html");
    bool ok = pub_write_sb(path, &sb);
    free(path);
    strbuf_release(&sb);
    for (size_t i = 0; i < n; i++) {
        free(e[i].key);
        free(e[i].sort_key);
        free(e[i].heading);
        free(e[i].papers);
    }
    free(e);
    return ok;
}

bool publish_site(const struct publication *pub, const char *dir)
{
    char *papers_dir = path_join(dir, "papers"), *pdf_dir = path_join(dir, "pdf");
    bool ok = pub_mkdir(dir) && pub_mkdir(papers_dir) && pub_mkdir(pdf_dir);
    char *bib = NULL;
    if (ok && pub->volume_bib) {
        size_t len;
        bib = read_file(pub->volume_bib, &len);
        char *to = path_join(dir, "volume.bib");
        ok = pub_copy(pub->volume_bib, to);
        free(to);
    }
    for (size_t i = 0; ok && i < pub->npapers; i++) {
        const struct pub_paper *pp = &pub->papers[i];
        if (pp->pdf) {
            char *rel = paper_pdf(pp);
            char *to = path_join(dir, rel);
            ok = pub_copy(pp->pdf, to);
            free(to);
            free(rel);
        }
        ok = ok && write_paper_page(pub, pp, bib, dir);
    }
    if (ok) {
        char *to = path_join(dir, volume_name(pub));
        ok = pub_copy(pub->volume_pdf, to);
        free(to);
    }
    if (ok && pub->front_pdf) {
        char *to = path_join(dir, "front-matter.pdf");
        ok = pub_write(to, pub->front_pdf, pub->front_pdf_len);
        free(to);
    }
    ok = ok && write_index(pub, dir) && write_authors(pub, dir);
    free(bib);
    free(papers_dir);
    free(pdf_dir);
    return ok;
}
