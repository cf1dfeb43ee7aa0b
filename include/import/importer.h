/* importer: accepted papers from a submission system's export, and a
 * starting proceedings.yaml written from them ('collate init').
 *
 * Formats:
 *   easychair  submission.csv / accepted.csv ('#', 'Title', 'Authors',
 *              'Keywords', 'Decision', 'Track'...), optionally joined with
 *              author.csv ('Submission #', 'First name', 'Last name',
 *              'Email', 'Affiliation'...) for split names and affiliations;
 *   hotcrp     the JSON paper export (a list of objects with 'pid',
 *              'title', 'authors', 'topics', 'decision', 'status'...);
 *   csv        a plain table: id, title, authors (separated by ';'), pdf,
 *              and optionally keywords and session;
 *   edas       EDAS's paper list (CSV, tab-separated or .xlsx), or its
 *              author list with one row per author;
 *   openreview the notes JSON of OpenReview's API (v2 {"value": ...}
 *              fields, or v1 plain fields);
 *   start      Softconf START's Spreadsheet Maker submissions CSV
 *              ('Submission ID', 'Acceptance Status', 'N: First Name'...);
 *   cmt        Microsoft CMT's paper list ("Export to Excel": .xlsx, the
 *              XML Spreadsheet 2003 .xls, or CSV/TSV saved from it).
 * Spreadsheet workbooks (.xlsx, XML Spreadsheet 2003) are read as a table
 * of their first sheet, located row:column (see import/workbook.h).
 * Input must be UTF-8.  Every problem is reported through diag with the
 * file, line and column it comes from; importing goes on after an error
 * so that all of them are reported.  Names the export gives apart are kept
 * as they are; full names are split by person_parse_name, in the order the
 * export writes them.
 *
 * Each format is one file, src/import/import_<name>.c (see import/reader.h);
 * the driver, detection and shared helpers are in import_common.c, the
 * manifest writer in import_manifest.c.
 *
 * Ownership: struct import_result owns everything in it and is released
 * with import_result_release.  Locations point at the path strings the
 * caller passed, which must outlive the result. */
#ifndef COLLATE_IMPORTER_H
#define COLLATE_IMPORTER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "base/util.h"
#include "manifest/style.h"

enum import_format {
    IMPORT_AUTO,
    IMPORT_EASYCHAIR,
    IMPORT_HOTCRP,
    IMPORT_CSV,
    IMPORT_EDAS,
    IMPORT_OPENREVIEW,
    IMPORT_START,
    IMPORT_CMT
};

struct import_author {
    char *given;         /* given names; "" for a mononym */
    char *family;        /* family name with its particles ("van Beethoven") */
    bool family_first;   /* written family name first (a name in CJK script) */
    char *affiliation;   /* NULL when unknown */
    char *email;         /* NULL when unknown */
    char *orcid;         /* NULL when unknown (only valid iDs are kept) */
};

struct import_paper {
    char *id;            /* manifest id: "p" + submission number, or the csv's id */
    char *title;         /* one line, whitespace collapsed */
    struct import_author *authors;
    size_t nauthors, authors_cap;
    char **keywords;
    size_t nkeywords, keywords_cap;
    char *session;       /* track or session name, NULL when none */
    char *pdf;           /* explicit PDF path (csv format), else NULL */
    char *number;        /* the system's submission number ("17"), NULL when none */
    char *alt_id;        /* another name files carry (OpenReview's note id), or NULL */
    char *pdf_sha256;    /* the final version's SHA-256 the system records (hex), or NULL */
    char *pdf_sha1;      /* its SHA-1 (older HotCRP), or NULL */
    long long pdf_size;  /* its size in bytes, 0 when unknown */
    struct srcloc loc;   /* the row or object it comes from */
};

/* A paper the export has but the manifest must not list. */
struct import_skip {
    char *id;            /* the id it would have ("p5"), or NULL */
    char *why;           /* "withdrawn", the decision... */
};

struct import_result {
    enum import_format format;   /* the format that was read */
    struct import_paper *papers; /* in the order of the export */
    size_t npapers, cap;
    size_t skipped;              /* rows or papers left out (not accepted, withdrawn...) */
    struct import_skip *skips;   /* those with an id, in export order */
    size_t nskips, skips_cap;
};

/* A format's name for --from (also "auto"); false for other names. */
bool import_format_from_name(const char *name, enum import_format *out);
const char *import_format_name(enum import_format format);

/* Read paths[0..n-1] (n is 1, or 2 for EasyChair's submission and author
 * files, in either order) as format into out.  IMPORT_AUTO detects the
 * format: HotCRP for a .json name or text starting with '[' or '{', else
 * by the CSV header ('#' or 'Decision' columns, or two files: EasyChair;
 * 'title' and 'authors': plain csv).
 * Returns the number of errors reported; out holds what could be read. */
int import_files(const char *const *paths, size_t n, enum import_format format, struct import_result *out);

void import_result_release(struct import_result *res);

/* Sessions the manifest will have (papers without a session name share
 * one "Papers" session). */
size_t import_session_count(const struct import_result *res);

struct import_manifest_options {
    const char *style;       /* style name, default "ieee-conference" */
    const char *papers_dir;  /* folder of the PDFs, default "papers" */
    const char *source;      /* what was imported, for the header comment (may be NULL) */
    const struct style *style_def; /* that style loaded: its init parts and recto settings; may be NULL */
};

/* The text of a commented proceedings.yaml listing res's papers, grouped
 * in sessions by their session names (one "Papers" session when none has
 * one), with the front and back matter of the style's init: section (else
 * title page, copyright page, contents and author index) and its recto
 * settings.  Every scalar is double-quoted.  Caller frees. */
char *import_manifest_yaml(const struct import_result *res, const struct import_manifest_options *opts);

/* What the export said of a paper's title and authors, as 8 hex digits
 * (a CRC-32): written as 'imported:' so that 'init --update' can tell a
 * change in the submission system from an edit in the manifest.  Caller
 * frees. */
char *import_paper_fingerprint(const struct import_paper *p);

/* The YAML of one author as import_manifest_yaml writes it:
 * "{given: ..., family: ...}" (no newline). */
void import_author_yaml(struct strbuf *sb, const struct import_author *a);

/* The lines of one paper as import_manifest_yaml writes it, each prefixed
 * by indent; the first starts with "- ".  dir as in the options. */
void import_paper_yaml(struct strbuf *sb, const struct import_paper *p, const char *dir, const char *indent);

/* Append s to sb as a YAML double-quoted scalar ("..." with \\, \" and
 * control characters escaped). */
void yaml_quote(struct strbuf *sb, const char *s);

#endif
