/* commands: one function per subcommand, each in src/cmd_<name>.c.
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns an exit_status from cli.h. */
#ifndef COLLATE_COMMANDS_H
#define COLLATE_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "manifest/style.h"

int cmd_check(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_styles(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_publish(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* Shared option helpers: report a usage error and return false. */
bool cli_parse_int(const char *opt, const char *arg, long min, long max, long *out);
/* -j/--jobs N and --timeout SECONDS of the commands that inspect papers:
 * the inspection pool's workers (1 to 1024) and time per paper (1 to max
 * seconds: CLI_MAX_TIMEOUT, or serve's own limit per upload). */
#define CLI_MAX_TIMEOUT 86400
bool cli_parse_jobs(const char *arg, int *jobs);
bool cli_parse_timeout(const char *arg, long max, int *seconds);
/* --count all|body and --page-size LIST (repeatable) of check and build,
 * into limits (applied with style_apply_limits). */
bool cli_parse_count(const char *arg, struct style_limits *limits);
bool cli_parse_page_sizes(const char *arg, struct style_limits *limits);
/* pool_options.progress of check and build: "inspecting papers: N/M". */
void cli_show_progress(size_t done, size_t total, void *arg);
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
