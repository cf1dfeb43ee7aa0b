/* assemble_internal: types and functions shared by the files of the
 * assemble module; not for other modules (their API is assemble.h).
 *
 *   assemble.c     the output document, pages and annotations, the plan,
 *                  assemble_volume
 *   source.c       documents pages are copied from, named destinations
 *   overlay.c      stamps: the typeset page as a Form XObject over a page
 *   outline.c      bookmarks: the volume's, a batch's, a paper's own
 *   labels_meta.c  links of the generated pages, page labels, document
 *                  info and XMP metadata
 *   write.c        writing (atomic, read back), batches by memory budget
 *   split.c        assemble_split: one PDF per paper from the volume
 *
 * Handles.  libqpdf keeps every qpdf_oh in a per-document table until it
 * is released.  References to output objects that must outlive one source
 * are kept as object ids, and the output's table is emptied after each
 * source.
 *
 * Errors.  Every libqpdf document is silenced (qpdfh_new); pending errors
 * are checked after each step and reported through diag with libqpdf's
 * text.  Warnings are kept off stderr and summarised per paper as notes.
 *
 * Ownership: a struct source or struct out owns what its comments say;
 * source_release and out_release free it.  The volume is borrowed. */
#ifndef COLLATE_ASSEMBLE_INTERNAL_H
#define COLLATE_ASSEMBLE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>

#include "assemble/assemble.h"
#include "base/diag.h"
#include "base/idmap.h"
#include "pdf/qpdfh.h"

#define MAX_DEPTH 32          /* name tree /Kids and outline nesting */
#define MAX_BOOKMARKS 20000   /* outline items copied for one paper */
#define STAMP_CACHE 32        /* distinct "draw the stamp" streams shared between pages */

/* ---- Sources (source.c) ---- */

enum source_kind {
    SRC_PAPER,   /* a paper's PDF; its pages get stamps */
    SRC_BATCH,   /* a temporary PDF of paper pages, their links and bookmarks */
    SRC_TYPESET, /* the typeset document (generated and blank pages) */
    SRC_VOLUME   /* a written volume, read by assemble_split */
};

/* A named destination of the /Names /Dests tree. */
struct named_dest {
    char *key;      /* bytes of the name, owned */
    size_t len;     /* bytes in key */
    size_t order;   /* position in the tree; the first of equal keys wins */
    qpdf_oh value;  /* destination (array, or dictionary with /D) in the source */
};

/* A document pages are copied from. */
struct source {
    enum source_kind kind;
    qpdf_data q;              /* open document; NULL before opening and after closing */
    char *path;               /* file to read, owned; NULL for the typeset document */
    const struct pdf_info *checked; /* SRC_PAPER: what inspection read; its bytes must not have changed */
    bool lazy;                /* SRC_PAPER: read by libqpdf from its file, which holds a descriptor
                                 until the output is written; checked again then (source.c) */
    char *bytes;              /* SRC_PAPER not lazy: the file's bytes, read once and kept until the
                                 output is written (libqpdf copies stream data lazily); owned */
    size_t nbytes;
    struct srcloc loc;        /* where its problems are reported; file borrowed */
    char *prefix;             /* message prefix, e.g. "paper 'p1': cannot copy its pages"; owned */
    int paper;                /* SRC_PAPER: index into volume.papers */
    int first_paper;          /* SRC_BATCH: papers it holds, [first_paper, end_paper) */
    int end_paper;
    int *vpage_of;            /* page index → vpage; -1 for pages not in the volume; owned */
    int nplanned;             /* entries of vpage_of */
    int pending;              /* pages of the plan not yet added */
    int npages;               /* pages in the document */
    int version;              /* 10*major+minor */
    struct idmap pages;       /* page object → page index */
    qpdf_oh *annots;          /* page index → the /Annots taken off before copying, 0: none */
    struct named_dest *names; /* the name tree /Dests, sorted; read on first use */
    size_t nnames;
    bool names_read;
    struct idmap seen;        /* bookmarks visited by the current walk (loops) */
    int dropped_links;        /* links whose destination is missing */
    int dropped_bookmarks;    /* bookmarks that lead nowhere */
    int warnings;             /* libqpdf warnings while reading */
    char *first_warning;      /* text of the first, owned */
};

