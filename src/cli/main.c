/* collate: proceedings compiler.  Everything lives in cli.c. */
#include "cli/cli.h"

int main(int argc, char **argv)
{
    return cli_run(argc, argv);
}
