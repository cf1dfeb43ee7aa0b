/* csv: RFC 4180 records from a buffer, with the location of every field. */
#include "import/csv.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Column (1-based, in code points) of byte offset pos on the current line.
 * Columns are asked for in increasing order, so counting goes on from the
 * last answer: a record with many fields stays linear, not quadratic. */
static int column_of(struct csv_reader *r, size_t pos)
{
    if (r->col_pos < r->line_start || r->col_pos > pos) {
        r->col_pos = r->line_start;
        r->col = 1;
    }
    for (; r->col_pos < pos && r->col_pos < r->len; r->col_pos++)
        if (((unsigned char)r->data[r->col_pos] & 0xC0) != 0x80)
            r->col++;
    return r->col;
}

static void set_error(struct csv_error *err, const struct csv_reader *r, int line, int col,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void set_error(struct csv_error *err, const struct csv_reader *r, int line, int col,
                      const char *fmt, ...)
{
    (void)r;
    if (!err)
        return;
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
}

/* At a line break (CR, LF or CRLF) at r->pos: step over it and start a new line. */
static void take_newline(struct csv_reader *r)
{
    if (r->data[r->pos] == '\r' && r->pos + 1 < r->len && r->data[r->pos + 1] == '\n')
        r->pos++;
    r->pos++;
    r->line++;
    r->line_start = r->pos;
}

static bool at_newline(const struct csv_reader *r)
{
    return r->pos < r->len && (r->data[r->pos] == '\n' || r->data[r->pos] == '\r');
}

/* After an error: drop the rest of the current physical line. */
static void skip_line(struct csv_reader *r)
{
    while (r->pos < r->len && !at_newline(r))
        r->pos++;
    if (at_newline(r))
        take_newline(r);
}

/* The separator of the first record: the most frequent of ',', ';' and tab
 * outside quotes (',' on a tie or when none occurs). */
static char sniff_delimiter(const char *data, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            comma++;
        else if (!quoted && c == ';')
            semi++;
        else if (!quoted && c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

void csv_reader_init(struct csv_reader *r, const char *data, size_t len, char delim)
{
    memset(r, 0, sizeof(*r));
    r->data = data;
    r->len = len;
    r->line = 1;
    r->col = 1;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        r->pos = 3;
        r->line_start = 3; /* the BOM is not a column */
    }
    r->delim = delim ? delim : sniff_delimiter(data + r->pos, len - r->pos);
}

static void row_clear(struct csv_row *row)
{
    for (size_t i = 0; i < row->n; i++) {
        free(row->fields[i].text);
        row->fields[i].text = NULL;
    }
    row->n = 0;
    row->line = 0;
}

void csv_row_release(struct csv_row *row)
{
    if (!row)
        return;
    row_clear(row);
    free(row->fields);
    row->fields = NULL;
    row->cap = 0;
}

/* Read one field at r->pos into sb.  Returns 0, or -1 with err set (the
 * reader is then positioned where reading may resume). */
static int read_field(struct csv_reader *r, struct strbuf *sb, struct csv_error *err)
{
    if (r->pos < r->len && r->data[r->pos] == '"') {
        int qline = r->line, qcol = column_of(r, r->pos);
        r->pos++;
        for (;;) {
            if (r->pos >= r->len) {
                set_error(err, r, qline, qcol, "quoted field is not closed (a '\"' is missing)");
                return -1;
            }
            if (sb->len > CSV_MAX_FIELD) {
                set_error(err, r, qline, qcol, "field is longer than %u bytes", CSV_MAX_FIELD);
                r->pos = r->len; /* where the field ends is anyone's guess */
                return -1;
            }
            char c = r->data[r->pos];
            if (c == '"') {
                if (r->pos + 1 < r->len && r->data[r->pos + 1] == '"') {
                    strbuf_addch(sb, '"');
                    r->pos += 2;
                    continue;
                }
                r->pos++;
                break;
            }
            if (c == '\r' || c == '\n') {
                strbuf_addch(sb, '\n');
                take_newline(r);
                continue;
            }
            strbuf_addch(sb, c);
            r->pos++;
        }
        if (r->pos < r->len && r->data[r->pos] != r->delim && !at_newline(r)) {
            set_error(err, r, r->line, column_of(r, r->pos),
                      "unexpected text after the closing quote of a field (a quote inside a quoted "
                      "field must be doubled: \"\")");
            skip_line(r);
            return -1;
        }
        return 0;
    }
    size_t start = r->pos;
    while (r->pos < r->len && r->data[r->pos] != r->delim && !at_newline(r))
        r->pos++;
    if (r->pos - start > CSV_MAX_FIELD) {
        set_error(err, r, r->line, column_of(r, start), "field is longer than %u bytes", CSV_MAX_FIELD);
        skip_line(r);
        return -1;
    }
    strbuf_add(sb, r->data + start, r->pos - start);
    return 0;
}

int csv_read_row(struct csv_reader *r, struct csv_row *row, struct csv_error *err)
{
    row_clear(row);
    while (at_newline(r)) /* blank lines */
        take_newline(r);
    if (r->pos >= r->len)
        return 0;
    row->line = r->line;
    for (;;) {
        if (row->n >= CSV_MAX_FIELDS) {
            set_error(err, r, r->line, column_of(r, r->pos), "record has more than %d fields", CSV_MAX_FIELDS);
            skip_line(r);
            return -1;
        }
        struct csv_field *f = ARRAY_PUSH(row->fields, row->n, row->cap);
        f->line = r->line;
        f->col = column_of(r, r->pos);
        f->text = NULL;
        struct strbuf sb = STRBUF_INIT;
        int rc = read_field(r, &sb, err);
        if (rc < 0) {
            strbuf_release(&sb);
            row->n--;
            return -1;
        }
        f->text = sb.buf ? strbuf_detach(&sb) : xstrdup("");
        if (r->pos >= r->len)
            return 1;
        if (r->data[r->pos] == r->delim) {
            r->pos++;
            continue;
        }
        take_newline(r); /* read_field stops only at a delimiter, a line break or the end */
        return 1;
    }
}
