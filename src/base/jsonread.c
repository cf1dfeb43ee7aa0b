/* jsonread: recursive descent over a buffer, bounded in depth and size. */
#include "base/jsonread.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/util.h"

struct parser {
    const char *s;          /* the text; borrowed */
    size_t len, pos;        /* its length, the next byte */
    size_t line_start;      /* offset where the current line starts */
    int line;               /* 1-based line of pos */
    int depth;              /* current nesting */
    size_t values;          /* values made so far */
    struct jsonread_limits lim;
    struct jsonread_error *err;
    bool failed;            /* err is set */
    size_t col_pos;         /* column_at cache: byte offset on the current line ... */
    int col;                /* ... and its column */
};

/* Column (1-based, in code points) of byte offset pos on the current line.
 * Columns are asked for in increasing order, so counting goes on from the
 * last answer: a document on one long line stays linear, not quadratic. */
static int column_at(struct parser *p, size_t pos)
{
    if (p->col_pos < p->line_start || p->col_pos > pos) {
        p->col_pos = p->line_start;
        p->col = 1;
    }
    for (; p->col_pos < pos && p->col_pos < p->len; p->col_pos++)
        if (((unsigned char)p->s[p->col_pos] & 0xC0) != 0x80)
            p->col++;
    return p->col;
}

static void fail_at(struct parser *p, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail_at(struct parser *p, int line, int col, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    if (!p->err)
        return;
    p->err->line = line;
    p->err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
    va_end(ap);
}

#define FAIL(p, ...) fail_at((p), (p)->line, column_at((p), (p)->pos), __VA_ARGS__)

static void skip_ws(struct parser *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == '\n') {
            p->pos++;
            p->line++;
            p->line_start = p->pos;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            p->pos++;
        } else {
            break;
        }
    }
}

/* A short description of the byte at pos, for "unexpected X" messages. */
static void describe_here(const struct parser *p, char *out, size_t n)
{
    if (p->pos >= p->len) {
        snprintf(out, n, "end of file");
        return;
    }
    unsigned char c = (unsigned char)p->s[p->pos];
    if (c >= 0x20 && c < 0x7F)
        snprintf(out, n, "'%c'", c);
    else
        snprintf(out, n, "byte 0x%02X", c);
}

