/* page: HTML of the checking service (see page.h). */
#include "serve/page.h"

#include <stdio.h>
#include <string.h>

#include "base/escape.h"
#include "check/htmlreport.h"
#include "config.h"

/* Generated at build time from src/serve/app.js and src/serve/page.css
 * (cmake/embed.cmake); NUL-terminated. */
extern const unsigned char serve_asset_app_js[];
extern const size_t serve_asset_app_js_len;
extern const unsigned char serve_asset_page_css[];
extern const size_t serve_asset_page_css_len;

/* How to fix each code: what usually causes it and what to change. */
static const struct {
    enum finding_code code;
    const char *title;
    const char *advice; /* HTML, static */
} hints[] = {
    {F_UNREADABLE, "The file cannot be read",
     "Upload the PDF itself, not a Word, PostScript or ZIP file. If the PDF opens in your viewer, "
     "export it again (for example with <code>pdflatex</code>, or &ldquo;Save as PDF&rdquo;) and "
     "make sure the upload finished."},
    {F_DAMAGED, "The file is damaged",
     "Readers can repair it, but printers may not. Produce it again, or rewrite it with "
     "<code>qpdf in.pdf out.pdf</code>."},
    {F_ENCRYPTED, "The file is encrypted",
     "Remove the password and the restrictions: <code>qpdf --decrypt in.pdf out.pdf</code>, or "
     "export again without security settings."},
    {F_PAGE_LIMIT, "Too many pages",
     "Shorten the paper to the page limit plus the paid extra pages. References count unless the "
     "venue says otherwise."},
    {F_EXTRA_PAGES, "Paid extra pages",
     "Pages beyond the limit are allowed for a fee per page, shown above. Shorten the paper to avoid it."},
    {F_PAGE_SIZE, "Wrong page size",
     "Use the venue's paper size. In LaTeX pass <code>letterpaper</code> or <code>a4paper</code> to the "
     "document class and check that <code>geometry</code> or the driver does not change it; in Word, "
     "set the size under Layout &rsaquo; Size before exporting. Pages must be portrait."},
    {F_MIXED_PAGE_SIZE, "Pages of different sizes",
     "A page, often an inserted figure or appendix, has another size than page 1. Scale it to the "
     "paper's size (for example with <code>pdfpages</code>) instead of inserting the page."},
    {F_MARGIN, "Content in the margins",
     "Something extends past the text block (blue in the pictures; the offending area is red). "
     "Usual causes: a wide table or figure (scale it to <code>\\columnwidth</code>), long URLs or "
     "formulas that do not break, a <code>\\vspace</code> with a negative length, or a changed "
     "<code>geometry</code>."},
    {F_FONT_NOT_EMBEDDED, "Fonts not embedded",
     "Embed every font. With pdfTeX run <code>updmap -sys --setoption pdftexDownloadBase14 true</code>; "
     "for figures made elsewhere, embed fonts when exporting them, or re-embed with Ghostscript: "
     "<code>gs -o out.pdf -sDEVICE=pdfwrite -dPDFSETTINGS=/prepress -dEmbedAllFonts=true in.pdf</code>."},
    {F_TYPE3_FONT, "Type 3 (bitmap) fonts",
     "Usually from <code>\\usepackage[T1]{fontenc}</code> without scalable fonts (add "
     "<code>\\usepackage{lmodern}</code> or install <code>cm-super</code>), or from matplotlib "
     "figures (set <code>pdf.fonttype: 42</code>)."},
    {F_PAGE_NUMBERS, "Page numbers printed",
     "The volume adds its own page numbers. Remove yours: <code>\\pagestyle{empty}</code>, or in "
     "acmart <code>\\settopmatter{printfolios=false}</code>; in Word remove the page number field."},
    {F_BLANK_PAGE, "Blank pages",
     "Remove empty pages, often left by a <code>\\clearpage</code> or a page break before a float."},
    {F_JAVASCRIPT, "JavaScript in the file",
     "Export the PDF again without forms or scripts, or print it to a new PDF."},
    {F_ATTACHMENT, "Attached files",
     "Remove the embedded files or attachment annotations, or export again without them."},
    {F_IMAGE_RESOLUTION, "Low-resolution images",
     "An image has too few pixels for the size it is printed at, and will look blurred or "
     "blocky. Use the original picture or export the figure at 300 ppi or more, or as a vector "
     "PDF (plots: <code>savefig('fig.pdf')</code>)."},
    {F_TEXT_NOT_READ, "Text not read",
     "A page draws so many separate pieces of text (often a figure or a pattern drawn with a "
     "font) that its text was not read; only its printed appearance was checked. Nothing needs "
     "fixing unless you expect text there; exporting the figure as an image or as vector paths "
     "makes it checkable."},
    {F_PDF_VERSION, "PDF version too new",
     "Save with an older PDF version, for example "
     "<code>gs -o out.pdf -sDEVICE=pdfwrite -dCompatibilityLevel=1.5 in.pdf</code>."},
    {F_REVIEW_VERSION, "Review version instead of the camera-ready one",
     "The file is the version sent for review: line numbers, &ldquo;Anonymous Author(s)&rdquo;, a "
     "review header or a DRAFT watermark. Build the final version: the template's final or "
     "camera-ready option (acmart: remove <code>review</code>, <code>anonymous</code> and "
     "<code>authordraft</code>; ACL, NeurIPS, CVPR: <code>final</code>; ICML: <code>accepted</code>), "
     "without <code>\\linenumbers</code> and the <code>draftwatermark</code> package."},
    {F_METADATA, "Title or authors differ from the programme",
     "The first page should show the title and every author's family name as in the accepted "
     "paper's record. Upload the right file, or ask the chairs to correct the record."},
};

