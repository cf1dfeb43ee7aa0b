/* build_pdf: the one way a volume PDF is written from a plan.
 *
 * Typesets the plan (typeset_render: generated pages, stamps and the links
 * on the contents and indexes), then assembles the volume from the papers,
 * that typeset document and those links (assemble_volume).  `collate
 * build` and the speculative child (speculate.h) both write the volume
 * through here, so they give the same bytes.
 * Ownership: everything passed in is borrowed; the plan is read only. */
#ifndef COLLATE_BUILD_PDF_H
#define COLLATE_BUILD_PDF_H

#include <stdbool.h>

#include "paginate/volume.h"

struct build_pdf_options {
    const char *output;  /* the volume PDF; written atomically */
    bool compact;        /* pack objects into compressed object streams */
};

/* Write the volume of plan (from paginate) to o->output.  Reports
 * problems through diag and returns false; a previous file at o->output
 * is then untouched. */
bool build_volume_pdf(const struct volume *plan, const struct build_pdf_options *o);

#endif
