/* export: machine-readable descriptions of a built volume: volume.json
 * (paper → pages) and BibTeX (@inproceedings per paper).
 * The plan is read-only here (see volume.h); DOIs follow
 * manifest_paper_doi. */
#ifndef COLLATE_EXPORT_H
#define COLLATE_EXPORT_H

#include <stdbool.h>

#include "paginate/volume.h"

/* Both write atomically and report failures through diag.  volume.json
 * gives each paper's stamped PDF beside it (<id>.pdf, from --split) with
 * its SHA-256 when that file exists. */
bool export_volume_json(const struct volume *v, const char *path);
bool export_bibtex(const struct volume *v, const char *path);

#endif
