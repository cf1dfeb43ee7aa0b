/* import_cmt: Microsoft CMT's paper list, from "Export to Excel" on the
 * Submissions page (an .xlsx, or the XML Spreadsheet 2003 .xls of older
 * sites, with a title row above the header), or CSV/TSV saved from it.
 * Columns: 'Paper ID', 'Paper Title', 'Authors' ("Name (Organization)*;
 * ..."), 'Author Names' ("Name*; ..."), 'Author Emails' ("a@x*; ..."),
 * 'Track Name', 'Status', and many more that a manifest does not need.
 * The '*' marks the primary contact author; the three author columns are
 * joined by position.  Papers whose status does not start with "Accept"
 * (Reject, Withdrawn, Desk Reject, Awaiting Decision...) are left out. */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/table.h"

static const char *const cm_number[] = {"paper id", "paperid", "id", NULL};
static const char *const cm_title[] = {"paper title", "title", NULL};
static const char *const cm_authors[] = {"authors", NULL};
static const char *const cm_names[] = {"author names", NULL};
static const char *const cm_emails[] = {"author emails", NULL};
static const char *const cm_track[] = {"track name", "track", "session", "session name", NULL};
static const char *const cm_status[] = {"status", "decision", NULL};
static const char *const cm_keywords[] = {"keywords", NULL};
static const char *const cm_ignored[] = {
    "original paper id", "created", "last modified", "abstract", "primary contact author name",
    "primary contact author email", "author details", "primary subject area", "secondary subject areas",
    "conflicts", "domains", "assigned", "completed", "% completed", "bids", "discussion",
    "requested for author feedback", "author feedback submitted?", "requested for camera ready",
    "camera ready submitted?", "requested for presentation", "files", "number of files", "supplementary files",
    "number of supplementary files", "reviewers", "reviewer emails", "metareviewers", "metareviewer emails",
    "seniormetareviewers", "seniormetareviewer emails", "seniormetarevieweremails", "seniormetareviewers emails", "session id",
    "q1 (track)", "one liner", "student paper", "registered?", "comments", "time zone", "reviewer count",
    "metareviewer count", "chair note", "chair note (reject reason)", NULL};

static void cmt_authors(struct importer *im, struct import_paper *p, const struct csv_row *row, int cauthors,
                        int cnames, int cemails, const char *path)
{
    struct srcloc aloc = import_cell_loc(path, row, cnames >= 0 ? cnames : cauthors);
    size_t nn = 0, na = 0, ne = 0;
    char **names = cnames >= 0 ? import_split_cell(import_cell(row, cnames), ';', &nn) : NULL;
    char **entries = cauthors >= 0 ? import_split_cell(import_cell(row, cauthors), ';', &na) : NULL;
    char **emails = cemails >= 0 ? import_split_cell(import_cell(row, cemails), ';', &ne) : NULL;
    size_t count = names ? nn : na;
    for (size_t i = 0; i < count; i++) {
        /* "Author Names" has the names alone; "Authors" adds the organization */
        struct import_author *a = import_add_author_entry(im, p, entries && i < na ? entries[i] : names[i], &aloc);
        if (!a)
            continue;
        if (names && i < nn && entries) {
            struct import_paper tmp = {0};
            struct import_author *b = import_add_author_entry(im, &tmp, names[i], &aloc);
            if (b) { /* the name as "Author Names" writes it, the organization from "Authors" */
                free(a->given);
                free(a->family);
                a->given = xstrdup(b->given);
                a->family = xstrdup(b->family);
                a->family_first = b->family_first;
            }
            import_paper_release(&tmp);
        }
        if (emails && i < ne) {
            char *e = xstrdup(emails[i]);
            size_t n = strlen(e);
            while (n && e[n - 1] == '*')
                e[--n] = '\0';
            import_set_optional(&a->email, import_clean_text(im, e, &aloc, "email"));
            free(e);
        }
    }
    if (names && entries && nn != na)
        diag_warning(&aloc, "'Author Names' lists %zu authors but 'Authors' %zu; names are from 'Author Names'", nn,
                     na);
    import_free_parts(names, nn);
    import_free_parts(entries, na);
    import_free_parts(emails, ne);
}

static void cmt_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    struct import_table t;
    im->file = path;
    if (!import_input_table(in, &t))
        return;
    int cnum = import_table_column(&t, cm_number), ctitle = import_table_column(&t, cm_title);
    int cauthors = import_table_column(&t, cm_authors), cnames = import_table_column(&t, cm_names);
    int cemails = import_table_column(&t, cm_emails), ctrack = import_table_column(&t, cm_track);
    int cstatus = import_table_column(&t, cm_status), ckeywords = import_table_column(&t, cm_keywords);
    import_table_known(&t, cm_ignored);
    /* custom questions: "Q2 (Student paper?)" */
    for (size_t i = 0; i < t.ncols; i++)
        if (t.names[i][0] == 'q' && t.names[i][1] >= '0' && t.names[i][1] <= '9')
            t.used[i] = true;
    import_table_warn_unknown(path, &t);
    struct srcloc hloc = {path, t.head && t.ncols ? t.head[0].line : 1, 0};
    if (cnum < 0)
        diag_error(&hloc, "no 'Paper ID' column in the header");
    if (ctitle < 0)
        diag_error(&hloc, "no 'Paper Title' column in the header");
    if (cauthors < 0 && cnames < 0)
        diag_error(&hloc, "no 'Authors' or 'Author Names' column in the header");
    if (cnum < 0 || ctitle < 0 || (cauthors < 0 && cnames < 0))
        goto done;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        char *what;
        struct import_paper *p = import_begin_row(im, path, row, cnum, cstatus, ctitle, "a paper id", &what);
        if (!p)
            continue;
        cmt_authors(im, p, row, cauthors, cnames, cemails, path);
        import_finish_row(im, p, path, row, ckeywords, ctrack, "paper", what);
        free(what);
    }
    importer_flush_skipped(im, "paper");
done:
    import_table_release(&t);
}

/* CMT's own column names. */
static bool cmt_detect(const struct import_sniff *s)
{
    static const char *const marks[] = {"paper title", "author names", "author emails",
                                        "primary contact author email", "track name", NULL};
    static const char *const ids[] = {"paper id", NULL};
    return !s->json && s->header && import_table_has_column(s->header, ids) &&
           import_table_has_column(s->header, marks);
}

const struct import_reader import_cmt_reader = {
    .format = IMPORT_CMT,
    .name = "cmt",
    .max_files = 1,
    .detect = cmt_detect,
    .read = cmt_read,
};
