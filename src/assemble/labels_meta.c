/* labels_meta: what the volume and the split papers carry besides pages
 * and bookmarks: the links of the generated pages (TOC, indexes), page
 * labels (the printed numbers, roman and arabic), and the document info
 * and XMP metadata (title, people, subject, keywords, dates from
 * SOURCE_DATE_EPOCH). */
#include "assemble_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "base/escape.h"
#include "base/util.h"

/* A link on a generated page to another page of the volume; skipped
 * when either page is not in o. */
static void add_link(const struct asm_ctx *c, struct out *o, const struct vlink *l)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    if (l->vpage < 0 || (size_t)l->vpage >= v->npages || l->target_vpage < 0 ||
        (size_t)l->target_vpage >= v->npages || o->index_of[l->vpage] < 0 || o->index_of[l->target_vpage] < 0)
        return;
    qpdf_oh annot = qpdfh_new_indirect_dict(q);
    qpdfh_put_name(q, annot, "/Type", "/Annot");
    qpdfh_put_name(q, annot, "/Subtype", "/Link");
    double rect[4] = {fmin(l->x0, l->x1), fmin(l->y0, l->y1), fmax(l->x0, l->x1), fmax(l->y0, l->y1)};
    qpdfh_put(q, annot, "/Rect", qpdfh_number_array(q, rect, 4));
    qpdfh_put(q, annot, "/Border", qpdfh_number_array(q, (double[]){0, 0, 0}, 3));
    qpdfh_put(q, annot, "/Dest", build_dest(c, o, NULL, l->target_vpage, 0));
    qpdf_oh page = qpdf_get_page_n(q, (size_t)o->index_of[l->vpage]);
    qpdf_oh annots = qpdfh_key(q, page, "/Annots");
    if (qpdf_oh_is_array(q, annots)) {
        qpdf_oh_append_item(q, annots, annot);
    } else {
        qpdf_oh_release(q, annots);
        annots = qpdf_oh_new_array(q);
        qpdf_oh_append_item(q, annots, annot);
        qpdf_oh_replace_key(q, page, "/Annots", annots);
    }
    qpdf_oh_release(q, annots);
    qpdf_oh_release(q, page);
    qpdf_oh_release(q, annot);
}

/* The links of the generated pages (TOC, indexes), from typeset. */
void add_links(const struct asm_ctx *c, struct out *o)
{
    for (size_t i = 0; i < c->nlinks; i++)
        add_link(c, o, &c->links[i]);
}

/* A /PageLabels range: lower-case roman or decimal numbers from start. */
static qpdf_oh label_range(qpdf_data q, enum numbering numbering, int start)
{
    qpdf_oh range = qpdf_oh_new_dictionary(q);
    qpdfh_put_name(q, range, "/S", numbering == NUM_ROMAN ? "/r" : "/D");
    if (start > 1)
        qpdfh_put(q, range, "/St", qpdf_oh_new_integer(q, start));
    return range;
}

/* catalog /PageLabels << /Nums nums >>, releasing nums. */
static void set_page_labels(qpdf_data q, qpdf_oh nums)
{
    qpdf_oh labels = qpdf_oh_new_dictionary(q);
    qpdfh_put(q, labels, "/Nums", nums);
    qpdf_oh catalog = qpdf_get_root(q);
    qpdfh_put(q, catalog, "/PageLabels", labels);
    qpdf_oh_release(q, catalog);
}

/* /PageLabels: a new range wherever the printed numbering breaks. */
void add_page_labels(const struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    qpdf_oh nums = qpdf_oh_new_array(q);
    const struct vpage *prev = NULL;
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *p = &v->pages[i];
        bool starts = !prev || p->numbering != prev->numbering || p->number != prev->number + 1;
        prev = p;
        if (!starts || o->index_of[i] < 0)
            continue;
        qpdfh_push(q, nums, qpdf_oh_new_integer(q, o->index_of[i]));
        qpdfh_push(q, nums, label_range(q, p->numbering, p->number));
    }
    set_page_labels(q, nums);
}

/* One decimal range from first_number: the paper's printed numbers. */
void add_paper_labels(qpdf_data q, int first_number)
{
    qpdf_oh nums = qpdf_oh_new_array(q);
    qpdfh_push(q, nums, qpdf_oh_new_integer(q, 0));
    qpdfh_push(q, nums, label_range(q, NUM_ARABIC, first_number));
    set_page_labels(q, nums);
}

/* What the document info and XMP say. */
struct doc_meta {
    const char *title;    /* may be NULL */
    char *author;         /* names joined by ", "; owned, may be NULL */
    const char *subject;  /* may be NULL */
    char *keywords;       /* joined by ", "; owned, may be NULL */
};

/* Append item to a ", "-separated list, unless it is empty. */
static void join(struct strbuf *sb, const char *item)
{
    if (!item || !*item)
        return;
    if (sb->len)
        strbuf_adds(sb, ", ");
    strbuf_adds(sb, item);
}

/* "Given Family, Given Family" of a list of people; NULL when empty. */
static char *join_people(const struct person *people, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *name = person_display_name(&people[i]);
        join(&sb, name);
        free(name);
    }
    return sb.len ? strbuf_detach(&sb) : NULL;
}

