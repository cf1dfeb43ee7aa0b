/* table: a CSV export read into memory, with its columns found by their
 * header names, for the importers of CSV formats (internal to src/import).
 *
 * Header names are normalized (lower case, single spaces) and looked up
 * from lists of the names each export system uses for a column; every
 * column some role takes is marked used, so the ones nobody took get one
 * warning each.
 *
 * Ownership: a table owns its names and rows (import_table_release);
 * import_cell returns text borrowed from the row. */
#ifndef COLLATE_IMPORT_TABLE_H
#define COLLATE_IMPORT_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "import/csv.h"

struct import_table {
    char **names;           /* normalized header names (lower case, single spaces) */
    struct csv_field *head; /* header fields as read, for locations (NULL for a header alone) */
    size_t ncols;
    struct csv_row *rows;   /* data rows */
    size_t nrows, cap;
    bool *used;             /* per column: some role took it */
};

/* Lower case, whitespace trimmed and collapsed.  Caller frees. */
char *import_normalize_header(const char *s);

/* Read a whole CSV text; syntax errors are reported at path.  Rows of only
 * separators and spaces are skipped.  False (after an error) when the file
 * has no header. */
bool import_table_read(const char *path, const char *text, size_t len, struct import_table *t);
/* Only the header names of the first line, without diagnostics; false when
 * the first line is not a CSV record. */
bool import_table_read_header(const char *text, size_t len, struct import_table *t);
void import_table_release(struct import_table *t);
/* A table from rows already split into cells (a workbook's): the header is
 * the first row with at least two non-blank cells, blank rows are
 * skipped.  Takes over rows (and frees the array).  False (after an error)
 * when there is no header. */
bool import_table_from_rows(const char *path, struct csv_row *rows, size_t n, struct import_table *t);
/* A deep copy of src. */
void import_table_copy(struct import_table *dst, const struct import_table *src);

/* Index of the first column named like one of names (in the order of
 * names), marking it used; -1 if none.  names ends with NULL. */
int import_table_column(struct import_table *t, const char *const *names);
/* Mark columns named like names as known (read elsewhere or not needed). */
void import_table_known(struct import_table *t, const char *const *names);
/* Whether a column is named like one of names. */
bool import_table_has_column(const struct import_table *t, const char *const *names);
/* One warning for each column nobody took. */
void import_table_warn_unknown(const char *path, const struct import_table *t);

/* The cell of column col in row, "" when the row is short or col < 0. */
const char *import_cell(const struct csv_row *row, int col);
/* Where that cell starts (the row's line when it has none). */
struct srcloc import_cell_loc(const char *path, const struct csv_row *row, int col);
/* Whether the cell is empty or only whitespace. */
bool import_cell_blank(const struct csv_row *row, int col);

#endif
