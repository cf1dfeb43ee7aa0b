/* escape: text for HTML and XML (see escape.h). */
#include "base/escape.h"

#include <stdlib.h>

#include "base/utf8.h"

/* The one escaping loop; apostrophe: also escape '. */
static void markup_escape(struct strbuf *out, const char *s, bool apostrophe)
{
    if (!s)
        return;
    char *clean = utf8_sanitize(s);
    for (const char *p = clean; *p; p++) {
        unsigned char c = (unsigned char)*p;
        switch (c) {
        case '&':
            strbuf_adds(out, "&amp;");
            break;
        case '<':
            strbuf_adds(out, "&lt;");
            break;
        case '>':
            strbuf_adds(out, "&gt;");
            break;
        case '"':
            strbuf_adds(out, "&quot;");
            break;
        case '\'':
            strbuf_adds(out, apostrophe ? "&#39;" : "'");
            break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                strbuf_addch(out, ' ');
            else
                strbuf_addch(out, (char)c);
        }
    }
    free(clean);
}

void xml_escape(struct strbuf *out, const char *s)
{
    markup_escape(out, s, false);
}

void html_escape(struct strbuf *out, const char *s)
{
    markup_escape(out, s, true);
}
