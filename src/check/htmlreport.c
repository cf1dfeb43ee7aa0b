/* htmlreport: one self-contained HTML page of check results; see
 * htmlreport.h. */
#include "check/htmlreport.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "base/diag.h"
#include "base/escape.h"
#include "check/thumbnail.h"
#include "base/utf8.h"

#define THUMBS_PER_PAPER 3         /* pictured pages per paper */
#define THUMBS_TOTAL 300           /* pictured pages per report */
#define THUMB_CSS_WIDTH 150        /* displayed width, CSS pixels */
#define THUMB_PIXEL_RATIO 2        /* rendered at this multiple, for sharp zooming */

/* The pictures of one paper and which finding each page shows. */
struct paper_thumbs {
    struct thumb_page pages[THUMBS_PER_PAPER];
    const char *codes[THUMBS_PER_PAPER][4]; /* finding codes on each picture (caption) */
    double aspect[THUMBS_PER_PAPER];        /* page height / width, for placeholders */
    size_t npages;
    size_t unpictured;             /* pages with boxed findings beyond the cap */
};

/* ---- text helpers ---- */

void base64_encode(struct strbuf *out, const unsigned char *data, size_t len)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char quad[4];
    size_t i = 0;
    for (; i + 3 <= len; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        quad[0] = digits[v >> 18 & 63];
        quad[1] = digits[v >> 12 & 63];
        quad[2] = digits[v >> 6 & 63];
        quad[3] = digits[v & 63];
        strbuf_add(out, quad, 4);
    }
    if (i < len) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < len ? (uint32_t)data[i + 1] << 8 : 0);
        quad[0] = digits[v >> 18 & 63];
        quad[1] = digits[v >> 12 & 63];
        quad[2] = i + 1 < len ? digits[v >> 6 & 63] : '=';
        quad[3] = '=';
        strbuf_add(out, quad, 4);
    }
}

/* Append "<tag class=cls>escaped text</tag>". */
static void element(struct strbuf *out, const char *tag, const char *cls, const char *text)
{
    strbuf_addf(out, "<%s class=\"%s\">", tag, cls);
    html_escape(out, text);
    strbuf_addf(out, "</%s>", tag);
}

static void money(struct strbuf *out, double amount, const char *currency)
{
    strbuf_addf(out, "%.2f", amount);
    if (currency && *currency) {
        strbuf_addch(out, ' ');
        html_escape(out, currency);
    }
}

static const char *paper_status(const struct findings *f)
{
    bool any;
    enum severity worst = report_worst(f, &any);
    if (!any || worst == SEV_NOTICE)
        return "ok";
    return worst == SEV_ERROR ? "error" : "warning";
}

/* ---- thumbnails ---- */

static bool wants_picture(const struct finding *f)
{
    return f->page > 0 && f->box[2] > f->box[0] && f->box[3] > f->box[1] &&
           (f->code == F_MARGIN || f->code == F_PAGE_NUMBERS || f->code == F_PAGE_SIZE ||
            f->code == F_REVIEW_VERSION);
}