/* Where a link or bookmark keeps its destination. */
enum dest_place {
    DEST_NONE,        /* no destination, no action */
    DEST_KEY,         /* /Dest */
    DEST_ACTION,      /* /A << /S /GoTo /D ... >> */
    DEST_OTHER_ACTION /* /A of another kind (URI, GoToR, ...) */
};

/* Report a pending error of s or of the output (may be NULL) as a problem
 * of s; true when there was one. */
bool source_failed(const struct source *s, qpdf_data out);
/* vpage of page j, or -1. */
int source_vpage(const struct source *s, int j);
/* Learn the pages of an open source: page objects, count, version. */
bool source_index(struct source *s);
/* Read the source (unless it is open already) and index it. */
bool source_open(struct source *s);
/* The bytes of a paper whose pages are written: no longer needed. */
void source_drop_bytes(struct source *s);
/* After the output is written from srcs[0..n): whether every lazily read
 * paper still has the bytes that were checked; each changed one is
 * reported. */
bool sources_unchanged(const struct source *srcs, size_t n);
/* Drop everything that refers to handles of s->q. */
void source_forget_handles(struct source *s);
/* Close the document (the typeset one stays open); warnings are counted. */
void source_close(struct source *s);
/* Close s and free everything it owns. */
void source_release(struct source *s);
/* The page index a destination of s leads to, or -1; *array gets the
 * explicit destination (caller releases) or 0; *by_ref (may be NULL)
 * whether it names the page by reference rather than by number. */
int resolve_dest(struct source *s, qpdf_oh dest, qpdf_oh *array, bool *by_ref);
/* The destination of a link or bookmark dict (0 when none) and where it is. */
qpdf_oh dest_of(qpdf_data q, qpdf_oh dict, enum dest_place *place);
/* Copy any object of s into out (not page tree nodes), or return 0. */
qpdf_oh copy_object(struct source *s, qpdf_data out, qpdf_oh h);

/* ---- The output document (assemble.c) ---- */

/* A shared stream "Q q <matrix> cm /Name Do Q" by its text. */
struct stamp_ops {
    char *text; /* owned */
    int id;     /* object id of the stream */
};

/* The document being built: the volume, a batch file or a split paper. */
struct out {
    qpdf_data q;
    int npages;                             /* pages added */
    int *index_of;                          /* vpage → page index here; -1 when not added */
    int *paper_item;                        /* paper → object id of its bookmark; 0 none */
    int q_id;                               /* shared "q\n" content stream; 0 until needed */
    struct stamp_ops ops[STAMP_CACHE];      /* stamp-drawing streams shared between pages */
    int nops;
    int version;                            /* highest PDF version of the inputs */
    bool compact;                           /* written with object streams */
};

/* The whole job. */
struct asm_ctx {
    const struct volume *v;
    qpdf_data ts;             /* typeset document */
    struct source tsrc;       /* ts as a source: generated pages and their annotations */
    bool compact;             /* outputs with object streams: smaller, slower to write */
    const struct vlink *links; /* links on the generated pages, from typeset (borrowed) */
    size_t nlinks;
};

/* One page to add: vpage from page `page` of source `src` (-1: typeset). */
struct step {
    int vpage; /* where it goes in the volume */
    int src;   /* index into the plan's sources, -1 for the typeset document */
    int page;  /* 0-based page in that document */
};

/* Whether the paper's pages are in the volume (archival, readable). */
static inline bool paper_has_pages(const struct vpaper *vp)
{
    return vp->npages > 0 && vp->first_vpage >= 0;
}

/* An empty document with no pages of the volume added yet. */
bool out_init(struct out *o, const struct asm_ctx *c);
/* Free the document (closing the files it still reads from); safe twice. */
void out_release(struct out *o);
/* Destination [page /XYZ ...] in o for vpage, with the view of the
 * source's explicit destination arr (s and arr may be 0). */
qpdf_oh build_dest(const struct asm_ctx *c, struct out *o, const struct source *s, int vpage, qpdf_oh arr);
/* Copy page j of s to the end of o as vpage, its annotations kept aside;
 * stamp it if asked. */
