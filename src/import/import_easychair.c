/* import_easychair: EasyChair's submission.csv or accepted-papers CSV
 * ('#', 'Title', 'Authors' as "A, B and C", 'Keywords', 'Decision',
 * 'Deleted?', 'Track'...), optionally joined by submission number with its
 * author.csv ('Submission #', 'First name', 'Last name', 'Email',
 * 'Affiliation', 'ORCID'...), which gives the names already split, in
 * either order of the two files. */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/table.h"
#include "manifest/person.h"

static const char *const ec_number[] = {"#", "submission #", "submission", "paper #", "paper id", "paper",
                                        "number", "id", NULL};
static const char *const ec_title[] = {"title", "paper title", "submission title", NULL};
static const char *const ec_authors[] = {"authors", "author list", "author names", "author", NULL};
static const char *const ec_keywords[] = {"keywords", "keyword", "key words", "keyphrases", "topics", NULL};
static const char *const ec_decision[] = {"decision", NULL};
static const char *const ec_track[] = {"track", "track name", "track title", "session", "session name",
                                       "session title", NULL};
static const char *const ec_deleted[] = {"deleted?", "deleted", NULL};
static const char *const ec_ignored[] = {"submitted", "last updated", "form fields", "notified", "reviews sent",
                                         "abstract", "track #", "time", "pages", "paper", "#", "id",
                                         "submission", "number", "status", NULL};

static const char *const au_number[] = {"submission #", "submission", "paper #", "paper", "#", NULL};
static const char *const au_first[] = {"first name", "first names", "given name", "given names", "first",
                                       "firstname", NULL};
static const char *const au_last[] = {"last name", "family name", "surname", "last", "lastname", NULL};
static const char *const au_email[] = {"email", "e-mail", "email address", NULL};
static const char *const au_affiliation[] = {"affiliation", "organization", "organisation", "institution",
                                             NULL};
static const char *const au_orcid[] = {"orcid", "orcid id", NULL};
static const char *const au_ignored[] = {"country", "web page", "person #", "corresponding?", "corresponding",
                                         "phone", NULL};

static bool is_author_table(const struct import_table *t)
{
    static const char *const sub[] = {"submission #", "submission", "paper #", NULL};
    return import_table_has_column(t, sub) && import_table_has_column(t, au_first) &&
           import_table_has_column(t, au_last);
}

/* One row of EasyChair's author file. */
struct ec_author {
    char *number;        /* submission number */
    const struct csv_row *row;
    struct srcloc loc;
};

struct ec_authors {
    struct ec_author *items;
    size_t n, cap;
    int first, last, email, affiliation, orcid; /* columns */
    const char *path;
};

static void read_author_table(struct importer *im, const char *path, struct import_table *t,
                              struct ec_authors *out)
{
    memset(out, 0, sizeof(*out));
    out->path = path;
    int number = import_table_column(t, au_number);
    out->first = import_table_column(t, au_first);
    out->last = import_table_column(t, au_last);
    out->email = import_table_column(t, au_email);
    out->affiliation = import_table_column(t, au_affiliation);
    out->orcid = import_table_column(t, au_orcid);
    import_table_known(t, au_ignored);
    import_table_warn_unknown(path, t);
    for (size_t i = 0; i < t->nrows; i++) {
        const struct csv_row *row = &t->rows[i];
        struct srcloc loc = import_cell_loc(path, row, number);
        char *num = import_parse_number(import_cell(row, number));
        if (!num) {
            diag_error(&loc, "'%s' is not a submission number", import_cell(row, number));
            continue;
        }
        struct ec_author *a = ARRAY_PUSH(out->items, out->n, out->cap);
        a->number = num;
        a->row = row;
        a->loc = (struct srcloc){path, row->line, 1};
    }
}

static void ec_authors_release(struct ec_authors *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->items[i].number);
    free(a->items);
}

/* EasyChair's "A, B and C" (also "A, B, and C", one name per line). */
static size_t add_easychair_authors(struct importer *im, struct import_paper *p, const char *s,
                                    const struct srcloc *loc)
{
    size_t added = 0;
    char *copy = xstrdup(s);
    for (char *save = NULL, *part = strtok_r(copy, ",\n", &save); part; part = strtok_r(NULL, ",\n", &save)) {
        char *rest = part;
        for (;;) {
            while (import_is_space((unsigned char)*rest))
                rest++;
            if (str_starts_with(rest, "and ") || str_starts_with(rest, "and\t"))
                rest += 4;
            char *and = strstr(rest, " and ");
            if (and)
                *and = '\0';
            char *name = import_trimmed(rest, strlen(rest));
            if (name[0]) {
                import_add_author_name(im, p, name, loc);
                added++;
            }
            free(name);
            if (!and)
                break;
            rest = and + 5;
        }
    }
    free(copy);
    return added;
}

/* Authors of submission number from the author file; how many were added. */
static size_t add_joined_authors(struct importer *im, struct import_paper *p, const struct ec_authors *au,
                                 const char *number)
{
    size_t added = 0;
    for (size_t i = 0; i < au->n; i++) {
        const struct ec_author *a = &au->items[i];
        if (strcmp(a->number, number))
            continue;
        struct import_author *pa =
            import_add_author(im, p, import_cell(a->row, au->first), import_cell(a->row, au->last), &a->loc);
        import_set_optional(&pa->email, import_clean_text(im, import_cell(a->row, au->email), &a->loc, "email"));
        import_set_optional(&pa->affiliation,
                            import_clean_text(im, import_cell(a->row, au->affiliation), &a->loc, "affiliation"));
        if (!import_cell_blank(a->row, au->orcid)) {
            char *o = import_clean_text(im, import_cell(a->row, au->orcid), &a->loc, "ORCID iD");
            pa->orcid = person_orcid_normalize(o);
            if (!pa->orcid)
                diag_warning(&a->loc, "'%s' is not a valid ORCID iD; left out", o);
            free(o);
        }
        added++;
    }
    return added;
}

