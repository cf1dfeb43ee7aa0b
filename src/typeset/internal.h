/* typeset internals: the state shared by the files of the typeset stage.
 *
 *   document.c     the libharu layer: document set-up and saving, fonts,
 *                  text measuring and drawing, rules and leaders, the
 *                  ToUnicode rewrite
 *   layout.c       page flow, paragraphs, items in columns
 *   frontmatter.c  title page, copyright page, messages, committees
 *   contents.c     table of contents and indexes
 *   stamp.c        the stamp of a paper page: running head, folio and
 *                  first-page notice
 *   typeset.c      the two passes (typeset.h)
 *
 * Only the typeset stage includes this header, and with it hpdf.h.
 * Ownership: struct ts owns its fonts, its libharu document and the links
 * it collects (ts_release frees them); the volume is borrowed and read
 * only. */
#ifndef COLLATE_TYPESET_INTERNAL_H
#define COLLATE_TYPESET_INTERNAL_H

#include <hpdf.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "typeset/fonts.h"
#include "manifest/manifest.h"
#include "paginate/names.h"
#include "manifest/style.h"
#include "typeset/textflow.h"
#include "paginate/volume.h"

/* The first libharu error raised (its handler records it, no longjmp). */
struct hpdf_status {
    HPDF_STATUS error;  /* first error raised, 0 for none */
    HPDF_STATUS detail; /* its detail code (errno for file errors) */
};

/* One loaded TrueType file. */
struct tfont {
    char *path;
    int index;                 /* .ttc face, -1 for a .ttf */
    const char *name;          /* libharu's font name (owned by the document) */
    HPDF_FontDef def;
    HPDF_Font font;            /* the PDF font, made when first drawn with */
    int16_t *widths;           /* per BMP code point: advance in 1/1000 em, NO_GLYPH or WIDTH_UNKNOWN */
    uint8_t *used;             /* bitmap of the code points drawn, for ToUnicode */
};

enum align { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

struct ts {
    const struct volume *v;    /* borrowed; a plan when drawing */
    const struct manifest *m;
    const struct style *style;
    bool draw;                 /* render pass: pages exist and are drawn */
    bool warn;                 /* report text problems in this stretch of layout */
    bool failed;               /* an error was reported */
    HPDF_Doc pdf;
    struct hpdf_status st;

    struct font_config *cfg;
    const struct font_family *family;
    struct tfont *fonts;
    size_t nfonts, fonts_cap;
    int face_font[FONT_FACE_COUNT]; /* index into fonts; -1 not loaded yet */
    const struct font_family *stamp_family; /* stamps' family (stamp.c); NULL until chosen */
    int stamp_face_font[FONT_FACE_COUNT];   /* its faces, as face_font */
    int *fallback;             /* per cfg fallback: index into fonts, -1 not tried, -2 unavailable */
    uint8_t warned[8192];      /* BMP code points no font has, seen while warning */
    uint16_t missing[10];      /* the first of them, for the message */
    size_t nmissing;           /* how many */
    bool warned_astral;

    /* typography, pt */
    double body, small, note, heading, title, part_size, leading;

    /* text block of generated pages */
    double bl, br, bt, bb;

    /* the part being laid out */
    int part;                  /* index into v->parts */
    int pages;                 /* pages begun so far */
    HPDF_Page page;            /* current page when drawing, else NULL */
    int vpage;                 /* its index in v->pages */
    double y;                  /* top of the free space */
    double frame_top;          /* top of the current column: no space is added there */
    int dry;                   /* > 0: measuring heights, nothing drawn, no page breaks */
    bool no_break;             /* items are being placed: the placer breaks pages */
    double keep_after;         /* height kept on the page with the last lines of the next paragraph */

    int digits;                /* digits reserved for a page number */
    struct name_index idx;     /* the index being laid out */

