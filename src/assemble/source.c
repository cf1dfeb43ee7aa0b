/* source: the documents pages are copied from (see assemble_internal.h):
 * papers, batch files, the typeset document and, for the split, the
 * volume; and the destinations of their links and bookmarks.
 *
 * Checked bytes.  The volume must hold exactly the bytes of each paper
 * that inspection checked (its size and CRC-32).  A paper is read into
 * memory once, compared, and its bytes kept until the volume is written
 * (qpdf reads copied stream data only while writing).  When the papers'
 * bytes together are many (plan_reading, write.c), a paper is instead read
 * lazily by libqpdf from its file, which holds a descriptor until the
 * write: its size and CRC-32 are compared with the recorded ones before
 * it is opened and again once the volume is written, before it is renamed
 * into place (sources_unchanged), so a file changed in between fails the
 * build.  Either way the parsed objects of a paper are freed as soon as it
 * is done (source_close).
 *
 * Destinations.  A link or bookmark leads to an explicit destination, or
 * names one through /Names /Dests or /Dests, directly or in a /GoTo
 * action; resolve_dest finds the page either way.  The name tree is read
 * once per document, sorted, and searched by bisection. */
#include "assemble_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "inspect/cache.h"

#define MAX_NAMES 500000 /* named destinations read from one document */

/* Report a pending error of s or of the output (may be NULL) as a problem
 * of s; true when there was one. */
bool source_failed(const struct source *s, qpdf_data out)
{
    return qpdfh_failed(s->q, &s->loc, s->prefix) || qpdfh_failed(out, &s->loc, s->prefix);
}

/* vpage of page j, or -1. */
int source_vpage(const struct source *s, int j)
{
    return j >= 0 && j < s->nplanned ? s->vpage_of[j] : -1;
}

/* Learn the pages of an open source: page objects, count, version. */
bool source_index(struct source *s)
{
    qpdf_data q = s->q;
    qpdf_push_inherited_attributes_to_page(q);
    int n = qpdf_get_num_pages(q);
    if (source_failed(s, NULL))
        return false;
    if (n < s->nplanned) {
        diag_error(&s->loc, "%s: the file has %d page%s, %d expected", s->prefix, n, n == 1 ? "" : "s",
                   s->nplanned);
        return false;
    }
    s->npages = n;
    for (int j = 0; j < n; j++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)j);
        idmap_put(&s->pages, qpdf_oh_get_object_id(q, page), qpdf_oh_get_generation(q, page), j);
        qpdf_oh_release(q, page);
    }
    s->annots = xcalloc((size_t)n, sizeof(*s->annots));
    s->version = qpdfh_version(q);
    return !source_failed(s, NULL);
}

/* Read a paper's bytes and make sure they are the ones inspection saw.
 * The volume then holds exactly what was checked even when the file is
 * rewritten or removed during the build, and no descriptor stays open. */
static bool source_load(struct source *s)
{
    struct pdf_info now;
    pdfinfo_init(&now, s->path);
    s->bytes = pdfinfo_read_file(s->path, &now, &s->nbytes);
    const struct pdf_info *then = s->checked;
    bool ok = s->bytes && (!then || (now.file_size == then->file_size && now.checksum == then->checksum));
    if (!s->bytes)
        diag_error(&s->loc, "%s: %s", s->prefix, now.unreadable_reason);
    else if (!ok)
        diag_error(&s->loc, "%s: the file changed after it was checked; build again", s->prefix);
    pdfinfo_release(&now);
    return ok;
}

/* Whether the file of a lazily read paper still has the size and CRC-32
 * inspection recorded; else report it (when: since when it must not have
 * changed, for the message). */
