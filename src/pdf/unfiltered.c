/* unfiltered: the file's bytes plus an incremental update with streams
 * stored decoded (see include/pdf/unfiltered.h).  Nothing here parses
 * PDF: libqpdf decodes the streams and writes every dictionary (unparse);
 * this module only lays out the update's objects, cross-reference section
 * and trailer. */
#include "pdf/unfiltered.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define TAIL 1024 /* readers look for "startxref" this far from the end */

/* The offset after the file's last "startxref", where its newest
 * cross-reference section starts: the update's /Prev.  -1 when absent. */
static long long last_xref_offset(const char *bytes, size_t len)
{
    static const char key[] = "startxref";
    const size_t n = sizeof(key) - 1;
    size_t from = len > TAIL ? len - TAIL : 0;
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > from;) {
        if (memcmp(bytes + i, key, n) != 0)
            continue;
        size_t k = i + n;
        while (k < len && strchr(" \t\r\n\f", bytes[k]) && bytes[k])
            k++;
        long long off = 0;
        size_t digits = 0;
        for (; k < len && bytes[k] >= '0' && bytes[k] <= '9' && digits < 18; k++, digits++)
            off = off * 10 + (bytes[k] - '0');
        return digits > 0 && (size_t)off < len ? off : -1;
    }
    return -1;
}

/* Whether the last calls left q clean; takes what they left. */
static bool clean(qpdf_data q)
{
    bool ok = !qpdf_has_error(q) && !qpdf_more_warnings(q);
    while (qpdf_has_error(q))
        qpdf_get_error(q);
    while (qpdf_more_warnings(q))
        qpdf_next_warning(q);
    return ok;
}

/* dict written as "<< /Key value ... extra >>" without the keys in skip
 * (NULL-terminated); indirect values stay references.  False when q fails. */
static bool unparse_dict(qpdf_data q, qpdf_oh dict, const char *const *skip, const char *extra, struct strbuf *out)
{
    char **keys = NULL;
    size_t nkeys = 0, cap = 0;
    qpdf_oh_begin_dict_key_iter(q, dict);
    while (qpdf_oh_dict_more_keys(q))
        *ARRAY_PUSH(keys, nkeys, cap) = xstrdup(qpdf_oh_dict_next_key(q));
    strbuf_adds(out, "<<");
    for (size_t i = 0; i < nkeys; i++) {
        bool skipped = false;
        for (const char *const *s = skip; *s && !skipped; s++)
            skipped = !strcmp(keys[i], *s);
        if (skipped)
            continue;
        qpdf_oh name = qpdf_oh_new_name(q, keys[i]);
        strbuf_addf(out, " %s ", qpdf_oh_unparse(q, name));
        qpdf_oh value = qpdf_oh_get_key(q, dict, keys[i]);
        strbuf_adds(out, qpdf_oh_unparse(q, value));
        qpdf_oh_release(q, value);
        qpdf_oh_release(q, name);
    }
    strbuf_addf(out, "%s >>", extra);
    for (size_t i = 0; i < nkeys; i++)
        free(keys[i]);
    free(keys);
    return clean(q);
}

/* An object of the update: where it starts in the copy. */
struct entry {
    int id, gen;
    size_t offset;
};

static int ref_cmp(const void *a, const void *b)
{
    const struct unfiltered_ref *x = a, *y = b;
    return x->id != y->id ? (x->id < y->id ? -1 : 1) : (x->gen > y->gen) - (x->gen < y->gen);
}

/* What became of a stream. */
enum outcome {
    ADDED,    /* stored decoded in the update */
    LEFT,     /* left as it is: not a stream, not filtered, an external file, a filter libqpdf does not decode,
                 or over the budget */
    TROUBLE,  /* libqpdf warned or failed on it: the file is not copied at all */
};

/* Append stream ref decoded to the update as entry e. */
static enum outcome add_stream(qpdf_data q, struct unfiltered_ref ref, size_t base, size_t *budget,
                               struct strbuf *upd, struct entry *e)
{
    static const char *const skip[] = {"/Filter", "/DecodeParms", "/Length", "/DL", NULL};
    qpdf_oh s = qpdf_get_object_by_id(q, ref.id, ref.gen);
    qpdf_oh dict = s && qpdf_oh_is_stream(q, s) ? qpdf_oh_get_dict(q, s) : 0;
    bool wanted = dict && qpdf_oh_has_key(q, dict, "/Filter") && !qpdf_oh_has_key(q, dict, "/F");
    enum outcome result = clean(q) ? LEFT : TROUBLE;
    unsigned char *data = NULL;
    size_t size = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (wanted && result == LEFT) {
        QPDF_ERROR_CODE rc = qpdf_oh_get_stream_data(q, s, qpdf_dl_generalized, &filtered, &data, &size);
        if ((rc & QPDF_ERRORS) || !clean(q))
            result = TROUBLE;
    }
    struct strbuf head = STRBUF_INIT;
    if (wanted && result == LEFT && filtered && size <= *budget) {
        char length[40];
        snprintf(length, sizeof(length), " /Length %zu", size);
        result = unparse_dict(q, dict, skip, length, &head) ? ADDED : TROUBLE;
    }
    if (result == ADDED) {
        *e = (struct entry){ref.id, ref.gen, base + upd->len};
        strbuf_addf(upd, "%d %d obj\n", ref.id, ref.gen);
        strbuf_add(upd, head.buf, head.len);
        strbuf_adds(upd, "\nstream\n");
        if (size > 0) /* an empty stream gives no buffer */
            strbuf_add(upd, data, size);
        strbuf_adds(upd, "\nendstream\nendobj\n");
        *budget -= size;
    }
    strbuf_release(&head);
    free(data);
    qpdf_oh_release(q, dict);
    qpdf_oh_release(q, s);
    return clean(q) ? result : TROUBLE;
}

