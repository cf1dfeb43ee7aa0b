/* manifest: the proceedings.yaml a chair writes, as plain structs.
 *
 * Every record keeps the location of its YAML node so later stages can
 * report "manifest.yaml:12:5: ..." after the YAML tree is gone.  Loading
 * reports all errors it finds, then fails.
 * Ownership: manifest_load returns a manifest freed with manifest_free;
 * everything inside is owned by it. */
#ifndef COLLATE_MANIFEST_H
#define COLLATE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "manifest/person.h"
#include "manifest/style.h"

struct paper {
    char *id;           /* unique within the manifest */
    char *title;
    char *short_title;  /* for running heads; defaults to title */
    struct person *authors;
    size_t nauthors;
    char **keywords;
    size_t nkeywords;
    char *pdf;          /* as written in the manifest */
    char *pdf_path;     /* resolved against the manifest's directory */
    char *doi;          /* explicit DOI, or NULL (then doi_prefix + id) */
    bool archival;      /* false: listed in the TOC without pages (default true) */
    char *abstract;     /* optional, for `collate publish` */
    char *pdf_sha256;   /* the final version the submission system records: */
    char *pdf_sha1;     /*   lower-case hex, or NULL (build: stale_pdf) */
    long long pdf_size; /*   bytes, 0 when not given */
    struct srcloc loc;
};

struct session {
    char *title;
    char *chair;        /* optional "Session chair: ..." line */
    struct paper *papers;
    size_t npapers;
    struct srcloc loc;
};

struct committee {
    char *name;         /* "Program Committee" */
    struct person *members;
    size_t nmembers;
    struct srcloc loc;
};

enum part_kind {
    PART_TITLE_PAGE,
    PART_COPYRIGHT_PAGE,
    PART_MESSAGE,       /* text from a file: paragraphs, headings, emphasis, lists */
    PART_COMMITTEES,
    PART_TOC,
    PART_AUTHOR_INDEX,
    PART_KEYWORD_INDEX,
    PART_KIND_COUNT
};

struct part {
    enum part_kind kind;
    char *title;        /* heading; defaults per kind ("Contents", "Author Index"...) */
    char *file;         /* PART_MESSAGE: text file, resolved against the manifest's directory */
    char *signature;    /* PART_MESSAGE: signed by, optional (may hold several lines) */
    struct srcloc loc;
};

struct manifest {
    char *path;         /* the manifest file */
    char *dir;          /* its directory: relative paths are resolved here */

    /* volume: */
    char *title, *subtitle, *short_title;
    char *event, *location, *dates, *year;
    struct person *editors;
    size_t neditors;
    char *publisher, *publisher_address;
    char *isbn, *issn, *doi_prefix;
    char *notice;       /* copyright line on each paper's first page, e.g. "979-8-.../25/$31.00 ©2025 IEEE" */
    char *copyright;    /* text of the copyright page (several paragraphs), printed as given */
    bool copyright_details; /* the copyright page also lists ISBN, ISSN, DOI and publisher */
    char *series;       /* "Lecture Notes in Computer Science" (with issn: a Crossref series deposit) */
    char *series_short; /* "LNCS" */
    char *volume_number; /* the volume's number in its series, "16123" */
    char *doi;          /* the volume's own DOI, for the copyright page */
    char *first_page_notice; /* template of the whole first-page notice, replacing the style's; NULL: the style's */

    char *style;        /* style name or path */
    struct srcloc style_loc; /* where the manifest names it */
    struct style_limits limits;
    struct srcloc limits_sizes_loc; /* limits: page_size:, for errors when the style is applied */
    double fee;         /* per extra page; < 0: style's fee */
    bool recto;         /* each paper starts on an odd page */
    bool recto_set;     /* recto was given (else the style decides) */
    bool front_matter_recto;     /* each front and back part starts on an odd page */
    bool front_matter_recto_set; /* given (else the style decides) */
    bool keywords_from_pdf; /* add "Index Terms"/"Keywords" lines found in the papers */
    char *output;       /* volume PDF path, resolved; default <dir>/<short_title or "proceedings">.pdf */
    double page_width, page_height; /* page_size: the volume's trim size, portrait, pt; 0: the style's */

    struct part *front, *back;
    size_t nfront, nback;
    struct committee *committees;
    size_t ncommittees;
    struct session *sessions;
    size_t nsessions;

    /* For `collate publish`; all optional (each format names what it needs). */
    struct srcloc volume_loc;   /* the 'volume' mapping */
    char *base_url;             /* where the published site lives, ending in '/' */
    char *language;             /* BCP 47 / ISO 639-1, default "en" */
    char *start_date, *end_date, *publication_date; /* YYYY-MM-DD */
    bool abstracts_from_pdf;    /* suggest abstracts from the papers' first pages */
    struct {
        char *depositor, *email, *registrant, *batch_id;
        struct srcloc loc;      /* the 'crossref' mapping; line 0 when absent */
    } crossref;
    struct {
        char *venue, *volume;   /* ACL Anthology venue id and volume name */
    } acl;
};

struct manifest *manifest_load(const char *path);
/* As manifest_load; check_files false skips the checks that paper PDFs
 * exist (for tools that are about to create them). */
struct manifest *manifest_load_ex(const char *path, bool check_files);
void manifest_free(struct manifest *m);

/* A paper's DOI: its explicit doi, else the pattern (the style's
 * paper_doi; NULL: "{prefix}.{id}") with {prefix} the doi_prefix, {id} the
 * paper's id and {number} its position among the archival papers (1, 2,
 * ...); NULL without a doi_prefix, or for a pattern with {number} on a
 * paper that is not archival.  The stamp's {doi} and the exports both use
 * this rule.  Caller frees. */
char *manifest_paper_doi(const struct manifest *m, const char *pattern, const struct paper *p);

/* Number of papers over all sessions. */
size_t manifest_paper_count(const struct manifest *m);

/* The papers of all sessions in reading order: manifest_paper_count(m)
 * pointers into m, in an array the caller frees (never NULL).  Later
 * stages index their per-paper arrays (inspection results, findings) the
 * same way. */
const struct paper **manifest_papers(const struct manifest *m);

const char *part_kind_name(enum part_kind kind);
const char *part_default_title(enum part_kind kind);
/* The kind a part name stands for ("toc"), or -1. */
int part_kind_from_name(const char *name);
/* Every part name, NULL-terminated (static). */
const char *const *part_kind_names(void);

#endif
