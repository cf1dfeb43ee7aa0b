/* style: load venue rules from styles/NAME.yml. */
#include "manifest/style.h"

#include <assert.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "base/diag.h"
#include "base/util.h"
#include "manifest/manifest.h"
#include "manifest/ydoc.h"

static char *styles_dir_cache;

const char *style_dir(void)
{
    if (!styles_dir_cache)
        styles_dir_cache = data_dir_find("COLLATE_STYLES", "styles", NULL);
    return styles_dir_cache;
}

static void stamp_line_free(struct stamp_line *l)
{
    free(l->left);
    free(l->center);
    free(l->right);
    free(l->left_indented);
    free(l->right_indented);
}

static void style_parts_free(struct style_part *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(parts[i].kind);
        free(parts[i].value);
        free(parts[i].title);
    }
    free(parts);
}

void style_free(struct style *s)
{
    if (!s)
        return;
    free(s->name);
    free(s->description);
    free(s->path);
    for (size_t i = 0; i < s->nsizes; i++)
        free(s->sizes[i].name);
    free(s->sizes);
    free(s->currency);
    stamp_line_free(&s->stamp.header_odd);
    stamp_line_free(&s->stamp.header_even);
    stamp_line_free(&s->stamp.footer_odd);
    stamp_line_free(&s->stamp.footer_even);
    stamp_line_free(&s->stamp.first_header);
    stamp_line_free(&s->stamp.first_footer);
    free(s->stamp.notice_align);
    free(s->stamp.notice_text);
    free(s->stamp.notice_copyright);
    free(s->stamp.font);
    free(s->paper_doi);
    free(s->typography.font);
    style_parts_free(s->init_front, s->ninit_front);
    style_parts_free(s->init_back, s->ninit_back);
    free(s);
}

static void set_defaults(struct style *s)
{
    s->size_tolerance = 3.0;
    s->margin_tolerance = 4.0;
    s->require_embedded_fonts = true;
    s->forbid_type3_fonts = true;
    s->forbid_javascript = true;
    s->forbid_attachments = true;
    s->currency = xstrdup("USD");
    s->count = PAGE_COUNT_ALL;
    s->not_counted = 1u << SECTION_REFERENCES | 1u << SECTION_APPENDIX;
    for (int i = 0; i < FINDING_CODE_COUNT; i++)
        s->severity[i] = finding_default_severity((enum finding_code)i);
    s->stamp.font_size = 9;
    s->stamp.header_offset = 18;
    s->stamp.footer_offset = 24;
    s->stamp.indent = 0;
    s->stamp.notice_font_size = 8;
    s->stamp.notice_offset = 18;
    s->stamp.notice_align = xstrdup("left");
    s->typography.body_size = 10;
    s->typography.title_size = 20;
    s->typography.heading_size = 13;
    s->typography.small_size = 8.5;
    s->typography.leading = 1.2;
    s->typography.font = xstrdup("serif");
    s->contents.session_chairs = true;
    s->contents.native_names = true;
}

/* text_block: {left:, top:, width:, height:}, all four given. */
static bool read_block(const struct ynode *node, struct style_block *b)
{
    static const char *const keys[] = {"left", "top", "width", "height", NULL};
    if (!node)
        return true;
    if (node->kind != YNODE_MAP) {
        diag_error(&node->loc, "'text_block' must be a mapping with left, top, width, height");
        return false;
    }
    ynode_warn_unknown_keys(node, keys, "text_block");
    for (const char *const *k = keys; *k; k++)
        if (!ynode_get(node, *k)) {
            diag_error(&node->loc, "'text_block' needs '%s'", *k);
            return false;
        }
    b->given = ynode_length(ynode_get(node, "left"), "left", &b->left) &&
               ynode_length(ynode_get(node, "top"), "top", &b->top) &&
               ynode_length(ynode_get(node, "width"), "width", &b->width) &&
               ynode_length(ynode_get(node, "height"), "height", &b->height);
    if (b->given && (b->width <= 0 || b->height <= 0)) {
        diag_error(&node->loc, "'text_block' needs a positive width and height");
        b->given = false;
    }
    return b->given;
}

