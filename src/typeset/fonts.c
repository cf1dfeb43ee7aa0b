/* fonts: read fonts/fonts.yml and find the font files it names. */
#include "typeset/fonts.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "base/util.h"
#include "manifest/ydoc.h"

static const char *const face_keys[FONT_FACE_COUNT] = {
    [FONT_REGULAR] = "regular",
    [FONT_BOLD] = "bold",
    [FONT_ITALIC] = "italic",
    [FONT_BOLD_ITALIC] = "bold_italic",
};

char *font_dir(void)
{
    return data_dir_find("COLLATE_FONTS", "fonts", "fonts.yml");
}

static void font_file_release(struct font_file *f)
{
    free(f->file);
    free(f->package);
}

void font_config_free(struct font_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->nfamilies; i++) {
        free(cfg->families[i].name);
        for (int k = 0; k < FONT_FACE_COUNT; k++)
            font_file_release(&cfg->families[i].faces[k]);
    }
    free(cfg->families);
    for (size_t i = 0; i < cfg->nfallbacks; i++)
        font_file_release(&cfg->fallbacks[i]);
    free(cfg->fallbacks);
    for (size_t i = 0; i < cfg->nsearch_path; i++)
        free(cfg->search_path[i]);
    free(cfg->search_path);
    free(cfg->dir);
    free(cfg->path);
    free(cfg);
}

/* A face: "file.ttf" or {file:, index:, package:}; package defaults to the
 * family's.  node may be NULL (face not given). */
static bool read_font_file(const struct font_config *cfg, const struct ynode *node, const char *what,
                           const char *default_package, struct font_file *f)
{
    f->index = -1;
    if (!node || ynode_is_null(node))
        return true;
    f->loc = node->loc;
    f->loc.file = cfg->path;
    bool ok;
    if (node->kind == YNODE_SCALAR) {
        ok = ynode_string(node, what, &f->file);
    } else if (node->kind == YNODE_MAP) {
        static const char *const keys[] = {"file", "index", "package", NULL};
        ynode_warn_unknown_keys(node, keys, what);
        long index = -1;
        ok = ynode_string(ynode_get(node, "file"), "file", &f->file) &&
             ynode_int(ynode_get(node, "index"), "index", 0, 1000, &index) &&
             ynode_string(ynode_get(node, "package"), "package", &f->package);
        f->index = (int)index;
    } else {
        diag_error(&node->loc, "'%s' must be a file name or a mapping with file, index, package", what);
        return false;
    }
    if (ok && (!f->file || !f->file[0])) {
        diag_error(&node->loc, "'%s' needs a font file name", what);
        ok = false;
    }
    if (ok && !f->package && default_package)
        f->package = xstrdup(default_package);
    return ok;
}

static bool read_family(const struct font_config *cfg, const struct ynode *key, const struct ynode *node,
                        struct font_family *fam)
{
    fam->name = xstrdup(key->value);
    for (int k = 0; k < FONT_FACE_COUNT; k++)
        fam->faces[k].index = -1;
    if (node->kind != YNODE_MAP) {
        diag_error(&node->loc, "font family '%s' must be a mapping with regular, bold, italic, bold_italic",
                   fam->name);
        return false;
    }
    static const char *const keys[] = {"regular", "bold", "italic", "bold_italic", "package", NULL};
    ynode_warn_unknown_keys(node, keys, "a font family");
    char *package = NULL;
    bool ok = ynode_string(ynode_get(node, "package"), "package", &package);
    for (int k = 0; ok && k < FONT_FACE_COUNT; k++)
        ok = read_font_file(cfg, ynode_get(node, face_keys[k]), face_keys[k], package, &fam->faces[k]);
    free(package);
    if (ok && !fam->faces[FONT_REGULAR].file) {
        diag_error(&node->loc, "font family '%s' needs a 'regular' face", fam->name);
        ok = false;
    }
    return ok;
}

