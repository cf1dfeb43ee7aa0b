/* json: a minimal streaming JSON writer into a strbuf.
 *
 * The caller states structure (begin/end object and array, key) and values;
 * commas and indentation are handled here.  Strings are written as valid
 * UTF-8: invalid bytes become U+FFFD.  Nesting is at most 63 levels; more,
 * an end without a begin, or two keys in a row are caller bugs (assert). */
#ifndef COLLATE_JSON_H
#define COLLATE_JSON_H

#include <stdbool.h>

#include "base/util.h"

struct json {
    struct strbuf *out;   /* where text goes; borrowed */
    int depth;            /* current nesting */
    bool need_comma[64];  /* per depth: a value was written at this level */
    bool after_key;       /* the next value follows a key on the same line */
};

void json_init(struct json *j, struct strbuf *out);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s); /* NULL writes null */
void json_int(struct json *j, long long v);
void json_number(struct json *j, double v);      /* 2 decimals at most */
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Append s as a JSON string literal (with quotes). */
void json_quote(struct strbuf *out, const char *s);

#endif
