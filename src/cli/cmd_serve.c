/* collate serve: the venue's self-service check page and JSON API. */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/runner.h"
#include "base/util.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "serve/dispatch.h"
#include "serve/page.h"
#include "serve/server.h"

static const char usage[] =
    "usage: collate serve --style NAME [options]\n\n"
    "Serves a page where authors upload a PDF and see what 'collate check' finds,\n"
    "with pictures of the offending pages, and a JSON API (POST /api/check).\n\n"
    "  -s, --style NAME        venue style (see 'collate styles') or a .yml path\n"
    "                          (default with --manifest: the manifest's style)\n"
    "  -p, --pages N           page limit (overrides the style and manifest)\n"
    "  -e, --extra-pages M     paid extra pages allowed beyond the limit\n"
    "  -m, --manifest FILE     offer the manifest's papers and check titles and authors\n"
    "  -l, --listen ADDR:PORT  where to listen (default 127.0.0.1:8080; port 0 picks one)\n"
    "      --max-upload MB     largest upload (default 50)\n"
    "      --max-inflight N    checks running at once (default: one per core)\n"
    "      --max-queue N       checks uploading, waiting or running; more get 503\n"
    "                          (default 64)\n"
    "      --rate N            checks per client address per minute (default 30;\n"
    "                          0: no limit)\n"
    "      --timeout SECONDS   time allowed to inspect one upload (default 60)\n"
    "      --idle-timeout S    seconds a connection may stay silent (default 30)\n"
    "  -q, --quiet             no line per check\n"
    "  -h, --help              show this help\n\n"
    "SIGTERM or SIGINT stops the server after the checks under way have been\n"
    "answered.  exit status: 0 stopped by a signal, 2 usage error, 3 cannot\n"
    "listen or the checking process failed\n";

static int signal_pipe[2] = {-1, -1};

static void on_stop_signal(int sig)
{
    (void)sig;
    int e = errno;
    ssize_t ignored = write(signal_pipe[1], "s", 1);
    (void)ignored;
    errno = e;
}