/* Choose the pages to picture (in finding order) and what to draw on them. */
static void plan_thumbs(const struct html_paper *p, const struct style *style, size_t *budget,
                        struct paper_thumbs *t)
{
    memset(t, 0, sizeof(*t));
    const struct pdf_info *info = p->info;
    if (!info || !info->readable || !info->pages)
        return;
    for (size_t i = 0; i < p->findings->n; i++) {
        const struct finding *f = &p->findings->items[i];
        if (!wants_picture(f) || f->page > info->npages)
            continue;
        size_t k = 0;
        while (k < t->npages && t->pages[k].page != f->page)
            k++;
        if (k == t->npages) {
            bool seen = false; /* count each unpictured page once */
            for (size_t j = 0; j < i && !seen; j++)
                seen = wants_picture(&p->findings->items[j]) && p->findings->items[j].page == f->page;
            if (t->npages == THUMBS_PER_PAPER || *budget == 0) {
                t->unpictured += !seen;
                continue;
            }
            (*budget)--;
            struct thumb_page *tp = &t->pages[t->npages++];
            tp->page = f->page;
            const struct page_info *pg = &info->pages[f->page - 1];
            t->aspect[k] = pg->width > 0 && pg->height > 0 ? pg->height / pg->width : 1.294;
            if (t->aspect[k] > 4)
                t->aspect[k] = 4;
            if (style && style->nsizes > 0) {
                const struct style_size *sz = style_match_size(style, pg->width, pg->height, NULL);
                if (!sz)
                    sz = style_nearest_size(style, pg->width, pg->height);
                tp->block = (struct rect){sz->left, sz->top, pg->width - sz->right, pg->height - sz->bottom};
            }
        }
        struct thumb_page *tp = &t->pages[k];
        if (tp->nboxes < THUMB_MAX_BOXES)
            tp->boxes[tp->nboxes++] = (struct rect){f->box[0], f->box[1], f->box[2], f->box[3]};
        const char *code = finding_code_name(f->code);
        for (size_t c = 0; c < 4; c++) {
            if (t->codes[k][c] && !strcmp(t->codes[k][c], code))
                break;
            if (!t->codes[k][c]) {
                t->codes[k][c] = code;
                break;
            }
        }
    }
}

static void emit_thumbs(struct strbuf *out, const struct html_paper *p, const struct paper_thumbs *t)
{
    if (t->npages == 0)
        return;
    strbuf_adds(out, "<div class=\"thumbs\">");
    for (size_t k = 0; k < t->npages; k++) {
        const struct thumb_page *tp = &t->pages[k];
        strbuf_adds(out, "<figure>");
        if (tp->png && tp->width_px > 0) {
            int w = THUMB_CSS_WIDTH;
            int h = (int)((double)tp->height_px * THUMB_CSS_WIDTH / tp->width_px + 0.5);
            strbuf_addf(out, "<img width=\"%d\" height=\"%d\" alt=\"page %d of ", w, h, tp->page);
            html_escape(out, p->path);
            strbuf_adds(out, "\" src=\"data:image/png;base64,");
            base64_encode(out, tp->png, tp->png_len);
            strbuf_adds(out, "\">");
        } else {
            strbuf_addf(out, "<div class=\"nothumb\" style=\"width:%dpx;height:%dpx\">thumbnail "
                        "unavailable</div>", THUMB_CSS_WIDTH, (int)(THUMB_CSS_WIDTH * t->aspect[k] + 0.5));
        }
        strbuf_addf(out, "<figcaption>page %d", tp->page);
        for (size_t c = 0; c < 4 && t->codes[k][c]; c++)
            strbuf_addf(out, "%s<code>%s</code>", c ? ", " : " &middot; ", t->codes[k][c]);
        strbuf_adds(out, "</figcaption></figure>");
    }
    if (t->unpictured)
        strbuf_addf(out, "<p class=\"more\">%zu more page%s with findings not pictured</p>", t->unpictured,
                    t->unpictured == 1 ? "" : "s");
    strbuf_adds(out, "</div>");
}

/* ---- the page ---- */

