/* metacheck: the manifest's title and authors against the paper's first page.
 *
 * Both sides are folded with text_fold (lower case, accents and punctuation
 * gone, words separated by single spaces), after typographic ligatures
 * (U+FB00-FB06, which some PDFs map instead of "ff", "fi"...) are spelled
 * out.  The first page is searched in four forms:
 *  - spaced: folded as it is, so line breaks are spaces;
 *  - joined: folded after removing line-break hyphenation ("Feder-\nated"
 *    becomes "Federated"; a hyphen that really belongs to the word,
 *    "Game-\nBased", is found in the spaced form instead);
 *  - split: joined, with a space where a lower-case letter meets an
 *    upper-case one and before a letter used as a footnote mark, because
 *    poppler joins the names of one author row ("Fern\u00e1ndezWei Zhang",
 *    IEEEtran, acmart) and some templates print letters as marks
 *    ("Chena,b"); a name is looked for here split the same way
 *    ("McDonald" is "mc donald" on both sides);
 *  - nospace: spaced without any spaces, for text whose spacing differs
 *    (CJK titles broken over lines, spaces dropped by the extractor).
 * The title matches when its folded form is in the spaced text, or its
 * form without spaces is in the nospace text, or when it equals the
 * document's /Title (a second source for title pages drawn as images or
 * in fonts without a Unicode mapping).  A family name matches as a whole
 * word of the spaced, joined or split text: no ASCII letter right before
 * or after it, so "Li" is not found in "linear", while digits and marks
 * printed against a name are boundaries ("Marchand1[0000-...]" from
 * llncs, "Trovato\u2217", "Chen\u00b9").  Only family names are looked
 * for, so initials ("H.-S. Chen") and family-first order ("CHEN Hongsen")
 * do not matter.  Names with characters outside ASCII after folding (CJK,
 * Greek, Cyrillic) have no word boundaries to rely on and match as a
 * substring of the nospace text.  An author without a Latin family name
 * is looked for by the given name (a mononym) or the native name; an
 * author with a native name also matches when only that is printed.
 *
 * Duplicates: papers are sorted by (size, CRC-32), so equal contents are
 * neighbours and each later one names the first. */
#include "check/metacheck.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/textfold.h"
#include "base/utf8.h"
#include "base/util.h"

#define FIRST_LINES 3          /* lines of the first page quoted in a finding */
#define FIRST_LINES_MAX 120    /* bytes of them */
#define MIN_NAME_CHARS 2       /* shorter family names are not looked for */

/* s with the Alphabetic Presentation Forms ligatures spelled out.  Caller frees. */
static char *expand_ligatures(const char *s)
{
    static const char *const spelled[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"}; /* U+FB00-FB06 */
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = s; *p; p++) {
        const unsigned char *u = (const unsigned char *)p;
        if (u[0] == 0xEF && u[1] == 0xAC && u[2] >= 0x80 && u[2] <= 0x86) {
            strbuf_adds(&sb, spelled[u[2] - 0x80]);
            p += 2;
        } else {
            strbuf_addch(&sb, *p);
        }
    }
    return strbuf_detach(&sb);
}

static char *fold(const char *s)
{
    char *expanded = expand_ligatures(s ? s : "");
    char *folded = text_fold(expanded);
    free(expanded);
    return folded;
}

/* Length of a hyphen (ASCII, U+2010, soft hyphen) at p, else 0. */
static size_t hyphen_at(const char *p)
{
    if (*p == '-')
        return 1;
    if (!strncmp(p, "\xe2\x80\x90", 3))
        return 3;
    if (!strncmp(p, "\xc2\xad", 2))
        return 2;
    return 0;
}

/* s with hyphens at the end of a line, after a word, removed together
 * with the line break: "Feder-\nated" is "Federated".  Caller frees. */
static char *dehyphenate(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *p = s; *p;) {
        size_t h = sb.len && !strchr(" \t\r\n", sb.buf[sb.len - 1]) ? hyphen_at(p) : 0;
        if (h) {
            const char *q = p + h;
            q += strspn(q, " \t\r");
            if (*q == '\n') {
                p = q + 1 + strspn(q + 1, " \t\r");
                continue;
            }
        }
        strbuf_addch(&sb, *p++);
    }
    return strbuf_detach(&sb);
}

static char *without_spaces(const char *s)
{
    char *out = xstrdup(s);
    size_t n = 0;
    for (const char *p = s; *p; p++)
        if (*p != ' ')
            out[n++] = *p;
    out[n] = '\0';
    return out;
}

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* needle occurs in hay with no ASCII letter right before or after it.
 * Digits and everything else are boundaries: the marks templates print
 * after names ("Chen1,2", "Chen\u2217", "Chen\u00b9") must not hide them. */
