/* mkpaper: write a realistic-looking academic paper PDF, clean or with
 * exactly the defects asked for, for the end-to-end tests and the example
 * volumes.  Run `mkpaper --help` for the options.
 *
 * Output is reproducible: the same options give the same bytes (document
 * dates come from SOURCE_DATE_EPOCH or a fixed epoch).
 * Exit status: 0 written, 1 libharu or I/O failure, 2 usage error. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <hpdf.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mkpaper.h"

#define FIXED_EPOCH 1700000000 /* 2023-11-14, when SOURCE_DATE_EPOCH is unset */

/* ---- helpers ---- */

static void out_of_memory(void)
{
    fputs("mkpaper: out of memory\n", stderr);
    exit(1);
}

void *mk_alloc(size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *mk_grow(void *ptr, size_t count, size_t elem)
{
    void *p = realloc(ptr, (count ? count : 1) * elem);
    if (!p)
        out_of_memory();
    return p;
}

char *mk_strdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        out_of_memory();
    return p;
}

char *mk_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = mk_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static time_t build_epoch(void)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    errno = 0;
    long long v = s && *s ? strtoll(s, &end, 10) : -1;
    return v >= 0 && !errno && !*end ? (time_t)v : FIXED_EPOCH;
}

/* libharu 2.3.0 derives an encrypted file's /ID, and from it the
 * encryption key, from time(NULL).  This definition takes the place of
 * libc's for the whole process (the library calls time through the PLT),
 * so encrypted papers are as reproducible as the others.  mkpaper itself
 * never needs the clock. */
time_t time(time_t *out)
{
    time_t t = build_epoch();
    if (out)
        *out = t;
    return t;
}

/* ---- options ---- */

static const char usage_text[] =
    "usage: mkpaper --out FILE [options]\n"
    "\n"
    "Layout:\n"
    "  --pages N                 number of pages (default 6)\n"
    "  --size letter|a4|WxH      media size, WxH in points (default letter)\n"
    "  --columns 1|2             text columns (default 2)\n"
    "  --margins T,B,L,R         margins in points (default letter 54,72,48.6,48.6;\n"
    "                            a4 54,121.9,40.5,40.5)\n"
    "  --title TEXT, --authors 'A; B', --affiliation TEXT, --keywords 'a; b',\n"
    "  --abstract TEXT           front matter (UTF-8; CJK via AR PL UMing)\n"
    "  --seed N                  varies the filler text (default 1)\n"
    "  --font-dir DIR            look here first for LiberationSerif-*.ttf and\n"
    "                            uming.ttc (then in /usr/share/fonts/truetype)\n"
    "  --image                   a raster figure and a vector chart on page 1\n"
    "  --internal-links          links on page 1 to the first line of each later page\n"
    "\n"
    "Defects (PAGE is 1-based; options may repeat).  Margin intrusions are\n"
    "measured from this paper's own margins (--margins or the size default):\n"
    "  --text-into-margin SIDE:PT:PAGE   text PT points past the margin edge\n"
    "  --image-into-margin SIDE:PT:PAGE  a grey raster image PT points past it\n"
    "  --rule-into-margin SIDE:PT:PAGE   a black rectangle PT points past it\n"
    "                                    (SIDE: top, bottom, left or right)\n"
    "  --base14                  non-embedded Times/Helvetica fonts (ASCII only)\n"
    "  --blank-page N            page N has no content at all\n"
    "  --page-numbers            a folio centred 0.5 in above the bottom edge\n"
    "  --mixed-size PAGE:WxH     another media size for one page\n"
    "  --landscape-page N        page N in landscape\n"
    "  --rotate PAGE:DEG         /Rotate of a page (multiple of 90)\n"
    "  --attach FILE             embed a file attachment\n"
    "  --encrypt-user PW         encrypt, PW needed to open\n"
    "  --encrypt-owner PW        encrypt with an owner password only\n";

enum opt_id {
    OPT_OUT = 256, OPT_PAGES, OPT_SIZE, OPT_COLUMNS, OPT_MARGINS, OPT_TITLE, OPT_AUTHORS,
    OPT_AFFILIATION, OPT_KEYWORDS, OPT_ABSTRACT, OPT_SEED, OPT_FONT_DIR, OPT_TEXT_MARGIN,
    OPT_IMAGE_MARGIN, OPT_RULE_MARGIN, OPT_BASE14, OPT_BLANK, OPT_PAGE_NUMBERS, OPT_MIXED,
    OPT_LANDSCAPE, OPT_ROTATE, OPT_ATTACH, OPT_USER_PW, OPT_OWNER_PW, OPT_LINKS, OPT_IMAGE, OPT_HELP
};