static struct jnode *new_node(struct parser *p, enum jnode_kind kind, int line, int col)
{
    if (++p->values > p->lim.max_values) {
        fail_at(p, line, col, "too many values (more than %zu)", p->lim.max_values);
        return NULL;
    }
    struct jnode *n = xcalloc(1, sizeof(*n));
    n->kind = kind;
    n->line = line;
    n->col = col;
    return n;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* A string at pos (on its opening quote); returns the decoded text or NULL. */
static char *parse_string(struct parser *p)
{
    int sline = p->line, scol = column_at(p, p->pos);
    struct strbuf sb = STRBUF_INIT;
    p->pos++;
    for (;;) {
        if (p->pos >= p->len) {
            fail_at(p, sline, scol, "text is not closed (a '\"' is missing)");
            goto fail;
        }
        if (sb.len > p->lim.max_string) {
            fail_at(p, sline, scol, "text is longer than %zu bytes", p->lim.max_string);
            goto fail;
        }
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c == '"') {
            p->pos++;
            break;
        }
        if (c < 0x20) {
            FAIL(p, "control character (byte 0x%02X) inside text; write it as an escape such as \\n", c);
            goto fail;
        }
        if (c != '\\') {
            const char *at = p->s + p->pos;
            size_t left = p->len - p->pos;
            if (utf8_next(&at, &left) < 0) {
                FAIL(p, "invalid UTF-8 inside text");
                goto fail;
            }
            size_t n = (size_t)(at - (p->s + p->pos));
            strbuf_add(&sb, p->s + p->pos, n);
            p->pos += n;
            continue;
        }
        if (p->pos + 1 >= p->len) {
            FAIL(p, "incomplete escape at end of file");
            goto fail;
        }
        char e = p->s[p->pos + 1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            static const char out[] = "\"\\/\b\f\n\r\t";
            strbuf_addch(&sb, out[simple - "\"\\/bfnrt"]);
            p->pos += 2;
            continue;
        }
        if (e != 'u') {
            FAIL(p, "unknown escape '\\%c'", e >= 0x20 && e < 0x7F ? e : '?');
            goto fail;
        }
        if (p->pos + 6 > p->len || hex4(p->s + p->pos + 2) < 0) {
            FAIL(p, "'\\u' must be followed by four hexadecimal digits");
            goto fail;
        }
        int32_t cp = hex4(p->s + p->pos + 2);
        size_t used = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int lo = p->pos + 12 <= p->len && p->s[p->pos + 6] == '\\' && p->s[p->pos + 7] == 'u'
                         ? hex4(p->s + p->pos + 8)
                         : -1;
            if (lo < 0xDC00 || lo > 0xDFFF) {
                FAIL(p, "'\\u%04X' is half of a surrogate pair without its other half", (unsigned)cp);
                goto fail;
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            used = 12;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            FAIL(p, "'\\u%04X' is half of a surrogate pair without its other half", (unsigned)cp);
            goto fail;
        } else if (cp == 0) {
            FAIL(p, "'\\u0000' (a NUL character) is not allowed in text");
            goto fail;
        }
        char buf[4];
        strbuf_add(&sb, buf, (size_t)utf8_encode(cp, buf));
        p->pos += used;
    }
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
fail:
    strbuf_release(&sb);
    return NULL;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static struct jnode *parse_number(struct parser *p, int line, int col)
{
    size_t start = p->pos;
    if (p->pos < p->len && p->s[p->pos] == '-')
        p->pos++;
    if (p->pos >= p->len || !is_digit(p->s[p->pos])) {
        FAIL(p, "a number needs digits");
        return NULL;
    }
    if (p->s[p->pos] == '0') {
        p->pos++;
        if (p->pos < p->len && is_digit(p->s[p->pos])) {
            FAIL(p, "a number must not start with 0");
            return NULL;
        }
    } else {
        while (p->pos < p->len && is_digit(p->s[p->pos]))
            p->pos++;
    }
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        if (p->pos >= p->len || !is_digit(p->s[p->pos])) {
            FAIL(p, "digits must follow the decimal point");
            return NULL;
        }
        while (p->pos < p->len && is_digit(p->s[p->pos]))
            p->pos++;
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
            p->pos++;
        if (p->pos >= p->len || !is_digit(p->s[p->pos])) {
            FAIL(p, "digits must follow the exponent");
            return NULL;
        }
        while (p->pos < p->len && is_digit(p->s[p->pos]))
            p->pos++;
    }
    if (p->pos - start > 64) {
        fail_at(p, line, col, "number is too long");
        return NULL;
    }
    struct jnode *n = new_node(p, JNODE_NUMBER, line, col);
    if (!n)
        return NULL;
    n->text = xstrndup(p->s + start, p->pos - start);
    n->number = strtod(n->text, NULL);
    return n;
}

static struct jnode *parse_value(struct parser *p);

static bool enter(struct parser *p)
{
    if (p->depth >= p->lim.max_depth) {
        FAIL(p, "nested more than %d levels deep", p->lim.max_depth);
        return false;
    }
    p->depth++;
    return true;
}

static struct jnode *parse_array(struct parser *p, int line, int col)
{
    if (!enter(p))
        return NULL;
    struct jnode *n = new_node(p, JNODE_ARRAY, line, col);
    if (!n)
        return NULL;
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == ']') {
        p->pos++;
        p->depth--;
        return n;
    }
    for (;;) {
        struct jnode *item = parse_value(p);
        if (!item)
            goto fail;
        *ARRAY_PUSH(n->items, n->n, n->cap) = item;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == ']') {
            p->pos++;
            break;
        }
        char what[32];
        describe_here(p, what, sizeof(what));
        FAIL(p, "expected ',' or ']' in a list, found %s", what);
        goto fail;
    }
    p->depth--;
    return n;
fail:
    jnode_free(n);
    return NULL;
}

