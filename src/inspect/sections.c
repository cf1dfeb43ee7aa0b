/* sections: section headings from lines of text (see inspect/sections.h). */
#include "inspect/sections.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/textfold.h"
#include "base/util.h"

#define MAX_HEADING_BYTES 80     /* longer lines are text, not headings */
#define MAX_TITLE_WORDS 6        /* words of a heading's name after its number */
#define MAX_APPENDIX_WORDS 12    /* "Appendix A: Proof of Theorem 3 ..." */
#define LARGER 0.9               /* pt above the body size that makes a line larger */
#define BASELINE_TOL 2.0         /* pt; lines whose bottoms differ less share a baseline */
#define JOIN_GAP 60.0            /* pt; wider gaps on one baseline are another column */
#define MAX_JOINED 4             /* pieces of one baseline joined */

/* Names, folded (base/textfold), of each kind; a heading's whole name. */
// clang-format off
static const char *const references_names[] = {
    "references", "reference", "bibliography", "references and notes", "literatur", "literaturverzeichnis",
    "bibliographie", "referencias", "bibliografia", "riferimenti bibliografici", "参考文献", "文献", "참고문헌",
    NULL};
static const char *const appendix_words[] = {   /* the first word: the rest is the appendix's title */
    "appendix", "appendices", "anhang", "annexe", "annex", "apendice", "附录", NULL};
static const char *const appendix_names[] = {
    "supplementary material", "supplementary materials", "supplemental material", "supplemental materials", NULL};
static const char *const limitations_names[] = {
    "limitations", "limitation", "limitations and future work", "limitations and risks", NULL};
static const char *const ethics_names[] = {
    "ethics statement", "ethical statement", "ethics", "ethical considerations", "ethical consideration",
    "ethics and broader impact", "broader impact", "broader impacts", "broader impact statement",
    "impact statement", NULL};
static const char *const ack_names[] = {
    "acknowledgments", "acknowledgements", "acknowledgment", "acknowledgement", "danksagung", "remerciements",
    "致谢", NULL};
// clang-format on

static void buf_reset(struct strbuf *sb)
{
    sb->len = 0;
    if (sb->buf)
        sb->buf[0] = '\0';
}

static bool in_list(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

static int words_of(char *s, char **words, int max)
{
    int n = 0;
    for (char *save = NULL, *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (n == max)
            return max + 1;
        words[n++] = w;
    }
    return n;
}

/* words[from..n) joined by spaces, in buf. */
static const char *join_words(char **words, int from, int n, struct strbuf *buf)
{
    buf_reset(buf);
    for (int i = from; i < n; i++) {
        if (i > from)
            strbuf_addch(buf, ' ');
        strbuf_adds(buf, words[i]);
    }
    return strbuf_str(buf);
}

/* The kind a name (folded words) is, or -1. */
static int name_kind(char **words, int n, struct strbuf *buf)
{
    if (n <= 0)
        return -1;
    if (in_list(words[0], appendix_words))
        return n <= MAX_APPENDIX_WORDS ? SECTION_APPENDIX : -1;
    if (n > MAX_TITLE_WORDS)
        return -1;
    const char *name = join_words(words, 0, n, buf);
    if (in_list(name, references_names))
        return SECTION_REFERENCES;
    if (in_list(name, appendix_names))
        return SECTION_APPENDIX;
    if (in_list(name, limitations_names))
        return SECTION_LIMITATIONS;
    if (in_list(name, ethics_names))
        return SECTION_ETHICS;
    if (in_list(name, ack_names))
        return SECTION_ACKNOWLEDGMENTS;
    return -1;
}

static bool all_digits(const char *w)
{
    if (!*w)
        return false;
    for (; *w; w++)
        if (*w < '0' || *w > '9')
            return false;
    return true;
}

static bool is_roman(const char *w)
{
    static const char *const romans[] = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi",
                                         "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx", NULL};
    return in_list(w, romans);
}

