/* collate publish: from the built volume to what the publishing services
 * take (a website, a Crossref deposit, a CEUR-WS folder, an ACL Anthology
 * package). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "export/abstract.h"
#include "export/aclpkg.h"
#include "export/ceur.h"
#include "export/crossref.h"
#include "export/publish.h"
#include "export/site.h"
#include "inspect/cache.h"
#include "manifest/manifest.h"
#include "manifest/style.h"

static const char usage[] =
    "usage: collate publish [options] MANIFEST --to DIR\n\n"
    "Writes what is delivered after the volume PDF, from the built volume and\n"
    "its split folder (building them first when they are missing or older than\n"
    "the manifest or a paper):\n\n"
    "  site      DIR/site/: a static website with a page per paper (Google\n"
    "            Scholar meta tags, schema.org), author index and the PDFs\n"
    "  crossref  DIR/crossref.xml: a Crossref 5.3.1 conference deposit\n"
    "  ceur      DIR/ceur/: a CEUR-WS.org volume (index.html, paper1.pdf, ...)\n"
    "  acl       DIR/acl/: an ACL Anthology ingestion package (aclpub2 layout)\n\n"
    "      --to DIR            output folder (required)\n"
    "      --format LIST       formats, comma-separated (default: all)\n"
    "  -o, --output FILE       the volume PDF (default: the manifest's 'output')\n"
    "      --split DIR         the split folder (default: the volume's name\n"
    "                          without .pdf, plus -split)\n"
    "      --rebuild           build the volume first even when it is up to date\n"
    "      --allow-violations, -j, --jobs N, --timeout S, --no-cache\n"
    "                          passed to the build when one runs\n"
    "  -q, --quiet             print only errors\n"
    "  -h, --help              show this help\n\n"
    "With 'abstracts_from_pdf: true' in the manifest, abstracts are taken from\n"
    "the first pages of papers that have none and written to\n"
    "DIR/abstracts-suggested.yaml for review; only the site shows them.\n";

enum format { FMT_SITE = 1, FMT_CROSSREF = 2, FMT_CEUR = 4, FMT_ACL = 8, FMT_ALL = 15 };

struct publish_options {
    const char *manifest, *to, *output, *split;
    unsigned formats;
    bool rebuild, allow_violations, no_cache;
    int jobs, timeout;  /* 0: the default */
};

/* The formats of a --format list; false with *bad set to the first
 * unknown name (caller frees). */
static bool parse_formats(const char *list, unsigned *out, char **bad)
{
    static const struct {
        const char *name;
        enum format f;
    } names[] = {{"site", FMT_SITE}, {"crossref", FMT_CROSSREF}, {"ceur", FMT_CEUR}, {"acl", FMT_ACL},
                 {"all", FMT_ALL}};
    char *copy = xstrdup(list);
    bool ok = true;
    *out = 0;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        size_t i = 0;
        while (i < ARRAY_SIZE(names) && strcmp(names[i].name, tok))
            i++;
        if (i == ARRAY_SIZE(names)) {
            if (ok)
                *bad = xstrdup(tok);
            ok = false;
            continue;
        }
        *out |= names[i].f;
    }
    free(copy);
    return ok && *out;
}

/* Run `collate build` through its entry point, as a user would. */
static int run_build(const struct publish_options *o, const char *volume, const char *split)
{
    const char *args[16];
    int n = 0;
    args[n++] = "build";
    args[n++] = "--output";
    args[n++] = volume;
    args[n++] = "--split";
    args[n++] = split;
    if (o->allow_violations)
        args[n++] = "--allow-violations";
    if (o->no_cache)
        args[n++] = "--no-cache";
    char jobs[16], timeout[16];
    if (o->jobs) {
        snprintf(jobs, sizeof(jobs), "%d", o->jobs);
        args[n++] = "--jobs";
        args[n++] = jobs;
    }
    if (o->timeout) {
        snprintf(timeout, sizeof(timeout), "%d", o->timeout);
        args[n++] = "--timeout";
        args[n++] = timeout;
    }
    if (diag_quiet())
        args[n++] = "--quiet";
    args[n++] = o->manifest;
    char *argv[16];
    for (int i = 0; i < n; i++)
        argv[i] = xstrdup(args[i]); /* getopt permutes its argv */
    argv[n] = NULL;
    int rc = cmd_build(n, argv);
    for (int i = 0; i < n; i++)
        free(argv[i]);
    return rc;
}

