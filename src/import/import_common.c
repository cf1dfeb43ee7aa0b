/* import_common: the part of 'collate init' that every export format
 * shares: loading and checking the input files (size, UTF-8, byte order
 * marks, workbooks), the format table and detection, decisions, paper ids,
 * ORCID iDs, and building the papers and authors.  The formats are in
 * import_<name>.c, the manifest writer in import_manifest.c. */
#include "import/importer.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "import/reader.h"
#include "import/workbook.h"
#include "manifest/person.h"

#define MAX_INPUT (64u << 20) /* bytes in one export file */
#define MAX_FILES 2           /* files read together (EasyChair's submissions and authors) */
#define MAX_LISTED 10         /* skipped papers named in the summary note */
#define MAX_BAD_LINES 5       /* invalid UTF-8 lines reported per file */

/* ---- the state of an import ---- */

/* Errors reported since importing started (diag counts them all). */
static int importer_errors(const struct importer *im)
{
    return diag_error_count() - im->errors_before;
}

/* True the first time key is seen (for one warning per unknown key). */
bool importer_first_time(struct importer *im, const char *key)
{
    for (size_t i = 0; i < im->nwarned; i++)
        if (!strcmp(im->warned[i], key))
            return false;
    *ARRAY_PUSH(im->warned, im->nwarned, im->warned_cap) = xstrdup(key);
    return true;
}

void importer_note_skipped(struct importer *im, const char *what, const char *why)
{
    /* "#5" is paper p5: remembered for 'init --update' (withdrawn papers). */
    char *number = what[0] == '#' ? import_parse_number(what + 1) : NULL;
    if (number) {
        struct import_result *res = im->res;
        *ARRAY_PUSH(res->skips, res->nskips, res->skips_cap) =
            (struct import_skip){xasprintf("p%s", number), xstrdup(why)};
        free(number);
    }
    if (im->nskipped < MAX_LISTED)
        strbuf_addf(&im->skipped, "%s%s (%s)", im->nskipped ? ", " : "", what, why);
    im->nskipped++;
    im->res->skipped++;
}

/* The note listing this file's skipped papers; resets the list. */
void importer_flush_skipped(struct importer *im, const char *noun)
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

bool import_is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* Copy of s[0..n-1] without surrounding whitespace. */
char *import_trimmed(const char *s, size_t n)
{
    while (n && import_is_space((unsigned char)*s))
        s++, n--;
    while (n && import_is_space((unsigned char)s[n - 1]))
        n--;
    return xstrndup(s, n);
}

/* One line of text: runs of whitespace (line breaks too) become one space,
 * the ends are trimmed, other control characters are dropped with a
 * warning.  Longer than IMPORT_MAX_TEXT is an error.  NULL gives "". */
char *import_clean_text(struct importer *im, const char *s, const struct srcloc *loc, const char *what)
{
    struct strbuf sb = STRBUF_INIT;
    bool dropped = false, pending_space = false;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (import_is_space(*p)) {
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
    if (sb.len > IMPORT_MAX_TEXT)
        diag_error(loc, "the %s is too long (%zu bytes; at most %d)", what, sb.len, IMPORT_MAX_TEXT);
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

static bool ascii_prefix_ieq(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    return strlen(s) >= n && !strncasecmp(s, prefix, n);
}

/* A decision means acceptance when it starts with "accept" ("accept",
 * "ACCEPT", "Accepted (poster)"). */
bool import_decision_accepts(const char *decision)
{
    return ascii_prefix_ieq(decision, "accept");
}

/* A submission number: digits only (leading zeros dropped). NULL if not one. */
char *import_parse_number(const char *s)
{
    char *t = import_trimmed(s, strlen(s));
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

bool import_valid_id(const char *id)
{
    if (!*id || strlen(id) > IMPORT_MAX_ID)
        return false;
    for (const char *c = id; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != '.')
            return false;
    return true;
}

/* ---- papers ---- */

struct import_paper *import_new_paper(struct importer *im, int line)
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

void import_paper_release(struct import_paper *p)
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
    free(p->number);
    free(p->alt_id);
    free(p->pdf_sha256);
    free(p->pdf_sha1);
}

char *import_paper_fingerprint(const struct import_paper *p)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, p->title ? p->title : "");
    for (size_t i = 0; i < p->nauthors; i++) {
        const struct import_author *a = &p->authors[i];
        strbuf_addf(&sb, "\x1e%s\x1f%s\x1f%s\x1f%s\x1f%s", a->given, a->family, a->affiliation ? a->affiliation : "",
                    a->email ? a->email : "", a->orcid ? a->orcid : "");
    }
    uint32_t crc = crc32_update(0, sb.buf ? sb.buf : "", sb.len);
    strbuf_release(&sb);
    return xasprintf("%08x", (unsigned)crc);
}