static bool find_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return false;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        if ((p == hay || !ascii_letter(p[-1])) && !ascii_letter(p[n]))
            return true;
    return false;
}

/* Letter case of a code point, for Latin letters (ASCII, Latin-1,
 * Latin Extended-A); other code points are neither. */
static bool latin_upper(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    if (c >= 0xC0 && c <= 0xDE)
        return c != 0xD7;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
        return c % 2 == 0;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c % 2 == 1;
    return c == 0x178;
}

static bool latin_lower(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    if (c >= 0xDF && c <= 0xFF)
        return c != 0xF7;
    if (c >= 0x100 && c <= 0x17F)
        return !latin_upper(c);
    return false;
}

static bool combining_mark(int32_t c)
{
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF);
}

/* A footnote or affiliation mark printed after a name. */
static bool footnote_mark(int32_t c)
{
    return c == '*' || c == 0x2217 || c == 0x2020 || c == 0x2021 || c == 0xA7 || c == 0xB6 || c == 0x2016 ||
           c == 0x22C6 || c == 0x2605;
}

/* Code point at s (or -1 at the end), without advancing. */
static int32_t peek(const char *s)
{
    size_t n = strnlen(s, 4);
    return n ? utf8_next(&s, &n) : -1;
}

/* At s, one lower-case ASCII letter used as a mark: followed by a footnote
 * mark, or by "," and another mark ("Chena,b", "Chena\u2217", "Chena,\u2217"). */
static bool letter_mark_at(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    if (footnote_mark(peek(s + 1)))
        return true;
    if (s[1] != ',')
        return false;
    if (s[2] >= 'a' && s[2] <= 'z')
        return !ascii_letter(s[3]);
    return footnote_mark(peek(s + 2));
}

/* s with a space where a name printed against the next one ends: between
 * a lower-case and an upper-case letter ("Fern\u00e1ndezWei Zhang", as
 * poppler joins the names of one author row), and before a letter used as
 * a mark ("Chena,b").  Caller frees. */
static char *split_words(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    size_t n = strlen(s);
    bool after_lower = false; /* the last letter, marks skipped, was lower case */
    while (n > 0) {
        const char *at = s;
        int32_t c = utf8_next(&s, &n);
        if (c < 0) {
            after_lower = false;
            continue;
        }
        if (after_lower && (latin_upper(c) || letter_mark_at(at)))
            strbuf_addch(&sb, ' ');
        if (!combining_mark(c))
            after_lower = latin_lower(c);
        strbuf_add(&sb, at, (size_t)(s - at));
    }
    return strbuf_detach(&sb);
}

/* The first page, folded four ways (see the top of the file). */
struct page_text {
    char *spaced, *joined, *split, *nospace;
};

static void page_text_init(struct page_text *t, const char *raw)
{
    char *dehyphenated = dehyphenate(raw);
    char *split = split_words(dehyphenated);
    t->spaced = fold(raw);
    t->joined = fold(dehyphenated);
    t->split = fold(split);
    t->nospace = without_spaces(t->spaced);
    free(split);
    free(dehyphenated);
}

static void page_text_release(struct page_text *t)
{
    free(t->spaced);
    free(t->joined);
    free(t->split);
    free(t->nospace);
}

static bool title_found(const char *title, const struct page_text *t, const char *info_title)
{
    char *ft = fold(title);
    char *nt = without_spaces(ft);
    bool found = !ft[0] || strstr(t->spaced, ft) || strstr(t->nospace, nt);
    if (!found && info_title) {
        char *fi = fold(info_title);
        char *ni = without_spaces(fi);
        found = ni[0] && !strcmp(ni, nt);
        free(fi);
        free(ni);
    }
    free(ft);
    free(nt);
    return found;
}

/* A name (as the manifest writes it) is on the page; see the top of the file. */
static bool name_found(const char *name, const struct page_text *t)
{
    char *folded = fold(name);
    bool found;
    if (all_ascii(folded)) {
        char *split = split_words(name);
        char *fsplit = fold(split);
        found = find_word(t->spaced, folded) || find_word(t->joined, folded) || find_word(t->split, fsplit);
        free(fsplit);
        free(split);
    } else {
        char *ns = without_spaces(folded);
        found = ns[0] && strstr(t->nospace, ns) != NULL;
        free(ns);
    }
    free(folded);
    return found;
}

static bool has_text(const char *s)
{
    return s && s[strspn(s, " \t\r\n")];
}

