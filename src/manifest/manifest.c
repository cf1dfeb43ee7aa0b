/* manifest: proceedings.yaml → struct manifest, reporting every error. */
#include "manifest/manifest.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "base/utf8.h"
#include "manifest/style.h"
#include "manifest/ydoc.h"

#define MAX_TEXT 4096         /* bytes in one title, name or line */
#define MAX_LONG_TEXT 65536   /* bytes in the copyright text */

/* Errors are counted by diag, so those reported by the YAML helpers count
 * too: the loader only remembers where the count stood. */
struct loader {
    struct manifest *m;
    int errors_before; /* diag_error_count() when loading started */
};

static int loader_errors(const struct loader *ld)
{
    return diag_error_count() - ld->errors_before;
}

/* A string field: scalar, bounded, no control characters but newlines in
 * long text. */
static char *text(struct loader *ld, const struct ynode *map, const char *key, bool required, size_t max)
{
    const struct ynode *node = ynode_get(map, key);
    if (!node || ynode_is_null(node)) {
        if (required)
            diag_error(&map->loc, "'%s' is required here", key);
        return NULL;
    }
    if (node->kind != YNODE_SCALAR) {
        diag_error(&node->loc, "'%s' must be text, not %s", key, ynode_kind_name(node->kind));
        return NULL;
    }
    size_t n = strlen(node->value);
    if (n > max) {
        diag_error(&node->loc, "'%s' is too long (%zu bytes; at most %zu)", key, n, max);
        return NULL;
    }
    for (const unsigned char *p = (const unsigned char *)node->value; *p; p++)
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F) {
            diag_error(&node->loc, "'%s' contains a control character (byte 0x%02X)", key, *p);
            return NULL;
        }
    if (required && !node->value[0]) {
        diag_error(&node->loc, "'%s' must not be empty", key);
        return NULL;
    }
    return xstrdup(node->value);
}

static void check_keys(const struct ynode *map, const char *const *allowed, const char *where)
{
    ynode_warn_unknown_keys(map, allowed, where);
}

static bool expect_map(struct loader *ld, const struct ynode *node, const char *what)
{
    if (node && node->kind == YNODE_MAP)
        return true;
    if (node)
        diag_error(&node->loc, "%s must be a mapping, not %s", what, ynode_kind_name(node->kind));
    return false;
}

static bool expect_seq(struct loader *ld, const struct ynode *node, const char *what)
{
    if (node && node->kind == YNODE_SEQ)
        return true;
    if (node)
        diag_error(&node->loc, "%s must be a list, not %s", what, ynode_kind_name(node->kind));
    return false;
}

/* The path rel (under dir) spelt as it is on disk, when the only
 * difference is letter case ("Papers/P1.pdf" for "papers/p1.pdf"); NULL
 * when there is no such file or more than one.  Caller frees. */
static char *case_variant(const char *dir, const char *rel)
{
    if (rel[0] == '/')
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    const char *s = rel;
    bool ok = true;
    while (ok && *s) {
        size_t n = strcspn(s, "/");
        char *want = xstrndup(s, n);
        char *at = path_join(dir, sb.len ? sb.buf : ".");
        char *exact = path_join(at, want);
        if (n == 0 || !strcmp(want, ".") || !strcmp(want, "..") || path_exists(exact)) {
            strbuf_adds(&sb, want);
        } else {
            ok = false;
            DIR *d = opendir(at);
            struct dirent *de;
            char *found = NULL;
            int matches = 0;
            while (d && (de = readdir(d)))
                if (!strcasecmp(de->d_name, want)) {
                    matches++;
                    free(found);
                    found = xstrdup(de->d_name);
                }
            if (d)
                closedir(d);
            if (matches == 1) {
                strbuf_adds(&sb, found);
                ok = true;
            }
            free(found);
        }
        free(exact);
        free(at);
        free(want);
        s += n;
        if (*s == '/') {
            strbuf_addch(&sb, '/');
            s++;
        }
    }
    if (!ok || !strcmp(sb.buf ? sb.buf : "", rel)) {
        strbuf_release(&sb);
        return NULL;
    }
    char *full = path_join(dir, sb.buf);
    bool exists = path_exists(full);
    free(full);
    if (!exists) {
        strbuf_release(&sb);
        return NULL;
    }
    return strbuf_detach(&sb);
}

/* A hint for a missing file whose name differs only in case from one on disk. */
static void hint_case(const char *dir, const char *rel)
{
    char *other = case_variant(dir, rel);
    if (other)
        diag_hint("'%s' exists: file names are case-sensitive", other);
    free(other);
}