static const char css[] =
    ":root{--ink:#1f2328;--muted:#656d76;--line:#d8dee4;--bg:#f6f8fa;--ok:#1a7f37;--okbg:#dafbe1;"
    "--warn:#9a6700;--warnbg:#fff8c5;--err:#cf222e;--errbg:#ffebe9;--note:#0969da;--notebg:#ddf4ff}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 -apple-system,\"Segoe UI\","
    "\"Noto Sans\",\"DejaVu Sans\",\"Liberation Sans\",Helvetica,Arial,sans-serif}\n"
    "main{max-width:1240px;margin:0 auto;padding:28px 32px 40px}\n"
    "header h1{font-size:24px;margin:0 0 2px;font-weight:600}\n"
    "header .sub{color:var(--muted);margin:0 0 16px}\n"
    "code,.path{font-family:ui-monospace,\"SFMono-Regular\",\"DejaVu Sans Mono\",\"Liberation Mono\","
    "Menlo,monospace;font-size:12.5px}\n"
    ".facts{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0 0 18px;padding:12px 16px;background:#fff;"
    "border:1px solid var(--line);border-radius:8px}\n"
    ".facts div{display:flex;flex-direction:column}\n"
    ".facts dt{color:var(--muted);font-size:12px}.facts dd{margin:0;font-weight:600}\n"
    ".totals{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin:0 0 22px}\n"
    ".card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px}\n"
    ".card .n{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}\n"
    ".card .l{color:var(--muted);font-size:12px}\n"
    ".card.err .n{color:var(--err)}.card.warn .n{color:var(--warn)}\n"
    "table{width:100%;border-collapse:separate;border-spacing:0;background:#fff;border:1px solid var(--line);"
    "border-radius:8px}\n"
    "th{background:#f0f3f6;text-align:left;font-size:12px;font-weight:600;color:var(--muted);"
    "text-transform:uppercase;letter-spacing:.04em;padding:8px 12px;border-bottom:1px solid var(--line)}\n"
    "td{padding:12px;vertical-align:top;border-bottom:1px solid var(--line)}\n"
    "tbody tr:last-child td{border-bottom:0}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "td.idx{color:var(--muted);width:36px;border-left:4px solid transparent}\n"
    "tr.error td.idx{border-left-color:var(--err)}tr.warning td.idx{border-left-color:#d4a72c}"
    "tr.ok td.idx{border-left-color:#4ac26b}\n"
    "td.paper{width:22%}\n"
    "thead th:first-child{border-top-left-radius:8px}thead th:last-child{border-top-right-radius:8px}\n"
    ".pid{display:inline-block;font-family:ui-monospace,\"DejaVu Sans Mono\",monospace;font-size:12px;"
    "background:#eef1f4;border-radius:4px;padding:0 6px;margin-right:6px;color:#424a53}\n"
    ".title{font-weight:600}\n"
    ".path{color:var(--muted);word-break:break-all;display:block;margin-top:2px}\n"
    ".badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:600;"
    "border:1px solid transparent}\n"
    ".badge.ok{color:var(--ok);background:var(--okbg);border-color:#aceebb}\n"
    ".badge.warning{color:var(--warn);background:var(--warnbg);border-color:#f5e08a}\n"
    ".badge.error{color:var(--err);background:var(--errbg);border-color:#ffcecb}\n"
    "ul.findings{list-style:none;margin:0;padding:0}\n"
    "ul.findings li{display:grid;grid-template-columns:58px 136px 40px 1fr;gap:8px;padding:3px 0;"
    "align-items:baseline}\n"
    "ul.findings li+li{border-top:1px dashed #eaeef2}\n"
    ".sev{font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}\n"
    ".sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.notice{color:var(--note)}\n"
    ".pg{color:var(--muted);font-size:12.5px;white-space:nowrap}\n"
    ".hint{display:block;color:var(--muted);font-size:12.5px}.hint::before{content:\"hint: \"}\n"
    ".none{color:var(--muted)}\n"
    ".thumbs{display:flex;flex-wrap:wrap;gap:14px;margin-top:10px}\n"
    "figure{margin:0}\n"
    "figure img{display:block;border:1px solid #c9d1d9;box-shadow:0 1px 3px rgba(31,35,40,.12);"
    "background:#fff;transition:transform .15s;transform-origin:top left}\n"
    "figure img:hover{transform:scale(2);position:relative;z-index:2;box-shadow:0 6px 24px rgba(31,35,40,.3)}\n"
    "figcaption{font-size:12px;color:var(--muted);margin-top:4px}\n"
    ".nothumb{display:flex;align-items:center;justify-content:center;text-align:center;"
    "border:1px dashed #c9d1d9;color:var(--muted);font-size:12px;background:#fafbfc}\n"
    ".more{color:var(--muted);font-size:12px;align-self:flex-end;margin:0}\n"
    ".legend{color:var(--muted);font-size:12px;margin:10px 0 0}\n"
    ".sw{display:inline-block;width:12px;height:9px;vertical-align:-1px;margin:0 4px 0 10px}\n"
    ".sw.blue{border:1.5px solid #2163db}.sw.red{border:2px solid #db1414;background:rgba(230,26,26,.22)}\n"
    "footer{color:var(--muted);font-size:12px;margin-top:18px}\n"
    "@media print{body{background:#fff}main{padding:0}figure img:hover{transform:none}"
    "tr{break-inside:avoid}}\n"
    "@media (max-width:900px){.totals{grid-template-columns:repeat(3,1fr)}"
    "ul.findings li{grid-template-columns:60px 1fr}}\n";

