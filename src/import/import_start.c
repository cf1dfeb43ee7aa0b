/* import_start: Softconf START's submissions spreadsheet (Spreadsheet
 * Maker, "csv (UTF-8)", as aclpub2's softconf2aclpub.py reads it):
 * 'Submission ID', 'Title', 'Authors' ("A, B and C"), 'Track',
 * 'Acceptance Status' ("Accept-Poster", "Reject"...), 'Submission Type',
 * and per author N = 1, 2, ... 'N: First Name', 'N: Middle Name',
 * 'N: Last Name', 'N: Email', 'N: Affiliation', 'N: ORCID'.  Empty author
 * slots are skipped; the given name is the first and middle names. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/table.h"

#define MAX_SLOTS 100 /* author slots START writes (it writes 15 or more, mostly empty) */

static const char *const st_number[] = {"submission id", "submission #", "paper id", "id", NULL};
static const char *const st_title[] = {"title", "paper title", NULL};
static const char *const st_authors[] = {"authors", NULL};
static const char *const st_status[] = {"acceptance status", "decision", "status", NULL};
static const char *const st_track[] = {"track", "session", NULL};
static const char *const st_keywords[] = {"keywords", "keyphrases", NULL};
static const char *const st_ignored[] = {"track chairs", "conditions", "abstract", "submission date",
                                         "submission type", "paper type", "subject area", "pages",
                                         "final pages", "copyright", "presentation type", "area", NULL};
/* What an author slot's columns say, after "N: ". */
static const char *const st_slot_fields[] = {"first name", "middle name", "last name", "email", "affiliation",
                                             "orcid", "username", "presenter", "country", "affiliation country",
                                             "semantic scholar id", "google scholar id", "dblp id", NULL};

/* The slot number of a column named "N: something", with *field pointing
 * at "something"; 0 when the name is not of that form. */
static int slot_of(const char *name, const char **field)
{
    int n = 0;
    const char *c = name;
    while (isdigit((unsigned char)*c) && n < 1000)
        n = n * 10 + (*c++ - '0');
    if (c == name || c[0] != ':')
        return 0;
    c++;
    while (*c == ' ')
        c++;
    *field = c;
    return n;
}

struct slot_cols {
    int first, middle, last, email, affiliation, orcid;
};

static void start_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    struct import_table t;
    im->file = path;
    if (!import_input_table(in, &t))
        return;
    int cnum = import_table_column(&t, st_number), ctitle = import_table_column(&t, st_title);
    int cauthors = import_table_column(&t, st_authors), cstatus = import_table_column(&t, st_status);
    int ctrack = import_table_column(&t, st_track), ckeywords = import_table_column(&t, st_keywords);
    import_table_known(&t, st_ignored);
    struct slot_cols *slots = xcalloc(MAX_SLOTS + 1, sizeof(*slots));
    for (int k = 0; k <= MAX_SLOTS; k++)
        slots[k] = (struct slot_cols){-1, -1, -1, -1, -1, -1};
    int nslots = 0;
    for (size_t i = 0; i < t.ncols; i++) {
        const char *field;
        int k = slot_of(t.names[i], &field);
        if (k < 1 || k > MAX_SLOTS)
            continue;
        t.used[i] = true;
        int *col = !strcmp(field, "first name")    ? &slots[k].first
                   : !strcmp(field, "middle name") ? &slots[k].middle
                   : !strcmp(field, "last name")   ? &slots[k].last
                   : !strcmp(field, "email")       ? &slots[k].email
                   : !strcmp(field, "affiliation") ? &slots[k].affiliation
                   : !strcmp(field, "orcid")       ? &slots[k].orcid
                                                   : NULL;
        if (col)
            *col = (int)i;
        bool known = false;
        for (size_t f = 0; st_slot_fields[f] && !known; f++)
            known = !strcmp(field, st_slot_fields[f]);
        char *tag = xasprintf("start-slot\x01%s", field);
        if (!known && importer_first_time(im, tag)) { /* once, not once per slot */
            struct srcloc loc = {path, t.head[i].line, t.head[i].col};
            diag_warning(&loc, "unknown author column 'N: %s' ignored", field);
        }
        free(tag);
        if (k > nslots)
            nslots = k;
    }
    import_table_warn_unknown(path, &t);
    struct srcloc hloc = {path, t.head && t.ncols ? t.head[0].line : 1, 0};
    if (cnum < 0)
        diag_error(&hloc, "no 'Submission ID' column in the header");
    if (ctitle < 0)
        diag_error(&hloc, "no 'Title' column in the header");
    if (cauthors < 0 && !nslots)
        diag_error(&hloc, "no 'Authors' or '1: Last Name' column in the header");
    if (cnum < 0 || ctitle < 0 || (cauthors < 0 && !nslots))
        goto done;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        char *what;
        struct import_paper *p =
            import_begin_row(im, path, row, cnum, cstatus, ctitle, "a submission number", &what);
        if (!p)
            continue;
        for (int k = 1; k <= nslots; k++) {
            const struct slot_cols *s = &slots[k];
            if (import_cell_blank(row, s->first) && import_cell_blank(row, s->last))
                continue;
            struct srcloc aloc = import_cell_loc(path, row, s->last >= 0 ? s->last : s->first);
            char *given = import_cell_blank(row, s->middle)
                              ? xstrdup(import_cell(row, s->first))
                              : xasprintf("%s %s", import_cell(row, s->first), import_cell(row, s->middle));
            struct import_author *a = import_add_author(im, p, given, import_cell(row, s->last), &aloc);
            free(given);
            import_set_optional(&a->email, import_clean_text(im, import_cell(row, s->email), &aloc, "email"));
            import_set_optional(&a->affiliation,
                                import_clean_text(im, import_cell(row, s->affiliation), &aloc, "affiliation"));
            struct srcloc oloc = import_cell_loc(path, row, s->orcid);
            import_set_orcid(a, import_cell(row, s->orcid), &oloc);
        }
        if (!p->nauthors && cauthors >= 0) {
            struct srcloc aloc = import_cell_loc(path, row, cauthors);
            import_add_author_list(im, p, import_cell(row, cauthors), &aloc);
        }
        import_finish_row(im, p, path, row, ckeywords, ctrack, "submission", what);
        free(what);
    }
    importer_flush_skipped(im, "submission");
done:
    free(slots);
    import_table_release(&t);
}

/* START's 'Submission ID' with 'Acceptance Status' or author slots. */
static bool start_detect(const struct import_sniff *s)
{
    static const char *const ids[] = {"submission id", NULL};
    static const char *const marks[] = {"acceptance status", "1: last name", "1: first name", NULL};
    return !s->json && s->header && import_table_has_column(s->header, ids) &&
           import_table_has_column(s->header, marks);
}

const struct import_reader import_start_reader = {
    .format = IMPORT_START,
    .name = "start",
    .max_files = 1,
    .detect = start_detect,
    .read = start_read,
};
