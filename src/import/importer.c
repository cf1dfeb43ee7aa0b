/* importer: EasyChair, HotCRP and plain CSV exports → papers → a starting
 * proceedings.yaml. */
#include "import/importer.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "import/csv.h"
#include "base/jsonread.h"
#include "base/utf8.h"

#define MAX_INPUT (64u << 20) /* bytes in one export file */
#define MAX_TEXT 4096         /* bytes in a title or name (the manifest's bound) */
#define MAX_ID 128            /* bytes in a paper id (the manifest's bound) */
#define MAX_LISTED 10         /* skipped papers named in the summary note */
#define MAX_BAD_LINES 5       /* invalid UTF-8 lines reported per file */

/* State of one import: the result, the error count and what was said once. */
struct importer {
    struct import_result *res;
    int errors_before;     /* diag_error_count() when importing started */
    const char *file;      /* the file being read (borrowed) */
    struct strbuf skipped; /* "#2 (reject), #5 (deleted)" for the note */
    size_t nskipped;       /* papers skipped in this file */
    char **warned;         /* unknown keys already warned about */
    size_t nwarned, warned_cap;
};

/* Errors reported since importing started (diag counts them all). */
static int importer_errors(const struct importer *im)
{
    return diag_error_count() - im->errors_before;
}

/* True the first time key is seen (for one warning per unknown key). */
static bool first_time(struct importer *im, const char *key)
{
    for (size_t i = 0; i < im->nwarned; i++)
        if (!strcmp(im->warned[i], key))
            return false;
    *ARRAY_PUSH(im->warned, im->nwarned, im->warned_cap) = xstrdup(key);
    return true;
}

static void note_skipped(struct importer *im, const char *what, const char *why)
{
    if (im->nskipped < MAX_LISTED)
        strbuf_addf(&im->skipped, "%s%s (%s)", im->nskipped ? ", " : "", what, why);
    im->nskipped++;
    im->res->skipped++;
}

/* The note listing this file's skipped papers; resets the list. */
static void flush_skipped(struct importer *im, const char *noun)
{
    if (im->nskipped) {
        struct srcloc loc = {im->file, 0, 0};
        if (im->nskipped > MAX_LISTED)
            strbuf_addf(&im->skipped, " and %zu more", im->nskipped - MAX_LISTED);
        diag_note(&loc, "left out %zu %s%s that %s not accepted: %s", im->nskipped, noun,
                  im->nskipped == 1 ? "" : "s", im->nskipped == 1 ? "was" : "were", strbuf_str(&im->skipped));
    }
    strbuf_release(&im->skipped);
    im->nskipped = 0;
}

/* ---- small string helpers ---- */

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy of s[0..n-1] without surrounding whitespace. */
static char *trimmed(const char *s, size_t n)
{
    while (n && is_space((unsigned char)*s))
        s++, n--;
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* One line of text: runs of whitespace (line breaks too) become one space,
 * the ends are trimmed, other control characters are dropped with a
 * warning.  Longer than MAX_TEXT is an error.  NULL gives "". */
static char *clean_text(struct importer *im, const char *s, const struct srcloc *loc, const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    bool dropped = false, pending_space = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (is_space(*p)) {
            pending_space = sb.len > 0;
            continue;
        }
        if (*p < 0x20 || *p == 0x7F) {
            dropped = true;
            continue;
        }
        if (pending_space)
            strbuf_addch(&sb, ' ');
        pending_space = false;
        strbuf_addch(&sb, (char)*p);
    }
    if (dropped)
        diag_warning(loc, "control characters removed from the %s", what);
    if (sb.len > MAX_TEXT)
        diag_error(loc, "the %s is too long (%zu bytes; at most %d)", what, sb.len, MAX_TEXT);
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static bool ascii_prefix_ieq(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(s) >= n && !strncasecmp(s, prefix, n);
}

/* A decision means acceptance when it starts with "accept" ("accept",
 * "ACCEPT", "Accepted (poster)"). */
static bool decision_accepts(const char *decision)
{
    return ascii_prefix_ieq(decision, "accept");
}

/* A submission number: digits only (leading zeros dropped). NULL if not one. */
static char *parse_number(const char *s)
{
    char *t = trimmed(s, strlen(s));
    size_t n = strlen(t);
    bool ok = n > 0 && n <= 18;
    for (size_t i = 0; ok && i < n; i++)
        ok = isdigit((unsigned char)t[i]);
    if (!ok) {
        free(t);
        return NULL;
    }
    char *digits = t;
    while (digits[0] == '0' && digits[1])
        digits++;
    char *out = xstrdup(digits);
    free(t);
    return out;
}

static bool valid_id(const char *id)
{
    if (!*id || strlen(id) > MAX_ID)
        return false;
    for (const char *c = id; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
            return false;
    return true;
}

/* ORCID iD (bare or as https://orcid.org/...) with a valid check digit:
 * the bare form, else NULL. */
static char *orcid_normalize(const char *s)
{
    if (str_starts_with(s, "https://orcid.org/"))
        s += strlen("https://orcid.org/");
    else if (str_starts_with(s, "http://orcid.org/"))
        s += strlen("http://orcid.org/");
    if (strlen(s) != 19)
        return NULL;
    int total = 0;
    for (int i = 0; i < 18; i++) {
        if (i % 5 == 4) {
            if (s[i] != '-')
                return NULL;
            continue;
        }
        if (!isdigit((unsigned char)s[i]))
            return NULL;
        total = (total + (s[i] - '0')) * 2;
    }
    int check = (12 - total % 11) % 11;
    if (s[18] != (check == 10 ? 'X' : '0' + check))
        return NULL;
    return xstrdup(s);
}

/* ---- names ---- */

/* Lower-case words that belong to the family name that follows them. */
static const char *const particles[] = {
    "al", "bin", "binti", "da", "dal", "dalla", "das", "de", "degli", "dei", "del", "della", "den",
    "der", "des", "di", "do", "dos", "du", "el", "ibn", "la", "le", "les", "lo", "op", "te", "ten",
    "ter", "van", "vande", "vanden", "vander", "vom", "von", "zu", "zum", "zur",
};

/* Generational suffixes kept after the family name. */
static const char *const suffixes[] = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"};

static bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && !memcmp(list[i], w, n))
            return true;
    return false;
}

static bool is_suffix(const char *s)
{
    return word_in(s, strlen(s), suffixes, ARRAY_SIZE(suffixes));
}

