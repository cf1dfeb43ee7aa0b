/* pdfinfo: lifetime and byte encoding of inspection results.
 *
 * The encoding carries a pdf_info from a worker process to the parent and
 * into the inspection cache.  It is little more than the fields in order;
 * the reader checks every length, so a truncated or foreign blob is
 * rejected instead of trusted. */
#include "inspect/pdfinfo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"

#define PDFINFO_MAGIC "collate-pdfinfo-8"
#define HEADER_WINDOW 1024 /* "%PDF-" must start within this many bytes */

void pdfinfo_init(struct pdf_info *info, const char *path)
{
    memset(info, 0, sizeof(*info));
    info->path = xstrdup(path);
    info->readable = true;
    info->modify_allowed = true;
}

bool pdfinfo_fail(struct pdf_info *info, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(info->unreadable_reason);
    info->unreadable_reason = xvasprintf(fmt, ap);
    va_end(ap);
    info->readable = false;
    return false;
}

static bool has_header(const char *bytes, size_t len)
{
    for (size_t i = 0; i + 5 <= len && i < HEADER_WINDOW; i++)
        if (memcmp(bytes + i, "%PDF-", 5) == 0)
            return true;
    return false;
}

/* bytes (of len) start with prefix, after any blanks and a UTF-8 BOM
 * when skip_blanks; ASCII letters compared without case when fold. */
