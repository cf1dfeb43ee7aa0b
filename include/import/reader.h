/* reader: what one export format provides to the importer, and the helpers
 * that the format readers share (internal to src/import).
 *
 * Each format lives in its own file, src/import/import_<name>.c, which
 * defines one `const struct import_reader`.  The driver (import_common.c)
 * loads and checks the input files, picks the reader (by --from, else by
 * asking each reader's detect in the order of its table), calls its read,
 * and checks what came out (unique ids, at least one paper).  Adding a
 * format is a value in enum import_format, its file, and its row in the
 * table in import_common.c.
 *
 * A reader appends papers with import_new_paper and fills them with the
 * helpers below, reports every problem through diag with the file, line and
 * column it comes from, and goes on after errors so that all are reported;
 * a paper with errors, or one that is not accepted, is dropped again
 * (import_drop_last_paper, import_paper_complete, importer_note_skipped).
 *
 * Ownership: strings passed in are borrowed; returned strings are the
 * caller's.  Papers and authors belong to im->res. */
#ifndef COLLATE_IMPORT_READER_H
#define COLLATE_IMPORT_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/jsonread.h"
#include "base/util.h"
#include "import/importer.h"
#include "import/table.h"

#define IMPORT_MAX_TEXT 4096 /* bytes in a title or name (the manifest's bound) */
#define IMPORT_MAX_ID 128    /* bytes in a paper id (the manifest's bound) */

/* State of one import: the result, the error count and what was said once. */
struct importer {
    struct import_result *res;
    int errors_before;     /* diag_error_count() when importing started */
    const char *file;      /* the file being read (borrowed); new papers are located in it */
    struct strbuf skipped; /* "#2 (reject), #5 (deleted)" for the note */
    size_t nskipped;       /* papers skipped in this file */
    char **warned;         /* unknown keys already warned about */
    size_t nwarned, warned_cap;
};

/* One input file, checked to be UTF-8 text, without its byte order mark. */
struct import_input {
    const char *path;
    const char *text;      /* NUL-terminated (a workbook's bytes are not text) */
    size_t len;
    const struct import_table *table; /* a workbook's first sheet, else NULL */
};

/* The input as a table: the workbook's sheet, else its text read as CSV
 * (syntax errors reported).  False after an error. */
bool import_input_table(const struct import_input *in, struct import_table *t);

/* What format detection knows of the first input file. */
struct import_sniff {
    const struct import_input *in;
    size_t nfiles;         /* files given */
    bool json;             /* a .json name, or text that starts with '[' or '{' */
    const struct import_table *header; /* the first CSV line or the workbook's header (names only
                                          for CSV); NULL for JSON */
};

struct import_reader {
    enum import_format format;
    const char *name;      /* for --from and messages: "easychair" */
    size_t max_files;      /* files it reads together (EasyChair: submissions and authors) */
    /* Whether the input looks like this format; NULL: only when named. */
    bool (*detect)(const struct import_sniff *s);
    /* Append the accepted papers of in[0..n-1] to im->res. */
    void (*read)(struct importer *im, const struct import_input *in, size_t n);
};

/* ---- what was said ---- */

/* True the first time key is seen (for one warning per unknown key). */
bool importer_first_time(struct importer *im, const char *key);
/* Count a paper left out; "what (why)" is listed in the note. */
void importer_note_skipped(struct importer *im, const char *what, const char *why);
/* The note listing this file's skipped papers ("submission", "paper"); resets the list. */
void importer_flush_skipped(struct importer *im, const char *noun);

/* ---- text ---- */

bool import_is_space(unsigned char c);
/* Copy of s[0..n-1] without surrounding whitespace. */
char *import_trimmed(const char *s, size_t n);
/* One line of text: runs of whitespace (line breaks too) become one space,
 * the ends are trimmed, other control characters are dropped with a
 * warning.  Longer than IMPORT_MAX_TEXT is an error.  NULL gives "". */
char *import_clean_text(struct importer *im, const char *s, const struct srcloc *loc, const char *what);
/* A decision means acceptance when it starts with "accept" ("accept",
 * "ACCEPT", "Accepted (poster)"). */
