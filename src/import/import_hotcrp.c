/* import_hotcrp: HotCRP's JSON paper export, a list of objects with 'pid',
 * 'title', 'authors' ({first, last, email, affiliation}, also first_name /
 * last_name, or one 'name'), 'topics' or 'keywords', 'decision', 'status'
 * and 'withdrawn'; a 'session' or 'track' text is the session. */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"
#include "manifest/person.h"

static const char *const hc_known[] = {"pid", "id", "title", "authors", "topics", "keywords", "decision",
                                       "status", "withdrawn", "session", "track", NULL};
/* Keys of HotCRP's paper export that a manifest has no use for. */
static const char *const hc_ignored[] = {
    "object", "abstract", "submission", "final", "submitted", "submitted_at", "modified_at", "withdrawn_at",
    "withdraw_reason", "contacts", "pc_conflicts", "tags", "collaborators", "nonblind", "blind", "options",
    "pages", "shepherd", "lead", "reviews", "comments", "draft", "submission_class", "supplementary_material",
    "confirmation_author_list", "decision_at", "accepted_at", "final_submitted_at", "format", "status_at",
    "primary_area", "secondary_area", NULL};
static const char *const hc_author_keys[] = {
    "first", "first_name", "firstName", "given", "given_name", "givenName", "last", "last_name", "lastName",
    "family", "family_name", "familyName", "name", "full_name", "email", "affiliation", "institution",
    "organization", "org", "orcid", "contact", "country", "index", NULL};

/* The first of keys that obj has as a string (NULL when none). */
static const struct jnode *first_string(const struct jnode *obj, const char *const *keys, struct importer *im,
                                        const char *path)
{
    for (size_t i = 0; keys[i]; i++) {
        const struct jnode *v = jnode_get(obj, keys[i]);
        if (!v || v->kind == JNODE_NULL)
            continue;
        if (v->kind == JNODE_STRING)
            return v;
        struct srcloc loc = import_node_loc(path, v);
        diag_error(&loc, "'%s' must be text, not %s", keys[i], jnode_kind_name(v->kind));
    }
    return NULL;
}

static void hotcrp_author(struct importer *im, const char *path, struct import_paper *p, const struct jnode *a)
{
    struct srcloc loc = import_node_loc(path, a);
    if (a->kind == JNODE_STRING) {
        import_add_author_name(im, p, a->text, &loc);
        return;
    }
    if (a->kind != JNODE_OBJECT) {
        diag_error(&loc, "an author must be an object, not %s", jnode_kind_name(a->kind));
        return;
    }
    import_warn_unknown_keys(im, path, a, hc_author_keys, NULL, "an author");
    static const char *const first_keys[] = {"first", "first_name", "firstName", "given", "given_name",
                                             "givenName", NULL};
    static const char *const last_keys[] = {"last", "last_name", "lastName", "family", "family_name",
                                            "familyName", NULL};
    static const char *const name_keys[] = {"name", "full_name", NULL};
    static const char *const email_keys[] = {"email", NULL};
    static const char *const aff_keys[] = {"affiliation", "institution", "organization", "org", NULL};
    static const char *const orcid_keys[] = {"orcid", NULL};
    const struct jnode *first = first_string(a, first_keys, im, path);
    const struct jnode *last = first_string(a, last_keys, im, path);
    const struct jnode *name = first_string(a, name_keys, im, path);
    const struct jnode *email = first_string(a, email_keys, im, path);
    const struct jnode *aff = first_string(a, aff_keys, im, path);
    const struct jnode *orcid = first_string(a, orcid_keys, im, path);
    struct import_author *pa;
    if (first || last)
        pa = import_add_author(im, p, first ? first->text : "", last ? last->text : "", &loc);
    else if (name)
        pa = import_add_author_name(im, p, name->text, &loc);
    else {
        diag_error(&loc, "an author has no name ('first' and 'last')");
        return;
    }
    if (email)
        import_set_optional(&pa->email, import_clean_text(im, email->text, &loc, "email"));
    if (aff)
        import_set_optional(&pa->affiliation, import_clean_text(im, aff->text, &loc, "affiliation"));
    if (orcid && orcid->text[0]) {
        pa->orcid = person_orcid_normalize(orcid->text);
        if (!pa->orcid) {
            struct srcloc oloc = import_node_loc(path, orcid);
            diag_warning(&oloc, "'%s' is not a valid ORCID iD; left out", orcid->text);
        }
    }
}

