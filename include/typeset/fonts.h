/* fonts: the font configuration, fonts/fonts.yml.
 *
 * Says which TrueType files make up each family (regular, bold, italic,
 * bold italic), which fonts supply the characters a family lacks (the
 * fallback list, tried in order, character by character), and where the
 * files are.  Plain data: no PDF library here; typeset loads the files.
 *
 * fonts/ is found like styles/: $COLLATE_FONTS, next to the binary, the
 * install directory, the source tree.
 *
 * Ownership: font_config_load returns a config freed with font_config_free;
 * strings and arrays inside are owned by it, and every srcloc.file inside
 * borrows config->path. */
#ifndef COLLATE_FONTS_H
#define COLLATE_FONTS_H

#include <stddef.h>

#include "base/diag.h"

/* The faces of a family; the numbering is bold = 1, italic = 2 as bit flags. */
enum font_face {
    FONT_REGULAR = 0,
    FONT_BOLD = 1,
    FONT_ITALIC = 2,
    FONT_BOLD_ITALIC = 3,
    FONT_FACE_COUNT = 4
};

struct font_file {
    char *file;          /* as written in fonts.yml; NULL: face not given */
    int index;           /* face index in a .ttc collection; -1 for a plain file */
    char *package;       /* Debian package providing it, for hints; may be NULL */
    struct srcloc loc;   /* where fonts.yml names it */
};

struct font_family {
    char *name;                            /* "serif" */
    struct font_file faces[FONT_FACE_COUNT]; /* regular is always given */
};

struct font_config {
    char *path;                  /* the fonts.yml that was read */
    char *dir;                   /* its folder: bare file names are looked up here first */
    struct font_family *families;
    size_t nfamilies;
    struct font_file *fallbacks; /* in the order they are tried */
    size_t nfallbacks;
    char **search_path;          /* folders searched after dir */
    size_t nsearch_path;
};

/* The fonts folder (see above); caller frees. */
char *font_dir(void);

/* Read <font_dir>/fonts.yml.  Reports errors through diag, returns NULL. */
struct font_config *font_config_load(void);
/* Read a given fonts.yml. */
struct font_config *font_config_load_file(const char *path);
void font_config_free(struct font_config *cfg);

/* The family called name, or NULL. */
const struct font_family *font_config_family(const struct font_config *cfg, const char *name);
/* The file of a face: the face itself when given, else the nearest given
 * one (bold italic → bold → regular, italic → regular).  Borrowed. */
const struct font_file *font_family_face(const struct font_family *fam, enum font_face face);
/* Comma-separated family names for messages; caller frees. */
char *font_config_family_names(const struct font_config *cfg);

/* Where a font file is: an absolute name as is, else the first of
 * config->dir and the search path that holds it.  Returns NULL when it is
 * nowhere; with report set, says so through diag at the fonts.yml entry,
 * with a hint naming the package.  Caller frees. */
char *font_config_resolve(const struct font_config *cfg, const struct font_file *f, int report);

#endif