static bool source_verify(const struct source *s, const char *when)
{
    uint64_t size;
    uint32_t crc;
    if (!cache_file_checksum(s->path, &size, &crc)) {
        int e = errno;
        diag_error(&s->loc, "%s: cannot %s the file: %s", s->prefix,
                   e == ENOENT || e == EACCES || e == ELOOP || e == ENOTDIR ? "open" : "read", strerror(e));
        return false;
    }
    if (size != s->checked->file_size || crc != s->checked->checksum) {
        diag_error(&s->loc, "%s: the file changed %s; build again", s->prefix, when);
        return false;
    }
    return true;
}

/* The bytes of a paper whose pages are written: no longer needed. */
void source_drop_bytes(struct source *s)
{
    free(s->bytes);
    s->bytes = NULL;
    s->nbytes = 0;
}

/* Read the source (unless it is open already) and index it.  Papers are
 * read lazily from their file once it is found unchanged, or from memory;
 * other sources from their file. */
bool source_open(struct source *s)
{
    if (!s->q) {
        s->q = qpdfh_new();
        if (s->kind == SRC_PAPER && s->lazy) {
            if (!source_verify(s, "after it was checked"))
                return false;
            qpdf_read(s->q, s->path, NULL);
        } else if (s->kind == SRC_PAPER) {
            if (!s->bytes && !source_load(s))
                return false;
            qpdf_read_memory(s->q, s->path, s->bytes, s->nbytes, NULL);
        } else {
            qpdf_read(s->q, s->path, NULL);
        }
        if (source_failed(s, NULL))
            return false;
    }
    return source_index(s);
}

/* After the volume is written from srcs[0..n): whether every paper read
 * lazily from its file still has the bytes that were checked.  Each
 * changed paper is reported. */
bool sources_unchanged(const struct source *srcs, size_t n)
{
    bool ok = true;
    for (size_t k = 0; k < n; k++)
        if (srcs[k].kind == SRC_PAPER && srcs[k].lazy && !source_verify(&srcs[k], "while the volume was written"))
            ok = false;
    return ok;
}

/* Drop everything that refers to handles of s->q. */
void source_forget_handles(struct source *s)
{
    for (size_t i = 0; i < s->nnames; i++)
        free(s->names[i].key);
    free(s->names);
    s->names = NULL;
    s->nnames = 0;
    s->names_read = false;
    if (s->annots)
        memset(s->annots, 0, (size_t)s->npages * sizeof(*s->annots));
    if (s->q)
        qpdf_oh_release_all(s->q);
}

/* Close the document (the typeset one stays open) and free what was
 * learnt about it.  Warnings are counted first. */
void source_close(struct source *s)
{
    if (s->q) {
        s->warnings += qpdfh_drain_warnings(s->q, &s->first_warning);
        source_forget_handles(s);
        if (s->kind != SRC_TYPESET)
            qpdfh_free(&s->q);
    }
    free(s->annots);
    s->annots = NULL;
    idmap_clear(&s->pages);
    idmap_clear(&s->seen);
}

/* Close s and free everything it owns. */
void source_release(struct source *s)
{
    source_close(s);
    free(s->path);
    free(s->prefix);
    free(s->vpage_of);
    free(s->first_warning);
    free(s->bytes);
    memset(s, 0, sizeof(*s));
}

/* ---- Named destinations ------------------------------------------------ */

