/* csv: an RFC 4180 reader over a buffer in memory.
 *
 * Fields are separated by a delimiter (',' by default; ';' and tab are
 * recognised when asked to sniff the first line), records by CRLF, LF or a
 * lone CR.  A field may be quoted with '"'; inside quotes a doubled quote
 * stands for one quote, and delimiters and line breaks are kept (a line
 * break inside quotes becomes '\n').  A quote inside an unquoted field is
 * taken literally, as spreadsheets write it.  A UTF-8 byte order mark at
 * the start is skipped; blank lines are skipped.
 *
 * Every field keeps the line and column where it starts, so importers can
 * name the culprit ("accepted.csv:12:40").  Columns count characters
 * (UTF-8 code points), not bytes.
 *
 * Ownership: the reader borrows the buffer, which must outlive it; a row
 * owns its field texts until the next csv_read_row on it or
 * csv_row_release. */
#ifndef COLLATE_CSV_H
#define COLLATE_CSV_H

#include <stddef.h>

#define CSV_MAX_FIELD (1u << 20) /* bytes in one field */
#define CSV_MAX_FIELDS 4096      /* fields in one record */

struct csv_reader {
    const char *data;   /* the text; borrowed */
    size_t len;         /* its length in bytes */
    size_t pos;         /* next byte to read */
    size_t line_start;  /* offset of the first byte of the current line */
    int line;           /* 1-based line of pos */
    char delim;         /* field separator */
    size_t col_pos;     /* column cache: a byte offset on the current line ... */
    int col;            /* ... and its column */
};

struct csv_field {
    char *text;         /* the value, unquoted, NUL-terminated; owned by the row */
    int line, col;      /* where the field starts (its opening quote, if quoted) */
};

struct csv_row {
    struct csv_field *fields; /* fields[0..n-1] */
    size_t n;                 /* fields in this record */
    size_t cap;               /* fields allocated (texts of fields[n..cap-1] are NULL) */
    int line;                 /* line where the record starts */
};
#define CSV_ROW_INIT {NULL, 0, 0, 0}

struct csv_error {
    int line, col;      /* where the problem is */
    char msg[160];      /* what it is, in the style of diag messages */
};

/* Start reading data[0..len-1].  delim is the separator, or 0 to choose
 * among ',', ';' and tab by counting them (outside quotes) in the first
 * record.  A leading UTF-8 BOM is skipped. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char delim);

/* Read the next record into row (replacing its previous contents).
 * Returns 1 for a record, 0 at the end of the input, -1 for a malformed
 * record (err says where and why; the rest of that line is skipped so the
 * caller may go on reading and report every error). */
int csv_read_row(struct csv_reader *r, struct csv_row *row, struct csv_error *err);

void csv_row_release(struct csv_row *row);

#endif
