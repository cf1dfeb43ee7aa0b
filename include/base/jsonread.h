/* jsonread: a small, strict JSON reader (RFC 8259) into a located tree.
 *
 * Input must be UTF-8 (a leading BOM is skipped).  Nesting depth, the
 * number of values and the length of strings are bounded, so hostile
 * input cannot exhaust the stack or memory.  Every value keeps the line
 * and column (1-based, in code points) where it starts; a syntax error
 * names its line and column too.  Strings are decoded (escapes, surrogate
 * pairs); "\u0000" and lone surrogates are refused, so every string is a
 * valid C string of valid UTF-8.
 *
 * Ownership: jsonread_parse returns a tree freed with jnode_free (NULL is
 * fine); strings and children belong to their parent.  Lookups return
 * borrowed pointers. */
#ifndef COLLATE_JSONREAD_H
#define COLLATE_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum jnode_kind { JNODE_NULL, JNODE_BOOL, JNODE_NUMBER, JNODE_STRING, JNODE_ARRAY, JNODE_OBJECT };

struct jnode {
    enum jnode_kind kind;
    int line, col;        /* where the value starts */
    bool boolean;         /* JNODE_BOOL */
    double number;        /* JNODE_NUMBER */
    char *text;           /* JNODE_STRING: decoded; JNODE_NUMBER: as written */
    struct jnode **items; /* JNODE_ARRAY: elements; JNODE_OBJECT: values */
    char **keys;          /* JNODE_OBJECT: keys, parallel to items */
    int *key_lines, *key_cols; /* JNODE_OBJECT: where each key is */
    size_t n;             /* elements or members */
    size_t cap;           /* allocated */
};

struct jsonread_limits {
    int max_depth;        /* nesting of arrays and objects; 0: 64 */
    size_t max_values;    /* values in the document; 0: 4 million */
    size_t max_string;    /* bytes in one decoded string; 0: 1 MiB */
};

struct jsonread_error {
    int line, col;        /* where the problem is */
    char msg[160];        /* what it is */
};

/* Parse text[0..len-1] (one JSON value, optional surrounding whitespace).
 * limits may be NULL for the defaults.  Returns NULL with err filled on the
 * first error. */
struct jnode *jsonread_parse(const char *text, size_t len, const struct jsonread_limits *limits,
                             struct jsonread_error *err);
void jnode_free(struct jnode *node);

/* The value of key in an object (the first, if repeated), or NULL when
 * obj is not an object or has no such key. */
const struct jnode *jnode_get(const struct jnode *obj, const char *key);
/* "null", "a boolean", "a number", "text", "a list", "an object". */
const char *jnode_kind_name(enum jnode_kind kind);

#endif
