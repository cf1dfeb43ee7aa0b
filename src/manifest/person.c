/* person: splitting names into given and family names, the parts of a
 * family name, and the order a name is shown in.
 *
 * The rules follow how names are filed in indexes and bibliographies
 * (the "von" part of BibTeX names, the Chicago Manual's index rules), with
 * a few additions for names that are common in conference author lists:
 * capitalised particles of Belgian, Italian and Arabic names ("Luc Van
 * Gool", "Roberto Di Pietro", "Amira Ben Salah"), Malay and Arabic
 * patronymics, Spanish and Catalan double family names joined by "y" or
 * "i", and names in CJK script, which are written family name first. */
#include "manifest/person.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/utf8.h"
#include "base/util.h"

void person_release(struct person *p)
{
    free(p->given);
    free(p->family);
    free(p->native);
    free(p->sort_as);
    free(p->affiliation);
    free(p->orcid);
    free(p->email);
}

void person_name_release(struct person_name *n)
{
    free(n->given);
    free(n->family);
    n->given = n->family = NULL;
}

/* ---- word lists ------------------------------------------------------- */

/* Words that belong to the family name that follows them.  In lower case
 * they always do; capital: also when capitalised inside a name ("Luc Van
 * Gool"), which the others ("in", "het", "'t") never are. */
static const struct {
    const char *word;
    bool capital;
} particles[] = {
    {"'t", false},   {"af", false},    {"al", true},     {"auf", false},   {"av", false},    {"ben", true},
    {"bin", true},   {"bint", false},  {"binti", false}, {"da", true},     {"dal", true},    {"dalla", true},
    {"das", true},   {"de", true},     {"degli", true},  {"dei", true},    {"del", true},    {"dela", true},
    {"della", true}, {"delle", true},  {"dello", true},  {"den", true},    {"der", true},    {"des", true},
    {"di", true},    {"do", true},     {"dos", true},    {"du", true},     {"el", true},     {"het", false},
    {"ibn", false},  {"in", false},    {"la", true},     {"las", true},    {"le", true},     {"les", true},
    {"lo", true},    {"los", true},    {"op", true},     {"te", true},     {"ten", true},    {"ter", true},
    {"van", true},   {"vande", true},  {"vanden", true}, {"vander", true}, {"vom", true},    {"von", true},
    {"zu", true},    {"zum", true},    {"zur", true},
};

/* Lower-case particles written joined to the name: "d'Alembert", "al-Farabi"
 * (ASCII or typographic apostrophes).  They end the particles. */
static const char *const joined_particles[] = {
    "d'", "d\xe2\x80\x99", "dall'", "dall\xe2\x80\x99", "dell'", "dell\xe2\x80\x99",
    "l'", "l\xe2\x80\x99", "al-", "el-",
};

/* Lower-case patronymics: the rest of the name is the family name
 * ("Najib bin Abdul Razak"). */
static const char *const patronymics[] = {"bin", "binti", "bint", "ibn"};

/* Lower-case words joining two family names ("Ortega y Gasset", "Esteve i Puig"). */
static const char *const conjunctions[] = {"y", "i", "e"};

/* Generational suffixes, kept after the family name.  The letters of Jr
 * and the like match in any case; numerals only in capitals. */
static const char *const suffixes_nocase[] = {"Jr.", "Jr", "Sr.", "Sr", "Jnr.", "Jnr", "Snr.", "Snr"};
static const char *const suffixes_exact[] = {"II", "III", "IV"};

/* Common Chinese, Vietnamese and Korean family names in Latin letters:
 * before one of them a capitalised "particle" is a given name ("Hung Van
 * Nguyen", "Zhi Bin Li", "Wei Da Zhang"). */
