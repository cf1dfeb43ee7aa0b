/* collate check: judge papers against a venue style. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect/cache.h" /* --cache */
#include "check/check.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "base/diag.h"
#include "check/htmlreport.h" /* --html */
#include "inspect/pool.h"
#include "check/report.h"
#include "manifest/style.h"

static const char usage[] =
    "usage: collate check --style NAME [options] PDF...\n\n"
    "Checks each paper against a venue's format: page count and paid extra\n"
    "pages, page size, margins, fonts, encryption, page numbers, blank pages,\n"
    "JavaScript, attachments and PDF version.  Each finding names its code,\n"
    "severity and page.\n\n"
    "  -s, --style NAME        venue style (see 'collate styles') or a .yml path\n"
    "  -p, --pages N           page limit (overrides the style)\n"
    "  -e, --extra-pages M     paid extra pages allowed beyond the limit\n"
    "      --count all|body    count every page, or the body only (up to the\n"
    "                          references, appendix, ... as the style lists)\n"
    "      --page-size LIST    accept only these of the style's sizes (a4,\n"
    "                          letter, a5, b5, legal; repeatable or comma list)\n"
    "  -f, --format FMT        text (default) or json\n"
    "  -j, --jobs N            files inspected in parallel (default: all cores)\n"
    "      --timeout SECONDS   time allowed per file (default 120)\n"
    "      --cache DIR         keep inspection results in DIR and reuse them for\n"
    "                          unchanged files\n"
    "      --html FILE         also write a self-contained HTML report\n"
    "  -q, --quiet             print only errors and the summary\n"
    "  -h, --help              show this help\n\n"
    "exit status: 0 no errors, 1 some paper has an error finding, 2 usage error\n";

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"style", required_argument, NULL, 's'},   {"pages", required_argument, NULL, 'p'},
        {"extra-pages", required_argument, NULL, 'e'}, {"format", required_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},    {"timeout", required_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"cache", required_argument, NULL, 'C'}, /* --cache */
        {"html", required_argument, NULL, 'H'}, /* --html */
        {"count", required_argument, NULL, 'K'},
        {"page-size", required_argument, NULL, 'Z'},
        {NULL, 0, NULL, 0}};
    const char *html_path = NULL; /* --html */
    const char *cache_dir = NULL; /* --cache */
    const char *style_name = NULL;
    struct style_limits limits = STYLE_LIMITS_DEFAULT;
    bool json_out = false, quiet = false;
    int jobs = 0, timeout = 0;
    long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:p:e:f:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            style_name = optarg;
            break;
        case 'p':
            if (!cli_parse_int("--pages", optarg, 1, 100000, &v))
                return EXIT_USAGE;
            limits.page_limit = (int)v;
            break;
        case 'e':
            if (!cli_parse_int("--extra-pages", optarg, 0, 100000, &v))
                return EXIT_USAGE;
            limits.extra_pages = (int)v;
            break;
        case 'f':
            if (strcmp(optarg, "json") && strcmp(optarg, "text"))
                return cli_usage_error("check", "--format takes text or json, not '%s'", optarg);
            json_out = !strcmp(optarg, "json");
            break;
        case 'j':
            if (!cli_parse_jobs(optarg, &jobs))
                return EXIT_USAGE;
            break;
        case 't':
            if (!cli_parse_timeout(optarg, CLI_MAX_TIMEOUT, &timeout))
                return EXIT_USAGE;
            break;
        case 'q':
            quiet = true;
            break;
        case 'C': /* --cache */
            cache_dir = optarg;
            break;
        case 'K':
            if (!cli_parse_count(optarg, &limits))
                return EXIT_USAGE;
            break;
        case 'Z':
            if (!cli_parse_page_sizes(optarg, &limits))
                return EXIT_USAGE;
            break;
        case 'H': /* --html */
            html_path = optarg;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("check", "unknown option");
        }
    }
    if (!style_name)
        return cli_usage_error("check", "no style given; use --style NAME (see 'collate styles')");
    if (optind >= argc)
        return cli_usage_error("check", "no PDF files given");
    diag_set_quiet(quiet);
    struct style *style = style_load(style_name);
    if (!style)
        return EXIT_USAGE;
    if (!style_apply_limits(style, &limits, NULL)) {
        style_free(style);
        return EXIT_USAGE;
    }

    size_t n = (size_t)(argc - optind);
    const char *const *paths = (const char *const *)argv + optind;
    struct pdf_info *infos = xcalloc(n, sizeof(*infos));
    struct inspect_options iopts = {style};
    struct pool_options popts = {jobs, timeout, 0, &iopts, cli_show_progress, NULL};
    /* --cache: results of unchanged files come from DIR. */
    struct inspect_cache *cache = cache_dir ? cache_open(cache_dir, style) : NULL;
    struct cache_stats cstats;
    cache_inspect(cache, paths, n, &popts, infos, &cstats);
    if (cache)
        diag_note(NULL, "inspected %zu file%s, %zu from cache", cstats.inspected,
                  cstats.inspected == 1 ? "" : "s", cstats.cached);
    cache_free(cache);
    /* end --cache */

    struct paper_result *results = xcalloc(n, sizeof(*results));
    bool any_error = false;
    for (size_t i = 0; i < n; i++) {
        struct paper_result *r = &results[i];
        r->path = paths[i];
        r->info = &infos[i];
        check_paper(&infos[i], style, &limits, &r->findings);
        report_sort(&r->findings);
        r->paid_pages = check_paid_pages(style, &limits, check_counted_pages(&infos[i], style));
        r->fee = check_fee(style, &limits, check_counted_pages(&infos[i], style));
        any_error = any_error || findings_count(&r->findings, SEV_ERROR) > 0;
    }
    if (json_out) {
        struct strbuf sb = STRBUF_INIT;
        report_json(&sb, results, n, style, &limits);
        fputs(strbuf_str(&sb), stdout);
        strbuf_release(&sb);
    } else {
        report_text(stdout, results, n, quiet);
    }
    /* --html: written whatever the findings; a write failure is exit 3. */
    bool html_failed = false;
    if (html_path) {
        struct html_report_options hopts = {jobs, timeout};
        fflush(stdout); /* the summary shows while thumbnails render */
        html_failed = !html_report_check(html_path, results, n, style, &limits, &hopts);
    }
    /* end --html */
    for (size_t i = 0; i < n; i++) {
        findings_release(&results[i].findings);
        pdfinfo_release(&infos[i]);
    }
    free(results);
    free(infos);
    style_free(style);
    if (html_failed) /* --html */
        return EXIT_IO;
    return any_error ? EXIT_FINDINGS : EXIT_OK;
}
