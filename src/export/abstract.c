/* abstract: find the abstract in a first page's text (pure). */
#include "export/abstract.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/util.h"

#define ABSTRACT_MIN 40     /* bytes: shorter is a stray word, not an abstract */
#define ABSTRACT_MAX 6000   /* bytes kept at most */

/* Case-insensitive prefix test; returns the length matched or 0. */
static size_t prefix_ci(const char *s, const char *word)
{
    size_t n = strlen(word);
    return strncasecmp(s, word, n) == 0 ? n : 0;
}

/* Does the line (from s to its end) start the keywords? */
static bool keywords_line(const char *s)
{
    static const char *const marks[] = {"Index Terms", "Keywords", "Key words", "CCS Concepts", "Additional Key Words"};
    for (size_t i = 0; i < ARRAY_SIZE(marks); i++)
        if (prefix_ci(s, marks[i]))
            return true;
    return false;
}

/* A section heading: "1 Introduction", "1. Introduction", "I. INTRODUCTION",
 * or a line that is just "Introduction". */
static bool section_line(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && (isdigit((unsigned char)s[i]) || strchr("IVX", s[i])))
        i++;
    if (i > 0 && i < len && s[i] == '.')
        i++;
    if (i > 0 && (i >= len || s[i] != ' '))
        return false;
    while (i < len && s[i] == ' ')
        i++;
    size_t rest = len - i;
    return rest >= 12 && prefix_ci(s + i, "Introduction") && rest <= 14;
}

char *abstract_extract(const char *text)
{
    if (!text)
        return NULL;
    /* The heading: "Abstract" at a line start, then a dash, colon, full
     * stop or the line's end. */
    const char *start = NULL;
    for (const char *line = text; *line; ) {
        const char *p = line;
        while (*p == ' ')
            p++;
        size_t n = prefix_ci(p, "Abstract");
        if (n) {
            const char *after = p + n;
            if (*after == '\n' || *after == '\0' || *after == '.' || *after == ':' || *after == ' ' ||
                (unsigned char)*after == 0xE2 /* em or en dash */ || *after == '-') {
                if ((unsigned char)*after == 0xE2 && after[1] && after[2])
                    after += 3;
                else if (*after != '\n' && *after)
                    after++;
                while (*after == ' ')
                    after++;
                start = after;
                break;
            }
        }
        const char *nl = strchr(line, '\n');
        if (!nl)
            break;
        line = nl + 1;
    }
    if (!start)
        return NULL;
    struct strbuf sb = STRBUF_INIT;
    for (const char *line = start; *line; ) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        bool first = line == start;
        while (len > 0 && line[len - 1] == ' ')
            len--;
        if (!first && (len == 0 || keywords_line(line) || section_line(line, len)))
            break; /* a blank line ends the paragraph too */
        if (sb.len && len) {
            /* Mend "robust-" / "ness"; keep "state-of-" / "the-art". */
            size_t w = sb.len - 1;
            while (w > 0 && sb.buf[w - 1] != ' ' && sb.buf[w - 1] != '-')
                w--;
            bool compound = w > 0 && sb.buf[w - 1] == '-';
            if (sb.buf[sb.len - 1] == '-' && sb.len >= 2 && isalpha((unsigned char)sb.buf[sb.len - 2]) &&
                !compound && islower((unsigned char)line[0])) {
                sb.len--;
                sb.buf[sb.len] = '\0';
            } else if (sb.buf[sb.len - 1] != '-')
                strbuf_addch(&sb, ' ');
        }
        strbuf_add(&sb, line, len);
        if (sb.len > ABSTRACT_MAX || !nl)
            break;
        line = nl + 1;
    }
    if (sb.len < ABSTRACT_MIN) {
        strbuf_release(&sb);
        return NULL;
    }
    char *out = strbuf_detach(&sb);
    utf8_truncate(out, ABSTRACT_MAX);
    return out;
}
