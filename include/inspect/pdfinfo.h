/* pdfinfo: what inspecting one PDF found, independent of any rule.
 *
 * Filled by pdfstruct (libqpdf: page geometry, encryption, version,
 * JavaScript, attachments, damage, fonts) and then by inspect (poppler:
 * what is drawn on each page: ink, text, images), then judged by check and
 * used by paginate and assemble.  It is plain data so a worker process can
 * send it to the parent (pdfinfo_serialize) and a cache can keep it.
 *
 * Coordinates: points.  The page boxes are in the page's default user
 * space (origin where the PDF puts it, y up).  Everything measured is in
 * the page as displayed: origin at its top-left corner (after /Rotate,
 * relative to the CropBox), y down.
 * Ownership: pdfinfo_release frees every string and array inside. */
#ifndef COLLATE_PDFINFO_H
#define COLLATE_PDFINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rect.h"
#include "manifest/style.h" /* enum section_kind */

/* A document with more pages than this is not a paper: refused rather
 * than ground through. */
#define PDFINFO_MAX_PAGES 20000

/* Bands of ink kept above, and as many below, the text block of a page. */
#define PDFINFO_MAX_INK_BANDS 8

/* A page showing more pieces of text (text-showing operators, counted by
 * pdfstruct) is not text-extracted, and is judged by its rendered ink
 * alone: poppler's extraction time grows much faster than the pieces (a
 * PSTricks page of 10,388 takes 0.1 s, of 58,553 7 s, of 91,628 over a
 * minute).  Real papers show up to ~2,000 per page, TeX Live's
 * documentation up to ~6,000 outside those PSTricks pages. */
#define PDFINFO_MAX_TEXT_PIECES 50000

/* Numbers kept per page beside the text block (line-number rulers print
 * one per line, two columns at most). */
#define PDFINFO_MAX_NUMBERS 256

/* Text found outside the text block, kept to recognise page numbers. */
struct margin_text {
    char *text;        /* the words of one line, UTF-8, at most ~60 bytes */
    struct rect box;
};

/* A number (digits only) that is the first or last word of a text line
 * and lies beside the text block: what line-number rulers (lineno, the
 * review modes of acmart, ACL, CVPR) print.  check/review looks for them. */
struct margin_number {
    int value;
    struct rect box;   /* of its glyphs */
};

/* One page.  The geometry (boxes, rotate, sizes) comes from pdf/geometry,
 * as poppler shows the page; assembly places the stamps by it. */
struct page_info {
    struct rect media_box;      /* MediaBox in effect (inherited, defaults applied), user space */
    struct rect crop_box;       /* visible area: CropBox clipped to media_box, user space */
    int rotate;                 /* /Rotate in effect: 0, 90, 180, 270 */
    double width, height;       /* displayed size: crop_box turned by rotate, pt */
    double media_width, media_height; /* MediaBox as written, unrotated; a side under 1 pt
                                         means readers substitute a size of their own */
    bool blank;                 /* nothing visible on the page */
    bool measured;              /* text/image/ink below were measured (content came near an edge) */
    struct rect bbox;           /* poppler's bounding box of everything painted */
    struct rect text;           /* union of glyph boxes */
    /* Union of image areas; approximate, empty on rotated pages, and with
     * a style when check could not name the ink's crossing by it (the
     * text reaches as far on every side). */
    struct rect image;
    struct rect ink;            /* non-white pixels when rendered */
    /* The same ink in pieces, top to bottom: each run of inked rows above
     * the style's text block and each below it is a band (a running head,
     * a folio, a header line), and all rows within the block's height are
     * one band; a band is cut into boxes where a white gap of 6 pt runs
     * down through it (a folio apart from a running title, line numbers
     * apart from the column).  Their union is ink.  Lets check leave out a
     * running head without losing what else is in that margin.  At most
     * PDFINFO_MAX_INK_BANDS bands above and as many below (the closest
     * merged), of at most 8 boxes each. */
    struct rect *ink_bands;
    size_t nink_bands;
    /* Where the body text sits: x0 the leftmost and x1 the rightmost edge
     * that many long text lines share (column edges of justified text), y0
     * the top of the first and y1 the bottom of the last long line.  Empty
     * when the page has too few long lines.  check tells from it which
     * template text block the page was made with. */
    struct rect body;
    struct margin_text *margin_texts;
    size_t nmargin_texts;
    struct margin_number *numbers; /* in text order, at most PDFINFO_MAX_NUMBERS; measured pages only */
    size_t nnumbers;
    /* Letters in large type (a watermark: glyph boxes 36 pt and more), in
     * reading direction, at most ~60 bytes; NULL when none.  Read on
     * measured pages, on page 1, and on every page once page 1 has some. */
    char *large_text;
    struct rect large_box;      /* union of those glyphs */
    /* The raster image the content streams show at the lowest resolution,
     * of those that count (see pdfstruct.h); image_ppi 0: none. */
    int image_px_w, image_px_h;  /* its pixels */
    double image_ppi;            /* its effective resolution: the lower of x and y, pixels per inch */
    /* Text-showing operators its content runs (Tj, TJ, ', "), counted only
     * where its content streams are large; 0: not counted.  Above
     * PDFINFO_MAX_TEXT_PIECES, text, body, margin_texts, numbers and
     * large_text are not read. */
    int text_pieces;
};