    struct vlink *links;       /* links drawn on generated pages (render pass) */
    size_t nlinks, links_cap;
};

/* Height of what fn draws, measured without drawing or breaking pages. */
#define DRY_HEIGHT(t, h, call)                     \
    do {                                           \
        double y0_ = (t)->y, top_ = (t)->frame_top; \
        (t)->frame_top = 1e9;                      \
        (t)->dry++;                                \
        call;                                      \
        (t)->dry--;                                \
        (h) = y0_ - (t)->y;                        \
        (t)->y = y0_;                              \
        (t)->frame_top = top_;                     \
    } while (0)

/* What ts_place_items places in columns. */
enum item_kind {
    IT_HEADING,      /* text: a group heading (index letter, committee name) */
    IT_TOC_PART,     /* a: part index; b: 1 for the first back part after papers */
    IT_TOC_SESSION,  /* a: session index */
    IT_TOC_PAPER,    /* a: paper index */
    IT_MEMBER,       /* a: committee, b: member */
    IT_INDEX_ENTRY   /* a: entry of t->idx */
};

struct item {
    enum item_kind kind;
    int a, b;
    const char *text;  /* borrowed */
    bool keep_next;    /* no column or page break after it */
};

/* --- document.c ------------------------------------------------------ */

/* Set up a document for v: fonts, typography, text block.  draw: the
 * render pass.  False after reporting a problem; call ts_release anyway. */
bool ts_init(struct ts *t, const struct volume *v, bool draw);
void ts_release(struct ts *t);
/* Rewrite the fonts' ToUnicode and widths, then save into *pdf (malloc'd). */
bool ts_save(struct ts *t, unsigned char **pdf, size_t *len);
/* Check for a libharu error and report it once. */
bool ts_ok(struct ts *t, const char *doing);
/* True when this stretch of layout draws (render pass, on a page, not dry). */
bool ts_drawing(const struct ts *t);
/* Start a page of w x h points. */
bool ts_add_page(struct ts *t, double w, double h);
/* One warning for all characters no font has (since the last report). */
void ts_report_missing(struct ts *t);

double ts_text_width(struct ts *t, int face, double size, const char *s, size_t len);
double ts_text_width_s(struct ts *t, int face, double size, const char *s);
double ts_measure_cb(void *ctx, int face, double size, const char *text, size_t len); /* tf_measure_fn */
/* Draw text with its baseline at y, starting at x; returns its width.
 * Without drawing, only measures. */
double ts_show(struct ts *t, double x, double y, int face, double size, const char *s, size_t len);
double ts_show_s(struct ts *t, double x, double y, int face, double size, const char *s);
/* Text shortened with an ellipsis to at most max_width. Caller frees. */
char *ts_fit_text(struct ts *t, const char *s, int face, double size, double max_width);
void ts_hrule(struct ts *t, double x0, double x1, double y, double width);
/* Dot leaders between x0 and x1 on a baseline. */
void ts_leaders(struct ts *t, double x0, double x1, double base, double size);

/* --- layout.c -------------------------------------------------------- */

double ts_line_height(const struct ts *t, double size);
/* Baseline of a line of text whose line box starts at top. */
double ts_baseline(double top, double size, double lh);
/* Begin the next page of the current part. */
void ts_new_page(struct ts *t);
/* Make room for h points: a new page when they do not fit. */
void ts_need(struct ts *t, double h);
/* Vertical space, dropped at the top of a page or column. */
void ts_vspace(struct ts *t, double h);
/* Draw one line of a broken paragraph in [x, x+w] on a baseline. */
void ts_draw_line(struct ts *t, const struct tf_para *p, const struct tf_line *l, double x, double w,
                  double base, enum align al, bool last);
/* Lay out a paragraph from t->y down, breaking pages between lines. */
void ts_flow_para(struct ts *t, struct tf_para *p, double x, double w, double hang, double size, double lh,
                  enum align al);
void ts_flow_text_lh(struct ts *t, const char *text, int face, double size, double lh, double x, double w,
                     enum align al);
void ts_flow_text(struct ts *t, const char *text, int face, double size, double x, double w, enum align al);
/* The heading that opens a part. */
void ts_part_heading(struct ts *t, const char *title, double x, double w);
/* "Given Family (native)".  Caller frees. */
char *ts_person_label(const struct person *p);
/* As ts_person_label, without the native name when native is false
 * (unless it is the only name).  Caller frees. */
char *ts_person_label_ex(const struct person *p, bool native);
/* A text block narrower than the page for prose. */
void ts_prose_block(const struct ts *t, double *x, double *w);
/* Title of a part as printed in its heading and in the contents.  Caller frees. */
char *ts_part_title(const struct part *p);
/* Place items in ncols columns from t->y down, over as many pages as
 * needed; the columns of the last page are balanced. */
void ts_place_items(struct ts *t, const struct item *items, size_t n, int ncols, double gap);

/* --- frontmatter.c, contents.c: one function per part ------------------ */

void ts_layout_title_page(struct ts *t);
void ts_layout_copyright_page(struct ts *t);
void ts_layout_message(struct ts *t, const struct part *part);
void ts_layout_committees(struct ts *t, const struct part *part);
void ts_draw_member(struct ts *t, const struct person *p, double x, double w);
void ts_layout_toc(struct ts *t, const struct part *part);
void ts_draw_toc_item(struct ts *t, const struct item *it, double x, double w);
void ts_layout_index(struct ts *t, const struct part *part);
void ts_draw_index_entry(struct ts *t, const struct index_entry *e, double x, double w);

/* --- typeset.c ------------------------------------------------------- */

/* Draw one item of ts_place_items. */
void ts_draw_item(struct ts *t, const struct item *it, double x, double w);

/* --- stamp.c --------------------------------------------------------- */

/* Add the typeset page for paper page vpage, of the volume's size, with
 * its stamp: running head and foot and, on the paper's first page, the
 * notice, placed from the paper's text block on that page. */
void stamp_draw(struct ts *t, int vpage);
/* Warn once about unknown placeholders in the style's stamp templates. */
void stamp_check_templates(const struct style *s);
/* The folio of generated page vpage (front or back matter) where the
 * style's stamp puts paper folios; first: the part's first page. */
void stamp_draw_folio(struct ts *t, int vpage, bool first);
/* Note the papers whose pages were placed on the volume's page size, and
 * warn about pages scaled down to fit. */
void stamp_report_placement(const struct volume *v);

#endif