/* Topics or keywords: a list of text, an object whose keys are the topics,
 * or one text "a; b". */
static void hotcrp_keywords(struct importer *im, const char *path, struct import_paper *p, const struct jnode *v,
                            const char *key)
{
    if (!v || v->kind == JNODE_NULL)
        return;
    struct srcloc loc = import_node_loc(path, v);
    if (v->kind == JNODE_STRING) {
        import_add_keywords(im, p, v->text, &loc);
    } else if (v->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < v->n; i++) {
            struct srcloc iloc = import_node_loc(path, v->items[i]);
            if (v->items[i]->kind == JNODE_STRING)
                import_add_keyword(p, import_clean_text(im, v->items[i]->text, &iloc, "keyword"));
            else
                diag_error(&iloc, "'%s' must list text, not %s", key, jnode_kind_name(v->items[i]->kind));
        }
    } else if (v->kind == JNODE_OBJECT) {
        for (size_t i = 0; i < v->n; i++)
            if (!(v->items[i]->kind == JNODE_BOOL && !v->items[i]->boolean))
                import_add_keyword(p, import_clean_text(im, v->keys[i], &loc, "keyword"));
    } else {
        diag_error(&loc, "'%s' must be a list, not %s", key, jnode_kind_name(v->kind));
    }
}

/* Why a paper is left out ("withdrawn", its decision, "rejected"...), or NULL. */
static const char *hotcrp_skip_reason(const struct jnode *paper)
{
    const struct jnode *w = jnode_get(paper, "withdrawn");
    if (w && w->kind == JNODE_BOOL && w->boolean)
        return "withdrawn";
    const struct jnode *status = jnode_get(paper, "status");
    if (status && status->kind != JNODE_STRING)
        status = NULL;
    if (status && str_ieq(status->text, "withdrawn"))
        return status->text;
    const struct jnode *d = jnode_get(paper, "decision");
    if (d && d->kind == JNODE_STRING && d->text[0] && !import_decision_accepts(d->text) &&
        !str_ieq(d->text, "unspecified") && !str_ieq(d->text, "undecided"))
        return d->text;
    if (d && d->kind == JNODE_NUMBER && d->number < 0)
        return "rejected";
    static const char *const out[] = {"rejected", "draft", "inprogress", "in progress", "desk_reject",
                                      "desk rejected", NULL};
    for (size_t i = 0; status && out[i]; i++)
        if (str_ieq(status->text, out[i]))
            return status->text;
    return NULL;
}

/* The final version HotCRP stores: {"hash": "sha2-..." (or SHA-1 hex),
 * "size": N, "timestamp": T, "mimetype": ...}; build reports a file in
 * place that differs (stale_pdf). */
static void hotcrp_final(struct import_paper *p, const struct jnode *fin)
{
    if (!fin || fin->kind != JNODE_OBJECT)
        return;
    const struct jnode *hash = jnode_get(fin, "hash");
    if (!hash)
        hash = jnode_get(fin, "sha1");
    if (hash && hash->kind == JNODE_STRING)
        import_set_pdf_hash(p, hash->text);
    const struct jnode *size = jnode_get(fin, "size");
    if (size && size->kind == JNODE_NUMBER && size->number > 0 && size->number < 1e15)
        p->pdf_size = (long long)size->number;
}