static int named_cmp(const void *pa, const void *pb)
{
    const struct named_dest *a = pa, *b = pb;
    int c = memcmp(a->key, b->key, a->len < b->len ? a->len : b->len);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* Collect the leaves of the name tree under node; seen holds the nodes
 * visited (loops). */
static void names_walk(struct source *s, qpdf_oh node, int depth, struct idmap *seen, size_t *cap)
{
    qpdf_data q = s->q;
    if (depth > MAX_DEPTH || !qpdf_oh_is_dictionary(q, node))
        return;
    if (qpdf_oh_is_indirect(q, node) &&
        !idmap_put(seen, qpdf_oh_get_object_id(q, node), qpdf_oh_get_generation(q, node), 0))
        return;
    qpdf_oh names = qpdfh_key(q, node, "/Names");
    int n = qpdf_oh_is_array(q, names) ? qpdf_oh_get_array_n_items(q, names) : 0;
    for (int i = 0; i + 1 < n && s->nnames < MAX_NAMES; i += 2) {
        qpdf_oh k = qpdf_oh_get_array_item(q, names, i);
        const char *bytes;
        size_t len;
        if (qpdf_oh_get_value_as_string(q, k, &bytes, &len)) {
            struct named_dest *e = ARRAY_PUSH(s->names, s->nnames, *cap);
            e->key = xstrndup(bytes, len);
            e->len = len;
            e->order = s->nnames;
            e->value = qpdf_oh_get_array_item(q, names, i + 1);
        }
        qpdf_oh_release(q, k);
    }
    qpdf_oh_release(q, names);
    qpdf_oh kids = qpdfh_key(q, node, "/Kids");
    n = qpdf_oh_is_array(q, kids) ? qpdf_oh_get_array_n_items(q, kids) : 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
        names_walk(s, kid, depth + 1, seen, cap);
        qpdf_oh_release(q, kid);
    }
    qpdf_oh_release(q, kids);
}

/* Read the whole /Names /Dests tree of s into s->names, sorted by name. */
static void names_read(struct source *s)
{
    qpdf_data q = s->q;
    size_t cap = 0;
    s->names_read = true;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh names = qpdfh_key(q, root, "/Names");
    qpdf_oh tree = qpdfh_key(q, names, "/Dests");
    struct idmap seen = {0};
    names_walk(s, tree, 0, &seen, &cap);
    idmap_clear(&seen);
    qpdf_oh_release(q, tree);
    qpdf_oh_release(q, names);
    qpdf_oh_release(q, root);
    if (s->nnames > 1)
        qsort(s->names, s->nnames, sizeof(*s->names), named_cmp);
}

/* The destination called name (len bytes) in the name tree, else in the
 * /Dests dictionary of the catalog; 0 when there is none. */
