/* collate init: write a starting proceedings.yaml from a submission
 * system's export (EasyChair, HotCRP, OpenReview, START, CMT, EDAS, plain
 * CSV), place the final PDFs (--pdfs), or merge a new export into an
 * existing manifest (--update). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/diag.h"
#include "import/importer.h"
#include "import/pdfcollect.h" /* --pdfs */
#include "import/update.h"     /* --update */
#include "manifest/style.h"
#include "base/util.h"

static const char usage[] =
    "usage: collate init [options] EXPORT_FILE\n"
    "       collate init --from easychair [options] SUBMISSIONS.csv AUTHORS.csv\n\n"
    "Writes a starting proceedings.yaml from a submission system's export: the\n"
    "accepted papers with their titles, authors, keywords and sessions, and a\n"
    "volume skeleton whose TODO fields you fill in.  Papers whose decision is\n"
    "not an acceptance are left out (with a note).\n\n"
    "      --from FORMAT       the export's format (default: detected)\n"
    "                            easychair:  submission.csv or accepted.csv, optionally\n"
    "                                        with author.csv for split names and affiliations\n"
    "                            hotcrp:     the JSON paper export\n"
    "                            openreview: the API's notes JSON (v2 or v1)\n"
    "                            start:      Softconf START's submissions spreadsheet (CSV)\n"
    "                            cmt:        CMT's 'Export to Excel' (.xlsx, .xls XML, CSV)\n"
    "                            edas:       EDAS's paper or author list (CSV, TSV, .xlsx)\n"
    "                            csv:        header id,title,authors,pdf[,keywords,session];\n"
    "                                        authors separated by ';'\n"
    "      --pdfs PATH         place each paper's PDF from a folder or an archive (.zip,\n"
    "                          .tar.gz) at its pdf: path, matched by the ids in the names\n"
    "      --update            merge the export into the existing FILE: add new papers,\n"
    "                          comment out withdrawn ones, update changed titles and\n"
    "                          authors (shown as a diff); keep everything else\n"
    "  -s, --style NAME        venue style for the manifest (default ieee-conference)\n"
    "      --papers-dir DIR    folder of the paper PDFs, DIR/<id>.pdf (default papers)\n"
    "  -o, --output FILE       the manifest to write (default proceedings.yaml)\n"
    "      --force             overwrite FILE if it exists\n"
    "  -q, --quiet             print only errors\n"
    "  -h, --help              show this help\n\n"
    "exit status: 0 written, 1 errors in the export or the PDFs (all are reported,\n"
    "nothing is written), 2 usage error or FILE exists, 3 FILE could not be written\n";

/* The message files the style's front matter names (a preface), next to
 * the manifest, so that it builds at once: a TODO text in each file that
 * does not exist yet.  Existing files are never touched. */
static bool write_message_stubs(const struct style *style, const char *output, bool quiet)
{
    char *base = path_dirname(output);
    bool ok = true;
    for (size_t i = 0; ok && i < style->ninit_front + style->ninit_back; i++) {
        const struct style_part *p =
            i < style->ninit_front ? &style->init_front[i] : &style->init_back[i - style->ninit_front];
        if (!p->value || strcmp(p->kind, "message") != 0)
            continue;
        char *path = path_join(base, p->value), *parent = path_dirname(path);
        if (!path_exists(path)) {
            char *text = xasprintf("TODO: the text of the %s, in Markdown: paragraphs separated by blank "
                                   "lines, *emphasis*, **bold**, and lists.\n",
                                   p->title ? p->title : "message");
            if (mkdir_p(parent) != 0 || write_file_atomic(path, text, strlen(text)) != 0) {
                struct srcloc loc = {path, 0, 0};
                diag_error(&loc, "cannot write the message file: %s", strerror(errno));
                ok = false;
            } else if (!quiet) {
                printf("wrote %s: the text of the %s, to fill in\n", path, p->title ? p->title : "message");
            }
            free(text);
        }
        free(parent);
        free(path);
    }
    free(base);
    return ok;
}