bool add_page(struct asm_ctx *c, struct out *o, struct source *s, int j, int vpage, bool stamp);
/* Put back the annotations of pages [from, to) of s, all now in o. */
bool copy_annots(const struct asm_ctx *c, struct out *o, struct source *s, int from, int to);
/* Add the pages of plan to o in order, opening and finishing sources. */
bool run_plan(struct asm_ctx *c, struct out *o, struct source *srcs, const struct step *plan, size_t n, bool stamp);
/* Everything after the pages of the volume: links, outline, labels, metadata. */
bool finish_volume(struct asm_ctx *c, struct out *o);
/* The plan of the whole volume from paper sources (src_of) or from batch
 * files (batch_of); see assemble.c. */
struct step *volume_plan(const struct volume *v, struct source *srcs, const int *src_of, const int *batch_of);

/* ---- Stamps (overlay.c) ---- */

/* Draw typeset page vpage over the output page of the same vpage, and
 * put the page on the volume's page size (vpage.place). */
bool stamp_page(struct asm_ctx *c, struct out *o, int vpage);
/* The scale of the paper page at vpage in the volume (1: unscaled, and
 * for every other page).  Annotations and destinations copied from a
 * paper (SRC_PAPER) into a scaled page are scaled with these: */
double place_scale(const struct volume *v, int vpage);
/* /Rect and /QuadPoints of an annotation of q times s. */
void place_scale_annot(qpdf_data q, qpdf_oh annot, double s);
/* The coordinates of an explicit destination [page /XYZ left top zoom],
 * /FitH top, /FitR l b r t, ... of q times s. */
void place_scale_dest(qpdf_data q, qpdf_oh dest, double s);

/* ---- Outline (outline.c) ---- */

/* Children of one outline item while they are being linked. */
struct olink {
    qpdf_oh first, last; /* handles in the output; 0 while empty */
    int count;           /* items visible when the parent is open */
};

/* Hang the children in l under parent, open or closed. */
void olink_close(qpdf_data q, qpdf_oh parent, struct olink *l, bool open);
/* Copy the bookmark first of s, its siblings and children, under parent in o. */
void copy_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s, qpdf_oh first, qpdf_oh parent,
                    int depth, struct olink *l, int *budget);
/* Bookmarks of the papers of s (a paper, or a batch file). */
void source_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s);
/* The outline of the volume. */
void add_outline(const struct asm_ctx *c, struct out *o);
/* The outline of a batch file: one bookmark per paper. */
void batch_outline(struct out *o, int first_paper, int end_paper);

/* ---- Links, page labels, metadata (labels_meta.c) ---- */

/* The links of the generated pages (TOC, indexes). */
void add_links(const struct asm_ctx *c, struct out *o);
/* /PageLabels of the volume: a range wherever the printed numbering breaks. */
void add_page_labels(const struct asm_ctx *c, struct out *o);
/* /PageLabels of a split paper: decimal from first_number. */
void add_paper_labels(qpdf_data q, int first_number);
/* Document info and XMP of the volume (the manifest's volume entries). */
void set_volume_metadata(qpdf_data q, const struct volume *v);
/* Document info and XMP of a split paper. */
void set_paper_metadata(qpdf_data q, const struct volume *v, const struct paper *paper);

/* ---- Writing (write.c) ---- */

/* Write o to path through a temporary sibling renamed into place, after
 * checking its end; o is released.  what names the file in messages.
 * papers[0..npapers) (may be 0) are the paper sources o was built from:
 * the file is not renamed into place unless sources_unchanged. */
bool out_write_atomic(const struct volume *v, struct out *o, const char *path, const char *what,
                      const struct source *papers, size_t npapers);
/* Set srcs[k].lazy: whether libqpdf reads each paper from its file, or
 * from its bytes read into memory (see write.c).  The soft limit on open
 * files may be raised: *saved is the old one, to be restored if *raised. */
void plan_reading(struct source *srcs, size_t nsrc, struct rlimit *saved, bool *raised);
/* Group srcs into consecutive batches whose bytes fit the merge budget;
 * batch b is [bounds[b], bounds[b+1]).  Returns the number of batches. */
size_t plan_batches(const struct source *srcs, size_t nsrc, size_t **bounds_out);
/* The volume through temporary batch files (see write.c). */
bool build_batched(struct asm_ctx *c, struct source *srcs, const size_t *bounds, size_t nbatches,
                   const char *output);

#endif