/* Drop the last paper (it had errors or was not accepted). */
void import_drop_last_paper(struct importer *im)
{
    import_paper_release(&im->res->papers[--im->res->npapers]);
}

void import_add_keyword(struct import_paper *p, char *kw)
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
void import_add_keywords(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc)
{
    const char *sep = strchr(s, '\n') ? "\n" : strchr(s, ';') ? ";" : ",";
    const char *start = s;
    for (;;) {
        const char *end = strpbrk(start, sep);
        size_t n = end ? (size_t)(end - start) : strlen(start);
        char *raw = xstrndup(start, n);
        import_add_keyword(p, import_clean_text(im, raw, loc, "keyword"));
        free(raw);
        if (!end)
            break;
        start = end + 1;
    }
}

/* Add an author given as split names (either may be empty). */
struct import_author *import_add_author(struct importer *im, struct import_paper *p, const char *given,
                                        const char *family, const struct srcloc *loc)
{
    struct import_author *a = ARRAY_PUSH(p->authors, p->nauthors, p->authors_cap);
    memset(a, 0, sizeof(*a));
    a->given = import_clean_text(im, given, loc, "given name");
    a->family = import_clean_text(im, family, loc, "family name");
    if (!a->family[0] && a->given[0]) { /* a mononym goes in the family name */
        char *t = a->family;
        a->family = a->given;
        a->given = t;
    }
    return a;
}

/* Add an author given as one full name, in the order the export writes it
 * (person_parse_name: "Given Family", "Family, Given", CJK family first). */
struct import_author *import_add_author_name(struct importer *im, struct import_paper *p, const char *name,
                                             const struct srcloc *loc)
{
    struct person_name pn;
    person_parse_name(name, false, &pn);
    struct import_author *a = import_add_author(im, p, pn.given, pn.family, loc);
    a->family_first = pn.family_first;
    person_name_release(&pn);
    return a;
}

void import_set_optional(char **field, char *value)
{
    free(*field);
    *field = value[0] ? value : NULL;
    if (!*field)
        free(value);
}

/* One author of a list: "Name", "Name (Affiliation)", with CMT's '*' for
 * the contact author after either. */
struct import_author *import_add_author_entry(struct importer *im, struct import_paper *p, const char *entry,
                                              const struct srcloc *loc)
{
    char *t = import_trimmed(entry, strlen(entry));
    size_t n = strlen(t);
    while (n && (t[n - 1] == '*' || import_is_space((unsigned char)t[n - 1])))
        t[--n] = '\0';
    char *affiliation = NULL;
    if (n > 2 && t[n - 1] == ')') {
        int depth = 0;
        size_t k = n;
        while (k > 0) { /* the '(' that opens the last group */
            k--;
            depth += t[k] == ')' ? 1 : t[k] == '(' ? -1 : 0;
            if (!depth)
                break;
        }
        if (!depth && k > 0 && t[k] == '(') {
            affiliation = import_trimmed(t + k + 1, n - k - 2);
            t[k] = '\0';
        }
    }
    char *name = import_trimmed(t, strlen(t));
    size_t m = strlen(name);
    while (m && name[m - 1] == '*')
        name[--m] = '\0';
    struct import_author *a = NULL;
    if (name[0]) {
        a = import_add_author_name(im, p, name, loc);
        if (affiliation)
            import_set_optional(&a->affiliation, import_clean_text(im, affiliation, loc, "affiliation"));
    }
    free(name);
    free(affiliation);
    free(t);
    return a;
}

/* Split s at sep (one character), outside parentheses; returns the parts
 * (caller frees each and the array) and their count in *n. */
static char **split_outside_parens(const char *s, char sep, size_t *n)
{
    char **parts = NULL;
    size_t cap = 0;
    *n = 0;
    int depth = 0;
    const char *start = s;
    for (const char *c = s;; c++) {
        if (*c == '(')
            depth++;
        else if (*c == ')' && depth > 0)
            depth--;
        if (!*c || (*c == sep && !depth)) {
            *ARRAY_PUSH(parts, *n, cap) = xstrndup(start, (size_t)(c - start));
            if (!*c)
                break;
            start = c + 1;
        }
    }
    return parts;
}

size_t import_add_author_list(struct importer *im, struct import_paper *p, const char *s, const struct srcloc *loc)
{
    size_t added = 0, n;
    bool semicolons = strchr(s, ';') != NULL;
    char **parts = split_outside_parens(s, semicolons ? ';' : ',', &n);
    for (size_t i = 0; i < n; i++) {
        /* "A, B and C": the last part holds two names */
        char *rest = parts[i];
        for (;;) {
            while (import_is_space((unsigned char)*rest))
                rest++;
            if (!semicolons && (str_starts_with(rest, "and ") || str_starts_with(rest, "and\t")))
                rest += 4;
            char *and = semicolons ? NULL : strstr(rest, " and ");
            if (and)
                *and = '\0';
            if (import_add_author_entry(im, p, rest, loc))
                added++;
            if (!and)
                break;
            rest = and + 5;
        }
        free(parts[i]);
    }
    free(parts);
    return added;
}

