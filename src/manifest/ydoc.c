/* ydoc: libyaml events turned into a located tree. */
#include "manifest/ydoc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "base/util.h"

#define DEFAULT_MAX_NODES 1000000

struct anchor {
    char *name;
    struct ynode *node;
};

struct builder {
    yaml_parser_t parser;
    struct ydoc *doc;
    struct anchor *anchors;
    size_t nanchors, anchors_cap;
    size_t nodes, max_nodes;
    bool failed;
};

static void node_free(struct ynode *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->n; i++)
        node_free(node->items[i]);
    free(node->items);
    free(node->value);
    free(node);
}

static struct ynode *node_new(struct builder *b, enum ynode_kind kind, yaml_mark_t mark)
{
    struct ynode *node = xcalloc(1, sizeof(*node));
    node->kind = kind;
    node->loc.file = b->doc->file;
    node->loc.line = (int)mark.line + 1; /* libyaml marks are 0-based */
    node->loc.col = (int)mark.column + 1;
    b->nodes++;
    return node;
}

static void node_append(struct ynode *parent, struct ynode *child)
{
    parent->items = xrealloc(parent->items, (parent->n + 1) * sizeof(*parent->items));
    parent->items[parent->n++] = child;
}

/* Deep copy for an alias, charging every copied node to the budget. */
static struct ynode *node_copy(struct builder *b, const struct ynode *src, struct srcloc at)
{
    if (b->nodes >= b->max_nodes) {
        b->failed = true;
        return NULL;
    }
    struct ynode *node = xcalloc(1, sizeof(*node));
    node->kind = src->kind;
    node->loc = at;
    node->value = xstrdup(src->value);
    node->plain = src->plain;
    b->nodes++;
    for (size_t i = 0; i < src->n; i++) {
        struct ynode *child = node_copy(b, src->items[i], src->items[i]->loc);
        if (!child) {
            node_free(node);
            return NULL;
        }
        node_append(node, child);
    }
    return node;
}

static void report_parser_error(struct builder *b)
{
    yaml_parser_t *p = &b->parser;
    struct srcloc loc = {b->doc->file, (int)p->problem_mark.line + 1, (int)p->problem_mark.column + 1};
    const char *problem = p->problem ? p->problem : "unknown YAML error";
    if (p->error == YAML_READER_ERROR) {
        /* Reader errors carry a byte offset, not a line. */
        loc.line = 0;
        diag_error(&loc, "%s at byte %zu (the file must be UTF-8)", problem, p->problem_offset);
    } else if (p->context) {
        struct srcloc cloc = {b->doc->file, (int)p->context_mark.line + 1, (int)p->context_mark.column + 1};
        diag_error(&loc, "%s %s", problem, p->context);
        diag_note(&cloc, "the construct started here");
    } else {
        diag_error(&loc, "%s", problem);
    }
    b->failed = true;
}

static void remember_anchor(struct builder *b, const yaml_char_t *anchor, struct ynode *node)
{
    if (!anchor)
        return;
    struct anchor *a = ARRAY_PUSH(b->anchors, b->nanchors, b->anchors_cap);
    a->name = xstrdup((const char *)anchor);
    a->node = node;
}

static struct ynode *parse_node(struct builder *b, yaml_event_t *ev, int depth);

/* Parse children until the matching end event; ev is the start event. */
static bool parse_children(struct builder *b, struct ynode *parent, yaml_event_type_t end, int depth)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&b->parser, &ev)) {
            report_parser_error(b);
            return false;
        }
        if (ev.type == end) {
            yaml_event_delete(&ev);
            return true;
        }
        struct ynode *child = parse_node(b, &ev, depth + 1);
        yaml_event_delete(&ev);
        if (!child)
            return false;
        node_append(parent, child);
    }
}