struct font_info {
    char *name;                 /* base font name, "[unnamed]" when absent */
    char *type;                 /* "Type 1", "TrueType", "Type 3", "CID Type 0C"... */
    bool embedded;
    bool subset;
    bool type3;
    int first_page;             /* 1-based page where first drawn; where first met when never drawn */
    bool drawn;                 /* text is shown with it; also when the content could not be read,
                                   and when not read because no font could be a finding */
};

/* The body text, measured on a few pages (inspect/typography): what the
 * template's class options and \linespread decide. */
struct body_typography {
    double font_size;           /* pt the most characters are set in; 0: not measured (too little text) */
    double font_share;          /* fraction of the sampled characters at that size */
    double leading;             /* most common baseline step of body lines, pt; 0: not measured */
    int columns;                /* columns of full body lines; 0: not measured */
    int first_page, last_page;  /* pages measured, 1-based; 0: none */
};

/* Where the first heading of a section kind starts (inspect/sections). */
struct section_start {
    int page;                   /* 1-based; 0: no such heading */
    double x, y;                /* top-left of the heading line, page as displayed */
    bool body_before;           /* text of the body precedes it on its page */
};

enum encryption {
    ENC_NONE,
    ENC_EMPTY_PASSWORD,         /* encrypted, opens without a password */
    ENC_OWNER_PASSWORD,         /* opens, but restricted by an owner password */
    ENC_USER_PASSWORD           /* needs a password to open */
};

struct pdf_info {
    char *path;                 /* as given on the command line or in the manifest */
    uint64_t file_size;
    uint32_t checksum;          /* CRC-32 of the bytes, for caching */

    bool readable;              /* false: unreadable_reason says why */
    char *unreadable_reason;
    char *damage;               /* repaired damage reported by the reader, or NULL */

    int version;                /* 10*major+minor from the header, e.g. 17 */
    enum encryption encryption;
    bool modify_allowed;        /* permissions allow page assembly */

    int npages;
    struct page_info *pages;    /* npages entries, NULL when not readable */

    struct font_info *fonts;
    size_t nfonts;

    char *javascript;           /* where JavaScript was found ("OpenAction", ...) or NULL */
    int attachments;            /* embedded files and file-attachment annotations */
    int attachment_page;        /* first page with an attachment annotation, 0: document level */
    char *attachment_names;     /* comma-separated, or NULL */

    char *first_page_text;      /* text of page 1 in reading order, at most 8 KiB */
    bool sections_searched;     /* headings were looked for (the style counts body pages) */
    struct section_start sections[SECTION_KIND_COUNT]; /* first heading of each kind */
    char *title;                /* document info /Title, or NULL */
    struct body_typography typography;
};

void pdfinfo_init(struct pdf_info *info, const char *path);
/* Mark info unreadable with a reason; returns false for `return pdfinfo_fail(...)`. */
bool pdfinfo_fail(struct pdf_info *info, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pdfinfo_release(struct pdf_info *info);
/* Free info->pages and what each page owns; npages becomes 0. */
void pdfinfo_drop_pages(struct pdf_info *info);
/* The bytes of the regular file at path (caller frees), with file_size and
 * checksum set; NULL with info marked unreadable when the file cannot be
 * read, is empty or has no %PDF header (the reason names what the file is
 * when pdfinfo_sniff_type knows). */
char *pdfinfo_read_file(const char *path, struct pdf_info *info, size_t *len_out);

/* What a file that is not a PDF is, from its first bytes: "a PNG image",
 * "a Word document (.docx)", "LaTeX source", "an HTML page", "a PostScript
 * file", ...; NULL when unknown (static string). */
const char *pdfinfo_sniff_type(const unsigned char *bytes, size_t len);

/* Compact, versioned byte encoding; deserialize rejects damaged input. */
char *pdfinfo_serialize(const struct pdf_info *info, size_t *len_out);
bool pdfinfo_deserialize(struct pdf_info *info, const char *data, size_t len);

#endif
