/* collate build: manifest → inspect → check → paginate → typeset →
 * assemble → export. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assemble/assemble.h" /* --split */
#include "assemble/build_pdf.h"
#include "inspect/cache.h" /* inspection cache */
#include "check/check.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "base/diag.h"
#include "export/export.h"
#include "check/htmlreport.h" /* --report */
#include "manifest/manifest.h"
#include "check/metacheck.h" /* metadata cross-check */
#include "base/digest.h"     /* stale_pdf */
#include "inspect/pool.h"
#include "check/report.h"
#include "assemble/speculate.h"
#include "manifest/style.h"
#include "typeset/typeset.h"
#include "paginate/volume.h"

static const char usage[] =
    "usage: collate build [options] MANIFEST\n\n"
    "Builds the proceedings volume described by MANIFEST (proceedings.yaml):\n"
    "checks every paper, typesets the front matter, contents and indexes,\n"
    "stamps page numbers, headers and the copyright notice on the papers, and\n"
    "writes one PDF with bookmarks, page labels and links.\n\n"
    "  -o, --output FILE       volume PDF (default: the manifest's 'output')\n"
    "      --split DIR         also write each paper as DIR/<id>.pdf, plus\n"
    "                          DIR/volume.json and DIR/volume.bib\n"
    "      --allow-violations  build even when papers have error findings\n"
    "      --compact           pack objects into compressed object streams: a\n"
    "                          smaller file (about 1/8), slower to write\n"
    "      --report FILE       write the check results as a self-contained HTML\n"
    "                          page (also when they stop the build)\n"
    "      --count all|body    count every page, or the body only (overrides the\n"
    "                          style and the manifest's limits)\n"
    "      --page-size LIST    accept only these of the style's sizes (a4,\n"
    "                          letter, a5, b5, legal; repeatable or comma list)\n"
    "  -j, --jobs N            papers inspected in parallel (default: all cores)\n"
    "      --timeout SECONDS   time allowed to inspect one paper (default 120)\n"
    "      --no-cache          inspect every paper again; by default results are\n"
    "                          kept in OUTPUT.cache/ and reused for unchanged papers\n"
    "  -q, --quiet             print only errors\n"
    "  -h, --help              show this help\n\n"
    "Unreadable papers always stop the build.  The output is written to a\n"
    "temporary file and renamed, so a failed build leaves the previous one.\n";

struct build_options {
    const char *manifest;
    const char *output;
    const char *split_dir;
    bool allow_violations;
    bool compact;       /* --compact: object streams */
    int jobs, timeout;
    bool no_cache;      /* --no-cache: no OUTPUT.cache/ */
    const char *report; /* --report: HTML report path, or NULL */
    struct style_limits limits; /* --count, --page-size: over the manifest's */
};

/* Every rule the build applies to paper i: the venue's format and the
 * manifest's title and authors against the first page. */
static void paper_findings(const struct volume *v, size_t i, struct findings *out)
{
    const struct vpaper *vp = &v->papers[i];
    check_paper(vp->info, v->style, &v->manifest->limits, out);
    metacheck_paper(vp->paper, vp->info, v->style->severity[F_METADATA], out);
    /* stale_pdf: the file against the final version the export recorded */
    const struct paper *p = vp->paper;
    char *digest = p->pdf_sha256 ? digest_file_hex(DIGEST_SHA256, p->pdf_path, NULL)
                   : p->pdf_sha1 ? digest_file_hex(DIGEST_SHA1, p->pdf_path, NULL) : NULL;
    metacheck_stale(p, vp->info, digest, v->style->severity[F_STALE_PDF], out);
    free(digest);
    report_sort(out);
}