int cmd_init(int argc, char **argv)
{
    enum { OPT_FROM = 256, OPT_PAPERS_DIR, OPT_FORCE, OPT_PDFS, OPT_UPDATE };
    static const struct option opts[] = {
        {"from", required_argument, NULL, OPT_FROM},  {"style", required_argument, NULL, 's'},
        {"papers-dir", required_argument, NULL, OPT_PAPERS_DIR}, {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},      {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},             {"pdfs", required_argument, NULL, OPT_PDFS},
        {"update", no_argument, NULL, OPT_UPDATE},    {NULL, 0, NULL, 0}};
    enum import_format format = IMPORT_AUTO;
    const char *style_name = "ieee-conference", *papers_dir = "papers", *output = "proceedings.yaml";
    bool force = false, quiet = false, update = false;
    const char *pdfs = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:o:qh", opts, NULL)) != -1) {
        switch (c) {
        case OPT_FROM:
            if (!import_format_from_name(optarg, &format))
                return cli_usage_error("init", "--from takes easychair, hotcrp, openreview, start, cmt, edas or "
                                                   "csv, not '%s'", optarg);
            break;
        case 's':
            style_name = optarg;
            break;
        case OPT_PAPERS_DIR:
            if (!optarg[0])
                return cli_usage_error("init", "--papers-dir needs a folder name");
            papers_dir = optarg;
            break;
        case 'o':
            if (!optarg[0])
                return cli_usage_error("init", "--output needs a file name");
            output = optarg;
            break;
        case OPT_FORCE:
            force = true;
            break;
        case OPT_PDFS:
            pdfs = optarg;
            break;
        case OPT_UPDATE:
            update = true;
            break;
        case 'q':
            quiet = true;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("init", "unknown option");
        }
    }
    int nfiles = argc - optind;
    if (nfiles < 1)
        return cli_usage_error("init", "no export file given");
    if (nfiles > 2)
        return cli_usage_error("init", "too many files: give one export (or EasyChair's submission "
                                       "and author files)");
    if (nfiles == 2 && format != IMPORT_AUTO && format != IMPORT_EASYCHAIR)
        return cli_usage_error("init", "only EasyChair exports come in two files (submissions and authors)");
    diag_set_quiet(quiet);
    if (update && !path_exists(output)) {
        diag_error(NULL, "'%s' does not exist; --update merges an export into an existing manifest", output);
        return EXIT_USAGE;
    }
    if (path_exists(output) && !force && !update) {
        diag_error(NULL, "'%s' already exists", output);
        diag_hint("pass --force to overwrite it, or -o to write another file");
        return EXIT_USAGE;
    }
    if (path_is_dir(output)) {
        diag_error(NULL, "'%s' is a folder", output);
        return EXIT_USAGE;
    }
    struct style *style = style_load(style_name);
    if (!style)
        return EXIT_USAGE;

    char *dir = xstrdup(papers_dir); /* "papers/" → "papers" */
    for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
        dir[n - 1] = '\0';
    const char *const *paths = (const char *const *)argv + optind;
    struct import_result res;
    int errors = import_files(paths, (size_t)nfiles, format, &res);
    if (errors) {
        diag_error(NULL, "%d error%s in the export; '%s' was not written", errors, errors == 1 ? "" : "s",
                   output);
        import_result_release(&res);
        free(dir);
        style_free(style);
        return EXIT_FINDINGS;
    }
    char *base_dir = path_dirname(output);
    struct import_update *up = NULL;
    if (update) { /* the manifest's ids and pdf: paths, before PDFs are placed */
        up = import_update_load(output);
        if (!up) {
            free(base_dir);
            import_result_release(&res);
            free(dir);
            style_free(style);
            return EXIT_FINDINGS;
        }
        import_update_adopt_paths(up, &res);
    }
    if (pdfs) {
        struct pdf_collect_options po = {pdfs, base_dir, dir};
        struct pdf_collect_stats ps;
        int perr = import_collect_pdfs(&res, &po, &ps);
        if (!quiet && !perr)
            printf("placed %zu PDF%s (%zu already in place); %zu paper%s without a PDF, %zu file%s matched no paper\n",
                   ps.placed, ps.placed == 1 ? "" : "s", ps.unchanged, ps.missing, ps.missing == 1 ? "" : "s",
                   ps.unmatched, ps.unmatched == 1 ? "" : "s");
        if (perr) {
            diag_error(NULL, "%d error%s with the PDFs; '%s' was not written", perr, perr == 1 ? "" : "s", output);
            import_update_free(up);
            free(base_dir);
            import_result_release(&res);
            free(dir);
            style_free(style);
            return EXIT_FINDINGS;
        }
    }
    free(base_dir);
    char *source = nfiles == 2 ? xasprintf("the %s export '%s' and '%s'", import_format_name(res.format),
                                           path_basename(paths[0]), path_basename(paths[1]))
                               : xasprintf("the %s export '%s'", import_format_name(res.format),
                                           path_basename(paths[0]));
    struct import_manifest_options mo = {style_name, dir, source, style};
    char *yaml = up ? import_update_merge(up, &res, &mo) : import_manifest_yaml(&res, &mo);
    int rc = EXIT_OK;
    if (up) {
        /* the merged manifest is written only when it still parses */
        size_t changes = 0;
        enum import_write w = import_update_write(up, yaml, &changes);
        rc = w == IMPORT_INVALID ? EXIT_FINDINGS : w == IMPORT_WRITE_FAILED ? EXIT_IO : EXIT_OK;
        if (rc == EXIT_OK && !quiet && changes)
            printf("updated %s: %zu paper%s added, changed or commented out\n", output, changes,
                   changes == 1 ? "" : "s");
        else if (rc == EXIT_OK && !quiet)
            printf("%s is up to date with the export\n", output);
    } else if (write_file_atomic(output, yaml, strlen(yaml)) != 0) {
        struct srcloc loc = {output, 0, 0};
        diag_error(&loc, "cannot write the manifest: %s", strerror(errno));
        rc = EXIT_IO;
    } else if (!write_message_stubs(style, output, quiet)) {
        rc = EXIT_IO;
    } else if (!quiet) {
        size_t nsessions = import_session_count(&res);
        printf("wrote %s: %zu paper%s in %zu session%s", output, res.npapers, res.npapers == 1 ? "" : "s",
               nsessions, nsessions == 1 ? "" : "s");
        if (res.skipped)
            printf(" (%zu not accepted, left out)", res.skipped);
        printf("\nnext: fill in the TODO fields, put the PDFs in %s/, then run 'collate build %s'\n",
               dir, output);
    }
    import_update_free(up);
    free(yaml);
    free(source);
    free(dir);
    import_result_release(&res);
    style_free(style);
    return rc;
}
