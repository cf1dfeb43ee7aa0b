/* mkpaper: a generator of realistic test papers (libharu), for the
 * end-to-end tests and the example volumes.
 *
 * The program is split by job: mkpaper.c (options, document setup, main),
 * mkpaper_fonts.c (faces, CJK fallback, measuring and drawing text),
 * mkpaper_text.c (seeded filler text), mkpaper_layout.c (page geometry,
 * the column flow, figures, defects).
 *
 * Coordinates are PDF points with the origin at the bottom left.
 * Ownership: strings in struct options are borrowed from argv or owned by
 * main; everything returned by a function named *_new or *_dup belongs to
 * the caller and is released with free(). */
#ifndef MKPAPER_H
#define MKPAPER_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- small helpers (mkpaper.c) ---- */

void *mk_alloc(size_t size);                  /* zeroed; exits on exhaustion */
void *mk_grow(void *ptr, size_t count, size_t elem); /* realloc; exits on exhaustion */
char *mk_strdup(const char *s);
char *mk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define MK_PUSH(arr, n) ((arr) = mk_grow((arr), (n) + 1, sizeof(*(arr))), &(arr)[(n)++])

/* ---- options ---- */

enum side { SIDE_TOP, SIDE_BOTTOM, SIDE_LEFT, SIDE_RIGHT };
enum defect_kind { DEFECT_TEXT, DEFECT_IMAGE, DEFECT_RULE };

struct defect {
    enum defect_kind kind;
    enum side side;
    double amount; /* points past the margin edge */
    int page;      /* 1-based */
};

struct page_override {
    int page;          /* 1-based */
    double width;      /* media size; 0 when only rotation/landscape is set */
    double height;
};

struct options {
    const char *out;
    int pages;
    double width, height;   /* default media size */
    int columns;
    bool have_margins;      /* --margins given: used on every page */
    double margins[4];      /* top, bottom, left, right */
    char *title, *authors, *affiliation, *keywords, *abstract; /* owned, validated UTF-8 */
    uint64_t seed;
    const char *font_dir;
    bool base14, page_numbers, internal_links, image;
    struct defect *defects;
    size_t ndefects;
    int *blank;             /* 1-based page numbers */
    size_t nblank;
    struct page_override *sizes; /* --mixed-size */
    size_t nsizes;
    int *landscape;
    size_t nlandscape;
    struct page_override *rotations; /* width holds the angle */
    size_t nrotations;
    const char **attachments;
    size_t nattachments;
    const char *user_password, *owner_password;
};

/* ---- libharu errors ---- */

/* The first libharu error of the run; the handler records it and the
 * program stops at the next check (no longjmp). */
struct hpdf_status {
    bool failed;
    HPDF_STATUS error_no;
    HPDF_STATUS detail_no;
};

/* ---- fonts (mkpaper_fonts.c) ---- */

enum face { FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_COUNT };

struct fonts {
    HPDF_Doc pdf;
    bool base14;               /* non-embedded Times/Helvetica, ASCII only */
    HPDF_Font face[FACE_COUNT];
    double ascent, descent;    /* of the regular face, in em (descent > 0) */
    double cap_height;         /* in em */
    char *cjk_path;            /* fallback font file, loaded on first use */
    HPDF_Font cjk;
    bool cjk_tried;
};

/* Load the three faces from font_dir (Liberation Serif) or the base-14
 * fonts.  Returns 0, or -1 after printing why. */
int fonts_init(struct fonts *f, HPDF_Doc pdf, const char *font_dir, bool base14);
void fonts_release(struct fonts *f);
/* Advance width of UTF-8 text at size points, with per-character fallback. */
double fonts_width(struct fonts *f, enum face face, double size, const char *text);
/* Show text with its baseline origin at (x, y); the page must be in text
 * mode (between BeginText and EndText).  Returns the advance width. */
double fonts_show(struct fonts *f, HPDF_Page page, enum face face, double size, double x, double y,
                  const char *text);

/* UTF-8 helpers: decode one code point (returns bytes used, 0 at the end,
 * -1 if malformed); clean a user string: NULL if it is not valid UTF-8,
 * else a copy with characters outside the Basic Multilingual Plane (which
 * libharu 2.3.0 garbles) replaced by '?'. */
int utf8_decode(const char *s, uint32_t *cp);
char *utf8_clean(const char *s);

/* ---- filler text (mkpaper_text.c) ---- */

struct rng {
    uint64_t state;
};
void rng_seed(struct rng *r, uint64_t seed);
uint32_t rng_below(struct rng *r, uint32_t n); /* uniform in [0, n) */

char *filler_sentence(struct rng *r);          /* "Word word ... word." */
char *filler_paragraph(struct rng *r, int min_sentences, int max_sentences);
char *filler_reference(struct rng *r, int number); /* "[n] A. Name, ..." */
const char *filler_section_name(int index);    /* "INTRODUCTION", ... */
const char *filler_subsection_name(struct rng *r);
char *roman_numeral(int n);                    /* 1..3999 */

/* ---- layout (mkpaper_layout.c) ---- */

/* Lay out and draw every page of the paper.  pages[] holds opt->pages
 * pages already sized and rotated.  Returns 0, or -1 on a libharu error. */
int layout_paper(HPDF_Doc pdf, HPDF_Page *pages, struct fonts *fonts, const struct options *opt,
                 const struct hpdf_status *status);

/* Media size and margins of a page (1-based), from the options. */
void page_media(const struct options *opt, int page, double *width, double *height);
void page_margins(const struct options *opt, double width, double height, double margins[4]);
bool page_is_blank(const struct options *opt, int page);

#endif