/* The catalog without /OutputIntents, appended as entry e when it has one. */
static bool add_catalog(qpdf_data q, size_t base, struct strbuf *upd, struct entry *e)
{
    static const char *const skip[] = {"/OutputIntents", NULL};
    qpdf_oh root = qpdf_get_root(q);
    int id = qpdf_oh_get_object_id(q, root), gen = qpdf_oh_get_generation(q, root);
    bool wanted = id > 0 && qpdf_oh_is_dictionary(q, root) && qpdf_oh_has_key(q, root, "/OutputIntents") && clean(q);
    struct strbuf body = STRBUF_INIT;
    wanted = wanted && unparse_dict(q, root, skip, "", &body);
    if (wanted) {
        *e = (struct entry){id, gen, base + upd->len};
        strbuf_addf(upd, "%d %d obj\n", id, gen);
        strbuf_add(upd, body.buf, body.len);
        strbuf_adds(upd, "\nendobj\n");
    }
    strbuf_release(&body);
    qpdf_oh_release(q, root);
    clean(q);
    return wanted;
}

/* The cross-reference section of entries[0..n) (sorted by id, distinct),
 * in runs of consecutive ids, and the trailer: the original's /Root,
 * /Info and /ID, /Size, and /Prev to the original's newest section. */
static bool add_xref(qpdf_data q, const struct entry *entries, size_t n, long long prev, size_t base,
                     struct strbuf *upd)
{
    size_t start = base + upd->len;
    strbuf_adds(upd, "xref\n");
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && entries[j].id == entries[j - 1].id + 1)
            j++;
        strbuf_addf(upd, "%d %zu\n", entries[i].id, j - i);
        for (; i < j; i++)
            strbuf_addf(upd, "%010zu %05d n \n", entries[i].offset, entries[i].gen); /* 20 bytes each */
    }
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
    long long count = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value(q, size) : 0;
    if (count <= entries[n - 1].id)
        count = (long long)entries[n - 1].id + 1;
    strbuf_addf(upd, "trailer\n<< /Size %lld /Prev %lld", count, prev);
    static const char *const keep[] = {"/Root", "/Info", "/ID"};
    for (size_t k = 0; k < ARRAY_SIZE(keep); k++) {
        if (!qpdf_oh_has_key(q, trailer, keep[k]))
            continue;
        qpdf_oh v = qpdf_oh_get_key(q, trailer, keep[k]);
        strbuf_addf(upd, " %s %s", keep[k], qpdf_oh_unparse(q, v));
        qpdf_oh_release(q, v);
    }
    strbuf_addf(upd, " >>\nstartxref\n%zu\n%%%%EOF\n", start);
    qpdf_oh_release(q, size);
    qpdf_oh_release(q, trailer);
    return clean(q);
}

static int entry_cmp(const void *a, const void *b)
{
    const struct entry *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

char *unfiltered_copy(qpdf_data q, const char *bytes, size_t len, const struct unfiltered_ref *refs, size_t n,
                      size_t *out_len)
{
    *out_len = 0;
    long long prev = last_xref_offset(bytes, len);
    bool encrypted = qpdf_is_encrypted(q);
    if (!clean(q) || encrypted || prev < 0)
        return NULL;

    struct unfiltered_ref *sorted = xmalloc((n ? n : 1) * sizeof(*sorted));
    if (n)
        memcpy(sorted, refs, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), ref_cmp);
    struct entry *entries = xmalloc((n + 1) * sizeof(*entries));
    size_t nentries = 0;
    struct strbuf upd = STRBUF_INIT;
    strbuf_adds(&upd, "\n"); /* the update starts on a line of its own */
    if (add_catalog(q, len, &upd, &entries[nentries]))
        nentries++;
    size_t budget = UNFILTERED_MAX_BYTES;
    bool trouble = false;
    for (size_t i = 0; i < n && !trouble; i++) {
        if (i > 0 && sorted[i].id == sorted[i - 1].id)
            continue; /* (the catalog is no stream) */
        enum outcome o = add_stream(q, sorted[i], len, &budget, &upd, &entries[nentries]);
        nentries += o == ADDED;
        trouble = o == TROUBLE;
    }
    qsort(entries, nentries, sizeof(*entries), entry_cmp);

    char *copy = NULL;
    if (!trouble && nentries > 0 && add_xref(q, entries, nentries, prev, len, &upd)) {
        copy = xmalloc(len + upd.len);
        memcpy(copy, bytes, len);
        memcpy(copy + len, upd.buf, upd.len);
        *out_len = len + upd.len;
    }
    strbuf_release(&upd);
    free(entries);
    free(sorted);
    return copy;
}
