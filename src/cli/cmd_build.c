/* collate build: manifest → inspect → check → paginate → typeset →
 * assemble → export. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assemble/assemble.h" /* --split */
#include "assemble/build_pdf.h"
#include "assemble/compare.h" /* --only */
#include "inspect/cache.h" /* inspection cache */
#include "check/check.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "base/diag.h"
#include "export/export.h"
#include "export/publish.h" /* --only: volume.json */
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
    "      --only ID           erratum: restamp paper ID from its corrected PDF with\n"
    "                          its published pages, and replace only its pages in the\n"
    "                          volume and its PDF in the split folder (default:\n"
    "                          OUTPUT without .pdf, plus -split)\n"
    "      --allow-longer      with --only: a corrected paper longer than its range\n"
    "                          renumbers the papers after it (a full build)\n"
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
    const char *only;   /* --only: the id of the paper an erratum replaces, or NULL */
    bool allow_longer;  /* --allow-longer: a longer corrected paper renumbers the rest */
    struct style_limits limits; /* --count, --page-size: over the manifest's */
};

/* An erratum (--only): the published volume it replaces one paper of. */
struct erratum {
    int paper;               /* index of the corrected paper in reading order */
    struct publication *pub; /* the published volume.json */
    char *split_dir;         /* owned */
    bool renumber;           /* longer, with --allow-longer: a full build instead */
};

/* The paper of --only, and the published volume.json; false with errors. */
static bool erratum_open(const struct build_options *o, const struct manifest *m, const char *output,
                         struct erratum *e)
{
    const struct paper **papers = manifest_papers(m);
    size_t n = manifest_paper_count(m);
    e->paper = -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(papers[i]->id, o->only) == 0)
            e->paper = (int)i;
    bool archival = e->paper >= 0 && papers[e->paper]->archival;
    free(papers);
    struct srcloc loc = {m->path, 0, 0};
    if (e->paper < 0) {
        diag_error(&loc, "--only: no paper '%s' in the manifest", o->only);
        return false;
    }
    if (!archival) {
        diag_error(&loc, "--only: paper '%s' is not archival: it has no pages to replace", o->only);
        return false;
    }
    e->split_dir = o->split_dir ? xstrdup(o->split_dir) : publication_default_split(output);
    if (!path_exists(output)) {
        struct srcloc vloc = {output, 0, 0};
        diag_error(&vloc, "--only: the published volume is missing");
        diag_hint("an erratum replaces a paper of a built volume: collate build MANIFEST --split %s", e->split_dir);
        return false;
    }
    e->pub = publication_load(m, output, e->split_dir);
    if (!e->pub)
        return false;
    /* The volume's metadata dates are the published build's: without
     * SOURCE_DATE_EPOCH an erratum made later would differ in them. */
    const char *env_epoch = getenv("SOURCE_DATE_EPOCH");
    if ((!env_epoch || !*env_epoch) && e->pub->source_date_epoch >= 0) {
        char epoch[24];
        snprintf(epoch, sizeof epoch, "%lld", e->pub->source_date_epoch);
        setenv("SOURCE_DATE_EPOCH", epoch, 1);
    }
    if (e->pub->papers[e->paper].first_page <= 0) {
        diag_error(&loc, "--only: paper '%s' has no pages in the published volume", o->only);
        return false;
    }
    return true;
}

/* Pin the corrected paper to its published range before pagination: a
 * shorter paper keeps it with blank pages; a longer one is an error unless
 * --allow-longer, which renumbers (e->renumber). */