/* "Given Names [particles] Family [Suffix]" with whitespace-separated words. */
static void split_natural(const char *name, char **given, char **family)
{
    const char *start[64];
    size_t len[64], n = 0;
    for (const char *p = name; *p && n < ARRAY_SIZE(start);) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        start[n] = p;
        while (*p && *p != ' ')
            p++;
        len[n] = (size_t)(p - start[n]);
        n++;
    }
    if (n == 0) {
        *given = xstrdup("");
        *family = xstrdup("");
        return;
    }
    if (n == 1) {
        *given = xstrdup("");
        *family = xstrdup(name);
        return;
    }
    size_t last = n - 1;
    if (n >= 3 && word_in(start[last], len[last], suffixes, ARRAY_SIZE(suffixes)))
        last--; /* "King Jr.": the family name is the word before */
    size_t k = last;
    while (k > 1 && word_in(start[k - 1], len[k - 1], particles, ARRAY_SIZE(particles)))
        k--;
    const char *gend = start[k - 1] + len[k - 1];
    *given = xstrndup(start[0], (size_t)(gend - start[0]));
    *family = xstrdup(start[k]);
}

void import_split_name(const char *name, char **given, char **family)
{
    /* Work on a copy with whitespace collapsed. */
    struct strbuf sb = STRBUF_INIT;
    bool space = false;
    for (const char *p = name; *p; p++) {
        if (is_space((unsigned char)*p)) {
            space = sb.len > 0;
            continue;
        }
        if (space)
            strbuf_addch(&sb, ' ');
        space = false;
        strbuf_addch(&sb, *p);
    }
    char *s = sb.buf ? strbuf_detach(&sb) : xstrdup("");
    char *comma = strchr(s, ',');
    if (!comma) {
        split_natural(s, given, family);
        free(s);
        return;
    }
    char *left = trimmed(s, (size_t)(comma - s));
    char *rest = comma + 1;
    char *comma2 = strchr(rest, ',');
    char *mid = trimmed(rest, comma2 ? (size_t)(comma2 - rest) : strlen(rest));
    if (comma2) { /* "King, Jr., Martin Luther" */
        char *right = trimmed(comma2 + 1, strlen(comma2 + 1));
        *given = right;
        *family = mid[0] ? xasprintf("%s %s", left, mid) : xstrdup(left);
    } else if (is_suffix(mid)) { /* "Martin Luther King, Jr." */
        char *g, *f;
        split_natural(left, &g, &f);
        *given = g;
        *family = xasprintf("%s %s", f, mid);
        free(f);
    } else if (!mid[0]) { /* "Ada Lovelace," */
        split_natural(left, given, family);
    } else { /* "Lovelace, Ada" */
        *given = xstrdup(mid);
        *family = xstrdup(left);
    }
    free(left);
    free(mid);
    free(s);
}

/* ---- papers ---- */

static struct import_paper *new_paper(struct importer *im, int line)
{
    struct import_result *res = im->res;
    struct import_paper *p = ARRAY_PUSH(res->papers, res->npapers, res->cap);
    memset(p, 0, sizeof(*p));
    p->loc = (struct srcloc){im->file, line, 1};
    return p;
}

static void author_release(struct import_author *a)
{
    free(a->given);
    free(a->family);
    free(a->affiliation);
    free(a->email);
    free(a->orcid);
}

static void paper_release(struct import_paper *p)
{
    free(p->id);
    free(p->title);
    for (size_t i = 0; i < p->nauthors; i++)
        author_release(&p->authors[i]);
    free(p->authors);
    for (size_t i = 0; i < p->nkeywords; i++)
        free(p->keywords[i]);
    free(p->keywords);
    free(p->session);
    free(p->pdf);
}

/* Drop the last paper (it had errors or was not accepted). */
static void drop_last_paper(struct importer *im)
{
    paper_release(&im->res->papers[--im->res->npapers]);
}

static void add_keyword(struct import_paper *p, char *kw)
{
    if (!kw[0]) {
        free(kw);
        return;
    }
    for (size_t i = 0; i < p->nkeywords; i++)
        if (str_ieq(p->keywords[i], kw)) {
            free(kw);
            return;
        }
    *ARRAY_PUSH(p->keywords, p->nkeywords, p->keywords_cap) = kw;
}

/* Keywords from one cell or string: one per line when there are line
 * breaks (EasyChair), else separated by ';', else by ','. */
static void add_keywords(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc)
{
    const char *sep = strchr(s, '\n') ? "\n" : strchr(s, ';') ? ";" : ",";
    const char *start = s;
    for (;;) {
        const char *end = strpbrk(start, sep);
        size_t n = end ? (size_t)(end - start) : strlen(start);
        char *raw = xstrndup(start, n);
        add_keyword(p, clean_text(im, raw, loc, "keyword"));
        free(raw);
        if (!end)
            break;
        start = end + 1;
    }
}

/* Add an author given as split names (either may be empty). */
static struct import_author *add_author(struct importer *im, struct import_paper *p, const char *given,
                                        const char *family, const struct srcloc *loc)
{
    struct import_author *a = ARRAY_PUSH(p->authors, p->nauthors, p->authors_cap);
    memset(a, 0, sizeof(*a));
    a->given = clean_text(im, given, loc, "given name");
    a->family = clean_text(im, family, loc, "family name");
    if (!a->family[0] && a->given[0]) { /* a mononym goes in the family name */
        char *t = a->family;
        a->family = a->given;
        a->given = t;
    }
    return a;
}

/* Add an author given as one full name. */
static struct import_author *add_author_name(struct importer *im, struct import_paper *p, const char *name,
                                             const struct srcloc *loc)
{
    char *given, *family;
    import_split_name(name, &given, &family);
    struct import_author *a = add_author(im, p, given, family, loc);
    free(given);
    free(family);
    return a;
}

static void set_optional(char **field, char *value)
{
    free(*field);
    *field = value[0] ? value : NULL;
    if (!*field)
        free(value);
}

/* A paper must have a title and named authors. */
static bool paper_complete(struct importer *im, struct import_paper *p, const char *what)
{
    bool ok = true;
    if (!p->title || !p->title[0]) {
        diag_error(&p->loc, "%s has no title", what);
        ok = false;
    }
    if (!p->nauthors) {
        diag_error(&p->loc, "%s has no authors", what);
        ok = false;
    }
    for (size_t i = 0; i < p->nauthors; i++)
        if (!p->authors[i].given[0] && !p->authors[i].family[0]) {
            diag_error(&p->loc, "%s: author %zu has no name", what, i + 1);
            ok = false;
        }
    return ok;
}

/* ---- input files ---- */

/* Bytes that Windows-1252 maps to printable characters; text that is not
 * UTF-8 but uses only these was probably saved by a Windows program. */
static bool cp1252_printable(unsigned char c)
{
    return c >= 0xA0 || (c >= 0x80 && c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 && c != 0x9D);
}

