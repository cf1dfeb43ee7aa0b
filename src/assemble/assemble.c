/* assemble: the volume PDF, at object level with libqpdf (see assemble.h).
 *
 * assemble_volume adds pages to an empty document in vpage order.
 * Generated and blank pages are typeset pages.  Paper pages are copied
 * from the paper's PDF, which is opened when its first page is due and
 * closed (qpdf_cleanup) when its last page, links and bookmarks are done.
 * Each paper page gets its stamp: the typeset page of the same index as a
 * Form XObject, drawn after the original content.  Then come the links of
 * the generated pages, the outline, the page labels, the document info and
 * the XMP metadata.  The file is written next to the output and renamed.
 *
 * Links.  qpdf maps a reference to a page only if that page was copied
 * already, so a link to a later page would become null.  Annotations are
 * therefore taken off each source page before it is copied and copied
 * back once every page of the source is in.  The destination of every
 * link (explicit, named through /Names /Dests or /Dests, directly or in a
 * /GoTo action) is resolved in the source; a named one is replaced there
 * by the explicit array before copying.  Links that lead nowhere are
 * dropped and counted.  The paper's own bookmarks are rebuilt the same way
 * under the paper's bookmark.
 *
 * Memory and files.  A paper is read into memory once, and its bytes are
 * compared with the size and CRC-32 that inspection recorded: the volume
 * holds exactly the bytes that were checked, even if the file changes
 * during the build.  qpdf reads copied stream data lazily while writing,
 * so those bytes stay until the volume is written, although the parsed
 * objects of a paper are freed as soon as it is done.  When the papers
 * together exceed the memory budget (merge_budget), they are merged in
 * batches into temporary PDFs (with links and bookmarks), their bytes
 * freed after each, and the volume is merged from the batch files, which
 * are read lazily and hold one descriptor each; the soft RLIMIT_NOFILE is
 * raised for them as far as the hard limit allows.
 *
 * Handles.  libqpdf keeps every qpdf_oh in a per-document table until it
 * is released.  References to output objects that must outlive one source
 * are kept as object ids, and the output's table is emptied after each
 * source.
 *
 * Errors.  Every libqpdf document is silenced; pending errors are checked
 * after each step and reported through diag with libqpdf's text.  Warnings
 * are kept off stderr and summarised per paper as notes. */
#include "assemble/assemble.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <qpdf/qpdf-c.h>

#include "config.h"
#include "base/diag.h"
#include "base/idmap.h"
#include "base/runner.h"
#include "base/util.h"

#define MAX_DEPTH 32          /* name tree /Kids and outline nesting */
#define MAX_NAMES 500000      /* named destinations read from one document */
#define MAX_BOOKMARKS 20000   /* outline items copied for one paper */
#define MAX_STAMP_NAMES 1000  /* /CPStampN tried before giving up */
#define STAMP_CACHE 32        /* distinct "draw the stamp" streams shared between pages */
#define FD_RESERVE 32         /* descriptors left for stdio, the output and temporaries */
#define MEMORY_SHARE 16       /* paper bytes held by one merge: at most this share of the memory... */
#define MIN_MERGE_BYTES (256ull << 20) /* ...but never less than this */

/* ---- Object ids ---------------------------------------------------- */

/* ---- libqpdf helpers ------------------------------------------------- */

/* dict[k], or a null object when dict is not a dictionary or lacks k. */
static qpdf_oh key(qpdf_data q, qpdf_oh dict, const char *k)
{
    return qpdf_oh_get_key_if_dict(q, dict, k);
}

/* dict[k] = value, releasing the value's handle. */
static void put(qpdf_data q, qpdf_oh dict, const char *k, qpdf_oh value)
{
    qpdf_oh_replace_key(q, dict, k, value);
    qpdf_oh_release(q, value);
}

/* dict[k] = /name (name is given with its slash). */
static void put_name(qpdf_data q, qpdf_oh dict, const char *k, const char *name)
{
    put(q, dict, k, qpdf_oh_new_name(q, name));
}

/* Append item to array, releasing the item's handle. */
static void push(qpdf_data q, qpdf_oh array, qpdf_oh item)
{
    qpdf_oh_append_item(q, array, item);
    qpdf_oh_release(q, item);
}

/* A new empty dictionary, made an indirect object of q. */
static qpdf_oh new_indirect_dict(qpdf_data q)
{
    qpdf_oh d = qpdf_oh_new_dictionary(q);
    qpdf_oh ind = qpdf_make_indirect_object(q, d);
    qpdf_oh_release(q, d);
    return ind;
}

/* A new stream holding len bytes of data, unfiltered (compressed on write). */
static qpdf_oh new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh no_filter = qpdf_oh_new_null(q), no_parms = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, s, (const unsigned char *)(len ? data : ""), len, no_filter, no_parms);
    qpdf_oh_release(q, no_filter);
    qpdf_oh_release(q, no_parms);
    return s;
}

/* A handle to indirect object id (generation 0, as for every object we make). */
static qpdf_oh by_id(qpdf_data q, int id)
{
    return qpdf_get_object_by_id(q, id, 0);
}

/* Whether h is the name /name. */
static bool is_name(qpdf_data q, qpdf_oh h, const char *name)
{
    return qpdf_oh_is_name_and_equals(q, h, name);
}

/* Copy of a scalar (number, name, bool, string) of another document;
 * anything else becomes null. */
static qpdf_oh copy_scalar(qpdf_data from, qpdf_oh h, qpdf_data to)
{
    long long i;
    const char *s;
    size_t n;
    QPDF_BOOL b;
    if (qpdf_oh_is_integer(from, h) && qpdf_oh_get_value_as_longlong(from, h, &i))
        return qpdf_oh_new_integer(to, i);
    if (qpdf_oh_get_value_as_real(from, h, &s, &n))
        return qpdf_oh_new_real_from_string(to, s);
    if (qpdf_oh_get_value_as_name(from, h, &s, &n))
        return qpdf_oh_new_name(to, s);
    if (qpdf_oh_get_value_as_bool(from, h, &b))
        return qpdf_oh_new_bool(to, b);
    if (qpdf_oh_get_value_as_string(from, h, &s, &n))
        return qpdf_oh_new_binary_string(to, s, n);
    return qpdf_oh_new_null(to);
}

/* A number as PDF syntax: at most four decimals, no trailing zeros. */
static void fmt_num(char *buf, size_t size, double x)
{
    if (fabs(x) < 0.00005)
        x = 0;
    snprintf(buf, size, "%.4f", x);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
}

/* An array of n numbers, e.g. a rectangle or a matrix. */
static qpdf_oh number_array(qpdf_data q, const double *x, int n)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '[');
    for (int i = 0; i < n; i++) {
        char num[64];
        fmt_num(num, sizeof(num), x[i]);
        strbuf_addf(&sb, "%s%s", i ? " " : "", num);
    }
    strbuf_addch(&sb, ']');
    qpdf_oh a = qpdf_oh_parse(q, sb.buf);
    strbuf_release(&sb);
    return a;
}

/* If q has an error pending, report it as "PREFIX: <libqpdf text>" and
 * return true. */
static bool qpdf_failed(qpdf_data q, const struct srcloc *loc, const char *prefix)
{
    if (!q || !qpdf_has_error(q))
        return false;
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : NULL;
    diag_error(loc, "%s: %s", prefix, text && *text ? text : "unknown libqpdf error");
    return true;
}

/* Count the warnings q collected (kept off stderr); the first one's text
 * goes to *first unless it is set. */
static int drain_warnings(qpdf_data q, char **first)
{
    int n = 0;
    while (qpdf_more_warnings(q)) {
        qpdf_error w = qpdf_next_warning(q);
        if (w && !*first)
            *first = xstrdup(qpdf_get_error_full_text(q, w));
        n++;
    }
    return n;
}

/* Free a document.  An error still pending (one that followed the error
 * already reported) is taken first, or libqpdf would print it. */
static void free_qpdf(qpdf_data *q)
{
    if (qpdf_has_error(*q))
        qpdf_get_error(*q);
    qpdf_cleanup(q);
}

/* A fresh document handle that reports errors to us only. */
static qpdf_data new_qpdf(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

/* 10*major+minor of q's header version, e.g. 17. */
static int pdf_version(qpdf_data q)
{
    int major = 0, minor = 0;
    const char *s = qpdf_get_pdf_version(q);
    if (s && sscanf(s, "%d.%d", &major, &minor) == 2 && major >= 1 && major < 10 && minor >= 0 && minor < 10)
        return 10 * major + minor;
    return 0;
}

/* ---- Sources ----------------------------------------------------------- */

enum source_kind {
    SRC_PAPER,   /* a paper's PDF; its pages get stamps */
    SRC_BATCH,   /* a temporary PDF of paper pages, their links and bookmarks */
    SRC_TYPESET, /* the typeset document (generated and blank pages) */
    SRC_VOLUME   /* a written volume, read by assemble_split */
};

/* A named destination of the /Names /Dests tree. */
struct named_dest {
    char *key;      /* bytes of the name, owned */
    size_t len;     /* bytes in key */
    size_t order;   /* position in the tree; the first of equal keys wins */
    qpdf_oh value;  /* destination (array, or dictionary with /D) in the source */
};

/* A document pages are copied from. */
struct source {
    enum source_kind kind;
    qpdf_data q;              /* open document; NULL before opening and after closing */
    char *path;               /* file to read, owned; NULL for the typeset document */
    const struct pdf_info *checked; /* SRC_PAPER: what inspection read; its bytes must not have changed */
    char *bytes;              /* SRC_PAPER: the file's bytes, read once and kept until the output is
                                 written (libqpdf copies stream data lazily); owned */
    size_t nbytes;
    struct srcloc loc;        /* where its problems are reported; file borrowed */
    char *prefix;             /* message prefix, e.g. "paper 'p1': cannot copy its pages"; owned */
    int paper;                /* SRC_PAPER: index into volume.papers */
    int first_paper;          /* SRC_BATCH: papers it holds, [first_paper, end_paper) */
    int end_paper;
    int *vpage_of;            /* page index → vpage; -1 for pages not in the volume; owned */
    int nplanned;             /* entries of vpage_of */
    int pending;              /* pages of the plan not yet added */
    int npages;               /* pages in the document */
    int version;              /* 10*major+minor */
    struct idmap pages;       /* page object → page index */
    qpdf_oh *annots;          /* page index → the /Annots taken off before copying, 0: none */
    struct named_dest *names; /* the name tree /Dests, sorted; read on first use */
    size_t nnames;
    bool names_read;
    struct idmap seen;        /* bookmarks visited by the current walk (loops) */
    int dropped_links;        /* links whose destination is missing */
    int dropped_bookmarks;    /* bookmarks that lead nowhere */
    int warnings;             /* libqpdf warnings while reading */
    char *first_warning;      /* text of the first, owned */
};

/* Report a pending error of s or of the output (may be NULL) as a problem
 * of s; true when there was one. */
static bool source_failed(const struct source *s, qpdf_data out)
{
    return qpdf_failed(s->q, &s->loc, s->prefix) || qpdf_failed(out, &s->loc, s->prefix);
}

/* vpage of page j, or -1. */
static int source_vpage(const struct source *s, int j)
{
    return j >= 0 && j < s->nplanned ? s->vpage_of[j] : -1;
}

/* Learn the pages of an open source: page objects, count, version. */
static bool source_index(struct source *s)
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
    s->version = pdf_version(q);
    return !source_failed(s, NULL);
}

