/* import_json: helpers of the readers of JSON exports (HotCRP,
 * OpenReview); see reader.h. */
#include <stdlib.h>
#include <string.h>

#include "import/reader.h"

struct jnode *import_input_json(const struct import_input *in)
{
    struct jsonread_error err;
    struct jnode *root = jsonread_parse(in->text, in->len, NULL, &err);
    if (!root) {
        struct srcloc loc = {in->path, err.line, err.col};
        diag_error(&loc, "%s", err.msg);
    }
    return root;
}

struct srcloc import_node_loc(const char *path, const struct jnode *n)
{
    return (struct srcloc){path, n->line, n->col};
}

static bool in_list(const char *s, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (!strcmp(list[i], s))
            return true;
    return false;
}

void import_warn_unknown_keys(struct importer *im, const char *path, const struct jnode *obj,
                              const char *const *known, const char *const *ignored, const char *where)
{
    for (size_t i = 0; i < obj->n; i++) {
        const char *k = obj->keys[i];
        if (in_list(k, known) || (ignored && in_list(k, ignored)))
            continue;
        char *tag = xasprintf("%s\x01%s", where, k);
        if (importer_first_time(im, tag)) {
            struct srcloc loc = {path, obj->key_lines[i], obj->key_cols[i]};
            diag_warning(&loc, "unknown key '%s' in %s ignored", k, where);
        }
        free(tag);
    }
}
