/* import_openreview: the notes JSON of OpenReview's API: {"notes": [...]}
 * as /notes returns it (or a list of notes, as openreview-py's
 * Note.to_json() writes them).  API v2 wraps every content field in
 * {"value": ...}; API v1 has the values directly.  Per note: 'number'
 * (the id is "p" + number), 'id' (PDFs are often named by it), and in
 * 'content': 'title', 'authors' (full names), 'authorids' (profile ids
 * "~Given_Family1" or e-mail addresses, by position), 'keywords', 'track',
 * 'venueid' and 'venue'.  aclpub2's or2papers.py takes the accepted
 * papers as those whose venueid is the venue's id; here a venueid ending
 * in /Withdrawn_Submission, /Desk_Rejected_Submission,
 * /Rejected_Submission or /Submission (no decision), a venue "Submitted
 * to ...", a 'decision' that is not an acceptance, or a deletion date
 * leaves the paper out. */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"

static const char *const or_note_known[] = {
    "id", "number", "content", "forum", "cdate", "mdate", "tcdate", "tmdate", "odate", "pdate", "ddate",
    "invitation", "invitations", "readers", "writers", "signatures", "nonreaders", "replyto", "original",
    "referent", "domain", "version", "details", "tauthor", "license", "parentInvitations", "replyCount",
    "tddate", "forumContent", "active", "duedate", "expdate", NULL};
static const char *const or_content_known[] = {
    "title", "authors", "authorids", "keywords", "abstract", "pdf", "venue", "venueid", "TLDR", "_bibtex",
    "paperhash", "TL;DR", "primary_area", "supplementary_material", "track", "decision", "code", "data", "software",
    "paper_type", "subject_areas", "previous_URL", "previous_PDF", "response_PDF", "reassignment_request_action_editor",
    "reassignment_request_reviewers", "justification_for_not_keeping_action_editor_or_reviewers",
    "copyright_PDF", "preprint", "preferred_venue", "consent_to_share_data", "consent_to_share_submission_details",
    "reviewing_volunteers", "reviewing_no_volunteers_reason", "ethics_statement", "limitations",
    "responsible_NLP_research", "paper_link", "community_implementations", "html", "student_author",
    "archival_status", "presentation_type", "submission_number", "no_acknowledgement_section",
    "reproducibility", "code_of_ethics", "submission_guidelines", "LLM_usage", NULL};

/* A content field's value: v2 {"value": X} or v1 X; NULL when absent. */
static const struct jnode *field(const struct jnode *content, const char *key)
{
    const struct jnode *v = content ? jnode_get(content, key) : NULL;
    if (v && v->kind == JNODE_OBJECT) {
        const struct jnode *inner = jnode_get(v, "value");
        return inner;
    }
    return v && v->kind != JNODE_NULL ? v : NULL;
}

static const char *field_text(const struct jnode *content, const char *key)
{
    const struct jnode *v = field(content, key);
    return v && v->kind == JNODE_STRING ? v->text : NULL;
}

/* Why a note is left out, or NULL. */
static const char *skip_reason(const struct jnode *note, const struct jnode *content)
{
    const struct jnode *dd = jnode_get(note, "ddate");
    if (dd && dd->kind == JNODE_NUMBER)
        return "deleted";
    const char *vid = field_text(content, "venueid");
    if (vid) {
        if (str_ends_with(vid, "/Withdrawn_Submission"))
            return "withdrawn";
        if (str_ends_with(vid, "/Desk_Rejected_Submission"))
            return "desk rejected";
        if (str_ends_with(vid, "/Rejected_Submission"))
            return "rejected";
        if (str_ends_with(vid, "/Submission") || str_ends_with(vid, "/Blind_Submission"))
            return "no decision";
    }
    const char *venue = field_text(content, "venue");
    if (venue && (str_starts_with(venue, "Submitted to") || strstr(venue, "Withdrawn") ||
                  strstr(venue, "Desk Rejected") || strstr(venue, "Rejected")))
        return strstr(venue, "Withdrawn") ? "withdrawn" : strstr(venue, "Rejected") ? "rejected" : "no decision";
    const char *decision = field_text(content, "decision");
    if (decision && decision[0] && !import_decision_accepts(decision))
        return decision;
    const struct jnode *inv = jnode_get(note, "invitations");
    for (size_t i = 0; inv && inv->kind == JNODE_ARRAY && i < inv->n; i++)
        if (inv->items[i]->kind == JNODE_STRING && strstr(inv->items[i]->text, "/-/Withdrawn_Submission"))
            return "withdrawn";
    const struct jnode *inv1 = jnode_get(note, "invitation");
    if (inv1 && inv1->kind == JNODE_STRING && strstr(inv1->text, "Withdrawn_Submission"))
        return "withdrawn";
    return NULL;
}