static void page_head(struct strbuf *out, const struct page_site *site, const char *title)
{
    strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    html_escape(out, title);
    strbuf_adds(out, " &ndash; ");
    html_escape(out, site->style->name);
    strbuf_adds(out, "</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
                     "<script src=\"/app.js\" defer></script>\n</head>\n<body>\n<main class=\"serve\">\n");
}

static void page_tail(struct strbuf *out)
{
    strbuf_adds(out, "<footer class=\"serve-foot\">Uploads are checked in a sandbox and deleted as soon as "
                     "the answer is sent; nothing is kept. Scripts can use <code>POST /api/check</code>. "
                     "collate " COLLATE_VERSION ".</footer>\n</main>\n</body>\n</html>\n");
}

static void fact(struct strbuf *out, const char *label, const char *value_html)
{
    strbuf_addf(out, "<div><dt>%s</dt><dd>%s</dd></div>", label, value_html);
}

static void venue_facts(struct strbuf *out, const struct page_site *site)
{
    const struct style *st = site->style;
    int limit = check_page_limit(st, &site->limits);
    int extra = check_extra_pages(st, &site->limits);
    double fee = check_extra_page_fee(st, &site->limits);
    struct strbuf v = STRBUF_INIT;
    strbuf_adds(out, "<dl class=\"facts\">");
    strbuf_adds(&v, "<code>");
    html_escape(&v, st->name);
    strbuf_adds(&v, "</code>");
    fact(out, "Style", strbuf_str(&v));
    strbuf_release(&v);
    if (limit > 0)
        strbuf_addf(&v, "%d pages", limit);
    else
        strbuf_adds(&v, "none");
    fact(out, "Page limit", strbuf_str(&v));
    strbuf_release(&v);
    if (limit > 0 && extra > 0 && check_has_fee(st, &site->limits)) {
        strbuf_addf(&v, "up to %d at %.2f ", extra, fee);
        html_escape(&v, st->currency ? st->currency : "");
        strbuf_adds(&v, " each");
    } else if (limit > 0 && extra > 0) {
        strbuf_addf(&v, "up to %d", extra);
    } else {
        strbuf_adds(&v, "none");
    }
    fact(out, "Paid extra pages", strbuf_str(&v));
    strbuf_release(&v);
    strbuf_addf(&v, "%zu MB", site->max_upload / 1000000);
    fact(out, "Largest upload", strbuf_str(&v));
    strbuf_release(&v);
    strbuf_adds(out, "</dl>\n");
}

static void upload_form(struct strbuf *out, const struct page_site *site)
{
    strbuf_addf(out, "<form id=\"upload\" class=\"upload\" method=\"post\" action=\"/check\" "
                     "enctype=\"multipart/form-data\" data-max-upload=\"%zu\">\n", site->max_upload);
    strbuf_adds(out, ""
                     "<label class=\"drop\" id=\"drop\"><span class=\"drop-title\">Drop your PDF here</span>"
                     "<span class=\"drop-sub\">or choose a file</span>"
                     "<input id=\"file\" type=\"file\" name=\"pdf\" accept=\"application/pdf,.pdf\" required>"
                     "</label>\n");
    const struct manifest *m = site->manifest;
    if (m && manifest_paper_count(m) > 0) {
        strbuf_adds(out, "<label class=\"paper\">Paper <select name=\"paper\" id=\"paper\">"
                         "<option value=\"\">not listed (skip the title and author check)</option>");
        for (size_t s = 0; s < m->nsessions; s++)
            for (size_t i = 0; i < m->sessions[s].npapers; i++) {
                const struct paper *p = &m->sessions[s].papers[i];
                strbuf_adds(out, "<option value=\"");
                html_escape(out, p->id);
                strbuf_adds(out, "\">");
                html_escape(out, p->id);
                strbuf_adds(out, ": ");
                html_escape(out, p->title);
                strbuf_adds(out, "</option>");
            }
        strbuf_adds(out, "</select></label>\n");
    }
    strbuf_adds(out, "<button type=\"submit\" id=\"submit\">Check the paper</button>\n"
                     "<progress id=\"progress\" max=\"100\" value=\"0\" hidden></progress>\n"
                     "<p id=\"status\" class=\"status\" role=\"status\" aria-live=\"polite\"></p>\n"
                     "</form>\n");
}