/* Report every line (up to a few) with invalid UTF-8; true if all valid. */
static bool check_utf8(struct importer *im, const char *path, const char *text, size_t len)
{
    const char *p = text, *line_start = text;
    size_t left = len;
    int line = 1, bad_lines = 0, last_bad_line = 0;
    bool cp1252 = true;
    while (left > 0) {
        const char *at = p;
        int32_t cp = utf8_next(&p, &left);
        if (cp == '\n') {
            line++;
            line_start = p;
        }
        if (cp >= 0)
            continue;
        cp1252 = cp1252 && cp1252_printable((unsigned char)*at);
        if (line == last_bad_line)
            continue;
        last_bad_line = line;
        if (++bad_lines > MAX_BAD_LINES)
            continue;
        int col = 1;
        for (const char *q = line_start; q < at; q++)
            col += ((unsigned char)*q & 0xC0) != 0x80;
        struct srcloc loc = {path, line, col};
        diag_error(&loc, "invalid UTF-8 (byte 0x%02X); the export must be UTF-8 text", (unsigned char)*at);
    }
    if (!bad_lines)
        return true;
    if (bad_lines > MAX_BAD_LINES) {
        struct srcloc loc = {path, 0, 0};
        diag_note(&loc, "%d more lines have invalid UTF-8", bad_lines - MAX_BAD_LINES);
    }
    if (cp1252)
        diag_hint("the file looks like Windows-1252 (Latin-1) text; convert it with\n"
                  "  iconv -f cp1252 -t utf-8 '%s' > converted.csv", path);
    else
        diag_hint("save the export as UTF-8 (in a spreadsheet: 'CSV UTF-8'), or convert it with iconv");
    return false;
}

/* The whole file, checked to be UTF-8 text, without its BOM; NULL after
 * reporting why not. */
static char *load_input(struct importer *im, const char *path, size_t *len_out)
{
    struct srcloc floc = {path, 0, 0};
    size_t len = 0;
    char *text = read_file(path, &len);
    if (!text) {
        diag_error(&floc, "cannot read the file: %s", strerror(errno));
        return NULL;
    }
    const unsigned char *u = (const unsigned char *)text;
    if (len > MAX_INPUT) {
        diag_error(&floc, "the file is too large (%zu bytes; at most %u)", len, MAX_INPUT);
    } else if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        diag_error(&floc, "the file is UTF-16 text; collate reads UTF-8");
        diag_hint("convert it with: iconv -f utf-16 -t utf-8 '%s' > converted.csv", path);
    } else if (len >= 4 && (!memcmp(text, "PK\x03\x04", 4) || !memcmp(text, "\xD0\xCF\x11\xE0", 4))) {
        diag_error(&floc, "the file is a spreadsheet workbook, not CSV text");
        diag_hint("save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'");
    } else if (memchr(text, '\0', len)) {
        const char *nul = memchr(text, '\0', len);
        int line = 1;
        for (const char *q = text; q < nul; q++)
            line += *q == '\n';
        struct srcloc loc = {path, line, 0};
        diag_error(&loc, "the file contains NUL bytes; is it a text export?");
    } else {
        if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
            memmove(text, text + 3, len - 2); /* with the NUL */
            len -= 3;
        }
        if (check_utf8(im, path, text, len)) {
            *len_out = len;
            return text;
        }
    }
    free(text);
    return NULL;
}

/* ---- CSV tables ---- */

/* A CSV file read into memory: the header and the data rows. */
struct table {
    char **names;           /* normalized header names (lower case, single spaces) */
    struct csv_field *head; /* header fields as read, for locations */
    size_t ncols;
    struct csv_row *rows;   /* data rows */
    size_t nrows, cap;
    bool *used;             /* per column: some role took it */
};

static char *normalize_header(const char *s)
{
    char *t = trimmed(s, strlen(s));
    size_t w = 0;
    for (size_t r = 0; t[r]; r++) {
        char c = (char)tolower((unsigned char)t[r]);
        if (is_space((unsigned char)c)) {
            if (w && t[w - 1] != ' ')
                t[w++] = ' ';
            continue;
        }
        t[w++] = c;
    }
    t[w] = '\0';
    return t;
}

static void table_release(struct table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->names[i]);
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

/* Read a whole CSV text; syntax errors are reported.  False when the file
 * has no header. */
static bool table_read(struct importer *im, const char *path, const char *text, size_t len, struct table *t)
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
                t->names[i] = normalize_header(row.fields[i].text);
                t->head[i] = row.fields[i];
                row.fields[i].text = NULL;
            }
            row.n = 0;
            continue;
        }
        bool empty = true; /* lines of only separators and spaces */
        for (size_t i = 0; i < row.n && empty; i++)
            for (const char *c = row.fields[i].text; *c && empty; c++)
                empty = is_space((unsigned char)*c);
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

/* Index of the first column named like one of names (in the order of
 * names), marking it used; -1 if none.  names ends with NULL. */
static int table_column(struct table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k])) {
                t->used[i] = true;
                return (int)i;
            }
    return -1;
}

/* Mark columns named like names as known (read elsewhere or not needed). */
static void table_known(struct table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k]))
                t->used[i] = true;
}

/* One warning for each column nobody took. */
static void table_warn_unknown(struct importer *im, const char *path, struct table *t)
{
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->used[i] || !t->names[i][0])
            continue;
        struct srcloc loc = {path, t->head[i].line, t->head[i].col};
        diag_warning(&loc, "unknown column '%s' ignored", t->head[i].text);
    }
}

/* The cell of column col in row, "" when the row is short or col < 0. */
static const char *cell(const struct csv_row *row, int col)
{
    return col >= 0 && (size_t)col < row->n ? row->fields[col].text : "";
}

static struct srcloc cell_loc(const char *path, const struct csv_row *row, int col)
{
    if (col >= 0 && (size_t)col < row->n)
        return (struct srcloc){path, row->fields[col].line, row->fields[col].col};
    return (struct srcloc){path, row->line, 0};
}

static bool cell_blank(const struct csv_row *row, int col)
{
    for (const char *c = cell(row, col); *c; c++)
        if (!is_space((unsigned char)*c))
            return false;
    return true;
}

/* ---- EasyChair ---- */

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

static bool has_column(const struct table *t, const char *const *names)
{
    for (size_t k = 0; names[k]; k++)
        for (size_t i = 0; i < t->ncols; i++)
            if (!strcmp(t->names[i], names[k]))
                return true;
    return false;
}

