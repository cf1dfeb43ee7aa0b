/* pagerange: copy a page run of a PDF into a new document (libqpdf). */
#include "assemble/pagerange.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"

/* Report q's pending error; true when there was one. */
static bool failed(qpdf_data q, const char *path)
{
    if (!qpdf_has_error(q))
        return false;
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : NULL;
    struct srcloc loc = {path, 0, 0};
    diag_error(&loc, "cannot copy pages: %s", text && *text ? text : "unknown libqpdf error");
    return true;
}

static qpdf_data open_doc(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

static void close_doc(qpdf_data *q)
{
    if (qpdf_has_error(*q))
        qpdf_get_error(*q);
    qpdf_cleanup(q);
}

/* The page object a link annotation leads to inside this document, or 0
 * for a web link or anything else that is not a page of this file. */
static int link_target(qpdf_data q, qpdf_oh annot)
{
    qpdf_oh dest = qpdf_oh_get_key(q, annot, "/Dest");
    if (qpdf_oh_is_null(q, dest)) {
        qpdf_oh action = qpdf_oh_get_key(q, annot, "/A");
        qpdf_oh kind = qpdf_oh_get_key(q, action, "/S");
        if (!qpdf_oh_is_name_and_equals(q, kind, "/GoTo"))
            return 0;
        dest = qpdf_oh_get_key(q, action, "/D");
    }
    if (!qpdf_oh_is_array(q, dest) || qpdf_oh_get_array_n_items(q, dest) < 1)
        return -1; /* a named destination: unresolved here, so dropped */
    qpdf_oh page = qpdf_oh_get_array_item(q, dest, 0);
    return qpdf_oh_is_indirect(q, page) ? qpdf_oh_get_object_id(q, page) : -1;
}

static bool in_range(const int *ids, int n, int id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

bool pagerange_extract(const char *path, int first, int last, bool roman, const char *title,
                       unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    qpdf_data in = open_doc(), dst = open_doc();
    int n = 0, *ids = NULL;
    qpdf_oh *annots = NULL;
    bool ok = false;
    qpdf_read(in, path, NULL);
    if (failed(in, path))
        goto out;
    int npages = qpdf_get_num_pages(in);
    if (first < 1 || last < first || last > npages) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "cannot copy pages %d-%d: the file has %d pages", first, last, npages);
        goto out;
    }
    n = last - first + 1;
    ids = xcalloc((size_t)n, sizeof(*ids));
    annots = xcalloc((size_t)n, sizeof(*annots));
    for (int i = 0; i < n; i++)
        ids[i] = qpdf_oh_get_object_id(in, qpdf_get_page_n(in, (size_t)(first - 1 + i)));
    /* Annotations come off before the pages are copied and go back after,
     * so links to later pages of the range find their copies (libqpdf
     * turns references to pages not yet copied into null). */
    for (int i = 0; i < n; i++) {
        qpdf_oh page = qpdf_get_page_n(in, (size_t)(first - 1 + i));
        qpdf_oh list = qpdf_oh_get_key(in, page, "/Annots");
        if (qpdf_oh_is_array(in, list)) {
            qpdf_oh kept = qpdf_oh_new_array(in);
            int count = qpdf_oh_get_array_n_items(in, list);
            for (int k = 0; k < count; k++) {
                qpdf_oh a = qpdf_oh_get_array_item(in, list, k);
                int target = link_target(in, a);
                if (target == 0 || (target > 0 && in_range(ids, n, target)))
                    qpdf_oh_append_item(in, kept, a);
            }
            annots[i] = kept;
        }
        qpdf_oh_remove_key(in, page, "/Annots");
    }
    qpdf_empty_pdf(dst);
    for (int i = 0; i < n; i++) {
        qpdf_add_page(dst, in, qpdf_get_page_n(in, (size_t)(first - 1 + i)), QPDF_FALSE);
        if (failed(dst, path))
            goto out;
    }
    for (int i = 0; i < n; i++) {
        if (!annots[i])
            continue;
        qpdf_oh copy = qpdf_oh_copy_foreign_object(dst, in, qpdf_make_indirect_object(in, annots[i]));
        qpdf_oh_replace_key(dst, qpdf_get_page_n(dst, (size_t)i), "/Annots", copy);
    }
    qpdf_oh root = qpdf_get_root(dst);
    if (roman)
        qpdf_oh_replace_key(dst, root, "/PageLabels", qpdf_oh_parse(dst, "<< /Nums [0 << /S /r >>] >>"));
    if (title) {
        qpdf_oh info = qpdf_make_indirect_object(dst, qpdf_oh_new_dictionary(dst));
        qpdf_oh_replace_key(dst, info, "/Title", qpdf_oh_new_unicode_string(dst, title));
        qpdf_oh_replace_key(dst, info, "/Producer", qpdf_oh_new_unicode_string(dst, "collate"));
        qpdf_oh_replace_key(dst, qpdf_get_trailer(dst), "/Info", info);
    }
    if (failed(dst, path))
        goto out;
    qpdf_init_write_memory(dst);
    /* Write options only after init_write (before it they crash). */
    qpdf_set_deterministic_ID(dst, QPDF_TRUE);
    qpdf_set_compress_streams(dst, QPDF_TRUE);
    qpdf_write(dst);
    if (failed(dst, path))
        goto out;
    *out_len = qpdf_get_buffer_length(dst);
    *out = xmalloc(*out_len ? *out_len : 1);
    memcpy(*out, qpdf_get_buffer(dst), *out_len);
    ok = true;
out:
    free(ids);
    free(annots);
    close_doc(&dst);
    close_doc(&in);
    return ok;
}