static void all_hints(struct strbuf *out)
{
    strbuf_adds(out, "<section class=\"help\" id=\"help\">\n<h2>How to fix the common problems</h2>\n<dl>");
    for (size_t i = 0; i < ARRAY_SIZE(hints); i++)
        strbuf_addf(out, "<dt><code>%s</code> %s</dt><dd>%s</dd>", finding_code_name(hints[i].code),
                    hints[i].title, hints[i].advice);
    strbuf_adds(out, "</dl>\n</section>\n");
}

void page_index(struct strbuf *out, const struct page_site *site)
{
    page_head(out, site, "Check your paper");
    strbuf_adds(out, "<header>\n<h1>Check your paper</h1>\n<p class=\"sub\">");
    if (site->style->description && *site->style->description) {
        html_escape(out, site->style->description);
        strbuf_adds(out, ". ");
    }
    strbuf_adds(out, "Upload the PDF to see every problem the chairs&#39; check would find, with the page "
                     "it is on.</p>\n");
    venue_facts(out, site);
    strbuf_adds(out, "</header>\n");
    upload_form(out, site);
    strbuf_adds(out, "<section id=\"result\" class=\"result\"></section>\n");
    all_hints(out);
    page_tail(out);
}

void page_result(struct strbuf *out, const struct page_site *site, const char *fragment)
{
    page_head(out, site, "Check result");
    strbuf_adds(out, "<header>\n<h1>Check your paper</h1>\n");
    venue_facts(out, site);
    strbuf_adds(out, "</header>\n");
    upload_form(out, site);
    strbuf_adds(out, "<section id=\"result\" class=\"result\">\n");
    strbuf_adds(out, fragment);
    strbuf_adds(out, "</section>\n");
    page_tail(out);
}

void page_error(struct strbuf *out, const struct page_site *site, int status, const char *message)
{
    page_head(out, site, "Check your paper");
    strbuf_adds(out, "<header>\n<h1>Check your paper</h1>\n</header>\n");
    strbuf_addf(out, "<section class=\"result\"><p class=\"error-box\"><strong>Error %d.</strong> ", status);
    html_escape(out, message);
    strbuf_adds(out, "</p></section>\n");
    upload_form(out, site);
    page_tail(out);
}

/* Append [p, end) without its style="..." attributes.  Attribute values
 * in the report are escaped, so a '"' always ends one. */
static void add_without_styles(struct strbuf *out, const char *p, const char *end)
{
    static const char attr[] = " style=\"";
    while (p < end) {
        const char *s = strstr(p, attr);
        if (!s || s >= end) {
            strbuf_add(out, p, (size_t)(end - p));
            return;
        }
        strbuf_add(out, p, (size_t)(s - p));
        const char *q = memchr(s + sizeof(attr) - 1, '"', (size_t)(end - (s + sizeof(attr) - 1)));
        p = q ? q + 1 : end;
    }
}

void page_report_fragment(struct strbuf *out, const char *report_html, const struct findings *findings)
{
    const char *b = strstr(report_html, "<main>");
    const char *e = b ? strstr(b, "</main>") : NULL;
    strbuf_adds(out, "<div class=\"report\">\n");
    if (b && e)
        add_without_styles(out, b + strlen("<main>"), e);
    strbuf_adds(out, "</div>\n");
    bool seen[FINDING_CODE_COUNT] = {false};
    bool any = false;
    for (size_t i = 0; i < findings->n; i++)
        if (findings->items[i].code < FINDING_CODE_COUNT)
            seen[findings->items[i].code] = any = true;
    if (!any)
        return;
    strbuf_adds(out, "<section class=\"help fixes\">\n<h2>How to fix what was found</h2>\n<dl>");
    for (size_t i = 0; i < ARRAY_SIZE(hints); i++)
        if (seen[hints[i].code])
            strbuf_addf(out, "<dt><code>%s</code> %s</dt><dd>%s</dd>", finding_code_name(hints[i].code),
                        hints[i].title, hints[i].advice);
    strbuf_adds(out, "</dl>\n</section>\n");
}

void page_style_sheet(struct strbuf *out, const struct style *style)
{
    struct html_report empty = {"check", NULL, style, 0, 0, 0, NULL, 0};
    struct strbuf report = STRBUF_INIT;
    html_report_render(&report, &empty, NULL);
    const char *b = strstr(strbuf_str(&report), "<style>\n");
    const char *e = b ? strstr(b, "</style>") : NULL;
    if (b && e)
        strbuf_add(out, b + strlen("<style>\n"), (size_t)(e - b - strlen("<style>\n")));
    strbuf_release(&report);
    strbuf_add(out, serve_asset_page_css, serve_asset_page_css_len);
}

const char *page_script(size_t *len)
{
    *len = serve_asset_app_js_len;
    return (const char *)serve_asset_app_js;
}
