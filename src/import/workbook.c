/* workbook: the first sheet of an .xlsx or XML Spreadsheet 2003 file as an
 * import table.  The zip is read through import/archive, the XML through
 * libxml2 (DOM, no network, no entity expansion, libxml2's own limits on
 * depth and size). */
#include "import/workbook.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "import/archive.h"
#include "import/reader.h"

#define MAX_PART (64u << 20)    /* bytes of one XML part */
#define MAX_PARTS_TOTAL (256u << 20)
#define MAX_COLUMNS 4096        /* as CSV_MAX_FIELDS */
#define MAX_ROWS 1000000

enum workbook_kind workbook_sniff(const char *data, size_t len)
{
    if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
        return WORKBOOK_XLSX;
    if (len >= 4 && !memcmp(data, "\xD0\xCF\x11\xE0", 4))
        return WORKBOOK_XLS;
    size_t head = len < 4096 ? len : 4096;
    char *start = xstrndup(data, head);
    bool xml2003 = strstr(start, "<?xml") && strstr(start, "urn:schemas-microsoft-com:office:spreadsheet");
    free(start);
    return xml2003 ? WORKBOOK_XML2003 : WORKBOOK_NONE;
}

/* A grid of cells being filled, row by row. */
struct grid {
    struct csv_row *rows;
    size_t n, cap;
};

static void grid_set(struct grid *g, int line, int col, const char *text)
{
    if (!g->n || g->rows[g->n - 1].line != line) {
        struct csv_row *row = ARRAY_PUSH(g->rows, g->n, g->cap);
        *row = (struct csv_row)CSV_ROW_INIT;
        row->line = line;
    }
    struct csv_row *row = &g->rows[g->n - 1];
    if (col < 1 || col > MAX_COLUMNS)
        return;
    while (row->n < (size_t)col) {
        struct csv_field *f = ARRAY_PUSH(row->fields, row->n, row->cap);
        f->text = xstrdup("");
        f->line = line;
        f->col = (int)row->n;
    }
    free(row->fields[col - 1].text);
    row->fields[col - 1].text = xstrdup(text);
}

static bool named(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An attribute by local name, whatever its namespace; caller frees (xmlFree). */
static char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return (char *)xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

static xmlDoc *parse_xml(const char *path, const char *part, const char *data, size_t len)
{
    xmlResetLastError();
    xmlDoc *doc = xmlReadMemory(data, (int)len, part, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "the workbook part '%s' is not valid XML%s%s", part, e && e->message ? ": " : "",
                   e && e->message ? e->message : "");
    }
    return doc;
}

/* Text of the <t> elements under n, outside phonetic runs (<rPh>). */
static void run_text(const xmlNode *n, struct strbuf *sb)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (named(c, "rPh") || named(c, "phoneticPr"))
            continue;
        if (named(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            strbuf_adds(sb, (const char *)t);
            xmlFree(t);
        } else if (c->type == XML_ELEMENT_NODE) {
            run_text(c, sb);
        }
    }
}

/* A number as stored; integers without a fraction ("1570912345", not
 * "1570912345.0" or "1.570912345E9"). */
static char *number_text(const char *v)
{
    char *end;
    double d = strtod(v, &end);
    if (end != v && !*end && isfinite(d) && d == floor(d) && fabs(d) < 1e15)
        return xasprintf("%.0f", d);
    return xstrdup(v);
}

/* "BC12" → column 55; 0 when not a reference. */
static int ref_column(const char *ref)
{
    int col = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        col = col * 26 + (*ref - 'A' + 1);
        if (col > MAX_COLUMNS)
            return 0;
    }
    return col;
}

struct xlsx_sheet {
    char *name;         /* part name, "xl/worksheets/sheet1.xml" */
    char *bytes;
    size_t len;
};

struct xlsx_parts {
    char *workbook, *rels, *strings;
    size_t workbook_len, rels_len, strings_len;
    struct xlsx_sheet *sheets;
    size_t nsheets, cap;
};

static void parts_release(struct xlsx_parts *p)
{
    free(p->workbook);
    free(p->rels);
    free(p->strings);
    for (size_t i = 0; i < p->nsheets; i++) {
        free(p->sheets[i].name);
        free(p->sheets[i].bytes);
    }
    free(p->sheets);
}