static bool read_size(const struct ynode *node, struct style_size *sz)
{
    static const char *const keys[] = {"name", "width", "height", "margins", "text_block", NULL};
    static const char *const mkeys[] = {"top", "bottom", "left", "right", NULL};
    if (node->kind != YNODE_MAP) {
        diag_error(&node->loc, "each page size must be a mapping with name, width, height, margins");
        return false;
    }
    ynode_warn_unknown_keys(node, keys, "a page size");
    bool ok = ynode_string(ynode_get(node, "name"), "name", &sz->name) &&
              ynode_length(ynode_get(node, "width"), "width", &sz->width) &&
              ynode_length(ynode_get(node, "height"), "height", &sz->height);
    const struct ynode *m = ynode_get(node, "margins");
    if (m) {
        ynode_warn_unknown_keys(m, mkeys, "margins");
        ok = ok && ynode_length(ynode_get(m, "top"), "top", &sz->top) &&
             ynode_length(ynode_get(m, "bottom"), "bottom", &sz->bottom) &&
             ynode_length(ynode_get(m, "left"), "left", &sz->left) &&
             ynode_length(ynode_get(m, "right"), "right", &sz->right);
    }
    if (ok && (!sz->name || sz->width <= 0 || sz->height <= 0)) {
        diag_error(&node->loc, "a page size needs a name and a positive width and height");
        ok = false;
    }
    return ok && read_block(ynode_get(node, "text_block"), &sz->text_block);
}

static bool read_stamp_line(const struct ynode *node, const char *what, struct stamp_line *line)
{
    if (!node)
        return true;
    if (node->kind == YNODE_SCALAR) { /* a single template is centred */
        return ynode_string(node, what, &line->center);
    }
    if (node->kind != YNODE_MAP) {
        diag_error(&node->loc, "'%s' must be a mapping with left, center, right", what);
        return false;
    }
    static const char *const keys[] = {"left", "center", "right", "left_indented", "right_indented", NULL};
    ynode_warn_unknown_keys(node, keys, what);
    return ynode_string(ynode_get(node, "left"), "left", &line->left) &&
           ynode_string(ynode_get(node, "center"), "center", &line->center) &&
           ynode_string(ynode_get(node, "right"), "right", &line->right) &&
           ynode_string(ynode_get(node, "left_indented"), "left_indented", &line->left_indented) &&
           ynode_string(ynode_get(node, "right_indented"), "right_indented", &line->right_indented);
}

/* header: {odd:, even:, first:} or one line for all pages. */
static bool read_running(const struct ynode *node, const char *what, struct stamp_line *odd,
                         struct stamp_line *even, struct stamp_line *first)
{
    if (!node)
        return true;
    if (node->kind == YNODE_MAP && (ynode_get(node, "odd") || ynode_get(node, "even") ||
                                    ynode_get(node, "first") || ynode_get(node, "all"))) {
        static const char *const keys[] = {"odd", "even", "first", "all", NULL};
        ynode_warn_unknown_keys(node, keys, what);
        const struct ynode *all = ynode_get(node, "all");
        return read_stamp_line(all, what, odd) && read_stamp_line(all, what, even) &&
               read_stamp_line(ynode_get(node, "odd"), what, odd) &&
               read_stamp_line(ynode_get(node, "even"), what, even) &&
               read_stamp_line(ynode_get(node, "first"), what, first);
    }
    return read_stamp_line(node, what, odd) && read_stamp_line(node, what, even);
}

static bool read_stamp(const struct ynode *node, struct style_stamp *st)
{
    if (!node)
        return true;
    static const char *const keys[] = {"font", "font_size", "header_offset", "footer_offset", "indent",
                                       "header", "footer", "notice", NULL};
    ynode_warn_unknown_keys(node, keys, "stamp");
    bool ok = ynode_string(ynode_get(node, "font"), "font", &st->font) &&
              ynode_number(ynode_get(node, "font_size"), "font_size", &st->font_size) &&
              ynode_length(ynode_get(node, "header_offset"), "header_offset", &st->header_offset) &&
              ynode_length(ynode_get(node, "footer_offset"), "footer_offset", &st->footer_offset) &&
              ynode_length(ynode_get(node, "indent"), "indent", &st->indent) &&
              read_running(ynode_get(node, "header"), "header", &st->header_odd, &st->header_even,
                           &st->first_header) &&
              read_running(ynode_get(node, "footer"), "footer", &st->footer_odd, &st->footer_even,
                           &st->first_footer);
    const struct ynode *notice = ynode_get(node, "notice");
    if (ok && notice) {
        static const char *const nkeys[] = {"text", "copyright", "font_size", "leading", "offset",
                                            "width", "lines", "align", NULL};
        ynode_warn_unknown_keys(notice, nkeys, "notice");
        long lines = st->notice_lines;
        ok = ynode_string(ynode_get(notice, "text"), "text", &st->notice_text) &&
             ynode_string(ynode_get(notice, "copyright"), "copyright", &st->notice_copyright) &&
             ynode_number(ynode_get(notice, "font_size"), "font_size", &st->notice_font_size) &&
             ynode_length(ynode_get(notice, "leading"), "leading", &st->notice_leading) &&
             ynode_length(ynode_get(notice, "offset"), "offset", &st->notice_offset) &&
             ynode_length(ynode_get(notice, "width"), "width", &st->notice_width) &&
             ynode_int(ynode_get(notice, "lines"), "lines", 0, 100, &lines) &&
             ynode_string(ynode_get(notice, "align"), "align", &st->notice_align);
        st->notice_lines = (int)lines;
    }
    if (ok && (st->font_size <= 0 || st->notice_font_size <= 0)) {
        diag_error(&node->loc, "stamp font sizes must be positive");
        ok = false;
    }
    return ok;
}

