/* Unit tests: messages a chair can act on.  "did you mean" for unknown
 * manifest keys, parts and style names (the style at the manifest's
 * line:column), the case-only file name hint, and what a file that is not
 * a PDF is.  Files are written at test time in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/util.h"
#include "capture.h"
#include "inspect/pdfinfo.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "manifest/ydoc.h"

/* A fresh folder for one test (caller frees the name and removes it). */
static char *temp_dir(void)
{
    char tmpl[] = "/tmp/collate-hints-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    return xstrdup(tmpl);
}

static void write_in(const char *dir, const char *rel, const void *data, size_t len)
{
    char *path = path_join(dir, rel), *parent = path_dirname(path);
    assert_int_equal(mkdir_p(parent), 0);
    assert_int_equal(write_file_atomic(path, data, len), 0);
    free(parent);
    free(path);
}

static void remove_tree(const char *dir)
{
    char *cmd = xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
}

static void load_manifest(void *arg)
{
    manifest_free(manifest_load((const char *)arg));
}

/* Load the manifest text yaml from dir/proceedings.yaml; returns stderr. */
static char *load_text(const char *dir, const char *yaml)
{
    write_in(dir, "proceedings.yaml", yaml, strlen(yaml));
    char *path = path_join(dir, "proceedings.yaml");
    diag_reset_counts();
    char *err = capture_stderr(load_manifest, path);
    free(path);
    return err;
}

static void test_suggest(void **state)
{
    static const char *const keys[] = {"title", "authors", "keywords", "pdf", NULL};
    assert_string_equal(ynode_suggest("autors", keys), "authors");
    assert_string_equal(ynode_suggest("titel", keys), "title");    /* transposed letters */
    assert_string_equal(ynode_suggest("Authors", keys), "authors"); /* case only */
    assert_string_equal(ynode_suggest("keywrds", keys), "keywords");
    assert_null(ynode_suggest("abstract", keys));                   /* nothing near */
    assert_null(ynode_suggest("pd", keys));                         /* too short to guess */
    assert_null(ynode_suggest("title", keys));                      /* known: no suggestion */
}

static void test_key_and_part_typos(void **state)
{
    char *dir = temp_dir();
    write_in(dir, "papers/p1.pdf", "%PDF-1.4\n", 9);
    char *err = load_text(dir, "volume: {title: T, copyrigth: C}\n"
                               "style: ieee-conference\n"
                               "front_matter: [title_page, copyright_pgae, {comittees: true, title: Org}]\n"
                               "papers:\n"
                               "  - id: p1\n"
                               "    title: A\n"
                               "    autors: [Ada Lovelace]\n"
                               "    pdf: papers/p1.pdf\n");
    assert_non_null(strstr(err, "proceedings.yaml:1:20: warning: unknown key 'copyrigth' in 'volume' is ignored\n"
                                "hint: did you mean 'copyright'?\n"));
    assert_non_null(strstr(err, "proceedings.yaml:7:5: warning: unknown key 'autors' in a paper is ignored\n"
                                "hint: did you mean 'authors'?\n"));
    assert_non_null(strstr(err, "unknown part 'copyright_pgae'"));
    assert_non_null(strstr(err, "hint: did you mean 'copyright_page'?\n"));
    assert_non_null(strstr(err, "unknown part 'comittees'"));
    assert_non_null(strstr(err, "hint: did you mean 'committees'?\n"));
    free(err);
    remove_tree(dir);
    free(dir);
}

static void test_style_typo_located(void **state)
{
    char *dir = temp_dir();
    write_in(dir, "p1.pdf", "%PDF-1.4\n", 9);
    char *err = load_text(dir, "volume: {title: T}\n"
                               "\n"
                               "style:   lncss\n"
                               "papers: [{id: p1, title: A, authors: [Ada Lovelace], pdf: p1.pdf}]\n");
    assert_non_null(strstr(err, "proceedings.yaml:3:10: error: unknown style 'lncss'\n"
                                "hint: did you mean 'lncs'?\n"));
    assert_non_null(strstr(err, "1 error in the manifest"));
    free(err);

    char *near = NULL;
    assert_false(style_known("ieee-conferenc", &near));
    assert_string_equal(near, "ieee-conference");
    free(near);
    assert_false(style_known("springer", &near));
    assert_null(near);
    assert_true(style_known("acm-sigconf", &near));
    assert_true(style_known("./my-venue.yml", &near)); /* paths are not looked up here */
    remove_tree(dir);
    free(dir);
}