static bool erratum_pin(const struct build_options *o, struct volume *v, struct erratum *e)
{
    struct vpaper *vp = &v->papers[e->paper];
    const struct pub_paper *pp = &e->pub->papers[e->paper];
    int published = pp->last_page - pp->first_page + 1;
    if (vp->npages > published) {
        if (!o->allow_longer) {
            diag_error(&vp->paper->loc,
                       "paper '%s': the corrected PDF has %d pages, but its published range %d–%d has %d",
                       vp->paper->id, vp->npages, pp->first_page, pp->last_page, published);
            diag_hint("shorten the paper, or renumber the papers after it with --allow-longer");
            return false;
        }
        e->renumber = true;
        return true;
    }
    if (vp->npages < published) {
        vp->reserved = published;
        diag_note(&vp->paper->loc, "paper '%s': the corrected PDF has %d pages for its published range %d–%d: "
                  "%d blank page%s keep%s the range", vp->paper->id, vp->npages, pp->first_page, pp->last_page,
                  published - vp->npages, published - vp->npages == 1 ? "" : "s",
                  published - vp->npages == 1 ? "s" : "");
    }
    return true;
}

/* Whether the plan paginates as published (pinned), or, when renumbering,
 * which papers move (notes).  A difference while pinned is an error: the
 * manifest or another paper changed since the volume was built. */
static bool erratum_match(const struct volume *plan, const struct erratum *e)
{
    const struct publication *pub = e->pub;
    const struct manifest *m = plan->manifest;
    struct srcloc loc = {m->path, 0, 0};
    size_t moved = 0;
    for (size_t i = 0; i < plan->npapers; i++) {
        const struct vpaper *vp = &plan->papers[i];
        const struct pub_paper *pp = &pub->papers[i];
        bool same = vp->first_number == pp->first_page && vp->last_number == pp->last_page &&
                    (vp->npages > 0 ? vp->first_vpage + 1 : 0) == pp->pdf_page;
        if (e->renumber) {
            if ((int)i != e->paper && !same && vp->npages > 0) {
                diag_note(&vp->paper->loc, "paper '%s' moves from pages %d–%d to %d–%d", vp->paper->id,
                          pp->first_page, pp->last_page, vp->first_number, vp->last_number);
                moved++;
            }
            continue;
        }
        if (!same) {
            diag_error(&loc, "--only: paper '%s' would be on pages %d–%d, but the published volume has it on "
                       "%d–%d", vp->paper->id, vp->first_number, vp->last_number, pp->first_page, pp->last_page);
            diag_hint("the manifest or a paper changed since the volume was built: build the whole volume");
            return false;
        }
        char *doi = manifest_paper_doi(m, plan->style->paper_doi, vp->paper);
        bool same_doi = (!doi && !pp->doi) || (doi && pp->doi && strcmp(doi, pp->doi) == 0);
        if (!same_doi)
            diag_error(&loc, "--only: paper '%s' would get the DOI '%s', but it was published as '%s'",
                       vp->paper->id, doi ? doi : "", pp->doi ? pp->doi : "");
        free(doi);
        if (!same_doi)
            return false;
    }
    if (e->renumber) {
        diag_note(&loc, "--allow-longer: paper '%s' is longer than its published range: the volume is built again "
                  "with %zu paper%s moved", plan->papers[e->paper].paper->id, moved, moved == 1 ? "" : "s");
        return true;
    }
    if ((int)plan->npages != pub->volume_pages) {
        diag_error(&loc, "--only: the volume would have %zu pages, but the published one has %d", plan->npages,
                   pub->volume_pages);
        diag_hint("the manifest or a message file changed since the volume was built: build the whole volume");
        return false;
    }
    return true;
}

/* The erratum's outputs: the volume rebuilt with the pinned plan into a
 * temporary sibling, proved equal to the published volume outside the
 * paper's pages, then the paper's split PDF, volume.json and volume.bib,
 * and last the volume renamed into place.  Returns the exit status: 1 when
 * another page differs (an input changed since publication). */