static bool read_typography(const struct ynode *node, struct style_typography *t)
{
    if (!node)
        return true;
    static const char *const keys[] = {"body_size", "title_size", "heading_size", "small_size",
                                       "leading", "font", NULL};
    ynode_warn_unknown_keys(node, keys, "typography");
    return ynode_number(ynode_get(node, "body_size"), "body_size", &t->body_size) &&
           ynode_number(ynode_get(node, "title_size"), "title_size", &t->title_size) &&
           ynode_number(ynode_get(node, "heading_size"), "heading_size", &t->heading_size) &&
           ynode_number(ynode_get(node, "small_size"), "small_size", &t->small_size) &&
           ynode_number(ynode_get(node, "leading"), "leading", &t->leading) &&
           ynode_string(ynode_get(node, "font"), "font", &t->font);
}

/* body_text: {font_size:, font_size_tolerance:, min_leading:, columns:}. */
static bool read_body_text(const struct ynode *node, struct style_body_text *b)
{
    if (!node)
        return true;
    static const char *const keys[] = {"font_size", "font_size_tolerance", "min_leading", "columns", NULL};
    ynode_warn_unknown_keys(node, keys, "body_text");
    long columns = b->columns;
    bool ok = ynode_length(ynode_get(node, "font_size"), "font_size", &b->font_size) &&
              ynode_length(ynode_get(node, "font_size_tolerance"), "font_size_tolerance",
                           &b->font_size_tolerance) &&
              ynode_length(ynode_get(node, "min_leading"), "min_leading", &b->min_leading) &&
              ynode_int(ynode_get(node, "columns"), "columns", 0, 8, &columns);
    b->columns = (int)columns;
    if (ok && (b->font_size < 0 || b->font_size_tolerance < 0 || b->min_leading < 0)) {
        diag_error(&node->loc, "'body_text' sizes must not be negative");
        ok = false;
    }
    return ok;
}

static bool read_contents(const struct ynode *node, struct style_contents *c)
{
    if (!node)
        return true;
    static const char *const keys[] = {"session_chairs", "native_names", "page_ranges", NULL};
    ynode_warn_unknown_keys(node, keys, "contents");
    return ynode_bool(ynode_get(node, "session_chairs"), "session_chairs", &c->session_chairs) &&
           ynode_bool(ynode_get(node, "native_names"), "native_names", &c->native_names) &&
           ynode_bool(ynode_get(node, "page_ranges"), "page_ranges", &c->page_ranges);
}

/* A part as a manifest writes it: a kind name, or {KIND: value, title: ...}. */
static bool read_init_part(const struct ynode *node, struct style_part *p)
{
    if (node->kind == YNODE_SCALAR) {
        p->kind = xstrdup(node->value);
    } else if (node->kind == YNODE_MAP) {
        for (size_t i = 0; i < ynode_map_size(node); i++) {
            const struct ynode *k = ynode_map_key(node, i), *v = ynode_map_value(node, i);
            if (k->kind != YNODE_SCALAR || part_kind_from_name(k->value) < 0)
                continue;
            free(p->kind);
            p->kind = xstrdup(k->value);
            if (v->kind == YNODE_SCALAR && strcmp(k->value, "message") == 0)
                p->value = xstrdup(v->value);
        }
        if (!ynode_string(ynode_get(node, "title"), "title", &p->title))
            return false;
    }
    if (!p->kind || part_kind_from_name(p->kind) < 0) {
        diag_error(&node->loc, "unknown part%s%s%s in 'init'", p->kind ? " '" : "", p->kind ? p->kind : "",
                   p->kind ? "'" : "");
        const char *near = p->kind ? ynode_suggest(p->kind, part_kind_names()) : NULL;
        if (near)
            diag_hint("did you mean '%s'?", near);
        return false;
    }
    if (!strcmp(p->kind, "message") && !p->value) {
        diag_error(&node->loc, "a message part needs its file: {message: messages/preface.md, title: Preface}");
        return false;
    }
    return true;
}

