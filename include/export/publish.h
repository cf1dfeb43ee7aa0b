/* publish: what a publication chair delivers after the volume PDF, made
 * from the build's outputs on disk.
 *
 * A publication joins the manifest (titles, people, abstracts, registry
 * settings) with the split folder's volume.json (page numbers, DOIs, the
 * front matter's length) and names the PDFs the formats copy: the volume,
 * the stamped per-paper PDFs and the front matter cut from the volume.
 * Each format (site.h, crossref.h, ceur.h, aclpkg.h) writes into its own
 * folder of the output directory, every file atomically.
 *
 * Ownership: publication_load returns a publication freed with
 * publication_free; the manifest is borrowed and must outlive it. */
#ifndef COLLATE_PUBLISH_H
#define COLLATE_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"
#include "manifest/manifest.h"

struct pub_paper {
    const struct paper *paper;       /* borrowed from the manifest */
    const struct session *session;   /* borrowed */
    size_t session_index;            /* 0-based */
    int first_page, last_page;       /* printed arabic numbers; 0 when the paper has no pages */
    int pdf_page;                    /* 1-based page of the volume PDF; 0 when none */
    char *doi;                       /* owned; NULL when none */
    char *pdf;                       /* stamped paper PDF in the split folder; NULL when none; owned */
    char *abstract;                  /* the manifest's, or one extracted from the PDF; owned */
    bool abstract_extracted;         /* a suggestion from the first page, not the manifest's */
};

struct publication {
    const struct manifest *m;        /* borrowed */
    struct pub_paper *papers;        /* in reading order */
    size_t npapers;
    char *volume_pdf;                /* owned */
    char *split_dir;                 /* owned */
    long long source_date_epoch;     /* the published build's date; -1 when not recorded */
    int volume_pages;
    int front_pages;                 /* roman pages before the first paper */
    unsigned char *front_pdf;        /* front matter cut from the volume, or NULL; owned */
    size_t front_pdf_len;
    char *volume_bib;                /* split_dir/volume.bib when present; owned */
};

/* The split folder publish and errata use when none is given: the
 * volume's name without .pdf, plus -split.  Caller frees. */
char *publication_default_split(const char *volume_pdf);

/* Read split_dir/volume.json and match it with the manifest's papers.
 * NULL (errors reported) when it is missing, damaged or describes other
 * papers. */
struct publication *publication_load(const struct manifest *m, const char *volume_pdf, const char *split_dir);
void publication_free(struct publication *pub);

/* Cut the front matter out of the volume into pub->front_pdf (nothing
 * when the volume has none). */
bool publication_cut_front_matter(struct publication *pub);

/* True when the volume or the split folder is missing or older than the
 * manifest, a paper or a message file, or when volume.json lacks a paper. */
bool publication_stale(const struct manifest *m, const char *volume_pdf, const char *split_dir);

/* The publication year: publication_date's, else the volume's year, else
 * start_date's; NULL when none is known. Caller frees. */
char *publication_year(const struct manifest *m);

/* Helpers shared by the formats. */

/* Escape text for HTML or XML element content and attribute values. */
void pub_escape(struct strbuf *sb, const char *s);
/* The number of papers with pages (archival, in the volume). */
size_t publication_archival_count(const struct publication *pub);
/* Make dir (and parents); false with an error when it cannot. */
bool pub_mkdir(const char *dir);
/* Write a buffer / a strbuf / a copy of a file to path atomically; false
 * with an error naming path. */
bool pub_write(const char *path, const void *data, size_t len);
bool pub_write_sb(const char *path, const struct strbuf *sb);
bool pub_copy(const char *from, const char *to);
/* An URL-safe slug of s (ASCII letters and digits, '-' between words),
 * lower case when lower; "volume" when nothing is left. Caller frees. */
char *pub_slug(const char *s, bool lower);
/* A YAML double-quoted scalar of s (for the files publish writes). */
void pub_yaml_quote(struct strbuf *sb, const char *s);

#endif