/* The name an author is looked for by, as written in the manifest (borrowed). */
static const char *author_key(const struct person *a)
{
    if (has_text(a->family))
        return a->family;
    if (has_text(a->given))
        return a->given;
    return has_text(a->native) ? a->native : NULL;
}

/* "'A'", "'A' and 'B'", "'A', 'B' and 'C'" */
static void add_quoted_list(struct strbuf *sb, const char *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_adds(sb, i + 1 == n ? " and " : ", ");
        strbuf_addf(sb, "'%s'", items[i]);
    }
}

/* The first non-empty lines of the page, joined with " / ", at most
 * FIRST_LINES_MAX bytes.  Caller frees. */
static char *first_lines(const char *raw)
{
    struct strbuf sb = STRBUF_INIT;
    int lines = 0;
    const char *p = raw;
    while (*p && lines < FIRST_LINES) {
        size_t len = strcspn(p, "\n\r\f");
        const char *end = p + len;
        while (p < end && strchr(" \t\v", *p))
            p++;
        const char *e = end;
        while (e > p && strchr(" \t\v", e[-1]))
            e--;
        if (e > p) {
            if (lines++)
                strbuf_adds(&sb, " / ");
            for (const char *c = p; c < e; c++)
                strbuf_addch(&sb, (unsigned char)*c < 0x20 ? ' ' : *c);
        }
        p = *end ? end + 1 : end;
    }
    char *s = strbuf_detach(&sb);
    if (strlen(s) > FIRST_LINES_MAX) {
        utf8_truncate(s, FIRST_LINES_MAX);
        char *cut = xasprintf("%s...", s);
        free(s);
        s = cut;
    }
    return s;
}

static void check_authors(const struct paper *p, const struct page_text *t, enum severity sev,
                          struct findings *out)
{
    const char **missing = xcalloc(p->nauthors ? p->nauthors : 1, sizeof(*missing)); /* borrowed names */
    char **seen = xcalloc(p->nauthors ? p->nauthors : 1, sizeof(*seen)); /* folded, to list each name once */
    size_t nmissing = 0;
    for (size_t i = 0; i < p->nauthors; i++) {
        const struct person *a = &p->authors[i];
        const char *key = author_key(a);
        if (!key)
            continue;
        char *folded = fold(key);
        char *ns = without_spaces(folded);
        bool checked = utf8_length(ns) >= MIN_NAME_CHARS;
        free(ns);
        bool found = !checked || name_found(key, t);
        if (!checked && key == a->family && has_text(a->given) && person_is_family_first(a)) {
            char *full = person_display_name(a); /* 陈 + 洪森: the whole name */
            found = name_found(full, t);
            free(full);
        }
        if (!found && has_text(a->native) && key != a->native)
            found = name_found(a->native, t);
        bool repeated = false;
        for (size_t k = 0; k < nmissing && !repeated; k++)
            repeated = !strcmp(seen[k], folded);
        if (!found && !repeated) {
            seen[nmissing] = folded;
            missing[nmissing++] = key;
        } else {
            free(folded);
        }
    }
    if (nmissing) {
        struct strbuf sb = STRBUF_INIT;
        strbuf_adds(&sb, nmissing == 1 ? "author " : "authors ");
        add_quoted_list(&sb, missing, nmissing);
        strbuf_addf(&sb, " in the manifest %s not appear on the first page", nmissing == 1 ? "does" : "do");
        findings_add(out, F_METADATA, sev, 1, "%s", strbuf_str(&sb));
        strbuf_release(&sb);
    }
    for (size_t k = 0; k < nmissing; k++)
        free(seen[k]);
    free(seen);
    free(missing);
}

void metacheck_paper(const struct paper *p, const struct pdf_info *info, enum severity sev, struct findings *out)
{
    if (!info->readable || info->npages <= 0)
        return;
    struct page_text t;
    page_text_init(&t, info->first_page_text ? info->first_page_text : "");
    if (!t.spaced[0]) {
        findings_add(out, F_METADATA, SEV_NOTICE, 1,
                     "first page has no extractable text; title and authors not verified");
        page_text_release(&t);
        return;
    }
    if (has_text(p->title) && !title_found(p->title, &t, info->title)) {
        char *lines = first_lines(info->first_page_text);
        findings_add(out, F_METADATA, sev, 1,
                     "title in the manifest '%s' does not appear on the first page (first lines: '%s')", p->title,
                     lines);
        free(lines);
    }
    check_authors(p, &t, sev, out);
    page_text_release(&t);
}