static void fact(struct strbuf *out, const char *label, const char *value_html)
{
    strbuf_addf(out, "<div><dt>%s</dt><dd>%s</dd></div>", label, value_html);
}

static void card(struct strbuf *out, const char *cls, const char *value_html, const char *label)
{
    strbuf_addf(out, "<div class=\"card%s%s\"><div class=\"n\">%s</div><div class=\"l\">%s</div></div>",
                *cls ? " " : "", cls, value_html, label);
}

static void emit_header(struct strbuf *out, const struct html_report *r)
{
    const struct style *st = r->style;
    const char *currency = st->currency ? st->currency : "";
    size_t errors = 0, warnings = 0;
    long pages = 0, paid = 0;
    double fees = 0;
    for (size_t i = 0; i < r->npapers; i++) {
        const struct html_paper *p = &r->papers[i];
        const char *status = paper_status(p->findings);
        errors += !strcmp(status, "error");
        warnings += !strcmp(status, "warning");
        pages += p->info && p->info->readable ? p->info->npages : 0;
        paid += p->paid_pages;
        fees += p->fee;
    }
    bool build = r->kind && !strcmp(r->kind, "build");

    strbuf_adds(out, "<header>\n<h1>");
    if (build && r->volume_title && *r->volume_title)
        html_escape(out, r->volume_title);
    else
        strbuf_adds(out, "Format check report");
    strbuf_adds(out, "</h1>\n<p class=\"sub\">");
    strbuf_adds(out, build ? "Format check of the papers of the volume (collate build)"
                           : "Papers checked against the venue&#39;s format (collate check)");
    strbuf_adds(out, "</p>\n<dl class=\"facts\">");

    struct strbuf v = STRBUF_INIT;
    strbuf_adds(&v, "<code>");
    html_escape(&v, st->name);
    strbuf_adds(&v, "</code>");
    if (st->description && *st->description) {
        strbuf_adds(&v, " <span style=\"font-weight:400\">");
        html_escape(&v, st->description);
        strbuf_adds(&v, "</span>");
    }
    fact(out, "Style", strbuf_str(&v));
    strbuf_release(&v);

    if (r->page_limit > 0)
        strbuf_addf(&v, "%d pages", r->page_limit);
    else
        strbuf_adds(&v, "none");
    fact(out, "Page limit", strbuf_str(&v));
    strbuf_release(&v);

    if (r->page_limit > 0 && r->extra_pages > 0) {
        strbuf_addf(&v, "up to %d", r->extra_pages);
        if (r->fee_per_page > 0) { /* no "0.00" for a venue without fees */
            strbuf_adds(&v, " at ");
            money(&v, r->fee_per_page, currency);
            strbuf_adds(&v, " each");
        }
    } else {
        strbuf_adds(&v, "none");
    }
    fact(out, "Paid extra pages", strbuf_str(&v));
    strbuf_release(&v);

    time_t epoch = (time_t)build_epoch();
    struct tm tm;
    char date[64] = "unknown";
    if (gmtime_r(&epoch, &tm))
        strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", &tm);
    fact(out, "Date", date);
    strbuf_adds(out, "</dl>\n<div class=\"totals\">");

    char num[64];
    snprintf(num, sizeof(num), "%zu", r->npapers);
    card(out, "", num, "papers");
    snprintf(num, sizeof(num), "%zu", errors);
    card(out, errors ? "err" : "", num, "with errors");
    snprintf(num, sizeof(num), "%zu", warnings);
    card(out, warnings ? "warn" : "", num, "with warnings");
    snprintf(num, sizeof(num), "%ld", pages);
    card(out, "", num, "pages");
    snprintf(num, sizeof(num), "%ld", paid);
    card(out, "", num, "paid pages");
    if (r->fee_per_page > 0) {
        money(&v, fees, currency);
        card(out, "", strbuf_str(&v), "total fees");
        strbuf_release(&v);
    }
    strbuf_adds(out, "</div>\n</header>\n");
}