/* What the raw text looks like: the first ASCII letter upper case (or no
 * ASCII letter: CJK), all letters capitals, a number before the name. */
struct shape {
    bool capital;                 /* starts with a capital, or has no Latin letter */
    bool caps;                    /* four or more letters, all capitals */
    bool roman_dot;               /* "VII." : a roman numeral ends with a dot */
    char first;                   /* the first ASCII letter, or 0 */
};

static struct shape shape_of(const char *text)
{
    struct shape sh = {true, false, false, 0};
    int letters = 0, lower = 0;
    for (const char *p = text; *p; p++) {
        char c = *p;
        bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
        if (!up && !low)
            continue;
        if (!sh.first) {
            sh.first = c;
            sh.capital = up;
        }
        letters++;
        lower += low;
    }
    sh.caps = letters >= 4 && lower == 0;
    size_t k = strspn(text, "IVX");
    sh.roman_dot = k > 0 && text[k] == '.';
    return sh;
}

/* The kind, and whether a number or letter leads the name. */
static int heading_kind(const char *text, bool after_references, bool *numbered, bool *lettered)
{
    *numbered = *lettered = false;
    if (strlen(text) > MAX_HEADING_BYTES)
        return -1;
    struct shape sh = shape_of(text);
    if (!sh.capital)
        return -1;
    /* "References." ends a sentence; a heading ends without a full stop */
    size_t len = strlen(text);
    while (len > 0 && (text[len - 1] == ' ' || text[len - 1] == ':'))
        len--;
    if (len > 0 && text[len - 1] == '.')
        return -1;
    char *folded = text_fold(text);
    char *words[MAX_APPENDIX_WORDS + 1];
    int n = words_of(folded, words, MAX_APPENDIX_WORDS);
    struct strbuf buf = STRBUF_INIT;
    int kind = -1;
    if (n > MAX_APPENDIX_WORDS || n == 0)
        goto out;
    int from = 0;
    while (from < n && all_digits(words[from])) /* "7", "7.1" */
        from++;
    if (from == 0 && sh.roman_dot && is_roman(words[0]))
        from = 1;
    *numbered = from > 0;
    kind = name_kind(words + from, n - from, &buf);
    if (kind < 0 && n - from >= 2 && strlen(words[from]) == 1) {
        /* small capitals split off the first letter: "R EFERENCES" */
        char *joined = xasprintf("%s%s", words[from], words[from + 1]);
        char *rest[MAX_APPENDIX_WORDS + 1];
        rest[0] = joined;
        for (int i = from + 2; i < n; i++)
            rest[i - from - 1] = words[i];
        kind = name_kind(rest, n - from - 1, &buf);
        free(joined);
        if (kind < 0 && from == 0 && sh.first >= 'A' && sh.first <= 'Z' && words[0][0] == sh.first - 'A' + 'a') {
            /* a lettered heading: "A  Proofs", "B.2 Data" */
            *lettered = true;
            if (after_references && sh.first == 'A' && n - 1 <= MAX_TITLE_WORDS)
                kind = SECTION_APPENDIX;
        }
    }
out:
    strbuf_release(&buf);
    free(folded);
    return kind;
}

int sections_heading_kind(const char *text, bool after_references)
{
    bool numbered, lettered;
    return heading_kind(text, after_references, &numbered, &lettered);
}

bool sections_bold_font(const char *font_name)
{
    if (!font_name)
        return false;
    const char *plus = strchr(font_name, '+'); /* subset tag */
    const char *name = plus ? plus + 1 : font_name;
    static const char *const marks[] = {"Bold", "bold", "BOLD", "Medi", "Semibold", "SemiBold", "Demi", "Heavy",
                                        "Black", "CMBX", "cmbx", "-Bd", "TB", NULL};
    for (const char *const *m = marks; *m; m++) {
        const char *at = strstr(name, *m);
        /* Libertine/Biolinum bold faces end in "B" ("LinBiolinumTB"); only as a suffix */
        if (at && (strcmp(*m, "TB") || at[2] == '\0' || at[2] == '-' || at[2] == ','))
            return true;
    }
    return false;
}

