/* site: a static proceedings website.
 *
 * DIR/index.html (volume, editors, downloads, sessions with their papers),
 * DIR/authors.html (author index), DIR/papers/<id>.html (one page per
 * paper with Highwire citation_* meta tags for Google Scholar and
 * schema.org JSON-LD), and the PDFs: DIR/pdf/<id>.pdf, the whole volume,
 * the front matter and the BibTeX file.  Pages load nothing from outside
 * (inline CSS, no scripts or fonts), fit a phone's screen, and are the
 * same bytes for the same inputs. */
#ifndef COLLATE_SITE_H
#define COLLATE_SITE_H

#include <stdbool.h>

#include "export/publish.h"

bool publish_site(const struct publication *pub, const char *dir);

#endif