/* given and family of p from a name as written (the one splitter). */
static void set_name(struct person *p, const char *name, bool family_first)
{
    struct person_name pn;
    person_parse_name(name, family_first, &pn);
    p->given = pn.given;
    p->family = pn.family;
    p->family_first = pn.family_first;
}

/* A person is a mapping or a string "Given Names Family" (see
 * person_parse_name for the forms understood). */
static void load_person(struct loader *ld, const struct ynode *node, struct person *p)
{
    static const char *const keys[] = {"given", "family", "native", "sort_as", "affiliation", "orcid",
                                       "email", "name", "family_first", NULL};
    p->loc = node->loc;
    if (node->kind == YNODE_SCALAR) {
        const char *s = node->value;
        if (!s[strspn(s, " \t")]) {
            diag_error(&node->loc, "a person's name must not be empty");
            return;
        }
        if (strlen(s) > MAX_TEXT) {
            diag_error(&node->loc, "name is too long");
            return;
        }
        set_name(p, s, false);
        return;
    }
    if (!expect_map(ld, node, "a person"))
        return;
    check_keys(node, keys, "a person");
    ynode_bool(ynode_get(node, "family_first"), "family_first", &p->family_first);
    p->given = text(ld, node, "given", false, MAX_TEXT);
    p->family = text(ld, node, "family", false, MAX_TEXT);
    char *name = text(ld, node, "name", false, MAX_TEXT);
    if (name && !p->given && !p->family)
        set_name(p, name, p->family_first);
    free(name);
    p->native = text(ld, node, "native", false, MAX_TEXT);
    p->sort_as = text(ld, node, "sort_as", false, MAX_TEXT);
    p->affiliation = text(ld, node, "affiliation", false, MAX_TEXT);
    p->orcid = text(ld, node, "orcid", false, 64);
    p->email = text(ld, node, "email", false, MAX_TEXT);
    if (!p->given)
        p->given = xstrdup("");
    if (!p->family)
        p->family = xstrdup("");
    if (!p->given[0] && !p->family[0] && !p->native)
        diag_error(&node->loc, "a person needs 'given' and 'family' names (or 'native')");
    if (p->orcid) {
        char *bare = person_orcid_normalize(p->orcid);
        if (!bare) {
            diag_error(&ynode_get(node, "orcid")->loc,
                       "'%s' is not a valid ORCID iD (0000-0002-1825-0097 form, with its check digit)", p->orcid);
        } else {
            free(p->orcid);
            p->orcid = bare;
        }
    }
}

static void load_people(struct loader *ld, const struct ynode *node, const char *what, struct person **out,
                        size_t *n)
{
    if (!node || !expect_seq(ld, node, what))
        return;
    *out = xcalloc(node->n, sizeof(**out));
    *n = node->n;
    for (size_t i = 0; i < node->n; i++)
        load_person(ld, node->items[i], &(*out)[i]);
}

static void load_keywords(struct loader *ld, const struct ynode *node, struct paper *p)
{
    if (!node || ynode_is_null(node))
        return;
    if (node->kind == YNODE_SCALAR) { /* "a; b; c" or "a, b, c" */
        const char *sep = strchr(node->value, ';') ? ";" : ",";
        char *copy = xstrdup(node->value);
        size_t cap = 0;
        for (char *save = NULL, *tok = strtok_r(copy, sep, &save); tok; tok = strtok_r(NULL, sep, &save)) {
            while (*tok == ' ')
                tok++;
            size_t len = strlen(tok);
            while (len > 0 && tok[len - 1] == ' ')
                tok[--len] = '\0';
            if (len)
                *(char **)ARRAY_PUSH(p->keywords, p->nkeywords, cap) = xstrdup(tok);
        }
        free(copy);
        return;
    }
    if (!expect_seq(ld, node, "'keywords'"))
        return;
    p->keywords = xcalloc(node->n, sizeof(*p->keywords));
    for (size_t i = 0; i < node->n; i++) {
        const struct ynode *k = node->items[i];
        if (k->kind != YNODE_SCALAR || strlen(k->value) > MAX_TEXT) {
            diag_error(&k->loc, "a keyword must be short text");
            continue;
        }
        p->keywords[p->nkeywords++] = xstrdup(k->value);
    }
}

/* What the submission system records of the final version (written by
 * collate init): its hash must be hex of the right length. */