static void openreview_note(struct importer *im, const char *path, const struct jnode *note, size_t index)
{
    struct srcloc loc = import_node_loc(path, note);
    if (note->kind != JNODE_OBJECT) {
        diag_error(&loc, "note %zu must be an object, not %s", index + 1, jnode_kind_name(note->kind));
        return;
    }
    import_warn_unknown_keys(im, path, note, or_note_known, NULL, "a note");
    const struct jnode *content = jnode_get(note, "content");
    if (!content || content->kind != JNODE_OBJECT) {
        diag_error(&loc, "note %zu has no 'content'", index + 1);
        return;
    }
    import_warn_unknown_keys(im, path, content, or_content_known, NULL, "a note's content");
    const struct jnode *num = jnode_get(note, "number");
    const struct jnode *nid = jnode_get(note, "id");
    char *number = num && num->kind == JNODE_NUMBER ? import_parse_number(num->text) : NULL;
    const char *note_id = nid && nid->kind == JNODE_STRING && import_valid_id(nid->text) ? nid->text : NULL;
    if (!number && !note_id) {
        diag_error(&loc, "note %zu has neither a 'number' nor an 'id'", index + 1);
        return;
    }
    char *what = number ? xasprintf("#%s", number) : xasprintf("'%s'", note_id);
    const char *why = skip_reason(note, content);
    if (why) {
        importer_note_skipped(im, what, why);
        free(what);
        free(number);
        return;
    }
    struct import_paper *p = import_new_paper(im, note->line);
    p->loc = loc;
    p->id = number ? xasprintf("p%s", number) : xstrdup(note_id);
    p->number = number;
    p->alt_id = xstrdup(note_id);
    const struct jnode *title = field(content, "title");
    if (title && title->kind == JNODE_STRING) {
        struct srcloc tloc = import_node_loc(path, title);
        p->title = import_clean_text(im, title->text, &tloc, "title");
    }
    const struct jnode *authors = field(content, "authors");
    const struct jnode *ids = field(content, "authorids");
    if (authors && authors->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < authors->n; i++) {
            const struct jnode *a = authors->items[i];
            struct srcloc aloc = import_node_loc(path, a);
            if (a->kind != JNODE_STRING) {
                diag_error(&aloc, "an author must be text, not %s", jnode_kind_name(a->kind));
                continue;
            }
            struct import_author *pa = import_add_author_name(im, p, a->text, &aloc);
            const struct jnode *aid = ids && ids->kind == JNODE_ARRAY && i < ids->n ? ids->items[i] : NULL;
            if (aid && aid->kind == JNODE_STRING && strchr(aid->text, '@'))
                import_set_optional(&pa->email, import_clean_text(im, aid->text, &aloc, "email"));
        }
        if (ids && ids->kind == JNODE_ARRAY && ids->n != authors->n) {
            struct srcloc iloc = import_node_loc(path, ids);
            diag_warning(&iloc, "%zu 'authorids' for %zu 'authors'", ids->n, authors->n);
        }
    } else if (authors) {
        struct srcloc aloc = import_node_loc(path, authors);
        diag_error(&aloc, "'authors' must be a list, not %s", jnode_kind_name(authors->kind));
    }
    const struct jnode *kw = field(content, "keywords");
    if (kw && kw->kind == JNODE_STRING) {
        struct srcloc kloc = import_node_loc(path, kw);
        import_add_keywords(im, p, kw->text, &kloc);
    } else if (kw && kw->kind == JNODE_ARRAY) {
        for (size_t i = 0; i < kw->n; i++)
            if (kw->items[i]->kind == JNODE_STRING) {
                struct srcloc kloc = import_node_loc(path, kw->items[i]);
                import_add_keyword(p, import_clean_text(im, kw->items[i]->text, &kloc, "keyword"));
            }
    }
    const struct jnode *track = field(content, "track");
    if (track && track->kind == JNODE_STRING) {
        struct srcloc sloc = import_node_loc(path, track);
        import_set_optional(&p->session, import_clean_text(im, track->text, &sloc, "track"));
    }
    import_end_paper(im, p, "note", what);
    free(what);
}

static void openreview_read(struct importer *im, const struct import_input *in, size_t n)
{
    const char *path = in->path;
    im->file = path;
    struct jnode *root = import_input_json(in);
    if (!root)
        return;
    const struct jnode *list = root;
    if (root->kind == JNODE_OBJECT) {
        const struct jnode *notes = jnode_get(root, "notes");
        if (notes)
            list = notes;
    }
    struct srcloc rloc = import_node_loc(path, list);
    if (list->kind == JNODE_OBJECT && jnode_get(list, "content"))
        openreview_note(im, path, list, 0);
    else if (list->kind != JNODE_ARRAY)
        diag_error(&rloc, "expected OpenReview's notes ({\"notes\": [...]}), not %s", jnode_kind_name(list->kind));
    else
        for (size_t i = 0; i < list->n; i++)
            openreview_note(im, path, list->items[i], i);
    importer_flush_skipped(im, "paper");
    jnode_free(root);
}

/* JSON with OpenReview's note fields, or its {"notes": ...} response. */
static bool openreview_detect(const struct import_sniff *s)
{
    return s->json && s->in->text &&
           (strstr(s->in->text, "\"authorids\"") || strstr(s->in->text, "\"venueid\"") ||
            strstr(s->in->text, "\"notes\""));
}

const struct import_reader import_openreview_reader = {
    .format = IMPORT_OPENREVIEW,
    .name = "openreview",
    .max_files = 1,
    .detect = openreview_detect,
    .read = openreview_read,
};
