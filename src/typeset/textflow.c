/* textflow: greedy line breaking over measured boxes, Markdown-lite parsing. */
#include "typeset/textflow.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"

bool tf_is_cjk(long cp)
{
    return (cp >= 0x1100 && cp <= 0x11FF) ||  /* Hangul Jamo */
           (cp >= 0x2E80 && cp <= 0x2FFF) ||  /* radicals, Kangxi */
           (cp >= 0x3000 && cp <= 0x303F) ||  /* CJK symbols and punctuation */
           (cp >= 0x3040 && cp <= 0x31FF) ||  /* kana, Bopomofo, Hangul compatibility */
           (cp >= 0x3200 && cp <= 0x4DBF) ||  /* enclosed, compatibility, extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||  /* unified ideographs */
           (cp >= 0xA960 && cp <= 0xA97F) ||  /* Hangul Jamo extended */
           (cp >= 0xAC00 && cp <= 0xD7AF) ||  /* Hangul syllables */
           (cp >= 0xF900 && cp <= 0xFAFF) ||  /* compatibility ideographs */
           (cp >= 0xFE30 && cp <= 0xFE4F) ||  /* compatibility forms */
           (cp >= 0xFF00 && cp <= 0xFFEF);    /* half- and full-width forms */
}

/* Characters that may not start a line (closing marks, small kana). */
static bool no_line_start(long cp)
{
    static const char *const marks = ",.;:!?)]}%'\"";
    if (cp < 0x80)
        return cp && strchr(marks, (int)cp);
    switch (cp) {
    case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B: case 0xFF1F:
    case 0xFF01: case 0xFF09: case 0x3015: case 0xFF3D: case 0xFF5D: case 0x3009: case 0x300B:
    case 0x300D: case 0x300F: case 0x3011: case 0x3019: case 0x3017: case 0x301F: case 0x2019:
    case 0x201D: case 0x30FC: case 0x2026: case 0x309D: case 0x309E: case 0x3005: case 0x30FB:
    case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: case 0x3063: case 0x3083:
    case 0x3085: case 0x3087: case 0x308E: case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7:
    case 0x30A9: case 0x30C3: case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE: case 0x30F5:
    case 0x30F6:
        return true;
    default:
        return false;
    }
}

/* Characters that may not end a line (opening marks). */
static bool no_line_end(long cp)
{
    switch (cp) {
    case '(': case '[': case '{': case 0xFF08: case 0x3014: case 0xFF3B: case 0xFF5B: case 0x3008:
    case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3018: case 0x3016: case 0x301D:
    case 0x2018: case 0x201C:
        return true;
    default:
        return false;
    }
}

static bool is_space(long cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x3000 ||
           cp == 0x2002 || cp == 0x2003 || cp == 0x2009;
}

void tf_para_init(struct tf_para *p)
{
    memset(p, 0, sizeof(*p));
}

void tf_para_release(struct tf_para *p)
{
    strbuf_release(&p->text);
    free(p->boxes);
    tf_para_init(p);
}

void tf_para_clear(struct tf_para *p)
{
    p->text.len = 0;
    if (p->text.buf)
        p->text.buf[0] = '\0';
    p->n = 0;
    p->pending_space = p->no_break_next = false;
}

const char *tf_box_text(const struct tf_para *p, const struct tf_box *b)
{
    return p->text.buf + b->off;
}

void tf_para_add_space(struct tf_para *p)
{
    p->pending_space = true;
}

/* Start a box for a character at the end of the text. */
static struct tf_box *new_box(struct tf_para *p, long cp, bool cjk, int face, double size, bool pending_break)
{
    const struct tf_box *prev = p->n ? &p->boxes[p->n - 1] : NULL;
    bool breakable = p->pending_space || pending_break;
    if (!breakable && prev && (cjk || prev->cjk))
        breakable = !no_line_start(cp); /* between CJK characters, or CJK and Latin */
    if (p->no_break_next && !p->pending_space)
        breakable = false;
    struct tf_box *b = ARRAY_PUSH(p->boxes, p->n, p->cap);
    memset(b, 0, sizeof(*b));
    b->off = p->text.len;
    b->face = face;
    b->size = size;
    b->space = p->pending_space && prev;
    b->breakable = breakable && prev;
    b->cjk = cjk;
    p->pending_space = false;
    return b;
}