static void test_case_only_file_name(void **state)
{
    char *dir = temp_dir();
    write_in(dir, "papers/P1.pdf", "%PDF-1.4\n", 9);
    write_in(dir, "messages/preface.md", "Hello.\n", 7);
    char *err = load_text(dir, "volume: {title: T}\n"
                               "style: lncs\n"
                               "front_matter: [{message: Messages/Preface.md, title: Preface}]\n"
                               "papers:\n"
                               "  - {id: p1, title: A, authors: [Ada Lovelace], pdf: Papers/p1.pdf}\n"
                               "  - {id: p2, title: B, authors: [Ada Lovelace], pdf: papers/p2.pdf}\n");
    assert_non_null(strstr(err, "error: paper 'p1': file 'Papers/p1.pdf' not found\n"
                                "hint: 'papers/P1.pdf' exists: file names are case-sensitive\n"));
    assert_non_null(strstr(err, "error: message file 'Messages/Preface.md' not found\n"
                                "hint: 'messages/preface.md' exists: file names are case-sensitive\n"));
    /* A file that is missing whatever the case gets no hint. */
    assert_non_null(strstr(err, "error: paper 'p2': file 'papers/p2.pdf' not found\n"));
    assert_null(strstr(err, "papers/p2.pdf' not found\nhint"));
    free(err);
    remove_tree(dir);
    free(dir);
}

/* Why a file is unreadable, as pdfinfo_read_file says it. */
static char *reason_for(const char *dir, const char *name, const void *bytes, size_t len)
{
    write_in(dir, name, bytes, len);
    char *path = path_join(dir, name);
    struct pdf_info info;
    pdfinfo_init(&info, path);
    size_t n;
    char *data = pdfinfo_read_file(path, &info, &n);
    assert_null(data);
    assert_false(info.readable);
    char *why = xstrdup(info.unreadable_reason);
    pdfinfo_release(&info);
    free(path);
    return why;
}

static void test_file_type_sniffing(void **state)
{
    char *dir = temp_dir();
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
    /* A .docx renamed .pdf: a ZIP whose first entry is a Word part. */
    static const char docx[] = "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
                               "[Content_Types].xml....PK\x03\x04word/document.xml";
    static const char zip[] = "PK\x03\x04\x14\x00\x00\x00\x08\x00" "data/readme.txt";
    static const char tex[] = "% camera-ready\n\\documentclass[runningheads]{llncs}\n\\begin{document}\n";
    static const char html[] = "\xEF\xBB\xBF\n  <!DOCTYPE html>\n<html><body>Not found</body></html>\n";
    static const char ps[] = "%!PS-Adobe-3.0\n%%Creator: dvips\n";
    static const struct {
        const char *name;
        const void *bytes;
        size_t len;
        const char *want;
    } cases[] = {
        {"figure.pdf", png, sizeof(png), "not a PDF file: it is a PNG image"},
        {"photo.pdf", jpeg, sizeof(jpeg), "not a PDF file: it is a JPEG image"},
        {"paper.pdf", docx, sizeof(docx) - 1, "not a PDF file: it is a Word document (.docx)"},
        {"bundle.pdf", zip, sizeof(zip) - 1, "not a PDF file: it is a ZIP archive"},
        {"main.pdf", tex, sizeof(tex) - 1, "not a PDF file: it is LaTeX source"},
        {"page.pdf", html, sizeof(html) - 1, "not a PDF file: it is an HTML page"},
        {"paper.ps.pdf", ps, sizeof(ps) - 1, "not a PDF file: it is a PostScript file"},
        {"notes.pdf", "just some notes\n", 16, "not a PDF file (no %PDF header)"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        char *why = reason_for(dir, cases[i].name, cases[i].bytes, cases[i].len);
        assert_string_equal(why, cases[i].want);
        free(why);
    }
    assert_null(pdfinfo_sniff_type((const unsigned char *)"", 0));
    remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_key_and_part_typos),
        cmocka_unit_test(test_style_typo_located),
        cmocka_unit_test(test_case_only_file_name),
        cmocka_unit_test(test_file_type_sniffing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
