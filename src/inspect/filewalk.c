/* filewalk: the files a document carries, for pdfstruct: embedded files
 * (the /EmbeddedFiles name tree), associated files (/AF of the catalog,
 * pages, annotations and structure elements), file attachment annotations
 * and media played from embedded files.  Each file specification or
 * embedded stream counts once.  See pdfstruct_internal.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pdfstruct_internal.h"

#define MAX_NAMES_LEN 200      /* bytes of attachment_names */

static void add_name(struct walk *w, const char *name)
{
    if (!name || !*name)
        name = "[unnamed]";
    if (w->names_truncated)
        return;
    size_t sep = w->names.len ? 2 : 0;
    size_t n = strlen(name);
    if (w->names.len + sep + n > MAX_NAMES_LEN) {
        size_t room = MAX_NAMES_LEN > w->names.len + sep + 3 ? MAX_NAMES_LEN - w->names.len - sep - 3 : 0;
        if (room > 0) {
            if (sep)
                strbuf_adds(&w->names, ", ");
            strbuf_add(&w->names, name, utf8_prefix_len(name, n, room));
        }
        strbuf_adds(&w->names, "...");
        w->names_truncated = true;
        return;
    }
    if (sep)
        strbuf_adds(&w->names, ", ");
    strbuf_add(&w->names, name, n);
}

/* The name an author would recognise: the file specification's /UF or /F,
 * else fallback (the name tree key or an annotation's /Contents). */
static char *filespec_name(struct walk *w, qpdf_oh spec, const char *fallback)
{
    char *name = NULL;
    if (walk_is_dict(w, spec)) {
        name = walk_key_utf8(w, spec, "/UF");
        if (!name || !*name) {
            free(name);
            name = walk_key_utf8(w, spec, "/F");
        }
    } else {
        name = walk_utf8(w, spec); /* a file specification may be a plain string */
    }
    if (!name || !*name) {
        free(name);
        name = xstrdup(fallback);
    }
    return name;
}

/* True when oh is indirect and already in w->files; otherwise remembers
 * it.  A file is often reachable twice (the /EmbeddedFiles tree and an /AF
 * array, an annotation and its page's /AF): it counts once. */
static bool file_seen(struct walk *w, qpdf_oh oh)
{
    if (!oh)
        return false;
    int id = qpdf_oh_get_object_id(w->q, oh);
    int gen = qpdf_oh_get_generation(w->q, oh);
    if (walk_failed(w))
        return true;
    return id > 0 && !idmap_put(&w->files, id, gen, 0);
}

/* The embedded file stream of a file specification (/EF /UF or /F), or 0. */
static qpdf_oh embedded_stream(struct walk *w, qpdf_oh spec)
{
    qpdf_oh ef = walk_key(w, spec, "/EF");
    qpdf_oh f = walk_key(w, ef, "/UF");
    if (!f)
        f = walk_key(w, ef, "/F");
    qpdf_oh_release(w->q, ef);
    return f;
}

/* Count one attached file unless its specification or its stream was
 * counted already.  With need_stream, a specification without an embedded
 * stream (a reference to an outside file) is not an attachment.  where,
 * if not NULL, says where a file hidden from the usual places was found;
 * page is where it is shown (0: not on a page). */
static void count_file(struct walk *w, qpdf_oh spec, const char *fallback, bool need_stream, const char *where,
                       int page)
{
    qpdf_oh stream = qpdf_oh_is_stream(w->q, spec) ? 0 : embedded_stream(w, spec);
    walk_failed(w);
    bool is_stream = !stream && qpdf_oh_is_stream(w->q, spec);
    walk_failed(w);
    if (need_stream && !stream && !is_stream) {
        qpdf_oh_release(w->q, stream);
        return;
    }
    bool again = file_seen(w, spec);
    again = file_seen(w, stream) || again;
    if (again) {
        if (page && !w->attachment_page)
            w->attachment_page = page; /* counted already, shown here */
        qpdf_oh_release(w->q, stream);
        return;
    }
    qpdf_oh_release(w->q, stream);
    w->attachments++;
    if (page && !w->attachment_page)
        w->attachment_page = page;
    char *name = is_stream ? xstrdup(fallback) : filespec_name(w, spec, fallback);
    if (where) {
        char *s = xasprintf("%s in %s", name, where);
        free(name);
        name = s;
    }
    add_name(w, name);
    free(name);
}