static const struct option long_options[] = {
    {"out", required_argument, NULL, OPT_OUT},
    {"pages", required_argument, NULL, OPT_PAGES},
    {"size", required_argument, NULL, OPT_SIZE},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"margins", required_argument, NULL, OPT_MARGINS},
    {"title", required_argument, NULL, OPT_TITLE},
    {"authors", required_argument, NULL, OPT_AUTHORS},
    {"affiliation", required_argument, NULL, OPT_AFFILIATION},
    {"keywords", required_argument, NULL, OPT_KEYWORDS},
    {"abstract", required_argument, NULL, OPT_ABSTRACT},
    {"seed", required_argument, NULL, OPT_SEED},
    {"font-dir", required_argument, NULL, OPT_FONT_DIR},
    {"text-into-margin", required_argument, NULL, OPT_TEXT_MARGIN},
    {"image-into-margin", required_argument, NULL, OPT_IMAGE_MARGIN},
    {"rule-into-margin", required_argument, NULL, OPT_RULE_MARGIN},
    {"base14", no_argument, NULL, OPT_BASE14},
    {"blank-page", required_argument, NULL, OPT_BLANK},
    {"page-numbers", no_argument, NULL, OPT_PAGE_NUMBERS},
    {"mixed-size", required_argument, NULL, OPT_MIXED},
    {"landscape-page", required_argument, NULL, OPT_LANDSCAPE},
    {"rotate", required_argument, NULL, OPT_ROTATE},
    {"attach", required_argument, NULL, OPT_ATTACH},
    {"encrypt-user", required_argument, NULL, OPT_USER_PW},
    {"encrypt-owner", required_argument, NULL, OPT_OWNER_PW},
    {"internal-links", no_argument, NULL, OPT_LINKS},
    {"image", no_argument, NULL, OPT_IMAGE},
    {"help", no_argument, NULL, OPT_HELP},
    {NULL, 0, NULL, 0},
};

/* Every parser returns 0, or -1 after printing what is wrong. */
static int bad(const char *option, const char *arg, const char *expected)
{
    fprintf(stderr, "mkpaper: --%s '%s': expected %s\n", option, arg, expected);
    return -1;
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || v != v)
        return false;
    *out = v;
    return true;
}