static struct jnode *parse_object(struct parser *p, int line, int col)
{
    if (!enter(p))
        return NULL;
    struct jnode *n = new_node(p, JNODE_OBJECT, line, col);
    if (!n)
        return NULL;
    size_t kcap = 0, lcap = 0, ccap = 0, kn = 0, ln = 0, cn = 0;
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == '}') {
        p->pos++;
        p->depth--;
        return n;
    }
    for (;;) {
        char what[32];
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != '"') {
            describe_here(p, what, sizeof(what));
            FAIL(p, "expected a key in double quotes, found %s", what);
            goto fail;
        }
        int kline = p->line, kcol = column_at(p, p->pos);
        char *key = parse_string(p);
        if (!key)
            goto fail;
        skip_ws(p);
        if (p->pos >= p->len || p->s[p->pos] != ':') {
            free(key);
            describe_here(p, what, sizeof(what));
            FAIL(p, "expected ':' after a key, found %s", what);
            goto fail;
        }
        p->pos++;
        struct jnode *value = parse_value(p);
        if (!value) {
            free(key);
            goto fail;
        }
        *ARRAY_PUSH(n->keys, kn, kcap) = key;
        *ARRAY_PUSH(n->key_lines, ln, lcap) = kline;
        *ARRAY_PUSH(n->key_cols, cn, ccap) = kcol;
        *ARRAY_PUSH(n->items, n->n, n->cap) = value;
        skip_ws(p);
        if (p->pos < p->len && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->len && p->s[p->pos] == '}') {
            p->pos++;
            break;
        }
        describe_here(p, what, sizeof(what));
        FAIL(p, "expected ',' or '}' in an object, found %s", what);
        goto fail;
    }
    p->depth--;
    return n;
fail:
    jnode_free(n);
    return NULL;
}

static bool take_word(struct parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos >= n && !memcmp(p->s + p->pos, word, n)) {
        p->pos += n;
        return true;
    }
    return false;
}

static struct jnode *parse_value(struct parser *p)
{
    skip_ws(p);
    int line = p->line, col = column_at(p, p->pos);
    if (p->pos >= p->len) {
        FAIL(p, "expected a value, found end of file");
        return NULL;
    }
    char c = p->s[p->pos];
    struct jnode *n;
    switch (c) {
    case '{':
        return parse_object(p, line, col);
    case '[':
        return parse_array(p, line, col);
    case '"': {
        char *text = parse_string(p);
        if (!text)
            return NULL;
        n = new_node(p, JNODE_STRING, line, col);
        if (!n) {
            free(text);
            return NULL;
        }
        n->text = text;
        return n;
    }
    case 't':
    case 'f':
    case 'n':
        if (take_word(p, "true") || take_word(p, "false")) {
            n = new_node(p, JNODE_BOOL, line, col);
            if (n)
                n->boolean = c == 't';
            return n;
        }
        if (take_word(p, "null"))
            return new_node(p, JNODE_NULL, line, col);
        break;
    default:
        if (c == '-' || is_digit(c))
            return parse_number(p, line, col);
        break;
    }
    char what[32];
    describe_here(p, what, sizeof(what));
    FAIL(p, "expected a value, found %s", what);
    return NULL;
}

struct jnode *jsonread_parse(const char *text, size_t len, const struct jsonread_limits *limits,
                             struct jsonread_error *err)
{
    struct parser p = {0};
    p.s = text;
    p.len = len;
    p.line = 1;
    p.col = 1;
    p.err = err;
    if (limits)
        p.lim = *limits;
    if (p.lim.max_depth <= 0)
        p.lim.max_depth = 64;
    if (!p.lim.max_values)
        p.lim.max_values = 4u << 20;
    if (!p.lim.max_string)
        p.lim.max_string = 1u << 20;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        p.pos = p.line_start = 3;
    struct jnode *root = parse_value(&p);
    if (!root)
        return NULL;
    skip_ws(&p);
    if (p.pos < p.len) {
        char what[32];
        describe_here(&p, what, sizeof(what));
        FAIL(&p, "unexpected %s after the end of the document", what);
        jnode_free(root);
        return NULL;
    }
    return root;
}

void jnode_free(struct jnode *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->n; i++) {
        jnode_free(node->items[i]);
        if (node->keys)
            free(node->keys[i]);
    }
    free(node->items);
    free(node->keys);
    free(node->key_lines);
    free(node->key_cols);
    free(node->text);
    free(node);
}

const struct jnode *jnode_get(const struct jnode *obj, const char *key)
{
    if (!obj || obj->kind != JNODE_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (!strcmp(obj->keys[i], key))
            return obj->items[i];
    return NULL;
}

const char *jnode_kind_name(enum jnode_kind kind)
{
    static const char *const names[] = {"null", "a boolean", "a number", "text", "a list", "an object"};
    assert((size_t)kind < ARRAY_SIZE(names));
    return names[kind];
}