static const char *const east_asian_families[] = {
    "ahn", "bae", "baek", "bai", "bui", "cai", "cao", "chan", "chang", "chen", "cheng", "cheung", "chiu",
    "cho", "choi", "chow", "cui", "dang", "deng", "ding", "dinh", "do", "doan", "dong", "du", "duan", "duong",
    "fan", "fang", "feng", "gao", "gu", "guo", "han", "hao", "he", "heo", "ho", "hoang", "hong", "hou", "hsieh",
    "hsu", "hu", "huang", "huynh", "hwang", "jang", "jeong", "jia", "jiang", "jin", "jo", "jung", "kang", "kim",
    "ko", "kong", "kuo", "kwon", "lai", "lam", "lau", "le", "lee", "lei", "leung", "li", "liang", "liao", "lim",
    "lin", "liu", "long", "lu", "luo", "luong", "ly", "ma", "mai", "mao", "meng", "moon", "nam", "ng", "ngo",
    "nguyen", "oh", "pan", "park", "peng", "pham", "phan", "qian", "qin", "qiu", "ren", "seo", "shen", "shi",
    "shin", "son", "song", "su", "sun", "ta", "tan", "tang", "tao", "tian", "tran", "trinh", "truong", "tsai",
    "tsang", "tse", "vo", "vu", "wan", "wang", "wei", "wen", "wong", "wu", "xia", "xiao", "xie", "xiong", "xu",
    "yan", "yang", "yao", "ye", "yin", "yip", "yoo", "yoon", "yu", "yuan", "yun", "zeng", "zhang", "zhao",
    "zheng", "zhong", "zhou", "zhu", "zou",
};

/* Compound family names in CJK script (two characters). */
static const char *const cjk_compounds[] = {
    "欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "東方", "夏侯", "皇甫",
    "尉迟", "尉遲", "公孙", "公孫", "慕容", "长孙", "長孫", "宇文", "令狐", "轩辕", "軒轅", "端木",
    "独孤", "獨孤", "南宫", "南宮", "西门", "西門", "百里", "呼延", "闻人", "聞人", "澹台", "澹臺",
    "太史", "申屠", "万俟", "萬俟", "钟离", "鍾離", "司空", "左丘", "东郭", "東郭", "公冶", "濮阳",
    "濮陽", "淳于", "单于", "單于", "赫连", "赫連", "拓跋",
    "남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방",
};

static bool word_is(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && !memcmp(w, s, n);
}

static bool word_is_nocase(const char *w, size_t n, const char *s)
{
    return strlen(s) == n && !strncasecmp(w, s, n);
}

static bool word_in(const char *w, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (word_is(w, n, list[i]))
            return true;
    return false;
}

/* A lower-case particle ("van", "de"). */
static bool is_particle(const char *w, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(particles); i++)
        if (word_is(w, n, particles[i].word))
            return true;
    return false;
}

/* A particle in capitals or with a capital first letter ("Van", "DI"). */
static bool is_capital_particle(const char *w, size_t n)
{
    if (!n || w[0] < 'A' || w[0] > 'Z')
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(particles); i++)
        if (particles[i].capital && word_is_nocase(w, n, particles[i].word))
            return true;
    return false;
}

static bool is_suffix(const char *w, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(suffixes_nocase); i++)
        if (word_is_nocase(w, n, suffixes_nocase[i]))
            return true;
    return word_in(w, n, suffixes_exact, ARRAY_SIZE(suffixes_exact));
}

static bool is_east_asian_family(const char *w, size_t n)
{
    for (size_t i = 0; i < ARRAY_SIZE(east_asian_families); i++)
        if (word_is_nocase(w, n, east_asian_families[i]))
            return true;
    return false;
}

/* ---- scripts ---------------------------------------------------------- */

static bool is_han(int32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3005 || cp == 0x3006; /* 々 〆 */
}

static bool is_kana(int32_t cp)
{
    return (cp >= 0x3041 && cp <= 0x30FF && cp != 0x30FB && cp != 0x30A0) || /* not the dot and double hyphen */
           (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F);
}

