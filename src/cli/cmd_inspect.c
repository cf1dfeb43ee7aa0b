/* collate inspect: dump what inspection sees, as JSON (for debugging and
 * for tests that assert positions). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "base/json.h"
#include "inspect/pool.h"
#include "manifest/style.h"

static const char usage[] =
    "usage: collate inspect [--style NAME] PDF...\n\n"
    "Prints, as JSON, what collate measures in each PDF: pages and their\n"
    "boxes (points, origin top-left), fonts, encryption, JavaScript and\n"
    "attachments.  Without --style every page is measured.\n\n"
    "  -s, --style NAME   measure only pages whose content nears the style's margins\n"
    "  -h, --help         show this help\n";

static void json_rect(struct json *j, const char *key, const struct rect *r)
{
    json_key(j, key);
    if (rect_empty(r)) {
        json_null(j);
        return;
    }
    json_begin_array(j);
    json_number(j, r->x0);
    json_number(j, r->y0);
    json_number(j, r->x1);
    json_number(j, r->y1);
    json_end_array(j);
}

static void json_page(struct json *j, const struct page_info *p)
{
    json_begin_object(j);
    json_key(j, "width");
    json_number(j, p->width);
    json_key(j, "height");
    json_number(j, p->height);
    json_key(j, "rotate");
    json_int(j, p->rotate);
    json_key(j, "blank");
    json_bool(j, p->blank);
    json_key(j, "measured");
    json_bool(j, p->measured);
    json_key(j, "image_ppi"); /* the lowest-resolution image that counts; 0: none */
    json_number(j, p->image_ppi);
    json_rect(j, "bbox", &p->bbox);
    json_rect(j, "text", &p->text);
    json_rect(j, "image", &p->image);
    json_rect(j, "ink", &p->ink);
    json_key(j, "ink_bands");
    json_begin_array(j);
    for (size_t k = 0; k < p->nink_bands; k++) {
        const struct rect *r = &p->ink_bands[k];
        json_begin_array(j);
        json_number(j, r->x0);
        json_number(j, r->y0);
        json_number(j, r->x1);
        json_number(j, r->y1);
        json_end_array(j);
    }
    json_end_array(j);
    json_rect(j, "body", &p->body);
    json_key(j, "margin_texts");
    json_begin_array(j);
    for (size_t k = 0; k < p->nmargin_texts; k++) {
        json_begin_object(j);
        json_key(j, "text");
        json_string(j, p->margin_texts[k].text);
        json_rect(j, "box", &p->margin_texts[k].box);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "numbers");
    json_begin_array(j);
    for (size_t k = 0; k < p->nnumbers; k++) {
        json_begin_object(j);
        json_key(j, "value");
        json_int(j, p->numbers[k].value);
        json_rect(j, "box", &p->numbers[k].box);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "large_text");
    json_string(j, p->large_text);
    json_rect(j, "large_box", &p->large_box);
    json_end_object(j);
}

static void json_info(struct json *j, const struct pdf_info *info)
{
    static const char *const enc[] = {"none", "empty-password", "owner-password", "user-password"};
    json_begin_object(j);
    json_key(j, "path");
    json_string(j, info->path);
    json_key(j, "readable");
    json_bool(j, info->readable);
    json_key(j, "unreadable_reason");
    json_string(j, info->unreadable_reason);
    json_key(j, "damage");
    json_string(j, info->damage);
    json_key(j, "version");
    json_int(j, info->version);
    json_key(j, "encryption");
    json_string(j, enc[info->encryption & 3]);
    json_key(j, "javascript");
    json_string(j, info->javascript);
    json_key(j, "attachments");
    json_int(j, info->attachments);
    json_key(j, "title");
    json_string(j, info->title);
    json_key(j, "pages");
    json_begin_array(j);
    for (int i = 0; info->pages && i < info->npages; i++)
        json_page(j, &info->pages[i]);
    json_end_array(j);
    json_key(j, "fonts");
    json_begin_array(j);
    for (size_t i = 0; i < info->nfonts; i++) {
        const struct font_info *f = &info->fonts[i];
        json_begin_object(j);
        json_key(j, "name");
        json_string(j, f->name);
        json_key(j, "type");
        json_string(j, f->type);
        json_key(j, "embedded");
        json_bool(j, f->embedded);
        json_key(j, "first_page");
        json_int(j, f->first_page);
        json_key(j, "drawn");
        json_bool(j, f->drawn);
        json_end_object(j);
    }
    json_end_array(j);
    json_key(j, "first_page_text");
    json_string(j, info->first_page_text);
    const struct body_typography *t = &info->typography;
    json_key(j, "typography");
    json_begin_object(j);
    json_key(j, "font_size");
    json_number(j, t->font_size);
    json_key(j, "font_share");
    json_number(j, t->font_share);
    json_key(j, "leading");
    json_number(j, t->leading);
    json_key(j, "columns");
    json_int(j, t->columns);
    json_key(j, "first_page");
    json_int(j, t->first_page);
    json_key(j, "last_page");
    json_int(j, t->last_page);
    json_end_object(j);
    if (info->sections_searched) { /* a style that counts body pages */
        json_key(j, "sections");
        json_begin_object(j);
        for (int k = 0; k < SECTION_KIND_COUNT; k++) {
            const struct section_start *st = &info->sections[k];
            if (!st->page)
                continue;
            json_key(j, section_kind_name((enum section_kind)k));
            json_begin_object(j);
            json_key(j, "page");
            json_int(j, st->page);
            json_key(j, "x");
            json_number(j, st->x);
            json_key(j, "y");
            json_number(j, st->y);
            json_key(j, "body_before");
            json_bool(j, st->body_before);
            json_end_object(j);
        }
        json_end_object(j);
    }
    json_end_object(j);
}

int cmd_inspect(int argc, char **argv)
{
    static const struct option opts[] = {{"style", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *style_name = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:h", opts, NULL)) != -1) {
        if (c == 's')
            style_name = optarg;
        else if (c == 'h') {
            fputs(usage, stdout);
            return EXIT_OK;
        } else
            return cli_usage_error("inspect", "unknown option");
    }
    if (optind >= argc)
        return cli_usage_error("inspect", "no PDF files given");
    struct style *style = NULL;
    if (style_name && !(style = style_load(style_name)))
        return EXIT_USAGE;
    size_t n = (size_t)(argc - optind);
    struct pdf_info *infos = xcalloc(n, sizeof(*infos));
    struct inspect_options iopts = {style};
    struct pool_options popts = {0, 0, 0, &iopts, NULL, NULL};
    pool_inspect((const char *const *)argv + optind, n, &popts, infos);
    struct strbuf sb = STRBUF_INIT;
    struct json j;
    json_init(&j, &sb);
    json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        json_info(&j, &infos[i]);
        pdfinfo_release(&infos[i]);
    }
    json_end_array(&j);
    puts(strbuf_str(&sb));
    strbuf_release(&sb);
    free(infos);
    style_free(style);
    return EXIT_OK;
}