static bool is_author_table(const struct table *t)
{
    static const char *const sub[] = {"submission #", "submission", "paper #", NULL};
    return has_column(t, sub) && has_column(t, au_first) && has_column(t, au_last);
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

static void read_author_table(struct importer *im, const char *path, struct table *t, struct ec_authors *out)
{
    memset(out, 0, sizeof(*out));
    out->path = path;
    int number = table_column(t, au_number);
    out->first = table_column(t, au_first);
    out->last = table_column(t, au_last);
    out->email = table_column(t, au_email);
    out->affiliation = table_column(t, au_affiliation);
    out->orcid = table_column(t, au_orcid);
    table_known(t, au_ignored);
    table_warn_unknown(im, path, t);
    for (size_t i = 0; i < t->nrows; i++) {
        const struct csv_row *row = &t->rows[i];
        struct srcloc loc = cell_loc(path, row, number);
        char *num = parse_number(cell(row, number));
        if (!num) {
            diag_error(&loc, "'%s' is not a submission number", cell(row, number));
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
            while (is_space((unsigned char)*rest))
                rest++;
            if (str_starts_with(rest, "and ") || str_starts_with(rest, "and\t"))
                rest += 4;
            char *and = strstr(rest, " and ");
            if (and)
                *and = '\0';
            char *name = trimmed(rest, strlen(rest));
            if (name[0]) {
                add_author_name(im, p, name, loc);
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
        struct import_author *pa = add_author(im, p, cell(a->row, au->first), cell(a->row, au->last), &a->loc);
        set_optional(&pa->email, clean_text(im, cell(a->row, au->email), &a->loc, "email"));
        set_optional(&pa->affiliation, clean_text(im, cell(a->row, au->affiliation), &a->loc, "affiliation"));
        if (!cell_blank(a->row, au->orcid)) {
            char *o = clean_text(im, cell(a->row, au->orcid), &a->loc, "ORCID iD");
            pa->orcid = orcid_normalize(o);
            if (!pa->orcid)
                diag_warning(&a->loc, "'%s' is not a valid ORCID iD; left out", o);
            free(o);
        }
        added++;
    }
    return added;
}

static void import_easychair(struct importer *im, const char *const *paths, char **texts, size_t *lens, size_t n)
{
    struct table tables[2];
    int sub = -1, aut = -1;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!table_read(im, paths[i], texts[i], lens[i], &tables[i])) {
            ok = false;
            continue;
        }
        if (is_author_table(&tables[i]) && aut < 0)
            aut = (int)i;
        else if (sub < 0)
            sub = (int)i;
        else {
            struct srcloc loc = {paths[i], 0, 0};
            diag_error(&loc, "two submission files given; the second file must be EasyChair's "
                                   "author file (with 'Submission #', 'First name' and 'Last name' columns)");
            ok = false;
        }
    }
    if (ok && sub < 0) {
        struct srcloc loc = {paths[aut], 0, 0};
        diag_error(&loc, "this is EasyChair's author file; give the submissions file too");
        diag_hint("collate init --from easychair submission.csv author.csv");
        ok = false;
    }
    if (!ok) {
        for (size_t i = 0; i < n; i++)
            if (tables[i].names || tables[i].nrows)
                table_release(&tables[i]);
        return;
    }
    struct ec_authors au = {0};
    if (aut >= 0) {
        im->file = paths[aut];
        read_author_table(im, paths[aut], &tables[aut], &au);
    }
    const char *path = paths[sub];
    struct table *t = &tables[sub];
    im->file = path;
    int cnum = table_column(t, ec_number), ctitle = table_column(t, ec_title);
    int cauthors = table_column(t, ec_authors), ckeywords = table_column(t, ec_keywords);
    int cdecision = table_column(t, ec_decision), ctrack = table_column(t, ec_track);
    int cdeleted = table_column(t, ec_deleted);
    table_known(t, ec_ignored);
    table_warn_unknown(im, path, t);
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
        struct srcloc nloc = cell_loc(path, row, cnum);
        char *number = parse_number(cell(row, cnum));
        if (!number) {
            diag_error(&nloc, "'%s' is not a submission number", cell(row, cnum));
            continue;
        }
        char *what = xasprintf("#%s", number);
        char *decision = trimmed(cell(row, cdecision), strlen(cell(row, cdecision)));
        char *deleted = trimmed(cell(row, cdeleted), strlen(cell(row, cdeleted)));
        if (str_ieq(deleted, "yes")) {
            note_skipped(im, what, "deleted");
        } else if (decision[0] && !decision_accepts(decision)) {
            note_skipped(im, what, decision);
        } else {
            struct import_paper *p = new_paper(im, row->line);
            p->id = xasprintf("p%s", number);
            struct srcloc tloc = cell_loc(path, row, ctitle);
            p->title = clean_text(im, cell(row, ctitle), &tloc, "title");
            struct srcloc aloc = cell_loc(path, row, cauthors);
            size_t joined = au.n ? add_joined_authors(im, p, &au, number) : 0;
            if (!joined && cauthors >= 0) {
                size_t listed = add_easychair_authors(im, p, cell(row, cauthors), &aloc);
                if (au.n && listed)
                    diag_warning(&p->loc, "submission %s is not in '%s'; its author names are split from "
                                 "the 'Authors' column", what, au.path);
            } else if (joined && cauthors >= 0) {
                struct import_paper tmp = {0};
                size_t listed = add_easychair_authors(im, &tmp, cell(row, cauthors), &aloc);
                if (listed && listed != joined)
                    diag_warning(&p->loc, "submission %s lists %zu authors but '%s' has %zu; using '%s'", what,
                                 listed, au.path, joined, au.path);
                paper_release(&tmp);
            }
            if (ckeywords >= 0) {
                struct srcloc kloc = cell_loc(path, row, ckeywords);
                add_keywords(im, p, cell(row, ckeywords), &kloc);
            }
            if (ctrack >= 0) {
                struct srcloc sloc = cell_loc(path, row, ctrack);
                set_optional(&p->session, clean_text(im, cell(row, ctrack), &sloc, "track"));
            }
            char *desc = xasprintf("submission %s", what);
            if (!paper_complete(im, p, desc))
                drop_last_paper(im);
            free(desc);
        }
        free(decision);
        free(deleted);
        free(what);
        free(number);
    }
    flush_skipped(im, "submission");
done:
    ec_authors_release(&au);
    for (size_t i = 0; i < n; i++)
        table_release(&tables[i]);
}