static bool read_parts(const char *path, const char *data, size_t len, struct xlsx_parts *p)
{
    struct srcloc loc = {path, 0, 0};
    char err[256];
    struct arc_reader *a = arc_open_memory(data, len, err, sizeof(err));
    if (!a) {
        diag_error(&loc, "the workbook cannot be opened: %s", err);
        return false;
    }
    size_t total = 0;
    bool ok = true;
    struct arc_entry e;
    int rc;
    while (ok && (rc = arc_next(a, &e)) == 1) {
        char **slot = NULL;
        size_t *slot_len = NULL;
        bool sheet = str_starts_with(e.name, "xl/worksheets/") && str_ends_with(e.name, ".xml") &&
                     !strchr(e.name + strlen("xl/worksheets/"), '/');
        if (!strcmp(e.name, "xl/workbook.xml"))
            slot = &p->workbook, slot_len = &p->workbook_len;
        else if (!strcmp(e.name, "xl/_rels/workbook.xml.rels"))
            slot = &p->rels, slot_len = &p->rels_len;
        else if (!strcmp(e.name, "xl/sharedStrings.xml"))
            slot = &p->strings, slot_len = &p->strings_len;
        else if (!sheet)
            continue;
        bool too_large;
        size_t n = 0;
        char *bytes = arc_read(a, MAX_PART, &n, &too_large);
        if (!bytes || total + n > MAX_PARTS_TOTAL) {
            diag_error(&loc, "the workbook part '%s' %s", e.name,
                       !bytes && !too_large ? arc_error(a) : "is too large (a damaged or hostile file?)");
            free(bytes);
            ok = false;
            break;
        }
        total += n;
        if (slot) {
            free(*slot);
            *slot = bytes;
            *slot_len = n;
        } else {
            *ARRAY_PUSH(p->sheets, p->nsheets, p->cap) = (struct xlsx_sheet){xstrdup(e.name), bytes, n};
        }
    }
    if (ok && rc < 0) {
        diag_error(&loc, "the workbook is damaged: %s", arc_error(a));
        ok = false;
    }
    arc_close(a);
    if (ok && !p->nsheets) {
        diag_error(&loc, "the workbook has no worksheet");
        ok = false;
    }
    return ok;
}

/* The part name of the workbook's first sheet (caller frees), from
 * workbook.xml and its relationships; NULL to fall back to the first part. */
static char *first_sheet_part(const char *path, const struct xlsx_parts *p)
{
    if (!p->workbook || !p->rels)
        return NULL;
    char *target = NULL, *rid = NULL;
    xmlDoc *wb = parse_xml(path, "xl/workbook.xml", p->workbook, p->workbook_len);
    const xmlNode *sheets = wb ? child(xmlDocGetRootElement(wb), "sheets") : NULL;
    const xmlNode *sheet = child(sheets, "sheet");
    if (sheet)
        rid = attr(sheet, "id");
    xmlDoc *rels = rid ? parse_xml(path, "xl/_rels/workbook.xml.rels", p->rels, p->rels_len) : NULL;
    for (const xmlNode *r = rels ? xmlDocGetRootElement(rels)->children : NULL; r && !target; r = r->next) {
        if (!named(r, "Relationship"))
            continue;
        char *id = attr(r, "Id"), *t = attr(r, "Target");
        if (id && t && !strcmp(id, rid))
            target = t[0] == '/' ? xstrdup(t + 1) : xasprintf("xl/%s", t);
        xmlFree(id);
        xmlFree(t);
    }
    xmlFree(rid);
    if (rels)
        xmlFreeDoc(rels);
    if (wb)
        xmlFreeDoc(wb);
    return target;
}

