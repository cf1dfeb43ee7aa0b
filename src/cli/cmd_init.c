/* collate init: write a starting proceedings.yaml from a submission
 * system's export (EasyChair, HotCRP, plain CSV). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/diag.h"
#include "import/importer.h"
#include "manifest/style.h"
#include "base/util.h"

static const char usage[] =
    "usage: collate init [options] EXPORT_FILE\n"
    "       collate init --from easychair [options] SUBMISSIONS.csv AUTHORS.csv\n\n"
    "Writes a starting proceedings.yaml from a submission system's export: the\n"
    "accepted papers with their titles, authors, keywords and sessions, and a\n"
    "volume skeleton whose TODO fields you fill in.  Papers whose decision is\n"
    "not an acceptance are left out (with a note).\n\n"
    "      --from FORMAT       easychair, hotcrp or csv (default: detected)\n"
    "                            easychair: submission.csv or accepted.csv, optionally\n"
    "                                       with author.csv for split names and affiliations\n"
    "                            hotcrp:    the JSON paper export\n"
    "                            csv:       header id,title,authors,pdf[,keywords,session];\n"
    "                                       authors separated by ';'\n"
    "  -s, --style NAME        venue style for the manifest (default ieee-conference)\n"
    "      --papers-dir DIR    folder of the paper PDFs, DIR/<id>.pdf (default papers)\n"
    "  -o, --output FILE       the manifest to write (default proceedings.yaml)\n"
    "      --force             overwrite FILE if it exists\n"
    "  -q, --quiet             print only errors\n"
    "  -h, --help              show this help\n\n"
    "exit status: 0 written, 1 errors in the export (all are reported, nothing\n"
    "is written), 2 usage error or FILE exists, 3 FILE could not be written\n";

int cmd_init(int argc, char **argv)
{
    enum { OPT_FROM = 256, OPT_PAPERS_DIR, OPT_FORCE };
    static const struct option opts[] = {
        {"from", required_argument, NULL, OPT_FROM},  {"style", required_argument, NULL, 's'},
        {"papers-dir", required_argument, NULL, OPT_PAPERS_DIR}, {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},      {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0}};
    enum import_format format = IMPORT_AUTO;
    const char *style_name = "ieee-conference", *papers_dir = "papers", *output = "proceedings.yaml";
    bool force = false, quiet = false;
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
    if (path_exists(output) && !force) {
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
    style_free(style);

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
        return EXIT_FINDINGS;
    }
    char *source = nfiles == 2 ? xasprintf("the %s export '%s' and '%s'", import_format_name(res.format),
                                           path_basename(paths[0]), path_basename(paths[1]))
                               : xasprintf("the %s export '%s'", import_format_name(res.format),
                                           path_basename(paths[0]));
    struct import_manifest_options mo = {style_name, dir, source};
    char *yaml = import_manifest_yaml(&res, &mo);
    int rc = EXIT_OK;
    if (write_file_atomic(output, yaml, strlen(yaml)) != 0) {
        struct srcloc loc = {output, 0, 0};
        diag_error(&loc, "cannot write the manifest: %s", strerror(errno));
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
    free(yaml);
    free(source);
    free(dir);
    import_result_release(&res);
    return rc;
}