/* The font size most characters of the page are set in (to 0.5 pt). */
static double body_size(const struct section_line *lines, size_t n)
{
    double best = 0;
    size_t best_chars = 0;
    for (size_t i = 0; i < n; i++) {
        double sz = round(lines[i].font_size * 2) / 2;
        size_t chars = 0;
        for (size_t k = 0; k < n; k++)
            if (round(lines[k].font_size * 2) / 2 == sz)
                chars += strlen(lines[k].text);
        if (chars > best_chars || (chars == best_chars && sz < best)) {
            best = sz;
            best_chars = chars;
        }
    }
    return best;
}

static bool in_block(const struct rect *r, const struct rect *block)
{
    if (!block)
        return true;
    double cx = (r->x0 + r->x1) / 2, cy = (r->y0 + r->y1) / 2;
    return cx >= block->x0 && cx <= block->x1 && cy >= block->y0 && cy <= block->y1;
}

/* How many lines from i on sit on one baseline, close together (at most
 * MAX_JOINED); their text joined in buf. */
static size_t join_baseline(const struct section_line *lines, size_t n, size_t i, struct strbuf *buf)
{
    buf_reset(buf);
    strbuf_adds(buf, lines[i].text);
    size_t k = i + 1;
    while (k < n && k - i < MAX_JOINED) {
        const struct rect *a = &lines[k - 1].box, *b = &lines[k].box;
        double gap = b->x0 - a->x1;
        if (fabs(a->y1 - b->y1) > BASELINE_TOL || gap < 0 || gap > JOIN_GAP)
            break;
        strbuf_addch(buf, ' ');
        strbuf_adds(buf, lines[k].text);
        k++;
    }
    return k - i;
}

void sections_scan_page(const struct section_line *lines, size_t n, int page, const struct rect *block,
                        struct section_start *found)
{
    double body = body_size(lines, n);
    bool text_before = false;
    struct strbuf buf = STRBUF_INIT;
    for (size_t i = 0; i < n;) {
        size_t span = join_baseline(lines, n, i, &buf);
        const struct section_line *ln = &lines[i];
        i += span;
        if (!in_block(&ln->box, block))
            continue;
        bool numbered, lettered;
        bool after_refs = found[SECTION_REFERENCES].page != 0;
        int kind = heading_kind(strbuf_str(&buf), after_refs, &numbered, &lettered);
        if (kind >= 0) {
            bool larger = body > 0 && ln->font_size >= body + LARGER;
            bool caps = shape_of(strbuf_str(&buf)).caps;
            bool apart = ln->bold || larger || (!lettered && (caps || numbered));
            if (apart && found[kind].page == 0)
                found[kind] = (struct section_start){page, ln->box.x0, ln->box.y0, text_before};
            if (apart)
                continue; /* a heading is not body text */
        }
        text_before = true;
    }
    strbuf_release(&buf);
}

/* a comes before b in reading order on one page (columns left to right). */
static bool reads_before(const struct section_start *a, const struct section_start *b)
{
    if (!a->body_before != !b->body_before)
        return !a->body_before; /* nothing precedes a on the page */
    if (fabs(a->x - b->x) > 50)
        return a->x < b->x;
    return a->y < b->y;
}

int sections_body_pages(const struct section_start *found, unsigned not_counted, int npages, int *first)
{
    int best = -1;
    for (int k = 0; k < SECTION_KIND_COUNT; k++) {
        if (!(not_counted & 1u << k) || found[k].page <= 0)
            continue;
        if (best < 0 || found[k].page < found[best].page ||
            (found[k].page == found[best].page && reads_before(&found[k], &found[best])))
            best = k;
    }
    if (first)
        *first = best;
    if (best < 0)
        return npages;
    int pages = found[best].page - (found[best].body_before ? 0 : 1);
    return pages < 1 ? 1 : pages > npages ? npages : pages;
}
