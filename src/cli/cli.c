/* cli: the subcommand table, global options and shared option helpers. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "config.h"
#include "base/diag.h"
#include "base/util.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"build", cmd_build, "assemble the proceedings volume from a manifest"},
    {"check", cmd_check, "check papers against a venue's format rules"},
    {"init", cmd_init, "write a starting manifest from a submission system's export"},
    {"inspect", cmd_inspect, "print what collate sees in a PDF, as JSON"},
    {"publish", cmd_publish, "write a website, Crossref, CEUR-WS and ACL Anthology packages"},
    {"serve", cmd_serve, "serve a page and an API where authors check their papers"},
    {"styles", cmd_styles, "list the venue styles"},
};

static void print_help(FILE *out)
{
    fprintf(out, "usage: collate <command> [options] [arguments]\n\n"
                 "collate checks camera-ready papers against a venue's format and\n"
                 "compiles them into a proceedings volume.\n\ncommands:\n");
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'collate <command> --help' describes a command's options.\n\n"
                 "exit status:\n"
                 "  0  success (no error findings)\n"
                 "  1  a paper has error findings, or the manifest has errors\n"
                 "  2  usage error\n"
                 "  3  an output could not be written, or a library failed\n");
}

bool cli_parse_int(const char *opt, const char *arg, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || errno || v < min || v > max) {
        diag_error(NULL, "option '%s' takes a whole number from %ld to %ld, not '%s'", opt, min, max, arg);
        return false;
    }
    *out = v;
    return true;
}

bool cli_parse_jobs(const char *arg, int *jobs)
{
    long v;
    if (!cli_parse_int("--jobs", arg, 1, 1024, &v))
        return false;
    *jobs = (int)v;
    return true;
}

bool cli_parse_timeout(const char *arg, long max, int *seconds)
{
    long v;
    if (!cli_parse_int("--timeout", arg, 1, max, &v))
        return false;
    *seconds = (int)v;
    return true;
}

bool cli_parse_count(const char *arg, struct style_limits *limits)
{
    if (!strcmp(arg, "all") || !strcmp(arg, "body")) {
        limits->count = !strcmp(arg, "body") ? PAGE_COUNT_BODY : PAGE_COUNT_ALL;
        return true;
    }
    diag_error(NULL, "option '--count' takes all or body, not '%s'", arg);
    return false;
}

bool cli_parse_page_sizes(const char *arg, struct style_limits *limits)
{
    return style_parse_sizes(arg, NULL, &limits->sizes);
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    diag_error(NULL, "%s", msg);
    free(msg);
    diag_hint("see 'collate %s --help'", command);
    return EXIT_USAGE;
}

int cli_run(int argc, char **argv)
{
    cleanup_install_signal_handlers();
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        print_help(stdout);
        return EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "-V")) {
        printf("collate %s\n", COLLATE_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
        if (!strcmp(name, commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    diag_error(NULL, "'%s' is not a collate command", name);
    diag_hint("see 'collate --help'");
    return EXIT_USAGE;
}

void cli_show_progress(size_t done, size_t total, void *arg)
{
    (void)arg;
    if (done < total)
        diag_progress("inspecting papers: %zu/%zu", done, total);
    else
        diag_progress_done();
}
