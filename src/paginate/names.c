/* names: index sort keys and headings, and the author and keyword indexes.
 *
 * Names and keywords are compared by their folded form (text_fold,
 * base/textfold.h).
 *
 * Sort keys (name_sort_key) are "family \x01 given \x01 particles \x01
 * suffix", folded: \x01 sorts before every folded character, so all "Smith"
 * entries come before "Smithson" whatever the given names.  The parts of the
 * family name are person_family_parts': lower-case particles at its start
 * ("van", "de la", "d'") move to the end of the key, so "van Beethoven"
 * sorts under B, and so do suffixes, so "King Jr." sorts among the Kings by
 * the given names.  A capitalised particle is part of the name ("De Gaulle",
 * "Van Dyke" sort under D and V), which is how such names are usually
 * alphabetised; sort_as overrides everything.
 *
 * Headings are "Family, Given" ("van Beethoven, Ludwig"), "Family, Given,
 * Suffix" ("King, Martin Luther, Jr."), and for names written family name
 * first (family_first, or CJK script) the name in its own order without a
 * comma ("Nguyễn Văn An", "陈洪森"), filed under the family name all the same.
 *
 * Author index: mentions are one person when both have the same ORCID iD
 * (two iDs make two people, even under one name); else when their folded
 * "given family" names are equal and their native names do not differ, or,
 * when one has only a native name, the native names are equal.  An entry
 * shows the fullest spelling of its mentions (see fuller()).  Papers that
 * are not archival have no pages, so neither index lists them.
 *
 * Ownership: all returned strings and index contents are the caller's. */
#include "paginate/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/textfold.h"
#include "base/util.h"
#include "manifest/person.h"

/* ---- people ----------------------------------------------------------- */

static bool has_text(const char *s)
{
    return s && s[strspn(s, " \t\r\n")];
}

static bool has_latin(const struct person *p)
{
    return has_text(p->given) || has_text(p->family);
}

/* Copy of s with ASCII white space trimmed and runs of it made one space. */
static char *tidy(const char *s)
{
    struct strbuf sb = STRBUF_INIT;
    for (const char *c = s ? s : ""; *c; c++) {
        if (strchr(" \t\r\n", *c)) {
            if (sb.len && !strchr(" \t\r\n", c[1]) && c[1])
                strbuf_addch(&sb, ' ');
        } else {
            strbuf_addch(&sb, *c);
        }
    }
    return strbuf_detach(&sb);
}

/* "core \x01 given \x01 particles \x01 suffix", leaving out empty trailing
 * parts. */
static char *join_key(const char *core, const char *given, const char *parts, const char *suffix)
{
    if (suffix[0])
        return xasprintf("%s\x01%s\x01%s\x01%s", core, given, parts, suffix);
    if (parts[0])
        return xasprintf("%s\x01%s\x01%s", core, given, parts);
    if (given[0])
        return xasprintf("%s\x01%s", core, given);
    return xstrdup(core);
}

/* Sort key of "Family, Given" text (the sort_as form). */
static char *sort_as_key(const char *sort_as)
{
    const char *comma = strchr(sort_as, ',');
    if (!comma)
        return text_fold(sort_as);
    char *family = xstrndup(sort_as, (size_t)(comma - sort_as));
    char *f = text_fold(family), *g = text_fold(comma + 1);
    char *key = join_key(f, g, "", "");
    free(family);
    free(f);
    free(g);
    return key;
}

char *name_sort_key(const struct person *p)
{
    if (has_text(p->sort_as))
        return sort_as_key(p->sort_as);
    if (!has_latin(p))
        return text_fold(p->native);
    if (!has_text(p->family))
        return text_fold(p->given);
    char *family = tidy(p->family);
    struct family_parts fp;
    person_family_parts(family, &fp);
    char *parts = xstrndup(family, fp.particles), *core_text = xstrndup(family + fp.particles, fp.core);
    char *core = text_fold(core_text), *given = text_fold(p->given), *fparts = text_fold(parts);
    char *suffix = text_fold(family + fp.particles + fp.core);
    char *key = join_key(core, given, fparts, suffix);
    free(family);
    free(parts);
    free(core_text);
    free(core);
    free(given);
    free(fparts);
    free(suffix);
    return key;
}