/* Read a paper's bytes and make sure they are the ones inspection saw.
 * The volume then holds exactly what was checked even when the file is
 * rewritten or removed during the build, and no descriptor stays open per
 * paper. */
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

/* The bytes of a paper whose pages are written: no longer needed. */
static void source_drop_bytes(struct source *s)
{
    free(s->bytes);
    s->bytes = NULL;
    s->nbytes = 0;
}

/* Read the source (unless it is open already) and index it.  Papers are
 * read from memory, other sources from their file. */
static bool source_open(struct source *s)
{
    if (!s->q) {
        s->q = new_qpdf();
        if (s->kind == SRC_PAPER) {
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

/* Drop everything that refers to handles of s->q. */
static void source_forget_handles(struct source *s)
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
static void source_close(struct source *s)
{
    if (s->q) {
        s->warnings += drain_warnings(s->q, &s->first_warning);
        source_forget_handles(s);
        if (s->kind != SRC_TYPESET)
            free_qpdf(&s->q);
    }
    free(s->annots);
    s->annots = NULL;
    idmap_clear(&s->pages);
    idmap_clear(&s->seen);
}

/* Close s and free everything it owns. */
static void source_release(struct source *s)
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
    qpdf_oh names = key(q, node, "/Names");
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
    qpdf_oh kids = key(q, node, "/Kids");
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
    qpdf_oh names = key(q, root, "/Names");
    qpdf_oh tree = key(q, names, "/Dests");
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
    qpdf_oh dests = key(q, root, "/Dests");
    qpdf_oh d = key(q, dests, k);
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
static int resolve_dest(struct source *s, qpdf_oh dest, qpdf_oh *array, bool *by_ref)
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
            next = key(q, cur, "/D");
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

/* Where a link or bookmark keeps its destination. */
enum dest_place {
    DEST_NONE,        /* no destination, no action */
    DEST_KEY,         /* /Dest */
    DEST_ACTION,      /* /A << /S /GoTo /D ... >> */
    DEST_OTHER_ACTION /* /A of another kind (URI, GoToR, ...) */
};

/* The destination of dict (a handle, or 0 when missing) and where it is. */
static qpdf_oh dest_of(qpdf_data q, qpdf_oh dict, enum dest_place *place)
{
    qpdf_oh d = key(q, dict, "/Dest");
    if (!qpdf_oh_is_null(q, d)) {
        *place = DEST_KEY;
        return d;
    }
    qpdf_oh_release(q, d);
    d = 0;
    *place = DEST_NONE;
    qpdf_oh a = key(q, dict, "/A");
    if (qpdf_oh_is_dictionary(q, a)) {
        qpdf_oh type = key(q, a, "/S");
        bool go_to = is_name(q, type, "/GoTo");
        qpdf_oh_release(q, type);
        *place = go_to ? DEST_ACTION : DEST_OTHER_ACTION;
        d = go_to ? key(q, a, "/D") : 0;
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
static qpdf_oh copy_object(struct source *s, qpdf_data out, qpdf_oh h)
{
    qpdf_oh type = key(s->q, h, "/Type");
    bool page_node = is_name(s->q, type, "/Page") || is_name(s->q, type, "/Pages");
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

/* ---- The output document ----------------------------------------------- */

/* A shared stream "Q q <matrix> cm /Name Do Q" by its text. */
struct stamp_ops {
    char *text; /* owned */
    int id;     /* object id of the stream */
};

/* The document being built: the volume, a batch file or a split paper. */
struct out {
    qpdf_data q;
    int npages;                             /* pages added */
    int *index_of;                          /* vpage → page index here; -1 when not added */
    int *paper_item;                        /* paper → object id of its bookmark; 0 none */
    int q_id;                               /* shared "q\n" content stream; 0 until needed */
    struct stamp_ops ops[STAMP_CACHE];      /* stamp-drawing streams shared between pages */
    int nops;
    int version;                            /* highest PDF version of the inputs */
    bool compact;                           /* written with object streams */
};

/* The whole job. */
struct asm_ctx {
    const struct volume *v;
    qpdf_data ts;             /* typeset document */
    struct source tsrc;       /* ts as a source: generated pages and their annotations */
    bool compact;             /* outputs with object streams: smaller, slower to write */
    const struct vlink *links; /* links on the generated pages (borrowed) */
    size_t nlinks;
};

/* An empty document with no pages of the volume added yet. */
static bool out_init(struct out *o, const struct asm_ctx *c)
{
    const struct volume *v = c->v;
    memset(o, 0, sizeof(*o));
    o->compact = c->compact;
    o->q = new_qpdf();
    o->index_of = xmalloc((v->npages ? v->npages : 1) * sizeof(*o->index_of));
    for (size_t i = 0; i < v->npages; i++)
        o->index_of[i] = -1;
    o->paper_item = xcalloc(v->npapers ? v->npapers : 1, sizeof(*o->paper_item));
    qpdf_empty_pdf(o->q);
    return !qpdf_failed(o->q, NULL, "cannot create a PDF");
}

/* Free the document (closing the files it still reads from); safe twice. */
static void out_release(struct out *o)
{
    if (o->q)
        free_qpdf(&o->q);
    for (int i = 0; i < o->nops; i++)
        free(o->ops[i].text);
    o->nops = 0;
    free(o->index_of);
    free(o->paper_item);
    o->index_of = o->paper_item = NULL;
}

/* Destination [page /XYZ ...] in o for vpage.  The view parameters are
 * taken from the source's explicit destination arr (may be 0) when it
 * points at the same page; else the page is shown at the current zoom. */
static qpdf_oh build_dest(const struct asm_ctx *c, struct out *o, const struct source *s, int vpage, qpdf_oh arr)
{
    qpdf_data d = o->q;
    qpdf_oh dest = qpdf_oh_new_array(d);
    push(d, dest, qpdf_get_page_n(d, (size_t)o->index_of[vpage]));
    int n = s && arr ? qpdf_oh_get_array_n_items(s->q, arr) : 0;
    /* A typeset page under a paper page is only its stamp. */
    if (s && s->kind == SRC_TYPESET && c->v->pages[vpage].kind == VP_PAPER)
        n = 0;
    if (n >= 2) {
        for (int k = 1; k < n; k++) {
            qpdf_oh item = qpdf_oh_get_array_item(s->q, arr, k);
            push(d, dest, copy_scalar(s->q, item, d));
            qpdf_oh_release(s->q, item);
        }
    } else {
        push(d, dest, qpdf_oh_new_name(d, "/XYZ"));
        for (int k = 0; k < 3; k++)
            push(d, dest, qpdf_oh_new_null(d));
    }
    return dest;
}

/* ---- Stamps ---------------------------------------------------------------- */

struct box {
    double x0, y0, x1, y1; /* normalised: x0 < x1, y0 < y1 */
};

/* page[k] as a rectangle, if it is one of positive size. */
static bool read_box(qpdf_data q, qpdf_oh page, const char *k, struct box *b)
{
    qpdf_oh a = key(q, page, k);
    double x[4];
    bool ok = qpdf_oh_is_array(q, a) && qpdf_oh_get_array_n_items(q, a) == 4;
    for (int i = 0; ok && i < 4; i++) {
        qpdf_oh item = qpdf_oh_get_array_item(q, a, i);
        ok = qpdf_oh_get_value_as_number(q, item, &x[i]) && isfinite(x[i]);
        qpdf_oh_release(q, item);
    }
    qpdf_oh_release(q, a);
    if (!ok)
        return false;
    b->x0 = fmin(x[0], x[2]);
    b->x1 = fmax(x[0], x[2]);
    b->y0 = fmin(x[1], x[3]);
    b->y1 = fmax(x[1], x[3]);
    return b->x1 - b->x0 >= 1 && b->y1 - b->y0 >= 1;
}

/* The visible area of a page (CropBox clipped to MediaBox) in its user
 * space, and its /Rotate as 0, 90, 180 or 270.  Inherited values were
 * pushed down to the page when the source was opened. */
static void page_geometry(qpdf_data q, qpdf_oh page, struct box *vis, int *rotate)
{
    struct box media, crop;
    if (!read_box(q, page, "/MediaBox", &media))
        media = (struct box){0, 0, 612, 792};
    *vis = media;
    if (read_box(q, page, "/CropBox", &crop)) {
        struct box in = {fmax(crop.x0, media.x0), fmax(crop.y0, media.y0), fmin(crop.x1, media.x1),
                         fmin(crop.y1, media.y1)};
        if (in.x1 - in.x0 >= 1 && in.y1 - in.y0 >= 1)
            *vis = in;
    }
    double r = 0;
    qpdf_oh h = key(q, page, "/Rotate");
    if (!qpdf_oh_get_value_as_number(q, h, &r) || !isfinite(r) || fabs(r) > 1e6)
        r = 0;
    qpdf_oh_release(q, h);
    int deg = (int)lround(r) % 360;
    if (deg < 0)
        deg += 360;
    *rotate = deg % 90 ? 0 : deg;
}

/* The matrix taking the overlay's coordinates (origin at the bottom left
 * of the page as displayed, width and height as displayed) to the page's
 * user space.  A page with /Rotate 90 is turned clockwise for display, so
 * the displayed bottom-left corner is the user space's bottom-right (x1,
 * y0), and going right on screen goes up in user space. */
static void overlay_matrix(const struct box *b, int rotate, double m[6])
{
    double r0[6] = {1, 0, 0, 1, b->x0, b->y0};
    double r90[6] = {0, 1, -1, 0, b->x1, b->y0};
    double r180[6] = {-1, 0, 0, -1, b->x1, b->y1};
    double r270[6] = {0, -1, 1, 0, b->x0, b->y1};
    const double *src = rotate == 90 ? r90 : rotate == 180 ? r180 : rotate == 270 ? r270 : r0;
    memcpy(m, src, sizeof(r0));
}

/* The typeset page vpage as a Form XObject in o.  Returns its object id,
 * or 0 with the error pending. */
static int stamp_form(struct asm_ctx *c, struct out *o, int vpage)
{
    qpdf_data t = c->ts, q = o->q;
    qpdf_oh page = qpdf_get_page_n(t, (size_t)vpage);
    qpdf_oh res = key(t, page, "/Resources");
    if (!qpdf_oh_is_indirect(t, res)) {
        if (!qpdf_oh_is_dictionary(t, res)) {
            qpdf_oh_release(t, res);
            res = qpdf_oh_new_dictionary(t);
        }
        qpdf_oh ind = qpdf_make_indirect_object(t, res);
        qpdf_oh_replace_key(t, page, "/Resources", ind);
        qpdf_oh_release(t, res);
        res = ind;
    }
    qpdf_oh content = key(t, page, "/Contents");
    if (!qpdf_oh_is_stream(t, content)) {
        unsigned char *buf = NULL;
        size_t len = 0;
        if (qpdf_oh_is_array(t, content))
            qpdf_oh_get_page_content_data(t, page, &buf, &len);
        qpdf_oh_release(t, content);
        content = new_stream(t, buf, buf ? len : 0);
        free(buf);
        qpdf_oh_replace_key(t, page, "/Contents", content);
    }
    struct box b;
    if (!read_box(t, page, "/MediaBox", &b))
        b = (struct box){0, 0, c->v->pages[vpage].width, c->v->pages[vpage].height};
    qpdf_oh_release(t, page);
    int id = 0;
    if (!qpdf_has_error(t)) {
        qpdf_oh form = qpdf_oh_copy_foreign_object(q, t, content);
        qpdf_oh form_res = qpdf_oh_copy_foreign_object(q, t, res);
        qpdf_oh dict = qpdf_oh_get_dict(q, form);
        put_name(q, dict, "/Type", "/XObject");
        put_name(q, dict, "/Subtype", "/Form");
        put(q, dict, "/BBox", number_array(q, (double[]){b.x0, b.y0, b.x1, b.y1}, 4));
        qpdf_oh_replace_key(q, dict, "/Resources", form_res);
        if (b.x0 != 0 || b.y0 != 0)
            put(q, dict, "/Matrix", number_array(q, (double[]){1, 0, 0, 1, -b.x0, -b.y0}, 6));
        id = qpdf_has_error(q) ? 0 : qpdf_oh_get_object_id(q, form);
        qpdf_oh_release(q, dict);
        qpdf_oh_release(q, form_res);
        qpdf_oh_release(q, form);
    }
    qpdf_oh_release(t, content);
    qpdf_oh_release(t, res);
    return id;
}

/* Object id of the stream "q\n" that opens every stamped page. */
static int shared_q(struct out *o)
{
    if (!o->q_id) {
        qpdf_oh s = new_stream(o->q, "q\n", 2);
        o->q_id = qpdf_oh_get_object_id(o->q, s);
        qpdf_oh_release(o->q, s);
    }
    return o->q_id;
}

/* Object id of a stream holding text; equal texts share one stream. */
static int ops_stream(struct out *o, const char *text)
{
    for (int i = 0; i < o->nops; i++)
        if (strcmp(o->ops[i].text, text) == 0)
            return o->ops[i].id;
    qpdf_oh s = new_stream(o->q, text, strlen(text));
    int id = qpdf_oh_get_object_id(o->q, s);
    qpdf_oh_release(o->q, s);
    if (o->nops < STAMP_CACHE) {
        o->ops[o->nops].text = xstrdup(text);
        o->ops[o->nops++].id = id;
    }
    return id;
}

/* Put every entry of from (a dictionary, else nothing) except skip into to. */
static void copy_entries(qpdf_data q, qpdf_oh from, qpdf_oh to, const char *skip)
{
    if (!qpdf_oh_is_dictionary(q, from))
        return;
    qpdf_oh_begin_dict_key_iter(q, from);
    while (qpdf_oh_dict_more_keys(q)) {
        const char *k = qpdf_oh_dict_next_key(q);
        if (!skip || strcmp(k, skip) != 0)
            put(q, to, k, qpdf_oh_get_key(q, from, k));
    }
}

/* Draw typeset page vpage over the output page of the same vpage:
 * /Contents becomes [q, original..., "Q q <cm> cm /CPStamp Do Q"], and
 * the page gets its own /Resources (the original may be shared) with the
 * stamp added. */
static bool stamp_page(struct asm_ctx *c, struct out *o, int vpage)
{
    qpdf_data q = o->q;
    int form = stamp_form(c, o, vpage);
    if (!form)
        return false;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)o->index_of[vpage]);
    struct box vis;
    int rotate;
    double m[6];
    page_geometry(q, page, &vis, &rotate);
    overlay_matrix(&vis, rotate, m);

    qpdf_oh old_res = key(q, page, "/Resources");
    qpdf_oh old_xobj = key(q, old_res, "/XObject");
    qpdf_oh res = qpdf_oh_new_dictionary(q);
    qpdf_oh xobj = qpdf_oh_new_dictionary(q);
    copy_entries(q, old_res, res, "/XObject");
    copy_entries(q, old_xobj, xobj, NULL);
    char name[32] = "/CPStamp";
    for (int k = 1; qpdf_oh_has_key(q, xobj, name) && k <= MAX_STAMP_NAMES; k++)
        snprintf(name, sizeof(name), "/CPStamp%d", k);
    put(q, xobj, name, by_id(q, form));
    put(q, res, "/XObject", xobj);
    put(q, page, "/Resources", res);
    qpdf_oh_release(q, old_xobj);
    qpdf_oh_release(q, old_res);

    struct strbuf ops = STRBUF_INIT;
    strbuf_adds(&ops, "\nQ q");
    for (int i = 0; i < 6; i++) {
        char num[64];
        fmt_num(num, sizeof(num), m[i]);
        strbuf_addf(&ops, " %s", num);
    }
    strbuf_addf(&ops, " cm %s Do Q\n", name);
    qpdf_oh contents = qpdf_oh_new_array(q);
    push(q, contents, by_id(q, shared_q(o)));
    qpdf_oh old = key(q, page, "/Contents");
    if (qpdf_oh_is_array(q, old)) {
        int n = qpdf_oh_get_array_n_items(q, old);
        for (int i = 0; i < n; i++)
            push(q, contents, qpdf_oh_get_array_item(q, old, i));
    } else if (qpdf_oh_is_stream(q, old)) {
        qpdf_oh_append_item(q, contents, old);
    }
    qpdf_oh_release(q, old);
    push(q, contents, by_id(q, ops_stream(o, ops.buf)));
    strbuf_release(&ops);
    put(q, page, "/Contents", contents);
    qpdf_oh_release(q, page);
    return !qpdf_has_error(q);
}

/* ---- Pages and annotations ------------------------------------------ */

/* Copy page j of s to the end of o as vpage, its annotations kept aside;
 * stamp it if asked. */
static bool add_page(struct asm_ctx *c, struct out *o, struct source *s, int j, int vpage, bool stamp)
{
    qpdf_data q = s->q;
    qpdf_oh page = qpdf_get_page_n(q, (size_t)j);
    qpdf_oh annots = key(q, page, "/Annots");
    if (qpdf_oh_is_null(q, annots) || s->annots[j]) {
        qpdf_oh_release(q, annots);
    } else {
        s->annots[j] = annots;
        qpdf_oh_remove_key(q, page, "/Annots");
    }
    qpdf_add_page(o->q, q, page, QPDF_FALSE);
    qpdf_oh_release(q, page);
    if (source_failed(s, o->q))
        return false;
    o->index_of[vpage] = o->npages++;
    if (stamp && !stamp_page(c, o, vpage)) {
        if (!qpdf_failed(c->ts, &s->loc, s->prefix) && !source_failed(s, o->q))
            diag_error(&s->loc, "%s: the stamp of page %d could not be added", s->prefix, j + 1);
        return false;
    }
    return true;
}

/* Point a link of s at the explicit destination arr instead of its named
 * one, so that copy_foreign takes the page reference along. */
static void set_explicit_dest(qpdf_data q, qpdf_oh link, enum dest_place place, qpdf_oh arr)
{
    if (place == DEST_KEY) {
        qpdf_oh_replace_key(q, link, "/Dest", arr);
    } else {
        qpdf_oh action = key(q, link, "/A");
        qpdf_oh_replace_key(q, action, "/D", arr);
        qpdf_oh_release(q, action);
    }
}

/* Put back the annotations of pages [from, to) of s, now that all their
 * pages are in o.  Links are kept only when their destination is a page of
 * o.  A named destination becomes the explicit one in the source before
 * copying; a destination qpdf cannot map (a page number, or a typeset page
 * that became a stamp) is rebuilt in o after copying. */
static bool copy_annots(const struct asm_ctx *c, struct out *o, struct source *s, int from, int to)
{
    qpdf_data q = s->q, d = o->q;
    for (int j = from; j < to && j < s->npages; j++) {
        qpdf_oh annots = s->annots[j];
        if (!annots)
            continue;
        s->annots[j] = 0;
        int vpage = source_vpage(s, j);
        int n = vpage >= 0 && o->index_of[vpage] >= 0 && qpdf_oh_is_array(q, annots)
                    ? qpdf_oh_get_array_n_items(q, annots) : 0;
        qpdf_oh list = qpdf_oh_new_array(d);
        int kept = 0;
        for (int k = 0; k < n; k++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, k);
            enum dest_place place = DEST_NONE;
            qpdf_oh arr = 0;
            int target = -1;
            bool keep = qpdf_oh_is_dictionary(q, a), rebuild = false;
            qpdf_oh type = key(q, a, "/Subtype");
            if (keep && is_name(q, type, "/Link")) {
                qpdf_oh dest = dest_of(q, a, &place);
                bool by_ref = false;
                if (dest)
                    target = source_vpage(s, resolve_dest(s, dest, &arr, &by_ref));
                if ((dest || place == DEST_ACTION) && (target < 0 || o->index_of[target] < 0)) {
                    s->dropped_links++;
                    keep = false;
                } else if (target >= 0) {
                    rebuild = !by_ref || s->kind == SRC_TYPESET;
                    if (!rebuild && !qpdf_oh_is_array(q, dest))
                        set_explicit_dest(q, a, place, arr);
                }
                qpdf_oh_release(q, dest);
            }
            qpdf_oh_release(q, type);
            qpdf_oh copy = keep ? copy_object(s, d, a) : 0;
            if (copy) {
                if (rebuild) {
                    qpdf_oh dest = build_dest(c, o, s, target, arr);
                    if (place == DEST_KEY) {
                        put(d, copy, "/Dest", dest);
                    } else {
                        qpdf_oh action = key(d, copy, "/A");
                        put(d, action, "/D", dest);
                        qpdf_oh_release(d, action);
                    }
                }
                push(d, list, copy);
                kept++;
            }
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, a);
        }
        if (kept) {
            qpdf_oh page = qpdf_get_page_n(d, (size_t)o->index_of[vpage]);
            qpdf_oh_replace_key(d, page, "/Annots", list);
            qpdf_oh_release(d, page);
        }
        qpdf_oh_release(d, list);
        qpdf_oh_release(q, annots);
        if (source_failed(s, d))
            return false;
    }
    return true;
}

/* ---- Outline ---------------------------------------------------------------- */

/* Children of one outline item while they are being linked. */
struct olink {
    qpdf_oh first, last; /* handles in the output; 0 while empty */
    int count;           /* items visible when the parent is open */
};

/* Append item (an indirect dictionary) under parent; visible is 1 plus
 * its own visible descendants when it is open. */
static void olink_add(qpdf_data q, struct olink *l, qpdf_oh parent, qpdf_oh item, int visible)
{
    qpdf_oh_replace_key(q, item, "/Parent", parent);
    if (l->last) {
        qpdf_oh_replace_key(q, item, "/Prev", l->last);
        qpdf_oh_replace_key(q, l->last, "/Next", item);
        qpdf_oh_release(q, l->last);
    } else {
        l->first = qpdf_oh_new_object(q, item);
    }
    l->last = qpdf_oh_new_object(q, item);
    l->count += visible;
}

/* Hang the children in l under parent, open or closed. */
static void olink_close(qpdf_data q, qpdf_oh parent, struct olink *l, bool open)
{
    if (l->first) {
        qpdf_oh_replace_key(q, parent, "/First", l->first);
        qpdf_oh_replace_key(q, parent, "/Last", l->last);
        put(q, parent, "/Count", qpdf_oh_new_integer(q, open ? l->count : -l->count));
    }
    qpdf_oh_release(q, l->first);
    qpdf_oh_release(q, l->last);
    memset(l, 0, sizeof(*l));
}

/* Copy /C (colour) and /F (style) of a bookmark. */
static void copy_bookmark_style(qpdf_data q, qpdf_oh item, qpdf_data d, qpdf_oh copy)
{
    qpdf_oh color = key(q, item, "/C");
    double rgb[3];
    bool ok = qpdf_oh_is_array(q, color) && qpdf_oh_get_array_n_items(q, color) == 3;
    for (int i = 0; ok && i < 3; i++) {
        qpdf_oh x = qpdf_oh_get_array_item(q, color, i);
        ok = qpdf_oh_get_value_as_number(q, x, &rgb[i]) && rgb[i] >= 0 && rgb[i] <= 1;
        qpdf_oh_release(q, x);
    }
    if (ok)
        put(d, copy, "/C", number_array(d, rgb, 3));
    qpdf_oh_release(q, color);
    qpdf_oh flags = key(q, item, "/F");
    int f;
    if (qpdf_oh_is_integer(q, flags) && qpdf_oh_get_value_as_int(q, flags, &f) && f > 0 && f < 4)
        put(d, copy, "/F", qpdf_oh_new_integer(d, f));
    qpdf_oh_release(q, flags);
}

/* Copy the bookmark first of s and its following siblings, with their
 * children, under parent in o.  Destinations are rebuilt for o's pages;
 * bookmarks leading nowhere without children are dropped. */
static void copy_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s, qpdf_oh first, qpdf_oh parent,
                           int depth, struct olink *l, int *budget)
{
    qpdf_data q = s->q, d = o->q;
    qpdf_oh item = qpdf_oh_new_object(q, first);
    while (qpdf_oh_is_dictionary(q, item) && *budget > 0) {
        (*budget)--;
        if (qpdf_oh_is_indirect(q, item) &&
            !idmap_put(&s->seen, qpdf_oh_get_object_id(q, item), qpdf_oh_get_generation(q, item), 0))
            break;
        qpdf_oh copy = new_indirect_dict(d);
        qpdf_oh title = key(q, item, "/Title");
        const char *bytes;
        size_t len;
        if (qpdf_oh_get_value_as_string(q, title, &bytes, &len))
            put(d, copy, "/Title", qpdf_oh_new_binary_string(d, bytes, len));
        else
            put(d, copy, "/Title", qpdf_oh_new_string(d, ""));
        qpdf_oh_release(q, title);

        bool leads = false;
        enum dest_place place;
        qpdf_oh dest = dest_of(q, item, &place);
        if (dest) {
            qpdf_oh arr;
            int target = source_vpage(s, resolve_dest(s, dest, &arr, NULL));
            if (target >= 0 && o->index_of[target] >= 0) {
                put(d, copy, "/Dest", build_dest(c, o, s, target, arr));
                leads = true;
            }
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, dest);
        } else if (place == DEST_OTHER_ACTION) {
            qpdf_oh action = key(q, item, "/A");
            qpdf_oh action_copy = copy_object(s, d, action);
            qpdf_oh_release(q, action);
            if (action_copy) {
                put(d, copy, "/A", action_copy);
                leads = true;
            }
        }

        struct olink kids = {0};
        qpdf_oh kid = key(q, item, "/First");
        if (depth < MAX_DEPTH)
            copy_bookmarks(c, o, s, kid, copy, depth + 1, &kids, budget);
        qpdf_oh_release(q, kid);
        qpdf_oh count = key(q, item, "/Count");
        int n = 0;
        bool open = qpdf_oh_get_value_as_int(q, count, &n) && n > 0;
        qpdf_oh_release(q, count);
        if (leads || kids.first) {
            copy_bookmark_style(q, item, d, copy);
            int visible = kids.count;
            olink_close(d, copy, &kids, open);
            olink_add(d, l, parent, copy, 1 + (open ? visible : 0));
        } else {
            s->dropped_bookmarks++;
        }
        qpdf_oh_release(d, copy);
        qpdf_oh next = key(q, item, "/Next");
        qpdf_oh_release(q, item);
        item = next;
    }
    qpdf_oh_release(q, item);
}