static bool read_init_parts(const struct ynode *node, const char *what, struct style_part **out, size_t *n)
{
    if (!node)
        return true;
    if (node->kind != YNODE_SEQ) {
        diag_error(&node->loc, "'%s' must be a list of parts", what);
        return false;
    }
    *out = xcalloc(node->n ? node->n : 1, sizeof(**out));
    bool ok = true;
    for (size_t i = 0; i < node->n && ok; i++) {
        ok = read_init_part(node->items[i], &(*out)[i]);
        *n = i + 1;
    }
    return ok;
}

/* init: {front_matter: [...], back_matter: [...]}, what `collate init` writes. */
static bool read_init(const struct ynode *node, struct style *s)
{
    if (!node)
        return true;
    static const char *const keys[] = {"front_matter", "back_matter", NULL};
    ynode_warn_unknown_keys(node, keys, "init");
    return read_init_parts(ynode_get(node, "front_matter"), "front_matter", &s->init_front, &s->ninit_front) &&
           read_init_parts(ynode_get(node, "back_matter"), "back_matter", &s->init_back, &s->ninit_back);
}

/* "forbidden"/"allowed" or a boolean meaning "forbidden". */
static bool read_policy(const struct ynode *node, const char *what, bool *forbidden)
{
    if (!node)
        return true;
    if (node->kind == YNODE_SCALAR && strcmp(node->value, "forbidden") == 0) {
        *forbidden = true;
        return true;
    }
    if (node->kind == YNODE_SCALAR && strcmp(node->value, "allowed") == 0) {
        *forbidden = false;
        return true;
    }
    diag_error(&node->loc, "'%s' must be 'forbidden' or 'allowed'", what);
    return false;
}

static bool read_version(const struct ynode *node, int *out)
{
    if (!node || ynode_is_null(node))
        return true;
    int major, minor;
    char tail;
    if (node->kind != YNODE_SCALAR || sscanf(node->value, "%d.%d%c", &major, &minor, &tail) != 2 ||
        major < 1 || major > 2 || minor < 0 || minor > 9) {
        diag_error(&node->loc, "'pdf_version' must be a version such as 1.7");
        return false;
    }
    *out = major * 10 + minor;
    return true;
}

static bool read_severities(const struct ynode *node, struct style *s)
{
    size_t n = ynode_map_size(node);
    for (size_t i = 0; i < n; i++) {
        struct ynode *k = ynode_map_key(node, i), *v = ynode_map_value(node, i);
        int code = finding_code_from_name(k->value);
        int sev = v->kind == YNODE_SCALAR ? severity_from_name(v->value) : -1;
        if (code < 0) {
            diag_error(&k->loc, "unknown finding code '%s'", k->value);
            return false;
        }
        if (sev < 0) {
            diag_error(&v->loc, "severity must be error, warning or notice");
            return false;
        }
        s->severity[code] = (enum severity)sev;
    }
    return true;
}

/* pages: count: all or body, and not_counted: the sections left out of
 * the body (a list of section kind names, or one). */
static bool read_count(const struct ynode *pages, struct style *s)
{
    const struct ynode *count = ynode_get(pages, "count");
    if (count) {
        if (count->kind == YNODE_SCALAR && !strcmp(count->value, "all")) {
            s->count = PAGE_COUNT_ALL;
        } else if (count->kind == YNODE_SCALAR && !strcmp(count->value, "body")) {
            s->count = PAGE_COUNT_BODY;
        } else {
            diag_error(&count->loc, "'count' must be 'all' or 'body'");
            return false;
        }
    }
    const struct ynode *nc = ynode_get(pages, "not_counted");
    if (!nc)
        return true;
    size_t n = nc->kind == YNODE_SEQ ? nc->n : 1;
    unsigned mask = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ynode *item = nc->kind == YNODE_SEQ ? nc->items[i] : nc;
        int kind = item->kind == YNODE_SCALAR ? section_kind_from_name(item->value) : -1;
        if (kind < 0) {
            static const char *const names[] = {"references", "appendix", "limitations", "ethics",
                                                "acknowledgments", NULL};
            diag_error(&item->loc, "'not_counted' lists sections: references, appendix, limitations, ethics, "
                                   "acknowledgments");
            const char *near = item->kind == YNODE_SCALAR ? ynode_suggest(item->value, names) : NULL;
            if (near)
                diag_hint("did you mean '%s'?", near);
            return false;
        }
        mask |= 1u << kind;
    }
    s->not_counted = mask;
    return true;
}