static int build(const struct build_options *o)
{
    int rc = EXIT_FINDINGS;
    struct manifest *m = manifest_load(o->manifest);
    if (!m)
        return EXIT_FINDINGS;
    const char *output = o->output ? o->output : m->output;
    char *style_ref = strchr(m->style, '/') ? path_join(m->dir, m->style) : xstrdup(m->style);
    struct style *style = style_load(style_ref);
    free(style_ref);
    /* The manifest's limits, then the command line's, narrow the style. */
    if (style && (!style_apply_limits(style, &m->limits, &m->limits_sizes_loc) ||
                  !style_apply_limits(style, &o->limits, NULL))) {
        style_free(style);
        style = NULL;
    }
    size_t n = manifest_paper_count(m);
    struct pdf_info *infos = xcalloc(n ? n : 1, sizeof(*infos));
    struct findings *findings = NULL; /* per paper, once checked */
    struct volume *v = NULL;    /* papers and parts, before pagination */
    struct volume *plan = NULL; /* the page plan; read only once made */
    int *part_pages = NULL;     /* length of each part, from typeset_measure */
    struct speculation *spec = NULL;
    char *late = NULL; /* why the speculative volume was not used */
    if (!style)
        goto out;

    const char **paths = xcalloc(n ? n : 1, sizeof(*paths));
    size_t k = 0;
    for (size_t s = 0; s < m->nsessions; s++)
        for (size_t i = 0; i < m->sessions[s].npapers; i++)
            paths[k++] = m->sessions[s].papers[i].pdf_path;
    struct inspect_options iopts = {style};
    struct pool_options popts = {o->jobs, o->timeout, 0, &iopts, cli_show_progress, NULL};
    /* Inspection cache: OUTPUT.cache/ next to the volume, unless --no-cache. */
    char *cache_dir = o->no_cache ? NULL : xasprintf("%s.cache", output);
    struct inspect_cache *cache = cache_dir ? cache_open(cache_dir, style) : NULL;
    bool *cached = xcalloc(n ? n : 1, sizeof(*cached));
    size_t hits = cache_lookup_all(cache, paths, n, infos, cached);
    /* The misses are known: the volume can be written meanwhile. */
    spec = speculate_start(m, style, infos, cached, output, o->compact);
    /* Test hook: stop here, so a test can change a paper after the
     * speculative child read it and before it is inspected. */
    if (getenv("COLLATE_STOP_BEFORE_INSPECTION"))
        raise(SIGSTOP);
    cache_inspect_misses(cache, paths, n, cached, &popts, infos);
    if (cache) {
        diag_note(NULL, "inspected %zu paper%s, %zu from cache", n - hits, n - hits == 1 ? "" : "s", hits);
        cache_prune(cache);
    }
    free(cached);
    cache_free(cache);
    free(cache_dir);
    /* end cache */
    free(paths);

    v = volume_new(m, style, infos);
    findings = xcalloc(n ? n : 1, sizeof(*findings));
    metacheck_duplicates(m, infos, style->severity[F_DUPLICATE_PDF], findings);
    metacheck_swapped(m, infos, style->severity[F_SWAPPED_PDF], findings);
    for (size_t i = 0; i < n; i++)
        paper_findings(v, i, &findings[i]);
    bool checked = report_paper_diagnostics(m, infos, findings, o->allow_violations);
    /* --report: written whatever the findings; a write failure is exit 3. */
    struct html_report_options hopts = {o->jobs, o->timeout};
    if (o->report && !html_report_build(o->report, m, style, infos, findings, &hopts)) {
        rc = EXIT_IO;
        goto out;
    }
    /* end --report */
    if (!checked)
        goto out;
    rc = EXIT_IO;
    /* Test hook: stop here, so a test can change a paper between its
     * check and the assembly. */
    if (getenv("COLLATE_STOP_BEFORE_ASSEMBLY"))
        raise(SIGSTOP);
    bool assembled = false;
    if (spec) {
        diag_progress("assembling %zu papers", n);
        size_t changed = 0;
        enum speculation_end end = speculate_finish(spec, infos, n, output, &changed);
        spec = NULL;
        assembled = end == SPECULATION_USED;
        if (assembled)
            diag_note(NULL, "volume assembled while the papers were inspected");
        else if (end == SPECULATION_CHANGED)
            late = xasprintf("paper '%s' changed while the papers were inspected", v->papers[changed].paper->id);
        else
            late = xstrdup("the early assembly failed");
    }
    /* When the child assembled the volume, it reported on the typesetting
     * already; the measure is only needed for --split and the exports. */
    bool was_quiet = diag_quiet();
    diag_set_quiet(was_quiet || assembled);
    part_pages = xcalloc(v->nparts ? v->nparts : 1, sizeof(*part_pages));
    bool measured = typeset_measure(v, part_pages);
    diag_set_quiet(was_quiet);
    if (!measured)
        goto out;
    plan = paginate(v, part_pages);
    if (!assembled) {
        struct build_pdf_options bopts = {output, o->compact};
        if (!build_volume_pdf(plan, &bopts))
            goto out;
        if (late)
            diag_note(NULL, "volume assembled after the check: %s", late);
    }
    diag_progress_done();
    if (o->split_dir) {
        if (mkdir_p(o->split_dir) != 0) {
            struct srcloc loc = {o->split_dir, 0, 0};
            diag_error(&loc, "cannot create folder: %s", strerror(errno));
            goto out;
        }
        char *json = path_join(o->split_dir, "volume.json");
        char *bib = path_join(o->split_dir, "volume.bib");
        bool ok = assemble_split(plan, output, o->split_dir, o->compact) && export_volume_json(plan, json) &&
                  export_bibtex(plan, bib);
        free(json);
        free(bib);
        if (!ok)
            goto out;
    }
    if (!diag_quiet())
        printf("%s: %zu pages, %zu papers\n", output, plan->npages, plan->npapers);
    rc = EXIT_OK;
out:
    speculate_abort(spec);
    free(late);
    diag_progress_done();
    free(part_pages);
    volume_free(plan);
    volume_free(v);
    for (size_t i = 0; i < n; i++) {
        pdfinfo_release(&infos[i]);
        if (findings)
            findings_release(&findings[i]);
    }
    free(findings);
    free(infos);
    style_free(style);
    manifest_free(m);
    return rc;
}

int cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},   {"split", required_argument, NULL, 'S'},
        {"allow-violations", no_argument, NULL, 'A'}, {"jobs", required_argument, NULL, 'j'},
        {"compact", no_argument, NULL, 'C'},
        {"timeout", required_argument, NULL, 't'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"no-cache", no_argument, NULL, 'N'}, /* --no-cache */
        {"report", required_argument, NULL, 'R'}, /* --report */
        {"count", required_argument, NULL, 'K'},
        {"page-size", required_argument, NULL, 'Z'},
        {NULL, 0, NULL, 0}};
    struct build_options o = {0};
    o.limits = (struct style_limits)STYLE_LIMITS_DEFAULT;
    long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.output = optarg;
            break;
        case 'S':
            o.split_dir = optarg;
            break;
        case 'A':
            o.allow_violations = true;
            break;
        case 'C':
            o.compact = true;
            break;
        case 'N': /* --no-cache */
            o.no_cache = true;
            break;
        case 'R': /* --report */
            o.report = optarg;
            break;
        case 'K':
            if (!cli_parse_count(optarg, &o.limits))
                return EXIT_USAGE;
            break;
        case 'Z':
            if (!cli_parse_page_sizes(optarg, &o.limits))
                return EXIT_USAGE;
            break;
        case 'j':
            if (!cli_parse_int("--jobs", optarg, 1, 1024, &v))
                return EXIT_USAGE;
            o.jobs = (int)v;
            break;
        case 't':
            if (!cli_parse_int("--timeout", optarg, 1, 86400, &v))
                return EXIT_USAGE;
            o.timeout = (int)v;
            break;
        case 'q':
            diag_set_quiet(true);
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("build", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("build", optind >= argc ? "no manifest given" : "give exactly one manifest");
    o.manifest = argv[optind];
    return build(&o);
}
