/* jswalk: where a document has JavaScript, for pdfstruct: document-level
 * scripts, the open action, document, page and annotation actions (with
 * their /Next chains), form fields and outline items.  See
 * pdfstruct_internal.h. */
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pdfstruct_internal.h"

void jswalk_add_place(struct walk *w, const char *place)
{
    for (int i = 0; i < w->nplaces; i++)
        if (!strcmp(w->places[i], place))
            return;
    if (w->nplaces >= MAX_PLACES) {
        w->more_places = true;
        return;
    }
    w->places[w->nplaces++] = xstrdup(place);
}

/* An action, or a chain of them through /Next (a dictionary or an array
 * of them), that runs JavaScript: a JavaScript action, or any other that
 * carries a script in /JS (a Rendition action does). */
static bool action_has_js(struct walk *w, qpdf_oh action, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w))
        return false;
    if (walk_is_array(w, action)) {
        bool found = false;
        int n = walk_array_len(w, action);
        for (int i = 0; i < n && !found; i++) {
            qpdf_oh item = walk_array_item(w, action, i);
            found = action_has_js(w, item, depth + 1);
            qpdf_oh_release(w->q, item);
        }
        return found;
    }
    if (!walk_is_dict(w, action) || walk_seen(w, &w->actions, action))
        return false;
    if (walk_key_is_name(w, action, "/S", "/JavaScript"))
        return true;
    qpdf_oh script = walk_key(w, action, "/JS");
    qpdf_oh_release(w->q, script);
    if (script)
        return true;
    qpdf_oh next = walk_key(w, action, "/Next");
    bool found = next && action_has_js(w, next, depth + 1);
    qpdf_oh_release(w->q, next);
    return found;
}

static bool chain_has_js(struct walk *w, qpdf_oh action)
{
    w->actions.n = 0;
    return action && action_has_js(w, action, 0);
}

/* An additional-actions dictionary (/AA) with a JavaScript action under
 * any trigger.  Keys are collected first: qpdf has one key iterator per
 * document, and the action walk must not disturb it. */
static bool aa_has_js(struct walk *w, qpdf_oh aa)
{
    if (!walk_is_dict(w, aa))
        return false;
    char *keys[32];
    int nkeys = 0;
    qpdf_oh_begin_dict_key_iter(w->q, aa);
    if (walk_failed(w))
        return false;
    while (nkeys < (int)ARRAY_SIZE(keys) && qpdf_oh_dict_more_keys(w->q)) {
        const char *k = qpdf_oh_dict_next_key(w->q);
        if (walk_failed(w) || !k)
            break;
        keys[nkeys++] = xstrdup(k);
    }
    walk_failed(w);
    bool found = false;
    for (int i = 0; i < nkeys; i++) {
        if (!found) {
            qpdf_oh act = walk_key(w, aa, keys[i]);
            found = chain_has_js(w, act);
            qpdf_oh_release(w->q, act);
        }
        free(keys[i]);
    }
    return found;
}

bool jswalk_key_aa(struct walk *w, qpdf_oh dict)
{
    qpdf_oh aa = walk_key(w, dict, "/AA");
    bool r = aa_has_js(w, aa);
    qpdf_oh_release(w->q, aa);
    return r;
}

bool jswalk_key_action(struct walk *w, qpdf_oh dict, const char *key)
{
    qpdf_oh a = walk_key(w, dict, key);
    bool r = chain_has_js(w, a);
    qpdf_oh_release(w->q, a);
    return r;
}

/* A name tree with at least one entry (or one child). */
static bool tree_nonempty(struct walk *w, qpdf_oh tree)
{
    qpdf_oh names = walk_key(w, tree, "/Names");
    qpdf_oh kids = walk_key(w, tree, "/Kids");
    bool r = walk_array_len(w, names) >= 2 || walk_array_len(w, kids) > 0;
    qpdf_oh_release(w->q, names);
    qpdf_oh_release(w->q, kids);
    return r;
}

/* Interactive form fields whose /AA runs JavaScript (calculations,
 * validation, formatting); /Kids are followed to MAX_DEPTH. */
static bool field_has_js(struct walk *w, qpdf_oh field, int depth)
{
    if (depth > MAX_DEPTH || !walk_spend(w) || !walk_is_dict(w, field) || walk_seen(w, &w->nodes, field))
        return false;
    bool found = jswalk_key_aa(w, field);
    qpdf_oh kids = walk_key(w, field, "/Kids");
    int n = walk_array_len(w, kids);
    for (int i = 0; i < n && !found && w->budget > 0; i++) {
        qpdf_oh kid = walk_array_item(w, kids, i);
        found = field_has_js(w, kid, depth + 1);
        qpdf_oh_release(w->q, kid);
    }
    qpdf_oh_release(w->q, kids);
    return found;
}

/* Bookmarks whose action runs JavaScript, each named by its title, from
 * item (and its /Next siblings) down through /First; the siblings are
 * followed in a loop, children recursively to MAX_DEPTH. */
static void outline_js(struct walk *w, qpdf_oh item, int depth)
{
    qpdf_oh cur = item;
    while (depth <= MAX_DEPTH && walk_spend(w) && walk_is_dict(w, cur) && !walk_seen(w, &w->nodes, cur)) {
        if (jswalk_key_action(w, cur, "/A")) {
            char *title = walk_key_utf8(w, cur, "/Title");
            const char *t = title && *title ? title : "[untitled]";
            size_t n = strlen(t);
            char *place = xasprintf("bookmark '%.*s%s'", (int)utf8_prefix_len(t, n, 40), t, n > 40 ? "..." : "");
            jswalk_add_place(w, place);
            free(place);
            free(title);
        }
        qpdf_oh first = walk_key(w, cur, "/First");
        if (first)
            outline_js(w, first, depth + 1);
        qpdf_oh_release(w->q, first);
        qpdf_oh next = walk_key(w, cur, "/Next");
        if (cur != item)
            qpdf_oh_release(w->q, cur);
        cur = next;
    }
    if (cur != item)
        qpdf_oh_release(w->q, cur);
}

void jswalk_document(struct walk *w, qpdf_oh root)
{
    qpdf_oh names = walk_key(w, root, "/Names");
    qpdf_oh js = walk_key(w, names, "/JavaScript");
    if (js && tree_nonempty(w, js))
        jswalk_add_place(w, "document-level JavaScript");
    qpdf_oh_release(w->q, js);
    qpdf_oh_release(w->q, names);

    if (jswalk_key_action(w, root, "/OpenAction"))
        jswalk_add_place(w, "OpenAction");
    if (jswalk_key_aa(w, root))
        jswalk_add_place(w, "document actions");

    qpdf_oh form = walk_key(w, root, "/AcroForm");
    qpdf_oh fields = walk_key(w, form, "/Fields");
    int n = walk_array_len(w, fields);
    bool found = false;
    w->nodes.n = 0;
    for (int i = 0; i < n && !found && w->budget > 0; i++) {
        qpdf_oh f = walk_array_item(w, fields, i);
        found = field_has_js(w, f, 0);
        qpdf_oh_release(w->q, f);
    }
    if (found)
        jswalk_add_place(w, "form field");
    qpdf_oh_release(w->q, fields);
    qpdf_oh_release(w->q, form);

    qpdf_oh outlines = walk_key(w, root, "/Outlines");
    qpdf_oh first = walk_key(w, outlines, "/First");
    w->nodes.n = 0;
    if (first)
        outline_js(w, first, 0);
    qpdf_oh_release(w->q, first);
    qpdf_oh_release(w->q, outlines);
}