static struct ynode *parse_node(struct builder *b, yaml_event_t *ev, int depth)
{
    struct srcloc at = {b->doc->file, (int)ev->start_mark.line + 1, (int)ev->start_mark.column + 1};
    if (depth > 200) {
        diag_error(&at, "nesting is too deep");
        b->failed = true;
        return NULL;
    }
    if (b->nodes >= b->max_nodes) {
        diag_error(&at, "document is too large (more than %zu nodes, counting aliases)", b->max_nodes);
        b->failed = true;
        return NULL;
    }
    struct ynode *node = NULL;
    switch (ev->type) {
    case YAML_SCALAR_EVENT:
        node = node_new(b, YNODE_SCALAR, ev->start_mark);
        node->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
        node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (strlen(node->value) != ev->data.scalar.length) {
            diag_error(&node->loc, "string contains a NUL character");
            node_free(node);
            b->failed = true;
            return NULL;
        }
        remember_anchor(b, ev->data.scalar.anchor, node);
        return node;
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
        node = node_new(b, seq ? YNODE_SEQ : YNODE_MAP, ev->start_mark);
        const yaml_char_t *anchor = seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
        if (!parse_children(b, node, seq ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT, depth)) {
            node_free(node);
            return NULL;
        }
        remember_anchor(b, anchor, node);
        return node;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        for (size_t i = b->nanchors; i-- > 0;) {
            if (strcmp(b->anchors[i].name, name) != 0)
                continue;
            node = node_copy(b, b->anchors[i].node, at);
            if (!node)
                diag_error(&at, "alias '*%s' expands past the limit of %zu nodes", name, b->max_nodes);
            return node;
        }
        diag_error(&at, "unknown alias '*%s'", name);
        b->failed = true;
        return NULL;
    }
    default:
        diag_error(&at, "unexpected YAML event");
        b->failed = true;
        return NULL;
    }
}

static struct ydoc *load(struct builder *b)
{
    bool done = false;
    bool seen_doc = false;
    while (!done && !b->failed) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&b->parser, &ev)) {
            report_parser_error(b);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (seen_doc) {
                struct srcloc at = {b->doc->file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1};
                diag_error(&at, "only one YAML document is allowed per file");
                b->failed = true;
            }
            seen_doc = true;
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        default:
            b->doc->root = parse_node(b, &ev, 0);
            if (!b->doc->root)
                b->failed = true;
            break;
        }
        yaml_event_delete(&ev);
    }
    for (size_t i = 0; i < b->nanchors; i++)
        free(b->anchors[i].name);
    free(b->anchors);
    yaml_parser_delete(&b->parser);
    if (b->failed) {
        ydoc_free(b->doc);
        return NULL;
    }
    return b->doc;
}

struct ydoc *ydoc_load_buffer(const char *name, const char *data, size_t len, size_t max_nodes)
{
    struct builder b;
    memset(&b, 0, sizeof(b));
    b.max_nodes = max_nodes ? max_nodes : DEFAULT_MAX_NODES;
    b.doc = xcalloc(1, sizeof(*b.doc));
    b.doc->file = xstrdup(name);
    if (!yaml_parser_initialize(&b.parser)) {
        diag_error(NULL, "cannot initialise the YAML parser");
        ydoc_free(b.doc);
        return NULL;
    }
    yaml_parser_set_input_string(&b.parser, (const unsigned char *)data, len);
    return load(&b);
}

struct ydoc *ydoc_load(const char *path, size_t max_nodes)
{
    size_t len;
    char *data = read_file(path, &len);
    if (!data) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "cannot read file: %s", strerror(errno));
        return NULL;
    }
    struct ydoc *doc = ydoc_load_buffer(path, data, len, max_nodes);
    free(data);
    return doc;
}

void ydoc_free(struct ydoc *doc)
{
    if (!doc)
        return;
    node_free(doc->root);
    free(doc->file);
    free(doc);
}

size_t ynode_map_size(const struct ynode *map)
{
    return map && map->kind == YNODE_MAP ? map->n / 2 : 0;
}

struct ynode *ynode_map_key(const struct ynode *map, size_t i)
{
    return map->items[2 * i];
}

struct ynode *ynode_map_value(const struct ynode *map, size_t i)
{
    return map->items[2 * i + 1];
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
    size_t n = ynode_map_size(map);
    for (size_t i = 0; i < n; i++) {
        struct ynode *k = ynode_map_key(map, i);
        if (k->kind == YNODE_SCALAR && strcmp(k->value, key) == 0)
            return ynode_map_value(map, i);
    }
    return NULL;
}

bool ynode_is_null(const struct ynode *node)
{
    if (!node)
        return true;
    if (node->kind != YNODE_SCALAR || !node->plain)
        return false;
    const char *v = node->value;
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 ||
           strcmp(v, "NULL") == 0;
}

const char *ynode_kind_name(enum ynode_kind kind)
{
    switch (kind) {
    case YNODE_SCALAR:
        return "a scalar";
    case YNODE_SEQ:
        return "a list";
    case YNODE_MAP:
        return "a mapping";
    }
    return "?";
}

static bool expect_scalar(const struct ynode *node, const char *what, const char *type)
{
    if (node->kind == YNODE_SCALAR)
        return true;
    diag_error(&node->loc, "'%s' must be %s, not %s", what, type, ynode_kind_name(node->kind));
    return false;
}