static bool starts_with(const unsigned char *bytes, size_t len, const char *prefix, bool skip_blanks, bool fold)
{
    size_t i = 0;
    if (skip_blanks) {
        if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
            i = 3;
        while (i < len && i < HEADER_WINDOW && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' ||
                                                bytes[i] == '\n'))
            i++;
    }
    size_t n = strlen(prefix);
    if (len - i < n)
        return false;
    for (size_t k = 0; k < n; k++) {
        unsigned char a = bytes[i + k], b = (unsigned char)prefix[k];
        if (fold && a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

/* The first window of bytes holds needle. */
static bool window_has(const unsigned char *bytes, size_t len, const char *needle)
{
    size_t n = strlen(needle), end = len < HEADER_WINDOW ? len : HEADER_WINDOW;
    for (size_t i = 0; i + n <= end; i++)
        if (memcmp(bytes + i, needle, n) == 0)
            return true;
    return false;
}

const char *pdfinfo_sniff_type(const unsigned char *bytes, size_t len)
{
    static const struct {
        const char *magic;
        size_t n;
        const char *what;
    } magics[] = {
        {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
        {"\xFF\xD8\xFF", 3, "a JPEG image"},
        {"GIF8", 4, "a GIF image"},
        {"II*\0", 4, "a TIFF image"},
        {"MM\0*", 4, "a TIFF image"},
        {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "a Microsoft Office 97-2003 document (.doc)"},
        {"{\\rtf", 5, "an RTF document"},
        {"\x1F\x8B", 2, "a gzip archive"},
        {"%!PS", 4, "a PostScript file"},
        {"\xC5\xD0\xD3\xC6", 4, "an EPS file"},
    };
    for (size_t i = 0; i < ARRAY_SIZE(magics); i++)
        if (len >= magics[i].n && memcmp(bytes, magics[i].magic, magics[i].n) == 0)
            return magics[i].what;
    if (len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0) {
        /* Office files are ZIP archives whose first entries name their parts. */
        if (window_has(bytes, len, "word/"))
            return "a Word document (.docx)";
        if (window_has(bytes, len, "ppt/"))
            return "a PowerPoint presentation (.pptx)";
        if (window_has(bytes, len, "xl/"))
            return "an Excel workbook (.xlsx)";
        if (window_has(bytes, len, "application/vnd.oasis.opendocument"))
            return "an OpenDocument file (.odt)";
        return "a ZIP archive";
    }
    if (starts_with(bytes, len, "<!doctype html", true, true) || starts_with(bytes, len, "<html", true, true) ||
        (starts_with(bytes, len, "<?xml", true, true) && window_has(bytes, len, "<html")))
        return "an HTML page";
    if (window_has(bytes, len, "\\documentclass") || window_has(bytes, len, "\\begin{document}") ||
        window_has(bytes, len, "\\documentstyle"))
        return "LaTeX source";
    if (window_has(bytes, len, "\\input ") || window_has(bytes, len, "\\usepackage") ||
        window_has(bytes, len, "\\section{"))
        return "TeX source";
    return NULL;
}

char *pdfinfo_read_file(const char *path, struct pdf_info *info, size_t *len_out)
{
    *len_out = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        pdfinfo_fail(info, "cannot open the file: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        pdfinfo_fail(info, "not a regular file");
        return NULL;
    }
    /* Read to the end, not st_size bytes: the file may grow meanwhile. */
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, len = 0;
    char *bytes = xmalloc(cap);
    size_t n;
    while ((n = fread(bytes + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap)
            bytes = xrealloc(bytes, cap *= 2);
    }
    bool error = ferror(f);
    int saved = errno;
    fclose(f);
    info->file_size = len;
    info->checksum = crc32_update(0, bytes, len);
    const char *why = NULL;
    if (error)
        why = strerror(saved);
    else if (len == 0)
        why = "file is empty";
    else if (!has_header(bytes, len))
        why = "not a PDF file (no %PDF header)";
    const char *kind = !error && len > 0 && why ? pdfinfo_sniff_type((const unsigned char *)bytes, len) : NULL;
    if (why) {
        if (error)
            pdfinfo_fail(info, "cannot read the file: %s", why);
        else if (kind) /* say what was uploaded instead */
            pdfinfo_fail(info, "not a PDF file: it is %s", kind);
        else
            pdfinfo_fail(info, "%s", why);
        free(bytes);
        return NULL;
    }
    *len_out = len;
    return bytes;
}

static void page_release(struct page_info *page)
{
    for (size_t i = 0; i < page->nmargin_texts; i++)
        free(page->margin_texts[i].text);
    free(page->margin_texts);
    free(page->ink_bands);
    free(page->numbers);
    free(page->large_text);
}

void pdfinfo_drop_pages(struct pdf_info *info)
{
    for (int i = 0; info->pages && i < info->npages; i++)
        page_release(&info->pages[i]);
    free(info->pages);
    info->pages = NULL;
    info->npages = 0;
}

void pdfinfo_release(struct pdf_info *info)
{
    if (!info)
        return;
    free(info->path);
    free(info->unreadable_reason);
    free(info->damage);
    pdfinfo_drop_pages(info);
    for (size_t i = 0; i < info->nfonts; i++) {
        free(info->fonts[i].name);
        free(info->fonts[i].type);
    }
    free(info->fonts);
    free(info->javascript);
    free(info->attachment_names);
    free(info->first_page_text);
    free(info->title);
    memset(info, 0, sizeof(*info));
}

/* ---- writing ---- */

static void put_bytes(struct strbuf *sb, const void *p, size_t n)
{
    strbuf_add(sb, p, n);
}

static void put_i64(struct strbuf *sb, int64_t v)
{
    put_bytes(sb, &v, sizeof(v));
}

static void put_f64(struct strbuf *sb, double v)
{
    put_bytes(sb, &v, sizeof(v));
}

static void put_str(struct strbuf *sb, const char *s)
{
    if (!s) {
        put_i64(sb, -1);
        return;
    }
    size_t n = strlen(s);
    put_i64(sb, (int64_t)n);
    put_bytes(sb, s, n);
}

static void put_rect(struct strbuf *sb, const struct rect *r)
{
    put_f64(sb, r->x0);
    put_f64(sb, r->y0);
    put_f64(sb, r->x1);
    put_f64(sb, r->y1);
}

char *pdfinfo_serialize(const struct pdf_info *info, size_t *len_out)
{
    struct strbuf sb = STRBUF_INIT;
    put_str(&sb, PDFINFO_MAGIC);
    put_str(&sb, info->path);
    put_i64(&sb, (int64_t)info->file_size);
    put_i64(&sb, info->checksum);
    put_i64(&sb, info->readable);
    put_str(&sb, info->unreadable_reason);
    put_str(&sb, info->damage);
    put_i64(&sb, info->version);
    put_i64(&sb, info->encryption);
    put_i64(&sb, info->modify_allowed);
    put_i64(&sb, info->pages ? info->npages : 0);
    put_i64(&sb, info->pages ? 1 : 0);
    for (int i = 0; info->pages && i < info->npages; i++) {
        const struct page_info *p = &info->pages[i];
        put_rect(&sb, &p->media_box);
        put_rect(&sb, &p->crop_box);
        put_f64(&sb, p->width);
        put_f64(&sb, p->height);
        put_f64(&sb, p->media_width);
        put_f64(&sb, p->media_height);
        put_i64(&sb, p->rotate);
        put_i64(&sb, p->blank);
        put_i64(&sb, p->measured);
        put_rect(&sb, &p->bbox);
        put_rect(&sb, &p->text);
        put_rect(&sb, &p->image);
        put_rect(&sb, &p->ink);
        put_i64(&sb, (int64_t)p->nink_bands);
        for (size_t k = 0; k < p->nink_bands; k++)
            put_rect(&sb, &p->ink_bands[k]);
        put_rect(&sb, &p->body);
        put_i64(&sb, (int64_t)p->nmargin_texts);
        for (size_t k = 0; k < p->nmargin_texts; k++) {
            put_str(&sb, p->margin_texts[k].text);
            put_rect(&sb, &p->margin_texts[k].box);
        }
        put_i64(&sb, (int64_t)p->nnumbers);
        for (size_t k = 0; k < p->nnumbers; k++) {
            put_i64(&sb, p->numbers[k].value);
            put_rect(&sb, &p->numbers[k].box);
        }
        put_str(&sb, p->large_text);
        put_rect(&sb, &p->large_box);
        put_i64(&sb, p->image_px_w);
        put_i64(&sb, p->image_px_h);
        put_f64(&sb, p->image_ppi);
        put_i64(&sb, p->text_pieces);
    }
    put_i64(&sb, (int64_t)info->nfonts);
    for (size_t i = 0; i < info->nfonts; i++) {
        const struct font_info *f = &info->fonts[i];
        put_str(&sb, f->name);
        put_str(&sb, f->type);
        put_i64(&sb, f->embedded);
        put_i64(&sb, f->subset);
        put_i64(&sb, f->type3);
        put_i64(&sb, f->drawn);
        put_i64(&sb, f->first_page);
    }
    put_str(&sb, info->javascript);
    put_i64(&sb, info->attachments);
    put_i64(&sb, info->attachment_page);
    put_str(&sb, info->attachment_names);
    put_str(&sb, info->first_page_text);
    put_str(&sb, info->title);
    const struct body_typography *t = &info->typography;
    put_f64(&sb, t->font_size);
    put_f64(&sb, t->font_share);
    put_f64(&sb, t->leading);
    put_i64(&sb, t->columns);
    put_i64(&sb, t->first_page);
    put_i64(&sb, t->last_page);
    put_i64(&sb, info->sections_searched);
    for (int k = 0; k < SECTION_KIND_COUNT; k++) {
        put_i64(&sb, info->sections[k].page);
        put_f64(&sb, info->sections[k].x);
        put_f64(&sb, info->sections[k].y);
        put_i64(&sb, info->sections[k].body_before);
    }
    *len_out = sb.len;
    return strbuf_detach(&sb);
}

/* ---- reading ---- */

struct reader {
    const char *p;
    size_t left;
    bool bad;
};

static bool get_bytes(struct reader *r, void *out, size_t n)
{
    if (r->bad || r->left < n) {
        r->bad = true;
        memset(out, 0, n);
        return false;
    }
    memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
    return true;
}

static int64_t get_i64(struct reader *r)
{
    int64_t v = 0;
    get_bytes(r, &v, sizeof(v));
    return v;
}

static double get_f64(struct reader *r)
{
    double v = 0;
    get_bytes(r, &v, sizeof(v));
    return v;
}

static char *get_str(struct reader *r)
{
    int64_t n = get_i64(r);
    if (n < 0 || r->bad)
        return NULL;
    if ((uint64_t)n > r->left) {
        r->bad = true;
        return NULL;
    }
    char *s = xstrndup(r->p, (size_t)n);
    r->p += n;
    r->left -= (size_t)n;
    return s;
}

static void get_rect(struct reader *r, struct rect *out)
{
    out->x0 = get_f64(r);
    out->y0 = get_f64(r);
    out->x1 = get_f64(r);
    out->y1 = get_f64(r);
}

/* A count read from the blob, refused when it cannot fit in what is left
 * (each element takes at least min_size bytes). */
static size_t get_count(struct reader *r, size_t min_size)
{
    int64_t n = get_i64(r);
    if (n < 0 || (uint64_t)n > r->left / min_size) {
        r->bad = true;
        return 0;
    }
    return (size_t)n;
}

bool pdfinfo_deserialize(struct pdf_info *info, const char *data, size_t len)
{
    struct reader r = {data, len, false};
    memset(info, 0, sizeof(*info));
    char *magic = get_str(&r);
    bool ok = magic && strcmp(magic, PDFINFO_MAGIC) == 0;
    free(magic);
    if (!ok)
        return false;
    info->path = get_str(&r);
    info->file_size = (uint64_t)get_i64(&r);
    info->checksum = (uint32_t)get_i64(&r);
    info->readable = get_i64(&r) != 0;
    info->unreadable_reason = get_str(&r);
    info->damage = get_str(&r);
    info->version = (int)get_i64(&r);
    info->encryption = (enum encryption)get_i64(&r);
    info->modify_allowed = get_i64(&r) != 0;
    size_t npages = get_count(&r, 8);
    bool has_pages = get_i64(&r) != 0;
    if (has_pages && !r.bad) {
        info->npages = (int)npages;
        info->pages = xcalloc(npages, sizeof(*info->pages));
    }
    for (size_t i = 0; info->pages && i < npages && !r.bad; i++) {
        struct page_info *p = &info->pages[i];
        get_rect(&r, &p->media_box);
        get_rect(&r, &p->crop_box);
        p->width = get_f64(&r);
        p->height = get_f64(&r);
        p->media_width = get_f64(&r);
        p->media_height = get_f64(&r);
        p->rotate = (int)get_i64(&r);
        p->blank = get_i64(&r) != 0;
        p->measured = get_i64(&r) != 0;
        get_rect(&r, &p->bbox);
        get_rect(&r, &p->text);
        get_rect(&r, &p->image);
        get_rect(&r, &p->ink);
        size_t nb = get_count(&r, 32);
        p->ink_bands = nb ? xcalloc(nb, sizeof(*p->ink_bands)) : NULL;
        p->nink_bands = nb;
        for (size_t k = 0; k < nb; k++)
            get_rect(&r, &p->ink_bands[k]);
        get_rect(&r, &p->body);
        size_t nt = get_count(&r, 8);
        p->margin_texts = nt ? xcalloc(nt, sizeof(*p->margin_texts)) : NULL;
        for (size_t k = 0; k < nt && !r.bad; k++) {
            p->margin_texts[k].text = get_str(&r);
            get_rect(&r, &p->margin_texts[k].box);
            p->nmargin_texts = k + 1;
        }
        size_t nn = get_count(&r, 40);
        p->numbers = nn ? xcalloc(nn, sizeof(*p->numbers)) : NULL;
        p->nnumbers = nn;
        for (size_t k = 0; k < nn; k++) {
            p->numbers[k].value = (int)get_i64(&r);
            get_rect(&r, &p->numbers[k].box);
        }
        p->large_text = get_str(&r);
        get_rect(&r, &p->large_box);
        p->image_px_w = (int)get_i64(&r);
        p->image_px_h = (int)get_i64(&r);
        p->image_ppi = get_f64(&r);
        p->text_pieces = (int)get_i64(&r);
    }
    info->nfonts = get_count(&r, 8);
    info->fonts = info->nfonts ? xcalloc(info->nfonts, sizeof(*info->fonts)) : NULL;
    for (size_t i = 0; i < info->nfonts; i++) {
        struct font_info *f = &info->fonts[i];
        f->name = get_str(&r);
        f->type = get_str(&r);
        f->embedded = get_i64(&r) != 0;
        f->subset = get_i64(&r) != 0;
        f->type3 = get_i64(&r) != 0;
        f->drawn = get_i64(&r) != 0;
        f->first_page = (int)get_i64(&r);
    }
    info->javascript = get_str(&r);
    info->attachments = (int)get_i64(&r);
    info->attachment_page = (int)get_i64(&r);
    info->attachment_names = get_str(&r);
    info->first_page_text = get_str(&r);
    info->title = get_str(&r);
    struct body_typography *t = &info->typography;
    t->font_size = get_f64(&r);
    t->font_share = get_f64(&r);
    t->leading = get_f64(&r);
    t->columns = (int)get_i64(&r);
    t->first_page = (int)get_i64(&r);
    t->last_page = (int)get_i64(&r);
    info->sections_searched = get_i64(&r) != 0;
    for (int k = 0; k < SECTION_KIND_COUNT; k++) {
        info->sections[k].page = (int)get_i64(&r);
        info->sections[k].x = get_f64(&r);
        info->sections[k].y = get_f64(&r);
        info->sections[k].body_before = get_i64(&r) != 0;
    }
    if (r.bad || r.left != 0) {
        pdfinfo_release(info);
        return false;
    }
    return true;
}