static bool read_style(const struct ynode *root, struct style *s)
{
    static const char *const keys[] = {"name", "description", "extend", "page", "margins", "pages", "fonts",
                                       "page_numbers", "javascript", "attachments", "pdf_version",
                                       "severity", "stamp", "typography", "body_text", "recto", "front_matter_recto",
                                       "contents", "init", "paper_doi", "images", NULL};
    if (!root || root->kind != YNODE_MAP) {
        struct srcloc loc = {s->path, 0, 0};
        diag_error(root ? &root->loc : &loc, "a style file must be a mapping");
        return false;
    }
    ynode_warn_unknown_keys(root, keys, "a style");
    bool ok = ynode_string(ynode_get(root, "name"), "name", &s->name) &&
              ynode_string(ynode_get(root, "description"), "description", &s->description);

    const struct ynode *page = ynode_get(root, "page");
    const struct ynode *sizes = ynode_get(page, "sizes");
    if (!sizes || sizes->kind != YNODE_SEQ || sizes->n == 0) {
        diag_error(page ? &page->loc : &root->loc, "a style needs 'page: sizes:' with at least one size");
        return false;
    }
    ok = ok && ynode_length(ynode_get(page, "tolerance"), "tolerance", &s->size_tolerance);
    s->sizes = xcalloc(sizes->n, sizeof(*s->sizes));
    for (size_t i = 0; ok && i < sizes->n; i++) {
        ok = read_size(sizes->items[i], &s->sizes[i]);
        s->nsizes = i + 1;
    }

    const struct ynode *margins = ynode_get(root, "margins");
    ok = ok && ynode_length(ynode_get(margins, "tolerance"), "tolerance", &s->margin_tolerance);

    const struct ynode *pages = ynode_get(root, "pages");
    static const char *const page_keys[] = {"limit", "extra", "fee", "currency", "count", "not_counted", NULL};
    if (pages)
        ynode_warn_unknown_keys(pages, page_keys, "pages");
    long limit = s->page_limit, extra = s->extra_pages;
    ok = ok && ynode_int(ynode_get(pages, "limit"), "limit", 0, 100000, &limit) &&
         ynode_int(ynode_get(pages, "extra"), "extra", 0, 100000, &extra) &&
         ynode_number(ynode_get(pages, "fee"), "fee", &s->extra_page_fee) &&
         ynode_string(ynode_get(pages, "currency"), "currency", &s->currency) && read_count(pages, s);
    s->page_limit = (int)limit;
    s->extra_pages = (int)extra;

    const struct ynode *fonts = ynode_get(root, "fonts");
    bool allow_type3 = !s->forbid_type3_fonts;
    ok = ok && ynode_bool(ynode_get(fonts, "embedded"), "embedded", &s->require_embedded_fonts) &&
         ynode_bool(ynode_get(fonts, "type3"), "type3", &allow_type3);
    s->forbid_type3_fonts = !allow_type3;

    const struct ynode *images = ynode_get(root, "images");
    static const char *const image_keys[] = {"min_ppi", NULL};
    if (images)
        ynode_warn_unknown_keys(images, image_keys, "images");
    long min_ppi = s->min_image_ppi;
    ok = ok && ynode_int(ynode_get(images, "min_ppi"), "min_ppi", 0, 10000, &min_ppi);
    s->min_image_ppi = (int)min_ppi;

    ok = ok && read_policy(ynode_get(root, "page_numbers"), "page_numbers", &s->forbid_page_numbers) &&
         read_policy(ynode_get(root, "javascript"), "javascript", &s->forbid_javascript) &&
         read_policy(ynode_get(root, "attachments"), "attachments", &s->forbid_attachments) &&
         read_version(ynode_get(root, "pdf_version"), &s->max_pdf_version) &&
         read_severities(ynode_get(root, "severity"), s) &&
         read_stamp(ynode_get(root, "stamp"), &s->stamp) &&
         read_typography(ynode_get(root, "typography"), &s->typography) &&
         read_body_text(ynode_get(root, "body_text"), &s->body_text) &&
         ynode_bool(ynode_get(root, "recto"), "recto", &s->recto) &&
         ynode_bool(ynode_get(root, "front_matter_recto"), "front_matter_recto", &s->front_matter_recto) &&
         read_contents(ynode_get(root, "contents"), &s->contents) && read_init(ynode_get(root, "init"), s) &&
         ynode_string(ynode_get(root, "paper_doi"), "paper_doi", &s->paper_doi);
    if (ok && !s->name)
        s->name = xstrdup(path_basename(s->path));
    return ok;
}

/* ---- extend: a style read over another ---- */

#define MAX_EXTEND_DEPTH 16

/* The trees of a style and the styles it extends, merged.  The merged
 * tree borrows nodes from docs and owns only the maps merge made. */
struct style_source {
    struct ydoc **docs;
    size_t ndocs, docs_cap;
    struct ynode **owned;         /* maps made by merge_nodes */
    size_t nowned, owned_cap;
};

static void style_source_release(struct style_source *src)
{
    for (size_t i = 0; i < src->nowned; i++) {
        free(src->owned[i]->items);
        free(src->owned[i]);
    }
    free(src->owned);
    for (size_t i = 0; i < src->ndocs; i++)
        ydoc_free(src->docs[i]);
    free(src->docs);
    memset(src, 0, sizeof(*src));
}