static void load_pdf_record(struct loader *ld, const struct ynode *node, struct paper *p)
{
    static const char *const hash_keys[] = {"pdf_sha256", "pdf_sha1"};
    char **slots[] = {&p->pdf_sha256, &p->pdf_sha1};
    for (size_t k = 0; k < 2; k++) {
        char *h = text(ld, node, hash_keys[k], false, 64);
        size_t n = h ? strlen(h) : 0, want = k ? 40 : 64;
        bool hex = n == want;
        for (size_t i = 0; hex && i < n; i++)
            hex = isxdigit((unsigned char)h[i]);
        if (h && !hex) {
            diag_error(&ynode_get(node, hash_keys[k])->loc, "'%s' must be %zu hexadecimal digits", hash_keys[k], want);
            free(h);
            h = NULL;
        }
        for (size_t i = 0; i < n && h; i++)
            h[i] = (char)tolower((unsigned char)h[i]);
        *slots[k] = h;
    }
    long size = 0;
    if (ynode_int(ynode_get(node, "pdf_size"), "pdf_size", 1, LONG_MAX, &size))
        p->pdf_size = size;
}

static void load_paper(struct loader *ld, const struct ynode *node, struct paper *p)
{
    static const char *const keys[] = {"id", "title", "short_title", "authors", "keywords", "pdf", "doi",
                                       "archival", "abstract", "pdf_sha256", "pdf_sha1", "pdf_size",
                                       "imported", NULL};
    p->loc = node->loc;
    p->archival = true;
    if (!expect_map(ld, node, "a paper"))
        return;
    check_keys(node, keys, "a paper");
    p->id = text(ld, node, "id", true, 128);
    p->title = text(ld, node, "title", true, MAX_TEXT);
    p->short_title = text(ld, node, "short_title", false, MAX_TEXT);
    p->pdf = text(ld, node, "pdf", true, MAX_TEXT);
    p->doi = text(ld, node, "doi", false, 256);
    p->abstract = text(ld, node, "abstract", false, MAX_LONG_TEXT);
    ynode_bool(ynode_get(node, "archival"), "archival", &p->archival);
    load_pdf_record(ld, node, p);
    const struct ynode *authors = ynode_get(node, "authors");
    if (!authors)
        diag_error(&node->loc, "paper '%s' has no 'authors'", p->id ? p->id : "?");
    load_people(ld, authors, "'authors'", &p->authors, &p->nauthors);
    if (authors && authors->kind == YNODE_SEQ && authors->n == 0)
        diag_error(&authors->loc, "paper '%s' has an empty author list", p->id ? p->id : "?");
    load_keywords(ld, ynode_get(node, "keywords"), p);
    if (p->id)
        for (const char *c = p->id; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.') {
                diag_error(&ynode_get(node, "id")->loc,
                         "paper id '%s' may only contain letters, digits, '-', '_' and '.' "
                         "(it names the paper's own PDF)", p->id);
                break;
            }
}

static void load_papers(struct loader *ld, const struct ynode *node, struct session *s)
{
    if (!node) {
        diag_error(&s->loc, "session '%s' has no 'papers'", s->title ? s->title : "");
        return;
    }
    if (!expect_seq(ld, node, "'papers'"))
        return;
    s->papers = xcalloc(node->n, sizeof(*s->papers));
    s->npapers = node->n;
    for (size_t i = 0; i < node->n; i++)
        load_paper(ld, node->items[i], &s->papers[i]);
}

static void load_sessions(struct loader *ld, const struct ynode *root)
{
    struct manifest *m = ld->m;
    const struct ynode *sessions = ynode_get(root, "sessions");
    const struct ynode *papers = ynode_get(root, "papers");
    if (sessions && papers) {
        diag_error(&papers->loc, "give either 'sessions' or 'papers', not both");
        return;
    }
    if (papers) { /* a volume without sessions: one untitled session */
        m->sessions = xcalloc(1, sizeof(*m->sessions));
        m->nsessions = 1;
        m->sessions[0].loc = papers->loc;
        load_papers(ld, papers, &m->sessions[0]);
        return;
    }
    if (!sessions) {
        diag_error(&root->loc, "the manifest lists no papers: add 'sessions' (or 'papers')");
        return;
    }
    if (!expect_seq(ld, sessions, "'sessions'"))
        return;
    static const char *const keys[] = {"title", "chair", "papers", NULL};
    m->sessions = xcalloc(sessions->n, sizeof(*m->sessions));
    m->nsessions = sessions->n;
    for (size_t i = 0; i < sessions->n; i++) {
        const struct ynode *node = sessions->items[i];
        struct session *s = &m->sessions[i];
        s->loc = node->loc;
        if (!expect_map(ld, node, "a session"))
            continue;
        check_keys(node, keys, "a session");
        s->title = text(ld, node, "title", true, MAX_TEXT);
        s->chair = text(ld, node, "chair", false, MAX_TEXT);
        load_papers(ld, ynode_get(node, "papers"), s);
    }
}