static bool install_stop_signals(void)
{
    if (pipe2(signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return true;
}

/* Wait up to ms for a stop signal; true when one came. */
static bool wait_signal(int ms)
{
    struct pollfd p = {signal_pipe[0], POLLIN, 0};
    int r = poll(&p, 1, ms);
    if (r > 0) {
        char buf[16];
        while (read(signal_pipe[0], buf, sizeof(buf)) > 0)
            ;
        return true;
    }
    return false;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The host part of ADDR:PORT, for the address printed at start. */
static char *listen_host(const char *listen)
{
    const char *colon = strrchr(listen, ':');
    return colon ? xstrndup(listen, (size_t)(colon - listen)) : xstrdup(listen);
}

int cmd_serve(int argc, char **argv)
{
    enum { O_MAX_UPLOAD = 256, O_MAX_INFLIGHT, O_MAX_QUEUE, O_RATE, O_TIMEOUT, O_IDLE };
    static const struct option opts[] = {
        {"style", required_argument, NULL, 's'},        {"pages", required_argument, NULL, 'p'},
        {"extra-pages", required_argument, NULL, 'e'},  {"manifest", required_argument, NULL, 'm'},
        {"listen", required_argument, NULL, 'l'},       {"max-upload", required_argument, NULL, O_MAX_UPLOAD},
        {"max-inflight", required_argument, NULL, O_MAX_INFLIGHT},
        {"max-queue", required_argument, NULL, O_MAX_QUEUE},
        {"rate", required_argument, NULL, O_RATE},      {"timeout", required_argument, NULL, O_TIMEOUT},
        {"idle-timeout", required_argument, NULL, O_IDLE},
        {"quiet", no_argument, NULL, 'q'},              {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *style_name = NULL, *manifest_path = NULL;
    int pages = -1, extra = -1;
    long max_upload_mb = 50, inflight = 0, queue = 64, rate = 30, idle = 30, v;
    int timeout = 60;
    struct serve_options so = {"127.0.0.1:8080", 0, 0, 0, 0, 0, NULL, false};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:p:e:m:l:qh", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            style_name = optarg;
            break;
        case 'p':
            if (!cli_parse_int("--pages", optarg, 1, 100000, &v))
                return EXIT_USAGE;
            pages = (int)v;
            break;
        case 'e':
            if (!cli_parse_int("--extra-pages", optarg, 0, 100000, &v))
                return EXIT_USAGE;
            extra = (int)v;
            break;
        case 'm':
            manifest_path = optarg;
            break;
        case 'l':
            so.listen = optarg;
            break;
        case O_MAX_UPLOAD:
            if (!cli_parse_int("--max-upload", optarg, 1, 4096, &max_upload_mb))
                return EXIT_USAGE;
            break;
        case O_MAX_INFLIGHT:
            if (!cli_parse_int("--max-inflight", optarg, 1, 256, &inflight))
                return EXIT_USAGE;
            break;
        case O_MAX_QUEUE:
            if (!cli_parse_int("--max-queue", optarg, 1, 4096, &queue))
                return EXIT_USAGE;
            break;
        case O_RATE:
            if (!cli_parse_int("--rate", optarg, 0, 1000000, &rate))
                return EXIT_USAGE;
            break;
        case O_TIMEOUT:
            if (!cli_parse_timeout(optarg, 3600, &timeout))
                return EXIT_USAGE;
            break;
        case O_IDLE:
            if (!cli_parse_int("--idle-timeout", optarg, 1, 3600, &idle))
                return EXIT_USAGE;
            break;
        case 'q':
            so.quiet = true;
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("serve", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
    if (!style_name && !manifest_path)
        return cli_usage_error("serve", "no style given; use --style NAME (see 'collate styles')");

    struct manifest *m = NULL;
    struct style_limits limits = STYLE_LIMITS_DEFAULT;
    char *style_ref = style_name ? xstrdup(style_name) : NULL;
    if (manifest_path) {
        m = manifest_load_ex(manifest_path, false); /* the papers' PDFs need not be here */
        if (!m) {
            free(style_ref);
            return EXIT_FINDINGS;
        }
        limits = m->limits;
        if (!style_ref)
            style_ref = strchr(m->style, '/') ? path_join(m->dir, m->style) : xstrdup(m->style);
    }
    if (pages > 0)
        limits.page_limit = pages;
    if (extra >= 0)
        limits.extra_pages = extra;
    struct style *style = style_load(style_ref);
    free(style_ref);
    if (style && !style_apply_limits(style, &limits, m ? &m->limits_sizes_loc : NULL)) {
        style_free(style);
        style = NULL;
    }
    if (!style) {
        manifest_free(m);
        return EXIT_USAGE;
    }

    int rc = EXIT_IO;
    so.max_upload = (size_t)max_upload_mb * 1000000;
    so.max_queue = (int)queue;
    so.rate_per_minute = (int)rate;
    so.idle_timeout = (int)idle;
    so.upload_deadline = (int)(10 * idle > 600 ? 10 * idle : 600);
    so.tmpdir = getenv("TMPDIR");
    struct page_site site = {style, limits, m, so.max_upload};
    struct dispatch_config dc = {style, limits, m, (int)inflight, timeout};
    struct server *srv = NULL;
    /* Before any thread: see dispatch.h. */
    struct dispatcher *d = dispatch_start(&dc);
    if (!d)
        goto out;
    if (!install_stop_signals()) {
        diag_error(NULL, "cannot set up the signal handlers: %s", strerror(errno));
        goto out;
    }
    srv = server_start(&site, d, &so);
    if (!srv)
        goto out;
    char *host = listen_host(so.listen);
    printf("collate serve: listening on http://%s:%d/ (style %s, %d checks at a time)\n", host,
           server_port(srv), style->name, inflight > 0 ? (int)inflight : runner_default_jobs());
    fflush(stdout);
    free(host);

    bool dead = false;
    while (!wait_signal(1000))
        if (!dispatch_alive(d)) {
            diag_error(NULL, "the checking process has stopped; the server stops too");
            dead = true;
            break;
        }
    server_quiesce(srv);
    int left = server_active(srv);
    if (left && !dead)
        diag_note(NULL, "stopping: answering the %d check%s under way", left, left == 1 ? "" : "s");
    double until = now_seconds() + 2.0 * (double)timeout + 60;
    bool again = false;
    while (!dead && server_active(srv) > 0 && now_seconds() < until && !again)
        again = wait_signal(100);
    if (server_active(srv) > 0) {
        diag_warning(NULL, "stopping the checks still running");
        dispatch_abort(d);
    }
    rc = dead ? EXIT_IO : EXIT_OK;
out:
    server_stop(srv); /* joins the connection threads: none is in dispatch_run after it */
    dispatch_stop(d);
    style_free(style);
    manifest_free(m);
    return rc;
}
