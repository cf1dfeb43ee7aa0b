/* aclpkg: an ACL Anthology ingestion package in aclpub2's layout.
 *
 * conference_details.yml and papers.yml (the fields the Anthology's
 * bin/ingest_aclpub2.py reads), front_matter.pdf, proceedings.pdf and the
 * stamped papers as watermarked_pdfs/<id>.pdf.  Only the manifest's
 * abstracts are written; extracted ones stay suggestions. */
#ifndef COLLATE_ACLPKG_H
#define COLLATE_ACLPKG_H

#include <stdbool.h>

#include "export/publish.h"

/* Report what the package needs and the manifest lacks. */
bool aclpkg_check(const struct manifest *m);

bool publish_acl(const struct publication *pub, const char *dir);

#endif