char *name_index_heading(const struct person *p)
{
    char *given = tidy(p->given), *family = tidy(p->family), *native = tidy(p->native);
    struct strbuf sb = STRBUF_INIT;
    if (!given[0] && !family[0]) {
        strbuf_adds(&sb, native);
    } else {
        struct family_parts fp;
        person_family_parts(family, &fp);
        if (family[0] && given[0] && person_is_family_first(p)) {
            char *name = person_join_names(given, family, true);
            strbuf_adds(&sb, name);
            free(name);
        } else if (family[0] && given[0] && fp.suffix) { /* "King, Martin Luther, Jr." */
            strbuf_add(&sb, family, fp.particles + fp.core);
            strbuf_addf(&sb, ", %s,%s", given, family + fp.particles + fp.core);
        } else if (family[0] && given[0]) {
            strbuf_addf(&sb, "%s, %s", family, given);
        } else {
            strbuf_adds(&sb, family[0] ? family : given);
        }
        if (native[0])
            strbuf_addf(&sb, " (%s)", native);
    }
    free(given);
    free(family);
    free(native);
    return strbuf_detach(&sb);
}

/* ---- a string multimap ------------------------------------------------ */

#define NONE SIZE_MAX

struct keymap_item {
    char *key;    /* owned */
    size_t value; /* a group or entry index */
    size_t next;  /* next item in the bucket (in insertion order), NONE at the end */
};

/* Keys to values; one key may have several values, returned in the order
 * they were added. */
struct keymap {
    size_t *heads;             /* first item of each bucket, NONE when empty */
    size_t nheads;             /* a power of two, 0 before the first add */
    struct keymap_item *items;
    size_t n, cap;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037); /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}

static void keymap_link(struct keymap *m, size_t i)
{
    size_t *at = &m->heads[hash_str(m->items[i].key) & (m->nheads - 1)];
    while (*at != NONE)
        at = &m->items[*at].next;
    *at = i;
    m->items[i].next = NONE;
}

static void keymap_add(struct keymap *m, const char *key, size_t value)
{
    struct keymap_item *it = ARRAY_PUSH(m->items, m->n, m->cap);
    it->key = xstrdup(key);
    it->value = value;
    if (m->n > m->nheads) { /* keep the load at most 1: rebuild the buckets */
        free(m->heads);
        m->nheads = m->nheads ? m->nheads * 2 : 64;
        m->heads = xmalloc(m->nheads * sizeof(*m->heads));
        for (size_t i = 0; i < m->nheads; i++)
            m->heads[i] = NONE;
        for (size_t i = 0; i < m->n; i++)
            keymap_link(m, i);
    } else {
        keymap_link(m, m->n - 1);
    }
}

/* The item after `from` (NONE: the first) with this key, or NONE. */
static size_t keymap_find(const struct keymap *m, const char *key, size_t from)
{
    if (!m->nheads)
        return NONE;
    size_t i = from == NONE ? m->heads[hash_str(key) & (m->nheads - 1)] : m->items[from].next;
    for (; i != NONE; i = m->items[i].next)
        if (!strcmp(m->items[i].key, key))
            return i;
    return NONE;
}

static bool keymap_has(const struct keymap *m, const char *key, size_t value)
{
    for (size_t i = keymap_find(m, key, NONE); i != NONE; i = keymap_find(m, key, i))
        if (m->items[i].value == value)
            return true;
    return false;
}

static void keymap_release(struct keymap *m)
{
    for (size_t i = 0; i < m->n; i++)
        free(m->items[i].key);
    free(m->items);
    free(m->heads);
    memset(m, 0, sizeof(*m));
}