static bool is_hangul(int32_t cp)
{
    return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||
           (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
}

/* A letter of a script written without spaces between names. */
static bool is_cjk(int32_t cp)
{
    return is_han(cp) || is_kana(cp) || is_hangul(cp);
}

/* Whether s has a CJK letter and nothing else but spaces. */
static bool cjk_text(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    bool any = false;
    while (n > 0) {
        int32_t cp = utf8_next(&s, &n);
        if (cp == ' ')
            continue;
        if (!is_cjk(cp))
            return false;
        any = true;
    }
    return any;
}

/* The last code point of s, or -1. */
static int32_t last_cp(const char *s)
{
    size_t len = strlen(s), at = len;
    while (at > 0 && ((unsigned char)s[at - 1] & 0xC0) == 0x80)
        at--;
    if (at > 0)
        at--;
    const char *p = s + at;
    size_t n = len - at;
    return n ? utf8_next(&p, &n) : -1;
}

static int32_t first_cp(const char *s)
{
    size_t n = strlen(s);
    return n ? utf8_next(&s, &n) : -1;
}

/* ---- splitting -------------------------------------------------------- */

/* Length of a whitespace character at s (ASCII, no-break, the Unicode
 * spaces and the ideographic space), 0 if s is not one. */
static size_t space_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (*u == ' ' || (*u >= '\t' && *u <= '\r'))
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xAF))
        return 3; /* U+2000..U+200A, U+202F */
    if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3; /* U+3000 */
    return 0;
}

/* Copy of s with every run of white space one ASCII space, the ends
 * trimmed, and fullwidth commas made ASCII. */
static char *tidy(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    bool pending = false;
    for (const char *p = s ? s : ""; *p;) {
        size_t sp = space_len(p);
        if (sp) {
            pending = sb.len > 0;
            p += sp;
            continue;
        }
        if (pending)
            strbuf_addch(&sb, ' ');
        pending = false;
        if (p[0] == '\xef' && p[1] == '\xbc' && p[2] == '\x8c') { /* U+FF0C */
            strbuf_addch(&sb, ',');
            p += 3;
        } else {
            strbuf_addch(&sb, *p++);
        }
    }
    return sb.buf ? strbuf_detach(&sb) : xstrdup("");
}

/* Copy of s[0..n-1] without surrounding spaces (s is tidy). */
static char *trim_copy(const char *s, size_t n)
{
    while (n && *s == ' ')
        s++, n--;
    while (n && s[n - 1] == ' ')
        n--;
    return xstrndup(s, n);
}

/* The words of a tidy string. */
struct words {
    const char **at;
    size_t *len;
    size_t n;
};

static void words_split(const char *s, struct words *w)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ' ';
    w->at = xcalloc(cap, sizeof(*w->at));
    w->len = xcalloc(cap, sizeof(*w->len));
    w->n = 0;
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, " ");
        if (n) {
            w->at[w->n] = p;
            w->len[w->n++] = n;
        }
        p += n + (p[n] == ' ');
    }
}

static void words_release(struct words *w)
{
    free(w->at);
    free(w->len);
}

/* Words i..j-1 as one string ("" when i == j). */
static char *words_span(const struct words *w, size_t i, size_t j)
{
    if (i >= j)
        return xstrdup("");
    return xstrndup(w->at[i], (size_t)(w->at[j - 1] + w->len[j - 1] - w->at[i]));
}

/* A CJK name without spaces: the family name is the Han characters before
 * kana (山田はな), else the first character, or two for a compound
 * surname or a name of four characters or more. */
static void split_cjk(const char *s, struct person_name *out)
{
    size_t count = 0, han_run = 0, cut2 = 0, cut1 = 0;
    bool kana_after_han = false;
    const char *p = s;
    size_t left = strlen(s);
    while (left > 0) {
        int32_t cp = utf8_next(&p, &left);
        count++;
        if (count == 1)
            cut1 = (size_t)(p - s);
        if (count == 2)
            cut2 = (size_t)(p - s);
        if (is_han(cp) && han_run == count - 1)
            han_run = count;
        else if (is_kana(cp) && han_run && han_run == count - 1)
            kana_after_han = true;
    }
    size_t cut = cut1;
    if (!han_run && !is_hangul(first_cp(s))) {
        cut = strlen(s); /* kana only: cannot tell, one name */
    } else if (kana_after_han) {
        p = s;
        left = strlen(s);
        for (size_t i = 0; i < han_run; i++)
            utf8_next(&p, &left);
        cut = (size_t)(p - s);
    } else if (count >= 4 || (count == 3 && word_in(s, cut2, cjk_compounds, ARRAY_SIZE(cjk_compounds)))) {
        cut = cut2;
    }
    out->family = xstrndup(s, cut);
    out->given = xstrdup(s + cut);
}