/* The bookmark of paper p in o (closed), with the bookmarks under
 * children (a bookmark of s, or a null handle) nested in it. */
static void paper_bookmark(const struct asm_ctx *c, struct out *o, struct source *s, int p, qpdf_oh children)
{
    qpdf_data d = o->q;
    const struct vpaper *vp = &c->v->papers[p];
    qpdf_oh item = new_indirect_dict(d);
    put(d, item, "/Title", qpdf_oh_new_unicode_string(d, vp->paper->title ? vp->paper->title : vp->paper->id));
    put(d, item, "/Dest", build_dest(c, o, NULL, vp->first_vpage, 0));
    struct olink kids = {0};
    int budget = MAX_BOOKMARKS;
    idmap_clear(&s->seen);
    copy_bookmarks(c, o, s, children, item, 1, &kids, &budget);
    idmap_clear(&s->seen);
    olink_close(d, item, &kids, false);
    o->paper_item[p] = qpdf_oh_get_object_id(d, item);
    qpdf_oh_release(d, item);
}

/* Whether the paper's pages are in the volume (archival, readable). */
static bool paper_has_pages(const struct vpaper *vp)
{
    return vp->npages > 0 && vp->first_vpage >= 0;
}

/* Bookmarks of the papers of s: a paper's whole outline, or in a batch
 * file the children of the top-level bookmark of each paper. */
