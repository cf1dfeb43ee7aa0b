/* import_edas: EDAS's paper list, as CSV, tab-separated text or a workbook
 * (Papers tab, the spreadsheet download).  Two layouts:
 *   - one row per paper: 'Paper ID' (or '#', 'Paper #'), 'Title',
 *     'Authors' ("Name (Affiliation); ..." or "A, B and C"), 'Status',
 *     'Track' or 'Session', 'Topics' or 'Keywords';
 *   - one row per author (the author list): the same paper columns plus
 *     'First name', 'Last name', 'Email', 'Affiliation', 'ORCID', the rows
 *     of a paper in author order.
 * EDAS paper numbers are long ("1570912345"); ids are "p" + number.
 * Statuses: 'accepted' and 'published' (EDAS moves accepted papers there
 * after the conference) are kept, as are papers without a status; every
 * other status (rejected, withdrawn, pending, active, minor revision,
 * noshow...) leaves the paper out. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/reader.h"
#include "import/table.h"

static const char *const ed_number[] = {"paper id", "paper #", "paper number", "edas id", "edas paper id", "#",
                                        "id", "paper", NULL};
static const char *const ed_title[] = {"title", "paper title", NULL};
static const char *const ed_authors[] = {"authors", "author list", "author names", NULL};
static const char *const ed_status[] = {"status", "paper status", "decision", NULL};
static const char *const ed_track[] = {"session", "session name", "session title", "track", "track name", NULL};
static const char *const ed_keywords[] = {"keywords", "topics", "topic", "key words", NULL};
static const char *const ed_first[] = {"first name", "given name", "first", NULL};
static const char *const ed_last[] = {"last name", "family name", "surname", "last", NULL};
static const char *const ed_email[] = {"email", "e-mail", "email address", NULL};
static const char *const ed_affiliation[] = {"affiliation", "organization", "institution", NULL};
static const char *const ed_orcid[] = {"orcid", "orcid id", NULL};
static const char *const ed_ignored[] = {
    "abstract", "pages", "page count", "registered", "registration", "category", "country", "presenter",
    "submitted", "last modified", "updated", "award", "copyright", "ieee copyright", "doi", "length", "files",
    "final manuscript", "review manuscript", "score", "average score", "reviews", "tpc", "conflicts",
    "author #", "author position", "position", "name", "paper position", "session date", "session time",
    "room", "visa letter", "crossref", "similarity score", "track", "track name", "session name", NULL};

/* Accepted when the status is empty, starts with "accept" or is
 * "published" (EDAS's label after the conference). */
static bool edas_accepts(const char *status)
{
    return !status[0] || import_decision_accepts(status) || str_ieq(status, "published") ||
           str_ieq(status, "presented");
}

struct edas_cols {
    int number, title, authors, status, track, keywords, first, last, email, affiliation, orcid;
};

static void add_row_author(struct importer *im, struct import_paper *p, const struct csv_row *row,
                           const struct edas_cols *c, const char *path)
{
    struct srcloc loc = {path, row->line, 1};
    struct import_author *a =
        import_add_author(im, p, import_cell(row, c->first), import_cell(row, c->last), &loc);
    import_set_optional(&a->email, import_clean_text(im, import_cell(row, c->email), &loc, "email"));
    import_set_optional(&a->affiliation,
                        import_clean_text(im, import_cell(row, c->affiliation), &loc, "affiliation"));
    struct srcloc oloc = import_cell_loc(path, row, c->orcid);
    import_set_orcid(a, import_cell(row, c->orcid), &oloc);
}

