/* import_manifest: the starting proceedings.yaml written from imported
 * papers: a commented volume skeleton with TODO fields, the front and back
 * matter, and the papers grouped in sessions.  Every scalar is
 * double-quoted, so no text can change the YAML's structure. */
#include "import/importer.h"

#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

void yaml_quote(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *at = p;
        int32_t cp = utf8_next(&p, &left);
        if (cp < 0) { /* never in imported text; keep the output valid anyway */
            strbuf_adds(sb, "\\uFFFD");
            continue;
        }
        switch (cp) {
        case '"':
            strbuf_adds(sb, "\\\"");
            break;
        case '\\':
            strbuf_adds(sb, "\\\\");
            break;
        case '\n':
            strbuf_adds(sb, "\\n");
            break;
        case '\t':
            strbuf_adds(sb, "\\t");
            break;
        case '\r':
            strbuf_adds(sb, "\\r");
            break;
        default:
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
                cp == 0xFEFF)
                strbuf_addf(sb, "\\u%04X", (unsigned)cp);
            else
                strbuf_add(sb, at, (size_t)(p - at));
        }
    }
    strbuf_addch(sb, '"');
}

static void yaml_key_value(struct strbuf *sb, const char *indent, const char *key, const char *value)
{
    strbuf_addf(sb, "%s%s: ", indent, key);
    yaml_quote(sb, value);
    strbuf_addch(sb, '\n');
}

void import_author_yaml(struct strbuf *sb, const struct import_author *a)
{
    strbuf_adds(sb, "{given: ");
    yaml_quote(sb, a->given);
    strbuf_adds(sb, ", family: ");
    yaml_quote(sb, a->family);
    if (a->affiliation) {
        strbuf_adds(sb, ", affiliation: ");
        yaml_quote(sb, a->affiliation);
    }
    if (a->email) {
        strbuf_adds(sb, ", email: ");
        yaml_quote(sb, a->email);
    }
    if (a->orcid) {
        strbuf_adds(sb, ", orcid: ");
        yaml_quote(sb, a->orcid);
    }
    if (a->family_first)
        strbuf_adds(sb, ", family_first: true");
    strbuf_adds(sb, "}");
}

void import_paper_yaml(struct strbuf *sb, const struct import_paper *p, const char *dir, const char *indent)
{
    char *item = xasprintf("%s- ", indent), *more = xasprintf("%s  ", indent);
    yaml_key_value(sb, item, "id", p->id);
    yaml_key_value(sb, more, "title", p->title);
    strbuf_addf(sb, "%sauthors:\n", more);
    for (size_t i = 0; i < p->nauthors; i++) {
        strbuf_addf(sb, "%s  - ", more);
        import_author_yaml(sb, &p->authors[i]);
        strbuf_addch(sb, '\n');
    }
    if (p->nkeywords) {
        strbuf_addf(sb, "%skeywords: [", more);
        for (size_t i = 0; i < p->nkeywords; i++) {
            if (i)
                strbuf_adds(sb, ", ");
            yaml_quote(sb, p->keywords[i]);
        }
        strbuf_adds(sb, "]\n");
    }
    char *pdf = p->pdf ? xstrdup(p->pdf) : dir[0] ? xasprintf("%s/%s.pdf", dir, p->id) : xasprintf("%s.pdf", p->id);
    yaml_key_value(sb, more, "pdf", pdf);
    free(pdf);
    /* What the system records of the final version: build reports a file
     * in place that differs (stale_pdf). */
    if (p->pdf_sha256)
        yaml_key_value(sb, more, "pdf_sha256", p->pdf_sha256);
    else if (p->pdf_sha1)
        yaml_key_value(sb, more, "pdf_sha1", p->pdf_sha1);
    if (p->pdf_size > 0)
        strbuf_addf(sb, "%spdf_size: %lld\n", more, p->pdf_size);
    char *fp = import_paper_fingerprint(p);
    yaml_key_value(sb, more, "imported", fp);
    free(fp);
    free(item);
    free(more);
}

/* The session name of each paper, in the order they first appear, into
 * names (room for npapers); returns how many. */
static size_t session_names(const struct import_result *res, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < res->npapers; i++) {
        const char *name = res->papers[i].session ? res->papers[i].session : "Papers";
        size_t k = 0;
        while (k < n && strcmp(names[k], name))
            k++;
        if (k == n)
            names[n++] = name;
    }
    return n;
}

size_t import_session_count(const struct import_result *res)
{
    const char **names = xcalloc(res->npapers + 1, sizeof(*names));
    size_t n = session_names(res, names);
    free(names);
    return n;
}

static const char manifest_volume[] =
    "# Every \"TODO\" below is yours to fill in; the other volume fields are\n"
    "# optional (see \"The manifest\" in collate's README).\n"
    "volume:\n"
    "  title: \"TODO: volume title (Proceedings of ...)\"\n"
    "  short_title: \"TODO: short title\"        # running heads, e.g. \"XYZ 2025\"\n"
    "  event: \"TODO: event name\"\n"
    "  location: \"TODO: city, country\"\n"
    "  dates: \"TODO: dates\"\n"
    "  year: \"TODO: year\"\n"
    "  publisher: \"TODO: publisher\"\n"
    "  # publisher_address: \"...\"\n"
    "  # editors:\n"
    "  #   - {given: \"...\", family: \"...\", affiliation: \"...\"}\n"
    "  # isbn: \"...\"\n"
    "  # doi_prefix: \"10.xxxx/...\"            # paper DOI = prefix.id\n"
    "  # notice: \"...\"                        # on the first page of each paper\n"
    "  copyright: \"TODO: the text of the copyright page\"\n"
    "\n";

