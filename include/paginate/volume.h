/* volume: the page plan of the proceedings, shared by paginate, typeset,
 * assemble and export.
 *
 * Every output page is one vpage.  Generated pages (front and back matter)
 * and blank pages come from the typeset document; paper pages are copied
 * from the papers and carry a stamp overlay, also typeset.  The typeset
 * document has exactly one page per vpage, in the same order, so "vpage i"
 * and "typeset page i" are the same index.
 * Ownership: volume_free releases everything; manifest, style and infos are
 * borrowed. */
#ifndef COLLATE_VOLUME_H
#define COLLATE_VOLUME_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/manifest.h"
#include "inspect/pdfinfo.h"
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
    double width, height; /* displayed size, pt */
};

/* A paper in reading order, flattened over sessions. */
struct vpaper {
    const struct paper *paper;     /* borrowed from the manifest */
    const struct session *session; /* borrowed */
    int session_index;
    const struct pdf_info *info;   /* borrowed inspection result */
    int npages;
    int first_vpage;               /* index of its first page in volume.pages; -1 if none */
    int first_number, last_number; /* printed arabic numbers */
    char **found_keywords;         /* from the paper's "Index Terms" line, NULL-terminated; owned */
};

/* A generated part (title page, TOC, ...) with its place in the volume. */
struct vpart {
    const struct part *part;       /* borrowed */
    bool back;                     /* back matter (after the papers) */
    int npages;                    /* set by typeset_measure */
    int first_vpage;
};

/* A clickable area on a generated page that goes to another page. */
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
    struct vpage *pages;
    size_t npages, pages_cap;
    struct vlink *links;
    size_t nlinks, links_cap;
    double width, height;          /* size of generated pages: style->sizes[0] */
};

/* Build the paper list and parts from a manifest (infos[i] belongs to the
 * i-th paper in reading order).  Page plan is empty until paginate. */
struct volume *volume_new(const struct manifest *m, const struct style *style,
                          const struct pdf_info *infos);
void volume_free(struct volume *v);

/* Lay out pages: front parts (roman), papers (arabic from 1, recto rule
 * with blank pages), back parts (arabic, continuing).  Needs every part's
 * npages (from typeset_measure).  Clears and refills v->pages. */
void paginate(struct volume *v);

/* Printed label of a vpage ("iv", "12"), caller frees. */
char *volume_page_label(const struct volume *v, int vpage);

/* Add a link from a generated page to a target page. */
void volume_add_link(struct volume *v, int vpage, double x0, double y0, double x1, double y1, int target);

#endif