static void easychair_read(struct importer *im, const struct import_input *in, size_t n)
{
    struct import_table tables[2];
    int sub = -1, aut = -1;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!import_input_table(&in[i], &tables[i])) {
            ok = false;
            continue;
        }
        if (is_author_table(&tables[i]) && aut < 0)
            aut = (int)i;
        else if (sub < 0)
            sub = (int)i;
        else {
            struct srcloc loc = {in[i].path, 0, 0};
            diag_error(&loc, "two submission files given; the second file must be EasyChair's "
                                   "author file (with 'Submission #', 'First name' and 'Last name' columns)");
            ok = false;
        }
    }
    if (ok && sub < 0) {
        struct srcloc loc = {in[aut].path, 0, 0};
        diag_error(&loc, "this is EasyChair's author file; give the submissions file too");
        diag_hint("collate init --from easychair submission.csv author.csv");
        ok = false;
    }
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            if (tables[i].names || tables[i].nrows)
                import_table_release(&tables[i]);
        return;
    }
    struct ec_authors au = {0};
    if (aut >= 0) {
        im->file = in[aut].path;
        read_author_table(im, in[aut].path, &tables[aut], &au);
    }
    const char *path = in[sub].path;
    struct import_table *t = &tables[sub];
    im->file = path;
    int cnum = import_table_column(t, ec_number), ctitle = import_table_column(t, ec_title);
    int cauthors = import_table_column(t, ec_authors), ckeywords = import_table_column(t, ec_keywords);
    int cdecision = import_table_column(t, ec_decision), ctrack = import_table_column(t, ec_track);
    int cdeleted = import_table_column(t, ec_deleted);
    import_table_known(t, ec_ignored);
    import_table_warn_unknown(path, t);
    struct srcloc hloc = {path, 1, 0};
    if (cnum < 0)
        diag_error(&hloc, "no '#' column (the submission number) in the header");
    if (ctitle < 0)
        diag_error(&hloc, "no 'Title' column in the header");
    if (cauthors < 0 && aut < 0)
        diag_error(&hloc, "no 'Authors' column in the header (or give EasyChair's author file too)");
    if (cnum < 0 || ctitle < 0 || (cauthors < 0 && aut < 0))
        goto done;
    for (size_t i = 0; i < t->nrows; i++) {
        const struct csv_row *row = &t->rows[i];
        struct srcloc nloc = import_cell_loc(path, row, cnum);
        char *number = import_parse_number(import_cell(row, cnum));
        if (!number) {
            diag_error(&nloc, "'%s' is not a submission number", import_cell(row, cnum));
            continue;
        }
        char *what = xasprintf("#%s", number);
        char *decision = import_trimmed(import_cell(row, cdecision), strlen(import_cell(row, cdecision)));
        char *deleted = import_trimmed(import_cell(row, cdeleted), strlen(import_cell(row, cdeleted)));
        if (str_ieq(deleted, "yes")) {
            importer_note_skipped(im, what, "deleted");
        } else if (decision[0] && !import_decision_accepts(decision)) {
            importer_note_skipped(im, what, decision);
        } else {
            struct import_paper *p = import_new_paper(im, row->line);
            p->id = xasprintf("p%s", number);
            struct srcloc tloc = import_cell_loc(path, row, ctitle);
            p->title = import_clean_text(im, import_cell(row, ctitle), &tloc, "title");
            struct srcloc aloc = import_cell_loc(path, row, cauthors);
            size_t joined = au.n ? add_joined_authors(im, p, &au, number) : 0;
            if (!joined && cauthors >= 0) {
                size_t listed = add_easychair_authors(im, p, import_cell(row, cauthors), &aloc);
                if (au.n && listed)
                    diag_warning(&p->loc, "submission %s is not in '%s'; its author names are split from "
                                 "the 'Authors' column", what, au.path);
            } else if (joined && cauthors >= 0) {
                struct import_paper tmp = {0};
                size_t listed = add_easychair_authors(im, &tmp, import_cell(row, cauthors), &aloc);
                if (listed && listed != joined)
                    diag_warning(&p->loc, "submission %s lists %zu authors but '%s' has %zu; using '%s'", what,
                                 listed, au.path, joined, au.path);
                import_paper_release(&tmp);
            }
            import_finish_row(im, p, path, row, ckeywords, ctrack, "submission", what);
        }
        free(decision);
        free(deleted);
        free(what);
        free(number);
    }
    importer_flush_skipped(im, "submission");
done:
    ec_authors_release(&au);
    for (size_t i = 0; i < n; i++)
        import_table_release(&tables[i]);
}

/* Two files, or a header with EasyChair's columns. */
static bool easychair_detect(const struct import_sniff *s)
{
    static const char *const marks[] = {"#", "submission #", "decision", "form fields", "last updated", NULL};
    if (s->json)
        return false;
    return s->nfiles == 2 ||
           (s->header && (import_table_has_column(s->header, marks) || is_author_table(s->header)));
}

const struct import_reader import_easychair_reader = {
    .format = IMPORT_EASYCHAIR,
    .name = "easychair",
    .max_files = 2,
    .detect = easychair_detect,
    .read = easychair_read,
};