/* ---- plain CSV ---- */

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
    char *t = trimmed(s, strlen(s));
    size_t n = strlen(t);
    char *affiliation = NULL;
    if (n > 2 && t[n - 1] == ')') {
        char *open = strrchr(t, '(');
        if (open && open > t) {
            affiliation = trimmed(open + 1, (size_t)(t + n - 1 - (open + 1)));
            *open = '\0';
        }
    }
    if (t[0]) {
        struct import_author *a = add_author_name(im, p, t, loc);
        if (affiliation)
            set_optional(&a->affiliation, clean_text(im, affiliation, loc, "affiliation"));
    }
    free(affiliation);
    free(t);
}

static void import_plain_csv(struct importer *im, const char *path, const char *text, size_t len)
{
    struct table t;
    im->file = path;
    if (!table_read(im, path, text, len, &t))
        return;
    int cid = table_column(&t, pc_id), ctitle = table_column(&t, pc_title);
    int cauthors = table_column(&t, pc_authors), cpdf = table_column(&t, pc_pdf);
    int ckeywords = table_column(&t, pc_keywords), csession = table_column(&t, pc_session);
    table_known(&t, pc_ignored);
    table_warn_unknown(im, path, &t);
    struct srcloc hloc = {path, 1, 0};
    if (ctitle < 0)
        diag_error(&hloc, "no 'title' column in the header (expected id,title,authors,pdf)");
    if (cauthors < 0)
        diag_error(&hloc, "no 'authors' column in the header (expected id,title,authors,pdf)");
    if (ctitle < 0 || cauthors < 0)
        goto done;
    for (size_t i = 0; i < t.nrows; i++) {
        const struct csv_row *row = &t.rows[i];
        struct import_paper *p = new_paper(im, row->line);
        bool ok = true;
        if (cid >= 0) {
            struct srcloc iloc = cell_loc(path, row, cid);
            p->id = trimmed(cell(row, cid), strlen(cell(row, cid)));
            if (!p->id[0]) {
                diag_error(&iloc, "the paper has no id");
                ok = false;
            } else if (strlen(p->id) > MAX_ID) {
                diag_error(&iloc, "paper id '%.20s...' is too long (at most %d bytes)", p->id, MAX_ID);
                ok = false;
            } else if (!valid_id(p->id)) {
                diag_error(&iloc, "paper id '%s' may only contain letters, digits, '-', '_' and '.'",
                             p->id);
                ok = false;
            }
        } else {
            p->id = xasprintf("p%zu", i + 1);
        }
        struct srcloc tloc = cell_loc(path, row, ctitle);
        p->title = clean_text(im, cell(row, ctitle), &tloc, "title");
        struct srcloc aloc = cell_loc(path, row, cauthors);
        char *authors = xstrdup(cell(row, cauthors));
        for (char *save = NULL, *a = strtok_r(authors, ";\n", &save); a; a = strtok_r(NULL, ";\n", &save))
            add_plain_author(im, p, a, &aloc);
        free(authors);
        if (cpdf >= 0) {
            struct srcloc ploc = cell_loc(path, row, cpdf);
            set_optional(&p->pdf, clean_text(im, cell(row, cpdf), &ploc, "pdf path"));
        }
        if (ckeywords >= 0) {
            struct srcloc kloc = cell_loc(path, row, ckeywords);
            add_keywords(im, p, cell(row, ckeywords), &kloc);
        }
        if (csession >= 0) {
            struct srcloc sloc = cell_loc(path, row, csession);
            set_optional(&p->session, clean_text(im, cell(row, csession), &sloc, "session"));
        }
        char *desc = xasprintf("paper '%s'", p->id[0] ? p->id : "?");
        ok = paper_complete(im, p, desc) && ok;
        free(desc);
        if (!ok)
            drop_last_paper(im);
    }
done:
    table_release(&t);
}

/* ---- HotCRP ---- */

static const char *const hc_known[] = {"pid", "id", "title", "authors", "topics", "keywords", "decision",
                                       "status", "withdrawn", "session", "track", NULL};
/* Keys of HotCRP's paper export that a manifest has no use for. */
static const char *const hc_ignored[] = {
    "object", "abstract", "submission", "final", "submitted", "submitted_at", "modified_at", "withdrawn_at",
    "withdraw_reason", "contacts", "pc_conflicts", "tags", "collaborators", "nonblind", "blind", "options",
    "pages", "shepherd", "lead", "reviews", "comments", "draft", "submission_class", "supplementary_material",
    "confirmation_author_list", "decision_at", "accepted_at", "final_submitted_at", "format", "status_at",
    "primary_area", "secondary_area", NULL};
static const char *const hc_author_keys[] = {
    "first", "first_name", "firstName", "given", "given_name", "givenName", "last", "last_name", "lastName",
    "family", "family_name", "familyName", "name", "full_name", "email", "affiliation", "institution",
    "organization", "org", "orcid", "contact", "country", "index", NULL};

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

static struct srcloc node_loc(const char *path, const struct jnode *n)
{
    return (struct srcloc){path, n->line, n->col};
}

/* The first of keys that obj has as a string (NULL when none). */
static const struct jnode *first_string(const struct jnode *obj, const char *const *keys, struct importer *im,
                                        const char *path)
{
    for (size_t i = 0; keys[i]; i++) {
        const struct jnode *v = jnode_get(obj, keys[i]);
        if (!v || v->kind == JNODE_NULL)
            continue;
        if (v->kind == JNODE_STRING)
            return v;
        struct srcloc loc = node_loc(path, v);
        diag_error(&loc, "'%s' must be text, not %s", keys[i], jnode_kind_name(v->kind));
    }
    return NULL;
}

static void warn_unknown_keys(struct importer *im, const char *path, const struct jnode *obj,
                              const char *const *known, const char *const *ignored, const char *where)
{
    for (size_t i = 0; i < obj->n; i++) {
        const char *k = obj->keys[i];
        if (in_list(k, known) || (ignored && in_list(k, ignored)))
            continue;
        char *tag = xasprintf("%s\x01%s", where, k);
        if (first_time(im, tag)) {
            struct srcloc loc = {path, obj->key_lines[i], obj->key_cols[i]};
            diag_warning(&loc, "unknown key '%s' in %s ignored", k, where);
        }
        free(tag);
    }
}

