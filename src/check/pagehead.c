/* pagehead: header and footer lines and page numbers (see pagehead.h). */
#include "check/pagehead.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"

static int roman_value(const char *s)
{
    static const struct {
        char c;
        int v;
    } digits[] = {{'i', 1}, {'v', 5}, {'x', 10}, {'l', 50}, {'c', 100}};
    int total = 0, prev = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 8)
        return -1;
    for (size_t i = n; i-- > 0;) {
        int v = 0;
        for (size_t k = 0; k < ARRAY_SIZE(digits); k++)
            if (tolower((unsigned char)s[i]) == digits[k].c)
                v = digits[k].v;
        if (!v)
            return -1;
        total += v < prev ? -v : v;
        if (v > prev)
            prev = v;
    }
    return total > 0 ? total : -1;
}

int pagehead_parse_number(const char *text)
{
    char buf[64];
    size_t n = 0;
    /* Keep letters and digits of the first word group; drop dashes, dots, spaces. */
    for (const char *p = text; *p && n < sizeof(buf) - 1; p++)
        if (isalnum((unsigned char)*p) || *p == ' ')
            buf[n++] = *p;
    buf[n] = '\0';
    char *s = buf;
    while (*s == ' ')
        s++;
    if (strncasecmp(s, "page ", 5) == 0)
        s += 5;
    while (*s == ' ')
        s++;
    char *end = s + strlen(s);
    while (end > s && end[-1] == ' ')
        *--end = '\0';
    /* "12 of 20" */
    char *of = strstr(s, " of ");
    if (of)
        *of = '\0';
    if (!*s)
        return -1;
    if (isdigit((unsigned char)*s)) {
        char *stop;
        long v = strtol(s, &stop, 10);
        return *stop || v <= 0 || v > 99999 ? -1 : (int)v;
    }
    return roman_value(s);
}

/* A page number in a running head: an arabic number, or a lower-case
 * roman one, as the first or last word of a line that also has words
 * ("2  P. Dvořák et al.", "Title  3"), or after "Page" anywhere in it
 * ("2023-11-14 22:13. Page 2 of 1–2.").  Returns it or -1. */
static int running_head_number(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, "page ", 5) != 0 || (p > text && isalnum((unsigned char)p[-1])))
            continue;
        if (isdigit((unsigned char)p[5])) {
            long v = strtol(p + 5, NULL, 10);
            if (v > 0 && v <= 99999)
                return (int)v;
        }
    }
    const char *first_end = text + strcspn(text, " ");
    const char *last = strrchr(text, ' ');
    if (!*first_end || !last)
        return -1; /* one word: no running head */
    last++;
    const char *words[2][2] = {{text, first_end}, {last, last + strlen(last)}};
    for (int w = 0; w < 2; w++) {
        const char *a = words[w][0], *b = words[w][1];
        while (a < b && ispunct((unsigned char)*a))
            a++;
        while (b > a && ispunct((unsigned char)b[-1]))
            b--;
        size_t len = (size_t)(b - a);
        if (len == 0 || len > 8)
            continue;
        char word[9];
        memcpy(word, a, len);
        word[len] = '\0';
        bool digits = true, roman = true;
        for (size_t k = 0; k < len; k++) {
            digits = digits && isdigit((unsigned char)word[k]);
            roman = roman && strchr("ivxlc", word[k]) != NULL;
        }
        long v = digits && len <= 5 ? strtol(word, NULL, 10) : 0;
        if (v > 0)
            return (int)v;
        if (roman)
            return roman_value(word);
    }
    return -1;
}

/* Where a margin text is: above or below area a and across it (its
 * middle within the area's width); false for anything else (beside it:
 * line numbers, marginal notes). */
static bool head_zone(const struct margin_text *t, const struct area *a, enum zone *zone)
{
    double cx = (t->box.x0 + t->box.x1) / 2;
    if (cx < a->r.x0 || cx > a->r.x1)
        return false;
    if (t->box.y1 <= a->r.y0 + 1)
        *zone = ZONE_HEAD;
    else if (t->box.y0 >= a->r.y1 + 1)
        *zone = ZONE_FOOT;
    else
        return false;
    return true;
}

/* The lines of page p above or below area a, into lines[] (at most
 * MAX_HEAD_LINES); returns how many. */
