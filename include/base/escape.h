/* escape: text for HTML and XML (the HTML report, XMP metadata).
 *
 * One rule for both: & < > " become entities (html_escape also escapes
 * ', for attribute values in either quote), invalid UTF-8 becomes U+FFFD,
 * and control characters other than tab and newline (and DEL) become
 * spaces, as XML 1.0 does not allow them.  JSON has its own rules
 * (base/json).
 * Ownership: the text is appended to the caller's strbuf; s is borrowed
 * and may be NULL (nothing is appended). */
#ifndef COLLATE_ESCAPE_H
#define COLLATE_ESCAPE_H

#include "base/util.h"

/* Append s as XML character data or a double-quoted attribute value. */
void xml_escape(struct strbuf *out, const char *s);

/* Append s as HTML text or an attribute value in either quote. */
void html_escape(struct strbuf *out, const char *s);

#endif