static void source_bookmarks(const struct asm_ctx *c, struct out *o, struct source *s)
{
    qpdf_data q = s->q;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh outlines = key(q, root, "/Outlines");
    qpdf_oh item = key(q, outlines, "/First");
    qpdf_oh_release(q, outlines);
    qpdf_oh_release(q, root);
    if (s->kind == SRC_PAPER) {
        paper_bookmark(c, o, s, s->paper, item);
        qpdf_oh_release(q, item);
        return;
    }
    for (int p = s->first_paper; p < s->end_paper; p++) {
        if (!paper_has_pages(&c->v->papers[p]))
            continue;
        qpdf_oh kids = key(q, item, "/First");
        paper_bookmark(c, o, s, p, kids);
        qpdf_oh_release(q, kids);
        qpdf_oh next = key(q, item, "/Next");
        qpdf_oh_release(q, item);
        item = next;
    }
    qpdf_oh_release(q, item);
}

/* A top-level or session bookmark leading to vpage. */
static qpdf_oh plain_bookmark(const struct asm_ctx *c, struct out *o, const char *title, int vpage)
{
    qpdf_oh item = new_indirect_dict(o->q);
    put(o->q, item, "/Title", qpdf_oh_new_unicode_string(o->q, title));
    put(o->q, item, "/Dest", build_dest(c, o, NULL, vpage, 0));
    return item;
}