/* "Given Names [particles] Family [Suffix]" (s tidy, without commas). */
static void split_natural(const char *s, bool family_first, struct person_name *out)
{
    struct words w;
    words_split(s, &w);
    if (w.n <= 1) {
        out->given = xstrdup("");
        out->family = xstrdup(s);
        words_release(&w);
        return;
    }
    if (family_first) {
        out->family = words_span(&w, 0, 1);
        out->given = words_span(&w, 1, w.n);
        words_release(&w);
        return;
    }
    size_t end = w.n; /* the suffixes start here */
    while (end > 1 && is_suffix(w.at[end - 1], w.len[end - 1]))
        end--;
    size_t core = end - 1, k = core; /* the family name starts at word k */
    for (size_t i = 1; i < core && k == core; i++)
        if (word_in(w.at[i], w.len[i], patronymics, ARRAY_SIZE(patronymics)))
            k = i;
    bool asian = is_east_asian_family(w.at[core], w.len[core]);
    while (k > 0) {
        const char *pw = w.at[k - 1];
        size_t pn = w.len[k - 1];
        if (is_particle(pw, pn) || (k - 1 > 0 && !asian && is_capital_particle(pw, pn)))
            k--;
        else if (k >= 2 && word_in(pw, pn, conjunctions, ARRAY_SIZE(conjunctions)))
            k -= 2;
        else
            break;
    }
    out->given = words_span(&w, 0, k);
    out->family = words_span(&w, k, w.n);
    words_release(&w);
}

/* Move lower-case particles that end the given names of a "Family, Given"
 * name to the front of the family name ("Beethoven, Ludwig van"). */
static void move_trailing_particles(struct person_name *out)
{
    struct words w;
    words_split(out->given, &w);
    size_t k = w.n;
    while (k > 0 && is_particle(w.at[k - 1], w.len[k - 1]))
        k--;
    if (k < w.n) {
        char *parts = words_span(&w, k, w.n), *given = words_span(&w, 0, k);
        char *family = xasprintf("%s %s", parts, out->family);
        free(parts);
        free(out->given);
        free(out->family);
        out->given = given;
        out->family = family;
    }
    words_release(&w);
}

/* Whether every word of s is a suffix ("Jr.", "III"). */
static bool all_suffixes(const char *s)
{
    struct words w;
    words_split(s, &w);
    bool all = w.n > 0;
    for (size_t i = 0; i < w.n && all; i++)
        all = is_suffix(w.at[i], w.len[i]);
    words_release(&w);
    return all;
}

static void append_word(char **s, const char *word)
{
    if (!word[0])
        return;
    char *t = (*s)[0] ? xasprintf("%s %s", *s, word) : xstrdup(word);
    free(*s);
    *s = t;
}

/* "Family, Given", "Family, Given, Jr.", "Family, Jr., Given" and
 * "Given Family, Jr." (s tidy, with a comma at comma). */
