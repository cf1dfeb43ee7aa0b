/* ceur: a CEUR-WS.org volume (index.html with CEUR tags and RDFa, PDFs). */
#include "export/ceur.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

/* CEUR-WS's own address for the papers; the volume number is theirs to set. */
#define CEUR_VOLUME_URL "https://ceur-ws.org/Vol-XXX/"

static const char *month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                    "July",    "August",   "September", "October", "November", "December"};

static void esc(struct strbuf *sb, const char *s)
{
    pub_escape(sb, s);
}

/* "May 15, 2025" from YYYY-MM-DD. */
static void human_date(struct strbuf *sb, const char *iso)
{
    int month = atoi(iso + 5), day = atoi(iso + 8);
    if (month < 1 || month > 12)
        month = 1;
    strbuf_addf(sb, "%s %d, %.4s", month_names[month - 1], day, iso);
}

static void paper_item(struct strbuf *sb, const struct pub_paper *pp, int number)
{
    strbuf_addf(sb, "<li id=\"paper%d\" typeof=\"bibo:Article\" about=\"#paper%d\"><span rel=\"dcterms:relation\">"
                    "<a typeof=\"bibo:Document\" href=\"paper%d.pdf\"><span property=\"dcterms:format\" "
                    "content=\"application/pdf\"></span><span property=\"bibo:uri\" content=\"" CEUR_VOLUME_URL
                    "paper%d.pdf\"></span><span about=\"#paper%d\" property=\"dcterms:title\" class=\"CEURTITLE\">",
                number, number, number, number, number);
    esc(sb, pp->paper->title);
    strbuf_addf(sb, "</span></a></span>\n<span class=\"CEURPAGES\"><span property=\"bibo:pageStart\" "
                    "datatype=\"xsd:nonNegativeInteger\">%d</span>-<span property=\"bibo:pageEnd\" "
                    "datatype=\"xsd:nonNegativeInteger\">%d</span></span><br>\n",
                pp->first_page, pp->last_page);
    const struct paper *p = pp->paper;
    for (size_t i = 0; i < p->nauthors; i++) {
        char *name = person_display_name(&p->authors[i]);
        strbuf_adds(sb, "<span rel=\"dcterms:creator\"><span property=\"foaf:name\" class=\"CEURAUTHOR\">");
        esc(sb, name);
        strbuf_adds(sb, i + 1 < p->nauthors ? "</span></span>,\n" : "</span></span>\n");
        free(name);
    }
    strbuf_adds(sb, "</li>\n");
}