/* A bookmark for each front or back part (back == true) with pages. */
static void part_bookmarks(const struct asm_ctx *c, struct out *o, qpdf_oh root, struct olink *top, bool back)
{
    const struct volume *v = c->v;
    for (size_t i = 0; i < v->nparts; i++) {
        const struct vpart *part = &v->parts[i];
        if (part->back != back || part->npages <= 0 || part->first_vpage < 0 ||
            (size_t)part->first_vpage >= v->npages || o->index_of[part->first_vpage] < 0)
            continue;
        const char *title = part->part->title && *part->part->title ? part->part->title
                                                                     : part_default_title(part->part->kind);
        qpdf_oh item = plain_bookmark(c, o, title, part->first_vpage);
        olink_add(o->q, top, root, item, 1);
        qpdf_oh_release(o->q, item);
    }
}

/* The outline of the volume: front parts, sessions (open) holding their
 * papers (closed, with the papers' own bookmarks), back parts. */
static void add_outline(const struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    qpdf_oh root = new_indirect_dict(q);
    put_name(q, root, "/Type", "/Outlines");
    struct olink top = {0}, session = {0};
    part_bookmarks(c, o, root, &top, false);
    qpdf_oh sitem = 0;
    int current = -1;
    for (size_t p = 0; p < v->npapers; p++) {
        const struct vpaper *vp = &v->papers[p];
        if (!o->paper_item[p])
            continue;
        if (!sitem || vp->session_index != current) {
            if (sitem) {
                int visible = session.count;
                olink_close(q, sitem, &session, true);
                olink_add(q, &top, root, sitem, 1 + visible);
                qpdf_oh_release(q, sitem);
            }
            char *title = vp->session && vp->session->title && *vp->session->title
                              ? xstrdup(vp->session->title) : xasprintf("Session %d", vp->session_index + 1);
            sitem = plain_bookmark(c, o, title, vp->first_vpage);
            free(title);
            current = vp->session_index;
        }
        qpdf_oh item = by_id(q, o->paper_item[p]);
        olink_add(q, &session, sitem, item, 1);
        qpdf_oh_release(q, item);
    }
    if (sitem) {
        int visible = session.count;
        olink_close(q, sitem, &session, true);
        olink_add(q, &top, root, sitem, 1 + visible);
        qpdf_oh_release(q, sitem);
    }
    part_bookmarks(c, o, root, &top, true);
    bool any = top.first != 0;
    olink_close(q, root, &top, true);
    qpdf_oh catalog = qpdf_get_root(q);
    if (any) {
        qpdf_oh_replace_key(q, catalog, "/Outlines", root);
        put_name(q, catalog, "/PageMode", "/UseOutlines");
    }
    qpdf_oh_release(q, catalog);
    qpdf_oh_release(q, root);
}

/* The outline of a batch file: one closed top-level bookmark per paper,
 * in order, holding the paper's own bookmarks. */
static void batch_outline(struct out *o, int first_paper, int end_paper)
{
    qpdf_data q = o->q;
    qpdf_oh root = new_indirect_dict(q);
    put_name(q, root, "/Type", "/Outlines");
    struct olink top = {0};
    for (int p = first_paper; p < end_paper; p++) {
        if (!o->paper_item[p])
            continue;
        qpdf_oh item = by_id(q, o->paper_item[p]);
        olink_add(q, &top, root, item, 1);
        qpdf_oh_release(q, item);
    }
    olink_close(q, root, &top, true);
    qpdf_oh catalog = qpdf_get_root(q);
    qpdf_oh_replace_key(q, catalog, "/Outlines", root);
    qpdf_oh_release(q, catalog);
    qpdf_oh_release(q, root);
}

/* ---- Links, page labels, metadata --------------------------------------- */

/* The links of the generated pages (TOC, indexes), from typeset. */
static void add_links(const struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    for (size_t i = 0; i < c->nlinks; i++) {
        const struct vlink *l = &c->links[i];
        if (l->vpage < 0 || (size_t)l->vpage >= v->npages || l->target_vpage < 0 ||
            (size_t)l->target_vpage >= v->npages || o->index_of[l->vpage] < 0 || o->index_of[l->target_vpage] < 0)
            continue;
        qpdf_oh annot = new_indirect_dict(q);
        put_name(q, annot, "/Type", "/Annot");
        put_name(q, annot, "/Subtype", "/Link");
        double rect[4] = {fmin(l->x0, l->x1), fmin(l->y0, l->y1), fmax(l->x0, l->x1), fmax(l->y0, l->y1)};
        put(q, annot, "/Rect", number_array(q, rect, 4));
        put(q, annot, "/Border", number_array(q, (double[]){0, 0, 0}, 3));
        put(q, annot, "/Dest", build_dest(c, o, NULL, l->target_vpage, 0));
        qpdf_oh page = qpdf_get_page_n(q, (size_t)o->index_of[l->vpage]);
        qpdf_oh annots = key(q, page, "/Annots");
        if (qpdf_oh_is_array(q, annots)) {
            qpdf_oh_append_item(q, annots, annot);
        } else {
            qpdf_oh_release(q, annots);
            annots = qpdf_oh_new_array(q);
            qpdf_oh_append_item(q, annots, annot);
            qpdf_oh_replace_key(q, page, "/Annots", annots);
        }
        qpdf_oh_release(q, annots);
        qpdf_oh_release(q, page);
        qpdf_oh_release(q, annot);
    }
}

/* A /PageLabels range: lower-case roman or decimal numbers from start. */
static qpdf_oh label_range(qpdf_data q, enum numbering numbering, int start)
{
    qpdf_oh range = qpdf_oh_new_dictionary(q);
    put_name(q, range, "/S", numbering == NUM_ROMAN ? "/r" : "/D");
    if (start > 1)
        put(q, range, "/St", qpdf_oh_new_integer(q, start));
    return range;
}

/* /PageLabels: a new range wherever the printed numbering breaks. */
static void add_page_labels(const struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    qpdf_data q = o->q;
    qpdf_oh nums = qpdf_oh_new_array(q);
    const struct vpage *prev = NULL;
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *p = &v->pages[i];
        bool starts = !prev || p->numbering != prev->numbering || p->number != prev->number + 1;
        prev = p;
        if (!starts || o->index_of[i] < 0)
            continue;
        push(q, nums, qpdf_oh_new_integer(q, o->index_of[i]));
        push(q, nums, label_range(q, p->numbering, p->number));
    }
    qpdf_oh labels = qpdf_oh_new_dictionary(q);
    put(q, labels, "/Nums", nums);
    qpdf_oh catalog = qpdf_get_root(q);
    put(q, catalog, "/PageLabels", labels);
    qpdf_oh_release(q, catalog);
}

/* What the document info and XMP say. */
struct doc_meta {
    const char *title;    /* may be NULL */
    char *author;         /* names joined by ", "; owned, may be NULL */
    const char *subject;  /* may be NULL */
    char *keywords;       /* joined by ", "; owned, may be NULL */
};

/* Append item to a ", "-separated list, unless it is empty. */
static void join(struct strbuf *sb, const char *item)
{
    if (!item || !*item)
        return;
    if (sb->len)
        strbuf_adds(sb, ", ");
    strbuf_adds(sb, item);
}

/* "Given Family, Given Family" of a list of people; NULL when empty. */
static char *join_people(const struct person *people, size_t n)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        char *name = person_display_name(&people[i]);
        join(&sb, name);
        free(name);
    }
    return sb.len ? strbuf_detach(&sb) : NULL;
}

/* Text for XML: & < > " escaped, control characters dropped. */
static void xml_escape(struct strbuf *sb, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '&')
            strbuf_adds(sb, "&amp;");
        else if (ch == '<')
            strbuf_adds(sb, "&lt;");
        else if (ch == '>')
            strbuf_adds(sb, "&gt;");
        else if (ch == '"')
            strbuf_adds(sb, "&quot;");
        else if (ch >= 0x20 || ch == '\t' || ch == '\n')
            strbuf_addch(sb, (char)ch);
    }
}

