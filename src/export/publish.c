/* publish: the build's outputs on disk joined with the manifest. */
#include "export/publish.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assemble/pagerange.h"
#include "base/diag.h"
#include "base/jsonread.h"

static const struct jnode *member(const struct jnode *obj, const char *key, enum jnode_kind kind)
{
    const struct jnode *v = jnode_get(obj, key);
    return v && v->kind == kind ? v : NULL;
}

static int member_int(const struct jnode *obj, const char *key)
{
    const struct jnode *v = member(obj, key, JNODE_NUMBER);
    return v && v->number >= 0 && v->number < 1e9 ? (int)v->number : 0;
}

static const struct jnode *find_paper(const struct jnode *papers, const char *id)
{
    for (size_t i = 0; i < papers->n; i++) {
        const struct jnode *idn = member(papers->items[i], "id", JNODE_STRING);
        if (idn && !strcmp(idn->text, id))
            return papers->items[i];
    }
    return NULL;
}

char *publication_default_split(const char *volume_pdf)
{
    size_t n = strlen(volume_pdf);
    if (n > 4 && str_ieq(volume_pdf + n - 4, ".pdf"))
        n -= 4;
    return xasprintf("%.*s-split", (int)n, volume_pdf);
}

struct publication *publication_load(const struct manifest *m, const char *volume_pdf, const char *split_dir)
{
    char *json_path = path_join(split_dir, "volume.json");
    struct srcloc loc = {json_path, 0, 0};
    size_t len = 0;
    char *text = read_file(json_path, &len);
    struct publication *pub = NULL;
    struct jnode *root = NULL;
    if (!text) {
        diag_error(&loc, "cannot read: %s", strerror(errno));
        goto out;
    }
    struct jsonread_error err;
    root = jsonread_parse(text, len, NULL, &err);
    const struct jnode *papers = root ? member(root, "papers", JNODE_ARRAY) : NULL;
    if (!papers) {
        loc.line = root ? 0 : err.line;
        loc.col = root ? 0 : err.col;
        diag_error(&loc, "not a collate volume description: %s", root ? "no 'papers' list" : err.msg);
        goto out;
    }
    pub = xcalloc(1, sizeof(*pub));
    pub->m = m;
    pub->volume_pdf = xstrdup(volume_pdf);
    pub->split_dir = xstrdup(split_dir);
    const struct jnode *epoch = member(root, "source_date_epoch", JNODE_NUMBER);
    pub->source_date_epoch = epoch && epoch->number >= 0 && epoch->number < 1e15 ? (long long)epoch->number : -1;
    pub->volume_pages = member_int(root, "pages");
    pub->front_pages = member_int(root, "front_matter_pages");
    pub->npapers = manifest_paper_count(m);
    pub->papers = xcalloc(pub->npapers ? pub->npapers : 1, sizeof(*pub->papers));
    char *bib = path_join(split_dir, "volume.bib");
    if (path_exists(bib))
        pub->volume_bib = bib;
    else
        free(bib);
    size_t k = 0;
    int missing = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++, k++) {
            struct pub_paper *pp = &pub->papers[k];
            pp->paper = &m->sessions[s].papers[i];
            pp->session = &m->sessions[s];
            pp->session_index = s;
            pp->abstract = xstrdup(pp->paper->abstract);
            const struct jnode *jp = find_paper(papers, pp->paper->id);
            if (!jp) {
                diag_error(&loc, "paper '%s' of the manifest is not in the built volume", pp->paper->id);
                missing++;
                continue;
            }
            pp->first_page = member_int(jp, "first_page");
            pp->last_page = member_int(jp, "last_page");
            pp->pdf_page = member_int(jp, "pdf_page");
            const struct jnode *doi = member(jp, "doi", JNODE_STRING);
            pp->doi = doi ? xstrdup(doi->text) : NULL;
            if (pp->first_page > 0) {
                char *name = xasprintf("%s.pdf", pp->paper->id);
                pp->pdf = path_join(split_dir, name);
                free(name);
                if (!path_exists(pp->pdf)) {
                    struct srcloc ploc = {pp->pdf, 0, 0};
                    diag_error(&ploc, "paper '%s': its PDF is missing from the split folder", pp->paper->id);
                    missing++;
                }
            }
        }
    /* Without the front matter length (older volume.json), the first
     * paper's page tells it. */
    if (!jnode_get(root, "front_matter_pages"))
        for (size_t i = 0; i < pub->npapers; i++)
            if (pub->papers[i].pdf_page > 0) {
                pub->front_pages = pub->papers[i].pdf_page - 1;
                break;
            }
    if (missing) {
        diag_hint("build the volume again: collate build MANIFEST --split %s", split_dir);
        publication_free(pub);
        pub = NULL;
    }
out:
    jnode_free(root);
    free(text);
    free(json_path);
    return pub;
}