/* Abstracts from the first pages of papers whose manifest has none.  The
 * text comes from the inspection the build cached (worker processes for
 * the rest); each one found is a suggestion, written to DIR for review. */
static bool suggest_abstracts(struct publication *pub, const struct publish_options *o, const char *volume)
{
    const struct manifest *m = pub->m;
    size_t n = 0;
    const char **paths = xcalloc(pub->npapers ? pub->npapers : 1, sizeof(*paths));
    size_t *which = xcalloc(pub->npapers ? pub->npapers : 1, sizeof(*which));
    for (size_t i = 0; i < pub->npapers; i++)
        if (!pub->papers[i].abstract && pub->papers[i].paper->pdf_path) {
            which[n] = i;
            paths[n++] = pub->papers[i].paper->pdf_path;
        }
    char *style_ref = strchr(m->style, '/') ? path_join(m->dir, m->style) : xstrdup(m->style);
    struct style *style = style_load(style_ref);
    free(style_ref);
    bool ok = style != NULL;
    size_t found = 0;
    struct strbuf sb = STRBUF_INIT;
    strbuf_adds(&sb, "# Abstracts found on the first pages of papers whose manifest entry has none.\n"
                     "# They are guesses from the page layout: check each one, then copy it into\n"
                     "# the manifest as the paper's 'abstract:'.  Until then only the site shows\n"
                     "# them (marked as extracted); Crossref and ACL packages leave them out.\n");
    if (ok && n) {
        struct pdf_info *infos = xcalloc(n, sizeof(*infos));
        struct inspect_options iopts = {style};
        struct pool_options popts = {o->jobs, o->timeout, 0, &iopts, NULL, NULL};
        char *cache_dir = o->no_cache ? NULL : xasprintf("%s.cache", volume);
        struct inspect_cache *cache = cache_dir ? cache_open(cache_dir, style) : NULL;
        cache_inspect(cache, paths, n, &popts, infos, NULL);
        cache_free(cache);
        free(cache_dir);
        for (size_t k = 0; k < n; k++) {
            struct pub_paper *pp = &pub->papers[which[k]];
            pp->abstract = abstract_extract(infos[k].first_page_text);
            pp->abstract_extracted = pp->abstract != NULL;
            found += pp->abstract != NULL;
            strbuf_adds(&sb, "- id: ");
            pub_yaml_quote(&sb, pp->paper->id);
            strbuf_adds(&sb, "\n  pdf: ");
            pub_yaml_quote(&sb, pp->paper->pdf);
            strbuf_adds(&sb, "\n  extracted: true\n  abstract: ");
            if (pp->abstract)
                pub_yaml_quote(&sb, pp->abstract);
            else
                strbuf_adds(&sb, "null  # no abstract recognised on the first page");
            strbuf_adds(&sb, "\n");
            pdfinfo_release(&infos[k]);
        }
        free(infos);
    }
    if (ok && !n)
        strbuf_adds(&sb, "[]\n");
    if (ok) {
        char *path = path_join(o->to, "abstracts-suggested.yaml");
        ok = pub_write_sb(path, &sb);
        if (ok && n)
            diag_note(NULL, "abstracts: %zu of %zu found on first pages; review them in %s", found, n, path);
        free(path);
    }
    strbuf_release(&sb);
    style_free(style);
    free(paths);
    free(which);
    return ok;
}