static void split_comma(const char *s, const char *comma, bool family_first, struct person_name *out)
{
    char *a = trim_copy(s, (size_t)(comma - s));
    const char *rest = comma + 1, *comma2 = strchr(rest, ',');
    char *b = trim_copy(rest, comma2 ? (size_t)(comma2 - rest) : strlen(rest));
    char *c = comma2 ? trim_copy(comma2 + 1, strlen(comma2 + 1)) : NULL;
    if (!a[0]) { /* ", Ada": only the given part */
        char *t = c && c[0] ? xasprintf("%s %s", b, c) : xstrdup(b);
        split_natural(t, family_first, out);
        free(t);
    } else if (!c && (!b[0] || all_suffixes(b))) { /* "Ada Lovelace," "Martin Luther King, Jr." */
        split_natural(a, family_first, out);
        append_word(&out->family, b);
    } else if (c && b[0] && all_suffixes(b)) { /* "King, Jr., Martin Luther" */
        out->family = xasprintf("%s %s", a, b);
        out->given = xstrdup(c);
        move_trailing_particles(out);
    } else { /* "Lovelace, Ada", "King, Martin Luther, Jr." */
        out->family = xstrdup(a);
        out->given = xstrdup(b);
        move_trailing_particles(out);
        if (c)
            append_word(all_suffixes(c) ? &out->family : &out->given, c);
    }
    free(a);
    free(b);
    free(c);
}

void person_parse_name(const char *name, bool family_first, struct person_name *out)
{
    char *s = tidy(name);
    out->given = out->family = NULL;
    out->family_first = family_first;
    const char *comma = strchr(s, ',');
    if (comma) {
        split_comma(s, comma, family_first, out);
    } else if (cjk_text(s)) {
        if (strchr(s, ' '))
            split_natural(s, true, out);
        else
            split_cjk(s, out);
    } else {
        split_natural(s, family_first, out);
    }
    if (!out->family[0] && out->given[0]) { /* a mononym is a family name */
        char *t = out->family;
        out->family = out->given;
        out->given = t;
    }
    if (cjk_text(out->family) && (!out->given[0] || cjk_text(out->given)))
        out->family_first = true;
    free(s);
}

/* ---- family names ----------------------------------------------------- */

void person_family_parts(const char *family, struct family_parts *out)
{
    size_t len = strlen(family), pos = 0;
    for (;;) {
        const char *tok = family + pos;
        size_t n = strcspn(tok, " ");
        if (tok[n] == ' ' && is_particle(tok, n)) {
            pos += n + 1;
            continue;
        }
        for (size_t i = 0; i < ARRAY_SIZE(joined_particles); i++) {
            size_t jn = strlen(joined_particles[i]);
            if (jn < n && !memcmp(tok, joined_particles[i], jn)) {
                pos += jn;
                break;
            }
        }
        break;
    }
    size_t end = len; /* suffixes start at end */
    for (;;) {
        size_t sp = end;
        while (sp > pos && family[sp - 1] != ' ')
            sp--;
        if (sp <= pos || !is_suffix(family + sp, end - sp))
            break; /* the core keeps at least one word */
        end = sp - 1;
    }
    out->particles = pos;
    out->core = end - pos;
    out->suffix = len - end;
}

/* ---- display ---------------------------------------------------------- */

static bool has_text(const char *s)
{
    return s && s[0];
}

bool person_is_family_first(const struct person *p)
{
    return p->family_first || (cjk_text(p->family) && cjk_text(p->given));
}

char *person_join_names(const char *given, const char *family, bool family_first)
{
    const char *first = family_first ? family : given, *second = family_first ? given : family;
    if (!has_text(first) || !has_text(second))
        return xstrdup(has_text(first) ? first : has_text(second) ? second : "");
    bool tight = is_cjk(last_cp(first)) && is_cjk(first_cp(second));
    return xasprintf("%s%s%s", first, tight ? "" : " ", second);
}

char *person_display_name(const struct person *p)
{
    if (!has_text(p->given) && !has_text(p->family))
        return xstrdup(p->native ? p->native : "");
    return person_join_names(p->given, p->family, person_is_family_first(p));
}

/* ---- ORCID iD --------------------------------------------------------- */

char *person_orcid_normalize(const char *s)
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
        if (s[i] < '0' || s[i] > '9')
            return NULL;
        total = (total + (s[i] - '0')) * 2;
    }
    int check = (12 - total % 11) % 11;
    if (s[18] != (check == 10 ? 'X' : '0' + check))
        return NULL;
    return xstrdup(s);
}