/* Count the entries of the /EmbeddedFiles name tree below node. */
static void embedded_files(struct walk *w, qpdf_oh node, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w) || !walk_is_dict(w, node) || walk_seen(w, &w->nodes, node))
        return;
    qpdf_oh names = walk_key(w, node, "/Names");
    int n = walk_array_len(w, names);
    for (int i = 0; i + 1 < n && walk_spend(w); i += 2) {
        qpdf_oh key = walk_array_item(w, names, i);
        qpdf_oh spec = walk_array_item(w, names, i + 1);
        char *kname = walk_utf8(w, key);
        count_file(w, spec, kname, false, NULL, 0);
        free(kname);
        qpdf_oh_release(w->q, key);
        qpdf_oh_release(w->q, spec);
    }
    qpdf_oh_release(w->q, names);
    qpdf_oh kids = walk_key(w, node, "/Kids");
    n = walk_array_len(w, kids);
    for (int i = 0; i < n && w->budget > 0; i++) {
        qpdf_oh kid = walk_array_item(w, kids, i);
        embedded_files(w, kid, depth + 1);
        qpdf_oh_release(w->q, kid);
    }
    qpdf_oh_release(w->q, kids);
}

/* The embedded files of an associated-files array (/AF, PDF 2.0 and
 * PDF/A-3) of dict; where names the holder. */
static void associated_files(struct walk *w, qpdf_oh dict, const char *where, int page)
{
    qpdf_oh af = walk_key(w, dict, "/AF");
    int n = walk_array_len(w, af);
    for (int i = 0; i < n && walk_spend(w); i++) {
        qpdf_oh spec = walk_array_item(w, af, i);
        count_file(w, spec, "[unnamed]", true, where, page);
        qpdf_oh_release(w->q, spec);
    }
    qpdf_oh_release(w->q, af);
}

/* /AF of the structure elements below elem (a dictionary, or an array of
 * them and of marked-content ids); met holds the elements seen (trees can
 * be larger than a struct visited). */
static void structure_files(struct walk *w, struct idmap *met, qpdf_oh elem, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w))
        return;
    if (walk_is_array(w, elem)) {
        int n = walk_array_len(w, elem);
        for (int i = 0; i < n && w->budget > 0; i++) {
            qpdf_oh kid = walk_array_item(w, elem, i);
            structure_files(w, met, kid, depth + 1);
            qpdf_oh_release(w->q, kid);
        }
        return;
    }
    if (!walk_is_dict(w, elem))
        return;
    int id = qpdf_oh_get_object_id(w->q, elem);
    int gen = qpdf_oh_get_generation(w->q, elem);
    if (walk_failed(w) || (id > 0 && !idmap_put(met, id, gen, 0)))
        return;
    associated_files(w, elem, "a structure element's /AF", 0);
    qpdf_oh kids = walk_key(w, elem, "/K");
    if (kids)
        structure_files(w, met, kids, depth + 1);
    qpdf_oh_release(w->q, kids);
}

void filewalk_document(struct walk *w, qpdf_oh root)
{
    qpdf_oh names = walk_key(w, root, "/Names");
    qpdf_oh ef = walk_key(w, names, "/EmbeddedFiles");
    w->nodes.n = 0;
    if (ef)
        embedded_files(w, ef, 0);
    qpdf_oh_release(w->q, ef);
    qpdf_oh_release(w->q, names);
    associated_files(w, root, "catalog /AF", 0);
    qpdf_oh tree = walk_key(w, root, "/StructTreeRoot");
    qpdf_oh kids = walk_key(w, tree, "/K");
    struct idmap met = {0};
    if (kids)
        structure_files(w, &met, kids, 0);
    idmap_clear(&met);
    qpdf_oh_release(w->q, kids);
    qpdf_oh_release(w->q, tree);
}

/* Media a rendition plays from an embedded file: a media rendition's clip
 * data (/C /D), or each choice of a selector (/R) to MAX_DEPTH. */
