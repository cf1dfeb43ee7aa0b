/* textflow: paragraphs broken into lines, and the Markdown-lite syntax of
 * message files.
 *
 * Pure layout, no PDF: text widths come from the caller's measure callback.
 * A paragraph is a list of boxes (words, or pieces of words in another
 * face); a line may break before a box that follows a space, and between
 * CJK characters.  Breaking is greedy; a word wider than the line is split
 * between characters.
 *
 * Markdown-lite: paragraphs separated by blank lines; "# " and "## "
 * headings; "- " (or "* ", "+ ") bullet items and "1. " numbered items;
 * inline *emphasis* (italic), **strong** (bold), ***both***, and \* for a
 * literal asterisk.
 *
 * Ownership: tf_para and tf_doc own their text; release them with
 * tf_para_release and tf_doc_release.  Returned line arrays are the
 * caller's (free). */
#ifndef COLLATE_TEXTFLOW_H
#define COLLATE_TEXTFLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"

/* Faces as bit flags; the same numbering as enum font_face (fonts.h). */
enum tf_face { TF_REGULAR = 0, TF_BOLD = 1, TF_ITALIC = 2, TF_BOLD_ITALIC = 3 };

/* Width in points of text (len bytes of UTF-8, no line breaks) in a face
 * and size. */
typedef double (*tf_measure_fn)(void *ctx, int face, double size, const char *text, size_t len);

struct tf_box {
    size_t off, len;   /* its text: bytes [off, off+len) of tf_para.text */
    int face;          /* enum tf_face */
    double size;       /* font size, pt */
    bool space;        /* a word space comes before it */
    bool breakable;    /* a line may start with it */
    bool cjk;          /* a CJK character (lines of them stretch between characters) */
    double width;      /* natural width, pt (tf_para_measure) */
    double glue;       /* width of the space before it; 0 without one (tf_para_measure) */
};

struct tf_para {
    struct strbuf text;       /* the boxes' text, without the spaces */
    struct tf_box *boxes;
    size_t n, cap;
    bool pending_space;       /* a space was seen and no box followed yet */
    bool no_break_next;       /* the next box may not start a line (after an opening bracket) */
    tf_measure_fn measure;    /* set by tf_para_measure, used to split long words */
    void *measure_ctx;
};

struct tf_line {
    size_t first, count;  /* boxes [first, first+count) */
    double width;         /* natural width: boxes plus the glue between them */
    int nspaces;          /* boxes after the first with a space before them */
    int nbreaks;          /* boxes after the first that could start a line */
};

void tf_para_init(struct tf_para *p);
void tf_para_release(struct tf_para *p);
/* Empty the paragraph for reuse (keeps its memory). */
void tf_para_clear(struct tf_para *p);

/* Append plain text in one face and size.  Whitespace separates words;
 * control characters are dropped. */
void tf_para_add(struct tf_para *p, const char *text, size_t len, int face, double size);
/* Append text with *emphasis* and **strong** markup; face is the base face. */
void tf_para_add_markup(struct tf_para *p, const char *text, size_t len, int face, double size);
/* A space before whatever is appended next (between two tf_para_add calls). */
void tf_para_add_space(struct tf_para *p);

/* Fill in widths and glue with fn; keeps fn for splitting long words. */
void tf_para_measure(struct tf_para *p, tf_measure_fn fn, void *ctx);
/* Break into lines: the first line is first_width wide, the others width.
 * Needs tf_para_measure.  Returns the number of lines (0 for an empty
 * paragraph); *lines is malloc'd. */
size_t tf_para_break(struct tf_para *p, double first_width, double width, struct tf_line **lines);
/* Text of a box; borrowed, NOT NUL-terminated: use box->len. */
const char *tf_box_text(const struct tf_para *p, const struct tf_box *b);

/* Markdown-lite blocks. */
enum tf_block_kind {
    TF_BLOCK_PARAGRAPH,
    TF_BLOCK_HEADING,      /* "# " */
    TF_BLOCK_SUBHEADING,   /* "## " and deeper */
    TF_BLOCK_BULLET,       /* "- " item */
    TF_BLOCK_NUMBERED      /* "1. " item */
};

struct tf_block {
    enum tf_block_kind kind;
    int number;            /* TF_BLOCK_NUMBERED: the number written */
    char *text;            /* inline markup kept; lines joined by spaces */
    int line;              /* 1-based line where it starts */
};

struct tf_doc {
    struct tf_block *blocks;
    size_t n, cap;
};

/* Parse Markdown-lite text.  name is used in messages.  Invalid UTF-8 is
 * reported as "NAME:LINE:COL: error: ..." and makes it return false
 * (after reporting every bad line).  The doc is filled either way; release
 * it with tf_doc_release. */
bool tf_parse_markdown(const char *name, const char *data, size_t len, struct tf_doc *doc);
void tf_doc_release(struct tf_doc *doc);

/* True for code points that lines may break around (CJK ideographs, kana,
 * hangul, CJK punctuation and full-width forms). */
bool tf_is_cjk(long cp);

#endif