static int publish(const struct publish_options *o)
{
    struct manifest *m = manifest_load(o->manifest);
    if (!m)
        return EXIT_FINDINGS;
    int rc = EXIT_FINDINGS;
    struct publication *pub = NULL;
    const char *volume = o->output ? o->output : m->output;
    char *split = o->split ? xstrdup(o->split) : publication_default_split(volume);
    /* Every missing field first, before anything is built or written. */
    bool fields = true;
    if (o->formats & FMT_CROSSREF)
        fields = crossref_check(m) && fields;
    if (o->formats & FMT_ACL)
        fields = aclpkg_check(m) && fields;
    if (!fields)
        goto out;
    if (o->rebuild || publication_stale(m, volume, split)) {
        if (!o->rebuild)
            diag_note(NULL, "'%s' or '%s' is missing or older than its inputs: building it", volume, split);
        rc = run_build(o, volume, split);
        if (rc != EXIT_OK)
            goto out;
        rc = EXIT_FINDINGS;
    }
    pub = publication_load(m, volume, split);
    if (!pub)
        goto out;
    rc = EXIT_IO;
    if (!pub_mkdir(o->to))
        goto out;
    if (m->abstracts_from_pdf && !suggest_abstracts(pub, o, volume))
        goto out;
    if ((o->formats & (FMT_SITE | FMT_CEUR | FMT_ACL)) && !publication_cut_front_matter(pub))
        goto out;
    char *site = path_join(o->to, "site"), *xml = path_join(o->to, "crossref.xml");
    char *ceur = path_join(o->to, "ceur"), *acl = path_join(o->to, "acl");
    bool ok = (!(o->formats & FMT_SITE) || publish_site(pub, site)) &&
              (!(o->formats & FMT_CROSSREF) || publish_crossref(pub, xml)) &&
              (!(o->formats & FMT_CEUR) || publish_ceur(pub, ceur)) &&
              (!(o->formats & FMT_ACL) || publish_acl(pub, acl));
    if (ok && !diag_quiet()) {
        if (o->formats & FMT_SITE)
            printf("%s/index.html: website, %zu papers\n", site, pub->npapers);
        if (o->formats & FMT_CROSSREF)
            printf("%s: Crossref deposit, %zu DOIs\n", xml, publication_archival_count(pub));
        if (o->formats & FMT_CEUR)
            printf("%s/index.html: CEUR-WS volume, %zu papers\n", ceur, publication_archival_count(pub));
        if (o->formats & FMT_ACL)
            printf("%s/papers.yml: ACL Anthology package, %zu papers\n", acl, pub->npapers);
    }
    free(site);
    free(xml);
    free(ceur);
    free(acl);
    if (ok)
        rc = EXIT_OK;
out:
    publication_free(pub);
    free(split);
    manifest_free(m);
    return rc;
}

int cmd_publish(int argc, char **argv)
{
    static const struct option opts[] = {
        {"to", required_argument, NULL, 'T'},       {"format", required_argument, NULL, 'F'},
        {"output", required_argument, NULL, 'o'},   {"split", required_argument, NULL, 'S'},
        {"rebuild", no_argument, NULL, 'B'},        {"allow-violations", no_argument, NULL, 'A'},
        {"no-cache", no_argument, NULL, 'N'},       {"jobs", required_argument, NULL, 'j'},
        {"timeout", required_argument, NULL, 't'},  {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    struct publish_options o = {0};
    o.formats = FMT_ALL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'T':
            o.to = optarg;
            break;
        case 'F': {
            char *bad = NULL;
            if (!parse_formats(optarg, &o.formats, &bad)) {
                int rc = cli_usage_error("publish", "unknown format '%s' in --format (site, crossref, ceur, acl)",
                                         bad ? bad : optarg);
                free(bad);
                return rc;
            }
            break;
        }
        case 'o':
            o.output = optarg;
            break;
        case 'S':
            o.split = optarg;
            break;
        case 'B':
            o.rebuild = true;
            break;
        case 'A':
            o.allow_violations = true;
            break;
        case 'N':
            o.no_cache = true;
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
            return cli_usage_error("publish", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error("publish", optind >= argc ? "no manifest given" : "give exactly one manifest");
    if (!o.to)
        return cli_usage_error("publish", "give the output folder with --to DIR");
    o.manifest = argv[optind];
    return publish(&o);
}
