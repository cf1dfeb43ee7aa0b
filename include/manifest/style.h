/* style: a venue's format rules and volume layout, loaded from styles/NAME.yml.
 *
 * All lengths are PDF points (1/72 in).  Ownership: style_load returns a
 * style the caller frees with style_free; strings inside are owned by it. */
#ifndef COLLATE_STYLE_H
#define COLLATE_STYLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/rect.h"
#include "manifest/codes.h"

/* The text block a template sets on a page size, as displayed: origin at
 * the top-left corner, y down, points.  LaTeX's block: from the top of the
 * first line's \topskip box to the last baseline, so descenders of the
 * last line reach a little below it. */
struct style_block {
    bool given;                  /* false: derive it from the margins */
    double left, top, width, height;
};

/* One accepted paper size with the minimum margins content must respect. */
struct style_size {
    char *name;                  /* "letter", "a4" */
    double width, height;        /* portrait, points */
    double top, bottom, left, right; /* minimum margins, points */
    struct style_block text_block; /* the template's text block on this size */
};

/* Slots of a running header or footer line; each a template such as
 * "{page}" or "{volume_short}" (see typeset/placeholder.h).  left, center
 * and right sit at the text block's left edge, centre and right edge;
 * left_indented starts, right_indented ends, `indent` inside the edge
 * (llncs sets the title and authors 1.166 cm from the folio's edge). */
struct stamp_line {
    char *left, *center, *right;
    char *left_indented, *right_indented;
};

/* The stamp of a paper page, placed from the page's text block. */
struct style_stamp {
    char *font;                   /* family in fonts/fonts.yml; NULL: typography.font */
    double font_size;             /* points */
    double header_offset;         /* header baseline above the text block's top */
    double footer_offset;         /* footer baseline below the text block's bottom */
    double indent;                /* of the *_indented slots from the block's edges */
    struct stamp_line header_odd, header_even, footer_odd, footer_even;
    struct stamp_line first_header, first_footer; /* a paper's first page */
    char *notice_text;            /* template of the first-page notice; NULL: "{notice}" */
    char *notice_copyright;       /* {notice} when the manifest has no notice */
    double notice_font_size;
    double notice_leading;        /* baseline to baseline; 0: 1.2 x the size */
    double notice_offset;         /* first baseline below the text block's bottom */
    double notice_width;          /* lines wrap at this width; 0: the block's width */
    int notice_lines;             /* lines allowed; more is a warning; 0: any */
    char *notice_align;           /* "left", "center" or "right" */
};

/* Typography of the pages collate typesets (front matter, indexes). */
struct style_typography {
    double body_size, title_size, heading_size, small_size; /* points */
    double leading;               /* line height as a multiple of the font size */
    char *font;                   /* font family name from fonts/fonts.yml */
};

/* The body text the venue's template sets, which check compares the
 * measured body text with (font_size, line_spacing, columns); a field left
 * 0 is not checked.  Sizes are as the PDF draws them: TeX's 10 pt is
 * 9.963 pt. */
struct style_body_text {
    double font_size;             /* pt */
    double font_size_tolerance;   /* pt the body may be smaller than font_size */
    double min_leading;           /* pt, baseline to baseline of body lines */
    int columns;
};

/* What the table of contents shows besides titles, authors and first
 * pages; each publisher has its own habit. */
struct style_contents {
    bool session_chairs;          /* "Chair: ..." under a session's title */
    bool native_names;            /* "Hongsen Chen (陈洪森)" rather than "Hongsen Chen" */
    bool page_ranges;             /* "17–28" rather than "17" */
};

/* One part of the front or back matter that `collate init` writes into a
 * new manifest, as the manifest spells it. */
struct style_part {
    char *kind;                   /* "title_page", "message", "committees", ... */
    char *value;                  /* message: its file; NULL for a bare kind */
    char *title;                  /* heading, or NULL */
};

/* Sections a page limit may leave uncounted (`pages: not_counted:`);
 * inspect/sections finds where each starts. */
enum section_kind {
    SECTION_REFERENCES,           /* References, Bibliography, Literatur, 参考文献 ... */
    SECTION_APPENDIX,             /* Appendix, APPENDIX A, or "A  Proofs" after the references */
    SECTION_LIMITATIONS,
    SECTION_ETHICS,               /* Ethics Statement, Ethical Considerations, Broader Impact */
    SECTION_ACKNOWLEDGMENTS,
    SECTION_KIND_COUNT
};

/* "references", "appendix", ... (static), and back; -1 when unknown. */
const char *section_kind_name(enum section_kind kind);
int section_kind_from_name(const char *name);

/* What a page limit counts. */
enum page_count {
    PAGE_COUNT_ALL,               /* every page */
    PAGE_COUNT_BODY               /* pages up to the first section in not_counted */
};

struct style {
    char *name;                   /* "ieee-conference" */
    char *description;            /* one line for `collate styles` */
    char *path;                   /* file it came from */