static const char *const part_names[PART_KIND_COUNT + 1] = {
    [PART_TITLE_PAGE] = "title_page",   [PART_COPYRIGHT_PAGE] = "copyright_page",
    [PART_MESSAGE] = "message",         [PART_COMMITTEES] = "committees",
    [PART_TOC] = "toc",                 [PART_AUTHOR_INDEX] = "author_index",
    [PART_KEYWORD_INDEX] = "keyword_index", [PART_KIND_COUNT] = NULL,
};

static const char *const part_titles[PART_KIND_COUNT] = {
    [PART_TITLE_PAGE] = "Title Page",   [PART_COPYRIGHT_PAGE] = "Copyright",
    [PART_MESSAGE] = "Message",         [PART_COMMITTEES] = "Organizing Committee",
    [PART_TOC] = "Contents",            [PART_AUTHOR_INDEX] = "Author Index",
    [PART_KEYWORD_INDEX] = "Keyword Index",
};

const char *part_kind_name(enum part_kind kind)
{
    return part_names[kind];
}

const char *part_default_title(enum part_kind kind)
{
    return part_titles[kind];
}

int part_kind_from_name(const char *name)
{
    for (int i = 0; i < PART_KIND_COUNT; i++)
        if (!strcmp(part_names[i], name))
            return i;
    return -1;
}

const char *const *part_kind_names(void)
{
    return part_names;
}

/* A part is a bare kind name, or a mapping {KIND: value-or-file, title:, signature:}. */
static void load_part(struct loader *ld, const struct ynode *node, struct part *p)
{
    p->loc = node->loc;
    const char *kind_name = NULL;
    const struct ynode *kind_value = NULL;
    if (node->kind == YNODE_SCALAR) {
        kind_name = node->value;
    } else if (node->kind == YNODE_MAP) {
        for (size_t i = 0; i < ynode_map_size(node); i++) {
            const struct ynode *k = ynode_map_key(node, i);
            if (k->kind == YNODE_SCALAR && part_kind_from_name(k->value) >= 0) {
                kind_name = k->value;
                kind_value = ynode_map_value(node, i);
            }
        }
        static const char *const keys[] = {"title", "signature", "title_page", "copyright_page", "message",
                                           "committees", "toc", "author_index", "keyword_index", NULL};
        check_keys(node, keys, "a front or back matter part");
        p->title = text(ld, node, "title", false, MAX_TEXT);
        p->signature = text(ld, node, "signature", false, MAX_TEXT);
    }
    int kind = kind_name ? part_kind_from_name(kind_name) : -1;
    if (kind < 0) {
        /* A mapping without a known kind: its first key that is neither
         * title nor signature is the misspelt one. */
        const char *written = node->kind == YNODE_SCALAR ? node->value : NULL;
        for (size_t i = 0; !written && i < ynode_map_size(node); i++) {
            const struct ynode *k = ynode_map_key(node, i);
            if (k->kind == YNODE_SCALAR && strcmp(k->value, "title") && strcmp(k->value, "signature"))
                written = k->value;
        }
        diag_error(&node->loc, "unknown part%s%s%s; expected one of title_page, copyright_page, "
                 "message, committees, toc, author_index, keyword_index",
                 written ? " '" : "", written ? written : "", written ? "'" : "");
        const char *near = written ? ynode_suggest(written, part_names) : NULL;
        if (near)
            diag_hint("did you mean '%s'?", near);
        return;
    }
    p->kind = (enum part_kind)kind;
    if (p->kind == PART_MESSAGE) {
        if (!kind_value || kind_value->kind != YNODE_SCALAR || !kind_value->value[0]) {
            diag_error(&node->loc, "'message' needs a text file: message: messages/chairs.md");
            return;
        }
        p->file = path_join(ld->m->dir, kind_value->value);
        if (!path_exists(p->file)) {
            diag_error(&kind_value->loc, "message file '%s' not found", kind_value->value);
            hint_case(ld->m->dir, kind_value->value);
        }
    }
}

static void load_parts(struct loader *ld, const struct ynode *node, const char *what, struct part **out,
                       size_t *n)
{
    if (!node || !expect_seq(ld, node, what))
        return;
    *out = xcalloc(node->n, sizeof(**out));
    *n = node->n;
    for (size_t i = 0; i < node->n; i++)
        load_part(ld, node->items[i], &(*out)[i]);
}