/* ---- author index ----------------------------------------------------- */

/* One person of the author index, gathered from all their mentions. */
struct group {
    const struct person *rep;   /* the fullest spelling: printed */
    const struct person *first; /* first mention: named in messages */
    const char *sort_as;        /* first sort_as seen, or NULL; borrowed */
    bool has_orcid;
    bool has_latin;
    char *native;               /* folded native name of the first mention with one, or NULL */
    char *family, *given;       /* folded names of the first mention */
    int *papers;
    size_t npapers, cap;
};

struct author_ctx {
    struct group *groups;
    size_t n, cap;
    struct keymap keys; /* "o:" ORCID, "n:" folded "given family", "j:" folded native -> group */
    bool warn;          /* report ambiguous mentions and near-duplicates */
};

/* Key of an ORCID iD: its bare form (the manifest loader has checked and
 * normalised it; other text is its own key).  Caller frees. */
static char *orcid_key(const char *orcid)
{
    char *bare = person_orcid_normalize(orcid);
    char *key = xasprintf("o:%s", bare ? bare : orcid);
    free(bare);
    return key;
}

/* Number of code points, and how many of them are not ASCII. */
static void count_letters(const char *s, size_t *all, size_t *accented)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        *all += (c & 0xC0) != 0x80;
        *accented += c >= 0xC0;
    }
}

/* Whether a is a fuller spelling than b: it has a Latin name, a native
 * name, more letters, more non-ASCII letters ("John" over "J.", "Zoë
 * Dvořák" over "Zoe Dvorak").  Ties keep b, the earlier one. */
static bool fuller(const struct person *a, const struct person *b)
{
    if (has_latin(a) != has_latin(b))
        return has_latin(a);
    if (has_text(a->native) != has_text(b->native))
        return has_text(a->native);
    size_t na = 0, nb = 0, xa = 0, xb = 0;
    count_letters(a->given, &na, &xa);
    count_letters(a->family, &na, &xa);
    count_letters(b->given, &nb, &xb);
    count_letters(b->family, &nb, &xb);
    return na != nb ? na > nb : xa > xb;
}

/* " (manifest.yaml:12:9)" for a message, "" without a file. */
static char *loc_text(const struct srcloc *loc)
{
    if (!loc->file)
        return xstrdup("");
    if (loc->line > 0 && loc->col > 0)
        return xasprintf(" (%s:%d:%d)", loc->file, loc->line, loc->col);
    if (loc->line > 0)
        return xasprintf(" (%s:%d)", loc->file, loc->line);
    return xasprintf(" (%s)", loc->file);
}

/* The group a mention belongs to, or NONE.  An ORCID iD decides when both
 * sides have one; otherwise the folded Latin names must be equal and the
 * native names must not differ, or, when one side has only a native name,
 * the native names must be equal. */
static size_t find_group(struct author_ctx *ctx, const struct person *p, const char *okey, const char *nkey,
                         const char *jkey)
{
    if (okey) {
        size_t i = keymap_find(&ctx->keys, okey, NONE);
        if (i != NONE)
            return ctx->keys.items[i].value;
    }
    size_t best = NONE, nmatch = 0;
    if (nkey) {
        for (size_t i = keymap_find(&ctx->keys, nkey, NONE); i != NONE; i = keymap_find(&ctx->keys, nkey, i)) {
            size_t g = ctx->keys.items[i].value;
            if (okey && ctx->groups[g].has_orcid)
                continue;
            if (jkey && ctx->groups[g].native && !keymap_has(&ctx->keys, jkey, g))
                continue;
            nmatch++;
            best = g < best ? g : best;
        }
    }
    if (jkey) {
        for (size_t i = keymap_find(&ctx->keys, jkey, NONE); i != NONE; i = keymap_find(&ctx->keys, jkey, i)) {
            size_t g = ctx->keys.items[i].value;
            if ((okey && ctx->groups[g].has_orcid) || (nkey && ctx->groups[g].has_latin))
                continue; /* both have Latin names: those decide, above */
            nmatch++;
            best = g < best ? g : best;
        }
    }
    if (nmatch > 1 && ctx->warn) {
        char *name = person_display_name(p);
        char *where = loc_text(&ctx->groups[best].first->loc);
        diag_warning(&p->loc, "author '%s' matches %zu people of that name; listed with the first%s; add the "
                     "ORCID iD of the person meant", name, nmatch, where);
        free(name);
        free(where);
    }
    return best;
}