static bool parse_int(const char *s, int min, int max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* "WxH" in points, both in (0, 14400] (the PDF limit, 200 in). */
static bool parse_dimensions(const char *s, double *w, double *h)
{
    char buf[64];
    const char *x = strchr(s, 'x');
    if (!x || (size_t)(x - s) >= sizeof(buf))
        return false;
    memcpy(buf, s, (size_t)(x - s));
    buf[x - s] = '\0';
    return parse_number(buf, w) && parse_number(x + 1, h) && *w > 0 && *h > 0 && *w <= 14400 &&
           *h <= 14400;
}

static int parse_size(const char *arg, struct options *o)
{
    if (!strcmp(arg, "letter")) {
        o->width = 612;
        o->height = 792;
    } else if (!strcmp(arg, "a4")) {
        o->width = 595.276;
        o->height = 841.89;
    } else if (!parse_dimensions(arg, &o->width, &o->height)) {
        return bad("size", arg, "letter, a4 or WxH in points");
    }
    return 0;
}

static int parse_margins(const char *arg, struct options *o)
{
    char *copy = mk_strdup(arg), *save = NULL;
    int n = 0;
    bool ok = true;
    for (char *f = strtok_r(copy, ",", &save); f && ok; f = strtok_r(NULL, ",", &save), n++)
        ok = n < 4 && parse_number(f, &o->margins[n]) && o->margins[n] >= 0;
    free(copy);
    if (!ok || n != 4)
        return bad("margins", arg, "T,B,L,R in points");
    o->have_margins = true;
    return 0;
}

/* "PAGE:REST" → page number and the rest. */
static bool split_page(const char *arg, int *page, const char **rest)
{
    char buf[32];
    const char *colon = strchr(arg, ':');
    if (!colon || (size_t)(colon - arg) >= sizeof(buf))
        return false;
    memcpy(buf, arg, (size_t)(colon - arg));
    buf[colon - arg] = '\0';
    *rest = colon + 1;
    return parse_int(buf, 1, 99999, page);
}

static int parse_defect(const char *option, const char *arg, enum defect_kind kind, struct options *o)
{
    static const char *const sides[] = {"top", "bottom", "left", "right"};
    const char *colon = strchr(arg, ':');
    struct defect d = {kind, SIDE_TOP, 0, 0};
    bool ok = false;
    for (int i = 0; colon && i < 4; i++)
        if ((size_t)(colon - arg) == strlen(sides[i]) && !strncmp(arg, sides[i], strlen(sides[i]))) {
            d.side = (enum side)i;
            ok = true;
        }
    const char *rest = colon ? strchr(colon + 1, ':') : NULL;
    char amount[32];
    if (ok && rest && (size_t)(rest - colon - 1) < sizeof(amount)) {
        memcpy(amount, colon + 1, (size_t)(rest - colon - 1));
        amount[rest - colon - 1] = '\0';
        ok = parse_number(amount, &d.amount) && d.amount > 0 && d.amount <= 1000 &&
             parse_int(rest + 1, 1, 99999, &d.page);
    } else {
        ok = false;
    }
    if (!ok)
        return bad(option, arg, "SIDE:PT:PAGE (SIDE top|bottom|left|right, PT > 0)");
    *MK_PUSH(o->defects, o->ndefects) = d;
    return 0;
}

static int parse_mixed(const char *arg, struct options *o)
{
    struct page_override s;
    const char *rest;
    if (!split_page(arg, &s.page, &rest) || !parse_dimensions(rest, &s.width, &s.height))
        return bad("mixed-size", arg, "PAGE:WxH");
    *MK_PUSH(o->sizes, o->nsizes) = s;
    return 0;
}

static int parse_rotate(const char *arg, struct options *o)
{
    struct page_override r = {0, 0, 0};
    const char *rest;
    int deg;
    if (!split_page(arg, &r.page, &rest) || !parse_int(rest, -3600, 3600, &deg) || deg % 90)
        return bad("rotate", arg, "PAGE:DEG with DEG a multiple of 90");
    r.width = ((deg % 360) + 360) % 360;
    *MK_PUSH(o->rotations, o->nrotations) = r;
    return 0;
}

static int parse_page_list(const char *option, const char *arg, int **list, size_t *n)
{
    int page;
    if (!parse_int(arg, 1, 99999, &page))
        return bad(option, arg, "a page number");
    *MK_PUSH(*list, *n) = page;
    return 0;
}

static int set_text(const char *option, const char *arg, char **field)
{
    char *clean = utf8_clean(arg);
    if (!clean)
        return bad(option, arg, "valid UTF-8");
    free(*field);
    *field = clean;
    return 0;
}

static int parse_one(int id, const char *arg, struct options *o)
{
    switch (id) {
    case OPT_OUT: o->out = arg; return 0;
    case OPT_PAGES: return parse_int(arg, 1, 9999, &o->pages) ? 0 : bad("pages", arg, "1 to 9999");
    case OPT_SIZE: return parse_size(arg, o);
    case OPT_COLUMNS: return parse_int(arg, 1, 2, &o->columns) ? 0 : bad("columns", arg, "1 or 2");
    case OPT_MARGINS: return parse_margins(arg, o);
    case OPT_TITLE: return set_text("title", arg, &o->title);
    case OPT_AUTHORS: return set_text("authors", arg, &o->authors);
    case OPT_AFFILIATION: return set_text("affiliation", arg, &o->affiliation);
    case OPT_KEYWORDS: return set_text("keywords", arg, &o->keywords);
    case OPT_ABSTRACT: return set_text("abstract", arg, &o->abstract);
    case OPT_SEED: {
        char *end;
        errno = 0;
        o->seed = strtoull(arg, &end, 10);
        return errno || end == arg || *end ? bad("seed", arg, "a non-negative integer") : 0;
    }
    case OPT_FONT_DIR: o->font_dir = arg; return 0;
    case OPT_TEXT_MARGIN: return parse_defect("text-into-margin", arg, DEFECT_TEXT, o);
    case OPT_IMAGE_MARGIN: return parse_defect("image-into-margin", arg, DEFECT_IMAGE, o);
    case OPT_RULE_MARGIN: return parse_defect("rule-into-margin", arg, DEFECT_RULE, o);
    case OPT_BASE14: o->base14 = true; return 0;
    case OPT_BLANK: return parse_page_list("blank-page", arg, &o->blank, &o->nblank);
    case OPT_PAGE_NUMBERS: o->page_numbers = true; return 0;
    case OPT_MIXED: return parse_mixed(arg, o);
    case OPT_LANDSCAPE: return parse_page_list("landscape-page", arg, &o->landscape, &o->nlandscape);
    case OPT_ROTATE: return parse_rotate(arg, o);
    case OPT_ATTACH: *MK_PUSH(o->attachments, o->nattachments) = arg; return 0;
    case OPT_USER_PW: o->user_password = arg; return 0;
    case OPT_OWNER_PW: o->owner_password = arg; return 0;
    case OPT_LINKS: o->internal_links = true; return 0;
    case OPT_IMAGE: o->image = true; return 0;
    default: return -1;
    }
}

static int check_page(const char *option, int page, const struct options *o)
{
    if (page <= o->pages)
        return 0;
    fprintf(stderr, "mkpaper: --%s: page %d is beyond the last page (%d)\n", option, page, o->pages);
    return -1;
}

/* Checks that need all options: page references, text block sizes. */
static int validate(const struct options *o)
{
    int rc = 0;
    if (!o->out) {
        fputs("mkpaper: --out FILE is required\n", stderr);
        rc = -1;
    }
    for (size_t i = 0; i < o->ndefects; i++)
        rc |= check_page("*-into-margin", o->defects[i].page, o);
    for (size_t i = 0; i < o->nblank; i++)
        rc |= check_page("blank-page", o->blank[i], o);
    for (size_t i = 0; i < o->nsizes; i++)
        rc |= check_page("mixed-size", o->sizes[i].page, o);
    for (size_t i = 0; i < o->nlandscape; i++)
        rc |= check_page("landscape-page", o->landscape[i], o);
    for (size_t i = 0; i < o->nrotations; i++)
        rc |= check_page("rotate", o->rotations[i].page, o);
    for (int page = 1; page <= o->pages && rc == 0; page++) {
        double w, h, m[4];
        page_media(o, page, &w, &h);
        page_margins(o, w, h, m);
        if (w - m[2] - m[3] < 144 || h - m[0] - m[1] < 144) {
            fprintf(stderr, "mkpaper: page %d: the margins leave a text block under 2 x 2 in\n", page);
            rc = -1;
        }
    }
    if (o->user_password && o->owner_password && !strcmp(o->user_password, o->owner_password)) {
        fputs("mkpaper: the user and owner passwords must differ\n", stderr);
        rc = -1;
    }
    for (size_t i = 0; i < o->nattachments; i++)
        if (access(o->attachments[i], R_OK) != 0) {
            fprintf(stderr, "mkpaper: --attach '%s': %s\n", o->attachments[i], strerror(errno));
            rc = -1;
        }
    return rc;
}

static void set_defaults(struct options *o)
{
    memset(o, 0, sizeof(*o));
    o->pages = 6;
    o->width = 612;
    o->height = 792;
    o->columns = 2;
    o->seed = 1;
    o->title = mk_strdup("Robust Aggregation for Federated Learning under Adaptive Poisoning");
    o->authors = mk_strdup("Alice Example; Bob Example");
    o->affiliation = mk_strdup("Department of Computer Science, Example University");
    o->keywords = mk_strdup("federated learning; poisoning; robust aggregation");
}

static void release_options(struct options *o)
{
    free(o->title);
    free(o->authors);
    free(o->affiliation);
    free(o->keywords);
    free(o->abstract);
    free(o->defects);
    free(o->blank);
    free(o->sizes);
    free(o->landscape);
    free(o->rotations);
    free(o->attachments);
}

/* Returns 0 to go on, 1 after --help, 2 on a usage error. */
static int parse_options(int argc, char **argv, struct options *o)
{
    int id;
    opterr = 0;
    while ((id = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
        if (id == OPT_HELP) {
            fputs(usage_text, stdout);
            return 1;
        }
        if (id == '?') {
            fprintf(stderr, "mkpaper: unknown option or missing argument: '%s'\n", argv[optind - 1]);
            return 2;
        }
        if (parse_one(id, optarg, o) < 0)
            return 2;
    }
    if (optind < argc) {
        fprintf(stderr, "mkpaper: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    return validate(o) < 0 ? 2 : 0;
}

/* ---- the document ---- */

static void on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *data)
{
    struct hpdf_status *st = data;
    if (!st->failed) {
        st->failed = true;
        st->error_no = error_no;
        st->detail_no = detail_no;
    }
}

static void set_info(HPDF_Doc pdf, const struct options *o)
{
    time_t epoch = build_epoch();
    struct tm tm;
    gmtime_r(&epoch, &tm);
    HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                      'Z', 0, 0};
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, date);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, o->title);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, o->authors);
    if (o->keywords && *o->keywords)
        HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, o->keywords);
    HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "mkpaper (collate test tools)");
}