    struct style_size *sizes;     /* accepted paper sizes; sizes[0] is the volume's unless the
                                     manifest gives page_size */
    size_t nsizes;
    double size_tolerance;        /* pt a page may differ from an accepted size */
    double margin_tolerance;      /* pt content may enter a margin before it is a finding */

    int page_limit;               /* pages included in the base fee; 0: no limit */
    int extra_pages;              /* paid pages allowed beyond page_limit */
    double extra_page_fee;        /* per extra page */
    char *currency;               /* "USD" */
    enum page_count count;        /* pages: count: */
    unsigned not_counted;         /* bit (1u << section_kind) per section left out with PAGE_COUNT_BODY */

    bool require_embedded_fonts;
    bool forbid_type3_fonts;
    bool forbid_page_numbers;     /* camera-ready must carry none */
    bool forbid_javascript;
    bool forbid_attachments;
    int max_pdf_version;          /* 10*major+minor, e.g. 17; 0: any */
    int min_image_ppi;            /* images: min_ppi, effective pixels per inch; 0: not checked */

    enum severity severity[FINDING_CODE_COUNT]; /* per code, style may raise or lower */

    struct style_stamp stamp;
    struct style_typography typography;
    struct style_body_text body_text;
    bool recto;                   /* papers start on odd pages by default */

    bool front_matter_recto;      /* each front and back part starts on an odd page */
    struct style_contents contents;
    struct style_part *init_front, *init_back; /* for `collate init`; may be empty */
    size_t ninit_front, ninit_back;
    char *paper_doi;              /* a paper's DOI from {prefix}, {id}, {number}; NULL: "{prefix}.{id}" */
};

/* A manifest's (or the command line's) page allowance and fee, over the
 * style's; -1 in a field means "the style's value".  The check stage
 * applies them (check_page_limit and friends, check/check.h). */
struct style_limits {
    int page_limit;
    int extra_pages;
    double fee;       /* per paid extra page */
    int count;        /* enum page_count; applied to the style by style_apply_limits */
    unsigned sizes;   /* page sizes accepted, bits of style_size_names(); 0: all the style's */
};
#define STYLE_LIMITS_DEFAULT {-1, -1, -1, -1, 0}

/* Resolve a style by name (looked up in the styles directories) or by path.
 * A style file may say `extend: NAME` (or a path, relative to the file):
 * it is then read over that style, mappings merged key by key at every
 * depth and anything else (scalars, lists such as page: sizes:) replaced;
 * `name` and `description` are never inherited.  A chain that comes back
 * to a file is an error at its `extend:` line.
 * Reports errors through diag and returns NULL. */
struct style *style_load(const char *name_or_path);
void style_free(struct style *style);

/* True when name is a path (taken as it is) or the name of a style in the
 * styles directory.  Otherwise false, with *closest set to the known name
 * nearest to it when one is close enough to be a typo (caller frees), else
 * NULL.  Reports nothing. */
bool style_known(const char *name, char **closest);

/* Styles directory: $COLLATE_STYLES, next to the binary, install dir, source tree. */
const char *style_dir(void);

/* Names and descriptions of every style found, sorted by name. */
struct style_entry {
    char *name;
    char *description;
    char *path;
};
size_t style_list(struct style_entry **out);
void style_entries_free(struct style_entry *entries, size_t n);

/* The accepted size matching width x height (points, portrait or not, within
 * tolerance), or NULL. *landscape is set when it matches only when turned. */
const struct style_size *style_match_size(const struct style *style, double width, double height,
                                          bool *landscape);
/* The accepted size nearest to width x height (never NULL). */
const struct style_size *style_nearest_size(const struct style *style, double width, double height);

/* The page size names limits and the command line know ("a4", "letter",
 * ...), NULL-terminated; bit i of style_limits.sizes is names[i]. */
const char *const *style_size_names(void);
/* Width and height (portrait, pt) of a known size name; false when unknown. */
bool style_size_by_name(const char *name, double *width, double *height);
/* Add the sizes of a comma-separated list ("letter", "a4,letter") to
 * *mask.  An unknown name is an error at loc (may be NULL) with a "did you
 * mean" hint; returns false. */
bool style_parse_sizes(const char *list, const struct srcloc *loc, unsigned *mask);
/* Narrow style to what limits say: its count (limits->count >= 0) and the
 * accepted sizes in limits->sizes (matched by dimensions, in the style's
 * order).  A size the style does not accept is an error at loc (may be
 * NULL): restricting never adds a size.  Returns false after reporting. */
bool style_apply_limits(struct style *style, const struct style_limits *limits, const struct srcloc *loc);

/* The text block of size sz as displayed (origin top-left, y down): the
 * template's `text_block` when the style gives one, else the area inside
 * the minimum margins. */
void style_text_block(const struct style_size *sz, struct rect *out);
/* A page was laid out in a text block when its body text's left edge is
 * this close to the block's (LaTeX puts lines on the block's edge
 * exactly): check picks a page's block by it, inspect skips measuring
 * pages no other block can be picked for. */
#define STYLE_BLOCK_MATCH 2.0

#endif