/* Order of paper indexes by (size, CRC-32, index), so equal contents are adjacent. */
struct content_key {
    uint64_t size;
    uint32_t crc;
    size_t index;
};

static int content_cmp(const void *a, const void *b)
{
    const struct content_key *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    if (x->crc != y->crc)
        return x->crc < y->crc ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

void metacheck_duplicates(const struct manifest *m, const struct pdf_info *infos, enum severity sev,
                          struct findings *out)
{
    size_t n = manifest_paper_count(m);
    const struct paper **papers = manifest_papers(m);
    struct content_key *keys = xcalloc(n ? n : 1, sizeof(*keys));
    size_t nkeys = 0;
    for (size_t i = 0; i < n; i++)
        if (infos[i].file_size > 0)
            keys[nkeys++] = (struct content_key){infos[i].file_size, infos[i].checksum, i};
    qsort(keys, nkeys, sizeof(*keys), content_cmp);
    size_t first = 0; /* the earliest paper of the current run of equal contents */
    for (size_t k = 0; k < nkeys; k++) {
        if (!k || keys[k].size != keys[k - 1].size || keys[k].crc != keys[k - 1].crc) {
            first = keys[k].index;
            continue;
        }
        const struct paper *a = papers[first], *b = papers[keys[k].index];
        if (!strcmp(a->pdf_path, b->pdf_path))
            findings_add(&out[keys[k].index], F_DUPLICATE_PDF, sev, 0,
                         "same file as paper '%s'; each paper needs its own PDF", a->id);
        else
            findings_add(&out[keys[k].index], F_DUPLICATE_PDF, sev, 0,
                         "same content as the PDF of paper '%s' (%s); one of the two is the wrong file", a->id,
                         a->pdf);
    }
    free(keys);
    free(papers);
}

/* ---- the file in place against the export (stale_pdf) ---- */

void metacheck_stale(const struct paper *p, const struct pdf_info *info, const char *digest_hex, enum severity sev,
                     struct findings *out)
{
    if (!info || !info->file_size)
        return; /* missing or unreadable: reported on its own */
    if (p->pdf_size > 0 && (long long)info->file_size != p->pdf_size) {
        findings_add(out, F_STALE_PDF, sev, 0,
                     "the PDF has %llu bytes but the final version in the submission system has %lld; "
                     "it is an older version or another paper's file",
                     (unsigned long long)info->file_size, p->pdf_size);
        return;
    }
    const char *want = p->pdf_sha256 ? p->pdf_sha256 : p->pdf_sha1;
    if (want && digest_hex && strcmp(want, digest_hex))
        findings_add(out, F_STALE_PDF, sev, 0,
                     "the PDF is not the final version in the submission system (%s %.12s..., recorded %.12s...); "
                     "it is an older version or another paper's file",
                     p->pdf_sha256 ? "SHA-256" : "SHA-1", digest_hex, want);
}

/* ---- another paper's title on the first page (swapped_pdf) ---- */

void metacheck_swapped(const struct manifest *m, const struct pdf_info *infos, enum severity sev,
                       struct findings *out)
{
    size_t n = manifest_paper_count(m);
    const struct paper **papers = manifest_papers(m);
    char **titles = xcalloc(n ? n : 1, sizeof(*titles)); /* folded, without spaces */
    for (size_t i = 0; i < n; i++) {
        char *f = fold(papers[i]->title);
        titles[i] = without_spaces(f);
        free(f);
    }
    for (size_t i = 0; i < n; i++) {
        const struct pdf_info *info = &infos[i];
        if (!info || !info->readable || !info->first_page_text || !has_text(papers[i]->title))
            continue;
        struct page_text t;
        page_text_init(&t, info->first_page_text);
        if (t.spaced[0] && !title_found(papers[i]->title, &t, info->title)) {
            size_t best = n;
            for (size_t j = 0; j < n; j++) /* the most specific other title on the page */
                if (j != i && strlen(titles[j]) >= 8 && strstr(t.nospace, titles[j]) &&
                    (best == n || strlen(titles[j]) > strlen(titles[best])))
                    best = j;
            if (best < n)
                findings_add(&out[i], F_SWAPPED_PDF, sev, 1,
                             "the first page has the title of paper '%s' ('%s'), not its own ('%s'): the PDFs of "
                             "'%s' and '%s' may be swapped, or the files shifted by one",
                             papers[best]->id, papers[best]->title, papers[i]->title,
                             papers[i]->id, papers[best]->id);
        }
        page_text_release(&t);
    }
    for (size_t i = 0; i < n; i++)
        free(titles[i]);
    free(titles);
    free(papers);
}
