/* keywords: the keyword line printed on a paper's first page.
 *
 * The list follows a label ("Index Terms", "Keywords", "Key words", "CCS
 * Concepts") and its dash or colon, may wrap over the following lines up
 * to a blank line or a section heading, and is split at commas,
 * semicolons and bullets.  A CCS concept path keeps its last step. */
#include "paginate/keywords.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

#define MAX_FOUND_KEYWORDS 16
#define MAX_KEYWORD_BYTES 80

/* Where the keyword list starts: after a label and its dash or colon. */
static const char *keyword_label_end(const char *line, bool *ccs)
{
    static const char *const labels[] = {"index terms", "keywords", "key words", "ccs concepts"};
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        size_t n = strlen(labels[i]);
        if (strncasecmp(line, labels[i], n) != 0)
            continue;
        const char *p = line + n;
        while (*p == ' ' || *p == ':' || *p == '-' || *p == '.')
            p++;
        /* em dash and en dash */
        while (!strncmp(p, "\xE2\x80\x94", 3) || !strncmp(p, "\xE2\x80\x93", 3))
            p += 3;
        while (*p == ' ')
            p++;
        *ccs = i == 3;
        return p;
    }
    return NULL;
}

static void push_keyword(char ***out, size_t *n, const char *start, size_t len, bool ccs)
{
    /* CCS paths read "Security and privacy → Software security engineering":
     * the last step is the concept. */
    if (ccs) {
        for (size_t i = len; i >= 3; i--)
            if (!strncmp(start + i - 3, "\xE2\x86\x92", 3)) {
                start += i;
                len -= i;
                break;
            }
    }
    while (len && (*start == ' ' || *start == '\xE2')) {
        if (*start == '\xE2') { /* a bullet (U+2022) */
            if (len < 3 || strncmp(start, "\xE2\x80\xA2", 3))
                break;
            start += 3, len -= 3;
            continue;
        }
        start++, len--;
    }
    while (len && (start[len - 1] == ' ' || start[len - 1] == '.'))
        len--;
    if (!len || len > MAX_KEYWORD_BYTES || *n >= MAX_FOUND_KEYWORDS)
        return;
    *out = xrealloc(*out, (*n + 2) * sizeof(**out));
    (*out)[(*n)++] = xstrndup(start, len);
    (*out)[*n] = NULL;
}

char **keywords_extract(const char *text)
{
    if (!text)
        return NULL;
    char **out = NULL;
    size_t n = 0;
    for (const char *line = text; *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        bool ccs = false;
        const char *start = keyword_label_end(line, &ccs);
        if (start) {
            /* The list may wrap over following lines until a blank line
             * or a section heading. */
            struct strbuf sb = STRBUF_INIT;
            strbuf_add(&sb, start, len - (size_t)(start - line));
            for (const char *next = eol ? eol + 1 : NULL; next && *next && *next != '\n';) {
                const char *e2 = strchr(next, '\n');
                size_t l2 = e2 ? (size_t)(e2 - next) : strlen(next);
                bool heading = (next[0] >= '0' && next[0] <= '9') || !strncmp(next, "I.", 2) ||
                               !strncasecmp(next, "ACM Reference", 13) || !strncasecmp(next, "Introduction", 12);
                if (heading || sb.len > 600)
                    break;
                strbuf_addch(&sb, ' ');
                strbuf_add(&sb, next, l2);
                next = e2 ? e2 + 1 : NULL;
            }
            const char *s = strbuf_str(&sb), *seg = s;
            for (const char *p = s;; p++)
                if (*p == ',' || *p == ';' || *p == '\0' || !strncmp(p, "\xE2\x80\xA2", 3)) {
                    push_keyword(&out, &n, seg, (size_t)(p - seg), ccs);
                    if (!*p)
                        break;
                    if (*p == '\xE2')
                        p += 2;
                    seg = p + 1;
                }
            strbuf_release(&sb);
            break;
        }
        line = eol ? eol + 1 : line + len;
    }
    return out;
}