/* The XMP packet (UTF-8) for m. */
static char *xmp_packet(const struct doc_meta *m, const struct person *people, size_t npeople, const char *date,
                        const char *producer)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                     "  <rdf:Description rdf:about=\"\"\n"
                     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                     "   <dc:format>application/pdf</dc:format>\n");
    if (m->title && *m->title) {
        strbuf_adds(&sb, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escape(&sb, m->title);
        strbuf_adds(&sb, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (npeople) {
        strbuf_adds(&sb, "   <dc:creator><rdf:Seq>");
        for (size_t i = 0; i < npeople; i++) {
            char *name = person_display_name(&people[i]);
            strbuf_adds(&sb, "<rdf:li>");
            xml_escape(&sb, name);
            strbuf_adds(&sb, "</rdf:li>");
            free(name);
        }
        strbuf_adds(&sb, "</rdf:Seq></dc:creator>\n");
    }
    if (m->subject && *m->subject) {
        strbuf_adds(&sb, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_escape(&sb, m->subject);
        strbuf_adds(&sb, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    strbuf_addf(&sb, "   <xmp:CreateDate>%s</xmp:CreateDate>\n", date);
    strbuf_addf(&sb, "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", date);
    strbuf_addf(&sb, "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", date);
    strbuf_adds(&sb, "   <xmp:CreatorTool>collate</xmp:CreatorTool>\n   <pdf:Producer>");
    xml_escape(&sb, producer);
    strbuf_adds(&sb, "</pdf:Producer>\n");
    if (m->keywords) {
        strbuf_adds(&sb, "   <pdf:Keywords>");
        xml_escape(&sb, m->keywords);
        strbuf_adds(&sb, "</pdf:Keywords>\n");
    }
    strbuf_adds(&sb, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
    return strbuf_detach(&sb);
}

/* info[k] = value as a text string, when value is not empty. */
static void info_string(qpdf_data q, qpdf_oh info, const char *k, const char *value)
{
    if (value && *value)
        put(q, info, k, qpdf_oh_new_unicode_string(q, value));
}

/* Document info (unicode strings; qpdf_set_info_key would store raw
 * UTF-8 bytes) and an XMP stream on the catalog.  Dates come from
 * build_epoch (SOURCE_DATE_EPOCH). */
static void set_metadata(qpdf_data q, const struct doc_meta *m, const struct person *people, size_t npeople)
{
    time_t t = (time_t)build_epoch();
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        memset(&tm, 0, sizeof(tm));
    char pdf_date[40], iso_date[40];
    snprintf(pdf_date, sizeof(pdf_date), "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    snprintf(iso_date, sizeof(iso_date), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    char *producer = xasprintf("collate %s (libqpdf %s)", COLLATE_VERSION, qpdf_get_qpdf_version());

    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info = key(q, trailer, "/Info");
    if (!qpdf_oh_is_dictionary(q, info)) {
        qpdf_oh_release(q, info);
        info = new_indirect_dict(q);
        qpdf_oh_replace_key(q, trailer, "/Info", info);
    }
    info_string(q, info, "/Title", m->title);
    info_string(q, info, "/Author", m->author);
    info_string(q, info, "/Subject", m->subject);
    info_string(q, info, "/Keywords", m->keywords);
    info_string(q, info, "/Creator", "collate");
    info_string(q, info, "/Producer", producer);
    info_string(q, info, "/CreationDate", pdf_date);
    info_string(q, info, "/ModDate", pdf_date);
    qpdf_oh_release(q, info);
    qpdf_oh_release(q, trailer);

    char *xmp = xmp_packet(m, people, npeople, iso_date, producer);
    qpdf_oh stream = new_stream(q, xmp, strlen(xmp));
    qpdf_oh dict = qpdf_oh_get_dict(q, stream);
    put_name(q, dict, "/Type", "/Metadata");
    put_name(q, dict, "/Subtype", "/XML");
    qpdf_oh_release(q, dict);
    qpdf_oh catalog = qpdf_get_root(q);
    put(q, catalog, "/Metadata", stream);
    qpdf_oh_release(q, catalog);
    free(xmp);
    free(producer);
}

/* ---- Writing ----------------------------------------------------------------- */

/* Report a failed write, naming the paper when libqpdf names its file. */
static void report_write_error(const struct volume *v, qpdf_data q, const struct srcloc *loc, const char *prefix)
{
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : NULL;
    const char *file = e ? qpdf_get_error_filename(q, e) : NULL;
    for (size_t i = 0; file && *file && v && i < v->npapers; i++) {
        const struct paper *p = v->papers[i].paper;
        if (p->pdf_path && strcmp(p->pdf_path, file) == 0) {
            struct srcloc ploc = {p->pdf, 0, 0};
            diag_error(&ploc, "paper '%s': cannot copy its pages: %s", p->id, text ? text : "unknown libqpdf error");
            return;
        }
    }
    diag_error(loc, "%s: %s", prefix, text && *text ? text : "unknown libqpdf error");
}

/* Write o to file.  final: the real output (deterministic /ID, object
 * streams if compact); else a batch file, written for speed.  Object
 * streams make a volume about 1/8 smaller, but compressing them takes
 * about a fifth of the assembly time. */
static bool out_write(const struct volume *v, struct out *o, const char *file, bool final, const struct srcloc *loc,
                      const char *prefix)
{
    qpdf_data q = o->q;
    qpdf_init_write(q, file);
    if (!qpdf_has_error(q)) {
        /* Write options only after qpdf_init_write (before it they crash). */
        qpdf_set_deterministic_ID(q, final ? QPDF_TRUE : QPDF_FALSE);
        qpdf_set_object_stream_mode(q, final && o->compact ? qpdf_o_generate : qpdf_o_disable);
        qpdf_set_compress_streams(q, QPDF_TRUE);
        if (o->version > 13) {
            char version[16];
            snprintf(version, sizeof(version), "%d.%d", o->version / 10, o->version % 10);
            qpdf_set_minimum_pdf_version(q, version);
        }
        qpdf_write(q);
    }
    if (qpdf_has_error(q)) {
        report_write_error(v, q, loc, prefix);
        return false;
    }
    char *first = NULL;
    int n = drain_warnings(q, &first);
    if (n)
        diag_note(loc, "libqpdf reported %d problem%s while writing, the first: %s", n, n == 1 ? "" : "s", first);
    free(first);
    return true;
}

/* Read back what was written: libqpdf does not notice every failed write
 * (past a file-size limit the file is silently cut short), and a cut file
 * must never replace the previous output.  Recovery is off, so a damaged
 * cross-reference table is an error. */
static bool written_file_intact(const char *file, int expected_pages)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    qpdf_set_attempt_recovery(q, QPDF_FALSE);
    bool ok = (qpdf_read(q, file, NULL) & QPDF_ERRORS) == 0 && !qpdf_has_error(q) &&
              qpdf_get_num_pages(q) == expected_pages && !qpdf_has_error(q);
    while (qpdf_has_error(q))
        qpdf_get_error(q); /* taken, so libqpdf does not warn about it at cleanup */
    qpdf_cleanup(&q);
    return ok;
}

/* Write o to path through a temporary sibling renamed into place.  o is
 * released (which closes every file it reads from). */
static bool out_write_atomic(const struct volume *v, struct out *o, const char *path, const char *what)
{
    struct srcloc loc = {path, 0, 0};
    struct atomic_file af;
    if (atomic_file_open(&af, path) != 0) {
        diag_error(&loc, "cannot write the %s: %s", what, strerror(errno));
        out_release(o);
        return false;
    }
    char *prefix = xasprintf("cannot write the %s", what);
    int pages = qpdf_get_num_pages(o->q);
    bool ok = out_write(v, o, af.tmp_path, true, &loc, prefix);
    free(prefix);
    out_release(o); /* closes the file qpdf wrote, so the commit sees all of it */
    if (ok && !written_file_intact(af.tmp_path, pages)) {
        diag_error(&loc, "cannot write the %s: the file came out incomplete (disk full or a file-size "
                   "limit?); the previous file is unchanged", what);
        ok = false;
    }
    if (!ok) {
        atomic_file_abort(&af);
        return false;
    }
    if (atomic_file_commit(&af) != 0) {
        diag_error(&loc, "cannot write the %s: %s", what, strerror(errno));
        return false;
    }
    return true;
}

/* ---- Open files ------------------------------------------------------------ */

/* Descriptors open now (the ones below limit when /proc is missing). */
static rlim_t open_descriptors(rlim_t limit)
{
    rlim_t n = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (dir) {
        for (struct dirent *e = readdir(dir); e; e = readdir(dir))
            if (e->d_name[0] != '.')
                n++;
        closedir(dir);
        return n > 0 ? n - 1 : 0; /* the directory's own descriptor */
    }
    for (int fd = 0; fd < 4096 && (rlim_t)fd < limit; fd++)
        if (fcntl(fd, F_GETFD) != -1)
            n++;
    return n;
}

/* Make room for n files open at once: raise the soft limit on open files
 * as far as needed and allowed (*saved keeps the old one for restoring).
 * Returns how many files may be open at once, n when all fit. */
static size_t plan_descriptors(size_t n, struct rlimit *saved, bool *raised)
{
    struct rlimit rl;
    *raised = false;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return n;
    *saved = rl;
    rlim_t used = open_descriptors(rl.rlim_cur);
    rlim_t need = used + (rlim_t)n + FD_RESERVE;
    if (rl.rlim_cur >= need)
        return n;
    rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
    if (want > rl.rlim_cur && runner_set_open_files(want)) {
        *raised = true;
        rl.rlim_cur = want;
    }
    if (rl.rlim_cur >= need)
        return n;
    return rl.rlim_cur > used + FD_RESERVE ? (size_t)(rl.rlim_cur - used - FD_RESERVE) : 0;
}

/* ---- Plans ------------------------------------------------------------------- */

/* One page to add: vpage from page `page` of source `src` (-1: typeset). */
struct step {
    int vpage; /* where it goes in the volume */
    int src;   /* index into the plan's sources, -1 for the typeset document */
    int page;  /* 0-based page in that document */
};

/* One source per paper with pages, in reading order; *src_of maps each
 * paper to its source (-1 for papers without pages). */
static struct source *paper_sources(const struct volume *v, size_t *nsrc, int **src_of)
{
    struct source *srcs = xcalloc(v->npapers ? v->npapers : 1, sizeof(*srcs));
    int *map = xmalloc((v->npapers ? v->npapers : 1) * sizeof(*map));
    size_t n = 0;
    for (size_t p = 0; p < v->npapers; p++) {
        const struct vpaper *vp = &v->papers[p];
        map[p] = -1;
        if (!paper_has_pages(vp))
            continue;
        struct source *s = &srcs[n];
        map[p] = (int)n++;
        s->kind = SRC_PAPER;
        s->path = xstrdup(vp->paper->pdf_path);
        s->loc = (struct srcloc){vp->paper->pdf, 0, 0};
        s->prefix = xasprintf("paper '%s': cannot copy its pages", vp->paper->id);
        s->paper = (int)p;
        s->checked = vp->info;
        s->nplanned = vp->npages;
        s->vpage_of = xmalloc((size_t)vp->npages * sizeof(*s->vpage_of));
        for (int j = 0; j < vp->npages; j++)
            s->vpage_of[j] = -1;
    }
    *nsrc = n;
    *src_of = map;
    return srcs;
}

/* Check the page plan and fill the sources' vpage_of; false on a plan
 * that does not fit the papers (a bug elsewhere). */
static bool map_paper_pages(const struct volume *v, struct source *srcs, const int *src_of)
{
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *pg = &v->pages[i];
        if (pg->kind != VP_PAPER)
            continue;
        int k = pg->paper >= 0 && (size_t)pg->paper < v->npapers ? src_of[pg->paper] : -1;
        if (k < 0 || pg->source_page < 0 || pg->source_page >= srcs[k].nplanned ||
            srcs[k].vpage_of[pg->source_page] >= 0) {
            diag_error(NULL, "internal error: page %zu of the volume does not fit its paper", i + 1);
            return false;
        }
        srcs[k].vpage_of[pg->source_page] = (int)i;
    }
    return true;
}

/* Annotations and bookmarks of a source whose pages are all in o; then
 * report what was dropped and close it. */
static bool source_finish(struct asm_ctx *c, struct out *o, struct source *s)
{
    bool ok = copy_annots(c, o, s, 0, s->npages);
    if (ok) {
        source_bookmarks(c, o, s);
        ok = !source_failed(s, o->q);
    }
    if (o->version < s->version)
        o->version = s->version;
    source_close(s);
    if (s->kind == SRC_PAPER) {
        const struct paper *p = c->v->papers[s->paper].paper;
        if (s->dropped_links)
            diag_warning(&s->loc, "paper '%s': %d link%s to a missing destination dropped", p->id, s->dropped_links,
                         s->dropped_links == 1 ? "" : "s");
        if (s->dropped_bookmarks)
            diag_warning(&s->loc, "paper '%s': %d bookmark%s without a destination dropped", p->id,
                         s->dropped_bookmarks, s->dropped_bookmarks == 1 ? "" : "s");
        if (s->warnings)
            diag_note(&s->loc, "paper '%s': libqpdf reported %d problem%s while copying, the first: %s", p->id,
                      s->warnings, s->warnings == 1 ? "" : "s", s->first_warning ? s->first_warning : "?");
    } else if (s->dropped_links || s->dropped_bookmarks) {
        diag_warning(&s->loc, "%d link%s and %d bookmark%s dropped", s->dropped_links,
                     s->dropped_links == 1 ? "" : "s", s->dropped_bookmarks, s->dropped_bookmarks == 1 ? "" : "s");
    }
    qpdf_oh_release_all(o->q);
    return ok;
}

/* Add the pages of plan to o in order, opening each source when its first
 * page is due and finishing it (annotations, bookmarks, close) after its
 * last.  Paper pages are stamped if asked. */
static bool run_plan(struct asm_ctx *c, struct out *o, struct source *srcs, const struct step *plan, size_t n,
                     bool stamp)
{
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        const struct step *st = &plan[i];
        struct source *s = st->src < 0 ? &c->tsrc : &srcs[st->src];
        if (!s->annots && !source_open(s))
            return false;
        if (!add_page(c, o, s, st->page, st->vpage, stamp && s->kind != SRC_TYPESET))
            return false;
        if (s != &c->tsrc && --s->pending == 0) {
            if (!source_finish(c, o, s))
                return false;
            if (++done % 16 == 0)
                diag_progress("assembling: %zu pages of %zu", i + 1, n);
        }
    }
    return true;
}

/* Everything after the pages: links and annotations of the generated
 * pages, outline, page labels, catalog entries and metadata. */
static bool finish_volume(struct asm_ctx *c, struct out *o)
{
    const struct volume *v = c->v;
    const struct manifest *m = v->manifest;
    if (!copy_annots(c, o, &c->tsrc, 0, c->tsrc.npages))
        return false;
    add_links(c, o);
    add_outline(c, o);
    add_page_labels(c, o);
    struct strbuf kw = STRBUF_INIT;
    join(&kw, m->short_title);
    join(&kw, m->year);
    join(&kw, m->location);
    struct doc_meta meta = {m->title, join_people(m->editors, m->neditors), m->event,
                            kw.len ? strbuf_detach(&kw) : NULL};
    strbuf_release(&kw);
    set_metadata(o->q, &meta, m->editors, m->neditors);
    free(meta.author);
    free(meta.keywords);
    if (o->version < c->tsrc.version)
        o->version = c->tsrc.version;
    return !qpdf_failed(o->q, NULL, "cannot add the document structure") &&
           !qpdf_failed(c->ts, NULL, "typeset pages");
}

/* The plan for the whole volume from the paper files (src_of: paper →
 * source) or from batch files (batch_of: paper → batch; the batch page is
 * the running count). */
static struct step *volume_plan(const struct volume *v, struct source *srcs, const int *src_of, const int *batch_of)
{
    struct step *plan = xcalloc(v->npages, sizeof(*plan));
    for (size_t i = 0; i < v->npages; i++) {
        const struct vpage *pg = &v->pages[i];
        struct step *st = &plan[i];
        st->vpage = (int)i;
        st->src = -1;
        st->page = (int)i;
        if (pg->kind != VP_PAPER)
            continue;
        st->src = batch_of ? batch_of[pg->paper] : src_of[pg->paper];
        st->page = batch_of ? srcs[st->src].pending : pg->source_page;
        srcs[st->src].pending++;
    }
    return plan;
}

/* Volume from the paper files directly. */
static bool build_direct(struct asm_ctx *c, struct source *srcs, const int *src_of, const char *output)
{
    const struct volume *v = c->v;
    struct out o;
    bool ok = out_init(&o, c);
    struct step *plan = volume_plan(v, srcs, src_of, NULL);
    ok = ok && run_plan(c, &o, srcs, plan, v->npages, true) && finish_volume(c, &o);
    free(plan);
    if (ok)
        return out_write_atomic(v, &o, output, "volume");
    out_release(&o);
    return false;
}

/* Papers of srcs[lo..hi), with links and bookmarks, into a new temporary
 * file next to output; *batch describes it.  The stamps are added when the
 * volume is merged from the batches, so the typeset fonts are copied once. */
static bool write_batch(struct asm_ctx *c, struct source *srcs, size_t lo, size_t hi, const char *output,
                        struct source *batch)
{
    const struct volume *v = c->v;
    struct out o;
    bool ok = out_init(&o, c);
    size_t n = 0, cap = 0;
    struct step *plan = NULL;
    for (size_t k = lo; k < hi; k++) {
        srcs[k].pending = srcs[k].nplanned;
        for (int j = 0; j < srcs[k].nplanned; j++)
            *ARRAY_PUSH(plan, n, cap) = (struct step){srcs[k].vpage_of[j], (int)k, j};
    }
    batch->kind = SRC_BATCH;
    batch->first_paper = srcs[lo].paper;
    batch->end_paper = srcs[hi - 1].paper + 1;
    batch->nplanned = (int)n;
    batch->vpage_of = xmalloc((n ? n : 1) * sizeof(*batch->vpage_of));
    for (size_t i = 0; i < n; i++)
        batch->vpage_of[i] = plan[i].vpage;
    batch->path = xasprintf("%s.partXXXXXX", output);
    batch->prefix = xstrdup("cannot merge a batch of papers");
    int fd = mkstemp(batch->path);
    if (fd < 0) {
        struct srcloc loc = {output, 0, 0};
        diag_error(&loc, "cannot create a temporary file next to it: %s", strerror(errno));
        free(batch->path);
        batch->path = NULL;
        ok = false;
    } else {
        close(fd);
        cleanup_register(batch->path);
        batch->loc = (struct srcloc){batch->path, 0, 0};
    }
    ok = ok && run_plan(c, &o, srcs, plan, n, false);
    free(plan);
    if (ok) {
        batch_outline(&o, batch->first_paper, batch->end_paper);
        ok = out_write(v, &o, batch->path, false, &batch->loc, "cannot write a temporary file");
    }
    out_release(&o);
    return ok;
}

/* Volume through batch files: the papers of each group of bounds
 * ([bounds[b], bounds[b+1]) of srcs) are merged into a temporary file and
 * their bytes freed, then the volume is merged from the batch files. */
static bool build_batched(struct asm_ctx *c, struct source *srcs, const size_t *bounds, size_t nbatches,
                          const char *output)
{
    const struct volume *v = c->v;
    struct source *batches = xcalloc(nbatches, sizeof(*batches));
    int *batch_of = xmalloc((v->npapers ? v->npapers : 1) * sizeof(*batch_of));
    bool ok = true;
    for (size_t b = 0; ok && b < nbatches; b++) {
        size_t lo = bounds[b], hi = bounds[b + 1];
        diag_progress("assembling: batch %zu of %zu", b + 1, nbatches);
        ok = write_batch(c, srcs, lo, hi, output, &batches[b]);
        for (size_t k = lo; k < hi; k++) {
            batch_of[srcs[k].paper] = (int)b;
            source_drop_bytes(&srcs[k]);
        }
    }
    if (ok) {
        struct out o;
        ok = out_init(&o, c);
        struct step *plan = volume_plan(v, batches, NULL, batch_of);
        ok = ok && run_plan(c, &o, batches, plan, v->npages, true) && finish_volume(c, &o);
        free(plan);
        if (ok)
            ok = out_write_atomic(v, &o, output, "volume");
        else
            out_release(&o);
    }
    for (size_t b = 0; b < nbatches; b++) {
        if (batches[b].path) {
            unlink(batches[b].path);
            cleanup_unregister(batches[b].path);
        }
        source_release(&batches[b]);
    }
    free(batches);
    free(batch_of);
    return ok;
}

/* Bytes of paper files one merge may hold: COLLATE_MERGE_MEMORY, else a
 * share of the physical memory (libqpdf's objects take several times the
 * bytes of the files they come from). */
static uint64_t merge_budget(void)
{
    const char *env = getenv("COLLATE_MERGE_MEMORY");
    if (env && *env) {
        char *end;
        errno = 0;
        unsigned long long b = strtoull(env, &end, 10);
        if (*end == '\0' && errno == 0 && b > 0)
            return b;
    }
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
    uint64_t budget = pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size / MEMORY_SHARE : 0;
    return budget > MIN_MERGE_BYTES ? budget : MIN_MERGE_BYTES;
}

/* Split srcs into consecutive groups whose file bytes fit budget (a
 * group has at least one paper).  Group b is [bounds[b], bounds[b+1]);
 * returns the number of groups. */
static size_t plan_batches(const struct source *srcs, size_t nsrc, uint64_t budget, size_t **bounds_out)
{
    size_t *bounds = xmalloc((nsrc + 1) * sizeof(*bounds));
    size_t n = 0;
    uint64_t held = 0;
    bounds[0] = 0;
    for (size_t k = 0; k < nsrc; k++) {
        uint64_t size = srcs[k].checked ? srcs[k].checked->file_size : 0;
        if (k > bounds[n] && held + size > budget) {
            bounds[++n] = k;
            held = 0;
        }
        held += size;
    }
    bounds[++n] = nsrc;
    *bounds_out = bounds;
    return n;
}

/* Read the typeset document; it needs one page per vpage. */
static bool open_typeset(struct asm_ctx *c, const unsigned char *pdf, size_t len)
{
    const struct volume *v = c->v;
    struct source *t = &c->tsrc;
    c->ts = new_qpdf();
    t->kind = SRC_TYPESET;
    t->q = c->ts;
    t->prefix = xstrdup("typeset pages");
    t->nplanned = (int)v->npages;
    t->vpage_of = xmalloc(v->npages * sizeof(*t->vpage_of));
    for (size_t i = 0; i < v->npages; i++)
        t->vpage_of[i] = (int)i;
    /* The buffer is not copied: it must outlive the write, which it does,
     * as it is the caller's until we return. */
    qpdf_read_memory(c->ts, "typeset pages", (const char *)pdf, len, NULL);
    if (qpdf_failed(c->ts, NULL, "typeset pages") || !source_index(t))
        return false;
    if ((size_t)t->npages != v->npages) {
        diag_error(NULL, "internal error: %d typeset pages for a volume of %zu pages", t->npages, v->npages);
        return false;
    }
    return true;
}

/* Free the typeset document and its source record. */
static void ctx_release(struct asm_ctx *c)
{
    source_release(&c->tsrc);
    if (c->ts)
        free_qpdf(&c->ts);
}

/* Merge directly, or through batches when the papers' bytes exceed the
 * memory budget. */
bool assemble_volume(const struct volume *v, const unsigned char *typeset_pdf, size_t typeset_len,
                     const struct vlink *links, size_t nlinks, const char *output, bool compact)
{
    if (v->npages == 0) {
        diag_error(NULL, "the volume has no pages");
        return false;
    }
    struct asm_ctx c = {v, NULL, {0}, compact, links, nlinks};
    size_t nsrc = 0;
    int *src_of = NULL;
    struct source *srcs = paper_sources(v, &nsrc, &src_of);
    size_t *bounds = NULL;
    size_t nbatches = plan_batches(srcs, nsrc, merge_budget(), &bounds);
    struct rlimit saved;
    bool raised = false;
    bool ok = map_paper_pages(v, srcs, src_of) && open_typeset(&c, typeset_pdf, typeset_len);
    if (ok && nbatches <= 1) {
        ok = build_direct(&c, srcs, src_of, output);
    } else if (ok) {
        /* The volume is merged from the batch files, which are read lazily: one descriptor each. */
        if (plan_descriptors(nbatches, &saved, &raised) >= nbatches) {
            ok = build_batched(&c, srcs, bounds, nbatches, output);
        } else {
            diag_error(NULL, "cannot merge %zu batches of papers: too few files may be open at once", nbatches);
            diag_hint("raise the limit with 'ulimit -n'");
            ok = false;
        }
    }
    diag_progress_done();
    for (size_t k = 0; k < nsrc; k++)
        source_release(&srcs[k]);
    free(srcs);
    free(src_of);
    free(bounds);
    ctx_release(&c);
    if (raised)
        runner_set_open_files(saved.rlim_cur);
    return ok;
}

/* ---- Split ------------------------------------------------------------------- */

/* The bookmark of each paper in the volume's outline (object ids, 0 when
 * not found): the deepest bookmark of the first two levels that leads to
 * the paper's first page and has its title. */
static int *find_paper_bookmarks(const struct volume *v, struct source *vol)
{
    qpdf_data q = vol->q;
    int *items = xcalloc(v->npapers ? v->npapers : 1, sizeof(*items));
    int *paper_at = xmalloc(v->npages * sizeof(*paper_at));
    for (size_t i = 0; i < v->npages; i++)
        paper_at[i] = -1;
    for (size_t p = 0; p < v->npapers; p++)
        if (paper_has_pages(&v->papers[p]) && (size_t)v->papers[p].first_vpage < v->npages)
            paper_at[v->papers[p].first_vpage] = (int)p;
    qpdf_oh root = qpdf_get_root(q);
    qpdf_oh outlines = key(q, root, "/Outlines");
    qpdf_oh level[2] = {key(q, outlines, "/First"), 0};
    int budget = MAX_BOOKMARKS * 4;
    idmap_clear(&vol->seen);
    int depth = 0;
    while (depth >= 0 && budget-- > 0) {
        qpdf_oh item = level[depth];
        if (!qpdf_oh_is_dictionary(q, item) ||
            (qpdf_oh_is_indirect(q, item) &&
             !idmap_put(&vol->seen, qpdf_oh_get_object_id(q, item), qpdf_oh_get_generation(q, item), 0))) {
            qpdf_oh_release(q, item);
            level[depth] = 0;
            depth--;
            if (depth >= 0) {
                qpdf_oh next = key(q, level[depth], "/Next");
                qpdf_oh_release(q, level[depth]);
                level[depth] = next;
            }
            continue;
        }
        enum dest_place place;
        qpdf_oh dest = dest_of(q, item, &place);
        if (dest) {
            qpdf_oh arr;
            int vpage = source_vpage(vol, resolve_dest(vol, dest, &arr, NULL));
            int p = vpage >= 0 ? paper_at[vpage] : -1;
            qpdf_oh title = key(q, item, "/Title");
            const char *text;
            size_t len;
            if (p >= 0 && qpdf_oh_get_value_as_utf8(q, title, &text, &len)) {
                const char *want = v->papers[p].paper->title ? v->papers[p].paper->title : v->papers[p].paper->id;
                if (strlen(want) == len && memcmp(want, text, len) == 0)
                    items[p] = qpdf_oh_get_object_id(q, item);
            }
            qpdf_oh_release(q, title);
            qpdf_oh_release(q, arr);
            qpdf_oh_release(q, dest);
        }
        if (depth == 0) {
            level[1] = key(q, item, "/First");
            depth = 1;
        } else {
            level[depth] = key(q, item, "/Next");
            qpdf_oh_release(q, item);
        }
    }
    for (int i = 0; i < 2; i++)
        qpdf_oh_release(q, level[i]);
    qpdf_oh_release(q, outlines);
    qpdf_oh_release(q, root);
    idmap_clear(&vol->seen);
    free(paper_at);
    return items;
}

/* A paper id that is safe as a file name. */
static bool safe_file_name(const char *id)
{
    return id && *id && id[0] != '.' && !strchr(id, '/') && !strchr(id, '\\') && strlen(id) < 200;
}

/* dir/<id>.pdf for paper p: its pages and links, its own bookmarks, page
 * labels with its printed numbers, its metadata. */
static bool split_paper(struct asm_ctx *c, struct source *vol, int p, int item_id, const char *dir)
{
    const struct volume *v = c->v;
    const struct vpaper *vp = &v->papers[p];
    const struct paper *paper = vp->paper;
    if (!safe_file_name(paper->id)) {
        diag_error(&paper->loc, "paper '%s': its id cannot be used as a file name", paper->id);
        return false;
    }
    struct out o;
    bool ok = out_init(&o, c);
    int first = vp->first_vpage, end = first + vp->npages;
    for (int i = first; ok && i < end; i++)
        ok = add_page(c, &o, vol, i, i, false);
    ok = ok && copy_annots(c, &o, vol, first, end);
    if (ok) {
        qpdf_data d = o.q, q = vol->q;
        qpdf_oh root = new_indirect_dict(d);
        put_name(d, root, "/Type", "/Outlines");
        struct olink top = {0};
        int budget = MAX_BOOKMARKS;
        if (item_id) {
            qpdf_oh item = by_id(q, item_id);
            qpdf_oh kids = key(q, item, "/First");
            idmap_clear(&vol->seen);
            copy_bookmarks(c, &o, vol, kids, root, 1, &top, &budget);
            idmap_clear(&vol->seen);
            qpdf_oh_release(q, kids);
            qpdf_oh_release(q, item);
        }
        qpdf_oh catalog = qpdf_get_root(d);
        if (top.first) {
            put_name(d, catalog, "/PageMode", "/UseOutlines");
            olink_close(d, root, &top, true);
            qpdf_oh_replace_key(d, catalog, "/Outlines", root);
        }
        qpdf_oh_release(d, root);
        qpdf_oh nums = qpdf_oh_new_array(d);
        push(d, nums, qpdf_oh_new_integer(d, 0));
        push(d, nums, label_range(d, NUM_ARABIC, vp->first_number));
        qpdf_oh labels = qpdf_oh_new_dictionary(d);
        put(d, labels, "/Nums", nums);
        put(d, catalog, "/PageLabels", labels);
        qpdf_oh_release(d, catalog);
        struct strbuf kw = STRBUF_INIT;
        for (size_t i = 0; i < paper->nkeywords; i++)
            join(&kw, paper->keywords[i]);
        struct doc_meta meta = {paper->title, join_people(paper->authors, paper->nauthors), v->manifest->title,
                                kw.len ? strbuf_detach(&kw) : NULL};
        strbuf_release(&kw);
        set_metadata(d, &meta, paper->authors, paper->nauthors);
        free(meta.author);
        free(meta.keywords);
        ok = !source_failed(vol, d);
        o.version = vol->version;
    }
    if (vol->dropped_links) {
        diag_warning(&paper->loc, "paper '%s': %d link%s leaving the paper dropped from its own PDF", paper->id,
                     vol->dropped_links, vol->dropped_links == 1 ? "" : "s");
        vol->dropped_links = 0;
    }
    source_forget_handles(vol); /* one paper's handles at a time */
    if (!ok) {
        out_release(&o);
        return false;
    }
    char *name = xasprintf("%s.pdf", paper->id);
    char *path = path_join(dir, name);
    ok = out_write_atomic(v, &o, path, "paper");
    free(path);
    free(name);
    return ok;
}

/* One pass over the volume: each paper's pages, links and bookmarks are
 * copied into its own document, written, and freed before the next. */
bool assemble_split(const struct volume *v, const char *volume_pdf, const char *dir, bool compact)
{
    struct asm_ctx c = {v, NULL, {0}, compact, NULL, 0};
    struct source vol = {0};
    vol.kind = SRC_VOLUME;
    vol.path = xstrdup(volume_pdf);
    vol.loc = (struct srcloc){volume_pdf, 0, 0};
    vol.prefix = xstrdup("cannot split the volume");
    vol.nplanned = (int)v->npages;
    vol.vpage_of = xmalloc((v->npages ? v->npages : 1) * sizeof(*vol.vpage_of));
    for (size_t i = 0; i < v->npages; i++)
        vol.vpage_of[i] = (int)i;
    bool ok = source_open(&vol);
    if (ok && (size_t)vol.npages != v->npages) {
        diag_error(&vol.loc, "cannot split the volume: it has %d pages, %zu expected", vol.npages, v->npages);
        ok = false;
    }
    int *items = ok ? find_paper_bookmarks(v, &vol) : NULL;
    for (size_t p = 0; ok && p < v->npapers; p++) {
        if (!paper_has_pages(&v->papers[p]))
            continue;
        diag_progress("splitting: paper %zu of %zu", p + 1, v->npapers);
        ok = split_paper(&c, &vol, (int)p, items[p], dir);
    }
    diag_progress_done();
    free(items);
    source_release(&vol);
    return ok;
}
