/* compare: a rebuilt volume against the published one, for errata.
 *
 * An erratum rebuilds the whole volume through build_volume_pdf (the one
 * writer of a volume) with the pagination pinned to the published one;
 * this check then proves that the only pages that differ are the
 * corrected paper's.  Pages are compared at the object level: the objects
 * a page reaches (content streams by their raw bytes, resources, fonts,
 * the stamp, annotations and the links' destinations) must be equal, a
 * reference to a page counting as equal when it is to the page of the same
 * number.  The catalog (page labels, names, metadata) and the document
 * info must be equal, and the outline too, except the bookmarks under the
 * corrected paper's entry (its own).  Object numbers and the /ID may
 * differ.
 *
 * Ownership: everything passed in is borrowed. */
#ifndef COLLATE_COMPARE_H
#define COLLATE_COMPARE_H

#include <stdbool.h>

#include "paginate/volume.h"

/* Whether the PDF rebuilt from plan equals the PDF published outside the
 * pages of plan->papers[paper] (its range in plan, blank pages that pad it
 * included).  A difference is reported through diag as an error naming
 * the first page (or the outline, catalog or info) that differs; false
 * then, and also when a file cannot be read. */
bool volume_compare_except(const struct volume *plan, const char *published, const char *rebuilt, int paper);

#endif