static bool read_config(struct font_config *cfg, const struct ynode *root)
{
    if (!root || root->kind != YNODE_MAP) {
        struct srcloc loc = {cfg->path, 0, 0};
        diag_error(root ? &root->loc : &loc, "the font configuration must be a mapping with 'families'");
        return false;
    }
    static const char *const keys[] = {"families", "fallback", "search_path", NULL};
    ynode_warn_unknown_keys(root, keys, "the font configuration");

    const struct ynode *paths = ynode_get(root, "search_path");
    if (paths && !ynode_is_null(paths)) {
        if (paths->kind != YNODE_SEQ) {
            diag_error(&paths->loc, "'search_path' must be a list of folders");
            return false;
        }
        cfg->search_path = xcalloc(paths->n ? paths->n : 1, sizeof(*cfg->search_path));
        for (size_t i = 0; i < paths->n; i++) {
            if (!ynode_string(paths->items[i], "search_path", &cfg->search_path[cfg->nsearch_path]))
                return false;
            if (cfg->search_path[cfg->nsearch_path])
                cfg->nsearch_path++;
        }
    }

    const struct ynode *fams = ynode_get(root, "families");
    if (!fams || fams->kind != YNODE_MAP || ynode_map_size(fams) == 0) {
        diag_error(fams ? &fams->loc : &root->loc,
                   "the font configuration needs 'families' with at least one family");
        return false;
    }
    size_t n = ynode_map_size(fams);
    cfg->families = xcalloc(n, sizeof(*cfg->families));
    for (size_t i = 0; i < n; i++) {
        cfg->nfamilies = i + 1;
        if (!read_family(cfg, ynode_map_key(fams, i), ynode_map_value(fams, i), &cfg->families[i]))
            return false;
    }

    const struct ynode *fb = ynode_get(root, "fallback");
    if (fb && !ynode_is_null(fb)) {
        if (fb->kind != YNODE_SEQ) {
            diag_error(&fb->loc, "'fallback' must be a list of fonts");
            return false;
        }
        cfg->fallbacks = xcalloc(fb->n ? fb->n : 1, sizeof(*cfg->fallbacks));
        for (size_t i = 0; i < fb->n; i++) {
            cfg->nfallbacks = i + 1;
            if (!read_font_file(cfg, fb->items[i], "fallback", NULL, &cfg->fallbacks[i]))
                return false;
        }
    }
    return true;
}

struct font_config *font_config_load_file(const char *path)
{
    struct ydoc *doc = ydoc_load(path, 10000);
    if (!doc)
        return NULL;
    struct font_config *cfg = xcalloc(1, sizeof(*cfg));
    cfg->path = xstrdup(path);
    cfg->dir = path_dirname(path);
    bool ok = read_config(cfg, doc->root);
    ydoc_free(doc);
    if (!ok) {
        font_config_free(cfg);
        return NULL;
    }
    return cfg;
}

struct font_config *font_config_load(void)
{
    char *dir = font_dir();
    char *path = path_join(dir, "fonts.yml");
    struct font_config *cfg = NULL;
    if (path_exists(path)) {
        cfg = font_config_load_file(path);
    } else {
        diag_error(NULL, "font configuration '%s' not found", path);
        diag_hint("set COLLATE_FONTS to the folder that holds fonts.yml");
    }
    free(path);
    free(dir);
    return cfg;
}

const struct font_family *font_config_family(const struct font_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->nfamilies; i++)
        if (!strcmp(cfg->families[i].name, name))
            return &cfg->families[i];
    return NULL;
}

const struct font_file *font_family_face(const struct font_family *fam, enum font_face face)
{
    static const enum font_face order[FONT_FACE_COUNT][3] = {
        [FONT_REGULAR] = {FONT_REGULAR, FONT_REGULAR, FONT_REGULAR},
        [FONT_BOLD] = {FONT_BOLD, FONT_REGULAR, FONT_REGULAR},
        [FONT_ITALIC] = {FONT_ITALIC, FONT_REGULAR, FONT_REGULAR},
        [FONT_BOLD_ITALIC] = {FONT_BOLD_ITALIC, FONT_BOLD, FONT_REGULAR},
    };
    for (int i = 0; i < 3; i++)
        if (fam->faces[order[face][i]].file)
            return &fam->faces[order[face][i]];
    return &fam->faces[FONT_REGULAR];
}

char *font_config_family_names(const struct font_config *cfg)
{
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < cfg->nfamilies; i++)
        strbuf_addf(&sb, "%s%s", i ? ", " : "", cfg->families[i].name);
    return strbuf_detach(&sb);
}

char *font_config_resolve(const struct font_config *cfg, const struct font_file *f, int report)
{
    if (f->file[0] == '/') {
        if (path_exists(f->file))
            return xstrdup(f->file);
    } else {
        char *path = path_join(cfg->dir, f->file);
        if (path_exists(path))
            return path;
        free(path);
        for (size_t i = 0; i < cfg->nsearch_path; i++) {
            path = path_join(cfg->search_path[i], f->file);
            if (path_exists(path))
                return path;
            free(path);
        }
    }
    if (report) {
        diag_error(&f->loc, "font file '%s' not found in %s or the search path", f->file, cfg->dir);
        if (f->package)
            diag_hint("install the package that provides it: apt-get install %s", f->package);
        else
            diag_hint("add its folder to 'search_path' in %s", cfg->path);
    }
    return NULL;
}