static void hotcrp_author(struct importer *im, const char *path, struct import_paper *p, const struct jnode *a)
{
    struct srcloc loc = node_loc(path, a);
    if (a->kind == JNODE_STRING) {
        add_author_name(im, p, a->text, &loc);
        return;
    }
    if (a->kind != JNODE_OBJECT) {
        diag_error(&loc, "an author must be an object, not %s", jnode_kind_name(a->kind));
        return;
    }
    warn_unknown_keys(im, path, a, hc_author_keys, NULL, "an author");
    static const char *const first_keys[] = {"first", "first_name", "firstName", "given", "given_name",
                                             "givenName", NULL};
    static const char *const last_keys[] = {"last", "last_name", "lastName", "family", "family_name",
                                            "familyName", NULL};
    static const char *const name_keys[] = {"name", "full_name", NULL};
    static const char *const email_keys[] = {"email", NULL};
    static const char *const aff_keys[] = {"affiliation", "institution", "organization", "org", NULL};
    static const char *const orcid_keys[] = {"orcid", NULL};
    const struct jnode *first = first_string(a, first_keys, im, path);
    const struct jnode *last = first_string(a, last_keys, im, path);
    const struct jnode *name = first_string(a, name_keys, im, path);
    const struct jnode *email = first_string(a, email_keys, im, path);
    const struct jnode *aff = first_string(a, aff_keys, im, path);
    const struct jnode *orcid = first_string(a, orcid_keys, im, path);
    struct import_author *pa;
    if (first || last)
        pa = add_author(im, p, first ? first->text : "", last ? last->text : "", &loc);
    else if (name)
        pa = add_author_name(im, p, name->text, &loc);
    else {
        diag_error(&loc, "an author has no name ('first' and 'last')");
        return;
    }
    if (email)
        set_optional(&pa->email, clean_text(im, email->text, &loc, "email"));
    if (aff)
        set_optional(&pa->affiliation, clean_text(im, aff->text, &loc, "affiliation"));
    if (orcid && orcid->text[0]) {
        pa->orcid = orcid_normalize(orcid->text);
        if (!pa->orcid) {
            struct srcloc oloc = node_loc(path, orcid);
            diag_warning(&oloc, "'%s' is not a valid ORCID iD; left out", orcid->text);
        }
    }
}

/* Topics or keywords: a list of text, an object whose keys are the topics,
 * or one text "a; b". */
static void hotcrp_keywords(struct importer *im, const char *path, struct import_paper *p, const struct jnode *v,
                            const char *key)
{
    if (!v || v->kind == JNODE_NULL)
        return;
    struct srcloc loc = node_loc(path, v);
    if (v->kind == JNODE_STRING) {
        add_keywords(im, p, v->text, &loc);
    } else if (v->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < v->n; i++) {
            struct srcloc iloc = node_loc(path, v->items[i]);
            if (v->items[i]->kind == JNODE_STRING)
                add_keyword(p, clean_text(im, v->items[i]->text, &iloc, "keyword"));
            else
                diag_error(&iloc, "'%s' must list text, not %s", key, jnode_kind_name(v->items[i]->kind));
        }
    } else if (v->kind == JNODE_OBJECT) {
        for (size_t i = 0; i < v->n; i++)
            if (!(v->items[i]->kind == JNODE_BOOL && !v->items[i]->boolean))
                add_keyword(p, clean_text(im, v->keys[i], &loc, "keyword"));
    } else {
        diag_error(&loc, "'%s' must be a list, not %s", key, jnode_kind_name(v->kind));
    }
}

/* Why a paper is left out ("withdrawn", its decision, "rejected"...), or NULL. */
static const char *hotcrp_skip_reason(const struct jnode *paper)
{
    const struct jnode *w = jnode_get(paper, "withdrawn");
    if (w && w->kind == JNODE_BOOL && w->boolean)
        return "withdrawn";
    const struct jnode *status = jnode_get(paper, "status");
    if (status && status->kind != JNODE_STRING)
        status = NULL;
    if (status && str_ieq(status->text, "withdrawn"))
        return status->text;
    const struct jnode *d = jnode_get(paper, "decision");
    if (d && d->kind == JNODE_STRING && d->text[0] && !decision_accepts(d->text) &&
        !str_ieq(d->text, "unspecified") && !str_ieq(d->text, "undecided"))
        return d->text;
    if (d && d->kind == JNODE_NUMBER && d->number < 0)
        return "rejected";
    static const char *const out[] = {"rejected", "draft", "inprogress", "in progress", "desk_reject",
                                      "desk rejected", NULL};
    for (size_t i = 0; status && out[i]; i++)
        if (str_ieq(status->text, out[i]))
            return status->text;
    return NULL;
}

static void hotcrp_paper(struct importer *im, const char *path, const struct jnode *obj, size_t index)
{
    struct srcloc loc = node_loc(path, obj);
    if (obj->kind != JNODE_OBJECT) {
        diag_error(&loc, "paper %zu must be an object, not %s", index + 1, jnode_kind_name(obj->kind));
        return;
    }
    warn_unknown_keys(im, path, obj, hc_known, hc_ignored, "a paper");
    const struct jnode *pid = jnode_get(obj, "pid");
    if (!pid)
        pid = jnode_get(obj, "id");
    char *number = NULL;
    if (pid && (pid->kind == JNODE_NUMBER || pid->kind == JNODE_STRING))
        number = parse_number(pid->text);
    if (!number) {
        struct srcloc ploc = pid ? node_loc(path, pid) : loc;
        diag_error(&ploc, "paper %zu has no paper number ('pid')", index + 1);
        return;
    }
    char *what = xasprintf("#%s", number);
    const char *why = hotcrp_skip_reason(obj);
    if (why) {
        note_skipped(im, what, why);
        free(what);
        free(number);
        return;
    }
    struct import_paper *p = new_paper(im, obj->line);
    p->loc = loc;
    p->id = xasprintf("p%s", number);
    static const char *const title_keys[] = {"title", NULL};
    const struct jnode *title = first_string(obj, title_keys, im, path);
    if (title) {
        struct srcloc tloc = node_loc(path, title);
        p->title = clean_text(im, title->text, &tloc, "title");
    }
    const struct jnode *authors = jnode_get(obj, "authors");
    if (authors && authors->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < authors->n; i++)
            hotcrp_author(im, path, p, authors->items[i]);
    } else if (authors && authors->kind != JNODE_NULL) {
        struct srcloc aloc = node_loc(path, authors);
        diag_error(&aloc, "'authors' must be a list, not %s", jnode_kind_name(authors->kind));
    }
    hotcrp_keywords(im, path, p, jnode_get(obj, "keywords"), "keywords");
    hotcrp_keywords(im, path, p, jnode_get(obj, "topics"), "topics");
    static const char *const session_keys[] = {"session", "track", NULL};
    const struct jnode *session = first_string(obj, session_keys, im, path);
    if (session) {
        struct srcloc sloc = node_loc(path, session);
        set_optional(&p->session, clean_text(im, session->text, &sloc, "session"));
    }
    char *desc = xasprintf("paper %s", what);
    if (!paper_complete(im, p, desc))
        drop_last_paper(im);
    free(desc);
    free(what);
    free(number);
}