static int add_pages(HPDF_Doc pdf, const struct options *o, HPDF_Page *pages)
{
    for (int i = 0; i < o->pages; i++) {
        double w, h;
        pages[i] = HPDF_AddPage(pdf);
        if (!pages[i])
            return -1;
        page_media(o, i + 1, &w, &h);
        HPDF_Page_SetWidth(pages[i], (HPDF_REAL)w);
        HPDF_Page_SetHeight(pages[i], (HPDF_REAL)h);
        for (size_t k = 0; k < o->nrotations; k++)
            if (o->rotations[k].page == i + 1)
                HPDF_Page_SetRotate(pages[i], (HPDF_UINT16)o->rotations[k].width);
    }
    return 0;
}

/* libharu names an attachment after the path it is given, so attach from
 * the file's folder: the name is the base name and the output does not
 * depend on where the file is.  The file is opened at once, so the
 * working folder is restored right after. */
static int attach(HPDF_Doc pdf, const char *path)
{
    char *dir_copy = mk_strdup(path), *base_copy = mk_strdup(path);
    int cwd = open(".", O_RDONLY | O_DIRECTORY);
    int rc = -1;
    if (cwd >= 0 && chdir(dirname(dir_copy)) == 0) {
        HPDF_EmbeddedFile ef = HPDF_AttachFile(pdf, basename(base_copy));
        rc = fchdir(cwd) == 0 && ef ? 0 : -1;
    }
    if (rc < 0)
        fprintf(stderr, "mkpaper: cannot attach '%s'\n", path);
    if (cwd >= 0)
        close(cwd);
    free(dir_copy);
    free(base_copy);
    return rc;
}

