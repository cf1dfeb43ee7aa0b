/* collate styles: list the venue styles. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/json.h"
#include "manifest/style.h"

static const char usage[] =
    "usage: collate styles [--format text|json]\n\n"
    "Lists the venue styles that --style and the manifest's 'style:' accept.\n"
    "A path to a style file (.yml) works wherever a name does.\n\n"
    "  --format FMT   text (default) or json\n"
    "  -h, --help     show this help\n";

int cmd_styles(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    bool json_out = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "json") && strcmp(optarg, "text"))
                return cli_usage_error("styles", "--format takes text or json, not '%s'", optarg);
            json_out = !strcmp(optarg, "json");
            break;
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        default:
            return cli_usage_error("styles", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("styles", "unexpected argument '%s'", argv[optind]);
    struct style_entry *entries;
    size_t n = style_list(&entries);
    if (json_out) {
        struct strbuf sb = STRBUF_INIT;
        struct json j;
        json_init(&j, &sb);
        json_begin_array(&j);
        for (size_t i = 0; i < n; i++) {
            struct style *s = style_load(entries[i].path);
            json_begin_object(&j);
            json_key(&j, "name");
            json_string(&j, entries[i].name);
            json_key(&j, "description");
            json_string(&j, entries[i].description);
            if (s) {
                json_key(&j, "page_limit");
                json_int(&j, s->page_limit);
                json_key(&j, "extra_pages");
                json_int(&j, s->extra_pages);
                json_key(&j, "sizes");
                json_begin_array(&j);
                for (size_t k = 0; k < s->nsizes; k++)
                    json_string(&j, s->sizes[k].name);
                json_end_array(&j);
            }
            json_end_object(&j);
            style_free(s);
        }
        json_end_array(&j);
        puts(strbuf_str(&sb));
        strbuf_release(&sb);
    } else {
        for (size_t i = 0; i < n; i++)
            printf("%-18s %s\n", entries[i].name, entries[i].description);
    }
    style_entries_free(entries, n);
    return n ? EXIT_OK : EXIT_IO;
}