static size_t head_lines(const struct page_info *p, const struct area *a, struct head_line *lines)
{
    size_t n = 0;
    bool used[MAX_HEAD_LINES * 4] = {false};
    size_t nt = p->nmargin_texts < ARRAY_SIZE(used) ? p->nmargin_texts : ARRAY_SIZE(used);
    for (size_t i = 0; i < nt && n < MAX_HEAD_LINES; i++) {
        const struct margin_text *t = &p->margin_texts[i];
        enum zone zone, other;
        if (used[i] || !head_zone(t, a, &zone))
            continue;
        /* Gather the texts on the same line, left to right. */
        size_t parts[MAX_HEAD_LINES * 4];
        size_t np = 0;
        for (size_t k = i; k < nt; k++) {
            const struct rect *r = &p->margin_texts[k].box;
            double overlap = fmin(r->y1, t->box.y1) - fmax(r->y0, t->box.y0);
            double least = fmin(r->y1 - r->y0, t->box.y1 - t->box.y0);
            if (!used[k] && head_zone(&p->margin_texts[k], a, &other) && other == zone &&
                (k == i || overlap >= least / 2)) {
                used[k] = true;
                parts[np++] = k;
            }
        }
        for (size_t x = 1; x < np; x++)
            for (size_t y = x; y > 0 && p->margin_texts[parts[y]].box.x0 < p->margin_texts[parts[y - 1]].box.x0; y--) {
                size_t tmp = parts[y];
                parts[y] = parts[y - 1];
                parts[y - 1] = tmp;
            }
        struct strbuf text = STRBUF_INIT;
        struct head_line *l = &lines[n++];
        memset(l, 0, sizeof(*l));
        l->zone = zone;
        for (size_t x = 0; x < np; x++) {
            const struct margin_text *part = &p->margin_texts[parts[x]];
            if (x)
                strbuf_adds(&text, "  ");
            strbuf_adds(&text, part->text ? part->text : "");
            rect_union(&l->box, &part->box);
        }
        const char *s = strbuf_str(&text);
        l->value = pagehead_parse_number(s);
        if (l->value <= 0) {
            l->value = running_head_number(s);
            l->with_text = l->value > 0;
        }
        strbuf_release(&text);
    }
    return n;
}

/* A number on a page, as a candidate page number. */
struct folio_candidate {
    int offset;        /* value - page index */
    int page;          /* 0-based */
};

static int folio_candidate_cmp(const void *a, const void *b)
{
    const struct folio_candidate *x = a, *y = b;
    if (x->offset != y->offset)
        return (x->offset > y->offset) - (x->offset < y->offset);
    return (x->page > y->page) - (x->page < y->page);
}

/* Mark the lines whose numbers follow the page sequence (at a constant
 * offset: papers numbered from their place in a previous volume).  The
 * offset most pages agree on wins (ties: the smaller), so a year in a
 * header does not set it.  Returns how many pages have one. */
static int mark_folios(const struct pdf_info *info, struct page_heads *heads)
{
    size_t n = 0;
    for (int i = 0; i < info->npages; i++)
        n += heads[i].n;
    struct folio_candidate *cand = xcalloc(n ? n : 1, sizeof(*cand));
    size_t m = 0;
    for (int i = 0; i < info->npages; i++)
        for (size_t k = 0; k < heads[i].n; k++)
            if (heads[i].lines[k].value > 0)
                cand[m++] = (struct folio_candidate){heads[i].lines[k].value - i, i};
    qsort(cand, m, sizeof(*cand), folio_candidate_cmp);
    int best_offset = 0, best_count = 0;
    for (size_t k = 0; k < m;) {
        size_t end = k;
        int pages = 0;
        for (; end < m && cand[end].offset == cand[k].offset; end++)
            pages += end == k || cand[end].page != cand[end - 1].page;
        if (pages > best_count) {
            best_count = pages;
            best_offset = cand[k].offset;
        }
        k = end;
    }
    free(cand);
    for (int i = 0; i < info->npages; i++)
        for (size_t k = 0; k < heads[i].n; k++) {
            struct head_line *l = &heads[i].lines[k];
            l->folio = best_count > 0 && l->value > 0 && l->value - i == best_offset;
        }
    return best_count;
}

void pagehead_find(const struct pdf_info *info, const struct area *areas, struct page_heads *heads)
{
    int n = info->npages;
    for (int i = 0; i < n; i++)
        heads[i].n = info->pages[i].nmargin_texts ? head_lines(&info->pages[i], &areas[i], heads[i].lines) : 0;
    int count = mark_folios(info, heads);
    /* One stray number is a figure label; numbers on most pages are folios. */
    bool folios = n == 1 ? count == 1 : count >= 2 && count * 2 >= n;
    if (!folios)
        for (int i = 0; i < n; i++)
            for (size_t k = 0; k < heads[i].n; k++)
                heads[i].lines[k].folio = false;
}
