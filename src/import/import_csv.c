/* import_csv: a plain CSV table written by hand or by a script: id, title,
 * authors (separated by ';', each "Given Family" or "Family, Given",
 * optionally with "(Affiliation)"), pdf, and optionally keywords and
 * session.  Without an id column papers are numbered p1, p2, ... */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "import/table.h"

static const char *const pc_id[] = {"id", "paper id", "#", NULL};
static const char *const pc_title[] = {"title", NULL};
static const char *const pc_authors[] = {"authors", "author", NULL};
static const char *const pc_pdf[] = {"pdf", "file", "pdf file", "path", NULL};
static const char *const pc_keywords[] = {"keywords", "keyword", NULL};
static const char *const pc_session[] = {"session", "track", NULL};
static const char *const pc_ignored[] = {"abstract", NULL};

/* "Name (Affiliation)" or "Name"; the name is "Given Family" or "Family, Given". */
static void add_plain_author(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc)
{
    char *t = import_trimmed(s, strlen(s));
    size_t n = strlen(t);
    char *affiliation = NULL;
    if (n > 2 && t[n - 1] == ')') {
        char *open = strrchr(t, '(');
        if (open && open > t) {
            affiliation = import_trimmed(open + 1, (size_t)(t + n - 1 - (open + 1)));
            *open = '\0';
        }
    }
    if (t[0]) {
        struct import_author *a = import_add_author_name(im, p, t, loc);
        if (affiliation)
            import_set_optional(&a->affiliation, import_clean_text(im, affiliation, loc, "affiliation"));
    }
    free(affiliation);
    free(t);
}

static void csv_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    struct import_table t;
    im->file = path;
    if (!import_input_table(in, &t))
        return;
    int cid = import_table_column(&t, pc_id), ctitle = import_table_column(&t, pc_title);
    int cauthors = import_table_column(&t, pc_authors), cpdf = import_table_column(&t, pc_pdf);
    int ckeywords = import_table_column(&t, pc_keywords), csession = import_table_column(&t, pc_session);
    import_table_known(&t, pc_ignored);
    import_table_warn_unknown(path, &t);
    struct srcloc hloc = {path, 1, 0};
    if (ctitle < 0)
        diag_error(&hloc, "no 'title' column in the header (expected id,title,authors,pdf)");
    if (cauthors < 0)
        diag_error(&hloc, "no 'authors' column in the header (expected id,title,authors,pdf)");
    if (ctitle < 0 || cauthors < 0)
        goto done;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        struct import_paper *p = import_new_paper(im, row->line);
        bool ok = true;
        if (cid >= 0) {
            struct srcloc iloc = import_cell_loc(path, row, cid);
            p->id = import_trimmed(import_cell(row, cid), strlen(import_cell(row, cid)));
            if (!p->id[0]) {
                diag_error(&iloc, "the paper has no id");
                ok = false;
            } else if (strlen(p->id) > IMPORT_MAX_ID) {
                diag_error(&iloc, "paper id '%.20s...' is too long (at most %d bytes)", p->id, IMPORT_MAX_ID);
                ok = false;
            } else if (!import_valid_id(p->id)) {
                diag_error(&iloc, "paper id '%s' may only contain letters, digits, '-', '_' and '.'",
                             p->id);
                ok = false;
            }
        } else {
            p->id = xasprintf("p%zu", i + 1);
        }
        struct srcloc tloc = import_cell_loc(path, row, ctitle);
        p->title = import_clean_text(im, import_cell(row, ctitle), &tloc, "title");
        struct srcloc aloc = import_cell_loc(path, row, cauthors);
        char *authors = xstrdup(import_cell(row, cauthors));
        for (char *save = NULL, *a = strtok_r(authors, ";\n", &save); a; a = strtok_r(NULL, ";\n", &save))
            add_plain_author(im, p, a, &aloc);
        free(authors);
        if (cpdf >= 0) {
            struct srcloc ploc = import_cell_loc(path, row, cpdf);
            import_set_optional(&p->pdf, import_clean_text(im, import_cell(row, cpdf), &ploc, "pdf path"));
        }
        if (ckeywords >= 0) {
            struct srcloc kloc = import_cell_loc(path, row, ckeywords);
            import_add_keywords(im, p, import_cell(row, ckeywords), &kloc);
        }
        if (csession >= 0) {
            struct srcloc sloc = import_cell_loc(path, row, csession);
            import_set_optional(&p->session, import_clean_text(im, import_cell(row, csession), &sloc, "session"));
        }
        char *desc = xasprintf("paper '%s'", p->id[0] ? p->id : "?");
        ok = import_paper_complete(im, p, desc) && ok;
        free(desc);
        if (!ok)
            import_drop_last_paper(im);
    }
done:
    import_table_release(&t);
}

/* The generic format, tried last: 'title' and 'authors' columns. */
static bool csv_detect(const struct import_sniff *s)
{
    return s->header && import_table_has_column(s->header, pc_title) &&
           import_table_has_column(s->header, pc_authors);
}

const struct import_reader import_csv_reader = {
    .format = IMPORT_CSV,
    .name = "csv",
    .max_files = 1,
    .detect = csv_detect,
    .read = csv_read,
};