static void map_append(struct ynode *map, struct ynode *key, struct ynode *value)
{
    map->items = xrealloc(map->items, (map->n + 2) * sizeof(*map->items));
    map->items[map->n++] = key;
    map->items[map->n++] = value;
}

/* Keys of a style file that an extending file never inherits. */
static bool own_key(const struct ynode *k)
{
    return !strcmp(k->value, "name") || !strcmp(k->value, "description") || !strcmp(k->value, "extend");
}

/* Index of key in map, or its size when absent. */
static size_t map_find(const struct ynode *map, const char *key)
{
    size_t n = ynode_map_size(map);
    for (size_t i = 0; i < n; i++) {
        const struct ynode *k = ynode_map_key(map, i);
        if (k->kind == YNODE_SCALAR && !strcmp(k->value, key))
            return i;
    }
    return n;
}

/* over read on top of base: two mappings are merged key by key (base's
 * order, then over's new keys), recursively; otherwise over wins.  At the
 * top, base's name, description and extend are left out: they are the
 * extending file's own. */
static struct ynode *merge_nodes(struct style_source *src, struct ynode *base, struct ynode *over, bool top)
{
    if (base->kind != YNODE_MAP || over->kind != YNODE_MAP)
        return over;
    struct ynode *m = xcalloc(1, sizeof(*m));
    *ARRAY_PUSH(src->owned, src->nowned, src->owned_cap) = m;
    m->kind = YNODE_MAP;
    m->loc = over->loc;
    for (size_t i = 0; i < ynode_map_size(base); i++) {
        struct ynode *k = ynode_map_key(base, i), *v = ynode_map_value(base, i);
        if (k->kind != YNODE_SCALAR || (top && own_key(k)))
            continue;
        size_t j = map_find(over, k->value);
        if (j < ynode_map_size(over)) /* over's key node, for locations */
            map_append(m, ynode_map_key(over, j), merge_nodes(src, v, ynode_map_value(over, j), false));
        else
            map_append(m, k, v);
    }
    for (size_t j = 0; j < ynode_map_size(over); j++) {
        struct ynode *k = ynode_map_key(over, j);
        if (k->kind != YNODE_SCALAR || map_find(base, k->value) == ynode_map_size(base) || (top && own_key(k)))
            map_append(m, k, ynode_map_value(over, j));
    }
    return m;
}

/* A style name is a bare word; anything with a slash or .yml is a path. */
static bool looks_like_path(const char *s)
{
    return strchr(s, '/') || str_ends_with(s, ".yml") || str_ends_with(s, ".yaml");
}

/* The file `extend: ref` in the style file `from` names: a style of the
 * styles directory, or a path relative to from's folder.  NULL after an
 * error at node. */
static char *extend_path(const struct ynode *node, const char *from)
{
    if (node->kind != YNODE_SCALAR || !*node->value) {
        diag_error(&node->loc, "'extend' must name a style or a .yml path");
        return NULL;
    }
    char *path;
    if (looks_like_path(node->value)) {
        char *dir = path_dirname(from);
        path = path_join(dir, node->value);
        free(dir);
    } else {
        path = xasprintf("%s/%s.yml", style_dir(), node->value);
    }
    if (path_exists(path))
        return path;
    diag_error(&node->loc, "'extend': unknown style '%s'", node->value);
    char *near = NULL;
    if (!looks_like_path(node->value) && !style_known(node->value, &near) && near)
        diag_hint("did you mean '%s'?", near);
    free(near);
    free(path);
    return NULL;
}

/* The tree of the style file at path with every style it extends read
 * under it, in *out (NULL for an empty file).  chain[0..depth] holds the
 * real paths of this file and those extending it, to stop cycles.  False
 * after reporting. */
static bool load_tree(struct style_source *src, const char *path, char **chain, size_t depth, struct ynode **out)
{
    struct ydoc *doc = ydoc_load(path, 10000);
    if (!doc)
        return false;
    *ARRAY_PUSH(src->docs, src->ndocs, src->docs_cap) = doc;
    *out = doc->root;
    const struct ynode *ext = ynode_get(doc->root, "extend");
    if (!ext)
        return true;
    char *base_path = extend_path(ext, path);
    if (!base_path)
        return false;
    char *real = realpath(base_path, NULL);
    struct ynode *base = NULL;
    bool ok = false, cycle = false;
    for (size_t i = 0; real && i <= depth && !cycle; i++)
        cycle = !strcmp(chain[i], real);
    if (!real) {
        diag_error(&ext->loc, "'extend': cannot read '%s'", base_path);
    } else if (cycle) {
        diag_error(&ext->loc, "'extend' makes a cycle: '%s' extends '%s', which is already being read",
                   path_basename(path), path_basename(real));
    } else if (depth + 1 >= MAX_EXTEND_DEPTH) {
        diag_error(&ext->loc, "'extend' chain is longer than %d styles", MAX_EXTEND_DEPTH);
    } else {
        chain[depth + 1] = real;
        ok = load_tree(src, base_path, chain, depth + 1, &base);
        chain[depth + 1] = NULL;
    }
    free(real);
    free(base_path);
    if (ok && base)
        *out = merge_nodes(src, base, doc->root, true);
    return ok;
}