void tf_para_add(struct tf_para *p, const char *text, size_t len, int face, double size)
{
    const char *s = text;
    size_t n = len;
    bool pending_break = false;
    /* The last box can grow when the text goes on without a space. */
    bool open = p->n && !p->pending_space && !p->boxes[p->n - 1].cjk;
    while (n > 0) {
        int32_t cp = utf8_next(&s, &n);
        if (cp < 0)
            cp = 0xFFFD;
        if (is_space(cp)) {
            p->pending_space = true;
            open = false;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x00AD || cp == 0xFEFF)
            continue; /* control characters, soft hyphen, BOM */
        if (cp == 0x200B) { /* zero-width space: a break without a space */
            pending_break = true;
            open = false;
            continue;
        }
        bool cjk = tf_is_cjk(cp);
        struct tf_box *last = p->n ? &p->boxes[p->n - 1] : NULL;
        if (!open || cjk || !last || last->face != face || last->size != size ||
            last->off + last->len != p->text.len) {
            last = new_box(p, cp, cjk, face, size, pending_break);
            pending_break = false;
        }
        char buf[4];
        int k = utf8_encode(cp, buf);
        strbuf_add(&p->text, buf, (size_t)k);
        last->len += (size_t)k;
        p->no_break_next = no_line_end(cp);
        open = !cjk;
    }
}

/* Position of the delimiter run of exactly k stars that closes one opened
 * at s[0], searching s[from..len); -1 if none. */
static long find_closer(const char *s, size_t from, size_t len, size_t k)
{
    for (size_t i = from; i < len; i++) {
        if (s[i] == '\\' && i + 1 < len) {
            i++;
            continue;
        }
        if (s[i] != '*')
            continue;
        size_t run = 0;
        while (i + run < len && s[i + run] == '*')
            run++;
        if (run == k && i > from && !isspace((unsigned char)s[i - 1]))
            return (long)i;
        i += run - 1;
    }
    return -1;
}

void tf_para_add_markup(struct tf_para *p, const char *s, size_t len, int face, double size)
{
    size_t seg = 0, i = 0;
    while (i < len) {
        if (s[i] == '\\' && i + 1 < len && ispunct((unsigned char)s[i + 1])) {
            tf_para_add(p, s + seg, i - seg, face, size);
            seg = i + 1; /* the escaped character starts the next piece */
            i += 2;
            continue;
        }
        if (s[i] != '*') {
            i++;
            continue;
        }
        size_t run = 0;
        while (i + run < len && s[i + run] == '*')
            run++;
        if (run <= 3 && i + run < len && !isspace((unsigned char)s[i + run])) {
            long close = find_closer(s, i + run, len, run);
            if (close >= 0) {
                int flag = run == 1 ? TF_ITALIC : run == 2 ? TF_BOLD : TF_BOLD_ITALIC;
                tf_para_add(p, s + seg, i - seg, face, size);
                tf_para_add_markup(p, s + i + run, (size_t)close - (i + run), face | flag, size);
                i = seg = (size_t)close + run;
                continue;
            }
        }
        i += run; /* literal stars */
    }
    tf_para_add(p, s + seg, len - seg, face, size);
}

void tf_para_measure(struct tf_para *p, tf_measure_fn fn, void *ctx)
{
    p->measure = fn;
    p->measure_ctx = ctx;
    for (size_t i = 0; i < p->n; i++) {
        struct tf_box *b = &p->boxes[i];
        b->width = fn(ctx, b->face, b->size, p->text.buf + b->off, b->len);
        b->glue = b->space ? fn(ctx, b->face, b->size, " ", 1) : 0;
    }
}

/* End of the word that starts at box i: the next box a line may start with. */
static size_t word_end(const struct tf_para *p, size_t i)
{
    size_t k = i + 1;
    while (k < p->n && !p->boxes[k].breakable)
        k++;
    return k;
}