static void add_mention(struct author_ctx *ctx, const struct person *p, int paper)
{
    if (!has_latin(p) && !has_text(p->native))
        return;
    char *okey = has_text(p->orcid) ? orcid_key(p->orcid) : NULL;
    char *nkey = NULL, *jkey = NULL;
    if (has_latin(p)) {
        char *full = xasprintf("%s %s", p->given ? p->given : "", p->family ? p->family : "");
        char *f = text_fold(full);
        nkey = xasprintf("n:%s", f);
        free(full);
        free(f);
    }
    char *native = has_text(p->native) ? text_fold(p->native) : NULL;
    if (native)
        jkey = xasprintf("j:%s", native);

    size_t gi = find_group(ctx, p, okey, nkey, jkey);
    if (gi == NONE) {
        gi = ctx->n;
        struct group *g = ARRAY_PUSH(ctx->groups, ctx->n, ctx->cap);
        memset(g, 0, sizeof(*g));
        g->rep = g->first = p;
        g->family = text_fold(p->family);
        g->given = text_fold(p->given);
    }
    struct group *g = &ctx->groups[gi];
    if (fuller(p, g->rep))
        g->rep = p;
    if (!g->sort_as && has_text(p->sort_as))
        g->sort_as = p->sort_as;
    if (okey && !g->has_orcid) {
        keymap_add(&ctx->keys, okey, gi);
        g->has_orcid = true;
    }
    if (nkey && !keymap_has(&ctx->keys, nkey, gi)) {
        keymap_add(&ctx->keys, nkey, gi);
        g->has_latin = true;
    }
    if (jkey && !keymap_has(&ctx->keys, jkey, gi))
        keymap_add(&ctx->keys, jkey, gi);
    if (native && !g->native)
        g->native = xstrdup(native);
    if (!g->npapers || g->papers[g->npapers - 1] != paper)
        *ARRAY_PUSH(g->papers, g->npapers, g->cap) = paper;
    free(okey);
    free(nkey);
    free(jkey);
    free(native);
}

/* UTF-8 length of the first character of s (0 for ""). */
static size_t first_char_len(const char *s)
{
    size_t n = s[0] != '\0';
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

/* Whether two different folded given names could be one person's: word by
 * word equal or an initial of the other ("j" and "john", "j p" and "jean
 * pierre", "john" and "john a"). */
static bool initials_match(const char *a, const char *b)
{
    while (*a && *b) {
        size_t na = strcspn(a, " "), nb = strcspn(b, " ");
        bool same = na == nb && !memcmp(a, b, na);
        bool initial = (first_char_len(a) == na || first_char_len(b) == nb) &&
                       first_char_len(a) == first_char_len(b) && !memcmp(a, b, first_char_len(a));
        if (!same && !initial)
            return false;
        a += na + (a[na] == ' ');
        b += nb + (b[nb] == ' ');
    }
    return true;
}

/* Whether a and b differ by one inserted character or two swapped
 * neighbours ("jon" and "john", "micheal" and "michael"); names of fewer
 * than 3 bytes never match.  One replaced letter does not count ("wei" and
 * "wen" are different names), nor a g after n ("xin" and "xing", "xinyu"
 * and "xingyu": pinyin -n and -ng make different names). */
static bool typo_match(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > lb) {
        const char *t = a;
        a = b, b = t;
        size_t tl = la;
        la = lb, lb = tl;
    }
    if (la < 3)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (lb == la + 1)
        return !(b[i] == 'g' && i > 0 && b[i - 1] == 'n') && !strcmp(a + i, b + i + 1);
    return lb == la && i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && !strcmp(a + i + 2, b + i + 2);
}