/* The XMP packet (UTF-8) for m. */
static char *xmp_packet(const struct doc_meta *m, const struct person *people, size_t npeople, const char *date,
                        const char *producer)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                     "  <rdf:Description rdf:about=\"\"\n"
                     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                     "   <dc:format>application/pdf</dc:format>\n");
    if (m->title && *m->title) {
        strbuf_adds(&sb, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escape(&sb, m->title);
        strbuf_adds(&sb, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (npeople) {
        strbuf_adds(&sb, "   <dc:creator><rdf:Seq>");
        for (size_t i = 0; i < npeople; i++) {
            char *name = person_display_name(&people[i]);
            strbuf_adds(&sb, "<rdf:li>");
            xml_escape(&sb, name);
            strbuf_adds(&sb, "</rdf:li>");
            free(name);
        }
        strbuf_adds(&sb, "</rdf:Seq></dc:creator>\n");
    }
    if (m->subject && *m->subject) {
        strbuf_adds(&sb, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escape(&sb, m->subject);
        strbuf_adds(&sb, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    strbuf_addf(&sb, "   <xmp:CreateDate>%s</xmp:CreateDate>\n", date);
    strbuf_addf(&sb, "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", date);
    strbuf_addf(&sb, "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", date);
    strbuf_adds(&sb, "   <xmp:CreatorTool>collate</xmp:CreatorTool>\n   <pdf:Producer>");
    xml_escape(&sb, producer);
    strbuf_adds(&sb, "</pdf:Producer>\n");
    if (m->keywords) {
        strbuf_adds(&sb, "   <pdf:Keywords>");
        xml_escape(&sb, m->keywords);
        strbuf_adds(&sb, "</pdf:Keywords>\n");
    }
    strbuf_adds(&sb, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    return strbuf_detach(&sb);
}

/* info[k] = value as a text string, when value is not empty. */
static void info_string(qpdf_data q, qpdf_oh info, const char *k, const char *value)
{
    if (value && *value)
        qpdfh_put(q, info, k, qpdf_oh_new_unicode_string(q, value));
}

/* Document info (unicode strings; qpdf_set_info_key would store raw
 * UTF-8 bytes) and an XMP stream on the catalog.  Dates come from
 * build_epoch (SOURCE_DATE_EPOCH). */
static void set_metadata(qpdf_data q, const struct doc_meta *m, const struct person *people, size_t npeople)
{
    time_t t = (time_t)build_epoch();
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof(tm));
    char pdf_date[40], iso_date[40];
    snprintf(pdf_date, sizeof(pdf_date), "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    snprintf(iso_date, sizeof(iso_date), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    char *producer = xasprintf("collate %s (libqpdf %s)", COLLATE_VERSION, qpdf_get_qpdf_version());

    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = qpdfh_key(q, trailer, "/Info");
    if (!qpdf_oh_is_dictionary(q, info)) {
        qpdf_oh_release(q, info);
        info = qpdfh_new_indirect_dict(q);
        qpdf_oh_replace_key(q, trailer, "/Info", info);
    }
    info_string(q, info, "/Title", m->title);
    info_string(q, info, "/Author", m->author);
    info_string(q, info, "/Subject", m->subject);
    info_string(q, info, "/Keywords", m->keywords);
    info_string(q, info, "/Creator", "collate");
    info_string(q, info, "/Producer", producer);
    info_string(q, info, "/CreationDate", pdf_date);
    info_string(q, info, "/ModDate", pdf_date);
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);

    char *xmp = xmp_packet(m, people, npeople, iso_date, producer);
    qpdf_oh stream = qpdfh_new_stream(q, xmp, strlen(xmp));
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    qpdfh_put_name(q, dict, "/Type", "/Metadata");
    qpdfh_put_name(q, dict, "/Subtype", "/XML");
    qpdf_oh_release(q, dict);
    qpdf_oh catalog = qpdf_get_root(q);
    qpdfh_put(q, catalog, "/Metadata", stream);
    qpdf_oh_release(q, catalog);
    free(xmp);
    free(producer);
}

/* The volume's: title, editors, event; keywords short title, year, place. */
void set_volume_metadata(qpdf_data q, const struct volume *v)
{
    const struct manifest *m = v->manifest;
    struct strbuf kw = STRBUF_INIT;
    join(&kw, m->short_title);
    join(&kw, m->year);
    join(&kw, m->location);
    struct doc_meta meta = {m->title, join_people(m->editors, m->neditors), m->event,
                            kw.len ? strbuf_detach(&kw) : NULL};
    strbuf_release(&kw);
    set_metadata(q, &meta, m->editors, m->neditors);
    free(meta.author);
    free(meta.keywords);
}

/* A paper's: title, authors, the volume's title, the paper's keywords. */
void set_paper_metadata(qpdf_data q, const struct volume *v, const struct paper *paper)
{
    struct strbuf kw = STRBUF_INIT;
    for (size_t i = 0; i < paper->nkeywords; i++)
        join(&kw, paper->keywords[i]);
    struct doc_meta meta = {paper->title, join_people(paper->authors, paper->nauthors), v->manifest->title,
                            kw.len ? strbuf_detach(&kw) : NULL};
    strbuf_release(&kw);
    set_metadata(q, &meta, paper->authors, paper->nauthors);
    free(meta.author);
    free(meta.keywords);
}