static qpdf_oh names_find(struct source *s, const char *name, size_t len)
{
    qpdf_data q = s->q;
    if (!s->names_read)
        names_read(s);
    size_t lo = 0, hi = s->nnames;
    struct named_dest probe = {(char *)name, len, 0, 0};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (named_cmp(&s->names[mid], &probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->nnames && s->names[lo].len == len && memcmp(s->names[lo].key, name, len) == 0)
        return qpdf_oh_new_object(q, s->names[lo].value);
    if (memchr(name, '\0', len))
        return 0;
    char *k = xasprintf("/%.*s", (int)len, name);
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh dests = qpdfh_key(q, root, "/Dests");
    qpdf_oh d = qpdfh_key(q, dests, k);
    qpdf_oh_release(q, dests);
    qpdf_oh_release(q, root);
    free(k);
    if (qpdf_oh_is_null(q, d)) {
        qpdf_oh_release(q, d);
        return 0;
    }
    return d;
}

/* Index of the page h refers to (a page object, or a page number), or -1. */
static int source_page_of(struct source *s, qpdf_oh h)
{
    qpdf_data q = s->q;
    int n;
    if (qpdf_oh_is_indirect(q, h))
        return idmap_get(&s->pages, qpdf_oh_get_object_id(q, h), qpdf_oh_get_generation(q, h));
    if (qpdf_oh_is_integer(q, h) && qpdf_oh_get_value_as_int(q, h, &n) && n >= 0 && n < s->npages)
        return n;
    return -1;
}

/* The page a destination leads to: an explicit array, a name or string
 * (named destination), or a dictionary with /D.  Returns the page index or
 * -1; *array gets the explicit destination (a handle the caller releases)
 * or 0.  *by_ref (may be NULL) tells whether the array names the page by
 * reference, which copy_foreign maps to the copied page, rather than by
 * number. */
int resolve_dest(struct source *s, qpdf_oh dest, qpdf_oh *array, bool *by_ref)
{
    qpdf_data q = s->q;
    *array = 0;
    qpdf_oh cur = qpdf_oh_new_object(q, dest);
    for (int hop = 0; hop < 4; hop++) {
        if (qpdf_oh_is_array(q, cur)) {
            int page = -1;
            if (qpdf_oh_get_array_n_items(q, cur) > 0) {
                qpdf_oh first = qpdf_oh_get_array_item(q, cur, 0);
                page = source_page_of(s, first);
                if (by_ref)
                    *by_ref = qpdf_oh_is_indirect(q, first);
                qpdf_oh_release(q, first);
            }
            if (page < 0) {
                qpdf_oh_release(q, cur);
                return -1;
            }
            *array = cur;
            return page;
        }
        const char *bytes;
        size_t len;
        qpdf_oh next = 0;
        if (qpdf_oh_is_dictionary(q, cur)) {
            next = qpdfh_key(q, cur, "/D");
        } else if (qpdf_oh_get_value_as_string(q, cur, &bytes, &len)) {
            char *name = xstrndup(bytes, len); /* bytes live until the next libqpdf call */
            next = names_find(s, name, len);
            free(name);
        } else if (qpdf_oh_get_value_as_name(q, cur, &bytes, &len) && len > 0) {
            char *name = xstrndup(bytes + 1, len - 1);
            next = names_find(s, name, len - 1);
            free(name);
        }
        qpdf_oh_release(q, cur);
        if (!next)
            return -1;
        cur = next;
    }
    qpdf_oh_release(q, cur);
    return -1;
}

/* The destination of dict (a handle, or 0 when missing) and where it is. */
qpdf_oh dest_of(qpdf_data q, qpdf_oh dict, enum dest_place *place)
{
    qpdf_oh d = qpdfh_key(q, dict, "/Dest");
    if (!qpdf_oh_is_null(q, d)) {
        *place = DEST_KEY;
        return d;
    }
    qpdf_oh_release(q, d);
    d = 0;
    *place = DEST_NONE;
    qpdf_oh a = qpdfh_key(q, dict, "/A");
    if (qpdf_oh_is_dictionary(q, a)) {
        qpdf_oh type = qpdfh_key(q, a, "/S");
        bool go_to = qpdfh_is_name(q, type, "/GoTo");
        qpdf_oh_release(q, type);
        *place = go_to ? DEST_ACTION : DEST_OTHER_ACTION;
        d = go_to ? qpdfh_key(q, a, "/D") : 0;
        if (d && qpdf_oh_is_null(q, d)) {
            qpdf_oh_release(q, d);
            d = 0;
        }
    }
    qpdf_oh_release(q, a);
    return d;
}

/* Copy any object of s into out, or return 0.  copy_foreign takes
 * indirect objects only, so a direct one is made indirect in the source
 * first.  Page tree nodes are not copied: copy_foreign returns an
 * uninitialized handle for those, which would poison the output. */
qpdf_oh copy_object(struct source *s, qpdf_data out, qpdf_oh h)
{
    qpdf_oh type = qpdfh_key(s->q, h, "/Type");
    bool page_node = qpdfh_is_name(s->q, type, "/Page") || qpdfh_is_name(s->q, type, "/Pages");
    qpdf_oh_release(s->q, type);
    if (page_node)
        return 0;
    qpdf_oh copy;
    if (qpdf_oh_is_indirect(s->q, h)) {
        copy = qpdf_oh_copy_foreign_object(out, s->q, h);
    } else {
        qpdf_oh ind = qpdf_make_indirect_object(s->q, h);
        copy = qpdf_oh_copy_foreign_object(out, s->q, ind);
        qpdf_oh_release(s->q, ind);
    }
    if (!qpdf_oh_is_initialized(out, copy)) {
        qpdf_oh_release(out, copy);
        return 0;
    }
    return copy;
}