static void write_parts(struct strbuf *sb, const char *key, const struct style_part *parts, size_t n)
{
    strbuf_addf(sb, "%s:\n", key);
    for (size_t i = 0; i < n; i++) {
        const struct style_part *p = &parts[i];
        if (!p->value && !p->title) {
            strbuf_adds(sb, "  - ");
            yaml_quote(sb, p->kind);
            strbuf_addch(sb, '\n');
            continue;
        }
        strbuf_addf(sb, "  - {%s: ", p->kind);
        if (p->value)
            yaml_quote(sb, p->value);
        else
            strbuf_adds(sb, "true");
        if (p->title) {
            strbuf_adds(sb, ", title: ");
            yaml_quote(sb, p->title);
        }
        strbuf_adds(sb, "}\n");
    }
}

/* Front and back matter as the style's publisher prints them, the recto
 * settings, and a committee to fill in when the front matter lists one. */
static void write_matter(struct strbuf *sb, const struct style *st)
{
    static char title_page[] = "title_page", copyright_page[] = "copyright_page", toc[] = "toc",
                author_index[] = "author_index";
    static const struct style_part front[] = {{title_page, NULL, NULL}, {copyright_page, NULL, NULL},
                                              {toc, NULL, NULL}};
    static const struct style_part back[] = {{author_index, NULL, NULL}};
    bool own = st && st->ninit_front > 0;
    strbuf_adds(sb, "\n# Parts before and after the papers, in this order");
    strbuf_adds(sb, own ? ", as the style's publisher prints them.\n" : ".\n");
    strbuf_adds(sb, "# Also available: committees, {message: FILE, title: ...}, keyword_index.\n");
    if (own)
        write_parts(sb, "front_matter", st->init_front, st->ninit_front);
    else
        write_parts(sb, "front_matter", front, ARRAY_SIZE(front));
    if (st && st->ninit_back > 0)
        write_parts(sb, "back_matter", st->init_back, st->ninit_back);
    else
        write_parts(sb, "back_matter", back, ARRAY_SIZE(back));
    strbuf_adds(sb, "\n# recto: each paper starts on a right-hand (odd) page, with blank pages\n"
                    "# where needed.  front_matter_recto: each part above starts on one.\n");
    strbuf_addf(sb, "recto: %s\n", st && st->recto ? "true" : "false");
    strbuf_addf(sb, "front_matter_recto: %s\n\n", st && st->front_matter_recto ? "true" : "false");
    bool committees = false;
    for (size_t i = 0; own && i < st->ninit_front; i++)
        committees = committees || !strcmp(st->init_front[i].kind, "committees");
    if (committees)
        strbuf_adds(sb, "# The committees listed by the 'committees' part.\n"
                        "committees:\n"
                        "  - name: \"Program Committee Chairs\"\n"
                        "    members:\n"
                        "      - {given: \"TODO\", family: \"TODO\", affiliation: \"TODO\"}\n"
                        "  - name: \"Program Committee\"\n"
                        "    members:\n"
                        "      - {given: \"TODO\", family: \"TODO\", affiliation: \"TODO\"}\n\n");
}

char *import_manifest_yaml(const struct import_result *res, const struct import_manifest_options *opts)
{
    const char *style = opts && opts->style ? opts->style : "ieee-conference";
    char *dir = xstrdup(opts && opts->papers_dir ? opts->papers_dir : "papers");
    size_t dn = strlen(dir);
    while (dn > 1 && dir[dn - 1] == '/')
        dir[--dn] = '\0';
    if (!strcmp(dir, "."))
        dir[0] = '\0';

    const char **sessions = xcalloc(res->npapers + 1, sizeof(*sessions));
    size_t nsessions = session_names(res, sessions);

    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "# proceedings manifest written by 'collate init'");
    if (opts && opts->source)
        strbuf_addf(&sb, " from %s", opts->source);
    strbuf_addf(&sb, ":\n# %zu paper%s in %zu session%s.  Next steps:\n", res->npapers,
                res->npapers == 1 ? "" : "s", nsessions, nsessions == 1 ? "" : "s");
    strbuf_adds(&sb, "#   1. fill in the volume fields marked TODO;\n");
    strbuf_addf(&sb, "#   2. put each camera-ready PDF at %s%s<id>.pdf (or change 'pdf:');\n", dir,
                dir[0] ? "/" : "");
    strbuf_adds(&sb, "#   3. check the sessions, their order and the author names;\n"
                     "#   4. run 'collate build' on this file.\n"
                     "# 'imported:' records what the export said of each paper, so that\n"
                     "# 'collate init --update' can tell its changes from yours.\n\n");
    strbuf_adds(&sb, manifest_volume);
    strbuf_adds(&sb, "# A style from 'collate styles', or a path to a style .yml file.\n");
    yaml_key_value(&sb, "", "style", style);
    write_matter(&sb, opts ? opts->style_def : NULL);
    strbuf_adds(&sb, "# Sessions in programme order; each may have a chair: \"...\".\n"
                     "# Authors are {given, family}; particles (van, de, ...) belong to the family.\n"
                     "sessions:\n");
    for (size_t s = 0; s < nsessions; s++) {
        yaml_key_value(&sb, "  - ", "title", sessions[s]);
        strbuf_adds(&sb, "    papers:\n");
        for (size_t i = 0; i < res->npapers; i++) {
            const struct import_paper *p = &res->papers[i];
            if (!strcmp(p->session ? p->session : "Papers", sessions[s]))
                import_paper_yaml(&sb, p, dir, "      ");
        }
    }
    free(sessions);
    free(dir);
    return strbuf_detach(&sb);
}