static void emit_finding(struct strbuf *out, const struct finding *f)
{
    const char *sev = severity_name(f->severity);
    strbuf_addf(out, "<li><span class=\"sev %s\">%s</span><code>%s</code>", sev, sev, finding_code_name(f->code));
    if (f->page > 0)
        strbuf_addf(out, "<span class=\"pg\">p.&nbsp;%d</span>", f->page);
    else
        strbuf_adds(out, "<span class=\"pg\">file</span>");
    strbuf_adds(out, "<span class=\"msg\">");
    html_escape(out, f->message);
    if (f->hint)
        element(out, "span", "hint", f->hint);
    strbuf_adds(out, "</span></li>");
}

/* currency NULL: the venue has no fee, and no fee column. */
static void emit_paper(struct strbuf *out, size_t index, const struct html_paper *p, const char *currency,
                       const struct paper_thumbs *t)
{
    const char *status = paper_status(p->findings);
    strbuf_addf(out, "<tr class=\"%s\"><td class=\"idx\">%zu</td><td class=\"paper\">", status, index + 1);
    if (p->id)
        element(out, "span", "pid", p->id);
    if (p->title)
        element(out, "span", "title", p->title);
    element(out, "span", "path", p->path);
    strbuf_addf(out, "</td><td><span class=\"badge %s\">%s</span></td>", status, status);
    if (p->info && p->info->readable)
        strbuf_addf(out, "<td class=\"num\">%d</td>", p->info->npages);
    else
        strbuf_adds(out, "<td class=\"num\">&ndash;</td>");
    strbuf_addf(out, "<td class=\"num\">%d</td>", p->paid_pages);
    if (currency) {
        strbuf_adds(out, "<td class=\"num\">");
        if (p->paid_pages > 0)
            money(out, p->fee, currency);
        else
            strbuf_adds(out, "&ndash;");
        strbuf_adds(out, "</td>");
    }
    strbuf_adds(out, "<td>");
    if (p->findings->n == 0) {
        strbuf_adds(out, "<span class=\"none\">No findings</span>");
    } else {
        strbuf_adds(out, "<ul class=\"findings\">");
        for (size_t k = 0; k < p->findings->n; k++)
            emit_finding(out, &p->findings->items[k]);
        strbuf_adds(out, "</ul>");
    }
    emit_thumbs(out, p, t);
    strbuf_adds(out, "</td></tr>\n");
}