static void load_committees(struct loader *ld, const struct ynode *node)
{
    struct manifest *m = ld->m;
    if (!node || !expect_seq(ld, node, "'committees'"))
        return;
    static const char *const keys[] = {"name", "members", NULL};
    m->committees = xcalloc(node->n, sizeof(*m->committees));
    m->ncommittees = node->n;
    for (size_t i = 0; i < node->n; i++) {
        const struct ynode *c = node->items[i];
        struct committee *cm = &m->committees[i];
        cm->loc = c->loc;
        if (!expect_map(ld, c, "a committee"))
            continue;
        check_keys(c, keys, "a committee");
        cm->name = text(ld, c, "name", true, MAX_TEXT);
        load_people(ld, ynode_get(c, "members"), "'members'", &cm->members, &cm->nmembers);
    }
}

static void load_volume(struct loader *ld, const struct ynode *root)
{
    struct manifest *m = ld->m;
    const struct ynode *vol = ynode_get(root, "volume");
    if (!vol) {
        diag_error(&root->loc, "the manifest needs a 'volume' section with at least a title");
        return;
    }
    if (!expect_map(ld, vol, "'volume'"))
        return;
    static const char *const keys[] = {"title", "subtitle", "short_title", "event", "location", "dates",
                                       "year", "editors", "publisher", "publisher_address", "isbn", "issn",
                                       "doi_prefix", "notice", "copyright", "copyright_details", "base_url",
                                       "series", "series_short", "volume_number", "doi", "first_page_notice",
                                       "language", "start_date", "end_date", "publication_date", NULL};
    check_keys(vol, keys, "'volume'");
    m->title = text(ld, vol, "title", true, MAX_TEXT);
    m->subtitle = text(ld, vol, "subtitle", false, MAX_TEXT);
    m->short_title = text(ld, vol, "short_title", false, MAX_TEXT);
    m->event = text(ld, vol, "event", false, MAX_TEXT);
    m->location = text(ld, vol, "location", false, MAX_TEXT);
    m->dates = text(ld, vol, "dates", false, MAX_TEXT);
    m->year = text(ld, vol, "year", false, 16);
    m->publisher = text(ld, vol, "publisher", false, MAX_TEXT);
    m->publisher_address = text(ld, vol, "publisher_address", false, MAX_TEXT);
    m->isbn = text(ld, vol, "isbn", false, 64);
    m->issn = text(ld, vol, "issn", false, 64);
    m->doi_prefix = text(ld, vol, "doi_prefix", false, 256);
    m->notice = text(ld, vol, "notice", false, MAX_TEXT);
    m->copyright = text(ld, vol, "copyright", false, MAX_LONG_TEXT);
    m->series = text(ld, vol, "series", false, MAX_TEXT);
    m->series_short = text(ld, vol, "series_short", false, MAX_TEXT);
    m->volume_number = text(ld, vol, "volume_number", false, 64);
    m->doi = text(ld, vol, "doi", false, 256);
    /* A chair's own copyright text stands alone unless details are asked for. */
    m->copyright_details = !m->copyright;
    ynode_bool(ynode_get(vol, "copyright_details"), "copyright_details", &m->copyright_details);
    m->first_page_notice = text(ld, vol, "first_page_notice", false, MAX_TEXT);
    load_people(ld, ynode_get(vol, "editors"), "'editors'", &m->editors, &m->neditors);
}

/* page_size: a4, letter, or WIDTHxHEIGHT in lengths ("155mmx235mm"); a
 * landscape size is turned, as papers are portrait. */
static void load_page_size(struct loader *ld, const struct ynode *node)
{
    struct manifest *m = ld->m;
    if (!node || ynode_is_null(node))
        return;
    if (node->kind == YNODE_SCALAR) {
        if (style_size_by_name(node->value, &m->page_width, &m->page_height))
            return;
        const char *x = strchr(node->value, 'x');
        char *w = x ? xstrndup(node->value, (size_t)(x - node->value)) : NULL;
        double pw, ph;
        bool ok = w && parse_length(w, &pw) && parse_length(x + 1, &ph) && pw >= 72 && ph >= 72 &&
                  pw <= 14400 && ph <= 14400;
        free(w);
        if (ok) {
            m->page_width = pw < ph ? pw : ph;
            m->page_height = pw < ph ? ph : pw;
            return;
        }
    }
    diag_error(&node->loc, "'page_size' must be a4, letter, a5, b5, legal or WIDTHxHEIGHT (such as 155mmx235mm), "
                           "each side 1in to 200in");
}

/* limits: count: all or body (applied to the style by style_apply_limits). */
static void load_limit_count(const struct ynode *node, struct style_limits *l)
{
    if (!node)
        return;
    if (node->kind == YNODE_SCALAR && !strcmp(node->value, "all"))
        l->count = PAGE_COUNT_ALL;
    else if (node->kind == YNODE_SCALAR && !strcmp(node->value, "body"))
        l->count = PAGE_COUNT_BODY;
    else
        diag_error(&node->loc, "'count' must be 'all' or 'body'");
}

