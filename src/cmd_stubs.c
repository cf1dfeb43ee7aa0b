/* Commands not written yet. */
#include <stddef.h>

#include "cli.h"
#include "commands.h"
#include "diag.h"


int cmd_init(int argc, char **argv)
{
    diag_error(NULL, "'init' is not implemented yet");
    return EXIT_USAGE;
}
