/* workbook: the first sheet of a spreadsheet as an import table (internal
 * to src/import), for exports that systems give as spreadsheets.
 *
 * Reads Office Open XML workbooks (.xlsx: a zip read through
 * import/archive, its XML parts through libxml2) and XML Spreadsheet 2003
 * (the .xls that Microsoft CMT's "Export to Excel" writes: XML text).
 * Legacy binary .xls is not read.  Cells are text as Excel shows them for
 * strings; numbers keep their stored digits (integers without ".0"), so
 * paper numbers come out as written.  The header is the first row with
 * at least two non-empty cells (CMT puts a title row above it).  Every
 * cell is located as file:ROW:COLUMN (1-based), like a CSV's line:column.
 *
 * The only user of libxml2.  Ownership: the table is the caller's
 * (import_table_release). */
#ifndef COLLATE_WORKBOOK_H
#define COLLATE_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "import/table.h"

enum workbook_kind { WORKBOOK_NONE, WORKBOOK_XLSX, WORKBOOK_XML2003, WORKBOOK_XLS };

/* What kind of spreadsheet data[0..len) is, from its first bytes. */
enum workbook_kind workbook_sniff(const char *data, size_t len);

/* Read the first sheet of a workbook into t; problems are reported at path
 * through diag.  False (after an error) when nothing could be read. */
bool workbook_read(const char *path, const char *data, size_t len, struct import_table *t);

#endif