static double word_width(const struct tf_para *p, size_t i, size_t k)
{
    double w = 0;
    for (size_t j = i; j < k; j++)
        w += p->boxes[j].width + (j > i ? p->boxes[j].glue : 0);
    return w;
}

/* Split the word of boxes [i, k) between characters: the first piece at
 * most first_room wide (none when not even one character fits there), the
 * others at most limit (a single character wider than limit stays whole).
 * Pieces after a split may start a line.  Returns the new end of the word's
 * first piece. */
static size_t split_word(struct tf_para *p, size_t i, size_t k, double first_room, double limit)
{
    struct tf_box *pieces = NULL;
    size_t npieces = 0, cap = 0;
    double room = first_room, acc = 0;
    bool line_start = false; /* the piece being built starts a line */
    for (size_t j = i; j < k; j++) {
        const struct tf_box *b = &p->boxes[j];
        const char *s = p->text.buf + b->off, *end = s + b->len, *chunk = s;
        bool first_of_box = true;
        while (s <= end) {
            const char *at = s;
            double cw = 0;
            if (s < end) {
                size_t n = (size_t)(end - s);
                utf8_next(&s, &n);
                cw = p->measure(p->measure_ctx, b->face, b->size, at, (size_t)(s - at));
            }
            bool split = s > at && acc + cw > room && (acc > 0 || room < limit);
            if (at > chunk && (split || at == end)) {
                struct tf_box *c = ARRAY_PUSH(pieces, npieces, cap);
                *c = *b;
                c->off = (size_t)(chunk - p->text.buf);
                c->len = (size_t)(at - chunk);
                if (line_start || !first_of_box) {
                    c->space = false;
                    c->breakable = line_start;
                    c->glue = 0;
                }
                first_of_box = false;
                line_start = false;
                chunk = at;
            }
            if (split) {
                room = limit;
                acc = 0;
                line_start = npieces > 0; /* else the word's first piece moves down whole */
            }
            if (s == at)
                break;
            acc += cw;
        }
    }
    for (size_t j = 0; j < npieces; j++)
        pieces[j].width =
            p->measure(p->measure_ctx, pieces[j].face, pieces[j].size, p->text.buf + pieces[j].off, pieces[j].len);
    /* Replace boxes [i, k) by the pieces. */
    size_t tail = p->n - k;
    grow_array((void **)&p->boxes, &p->cap, i + npieces + tail, sizeof(*p->boxes));
    memmove(p->boxes + i + npieces, p->boxes + k, tail * sizeof(*p->boxes));
    memcpy(p->boxes + i, pieces, npieces * sizeof(*p->boxes));
    p->n = i + npieces + tail;
    free(pieces);
    return word_end(p, i);
}

size_t tf_para_break(struct tf_para *p, double first_width, double width, struct tf_line **lines)
{
    *lines = NULL;
    size_t nlines = 0, cap = 0;
    const double eps = 1e-6;
    for (size_t i = 0; i < p->n;) {
        double lim = nlines == 0 ? first_width : width;
        size_t j = word_end(p, i);
        if (p->measure && word_width(p, i, j) > lim + eps)
            j = split_word(p, i, j, lim, width);
        double w = word_width(p, i, j);
        while (j < p->n) {
            size_t k = word_end(p, j);
            double ww = p->boxes[j].glue + word_width(p, j, k);
            if (w + ww > lim + eps) {
                /* A word too long for any line starts on this one. */
                double room = lim - w - p->boxes[j].glue;
                if (p->measure && word_width(p, j, k) > width + eps && room > 0) {
                    k = split_word(p, j, k, room, width);
                    ww = p->boxes[j].glue + word_width(p, j, k);
                    if (k > j && w + ww <= lim + eps) {
                        w += ww;
                        j = k;
                    }
                }
                break;
            }
            w += ww;
            j = k;
        }
        struct tf_line *l = ARRAY_PUSH(*lines, nlines, cap);
        l->first = i;
        l->count = j - i;
        l->width = w;
        l->nspaces = l->nbreaks = 0;
        for (size_t b = i + 1; b < j; b++) {
            l->nspaces += p->boxes[b].glue > 0;
            l->nbreaks += p->boxes[b].breakable;
        }
        i = j;
    }
    return nlines;
}