/* limits: page_size: the accepted sizes narrowed to these: a name, a
 * comma-separated list or a YAML list of names. */
static void load_limit_sizes(const struct ynode *node, struct manifest *m)
{
    if (!node)
        return;
    m->limits_sizes_loc = node->loc;
    size_t n = node->kind == YNODE_SEQ ? node->n : 1;
    for (size_t i = 0; i < n; i++) {
        const struct ynode *item = node->kind == YNODE_SEQ ? node->items[i] : node;
        if (item->kind != YNODE_SCALAR)
            diag_error(&item->loc, "'page_size' in 'limits' must be a size name or a list of them");
        else
            style_parse_sizes(item->value, &item->loc, &m->limits.sizes);
    }
}

static void load_settings(struct loader *ld, const struct ynode *root)
{
    struct manifest *m = ld->m;
    m->style = text(ld, root, "style", true, MAX_TEXT);
    const struct ynode *style = ynode_get(root, "style");
    m->style_loc = style ? style->loc : root->loc;
    char *near = NULL;
    if (m->style && !style_known(m->style, &near)) {
        diag_error(&m->style_loc, "unknown style '%s'", m->style);
        if (near)
            diag_hint("did you mean '%s'?", near);
        diag_hint("'collate styles' lists the styles; a path to a .yml file also works");
        free(near);
    }
    m->limits = (struct style_limits)STYLE_LIMITS_DEFAULT;
    m->fee = -1;
    const struct ynode *limits = ynode_get(root, "limits");
    if (limits && expect_map(ld, limits, "'limits'")) {
        static const char *const keys[] = {"pages", "extra_pages", "fee", "count", "page_size", NULL};
        check_keys(limits, keys, "'limits'");
        load_limit_count(ynode_get(limits, "count"), &m->limits);
        load_limit_sizes(ynode_get(limits, "page_size"), m);
        long pages = -1, extra = -1;
        ynode_int(ynode_get(limits, "pages"), "pages", 1, 100000, &pages);
        ynode_int(ynode_get(limits, "extra_pages"), "extra_pages", 0, 100000, &extra);
        ynode_number(ynode_get(limits, "fee"), "fee", &m->fee);
        m->limits.page_limit = (int)pages;
        m->limits.extra_pages = (int)extra;
        m->limits.fee = m->fee;
    }
    const struct ynode *recto = ynode_get(root, "recto");
    if (recto) {
        m->recto_set = true;
        ynode_bool(recto, "recto", &m->recto);
    }
    const struct ynode *fm_recto = ynode_get(root, "front_matter_recto");
    if (fm_recto) {
        m->front_matter_recto_set = true;
        ynode_bool(fm_recto, "front_matter_recto", &m->front_matter_recto);
    }
    ynode_bool(ynode_get(root, "keywords_from_pdf"), "keywords_from_pdf", &m->keywords_from_pdf);
    load_page_size(ld, ynode_get(root, "page_size"));
    char *output = text(ld, root, "output", false, MAX_TEXT);
    if (output) {
        m->output = path_join(m->dir, output);
        free(output);
    }
}

/* A YYYY-MM-DD date (a plain YAML date stays text in ydoc). */
static char *iso_date(struct loader *ld, const struct ynode *map, const char *key)
{
    char *s = text(ld, map, key, false, 16);
    int y, mo, d;
    char tail;
    if (s && (sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3 || strlen(s) != 10 || mo < 1 || mo > 12 ||
              d < 1 || d > 31 || y < 1400)) {
        diag_error(&ynode_get(map, key)->loc, "'%s' must be a date written YYYY-MM-DD, not '%s'", key, s);
        free(s);
        return NULL;
    }
    return s;
}

/* The fields only `collate publish` reads: volume metadata for the
 * registries, the abstract switch, and the 'crossref' and 'acl' blocks. */
