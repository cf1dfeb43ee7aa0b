/* crossref: a Crossref deposit (schema 5.3.1) for the volume.
 *
 * One doi_batch with a conference: event_metadata, proceedings_metadata
 * (or proceedings_series_metadata when the volume has a series and an
 * ISSN), and a conference_paper per paper with pages and a DOI, its
 * contributors in order with ORCID iDs, the publication date, the landing
 * page under the volume's base_url and the abstract (JATS) when the
 * manifest gives one.  Abstracts extracted from PDFs are not deposited. */
#ifndef COLLATE_CROSSREF_H
#define COLLATE_CROSSREF_H

#include <stdbool.h>

#include "export/publish.h"

/* Report every field the deposit needs and the manifest lacks, at the
 * manifest's locations.  True when nothing is missing. */
bool crossref_check(const struct manifest *m);

/* Write the deposit to path. */
bool publish_crossref(const struct publication *pub, const char *path);

#endif