/* --- Markdown-lite --------------------------------------------------- */

void tf_doc_release(struct tf_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++)
        free(doc->blocks[i].text);
    free(doc->blocks);
    memset(doc, 0, sizeof(*doc));
}

static void doc_add(struct tf_doc *doc, enum tf_block_kind kind, int number, const char *text, size_t len,
                    int line)
{
    struct tf_block *b = ARRAY_PUSH(doc->blocks, doc->n, doc->cap);
    b->kind = kind;
    b->number = number;
    b->text = xstrndup(text, len);
    b->line = line;
}

/* Append a continuation line to the last block. */
static void doc_append(struct tf_doc *doc, const char *text, size_t len)
{
    assert(doc->n > 0);
    struct tf_block *b = &doc->blocks[doc->n - 1];
    char *joined = xasprintf("%s %.*s", b->text, (int)len, text);
    free(b->text);
    b->text = joined;
}

/* Length of a list marker at the start of s ("- ", "1. "), 0 if none. */
static size_t list_marker(const char *s, size_t len, bool *numbered, int *number)
{
    size_t i = 0;
    while (i < len && i < 3 && s[i] == ' ')
        i++;
    if (i + 1 < len && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ') {
        *numbered = false;
        return i + 2;
    }
    size_t d = i;
    long value = 0;
    while (d < len && d - i < 9 && isdigit((unsigned char)s[d]))
        value = value * 10 + (s[d++] - '0');
    if (d > i && d + 1 < len && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ') {
        *numbered = true;
        *number = (int)value;
        return d + 2;
    }
    return 0;
}

bool tf_parse_markdown(const char *name, const char *data, size_t len, struct tf_doc *doc)
{
    memset(doc, 0, sizeof(*doc));
    bool ok = true, open = false;
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { /* byte-order mark */
        data += 3;
        len -= 3;
    }
    int lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *line = data + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl != NULL);
        lineno++;
        long bad = utf8_invalid_offset(line, n);
        if (bad >= 0) {
            struct srcloc loc = {name, lineno, (int)bad + 1};
            diag_error(&loc, "invalid UTF-8 in the message text");
            ok = false;
            open = false;
            continue;
        }
        while (n > 0 && isspace((unsigned char)line[n - 1]))
            n--;
        size_t lead = 0;
        while (lead < n && (line[lead] == ' ' || line[lead] == '\t'))
            lead++;
        if (lead == n) {
            open = false;
            continue;
        }
        size_t hashes = 0;
        while (lead + hashes < n && line[lead + hashes] == '#')
            hashes++;
        if (lead < 4 && hashes > 0 && hashes <= 6 && lead + hashes < n && line[lead + hashes] == ' ') {
            size_t t = lead + hashes + 1;
            while (t < n && line[t] == ' ')
                t++;
            size_t e = n; /* closing hashes ("# Title #") */
            while (e > t && line[e - 1] == '#')
                e--;
            while (e > t && line[e - 1] == ' ')
                e--;
            doc_add(doc, hashes == 1 ? TF_BLOCK_HEADING : TF_BLOCK_SUBHEADING, 0, line + t, e - t, lineno);
            open = false;
            continue;
        }
        bool numbered = false;
        int number = 0;
        size_t marker = list_marker(line, n, &numbered, &number);
        if (marker > 0) {
            doc_add(doc, numbered ? TF_BLOCK_NUMBERED : TF_BLOCK_BULLET, number, line + marker, n - marker,
                    lineno);
            open = true;
            continue;
        }
        if (open)
            doc_append(doc, line + lead, n - lead);
        else
            doc_add(doc, TF_BLOCK_PARAGRAPH, 0, line + lead, n - lead, lineno);
        open = true;
    }
    return ok;
}