char **import_split_cell(const char *s, char sep, size_t *n)
{
    char **parts = split_outside_parens(s, sep, n);
    for (size_t i = 0; i < *n; i++) {
        char *t = import_trimmed(parts[i], strlen(parts[i]));
        free(parts[i]);
        parts[i] = t;
    }
    return parts;
}

void import_free_parts(char **parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(parts[i]);
    free(parts);
}

void import_set_orcid(struct import_author *a, const char *s, const struct srcloc *loc)
{
    char *t = import_trimmed(s, strlen(s));
    if (t[0]) {
        free(a->orcid);
        a->orcid = person_orcid_normalize(t);
        if (!a->orcid)
            diag_warning(loc, "'%s' is not a valid ORCID iD; left out", t);
    }
    free(t);
}

static bool all_hex(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

bool import_set_pdf_hash(struct import_paper *p, const char *hash)
{
    const char *h = hash;
    if (str_starts_with(h, "sha2-"))
        h += 5;
    else if (str_starts_with(h, "sha256:") || str_starts_with(h, "sha256-"))
        h += 7;
    char **slot = all_hex(h, 64) ? &p->pdf_sha256 : all_hex(h, 40) && h == hash ? &p->pdf_sha1 : NULL;
    if (!slot)
        return false;
    free(*slot);
    *slot = xstrdup(h);
    for (char *c = *slot; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return true;
}

/* A paper must have a title and named authors. */
bool import_paper_complete(struct importer *im, struct import_paper *p, const char *what)
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
        struct srcloc loc = {path, line, utf8_column(line_start, (size_t)(at - line_start))};
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
    } else if (workbook_sniff(text, len) == WORKBOOK_XLSX || workbook_sniff(text, len) == WORKBOOK_XLS) {
        *len_out = len; /* read as a workbook by import_files */
        return text;
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

/* ---- formats ---- */

extern const struct import_reader import_easychair_reader;
extern const struct import_reader import_hotcrp_reader;
extern const struct import_reader import_csv_reader;
extern const struct import_reader import_edas_reader;
extern const struct import_reader import_openreview_reader;
extern const struct import_reader import_start_reader;
extern const struct import_reader import_cmt_reader;

/* Every format, in the order detection tries them: the most specific
 * headers first (CMT's 'Paper ID' with its own columns before EDAS's
 * 'Paper ID' with 'Status'), EasyChair's '#' after them, the generic plain
 * CSV last. */
static const struct import_reader *const readers[] = {
    &import_openreview_reader, &import_hotcrp_reader,    &import_start_reader, &import_cmt_reader,
    &import_edas_reader,       &import_easychair_reader, &import_csv_reader,
};

static const struct import_reader *find_reader(enum import_format format)
{
    for (size_t i = 0; i < ARRAY_SIZE(readers); i++)
        if (readers[i]->format == format)
            return readers[i];
    return NULL;
}

bool import_format_from_name(const char *name, enum import_format *out)
{
    if (name && str_ieq(name, "auto")) {
        *out = IMPORT_AUTO;
        return true;
    }
    for (size_t i = 0; name && i < ARRAY_SIZE(readers); i++)
        if (str_ieq(name, readers[i]->name)) {
            *out = readers[i]->format;
            return true;
        }
    return false;
}

const char *import_format_name(enum import_format format)
{
    const struct import_reader *r = find_reader(format);
    return r ? r->name : "auto";
}

/* The reader of an export, from its name, first bytes and CSV header;
 * NULL after an error. */
static const struct import_reader *detect_reader(const struct import_input *in, size_t nfiles)
{
    struct import_sniff s = {in, nfiles, false, NULL};
    size_t i = 0;
    while (i < in->len && import_is_space((unsigned char)in->text[i]))
        i++;
    s.json = !in->table && (str_ends_with(in->path, ".json") || str_ends_with(in->path, ".JSON") ||
                            (i < in->len && (in->text[i] == '[' || in->text[i] == '{')));
    struct import_table header = {0};
    if (in->table)
        s.header = in->table;
    else if (!s.json && import_table_read_header(in->text, in->len, &header))
        s.header = &header;
    const struct import_reader *found = NULL;
    for (size_t k = 0; k < ARRAY_SIZE(readers) && !found; k++)
        if (readers[k]->detect && readers[k]->detect(&s))
            found = readers[k];
    if (header.names)
        import_table_release(&header);
    if (!found) {
        struct srcloc loc = {in->path, 0, 0};
        diag_error(&loc, "cannot tell what kind of export this is");
        struct strbuf sb = STRBUF_INIT;
        for (size_t k = 0; k < ARRAY_SIZE(readers); k++)
            strbuf_addf(&sb, "%s--from %s", !k ? "" : k + 1 < ARRAY_SIZE(readers) ? ", " : " or ",
                        readers[k]->name);
        diag_hint("name the format with %s", strbuf_str(&sb));
        strbuf_release(&sb);
    }
    return found;
}

/* ---- the entry point ---- */

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
    char *texts[MAX_FILES] = {NULL};
    struct import_table tables[MAX_FILES];
    bool have_table[MAX_FILES] = {false};
    struct import_input in[MAX_FILES];
    if (n < 1 || n > MAX_FILES) {
        diag_error(NULL, "give one export file (or EasyChair's submission and author files)");
        return importer_errors(&im);
    }
    for (size_t i = 0; i < n; i++) {
        in[i] = (struct import_input){paths[i], NULL, 0, NULL};
        texts[i] = load_input(&im, paths[i], &in[i].len);
        in[i].text = texts[i];
        enum workbook_kind wk = texts[i] ? workbook_sniff(texts[i], in[i].len) : WORKBOOK_NONE;
        if (wk != WORKBOOK_NONE && (have_table[i] = workbook_read(paths[i], texts[i], in[i].len, &tables[i])))
            in[i].table = &tables[i];
    }
    if (importer_errors(&im))
        goto done;
    const struct import_reader *reader = format == IMPORT_AUTO ? detect_reader(in, n) : find_reader(format);
    if (!reader)
        goto done;
    out->format = reader->format;
    if (n > reader->max_files) {
        struct srcloc loc = {paths[reader->max_files], 0, 0};
        diag_error(&loc, "only EasyChair exports come in two files (submissions and authors)");
        goto done;
    }
    reader->read(&im, in, n);
    check_unique_ids(&im);
    if (!importer_errors(&im) && out->npapers == 0) {
        struct srcloc loc = {paths[0], 0, 0};
        diag_error(&loc, "no accepted papers found");
    }
done:
    for (size_t i = 0; i < n; i++) {
        free(texts[i]);
        if (have_table[i])
            import_table_release(&tables[i]);
    }
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
        import_paper_release(&res->papers[i]);
    free(res->papers);
    for (size_t i = 0; i < res->nskips; i++) {
        free(res->skips[i].id);
        free(res->skips[i].why);
    }
    free(res->skips);
    memset(res, 0, sizeof(*res));
}

void import_end_paper(struct importer *im, struct import_paper *p, const char *noun, const char *what)
{
    char *desc = xasprintf("%s %s", noun, what);
    if (!import_paper_complete(im, p, desc))
        import_drop_last_paper(im);
    free(desc);
}

struct import_paper *import_begin_row(struct importer *im, const char *path, const struct csv_row *row, int cnum,
                                      int cstatus, int ctitle, const char *number_name, char **what)
{
    *what = NULL;
    char *number = import_parse_number(import_cell(row, cnum));
    if (!number) {
        struct srcloc nloc = import_cell_loc(path, row, cnum);
        diag_error(&nloc, "'%s' is not %s", import_cell(row, cnum), number_name);
        return NULL;
    }
    char *status = import_trimmed(import_cell(row, cstatus), strlen(import_cell(row, cstatus)));
    *what = xasprintf("#%s", number);
    struct import_paper *p = NULL;
    if (status[0] && !import_decision_accepts(status)) {
        importer_note_skipped(im, *what, status);
        free(*what);
        *what = NULL;
    } else {
        p = import_new_paper(im, row->line);
        p->id = xasprintf("p%s", number);
        p->number = xstrdup(number);
        struct srcloc tloc = import_cell_loc(path, row, ctitle);
        p->title = import_clean_text(im, import_cell(row, ctitle), &tloc, "title");
    }
    free(status);
    free(number);
    return p;
}

void import_finish_row(struct importer *im, struct import_paper *p, const char *path, const struct csv_row *row,
                       int ckeywords, int ctrack, const char *noun, const char *what)
{
    if (ckeywords >= 0) {
        struct srcloc kloc = import_cell_loc(path, row, ckeywords);
        import_add_keywords(im, p, import_cell(row, ckeywords), &kloc);
    }
    if (ctrack >= 0) {
        struct srcloc sloc = import_cell_loc(path, row, ctrack);
        import_set_optional(&p->session, import_clean_text(im, import_cell(row, ctrack), &sloc, "track"));
    }
    import_end_paper(im, p, noun, what);
}
