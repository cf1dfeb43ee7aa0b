/* table: CSV exports read into memory, columns found by header names. */
#include "import/table.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"

char *import_normalize_header(const char *s)
{
    char *t = import_trimmed(s, strlen(s));
    size_t w = 0;
    for (size_t r = 0; t[r]; r++) {
        char c = (char)tolower((unsigned char)t[r]);
        if (import_is_space((unsigned char)c)) {
            if (w && t[w - 1] != ' ')
                t[w++] = ' ';
            continue;
        }
        t[w++] = c;
    }
    t[w] = '\0';
    return t;
}

bool import_table_read_header(const char *text, size_t len, struct import_table *t)
{
    memset(t, 0, sizeof(*t));
    struct csv_reader r;
    csv_reader_init(&r, text, len, 0);
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    bool ok = csv_read_row(&r, &row, &err) == 1;
    if (ok) {
        t->ncols = row.n;
        t->names = xcalloc(row.n ? row.n : 1, sizeof(*t->names));
        for (size_t k = 0; k < row.n; k++)
            t->names[k] = import_normalize_header(row.fields[k].text);
    }
    csv_row_release(&row);
    return ok;
}

void import_table_release(struct import_table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->names[i]);
        if (t->head)
            free(t->head[i].text);
    }
    free(t->names);
    free(t->head);
    for (size_t i = 0; i < t->nrows; i++)
        csv_row_release(&t->rows[i]);
    free(t->rows);
    free(t->used);
    memset(t, 0, sizeof(*t));
}

bool import_table_read(const char *path, const char *text, size_t len, struct import_table *t)
{
    memset(t, 0, sizeof(*t));
    struct csv_reader r;
    csv_reader_init(&r, text, len, 0);
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    bool have_header = false;
    int rc;
    while ((rc = csv_read_row(&r, &row, &err)) != 0) {
        if (rc < 0) {
            struct srcloc loc = {path, err.line, err.col};
            diag_error(&loc, "%s", err.msg);
            continue;
        }
        if (!have_header) {
            have_header = true;
            t->ncols = row.n;
            t->names = xcalloc(row.n, sizeof(*t->names));
            t->head = xcalloc(row.n, sizeof(*t->head));
            t->used = xcalloc(row.n, sizeof(*t->used));
            for (size_t i = 0; i < row.n; i++) {
                t->names[i] = import_normalize_header(row.fields[i].text);
                t->head[i] = row.fields[i];
                row.fields[i].text = NULL;
            }
            row.n = 0;
            continue;
        }
        bool empty = true; /* lines of only separators and spaces */
        for (size_t i = 0; i < row.n && empty; i++)
            for (const char *c = row.fields[i].text; *c && empty; c++)
                empty = import_is_space((unsigned char)*c);
        if (empty)
            continue;
        *ARRAY_PUSH(t->rows, t->nrows, t->cap) = row;
        row = (struct csv_row)CSV_ROW_INIT;
    }
    csv_row_release(&row);
    if (!have_header) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "the file is empty (no header line)");
    }
    return have_header;
}

int import_table_column(struct import_table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k])) {
                t->used[i] = true;
                return (int)i;
            }
    return -1;
}

void import_table_known(struct import_table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k]))
                t->used[i] = true;
}

bool import_table_has_column(const struct import_table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k]))
                return true;
    return false;
}

void import_table_warn_unknown(const char *path, const struct import_table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->used[i] || !t->names[i][0])
            continue;
        struct srcloc loc = {path, t->head[i].line, t->head[i].col};
        diag_warning(&loc, "unknown column '%s' ignored", t->head[i].text);
    }
}

const char *import_cell(const struct csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->n ? row->fields[col].text : "";
}

struct srcloc import_cell_loc(const char *path, const struct csv_row *row, int col)
{
    if (col >= 0 && (size_t)col < row->n)
        return (struct srcloc){path, row->fields[col].line, row->fields[col].col};
    return (struct srcloc){path, row->line, 0};
}

bool import_cell_blank(const struct csv_row *row, int col)
{
    for (const char *c = import_cell(row, col); *c; c++)
        if (!import_is_space((unsigned char)*c))
            return false;
    return true;
}

/* Rows with at least two non-blank cells can be a header; CMT puts a title
 * row ("Papers") above its header. */
static size_t nonblank_cells(const struct csv_row *row)
{
    size_t n = 0;
    for (size_t i = 0; i < row->n; i++)
        n += !import_cell_blank(row, (int)i);
    return n;
}

bool import_table_from_rows(const char *path, struct csv_row *rows, size_t n, struct import_table *t)
{
    memset(t, 0, sizeof(*t));
    size_t h = 0;
    while (h < n && nonblank_cells(&rows[h]) < 2)
        h++;
    bool ok = h < n;
    if (ok) {
        struct csv_row *head = &rows[h];
        t->ncols = head->n;
        t->names = xcalloc(head->n, sizeof(*t->names));
        t->head = xcalloc(head->n, sizeof(*t->head));
        t->used = xcalloc(head->n, sizeof(*t->used));
        for (size_t i = 0; i < head->n; i++) {
            t->names[i] = import_normalize_header(head->fields[i].text);
            t->head[i] = head->fields[i];
            head->fields[i].text = NULL;
        }
        for (size_t i = h + 1; i < n; i++) {
            if (!nonblank_cells(&rows[i]) && rows[i].n <= 1 && import_cell_blank(&rows[i], 0))
                continue;
            bool empty = true;
            for (size_t k = 0; k < rows[i].n && empty; k++)
                empty = import_cell_blank(&rows[i], (int)k);
            if (empty)
                continue;
            *ARRAY_PUSH(t->rows, t->nrows, t->cap) = rows[i];
            rows[i] = (struct csv_row)CSV_ROW_INIT;
        }
    } else {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "the sheet is empty (no header row)");
    }
    for (size_t i = 0; i < n; i++)
        csv_row_release(&rows[i]);
    free(rows);
    return ok;
}

static void copy_row(struct csv_row *dst, const struct csv_row *src)
{
    *dst = (struct csv_row)CSV_ROW_INIT;
    dst->line = src->line;
    dst->n = dst->cap = src->n;
    dst->fields = xcalloc(src->n ? src->n : 1, sizeof(*dst->fields));
    for (size_t i = 0; i < src->n; i++) {
        dst->fields[i] = src->fields[i];
        dst->fields[i].text = xstrdup(src->fields[i].text);
    }
}

void import_table_copy(struct import_table *dst, const struct import_table *src)
{
    memset(dst, 0, sizeof(*dst));
    dst->ncols = src->ncols;
    dst->names = xcalloc(src->ncols ? src->ncols : 1, sizeof(*dst->names));
    dst->used = xcalloc(src->ncols ? src->ncols : 1, sizeof(*dst->used));
    if (src->head)
        dst->head = xcalloc(src->ncols ? src->ncols : 1, sizeof(*dst->head));
    for (size_t i = 0; i < src->ncols; i++) {
        dst->names[i] = xstrdup(src->names[i]);
        if (src->head) {
            dst->head[i] = src->head[i];
            dst->head[i].text = xstrdup(src->head[i].text);
        }
    }
    dst->rows = xcalloc(src->nrows ? src->nrows : 1, sizeof(*dst->rows));
    dst->nrows = dst->cap = src->nrows;
    for (size_t i = 0; i < src->nrows; i++)
        copy_row(&dst->rows[i], &src->rows[i]);
}

bool import_input_table(const struct import_input *in, struct import_table *t)
{
    if (in->table) {
        import_table_copy(t, in->table);
        return true;
    }
    return import_table_read(in->path, in->text, in->len, t);
}