static void import_hotcrp(struct importer *im, const char *path, const char *text, size_t len)
{
    im->file = path;
    struct jsonread_error err;
    struct jnode *root = jsonread_parse(text, len, NULL, &err);
    if (!root) {
        struct srcloc loc = {path, err.line, err.col};
        diag_error(&loc, "%s", err.msg);
        return;
    }
    const struct jnode *list = root;
    if (root->kind == JNODE_OBJECT) {
        const struct jnode *papers = jnode_get(root, "papers");
        if (papers && papers->kind == JNODE_ARRAY)
            list = papers;
    }
    struct srcloc rloc = node_loc(path, list);
    if (list->kind == JNODE_OBJECT && (jnode_get(list, "pid") || jnode_get(list, "title"))) {
        hotcrp_paper(im, path, list, 0); /* one paper on its own */
    } else if (list->kind != JNODE_ARRAY) {
        diag_error(&rloc, "expected a list of papers (HotCRP's JSON export), not %s",
                     jnode_kind_name(list->kind));
    } else {
        for (size_t i = 0; i < list->n; i++)
            hotcrp_paper(im, path, list->items[i], i);
    }
    flush_skipped(im, "paper");
    jnode_free(root);
}

/* ---- detection and the entry point ---- */

bool import_format_from_name(const char *name, enum import_format *out)
{
    static const char *const names[] = {"auto", "easychair", "hotcrp", "csv"};
    for (size_t i = 0; name && i < ARRAY_SIZE(names); i++)
        if (str_ieq(name, names[i])) {
            *out = (enum import_format)i;
            return true;
        }
    return false;
}

const char *import_format_name(enum import_format format)
{
    static const char *const names[] = {"auto", "easychair", "hotcrp", "csv"};
    return names[format];
}

/* The format of an export from its name, first bytes and CSV header. */
static enum import_format detect_format(struct importer *im, const char *path, const char *text, size_t len,
                                        size_t nfiles)
{
    if (str_ends_with(path, ".json") || str_ends_with(path, ".JSON"))
        return IMPORT_HOTCRP;
    size_t i = 0;
    while (i < len && is_space((unsigned char)text[i]))
        i++;
    if (i < len && (text[i] == '[' || text[i] == '{'))
        return IMPORT_HOTCRP;
    if (nfiles == 2)
        return IMPORT_EASYCHAIR;
    struct csv_reader r;
    csv_reader_init(&r, text, len, 0);
    struct csv_row row = CSV_ROW_INIT;
    struct csv_error err;
    enum import_format f = IMPORT_AUTO;
    if (csv_read_row(&r, &row, &err) == 1) {
        struct table t = {0};
        t.ncols = row.n;
        t.names = xcalloc(row.n ? row.n : 1, sizeof(*t.names));
        for (size_t k = 0; k < row.n; k++)
            t.names[k] = normalize_header(row.fields[k].text);
        static const char *const ec_marks[] = {"#", "submission #", "decision", "form fields", "last updated",
                                               NULL};
        if (has_column(&t, ec_marks) || is_author_table(&t))
            f = IMPORT_EASYCHAIR;
        else if (has_column(&t, pc_title) && has_column(&t, pc_authors))
            f = IMPORT_CSV;
        for (size_t k = 0; k < t.ncols; k++)
            free(t.names[k]);
        free(t.names);
    }
    csv_row_release(&row);
    if (f == IMPORT_AUTO) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "cannot tell what kind of export this is");
        diag_hint("name the format with --from easychair, --from hotcrp or --from csv");
    }
    return f;
}

/* Ids must be unique (a plain CSV may repeat one; EasyChair and HotCRP
 * numbers could be repeated by a hand-edited export). */
static void check_unique_ids(struct importer *im)
{
    const struct import_result *res = im->res;
    for (size_t i = 0; i < res->npapers; i++)
        for (size_t j = 0; j < i; j++)
            if (!strcmp(res->papers[i].id, res->papers[j].id)) {
                diag_error(&res->papers[i].loc, "paper id '%s' is used twice", res->papers[i].id);
                diag_note(&res->papers[j].loc, "'%s' was first used here", res->papers[j].id);
                break;
            }
}

int import_files(const char *const *paths, size_t n, enum import_format format, struct import_result *out)
{
    memset(out, 0, sizeof(*out));
    struct importer im = {0};
    im.res = out;
    im.errors_before = diag_error_count();
    char *texts[2] = {NULL, NULL};
    size_t lens[2] = {0, 0};
    if (n < 1 || n > 2) {
        diag_error(NULL, "give one export file (or EasyChair's submission and author files)");
        return importer_errors(&im);
    }
    for (size_t i = 0; i < n; i++)
        texts[i] = load_input(&im, paths[i], &lens[i]);
    if (importer_errors(&im))
        goto done;
    if (format == IMPORT_AUTO)
        format = detect_format(&im, paths[0], texts[0], lens[0], n);
    out->format = format;
    if (n == 2 && format != IMPORT_EASYCHAIR) {
        struct srcloc loc = {paths[1], 0, 0};
        diag_error(&loc, "only EasyChair exports come in two files (submissions and authors)");
        goto done;
    }
    switch (format) {
    case IMPORT_EASYCHAIR:
        import_easychair(&im, paths, texts, lens, n);
        break;
    case IMPORT_HOTCRP:
        import_hotcrp(&im, paths[0], texts[0], lens[0]);
        break;
    case IMPORT_CSV:
        import_plain_csv(&im, paths[0], texts[0], lens[0]);
        break;
    case IMPORT_AUTO:
        break;
    }
    check_unique_ids(&im);
    if (!importer_errors(&im) && out->npapers == 0) {
        struct srcloc loc = {paths[0], 0, 0};
        diag_error(&loc, "no accepted papers found");
    }
done:
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    for (size_t i = 0; i < im.nwarned; i++)
        free(im.warned[i]);
    free(im.warned);
    strbuf_release(&im.skipped);
    return importer_errors(&im);
}

void import_result_release(struct import_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->npapers; i++)
        paper_release(&res->papers[i]);
    free(res->papers);
    memset(res, 0, sizeof(*res));
}

/* ---- the manifest ---- */

void yaml_quote(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '"');
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        const char *at = p;
        int32_t cp = utf8_next(&p, &left);
        if (cp < 0) { /* never in imported text; keep the output valid anyway */
            strbuf_adds(sb, "\\uFFFD");
            continue;
        }
        switch (cp) {
        case '"':
            strbuf_adds(sb, "\\\"");
            break;
        case '\\':
            strbuf_adds(sb, "\\\\");
            break;
        case '\n':
            strbuf_adds(sb, "\\n");
            break;
        case '\t':
            strbuf_adds(sb, "\\t");
            break;
        case '\r':
            strbuf_adds(sb, "\\r");
            break;
        default:
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
                cp == 0xFEFF)
                strbuf_addf(sb, "\\u%04X", (unsigned)cp);
            else
                strbuf_add(sb, at, (size_t)(p - at));
        }
    }
    strbuf_addch(sb, '"');
}

