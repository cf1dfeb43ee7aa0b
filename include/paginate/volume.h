/* volume: the papers and parts of the proceedings, and their page plan.
 *
 * The order of the build is in the types:
 *   1. volume_new: the papers in reading order and the generated parts,
 *      with the keywords found in the papers; no pages yet;
 *   2. typeset_measure (typeset.h) reads that const volume and returns
 *      the length of each part;
 *   3. paginate: from the volume and those lengths, the finished plan, a
 *      new volume with every page placed;
 *   4. typeset_render, assemble, export and the HTML report read the plan
 *      through const pointers.  Nothing changes a plan once paginate has
 *      returned it.
 *
 * Every output page is one vpage.  Generated pages (front and back matter)
 * and blank pages come from the typeset document; paper pages are copied
 * from the papers and carry their stamp (running head, folio, first-page
 * notice), also typeset.  The typeset document has exactly one page per
 * vpage, in the same order, so "vpage i" and "typeset page i" are the
 * same index.
 *
 * Ownership: volume_new and paginate return volumes freed with
 * volume_free, each owning its arrays and keyword lists; manifest, style
 * and infos are borrowed and must outlive them. */
#ifndef COLLATE_VOLUME_H
#define COLLATE_VOLUME_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/manifest.h"
#include "inspect/pdfinfo.h"
#include "paginate/place.h"
#include "manifest/style.h"

enum vpage_kind { VP_GENERATED, VP_PAPER, VP_BLANK };
enum numbering { NUM_ROMAN, NUM_ARABIC };

struct vpage {
    enum vpage_kind kind;
    int part;             /* VP_GENERATED: index into volume.parts */
    int paper;            /* VP_PAPER: index into volume.papers */
    int source_page;      /* VP_PAPER: 0-based page in the paper's PDF */
    enum numbering numbering;
    int number;           /* printed page number (1-based in its numbering) */
    double width, height; /* displayed size, pt: the volume's (place.h) */
    struct placement place; /* VP_PAPER: how the paper page is put on it */
};

/* A paper in reading order, flattened over sessions. */
struct vpaper {
    const struct paper *paper;     /* borrowed from the manifest */
    const struct session *session; /* borrowed */
    int session_index;
    const struct pdf_info *info;   /* borrowed inspection result */
    int npages;                    /* pages in the volume: 0 when not archival or unreadable */
    int reserved;                  /* pages its range keeps (an erratum keeps the published range of a
                                      shorter corrected paper): blank pages follow its own up to this
                                      many; 0 (volume_new): none */
    int first_vpage;               /* index of its first page in volume.pages; -1 if none */
    int first_number, last_number; /* printed arabic numbers; 0 if none */
    char **found_keywords;         /* from the paper's "Index Terms" line, NULL-terminated; owned */
};

/* A generated part (title page, TOC, ...) with its place in the volume. */
struct vpart {
    const struct part *part;       /* borrowed */
    bool back;                     /* back matter (after the papers) */
    int npages;                    /* its length as measured; 0 before paginate */
    int first_vpage;               /* -1 before paginate, or when it has no pages */
};

/* A clickable area on a generated page that goes to another page: the
 * contents and the indexes have them (typeset_render makes them,
 * assemble_volume adds them to the volume). */
struct vlink {
    int vpage;                     /* page the link is on */
    double x0, y0, x1, y1;         /* PDF user space of that page (origin bottom-left) */
    int target_vpage;              /* page it goes to */
};

struct volume {
    const struct manifest *manifest;
    const struct style *style;
    struct vpaper *papers;
    size_t npapers;
    struct vpart *parts;           /* front parts, then back parts */
    size_t nparts;
    struct vpage *pages;           /* NULL before paginate */
    size_t npages;
    double width, height;          /* the volume's page size: the manifest's page_size, else
                                      style->sizes[0] */
    struct rect block;             /* text block of its pages (place_volume_block) */
};

/* The papers and parts of a manifest, not paginated yet (infos[i] belongs
 * to the i-th paper in reading order).  When the manifest asks for
 * keywords_from_pdf, each paper's found_keywords are read from its first
 * page text (keywords_extract, keywords.h). */
struct volume *volume_new(const struct manifest *m, const struct style *style,
                          const struct pdf_info *infos);
void volume_free(struct volume *v);

/* The page plan of v: front parts (roman), papers (arabic from 1, recto
 * rule with blank pages, a paper's range padded with blank pages to its
 * `reserved` length), back parts (arabic, continuing).  part_pages[i]
 * is the length of v->parts[i] (typeset_measure); a part of 0 pages takes
 * no page and gets first_vpage -1.  Returns a new volume; v is unchanged. */
struct volume *paginate(const struct volume *v, const int *part_pages);

/* Printed label of a vpage ("iv", "12"), caller frees. */
char *volume_page_label(const struct volume *v, int vpage);

#endif