bool import_decision_accepts(const char *decision);
/* A submission number: digits only (leading zeros dropped). NULL if not one. */
char *import_parse_number(const char *s);
/* Letters, digits, '-', '_' and '.', at most IMPORT_MAX_ID bytes. */
bool import_valid_id(const char *id);

/* ---- JSON exports (import_json.c) ---- */

/* The input's text parsed as JSON (free with jnode_free); NULL after
 * reporting where it is not. */
struct jnode *import_input_json(const struct import_input *in);
/* Where a JSON node of the file path starts. */
struct srcloc import_node_loc(const char *path, const struct jnode *n);
/* A warning, once per import for each key and where ("a paper"), for
 * each key of object obj in neither known nor ignored (NULL: none). */
void import_warn_unknown_keys(struct importer *im, const char *path, const struct jnode *obj,
                              const char *const *known, const char *const *ignored, const char *where);

/* ---- papers ---- */

/* A new empty paper at the end of im->res, located at line of im->file. */
struct import_paper *import_new_paper(struct importer *im, int line);
void import_paper_release(struct import_paper *p);
/* Drop the last paper (it had errors or was not accepted). */
void import_drop_last_paper(struct importer *im);
/* Add kw (taken over) unless empty or already there (case-insensitively). */
void import_add_keyword(struct import_paper *p, char *kw);
/* Keywords from one cell or string: one per line when there are line
 * breaks (EasyChair), else separated by ';', else by ','. */
void import_add_keywords(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc);
/* Add an author whose names the export gives apart (either may be empty;
 * a lone given name becomes the family name). */
struct import_author *import_add_author(struct importer *im, struct import_paper *p, const char *given,
                                        const char *family, const struct srcloc *loc);
/* Add an author given as one full name, split by person_parse_name. */
struct import_author *import_add_author_name(struct importer *im, struct import_paper *p, const char *name,
                                             const struct srcloc *loc);
/* One author written "Name", "Name (Affiliation)", either with a '*'
 * after it (CMT's contact author); NULL when the name is empty. */
struct import_author *import_add_author_entry(struct importer *im, struct import_paper *p, const char *entry,
                                              const struct srcloc *loc);
/* Authors written "A (X); B (Y)" or "A, B and C"; how many were added. */
size_t import_add_author_list(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc);
/* s split at sep outside parentheses, each part trimmed; free with
 * import_free_parts. */
char **import_split_cell(const char *s, char sep, size_t *n);
void import_free_parts(char **parts, size_t n);
/* a->orcid from s when it is a valid iD; a warning at loc otherwise. */
void import_set_orcid(struct import_author *a, const char *s, const struct srcloc *loc);
/* The final version's hash as the system records it: "sha2-<64 hex>"
 * (HotCRP), "sha256:<hex>", 64 hex digits (SHA-256) or 40 (SHA-1).  False
 * when hash is none of these. */
bool import_set_pdf_hash(struct import_paper *p, const char *hash);
/* *field = value, or NULL (value freed) when value is "". */
void import_set_optional(char **field, char *value);
/* A paper must have a title and named authors; reports what is missing. */
bool import_paper_complete(struct importer *im, struct import_paper *p, const char *what);
/* import_paper_complete for p (the last added), named noun what ("paper
 * #17") in messages; p is dropped when incomplete. */
void import_end_paper(struct importer *im, struct import_paper *p, const char *noun, const char *what);
/* The start of a spreadsheet row of an export that lists every
 * submission with its decision: its number from column cnum (else an
 * error "'X' is not <number_name>"), then, unless the decision in column
 * cstatus (-1: none) is given and does not accept (the row is noted as
 * skipped), a new paper with the id "pN", the number and the title from
 * column ctitle.  Returns the paper, with *what set to "#N" (the
 * caller's), or NULL when the row has no number or is left out. */
struct import_paper *import_begin_row(struct importer *im, const char *path, const struct csv_row *row, int cnum,
                                      int cstatus, int ctitle, const char *number_name, char **what);
/* The end of a spreadsheet row that became paper p (the last added): its
 * keywords and track from columns ckeywords and ctrack (-1: none), then
 * import_paper_complete, dropping p when incomplete.  noun ("paper",
 * "submission") and what ("#17") name it in messages. */
void import_finish_row(struct importer *im, struct import_paper *p, const char *path, const struct csv_row *row,
                       int ckeywords, int ctrack, const char *noun, const char *what);

#endif