bool ynode_string(const struct ynode *node, const char *what, char **out)
{
    if (!node || ynode_is_null(node))
        return true;
    if (!expect_scalar(node, what, "a string"))
        return false;
    free(*out);
    *out = xstrdup(node->value);
    return true;
}

bool ynode_int(const struct ynode *node, const char *what, long min, long max, long *out)
{
    if (!node || ynode_is_null(node))
        return true;
    if (!expect_scalar(node, what, "a whole number"))
        return false;
    char *end;
    errno = 0;
    long v = strtol(node->value, &end, 10);
    if (end == node->value || *end || errno) {
        diag_error(&node->loc, "'%s' must be a whole number, not '%s'", what, node->value);
        return false;
    }
    if (v < min || v > max) {
        diag_error(&node->loc, "'%s' must be between %ld and %ld, not %ld", what, min, max, v);
        return false;
    }
    *out = v;
    return true;
}

bool ynode_number(const struct ynode *node, const char *what, double *out)
{
    if (!node || ynode_is_null(node))
        return true;
    if (!expect_scalar(node, what, "a number"))
        return false;
    char *end;
    errno = 0;
    double v = strtod(node->value, &end);
    if (end == node->value || *end || errno || !isfinite(v)) {
        diag_error(&node->loc, "'%s' must be a number, not '%s'", what, node->value);
        return false;
    }
    *out = v;
    return true;
}

bool ynode_bool(const struct ynode *node, const char *what, bool *out)
{
    if (!node || ynode_is_null(node))
        return true;
    if (!expect_scalar(node, what, "true or false"))
        return false;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on", "On"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off", "Off"};
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (strcmp(node->value, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(node->value, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    diag_error(&node->loc, "'%s' must be true or false, not '%s'", what, node->value);
    return false;
}

bool parse_length(const char *s, double *out_pt)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || !isfinite(v))
        return false;
    while (*end == ' ')
        end++;
    static const struct {
        const char *unit;
        double pt;
    } units[] = {{"", 1.0}, {"pt", 1.0}, {"bp", 1.0}, {"in", 72.0}, {"mm", 72.0 / 25.4},
                 {"cm", 72.0 / 2.54}, {"pc", 12.0}};
    for (size_t i = 0; i < ARRAY_SIZE(units); i++)
        if (strcmp(end, units[i].unit) == 0) {
            *out_pt = v * units[i].pt;
            return true;
        }
    return false;
}

bool ynode_length(const struct ynode *node, const char *what, double *out_pt)
{
    if (!node || ynode_is_null(node))
        return true;
    if (!expect_scalar(node, what, "a length"))
        return false;
    if (!parse_length(node->value, out_pt)) {
        diag_error(&node->loc, "'%s' must be a length such as 54, 54pt, 0.75in, 19mm or 1.9cm, not '%s'",
                   what, node->value);
        return false;
    }
    return true;
}

void ynode_warn_unknown_keys(const struct ynode *map, const char *const *allowed, const char *where)
{
    size_t n = ynode_map_size(map);
    for (size_t i = 0; i < n; i++) {
        struct ynode *k = ynode_map_key(map, i);
        if (k->kind != YNODE_SCALAR) {
            diag_error(&k->loc, "keys in %s must be plain strings", where);
            continue;
        }
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, k->value) == 0;
        if (known)
            continue;
        diag_warning(&k->loc, "unknown key '%s' in %s is ignored", k->value, where);
        const char *near = ynode_suggest(k->value, allowed);
        if (near)
            diag_hint("did you mean '%s'?", near);
    }
}

/* ASCII lower case, so "Authors" is one edit from nothing but itself. */
static unsigned char fold(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Edit distance with adjacent transpositions ("titel" → "title" is 1),
 * on bytes, ignoring ASCII case; stops counting past limit. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return limit + 1; /* names are short; anything longer is no typo */
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            unsigned char ca = fold((unsigned char)a[i - 1]), cb = fold((unsigned char)b[j - 1]);
            size_t best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && ca == fold((unsigned char)b[j - 2]) && fold((unsigned char)a[i - 2]) == cb &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *ynode_suggest(const char *word, const char *const *candidates)
{
    size_t len = strlen(word);
    /* About one edit in three characters: "autors", "lncss", "titel". */
    size_t limit = len < 3 ? 0 : len < 6 ? 1 : len < 12 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (const char *const *c = candidates; c && *c; c++) {
        size_t d = edit_distance(word, *c, limit);
        if (d < best_d && strcmp(word, *c) != 0) {
            best_d = d;
            best = *c;
        }
    }
    return best;
}
