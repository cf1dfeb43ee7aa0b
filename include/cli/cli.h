/* cli: command-line parsing and the subcommand table. */
#ifndef COLLATE_CLI_H
#define COLLATE_CLI_H

/* Exit status of every command; listed in `collate --help` and the README. */
enum exit_status {
    EXIT_OK = 0,        /* success, no error findings */
    EXIT_FINDINGS = 1,  /* error findings in a paper, or errors in the manifest */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_IO = 3         /* a file could not be written, or a library failed */
};

int cli_run(int argc, char **argv);

#endif
