/* ydoc: a YAML file as a small tree whose every node knows its location.
 *
 * The only user of libyaml.  Strings are copied out of the parser, so the
 * tree outlives it.  Aliases are expanded into copies, within a node budget
 * that stops "billion laughs" documents.  libyaml rejects invalid UTF-8 with
 * its position, which is reported like any syntax error.
 *
 * Ownership: ydoc_load returns a tree the caller frees with ydoc_free; node
 * pointers and strings inside it are borrowed from the tree. */
#ifndef COLLATE_YDOC_H
#define COLLATE_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

enum ynode_kind { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP };

struct ynode {
    enum ynode_kind kind;
    struct srcloc loc;     /* 1-based; loc.file borrowed from the ydoc */
    char *value;           /* scalar text (UTF-8), NULL otherwise */
    bool plain;            /* scalar was unquoted (so "null"/"~" mean null) */
    struct ynode **items;  /* sequence items, or map keys and values alternating */
    size_t n;              /* number of entries in items */
};

struct ydoc {
    char *file;            /* path as given, used in every location */
    struct ynode *root;    /* NULL for an empty document */
};

/* Parse a file.  On failure reports through diag (file:line:col) and returns
 * NULL.  max_nodes bounds the tree including alias copies (0: default). */
struct ydoc *ydoc_load(const char *path, size_t max_nodes);
/* Parse a buffer; name is used in locations. */
struct ydoc *ydoc_load_buffer(const char *name, const char *data, size_t len, size_t max_nodes);
void ydoc_free(struct ydoc *doc);

/* Map helpers: NULL when map is not a map or lacks the key. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
size_t ynode_map_size(const struct ynode *map);
struct ynode *ynode_map_key(const struct ynode *map, size_t i);
struct ynode *ynode_map_value(const struct ynode *map, size_t i);

bool ynode_is_null(const struct ynode *node);
const char *ynode_kind_name(enum ynode_kind kind);

/* Typed reads.  Each reports an error at the node and returns false when the
 * node has the wrong type; a NULL node leaves *out unchanged and returns true. */
bool ynode_string(const struct ynode *node, const char *what, char **out);    /* copies */
bool ynode_int(const struct ynode *node, const char *what, long min, long max, long *out);
bool ynode_number(const struct ynode *node, const char *what, double *out);
bool ynode_bool(const struct ynode *node, const char *what, bool *out);
/* A length: plain number (points) or a number with pt, in, mm, cm, pc. */
bool ynode_length(const struct ynode *node, const char *what, double *out_pt);

/* Warn about keys of map not in the NULL-terminated allowed list, with a
 * "did you mean" hint for a near miss (ynode_suggest). */
void ynode_warn_unknown_keys(const struct ynode *map, const char *const *allowed, const char *where);

/* The candidate (NULL-terminated list) nearest to word by edit distance,
 * ignoring ASCII case, when it is close enough to be a typo of it (about
 * one edit in three characters); else NULL.  Borrowed from candidates. */
const char *ynode_suggest(const char *word, const char *const *candidates);

/* Parse a length string ("0.75in", "19mm", "54") into points. */
bool parse_length(const char *s, double *out_pt);

#endif