static void edas_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    struct import_table t;
    im->file = path;
    if (!import_input_table(in, &t))
        return;
    struct edas_cols c = {
        import_table_column(&t, ed_number),   import_table_column(&t, ed_title),
        import_table_column(&t, ed_authors),  import_table_column(&t, ed_status),
        import_table_column(&t, ed_track),    import_table_column(&t, ed_keywords),
        import_table_column(&t, ed_first),    import_table_column(&t, ed_last),
        import_table_column(&t, ed_email),    import_table_column(&t, ed_affiliation),
        import_table_column(&t, ed_orcid),
    };
    import_table_known(&t, ed_ignored);
    import_table_warn_unknown(path, &t);
    bool per_author = c.first >= 0 || c.last >= 0;
    struct srcloc hloc = {path, t.head && t.ncols ? t.head[0].line : 1, 0};
    if (c.number < 0)
        diag_error(&hloc, "no 'Paper ID' column in the header");
    if (c.title < 0)
        diag_error(&hloc, "no 'Title' column in the header");
    if (c.authors < 0 && !per_author)
        diag_error(&hloc, "no 'Authors' column (or 'First name' and 'Last name') in the header");
    if (c.number < 0 || c.title < 0 || (c.authors < 0 && !per_author))
        goto done;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        struct srcloc nloc = import_cell_loc(path, row, c.number);
        char *number = import_parse_number(import_cell(row, c.number));
        if (!number) {
            diag_error(&nloc, "'%s' is not a paper number", import_cell(row, c.number));
            continue;
        }
        /* The author list repeats a paper on consecutive rows. */
        struct import_paper *prev = im->res->npapers ? &im->res->papers[im->res->npapers - 1] : NULL;
        if (per_author && prev && prev->number && !strcmp(prev->number, number) && prev->loc.file == path) {
            add_row_author(im, prev, row, &c, path);
            free(number);
            continue;
        }
        char *status = import_trimmed(import_cell(row, c.status), strlen(import_cell(row, c.status)));
        char *what = xasprintf("#%s", number);
        if (!edas_accepts(status)) {
            importer_note_skipped(im, what, status);
            /* later rows of the same paper in the author list */
            while (per_author && i + 1 < t.nrows) {
                char *next = import_parse_number(import_cell(&t.rows[i + 1], c.number));
                bool same = next && !strcmp(next, number);
                free(next);
                if (!same)
                    break;
                i++;
            }
        } else {
            struct import_paper *p = import_new_paper(im, row->line);
            p->id = xasprintf("p%s", number);
            p->number = xstrdup(number);
            struct srcloc tloc = import_cell_loc(path, row, c.title);
            p->title = import_clean_text(im, import_cell(row, c.title), &tloc, "title");
            if (per_author) {
                add_row_author(im, p, row, &c, path);
            } else {
                struct srcloc aloc = import_cell_loc(path, row, c.authors);
                import_add_author_list(im, p, import_cell(row, c.authors), &aloc);
            }
            if (c.keywords >= 0) {
                struct srcloc kloc = import_cell_loc(path, row, c.keywords);
                import_add_keywords(im, p, import_cell(row, c.keywords), &kloc);
            }
            if (c.track >= 0) {
                struct srcloc sloc = import_cell_loc(path, row, c.track);
                import_set_optional(&p->session, import_clean_text(im, import_cell(row, c.track), &sloc, "session"));
            }
        }
        free(what);
        free(status);
        free(number);
    }
    /* Check the papers once all their author rows are in. */
    for (size_t i = 0; i < im->res->npapers;) {
        struct import_paper *p = &im->res->papers[i];
        char *desc = xasprintf("paper #%s", p->number ? p->number : p->id);
        bool ok = p->loc.file != path || import_paper_complete(im, p, desc);
        free(desc);
        if (ok) {
            i++;
            continue;
        }
        import_paper_release(p);
        memmove(p, p + 1, (im->res->npapers - i - 1) * sizeof(*p));
        im->res->npapers--;
    }
    importer_flush_skipped(im, "paper");
done:
    import_table_release(&t);
}

/* An "edas" file name, or a paper id column with a status column. */
static bool edas_detect(const struct import_sniff *s)
{
    static const char *const ids[] = {"paper id", "paper #", "edas id", "edas paper id", NULL};
    if (s->json)
        return false;
    const char *base = path_basename(s->in->path);
    for (const char *c = base; *c; c++)
        if (!strncasecmp(c, "edas", 4))
            return true;
    return s->header && import_table_has_column(s->header, ids) && import_table_has_column(s->header, ed_status);
}

const struct import_reader import_edas_reader = {
    .format = IMPORT_EDAS,
    .name = "edas",
    .max_files = 1,
    .detect = edas_detect,
    .read = edas_read,
};