/* Whether groups a (earlier) and b may be one person spelt two ways: the
 * same family name, the same initial and given names that look like an
 * abbreviation or a typo of each other ("J. Smith", "Jon Smith" and "John
 * Smith", but not "Lars" and "Łukasz Nowak"); or the same native name under
 * other Latin names.  People that ORCID iDs or native names tell apart are
 * not reported. */
static bool near_duplicate(const struct group *a, const struct group *b, bool same_native)
{
    if (a->has_orcid && b->has_orcid)
        return false;
    if (same_native)
        return a->has_latin && b->has_latin;
    if (a->native && b->native && strcmp(a->native, b->native))
        return false;
    size_t ia = first_char_len(a->given);
    if (!ia || ia != first_char_len(b->given) || memcmp(a->given, b->given, ia) || !strcmp(a->given, b->given))
        return false;
    return initials_match(a->given, b->given) || typo_match(a->given, b->given);
}

static void warn_near_duplicate(const struct group *a, const struct group *b)
{
    char *na = person_display_name(a->first), *nb = person_display_name(b->first);
    char *where = loc_text(&a->first->loc);
    diag_warning(&b->first->loc,
                 "author '%s' may be the same person as '%s'%s; give both the same ORCID or spelling to merge them",
                 nb, na, where);
    free(na);
    free(nb);
    free(where);
}

/* Report near-duplicates, each pair once, at the later person, in the order
 * of the manifest. */
