/* json: streaming writer with two-space indentation. */
#include "base/json.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "base/utf8.h"

void json_init(struct json *j, struct strbuf *out)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
}

static void newline(struct json *j)
{
    strbuf_addch(j->out, '\n');
    for (int i = 0; i < j->depth; i++)
        strbuf_adds(j->out, "  ");
}

/* Separator before a value or key at the current depth. */
static void before_item(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (j->need_comma[j->depth])
            strbuf_addch(j->out, ',');
        newline(j);
    }
    j->need_comma[j->depth] = true;
}

static void open_container(struct json *j, char c)
{
    assert(j->depth < 63 && "JSON nested deeper than need_comma[] allows");
    before_item(j);
    strbuf_addch(j->out, c);
    if (j->depth < 63)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_container(struct json *j, char c)
{
    assert(j->depth > 0 && !j->after_key && "closing what was not opened, or after a key");
    bool had_items = j->need_comma[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had_items)
        newline(j);
    strbuf_addch(j->out, c);
}

void json_begin_object(struct json *j)
{
    open_container(j, '{');
}

void json_end_object(struct json *j)
{
    close_container(j, '}');
}

void json_begin_array(struct json *j)
{
    open_container(j, '[');
}

void json_end_array(struct json *j)
{
    close_container(j, ']');
}

void json_quote(struct strbuf *out, const char *s)
{
    strbuf_addch(out, '"');
    size_t n = strlen(s);
    while (n > 0) {
        const char *at = s;
        int32_t cp = utf8_next(&s, &n);
        if (cp < 0) {
            strbuf_adds(out, "\\ufffd");
        } else if (cp == '"' || cp == '\\') {
            strbuf_addch(out, '\\');
            strbuf_addch(out, (char)cp);
        } else if (cp == '\n') {
            strbuf_adds(out, "\\n");
        } else if (cp == '\t') {
            strbuf_adds(out, "\\t");
        } else if (cp < 0x20 || cp == 0x7F) {
            strbuf_addf(out, "\\u%04x", (unsigned)cp);
        } else {
            strbuf_add(out, at, (size_t)(s - at));
        }
    }
    strbuf_addch(out, '"');
}

void json_key(struct json *j, const char *key)
{
    assert(j->depth > 0 && !j->after_key && "a key outside an object, or two keys in a row");
    before_item(j);
    json_quote(j->out, key);
    strbuf_adds(j->out, ": ");
    j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    before_item(j);
    json_quote(j->out, s);
}

void json_int(struct json *j, long long v)
{
    before_item(j);
    strbuf_addf(j->out, "%lld", v);
}

void json_number(struct json *j, double v)
{
    before_item(j);
    if (!isfinite(v))
        strbuf_adds(j->out, "null");
    else if (v == floor(v) && fabs(v) < 1e15)
        strbuf_addf(j->out, "%.0f", v);
    else
        strbuf_addf(j->out, "%.2f", v);
}

void json_bool(struct json *j, bool v)
{
    before_item(j);
    strbuf_adds(j->out, v ? "true" : "false");
}

void json_null(struct json *j)
{
    before_item(j);
    strbuf_adds(j->out, "null");
}