static struct style *load_file(const char *path)
{
    struct style_source src;
    memset(&src, 0, sizeof(src));
    char *chain[MAX_EXTEND_DEPTH] = {NULL};
    chain[0] = realpath(path, NULL);
    if (!chain[0])
        chain[0] = xstrdup(path);
    struct ynode *root = NULL;
    bool loaded = load_tree(&src, path, chain, 0, &root);
    free(chain[0]);
    if (!loaded) {
        style_source_release(&src);
        return NULL;
    }
    struct style *s = xcalloc(1, sizeof(*s));
    s->path = xstrdup(path);
    set_defaults(s);
    bool ok = read_style(root, s);
    style_source_release(&src);
    if (!ok) {
        style_free(s);
        return NULL;
    }
    return s;
}

struct style *style_load(const char *name_or_path)
{
    if (looks_like_path(name_or_path))
        return load_file(name_or_path);
    char *path = xasprintf("%s/%s.yml", style_dir(), name_or_path);
    struct style *s = NULL;
    if (path_exists(path)) {
        s = load_file(path);
    } else {
        char *near = NULL;
        style_known(name_or_path, &near);
        diag_error(NULL, "unknown style '%s'", name_or_path);
        if (near)
            diag_hint("did you mean '%s'?", near);
        diag_hint("'collate styles' lists the styles; a path to a .yml file also works");
        free(near);
    }
    free(path);
    return s;
}

bool style_known(const char *name, char **closest)
{
    *closest = NULL;
    if (looks_like_path(name))
        return true;
    char *path = xasprintf("%s/%s.yml", style_dir(), name);
    bool found = path_exists(path);
    free(path);
    DIR *dir = found ? NULL : opendir(style_dir());
    if (!dir)
        return found;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dir)))
        if (str_ends_with(de->d_name, ".yml") && strlen(de->d_name) > 4)
            *ARRAY_PUSH(names, n, cap) = xstrndup(de->d_name, strlen(de->d_name) - 4);
    closedir(dir);
    *ARRAY_PUSH(names, n, cap) = NULL;
    const char *near = ynode_suggest(name, (const char *const *)names);
    if (near)
        *closest = xstrdup(near);
    for (size_t i = 0; names[i]; i++)
        free(names[i]);
    free(names);
    return false;
}

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const struct style_entry *)a)->name, ((const struct style_entry *)b)->name);
}

size_t style_list(struct style_entry **out)
{
    *out = NULL;
    size_t n = 0, cap = 0;
    DIR *dir = opendir(style_dir());
    if (!dir)
        return 0;
    struct dirent *de;
    while ((de = readdir(dir))) {
        if (!str_ends_with(de->d_name, ".yml"))
            continue;
        char *path = path_join(style_dir(), de->d_name);
        struct style *s = load_file(path);
        if (s) {
            struct style_entry *e = ARRAY_PUSH(*out, n, cap);
            e->name = xstrndup(de->d_name, strlen(de->d_name) - 4);
            e->description = xstrdup(s->description ? s->description : "");
            e->path = path;
            path = NULL;
        }
        style_free(s);
        free(path);
    }
    closedir(dir);
    qsort(*out, n, sizeof(**out), entry_cmp);
    return n;
}

void style_entries_free(struct style_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(entries[i].name);
        free(entries[i].description);
        free(entries[i].path);
    }
    free(entries);
}

const struct style_size *style_match_size(const struct style *style, double width, double height,
                                          bool *landscape)
{
    double tol = style->size_tolerance;
    if (landscape)
        *landscape = false;
    for (size_t i = 0; i < style->nsizes; i++) {
        const struct style_size *sz = &style->sizes[i];
        if (fabs(sz->width - width) <= tol && fabs(sz->height - height) <= tol)
            return sz;
    }
    for (size_t i = 0; i < style->nsizes; i++) {
        const struct style_size *sz = &style->sizes[i];
        if (fabs(sz->width - height) <= tol && fabs(sz->height - width) <= tol) {
            if (landscape)
                *landscape = true;
            return sz;
        }
    }
    return NULL;
}