static void report_near_duplicates(const struct author_ctx *ctx)
{
    struct keymap seen = {0}; /* "f:" folded family, "j:" folded native -> group */
    for (size_t b = 0; b < ctx->n; b++) {
        const struct group *gb = &ctx->groups[b];
        char *fkey = xasprintf("f:%s", gb->family);
        char *jkey = gb->native ? xasprintf("j:%s", gb->native) : NULL;
        if (gb->has_latin && gb->family[0]) {
            for (size_t i = keymap_find(&seen, fkey, NONE); i != NONE; i = keymap_find(&seen, fkey, i))
                if (near_duplicate(&ctx->groups[seen.items[i].value], gb, false))
                    warn_near_duplicate(&ctx->groups[seen.items[i].value], gb);
            keymap_add(&seen, fkey, b);
        }
        if (jkey) {
            for (size_t i = keymap_find(&seen, jkey, NONE); i != NONE; i = keymap_find(&seen, jkey, i)) {
                const struct group *ga = &ctx->groups[seen.items[i].value];
                bool reported = !strcmp(ga->family, gb->family) && near_duplicate(ga, gb, false);
                if (!reported && near_duplicate(ga, gb, true))
                    warn_near_duplicate(ga, gb);
            }
            keymap_add(&seen, jkey, b);
        }
        free(fkey);
        free(jkey);
    }
    keymap_release(&seen);
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Entries by sort key, then heading, then pages: entries equal in all three
 * print the same, so the order is total where it can be seen. */
static int entry_cmp(const void *a, const void *b)
{
    const struct index_entry *x = a, *y = b;
    int c = strcmp(x->sort_key, y->sort_key);
    if (!c)
        c = strcmp(x->heading, y->heading);
    for (size_t i = 0; !c && i < x->npapers && i < y->npapers; i++)
        c = int_cmp(&x->papers[i], &y->papers[i]);
    if (!c)
        c = (x->npapers > y->npapers) - (x->npapers < y->npapers);
    return c;
}

void author_index_build(const struct volume *v, bool warn, struct name_index *out)
{
    struct author_ctx ctx = {0};
    ctx.warn = warn;
    for (size_t k = 0; k < v->npapers; k++) {
        const struct paper *pp = v->papers[k].paper;
        if (!pp->archival) /* no pages to point to */
            continue;
        for (size_t a = 0; a < pp->nauthors; a++)
            add_mention(&ctx, &pp->authors[a], (int)k);
    }
    if (warn)
        report_near_duplicates(&ctx);

    out->n = ctx.n;
    out->entries = xcalloc(ctx.n ? ctx.n : 1, sizeof(*out->entries));
    for (size_t i = 0; i < ctx.n; i++) {
        struct group *g = &ctx.groups[i];
        struct person p = *g->rep;
        if (!has_text(p.sort_as))
            p.sort_as = (char *)g->sort_as;
        struct index_entry *e = &out->entries[i];
        e->heading = name_index_heading(g->rep);
        e->sort_key = name_sort_key(&p);
        e->papers = g->papers;
        e->npapers = g->npapers;
        free(g->native);
        free(g->family);
        free(g->given);
    }
    qsort(out->entries, out->n, sizeof(*out->entries), entry_cmp);
    free(ctx.groups);
    keymap_release(&ctx.keys);
}

/* ---- keyword index ---------------------------------------------------- */

struct keyword_ctx {
    struct index_entry *entries;
    size_t n, cap;
    struct keymap keys; /* folded keyword -> entry */
};

static void add_keyword(struct keyword_ctx *ctx, const char *keyword, int paper)
{
    char *key = text_fold(keyword);
    if (!key[0]) {
        free(key);
        return;
    }
    size_t i = keymap_find(&ctx->keys, key, NONE);
    struct index_entry *e;
    if (i != NONE) {
        e = &ctx->entries[ctx->keys.items[i].value];
        free(key);
    } else {
        keymap_add(&ctx->keys, key, ctx->n);
        e = ARRAY_PUSH(ctx->entries, ctx->n, ctx->cap);
        memset(e, 0, sizeof(*e));
        e->heading = tidy(keyword);
        e->sort_key = key;
    }
    e->papers = xrealloc(e->papers, (e->npapers + 1) * sizeof(*e->papers));
    e->papers[e->npapers++] = paper;
}

void keyword_index_build(const struct volume *v, struct name_index *out)
{
    struct keyword_ctx ctx = {0};
    /* The manifest's spellings first: they win the heading over the papers'. */
    for (size_t k = 0; k < v->npapers; k++) {
        const struct paper *pp = v->papers[k].paper;
        for (size_t i = 0; pp->archival && i < pp->nkeywords; i++)
            add_keyword(&ctx, pp->keywords[i], (int)k);
    }
    for (size_t k = 0; k < v->npapers; k++)
        for (char **kw = v->papers[k].found_keywords; v->papers[k].paper->archival && kw && *kw; kw++)
            add_keyword(&ctx, *kw, (int)k);

    for (size_t i = 0; i < ctx.n; i++) { /* papers ascending, without repeats */
        struct index_entry *e = &ctx.entries[i];
        qsort(e->papers, e->npapers, sizeof(*e->papers), int_cmp);
        size_t n = 0;
        for (size_t j = 0; j < e->npapers; j++)
            if (!n || e->papers[n - 1] != e->papers[j])
                e->papers[n++] = e->papers[j];
        e->npapers = n;
    }
    qsort(ctx.entries, ctx.n, sizeof(*ctx.entries), entry_cmp);
    out->entries = ctx.entries ? ctx.entries : xcalloc(1, sizeof(*out->entries));
    out->n = ctx.n;
    keymap_release(&ctx.keys);
}

void name_index_release(struct name_index *idx)
{
    if (!idx)
        return;
    for (size_t i = 0; i < idx->n; i++) {
        free(idx->entries[i].heading);
        free(idx->entries[i].sort_key);
        free(idx->entries[i].papers);
    }
    free(idx->entries);
    idx->entries = NULL;
    idx->n = 0;
}
