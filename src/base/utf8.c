/* utf8: small, strict UTF-8 helpers (no overlongs, no surrogates). */
#include "base/utf8.h"

#include <assert.h>
#include <string.h>

#include "base/util.h"

int32_t utf8_next(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    if (*n == 0)
        return -1;
    unsigned char c = p[0];
    int len;
    int32_t cp, min;
    if (c < 0x80) {
        len = 1, cp = c, min = 0;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        goto invalid;
    }
    if ((size_t)len > *n)
        goto invalid;
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            goto invalid;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        goto invalid;
    *s += len;
    *n -= (size_t)len;
    return cp;
invalid:
    *s += 1;
    *n -= 1;
    return -1;
}

long utf8_invalid_offset(const char *s, size_t n)
{
    const char *start = s;
    while (n > 0) {
        const char *at = s;
        if (utf8_next(&s, &n) < 0)
            return (long)(at - start);
    }
    return -1;
}

int utf8_encode(int32_t cp, char *out)
{
    assert(cp >= 0 && cp <= 0x10FFFF);
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

char *utf8_sanitize(const char *s)
{
    if (!s)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    size_t n = strlen(s);
    while (n > 0) {
        const char *at = s;
        int32_t cp = utf8_next(&s, &n);
        if (cp < 0)
            strbuf_adds(&sb, "\xEF\xBF\xBD");
        else
            strbuf_add(&sb, at, (size_t)(s - at));
    }
    return strbuf_detach(&sb);
}

size_t utf8_length(const char *s)
{
    size_t n = strlen(s), count = 0;
    while (n > 0) {
        utf8_next(&s, &n);
        count++;
    }
    return count;
}

int utf8_column(const char *line, size_t n)
{
    int col = 1;
    for (size_t i = 0; i < n; i++)
        col += ((unsigned char)line[i] & 0xC0) != 0x80;
    return col;
}

size_t utf8_prefix_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    size_t cut = max;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    return cut;
}

void utf8_truncate(char *s, size_t max)
{
    s[utf8_prefix_len(s, strlen(s), max)] = '\0';
}