static bool read_xlsx(const char *path, const char *data, size_t len, struct grid *g)
{
    struct xlsx_parts p = {0};
    bool ok = read_parts(path, data, len, &p);
    char **strings = NULL;
    size_t nstrings = 0, strings_cap = 0;
    xmlDoc *sst = NULL, *ws = NULL;
    if (!ok)
        goto done;
    if (p.strings && !(sst = parse_xml(path, "xl/sharedStrings.xml", p.strings, p.strings_len))) {
        ok = false;
        goto done;
    }
    for (const xmlNode *si = sst ? xmlDocGetRootElement(sst)->children : NULL; si; si = si->next) {
        if (!named(si, "si"))
            continue;
        struct strbuf sb = STRBUF_INIT;
        run_text(si, &sb);
        *ARRAY_PUSH(strings, nstrings, strings_cap) = sb.buf ? strbuf_detach(&sb) : xstrdup("");
    }
    char *want = first_sheet_part(path, &p);
    size_t k = 0;
    for (size_t i = 0; want && i < p.nsheets; i++)
        if (!strcmp(p.sheets[i].name, want))
            k = i;
    free(want);
    if (!(ws = parse_xml(path, p.sheets[k].name, p.sheets[k].bytes, p.sheets[k].len))) {
        ok = false;
        goto done;
    }
    const xmlNode *rows = child(xmlDocGetRootElement(ws), "sheetData");
    int line = 0;
    for (const xmlNode *r = rows ? rows->children : NULL; r; r = r->next) {
        if (!named(r, "row"))
            continue;
        char *rn = attr(r, "r");
        line = rn ? atoi(rn) : line + 1;
        xmlFree(rn);
        if (line < 1 || line > MAX_ROWS)
            break;
        int col = 0;
        for (const xmlNode *c = r->children; c; c = c->next) {
            if (!named(c, "c"))
                continue;
            char *ref = attr(c, "r"), *type = attr(c, "t");
            int rc = ref ? ref_column(ref) : 0;
            col = rc ? rc : col + 1;
            struct strbuf sb = STRBUF_INIT;
            const xmlNode *v = child(c, "v");
            xmlChar *vt = v ? xmlNodeGetContent(v) : NULL;
            if (type && !strcmp(type, "inlineStr")) {
                const xmlNode *is = child(c, "is");
                if (is)
                    run_text(is, &sb);
            } else if (type && !strcmp(type, "s") && vt) {
                size_t idx = (size_t)strtoul((const char *)vt, NULL, 10);
                if (idx < nstrings)
                    strbuf_adds(&sb, strings[idx]);
            } else if (type && !strcmp(type, "b") && vt) {
                strbuf_adds(&sb, vt[0] == '1' ? "TRUE" : "FALSE");
            } else if (vt && (!type || !strcmp(type, "n"))) {
                char *num = number_text((const char *)vt);
                strbuf_adds(&sb, num);
                free(num);
            } else if (vt) {
                strbuf_adds(&sb, (const char *)vt);
            }
            grid_set(g, line, col, strbuf_str(&sb));
            strbuf_release(&sb);
            xmlFree(vt);
            xmlFree(ref);
            xmlFree(type);
        }
    }
done:
    if (ws)
        xmlFreeDoc(ws);
    if (sst)
        xmlFreeDoc(sst);
    for (size_t i = 0; i < nstrings; i++)
        free(strings[i]);
    free(strings);
    parts_release(&p);
    return ok;
}

/* XML Spreadsheet 2003: Workbook/Worksheet/Table/Row/Cell/Data, with
 * ss:Index skipping empty rows and cells. */
static bool read_xml2003(const char *path, const char *data, size_t len, struct grid *g)
{
    xmlDoc *doc = parse_xml(path, path_basename(path), data, len);
    if (!doc)
        return false;
    const xmlNode *sheet = child(xmlDocGetRootElement(doc), "Worksheet");
    const xmlNode *table = child(sheet, "Table");
    int line = 0;
    for (const xmlNode *r = table ? table->children : NULL; r; r = r->next) {
        if (!named(r, "Row"))
            continue;
        char *index = attr(r, "Index");
        line = index ? atoi(index) : line + 1;
        xmlFree(index);
        if (line < 1 || line > MAX_ROWS)
            break;
        int col = 0;
        for (const xmlNode *c = r->children; c; c = c->next) {
            if (!named(c, "Cell"))
                continue;
            char *ci = attr(c, "Index");
            col = ci && atoi(ci) > 0 ? atoi(ci) : col + 1;
            xmlFree(ci);
            const xmlNode *d = child(c, "Data");
            xmlChar *text = d ? xmlNodeGetContent(d) : NULL;
            char *type = d ? attr(d, "Type") : NULL;
            char *value = text && type && !strcmp(type, "Number") ? number_text((const char *)text)
                                                                  : xstrdup(text ? (const char *)text : "");
            grid_set(g, line, col, value);
            free(value);
            xmlFree(type);
            xmlFree(text);
        }
    }
    xmlFreeDoc(doc);
    return true;
}

bool workbook_read(const char *path, const char *data, size_t len, struct import_table *t)
{
    struct grid g = {0};
    enum workbook_kind kind = workbook_sniff(data, len);
    bool ok = false;
    struct srcloc loc = {path, 0, 0};
    if (kind == WORKBOOK_XLSX)
        ok = read_xlsx(path, data, len, &g);
    else if (kind == WORKBOOK_XML2003)
        ok = read_xml2003(path, data, len, &g);
    else if (kind == WORKBOOK_XLS) {
        diag_error(&loc, "the file is a legacy binary Excel workbook (.xls), which collate does not read");
        diag_hint("open it in a spreadsheet and save it as .xlsx or as 'CSV UTF-8'");
    } else {
        diag_error(&loc, "the file is not a spreadsheet workbook");
    }
    if (!ok) {
        for (size_t i = 0; i < g.n; i++)
            csv_row_release(&g.rows[i]);
        free(g.rows);
        memset(t, 0, sizeof(*t));
        return false;
    }
    return import_table_from_rows(path, g.rows, g.n, t);
}