void publication_free(struct publication *pub)
{
    if (!pub)
        return;
    for (size_t i = 0; i < pub->npapers; i++) {
        free(pub->papers[i].doi);
        free(pub->papers[i].pdf);
        free(pub->papers[i].abstract);
    }
    free(pub->papers);
    free(pub->volume_pdf);
    free(pub->split_dir);
    free(pub->front_pdf);
    free(pub->volume_bib);
    free(pub);
}

bool publication_cut_front_matter(struct publication *pub)
{
    if (pub->front_pages <= 0)
        return true;
    char *title = xasprintf("%s: Front Matter", pub->m->title);
    bool ok = pagerange_extract(pub->volume_pdf, 1, pub->front_pages, true, title, &pub->front_pdf,
                                &pub->front_pdf_len);
    free(title);
    return ok;
}

/* Modification time in nanoseconds; -1 when the file is missing. */
static long long mtime_ns(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

bool publication_stale(const struct manifest *m, const char *volume_pdf, const char *split_dir)
{
    char *json = path_join(split_dir, "volume.json");
    long long made = mtime_ns(volume_pdf), json_made = mtime_ns(json);
    free(json);
    if (made < 0 || json_made < 0)
        return true;
    if (json_made < made)
        made = json_made; /* the older of the two */
    if (mtime_ns(m->path) > made)
        return true;
    for (size_t i = 0; i < m->nfront + m->nback; i++) {
        const struct part *p = i < m->nfront ? &m->front[i] : &m->back[i - m->nfront];
        if (p->file && mtime_ns(p->file) > made)
            return true;
    }
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++) {
            const struct paper *p = &m->sessions[s].papers[i];
            if (mtime_ns(p->pdf_path) > made)
                return true;
            if (!p->archival)
                continue;
            char *name = xasprintf("%s.pdf", p->id);
            char *split = path_join(split_dir, name);
            bool gone = mtime_ns(split) < 0;
            free(name);
            free(split);
            if (gone)
                return true;
        }
    return false;
}

char *publication_year(const struct manifest *m)
{
    if (m->publication_date)
        return xstrndup(m->publication_date, 4);
    if (m->year)
        return xstrdup(m->year);
    if (m->start_date)
        return xstrndup(m->start_date, 4);
    return NULL;
}

size_t publication_archival_count(const struct publication *pub)
{
    size_t n = 0;
    for (size_t i = 0; i < pub->npapers; i++)
        n += pub->papers[i].pdf != NULL;
    return n;
}

void pub_escape(struct strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': strbuf_adds(sb, "&amp;"); break;
        case '<': strbuf_adds(sb, "&lt;"); break;
        case '>': strbuf_adds(sb, "&gt;"); break;
        case '"': strbuf_adds(sb, "&quot;"); break;
        case '\'': strbuf_adds(sb, "&#39;"); break;
        default: strbuf_addch(sb, *s);
        }
    }
}

bool pub_mkdir(const char *dir)
{
    if (mkdir_p(dir) == 0)
        return true;
    struct srcloc loc = {dir, 0, 0};
    diag_error(&loc, "cannot create folder: %s", strerror(errno));
    return false;
}

bool pub_write(const char *path, const void *data, size_t len)
{
    if (write_file_atomic(path, data, len) == 0)
        return true;
    struct srcloc loc = {path, 0, 0};
    diag_error(&loc, "cannot write: %s", strerror(errno));
    return false;
}

bool pub_write_sb(const char *path, const struct strbuf *sb)
{
    return pub_write(path, sb->buf ? sb->buf : "", sb->len);
}

bool pub_copy(const char *from, const char *to)
{
    size_t len = 0;
    char *data = read_file(from, &len);
    if (!data) {
        struct srcloc loc = {from, 0, 0};
        diag_error(&loc, "cannot read: %s", strerror(errno));
        return false;
    }
    bool ok = pub_write(to, data, len);
    free(data);
    return ok;
}

char *pub_slug(const char *s, bool lower)
{
    struct strbuf sb = STRBUF_INIT;
    bool gap = false;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) && c < 0x80) {
            if (gap && sb.len)
                strbuf_addch(&sb, '-');
            strbuf_addch(&sb, lower ? (char)tolower(c) : (char)c);
            gap = false;
        } else {
            gap = true;
        }
    }
    if (!sb.len)
        strbuf_adds(&sb, "volume");
    return strbuf_detach(&sb);
}

void pub_yaml_quote(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            strbuf_addf(sb, "\\%c", c);
        else if (c == '\n')
            strbuf_adds(sb, "\\n");
        else if (c == '\t')
            strbuf_adds(sb, "\\t");
        else if (c < 0x20 || c == 0x7F)
            strbuf_addf(sb, "\\x%02X", c);
        else
            strbuf_addch(sb, (char)c);
    }
    strbuf_addch(sb, '"');
}