static char *index_html(const struct publication *pub, const char *complete)
{
    const struct manifest *m = pub->m;
    char *year = publication_year(m);
    const char *acronym = m->short_title ? m->short_title : m->title;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "<!DOCTYPE html>\n<!-- CEURVERSION=2020-07-09 -->\n<html lang=\"%s\" prefix=\"bibo: "
                     "http://purl.org/ontology/bibo/ event: http://purl.org/NET/c4dm/event.owl# time: "
                     "http://www.w3.org/2006/time# swc: http://data.semanticweb.org/ns/swc/ontology# xsd: "
                     "http://www.w3.org/2001/XMLSchema# dcterms: http://purl.org/dc/terms/ foaf: "
                     "http://xmlns.com/foaf/0.1/\" typeof=\"bibo:Proceedings\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<link rel=\"stylesheet\" type=\"text/css\" href=\"../ceur-ws.css\">\n<title>"
                     "CEUR-WS.org/Vol-XXX - ",
                m->language ? m->language : "en");
    esc(&sb, m->title);
    strbuf_adds(&sb, " (");
    esc(&sb, acronym);
    strbuf_adds(&sb, ")</title>\n</head>\n<!--CEURLANG=eng -->\n<body>\n");
    strbuf_addf(&sb, "<table style=\"border: 0; border-spacing: 0; border-collapse: collapse; width: 95%%\">\n"
                     "<tbody><tr>\n<td style=\"text-align: left; vertical-align: middle\">\n"
                     "<a rel=\"dcterms:partOf\" href=\"https://ceur-ws.org/\"><div id=\"CEURWSLOGO\"></div></a>\n"
                     "</td>\n<td style=\"text-align: right; vertical-align: middle\">\n"
                     "<span property=\"bibo:volume\" content=\"XXX\" class=\"CEURVOLNR\">Vol-XXX</span> <br>\n"
                     "<span property=\"bibo:uri dcterms:identifier\" class=\"CEURURN\">urn:nbn:de:0074-XXX-C</span>\n"
                     "<p class=\"unobtrusive copyright\" style=\"text-align: justify\">Copyright &copy; "
                     "<span class=\"CEURPUBYEAR\">%s</span> for the individual papers by the papers' authors. "
                     "Copyright &copy; %s for the volume as a collection by its editors. This volume and its "
                     "papers are published under the Creative Commons License Attribution 4.0 International "
                     "(<a href=\"https://creativecommons.org/licenses/by/4.0/\">CC BY 4.0</a>).</p>\n"
                     "</td>\n</tr>\n</tbody></table>\n<hr>\n\n",
                year ? year : "", year ? year : "");
    strbuf_adds(&sb, "<h1>");
    if (m->base_url)
        strbuf_addf(&sb, "<a rel=\"foaf:homepage\" href=\"%s\">", m->base_url);
    strbuf_adds(&sb, "<span about=\"\" property=\"bibo:shortTitle\" class=\"CEURVOLACRONYM\">");
    esc(&sb, acronym);
    strbuf_adds(&sb, m->base_url ? "</span></a><br>\n" : "</span><br>\n");
    strbuf_adds(&sb, "<span property=\"dcterms:alternative\" class=\"CEURVOLTITLE\">");
    esc(&sb, m->event ? m->event : m->title);
    strbuf_adds(&sb, "</span></h1>\n\n<h3><span property=\"dcterms:title\" class=\"CEURFULLTITLE\">");
    esc(&sb, m->title);
    strbuf_adds(&sb, "</span><br>\n<!-- co-located with <span class=\"CEURCOLOCATED\">NONE</span> -->\n</h3>\n");
    strbuf_adds(&sb, "<h3><span rel=\"bibo:presentedAt\" typeof=\"bibo:Workshop\" class=\"CEURLOCTIME\">");
    if (m->location) {
        strbuf_adds(&sb, "<span rel=\"event:place\">");
        esc(&sb, m->location);
        strbuf_adds(&sb, "</span>, ");
    }
    if (m->start_date && m->end_date && strcmp(m->start_date, m->end_date)) {
        strbuf_addf(&sb, "<span rel=\"event:time\"><span rel=\"time:hasBeginning\"><span "
                         "property=\"time:inXSDDateTime\" content=\"%s\" datatype=\"xsd:date\">", m->start_date);
        human_date(&sb, m->start_date);
        strbuf_addf(&sb, "</span></span> to <span rel=\"time:hasEnd\"><span property=\"time:inXSDDateTime\" "
                         "content=\"%s\" datatype=\"xsd:date\">", m->end_date);
        human_date(&sb, m->end_date);
        strbuf_adds(&sb, "</span></span></span>");
    } else if (m->start_date) {
        strbuf_addf(&sb, "<span property=\"dcterms:date\" content=\"%s\" datatype=\"xsd:date\">", m->start_date);
        human_date(&sb, m->start_date);
        strbuf_adds(&sb, "</span>");
    } else if (m->dates) {
        esc(&sb, m->dates);
    }
    strbuf_adds(&sb, "</span>.</h3>\n\n<b> Edited by </b>\n<h3 rel=\"bibo:editor\">\n");
    for (size_t i = 0; i < m->neditors; i++) {
        char *name = person_display_name(&m->editors[i]);
        strbuf_addf(&sb, "<span about=\"_:editor%zu\" property=\"foaf:name\" class=\"CEURVOLEDITOR\">", i + 1);
        esc(&sb, name);
        strbuf_adds(&sb, "</span>");
        if (m->editors[i].affiliation) {
            strbuf_adds(&sb, ", ");
            esc(&sb, m->editors[i].affiliation);
        }
        strbuf_adds(&sb, "<br>\n");
        free(name);
    }
    strbuf_adds(&sb, "</h3>\n<hr>\n\n<div class=\"CEURTOC\">\n<h2> Table of Contents </h2>\n");
    if (pub->front_pdf)
        strbuf_adds(&sb, "<ul>\n<li id=\"preface\"><a href=\"preface.pdf\">Preface and front matter</a></li>\n"
                         "</ul>\n");
    int number = 0;
    size_t k = 0;
    for (size_t s = 0; s < m->nsessions; s++) {
        const struct session *ses = &m->sessions[s];
        bool any = false;
        for (size_t i = 0; i < ses->npapers; i++)
            any = any || pub->papers[k + i].pdf;
        if (any && ses->title) {
            strbuf_adds(&sb, "<h3><span class=\"CEURSESSION\">");
            esc(&sb, ses->title);
            strbuf_adds(&sb, "</span></h3>\n");
        }
        if (any)
            strbuf_adds(&sb, "<ul rel=\"dcterms:hasPart\">\n");
        for (size_t i = 0; i < ses->npapers; i++, k++)
            if (pub->papers[k].pdf)
                paper_item(&sb, &pub->papers[k], ++number);
        if (any)
            strbuf_adds(&sb, "</ul>\n");
    }
    strbuf_adds(&sb, "</div>\n\n");
    strbuf_addf(&sb, "<p rel=\"dcterms:relation\"><span about=\"%s\" typeof=\"bibo:Document\">The whole proceedings "
                     "can also be downloaded as a single file (<span property=\"dcterms:format\" "
                     "content=\"application/pdf\"></span><a property=\"bibo:uri\" content=\"" CEUR_VOLUME_URL
                     "%s\" href=\"%s\">PDF</a>, including the front matter).</span></p>\n\n<hr>\n",
                complete, complete, complete);
    time_t t = (time_t)build_epoch();
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof(tm));
    char *submitter = m->neditors ? person_display_name(&m->editors[0]) : xstrdup("the editors");
    strbuf_addf(&sb, "<span class=\"unobtrusive\">%04d-%02d-%02d: submitted by ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday);
    esc(&sb, submitter);
    strbuf_adds(&sb, ", metadata incl. bibliographic data published under <a "
                     "href=\"https://creativecommons.org/publicdomain/zero/1.0/\">Creative Commons CC0</a><br>\n"
                     "<span property=\"dcterms:issued\" datatype=\"xsd:date\" class=\"CEURPUBDATE\">yyyy-mm-dd"
                     "</span>: published on CEUR-WS.org\n</span>\n</body>\n</html>\n");
    free(submitter);
    free(year);
    return strbuf_detach(&sb);
}

bool publish_ceur(const struct publication *pub, const char *dir)
{
    if (!pub_mkdir(dir))
        return false;
    bool ok = true;
    int number = 0;
    for (size_t i = 0; ok && i < pub->npapers; i++) {
        if (!pub->papers[i].pdf)
            continue;
        char *name = xasprintf("paper%d.pdf", ++number);
        char *to = path_join(dir, name);
        ok = pub_copy(pub->papers[i].pdf, to);
        free(to);
        free(name);
    }
    if (ok && pub->front_pdf) {
        char *to = path_join(dir, "preface.pdf");
        ok = pub_write(to, pub->front_pdf, pub->front_pdf_len);
        free(to);
    }
    char *slug = pub_slug(pub->m->short_title ? pub->m->short_title : pub->m->title, false);
    char *complete = xasprintf("%s-complete.pdf", slug);
    free(slug);
    if (ok) {
        char *to = path_join(dir, complete);
        ok = pub_copy(pub->volume_pdf, to);
        free(to);
    }
    if (ok) {
        char *html = index_html(pub, complete);
        char *to = path_join(dir, "index.html");
        ok = pub_write(to, html, strlen(html));
        free(to);
        free(html);
    }
    free(complete);
    return ok;
}
