/* export: volume.json and BibTeX for a paginated volume. */
#include "export/export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "base/diag.h"
#include "base/digest.h"
#include "base/json.h"
#include "base/util.h"

static bool write_out(const char *path, const struct strbuf *sb)
{
    if (write_file_atomic(path, sb->buf ? sb->buf : "", sb->len) != 0) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "cannot write: %s", strerror(errno));
        return false;
    }
    return true;
}

bool export_volume_json(const struct volume *v, const char *path)
{
    const struct manifest *m = v->manifest;
    char *dir = path_dirname(path);
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_object(&j);
    json_key(&j, "schema");
    json_string(&j, "collate-volume/1");
    json_key(&j, "collate_version");
    json_string(&j, COLLATE_VERSION);
    json_key(&j, "title");
    json_string(&j, m->title);
    json_key(&j, "short_title");
    json_string(&j, m->short_title);
    json_key(&j, "isbn");
    json_string(&j, m->isbn);
    /* The date the volume's metadata carries: an erratum reuses it, so
     * the volume stays the same outside the corrected paper. */
    json_key(&j, "source_date_epoch");
    json_int(&j, (long long)build_epoch());
    json_key(&j, "pages");
    json_int(&j, (long long)v->npages);
    long long front = 0; /* roman-numbered pages before the first paper */
    while ((size_t)front < v->npages && v->pages[front].numbering == NUM_ROMAN)
        front++;
    json_key(&j, "front_matter_pages");
    json_int(&j, front);
    json_key(&j, "papers");
    json_begin_array(&j);
    for (size_t i = 0; i < v->npapers; i++) {
        const struct vpaper *p = &v->papers[i];
        json_begin_object(&j);
        json_key(&j, "id");
        json_string(&j, p->paper->id);
        json_key(&j, "title");
        json_string(&j, p->paper->title);
        json_key(&j, "session");
        json_string(&j, p->session->title);
        json_key(&j, "authors");
        json_begin_array(&j);
        for (size_t k = 0; k < p->paper->nauthors; k++) {
            char *name = person_display_name(&p->paper->authors[k]);
            json_string(&j, name);
            free(name);
        }
        json_end_array(&j);
        json_key(&j, "archival");
        json_bool(&j, p->paper->archival);
        if (p->npages > 0) {
            json_key(&j, "first_page");
            json_int(&j, p->first_number);
            json_key(&j, "last_page");
            json_int(&j, p->last_number);
            json_key(&j, "pdf_page");
            json_int(&j, p->first_vpage + 1);
            /* The stamped PDF beside it, when written: an erratum changes it. */
            char *name = xasprintf("%s.pdf", p->paper->id);
            char *file = path_join(dir, name);
            char *sha = digest_file_hex(DIGEST_SHA256, file, NULL);
            if (sha) {
                json_key(&j, "sha256");
                json_string(&j, sha);
            }
            free(sha);
            free(file);
            free(name);
        }
        char *doi = manifest_paper_doi(m, v->style->paper_doi, p->paper);
        json_key(&j, "doi");
        json_string(&j, doi);
        free(doi);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_end_object(&j);
    strbuf_addch(&sb, '\n');
    bool ok = write_out(path, &sb);
    strbuf_release(&sb);
    free(dir);
    return ok;
}

/* BibTeX field value: braces balanced, specials protected.  Text stays
 * UTF-8 (biber and bibtex8 read it; LaTeX users load inputenc). */
static void bib_value(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '{');
    int depth = 0;
    for (; *s; s++) {
        if (*s == '{')
            depth++;
        if (*s == '}' && depth == 0)
            continue; /* unbalanced: drop */
        if (*s == '}')
            depth--;
        if (*s == '%' || *s == '&' || *s == '#' || *s == '_' || *s == '$')
            strbuf_addch(sb, '\\');
        strbuf_addch(sb, *s == '\n' ? ' ' : *s);
    }
    while (depth-- > 0)
        strbuf_addch(sb, '}');
    strbuf_addch(sb, '}');
}

static void bib_field(struct strbuf *sb, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    strbuf_addf(sb, "  %-9s = ", name);
    bib_value(sb, value);
    strbuf_adds(sb, ",\n");
}

static char *bib_people(const struct person *people, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const struct person *p = &people[i];
        if (i)
            strbuf_adds(&sb, " and ");
        if (p->family[0] && p->given[0])
            strbuf_addf(&sb, "%s, %s", p->family, p->given);
        else if (p->family[0] || p->given[0])
            strbuf_adds(&sb, p->family[0] ? p->family : p->given);
        else if (p->native)
            strbuf_adds(&sb, p->native);
    }
    return strbuf_detach(&sb);
}

bool export_bibtex(const struct volume *v, const char *path)
{
    const struct manifest *m = v->manifest;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addf(&sb, "%% %s\n%% generated by collate %s\n\n", m->title, COLLATE_VERSION);
    char *editors = bib_people(m->editors, m->neditors);
    for (size_t i = 0; i < v->npapers; i++) {
        const struct vpaper *p = &v->papers[i];
        char *authors = bib_people(p->paper->authors, p->paper->nauthors);
        char *doi = manifest_paper_doi(m, v->style->paper_doi, p->paper);
        char *pages = p->npages > 0 ? xasprintf("%d--%d", p->first_number, p->last_number) : NULL;
        char *keywords = NULL;
        if (p->paper->nkeywords) {
            struct strbuf kw = STRBUF_INIT;
            for (size_t k = 0; k < p->paper->nkeywords; k++)
                strbuf_addf(&kw, "%s%s", k ? ", " : "", p->paper->keywords[k]);
            keywords = strbuf_detach(&kw);
        }
        strbuf_addf(&sb, "@inproceedings{%s,\n", p->paper->id);
        bib_field(&sb, "author", authors);
        bib_field(&sb, "title", p->paper->title);
        bib_field(&sb, "booktitle", m->title);
        bib_field(&sb, "editor", editors);
        bib_field(&sb, "pages", pages);
        bib_field(&sb, "year", m->year);
        bib_field(&sb, "publisher", m->publisher);
        bib_field(&sb, "address", m->location);
        bib_field(&sb, "isbn", m->isbn);
        bib_field(&sb, "doi", doi);
        bib_field(&sb, "keywords", keywords);
        strbuf_adds(&sb, "}\n\n");
        free(authors);
        free(doi);
        free(pages);
        free(keywords);
    }
    free(editors);
    bool ok = write_out(path, &sb);
    strbuf_release(&sb);
    return ok;
}