void html_report_render(struct strbuf *out, const struct html_report *r, const struct html_report_options *opts)
{
    const struct style *st = r->style;
    const char *currency = st->currency ? st->currency : "";

    /* Plan and render every picture first, in parallel children. */
    struct paper_thumbs *thumbs = xcalloc(r->npapers ? r->npapers : 1, sizeof(*thumbs));
    struct thumb_job *jobs = xcalloc(r->npapers ? r->npapers : 1, sizeof(*jobs));
    size_t budget = THUMBS_TOTAL;
    bool any_thumbs = false;
    for (size_t i = 0; i < r->npapers; i++) {
        plan_thumbs(&r->papers[i], st, &budget, &thumbs[i]);
        jobs[i].path = r->papers[i].render_path ? r->papers[i].render_path : r->papers[i].path;
        jobs[i].pages = thumbs[i].pages;
        jobs[i].npages = thumbs[i].npages;
        any_thumbs = any_thumbs || thumbs[i].npages > 0;
    }
    struct thumbnail_options topts = {THUMB_CSS_WIDTH * THUMB_PIXEL_RATIO, opts ? opts->jobs : 0,
                                      opts ? opts->timeout_seconds : 0, 0};
    if (any_thumbs)
        thumbnail_render(jobs, r->npapers, &topts);

    strbuf_adds(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    strbuf_addf(out, "<meta name=\"generator\" content=\"collate %s\">\n<title>", COLLATE_VERSION);
    if (r->volume_title && *r->volume_title) {
        html_escape(out, r->volume_title);
        strbuf_adds(out, " &ndash; ");
    }
    strbuf_adds(out, "format check (");
    html_escape(out, st->name);
    strbuf_addf(out, ")</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    emit_header(out, r);

    bool fees = r->fee_per_page > 0;
    strbuf_addf(out, "<table>\n<thead><tr><th>#</th><th>Paper</th><th>Status</th><th class=\"num\">Pages</th>"
                     "<th class=\"num\">Paid</th>%s<th>Findings</th></tr></thead>\n<tbody>\n",
                fees ? "<th class=\"num\">Fee</th>" : "");
    for (size_t i = 0; i < r->npapers; i++)
        emit_paper(out, i, &r->papers[i], fees ? currency : NULL, &thumbs[i]);
    strbuf_adds(out, "</tbody>\n</table>\n");
    if (any_thumbs)
        strbuf_adds(out, "<p class=\"legend\">Page pictures:<span class=\"sw blue\"></span>the style&#39;s "
                         "text block<span class=\"sw red\"></span>content found outside it. "
                         "Point at a picture to enlarge it.</p>\n");
    strbuf_addf(out, "<footer>Written by collate %s. Paid pages are the pages beyond the limit%s</footer>\n"
                     "</main>\n</body>\n</html>\n",
                COLLATE_VERSION, fees ? "; the fee is paid pages &times; the fee per page." : ".");

    thumbnail_jobs_release(jobs, r->npapers);
    free(jobs);
    free(thumbs);
}

bool html_report_write(const char *path, const struct html_report *report, const struct html_report_options *opts)
{
    struct strbuf sb = STRBUF_INIT;
    html_report_render(&sb, report, opts);
    bool ok = write_file_atomic(path, sb.buf ? sb.buf : "", sb.len) == 0;
    if (!ok) {
        struct srcloc loc = {path, 0, 0};
        diag_error(&loc, "cannot write the HTML report: %s", strerror(errno));
    }
    strbuf_release(&sb);
    return ok;
}

bool html_report_check(const char *path, const struct paper_result *results, size_t n, const struct style *style,
                       const struct style_limits *limits, const struct html_report_options *opts)
{
    struct html_paper *papers = xcalloc(n ? n : 1, sizeof(*papers));
    for (size_t i = 0; i < n; i++) {
        papers[i].path = results[i].path;
        papers[i].render_path = results[i].path;
        papers[i].info = results[i].info;
        papers[i].findings = &results[i].findings;
        papers[i].paid_pages = results[i].paid_pages;
        papers[i].fee = results[i].fee;
    }
    struct html_report r = {"check", NULL, style, check_page_limit(style, limits), check_extra_pages(style, limits),
                            check_extra_page_fee(style, limits), papers, n};
    bool ok = html_report_write(path, &r, opts);
    free(papers);
    return ok;
}

bool html_report_build(const char *path, const struct manifest *m, const struct style *style,
                       const struct pdf_info *infos, const struct findings *findings,
                       const struct html_report_options *opts)
{
    double fee = check_extra_page_fee(style, &m->limits);
    int extra = check_extra_pages(style, &m->limits);
    size_t n = manifest_paper_count(m);
    const struct paper **sources = manifest_papers(m);
    struct html_paper *papers = xcalloc(n ? n : 1, sizeof(*papers));
    for (size_t i = 0; i < n; i++) {
        struct html_paper *p = &papers[i];
        p->id = sources[i]->id;
        p->title = sources[i]->title;
        p->path = sources[i]->pdf;
        p->render_path = sources[i]->pdf_path;
        p->info = &infos[i];
        p->findings = &findings[i];
        p->paid_pages = check_paid_pages(style, &m->limits, check_counted_pages(&infos[i], style));
        p->fee = check_fee(style, &m->limits, check_counted_pages(&infos[i], style));
    }
    struct html_report r = {"build", m->title, style, check_page_limit(style, &m->limits), extra, fee, papers, n};
    bool ok = html_report_write(path, &r, opts);
    free(papers);
    free(sources);
    return ok;
}