static void hotcrp_paper(struct importer *im, const char *path, const struct jnode *obj, size_t index)
{
    struct srcloc loc = import_node_loc(path, obj);
    if (obj->kind != JNODE_OBJECT) {
        diag_error(&loc, "paper %zu must be an object, not %s", index + 1, jnode_kind_name(obj->kind));
        return;
    }
    import_warn_unknown_keys(im, path, obj, hc_known, hc_ignored, "a paper");
    const struct jnode *pid = jnode_get(obj, "pid");
    if (!pid)
        pid = jnode_get(obj, "id");
    char *number = NULL;
    if (pid && (pid->kind == JNODE_NUMBER || pid->kind == JNODE_STRING))
        number = import_parse_number(pid->text);
    if (!number) {
        struct srcloc ploc = pid ? import_node_loc(path, pid) : loc;
        diag_error(&ploc, "paper %zu has no paper number ('pid')", index + 1);
        return;
    }
    char *what = xasprintf("#%s", number);
    const char *why = hotcrp_skip_reason(obj);
    if (why) {
        importer_note_skipped(im, what, why);
        free(what);
        free(number);
        return;
    }
    struct import_paper *p = import_new_paper(im, obj->line);
    p->loc = loc;
    p->id = xasprintf("p%s", number);
    static const char *const title_keys[] = {"title", NULL};
    const struct jnode *title = first_string(obj, title_keys, im, path);
    if (title) {
        struct srcloc tloc = import_node_loc(path, title);
        p->title = import_clean_text(im, title->text, &tloc, "title");
    }
    const struct jnode *authors = jnode_get(obj, "authors");
    if (authors && authors->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < authors->n; i++)
            hotcrp_author(im, path, p, authors->items[i]);
    } else if (authors && authors->kind != JNODE_NULL) {
        struct srcloc aloc = import_node_loc(path, authors);
        diag_error(&aloc, "'authors' must be a list, not %s", jnode_kind_name(authors->kind));
    }
    hotcrp_keywords(im, path, p, jnode_get(obj, "keywords"), "keywords");
    hotcrp_keywords(im, path, p, jnode_get(obj, "topics"), "topics");
    static const char *const session_keys[] = {"session", "track", NULL};
    const struct jnode *session = first_string(obj, session_keys, im, path);
    if (session) {
        struct srcloc sloc = import_node_loc(path, session);
        import_set_optional(&p->session, import_clean_text(im, session->text, &sloc, "session"));
    }
    hotcrp_final(p, jnode_get(obj, "final"));
    p->number = xstrdup(number);
    import_end_paper(im, p, "paper", what);
    free(what);
    free(number);
}

static void hotcrp_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    im->file = path;
    struct jnode *root = import_input_json(in);
    if (!root)
        return;
    const struct jnode *list = root;
    if (root->kind == JNODE_OBJECT) {
        const struct jnode *papers = jnode_get(root, "papers");
        if (papers && papers->kind == JNODE_ARRAY)
            list = papers;
    }
    struct srcloc rloc = import_node_loc(path, list);
    if (list->kind == JNODE_OBJECT && (jnode_get(list, "pid") || jnode_get(list, "title"))) {
        hotcrp_paper(im, path, list, 0); /* one paper on its own */
    } else if (list->kind != JNODE_ARRAY) {
        diag_error(&rloc, "expected a list of papers (HotCRP's JSON export), not %s",
                     jnode_kind_name(list->kind));
    } else {
        for (size_t i = 0; i < list->n; i++)
            hotcrp_paper(im, path, list->items[i], i);
    }
    importer_flush_skipped(im, "paper");
    jnode_free(root);
}

/* A .json name or text starting with '[' or '{'. */
static bool hotcrp_detect(const struct import_sniff *s)
{
    return s->json;
}

const struct import_reader import_hotcrp_reader = {
    .format = IMPORT_HOTCRP,
    .name = "hotcrp",
    .max_files = 1,
    .detect = hotcrp_detect,
    .read = hotcrp_read,
};