static int protect(HPDF_Doc pdf, const struct options *o)
{
    if (!o->user_password && !o->owner_password)
        return 0;
    /* libharu needs a non-empty owner password that differs from the
     * user password; with only a user password the owner one is derived. */
    char *owner = o->owner_password ? mk_strdup(o->owner_password) : mk_printf("%s-owner", o->user_password);
    HPDF_STATUS st = HPDF_SetPassword(pdf, owner, o->user_password ? o->user_password : "");
    free(owner);
    if (st != HPDF_OK)
        return -1;
    if (HPDF_SetEncryptionMode(pdf, HPDF_ENCRYPT_R3, 16) != HPDF_OK)
        return -1;
    if (!o->user_password) /* an owner password alone only means something with restrictions */
        return HPDF_SetPermission(pdf, HPDF_ENABLE_READ | HPDF_ENABLE_PRINT) == HPDF_OK ? 0 : -1;
    return 0;
}

static int write_paper(const struct options *o, struct hpdf_status *status)
{
    HPDF_Doc pdf = HPDF_New(on_hpdf_error, status);
    if (!pdf)
        return -1;
    struct fonts fonts;
    HPDF_Page *pages = mk_alloc((size_t)o->pages * sizeof(*pages));
    int rc = -1;
    HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8"); /* also makes /Info strings Unicode */
    if (fonts_init(&fonts, pdf, o->font_dir, o->base14) < 0)
        goto done;
    set_info(pdf, o);
    if (add_pages(pdf, o, pages) < 0 || layout_paper(pdf, pages, &fonts, o, status) < 0)
        goto done;
    for (size_t i = 0; i < o->nattachments; i++)
        if (attach(pdf, o->attachments[i]) < 0)
            goto done;
    if (protect(pdf, o) < 0 || status->failed)
        goto done;
    rc = HPDF_SaveToFile(pdf, o->out) == HPDF_OK && !status->failed ? 0 : -1;
    if (rc < 0)
        unlink(o->out); /* no partial paper */
done:
    fonts_release(&fonts);
    free(pages);
    HPDF_Free(pdf);
    return rc;
}

int main(int argc, char **argv)
{
    struct options opt;
    set_defaults(&opt);
    int rc = parse_options(argc, argv, &opt);
    if (rc) {
        if (rc == 2)
            fputs("Try 'mkpaper --help'.\n", stderr);
        release_options(&opt);
        return rc == 1 ? 0 : 2;
    }
    struct hpdf_status status = {false, 0, 0};
    rc = write_paper(&opt, &status);
    if (rc < 0) {
        if (status.failed)
            fprintf(stderr, "mkpaper: error 0x%04X (detail %u)\n", (unsigned)status.error_no,
                    (unsigned)status.detail_no);
        else
            fprintf(stderr, "mkpaper: cannot write '%s'\n", opt.out);
    }
    release_options(&opt);
    return rc < 0 ? 1 : 0;
}