static void load_publish(struct loader *ld, const struct ynode *root)
{
    struct manifest *m = ld->m;
    const struct ynode *vol = ynode_get(root, "volume");
    if (vol && vol->kind == YNODE_MAP) {
        m->volume_loc = vol->loc;
        m->base_url = text(ld, vol, "base_url", false, 1024);
        m->language = text(ld, vol, "language", false, 16);
        m->start_date = iso_date(ld, vol, "start_date");
        m->end_date = iso_date(ld, vol, "end_date");
        m->publication_date = iso_date(ld, vol, "publication_date");
        if (m->base_url && !str_starts_with(m->base_url, "https://") && !str_starts_with(m->base_url, "http://"))
            diag_error(&ynode_get(vol, "base_url")->loc, "'base_url' must start with https:// or http://");
    }
    ynode_bool(ynode_get(root, "abstracts_from_pdf"), "abstracts_from_pdf", &m->abstracts_from_pdf);
    const struct ynode *cr = ynode_get(root, "crossref");
    if (cr && expect_map(ld, cr, "'crossref'")) {
        static const char *const keys[] = {"depositor", "email", "registrant", "batch_id", NULL};
        check_keys(cr, keys, "'crossref'");
        m->crossref.loc = cr->loc;
        m->crossref.depositor = text(ld, cr, "depositor", false, 130);
        m->crossref.email = text(ld, cr, "email", false, 200);
        m->crossref.registrant = text(ld, cr, "registrant", false, 255);
        m->crossref.batch_id = text(ld, cr, "batch_id", false, 100);
    }
    const struct ynode *acl = ynode_get(root, "acl");
    if (acl && expect_map(ld, acl, "'acl'")) {
        static const char *const keys[] = {"venue", "volume", NULL};
        check_keys(acl, keys, "'acl'");
        m->acl.venue = text(ld, acl, "venue", false, 64);
        m->acl.volume = text(ld, acl, "volume", false, 64);
    }
}

/* Cross-record checks: unique ids, files present, paths inside the manifest's folder. */
static void validate_papers(struct loader *ld, bool check_files)
{
    struct manifest *m = ld->m;
    size_t n = manifest_paper_count(m), k = 0;
    const struct paper **all = xcalloc(n ? n : 1, sizeof(*all));
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++)
            all[k++] = &m->sessions[s].papers[i];
    for (size_t i = 0; i < n; i++) {
        struct paper *p = (struct paper *)all[i];
        for (size_t j = 0; j < i && p->id; j++)
            if (all[j]->id && !strcmp(all[j]->id, p->id)) {
                diag_error(&p->loc, "duplicate paper id '%s'", p->id);
                diag_note(&all[j]->loc, "'%s' was first used here", p->id);
                break;
            }
        if (!p->pdf)
            continue;
        p->pdf_path = path_join(m->dir, p->pdf);
        if (!check_files)
            continue;
        if (!path_exists(p->pdf_path)) {
            diag_error(&p->loc, "paper '%s': file '%s' not found", p->id ? p->id : "?", p->pdf);
            hint_case(m->dir, p->pdf);
        }
        else if (path_is_dir(p->pdf_path))
            diag_error(&p->loc, "paper '%s': '%s' is a folder, not a PDF file", p->id ? p->id : "?", p->pdf);
        if (p->pdf[0] == '/' || str_starts_with(p->pdf, "../") || strstr(p->pdf, "/../"))
            diag_warning(&p->loc, "paper '%s': '%s' is outside the manifest's folder", p->id ? p->id : "?",
                         p->pdf);
        if (m->output && !strcmp(path_basename(m->output), path_basename(p->pdf_path))) {
            char *a = path_absolute(m->output), *b = path_absolute(p->pdf_path);
            if (!strcmp(a, b))
                diag_error(&p->loc, "paper '%s': its file is also the volume's output '%s'",
                         p->id ? p->id : "?", p->pdf);
            free(a);
            free(b);
        }
    }
    free(all);
}

struct manifest *manifest_load(const char *path)
{
    return manifest_load_ex(path, true);
}

struct manifest *manifest_load_ex(const char *path, bool check_files)
{
    struct ydoc *doc = ydoc_load(path, 200000);
    if (!doc)
        return NULL;
    struct manifest *m = xcalloc(1, sizeof(*m));
    m->path = xstrdup(path);
    m->dir = path_dirname(path);
    struct loader ld = {m, diag_error_count()};
    const struct ynode *root = doc->root;
    if (!root || root->kind != YNODE_MAP) {
        struct srcloc loc = {path, 1, 1};
        diag_error(root ? &root->loc : &loc, "the manifest must be a mapping with 'volume', 'style' and 'sessions'");
    } else {
        static const char *const keys[] = {"volume", "style", "limits", "recto", "front_matter_recto",
                                           "keywords_from_pdf", "output", "front_matter", "back_matter",
                                           "committees", "sessions", "papers", "page_size", "abstracts_from_pdf",
                                           "crossref", "acl", NULL};
        check_keys(root, keys, "the manifest");
        load_volume(&ld, root);
        load_settings(&ld, root);
        load_parts(&ld, ynode_get(root, "front_matter"), "'front_matter'", &m->front, &m->nfront);
        load_parts(&ld, ynode_get(root, "back_matter"), "'back_matter'", &m->back, &m->nback);
        load_committees(&ld, ynode_get(root, "committees"));
        load_sessions(&ld, root);
        load_publish(&ld, root);
        if (!m->output)
            m->output = path_join(m->dir, "proceedings.pdf");
        validate_papers(&ld, check_files);
    }
    /* Every srcloc points at the document's file name: the manifest keeps it. */
    free(m->path);
    m->path = doc->file;
    doc->file = NULL;
    ydoc_free(doc);
    int errors = loader_errors(&ld);
    if (errors) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "%d error%s in the manifest", errors, errors == 1 ? "" : "s");
        manifest_free(m);
        return NULL;
    }
    return m;
}