static void yaml_key_value(struct strbuf *sb, const char *indent, const char *key, const char *value)
{
    strbuf_addf(sb, "%s%s: ", indent, key);
    yaml_quote(sb, value);
    strbuf_addch(sb, '\n');
}

static void write_author(struct strbuf *sb, const struct import_author *a)
{
    strbuf_adds(sb, "          - {given: ");
    yaml_quote(sb, a->given);
    strbuf_adds(sb, ", family: ");
    yaml_quote(sb, a->family);
    if (a->affiliation) {
        strbuf_adds(sb, ", affiliation: ");
        yaml_quote(sb, a->affiliation);
    }
    if (a->email) {
        strbuf_adds(sb, ", email: ");
        yaml_quote(sb, a->email);
    }
    if (a->orcid) {
        strbuf_adds(sb, ", orcid: ");
        yaml_quote(sb, a->orcid);
    }
    strbuf_adds(sb, "}\n");
}

static void write_paper(struct strbuf *sb, const struct import_paper *p, const char *dir)
{
    yaml_key_value(sb, "      - ", "id", p->id);
    yaml_key_value(sb, "        ", "title", p->title);
    strbuf_adds(sb, "        authors:\n");
    for (size_t i = 0; i < p->nauthors; i++)
        write_author(sb, &p->authors[i]);
    if (p->nkeywords) {
        strbuf_adds(sb, "        keywords: [");
        for (size_t i = 0; i < p->nkeywords; i++) {
            if (i)
                strbuf_adds(sb, ", ");
            yaml_quote(sb, p->keywords[i]);
        }
        strbuf_adds(sb, "]\n");
    }
    char *pdf = p->pdf ? xstrdup(p->pdf) : dir[0] ? xasprintf("%s/%s.pdf", dir, p->id) : xasprintf("%s.pdf", p->id);
    yaml_key_value(sb, "        ", "pdf", pdf);
    free(pdf);
}

/* The session name of each paper, in the order they first appear, into
 * names (room for npapers); returns how many. */
static size_t session_names(const struct import_result *res, const char **names)
{
    size_t n = 0;
    for (size_t i = 0; i < res->npapers; i++) {
        const char *name = res->papers[i].session ? res->papers[i].session : "Papers";
        size_t k = 0;
        while (k < n && strcmp(names[k], name))
            k++;
        if (k == n)
            names[n++] = name;
    }
    return n;
}

size_t import_session_count(const struct import_result *res)
{
    const char **names = xcalloc(res->npapers + 1, sizeof(*names));
    size_t n = session_names(res, names);
    free(names);
    return n;
}

static const char manifest_volume[] =
    "# Every \"TODO\" below is yours to fill in; the other volume fields are\n"
    "# optional (see \"The manifest\" in collate's README).\n"
    "volume:\n"
    "  title: \"TODO: volume title (Proceedings of ...)\"\n"
    "  short_title: \"TODO: short title\"        # running heads, e.g. \"XYZ 2025\"\n"
    "  event: \"TODO: event name\"\n"
    "  location: \"TODO: city, country\"\n"
    "  dates: \"TODO: dates\"\n"
    "  year: \"TODO: year\"\n"
    "  publisher: \"TODO: publisher\"\n"
    "  # publisher_address: \"...\"\n"
    "  # editors:\n"
    "  #   - {given: \"...\", family: \"...\", affiliation: \"...\"}\n"
    "  # isbn: \"...\"\n"
    "  # doi_prefix: \"10.xxxx/...\"            # paper DOI = prefix.id\n"
    "  # notice: \"...\"                        # on the first page of each paper\n"
    "  copyright: \"TODO: the text of the copyright page\"\n"
    "\n";

char *import_manifest_yaml(const struct import_result *res, const struct import_manifest_options *opts)
{
    const char *style = opts && opts->style ? opts->style : "ieee-conference";
    char *dir = xstrdup(opts && opts->papers_dir ? opts->papers_dir : "papers");
    size_t dn = strlen(dir);
    while (dn > 1 && dir[dn - 1] == '/')
        dir[--dn] = '\0';
    if (!strcmp(dir, "."))
        dir[0] = '\0';

    const char **sessions = xcalloc(res->npapers + 1, sizeof(*sessions));
    size_t nsessions = session_names(res, sessions);

    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "# proceedings manifest written by 'collate init'");
    if (opts && opts->source)
        strbuf_addf(&sb, " from %s", opts->source);
    strbuf_addf(&sb, ":\n# %zu paper%s in %zu session%s.  Next steps:\n", res->npapers,
                res->npapers == 1 ? "" : "s", nsessions, nsessions == 1 ? "" : "s");
    strbuf_adds(&sb, "#   1. fill in the volume fields marked TODO;\n");
    strbuf_addf(&sb, "#   2. put each camera-ready PDF at %s%s<id>.pdf (or change 'pdf:');\n", dir,
                dir[0] ? "/" : "");
    strbuf_adds(&sb, "#   3. check the sessions, their order and the author names;\n"
                     "#   4. run 'collate build' on this file.\n\n");
    strbuf_adds(&sb, manifest_volume);
    strbuf_adds(&sb, "# A style from 'collate styles', or a path to a style .yml file.\n");
    yaml_key_value(&sb, "", "style", style);
    strbuf_adds(&sb, "\n# Parts before and after the papers, in this order.  Also available:\n"
                     "# committees, {message: FILE, title: ...} and keyword_index.\n"
                     "front_matter:\n  - \"title_page\"\n  - \"copyright_page\"\n  - \"toc\"\n"
                     "back_matter:\n  - \"author_index\"\n\n");
    strbuf_adds(&sb, "# Sessions in programme order; each may have a chair: \"...\".\n"
                     "# Authors are {given, family}; particles (van, de, ...) belong to the family.\n"
                     "sessions:\n");
    for (size_t s = 0; s < nsessions; s++) {
        yaml_key_value(&sb, "  - ", "title", sessions[s]);
        strbuf_adds(&sb, "    papers:\n");
        for (size_t i = 0; i < res->npapers; i++) {
            const struct import_paper *p = &res->papers[i];
            if (!strcmp(p->session ? p->session : "Papers", sessions[s]))
                write_paper(&sb, p, dir);
        }
    }
    free(sessions);
    free(dir);
    return strbuf_detach(&sb);
}