const struct style_size *style_nearest_size(const struct style *style, double width, double height)
{
    const struct style_size *best = &style->sizes[0];
    double best_d = INFINITY;
    for (size_t i = 0; i < style->nsizes; i++) {
        const struct style_size *sz = &style->sizes[i];
        double d = fabs(sz->width - width) + fabs(sz->height - height);
        if (d < best_d) {
            best_d = d;
            best = sz;
        }
    }
    return best;
}

void style_text_block(const struct style_size *sz, struct rect *out)
{
    const struct style_block *b = &sz->text_block;
    if (b->given)
        *out = (struct rect){b->left, b->top, b->left + b->width, b->top + b->height};
    else
        *out = (struct rect){sz->left, sz->top, sz->width - sz->right, sz->height - sz->bottom};
}

/* ---- sections and limits ---- */

static const char *const section_names[SECTION_KIND_COUNT + 1] = {
    [SECTION_REFERENCES] = "references", [SECTION_APPENDIX] = "appendix", [SECTION_LIMITATIONS] = "limitations",
    [SECTION_ETHICS] = "ethics", [SECTION_ACKNOWLEDGMENTS] = "acknowledgments"};

const char *section_kind_name(enum section_kind kind)
{
    assert(kind < SECTION_KIND_COUNT);
    return section_names[kind];
}

int section_kind_from_name(const char *name)
{
    for (int i = 0; i < SECTION_KIND_COUNT; i++)
        if (!strcmp(name, section_names[i]))
            return i;
    if (!strcmp(name, "acknowledgements"))
        return SECTION_ACKNOWLEDGMENTS;
    return -1;
}

// clang-format off
static const struct {
    const char *name;
    double width, height;           /* portrait, pt */
} named_sizes[] = {
    {"a4", 595.276, 841.89}, {"letter", 612, 792}, {"a5", 419.528, 595.276},
    {"b5", 498.898, 708.661}, {"legal", 612, 1008},
};
static const char *const size_names[] = {"a4", "letter", "a5", "b5", "legal", NULL};
// clang-format on

const char *const *style_size_names(void)
{
    return size_names;
}

bool style_size_by_name(const char *name, double *width, double *height)
{
    for (size_t i = 0; i < ARRAY_SIZE(named_sizes); i++)
        if (!strcmp(name, named_sizes[i].name)) {
            *width = named_sizes[i].width;
            *height = named_sizes[i].height;
            return true;
        }
    return false;
}

bool style_parse_sizes(const char *list, const struct srcloc *loc, unsigned *mask)
{
    bool ok = true;
    char *copy = xstrdup(list);
    char *save = NULL;
    size_t words = 0;
    for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
        size_t i = 0;
        while (size_names[i] && strcmp(size_names[i], w))
            i++;
        words++;
        if (size_names[i]) {
            *mask |= 1u << i;
            continue;
        }
        diag_error(loc, "unknown page size '%s'; known sizes are a4, letter, a5, b5 and legal", w);
        const char *near = ynode_suggest(w, size_names);
        if (near)
            diag_hint("did you mean '%s'?", near);
        ok = false;
    }
    free(copy);
    if (ok && !words) {
        diag_error(loc, "no page size given; known sizes are a4, letter, a5, b5 and legal");
        ok = false;
    }
    return ok;
}

/* The accepted sizes of s, as "letter, a4", for messages. */
static char *size_list(const struct style *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < s->nsizes; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", s->sizes[i].name);
    return strbuf_detach(&sb);
}

bool style_apply_limits(struct style *s, const struct style_limits *l, const struct srcloc *loc)
{
    if (l->count >= 0)
        s->count = (enum page_count)l->count;
    if (!l->sizes)
        return true;
    bool *keep = xcalloc(s->nsizes, sizeof(*keep));
    bool ok = true;
    for (size_t i = 0; size_names[i]; i++) {
        if (!(l->sizes & 1u << i))
            continue;
        const struct style_size *sz = style_match_size(s, named_sizes[i].width, named_sizes[i].height, NULL);
        /* landscape matches do not count: a restriction names portrait sizes */
        if (sz && fabs(sz->width - named_sizes[i].width) <= s->size_tolerance) {
            keep[sz - s->sizes] = true;
            continue;
        }
        char *have = size_list(s);
        diag_error(loc, "page size '%s' is not one style '%s' accepts (%s); a restriction cannot add a size",
                   size_names[i], s->name, have);
        free(have);
        ok = false;
    }
    size_t n = 0;
    for (size_t i = 0; ok && i < s->nsizes; i++) {
        if (keep[i])
            s->sizes[n++] = s->sizes[i];
        else
            free(s->sizes[i].name);
    }
    if (ok)
        s->nsizes = n;
    free(keep);
    return ok;
}