static void people_free(struct person *people, size_t n)
{
    for (size_t i = 0; i < n; i++)
        person_release(&people[i]);
    free(people);
}

static void parts_free(struct part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(parts[i].title);
        free(parts[i].file);
        free(parts[i].signature);
    }
    free(parts);
}

void manifest_free(struct manifest *m)
{
    if (!m)
        return;
    for (size_t s = 0; s < m->nsessions; s++) {
        struct session *ses = &m->sessions[s];
        for (size_t i = 0; i < ses->npapers; i++) {
            struct paper *p = &ses->papers[i];
            free(p->id);
            free(p->title);
            free(p->short_title);
            people_free(p->authors, p->nauthors);
            for (size_t k = 0; k < p->nkeywords; k++)
                free(p->keywords[k]);
            free(p->keywords);
            free(p->pdf);
            free(p->pdf_path);
            free(p->doi);
            free(p->abstract);
            free(p->pdf_sha256);
            free(p->pdf_sha1);
        }
        free(ses->papers);
        free(ses->title);
        free(ses->chair);
    }
    free(m->sessions);
    for (size_t c = 0; c < m->ncommittees; c++) {
        free(m->committees[c].name);
        people_free(m->committees[c].members, m->committees[c].nmembers);
    }
    free(m->committees);
    parts_free(m->front, m->nfront);
    parts_free(m->back, m->nback);
    people_free(m->editors, m->neditors);
    char **strings[] = {&m->path, &m->dir, &m->title, &m->subtitle, &m->short_title, &m->event, &m->location,
                        &m->dates, &m->year, &m->publisher, &m->publisher_address, &m->isbn, &m->issn,
                        &m->doi_prefix, &m->notice, &m->copyright, &m->style, &m->output,
                        &m->base_url, &m->series, &m->series_short, &m->volume_number, &m->doi, &m->language,
                        &m->start_date, &m->end_date, &m->publication_date, &m->crossref.depositor,
                        &m->crossref.email, &m->crossref.registrant, &m->crossref.batch_id, &m->acl.venue,
                        &m->acl.volume, &m->first_page_notice};
    for (size_t i = 0; i < ARRAY_SIZE(strings); i++)
        free(*strings[i]);
    free(m);
}

/* 1-based position of p among the archival papers, 0 when it is not one. */
static int archival_number(const struct manifest *m, const struct paper *p)
{
    int n = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++) {
            const struct paper *q = &m->sessions[s].papers[i];
            n += q->archival;
            if (q == p)
                return q->archival ? n : 0;
        }
    return 0;
}

char *manifest_paper_doi(const struct manifest *m, const char *pattern, const struct paper *p)
{
    if (p->doi)
        return xstrdup(p->doi);
    if (!m->doi_prefix)
        return NULL;
    if (!pattern)
        pattern = "{prefix}.{id}";
    struct strbuf sb = STRBUF_INIT;
    for (const char *t = pattern; *t;) {
        if (!strncmp(t, "{prefix}", 8)) {
            strbuf_adds(&sb, m->doi_prefix);
            t += 8;
        } else if (!strncmp(t, "{id}", 4)) {
            strbuf_adds(&sb, p->id);
            t += 4;
        } else if (!strncmp(t, "{number}", 8)) {
            int n = archival_number(m, p);
            if (n == 0) {
                strbuf_release(&sb);
                return NULL;
            }
            strbuf_addf(&sb, "%d", n);
            t += 8;
        } else {
            strbuf_addch(&sb, *t++);
        }
    }
    return strbuf_detach(&sb);
}

size_t manifest_paper_count(const struct manifest *m)
{
    size_t n = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        n += m->sessions[s].npapers;
    return n;
}

const struct paper **manifest_papers(const struct manifest *m)
{
    size_t n = manifest_paper_count(m), k = 0;
    const struct paper **papers = xcalloc(n ? n : 1, sizeof(*papers));
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++)
            papers[k++] = &m->sessions[s].papers[i];
    return papers;
}
