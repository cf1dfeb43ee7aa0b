/* ceur: a CEUR-WS.org volume folder.
 *
 * index.html after CEUR-WS's Vol-XXX template, with its CEUR* class tags
 * and the RDFa of ceur-make's template (bibo, dcterms, foaf), the papers
 * as paper1.pdf, paper2.pdf, ... in reading order, the front matter as
 * preface.pdf, and the whole volume.  The volume number and URN are set
 * by CEUR-WS, so they stay "XXX". */
#ifndef COLLATE_CEUR_H
#define COLLATE_CEUR_H

#include <stdbool.h>

#include "export/publish.h"

bool publish_ceur(const struct publication *pub, const char *dir);

#endif