static void rendition_files(struct walk *w, qpdf_oh rendition, const char *where, int page, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w))
        return;
    if (walk_is_array(w, rendition)) {
        int n = walk_array_len(w, rendition);
        for (int i = 0; i < n && w->budget > 0; i++) {
            qpdf_oh r = walk_array_item(w, rendition, i);
            rendition_files(w, r, where, page, depth + 1);
            qpdf_oh_release(w->q, r);
        }
        return;
    }
    if (!walk_is_dict(w, rendition) || walk_seen(w, &w->nodes, rendition))
        return;
    qpdf_oh clip = walk_key(w, rendition, "/C");
    qpdf_oh data = walk_key(w, clip, "/D");
    if (data)
        count_file(w, data, "[media]", true, where, page);
    qpdf_oh_release(w->q, data);
    qpdf_oh_release(w->q, clip);
    qpdf_oh choices = walk_key(w, rendition, "/R");
    if (choices)
        rendition_files(w, choices, where, page, depth + 1);
    qpdf_oh_release(w->q, choices);
}

/* Renditions an action (and its /Next chain) plays. */
static void action_files(struct walk *w, qpdf_oh action, const char *where, int page, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w))
        return;
    if (walk_is_array(w, action)) {
        int n = walk_array_len(w, action);
        for (int i = 0; i < n && w->budget > 0; i++) {
            qpdf_oh a = walk_array_item(w, action, i);
            action_files(w, a, where, page, depth + 1);
            qpdf_oh_release(w->q, a);
        }
        return;
    }
    if (!walk_is_dict(w, action) || walk_seen(w, &w->nodes, action))
        return;
    qpdf_oh r = walk_key(w, action, "/R");
    if (r)
        rendition_files(w, r, where, page, depth + 1);
    qpdf_oh_release(w->q, r);
    qpdf_oh next = walk_key(w, action, "/Next");
    if (next)
        action_files(w, next, where, page, depth + 1);
    qpdf_oh_release(w->q, next);
}

/* Movies and media of Screen and Movie annotations held in the file. */
static void media_files(struct walk *w, qpdf_oh annot, int page)
{
    char where[64];
    snprintf(where, sizeof(where), "page %d media", page);
    w->nodes.n = 0;
    if (walk_key_is_name(w, annot, "/Subtype", "/Screen")) {
        qpdf_oh a = walk_key(w, annot, "/A");
        if (a)
            action_files(w, a, where, page, 0);
        qpdf_oh_release(w->q, a);
        qpdf_oh aa = walk_key(w, annot, "/AA");
        if (walk_is_dict(w, aa)) {
            static const char *const triggers[] = {"/E", "/X", "/D", "/U", "/Fo", "/Bl", "/PO", "/PC", "/PV", "/PI"};
            for (size_t i = 0; i < ARRAY_SIZE(triggers); i++) {
                qpdf_oh t = walk_key(w, aa, triggers[i]);
                if (t)
                    action_files(w, t, where, page, 0);
                qpdf_oh_release(w->q, t);
            }
        }
        qpdf_oh_release(w->q, aa);
    } else if (walk_key_is_name(w, annot, "/Subtype", "/Movie")) {
        qpdf_oh movie = walk_key(w, annot, "/Movie");
        qpdf_oh f = walk_key(w, movie, "/F");
        if (f)
            count_file(w, f, "[movie]", true, where, page);
        qpdf_oh_release(w->q, f);
        qpdf_oh_release(w->q, movie);
    }
}

void filewalk_annotation(struct walk *w, qpdf_oh annot, int pageno)
{
    if (walk_key_is_name(w, annot, "/Subtype", "/FileAttachment")) {
        qpdf_oh fs = walk_key(w, annot, "/FS");
        char *contents = walk_key_utf8(w, annot, "/Contents");
        if (fs)
            count_file(w, fs, contents ? contents : "", false, NULL, pageno);
        else
            count_file(w, annot, contents ? contents : "", false, NULL, pageno); /* no spec: the annotation counts */
        free(contents);
        qpdf_oh_release(w->q, fs);
    }
    char where[64];
    snprintf(where, sizeof(where), "page %d annotation /AF", pageno);
    associated_files(w, annot, where, pageno);
    media_files(w, annot, pageno);
}

void filewalk_page(struct walk *w, qpdf_oh page, int pageno)
{
    char where[64];
    snprintf(where, sizeof(where), "page %d /AF", pageno);
    associated_files(w, page, where, pageno);
}