static int erratum_write(const struct build_options *o, const struct volume *plan, const struct erratum *e,
                         const char *output)
{
    char *tmp = xasprintf("%s.erratum.tmp", output);
    cleanup_register(tmp);
    struct build_pdf_options bopts = {tmp, o->compact};
    char *json = path_join(e->split_dir, "volume.json");
    char *bib = path_join(e->split_dir, "volume.bib");
    bool built = build_volume_pdf(plan, &bopts);
    bool same = built && volume_compare_except(plan, output, tmp, e->paper);
    bool ok = same && assemble_split(plan, tmp, e->split_dir, o->compact, e->paper) &&
              export_volume_json(plan, json) && export_bibtex(plan, bib);
    if (ok && rename(tmp, output) != 0) {
        struct srcloc loc = {output, 0, 0};
        diag_error(&loc, "cannot replace the volume: %s", strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(tmp);
    cleanup_unregister(tmp);
    free(json);
    free(bib);
    free(tmp);
    /* Another page differing is a changed input, not a failed write. */
    return ok ? EXIT_OK : built && !same ? EXIT_FINDINGS : EXIT_IO;
}

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
    struct erratum err = {-1, NULL, NULL, false};
    if (!style)
        goto out;
    if (o->only && !erratum_open(o, m, output, &err))
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
    if (!o->only) /* an erratum writes the volume only once the plan is pinned */
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
    /* An erratum checks the corrected paper; the others are as published. */
    for (size_t i = 0; o->only && i < n; i++)
        if ((int)i != err.paper)
            findings_release(&findings[i]);
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
    if (o->only && !erratum_pin(o, v, &err)) {
        rc = EXIT_FINDINGS;
        goto out;
    }
    part_pages = xcalloc(v->nparts ? v->nparts : 1, sizeof(*part_pages));
    bool measured = typeset_measure(v, part_pages);
    diag_set_quiet(was_quiet);
    if (!measured)
        goto out;
    plan = paginate(v, part_pages);
    if (o->only && !erratum_match(plan, &err)) {
        rc = EXIT_FINDINGS;
        goto out;
    }
    if (o->only && !err.renumber) {
        rc = erratum_write(o, plan, &err, output);
        if (rc != EXIT_OK)
            goto out;
        diag_progress_done();
        const struct vpaper *vp = &plan->papers[err.paper];
        if (!diag_quiet())
            printf("%s: paper '%s' replaced on pages %d–%d (%d page%s of the paper, %zu pages in all)\n", output,
                   vp->paper->id, vp->first_number, vp->last_number, vp->npages, vp->npages == 1 ? "" : "s",
                   plan->npages);
        rc = EXIT_OK;
        goto out;
    }
    if (!assembled) {
        struct build_pdf_options bopts = {output, o->compact};
        if (!build_volume_pdf(plan, &bopts))
            goto out;
        if (late)
            diag_note(NULL, "volume assembled after the check: %s", late);
    }
    diag_progress_done();
    /* A renumbering erratum rewrites the whole split folder it came from. */
    const char *split_dir = o->only ? err.split_dir : o->split_dir;
    if (split_dir) {
        if (mkdir_p(split_dir) != 0) {
            struct srcloc loc = {split_dir, 0, 0};
            diag_error(&loc, "cannot create folder: %s", strerror(errno));
            goto out;
        }
        char *json = path_join(split_dir, "volume.json");
        char *bib = path_join(split_dir, "volume.bib");
        bool ok = assemble_split(plan, output, split_dir, o->compact, -1) && export_volume_json(plan, json) &&
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
    publication_free(err.pub);
    free(err.split_dir);
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
        {"only", required_argument, NULL, 'O'},   {"allow-longer", no_argument, NULL, 'L'},
        {"count", required_argument, NULL, 'K'},
        {"page-size", required_argument, NULL, 'Z'},
        {NULL, 0, NULL, 0}};
    struct build_options o = {0};
    o.limits = (struct style_limits)STYLE_LIMITS_DEFAULT;
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
        case 'O':
            o.only = optarg;
            break;
        case 'L':
            o.allow_longer = true;
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
            if (!cli_parse_jobs(optarg, &o.jobs))
                return EXIT_USAGE;
            break;
        case 't':
            if (!cli_parse_timeout(optarg, CLI_MAX_TIMEOUT, &o.timeout))
                return EXIT_USAGE;
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
    if (o.allow_longer && !o.only)
        return cli_usage_error("build", "--allow-longer needs --only");
    return build(&o);
}
