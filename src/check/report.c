/* report: text and JSON renderings of check results. */
#include "check/report.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "base/diag.h"
#include "base/json.h"
#include "base/utf8.h"

void report_sort(struct findings *findings)
{
    /* Insertion sort: stable, and lists are short. */
    for (size_t i = 1; i < findings->n; i++) {
        struct finding f = findings->items[i];
        size_t k = i;
        while (k > 0 && findings->items[k - 1].page > f.page) {
            findings->items[k] = findings->items[k - 1];
            k--;
        }
        findings->items[k] = f;
    }
}

enum severity report_worst(const struct findings *findings, bool *any)
{
    enum severity worst = SEV_NOTICE;
    *any = findings->n > 0;
    for (size_t i = 0; i < findings->n; i++)
        if (findings->items[i].severity > worst)
            worst = findings->items[i].severity;
    return worst;
}

static const char *status_of(const struct paper_result *r)
{
    bool any;
    enum severity worst = report_worst(&r->findings, &any);
    if (!any || worst == SEV_NOTICE)
        return "ok";
    return worst == SEV_ERROR ? "error" : "warning";
}

bool report_paper_diagnostics(const struct manifest *m, const struct pdf_info *infos,
                              const struct findings *findings, bool allow_violations)
{
    int blocking = 0, violating = 0;
    size_t n = manifest_paper_count(m);
    const struct paper **papers = manifest_papers(m);
    for (size_t i = 0; i < n; i++) {
        const struct paper *p = papers[i];
        const struct findings *f = &findings[i];
        bool unreadable = !infos[i].readable;
        bool errors = findings_count(f, SEV_ERROR) > 0;
        /* Unreadable papers stop the build whatever the options. */
        bool stops = unreadable || !allow_violations;
        for (size_t k = 0; k < f->n; k++) {
            const struct finding *fd = &f->items[k];
            struct srcloc loc = {p->pdf, fd->page, 0};
            const char *code = finding_code_name(fd->code);
            if (fd->severity == SEV_ERROR && stops)
                diag_error(&loc, "paper '%s': %s [%s]", p->id, fd->message, code);
            else if (fd->severity == SEV_ERROR)
                diag_allowed_error(&loc, "paper '%s': %s [%s]", p->id, fd->message, code);
            else if (fd->severity == SEV_WARNING)
                diag_warning(&loc, "paper '%s': %s [%s]", p->id, fd->message, code);
            else
                diag_note(&loc, "paper '%s': %s [%s]", p->id, fd->message, code);
            /* Quiet hides warnings and notes: their hints too. */
            if (fd->hint && (fd->severity == SEV_ERROR || !diag_quiet()))
                diag_hint("%s", fd->hint);
        }
        blocking += unreadable;
        violating += errors && !unreadable;
    }
    free(papers);
    if (blocking) {
        diag_error(NULL, "%d paper%s cannot be read; the volume was not built", blocking, blocking == 1 ? "" : "s");
        return false;
    }
    if (violating && !allow_violations) {
        diag_error(NULL, "%d paper%s violate%s the format rules; the volume was not built", violating,
                   violating == 1 ? "" : "s", violating == 1 ? "s" : "");
        diag_hint("fix the papers, or build anyway with --allow-violations");
        return false;
    }
    return true;
}

void report_text(FILE *out, const struct paper_result *results, size_t n, bool quiet)
{
    size_t counts[3] = {0, 0, 0}, failed = 0, warned = 0;
    for (size_t i = 0; i < n; i++) {
        const struct paper_result *r = &results[i];
        for (size_t k = 0; k < r->findings.n; k++) {
            const struct finding *f = &r->findings.items[k];
            counts[f->severity]++;
            if (quiet && f->severity != SEV_ERROR)
                continue;
            char *msg = utf8_sanitize(f->message);
            if (f->page > 0)
                fprintf(out, "%s:%d: %s: %s [%s]\n", r->path, f->page, severity_name(f->severity), msg,
                        finding_code_name(f->code));
            else
                fprintf(out, "%s: %s: %s [%s]\n", r->path, severity_name(f->severity), msg,
                        finding_code_name(f->code));
            free(msg);
            if (f->hint) { /* as diag_hint words it, under the finding it explains */
                char *hint = utf8_sanitize(f->hint);
                fprintf(out, "hint: %s\n", hint);
                free(hint);
            }
        }
        const char *status = status_of(r);
        failed += strcmp(status, "error") == 0;
        warned += strcmp(status, "warning") == 0;
        if (!quiet && strcmp(status, "ok") == 0)
            fprintf(out, "%s: ok (%d page%s)\n", r->path, r->info->npages, r->info->npages == 1 ? "" : "s");
    }
    fprintf(out, "%zu file%s checked: %zu passed, %zu with warnings, %zu with errors "
            "(%zu error%s, %zu warning%s, %zu notice%s)\n",
            n, n == 1 ? "" : "s", n - failed - warned, warned, failed, counts[SEV_ERROR],
            counts[SEV_ERROR] == 1 ? "" : "s", counts[SEV_WARNING], counts[SEV_WARNING] == 1 ? "" : "s",
            counts[SEV_NOTICE], counts[SEV_NOTICE] == 1 ? "" : "s");
}

static void json_finding(struct json *j, const struct finding *f)
{
    json_begin_object(j);
    json_key(j, "code");
    json_string(j, finding_code_name(f->code));
    json_key(j, "severity");
    json_string(j, severity_name(f->severity));
    json_key(j, "page");
    if (f->page > 0)
        json_int(j, f->page);
    else
        json_null(j);
    if (f->npages > 0) {
        json_key(j, "pages");
        json_begin_array(j);
        for (size_t k = 0; k < f->npages; k++)
            json_int(j, f->pages[k]);
        json_end_array(j);
    }
    if (f->side) {
        json_key(j, "side");
        json_string(j, f->side);
    }
    if (f->code == F_MARGIN || f->code == F_PAGE_LIMIT || f->code == F_EXTRA_PAGES || f->code == F_FONT_SIZE ||
        f->code == F_LINE_SPACING || f->code == F_COLUMNS ||
        f->code == F_IMAGE_RESOLUTION || f->code == F_TEXT_NOT_READ) {
        json_key(j, "amount");
        json_number(j, f->amount);
    }
    if (f->box[2] > f->box[0]) {
        json_key(j, "box");
        json_begin_array(j);
        for (int k = 0; k < 4; k++)
            json_number(j, f->box[k]);
        json_end_array(j);
    }
    json_key(j, "message");
    json_string(j, f->message);
    if (f->hint) {
        json_key(j, "hint");
        json_string(j, f->hint);
    }
    json_end_object(j);
}

void report_json(struct strbuf *out, const struct paper_result *results, size_t n, const struct style *style,
                 const struct style_limits *limits)
{
    struct json j;
    json_init(&j, out);
    size_t counts[3] = {0, 0, 0};
    json_begin_object(&j);
    json_key(&j, "schema");
    json_string(&j, "collate-check/1");
    json_key(&j, "collate_version");
    json_string(&j, COLLATE_VERSION);
    json_key(&j, "style");
    json_string(&j, style->name);
    json_key(&j, "page_limit");
    json_int(&j, check_page_limit(style, limits));
    json_key(&j, "extra_pages");
    json_int(&j, check_extra_pages(style, limits));
    json_key(&j, "files");
    json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        const struct paper_result *r = &results[i];
        json_begin_object(&j);
        json_key(&j, "path");
        json_string(&j, r->path);
        json_key(&j, "status");
        json_string(&j, status_of(r));
        json_key(&j, "pages");
        json_int(&j, r->info->npages);
        json_key(&j, "paid_pages");
        json_int(&j, r->paid_pages);
        if (check_has_fee(style, limits)) {
            json_key(&j, "fee");
            json_number(&j, r->fee);
            json_key(&j, "currency");
            json_string(&j, style->currency);
        }
        json_key(&j, "findings");
        json_begin_array(&j);
        for (size_t k = 0; k < r->findings.n; k++) {
            counts[r->findings.items[k].severity]++;
            json_finding(&j, &r->findings.items[k]);
        }
        json_end_array(&j);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_key(&j, "summary");
    json_begin_object(&j);
    json_key(&j, "files");
    json_int(&j, (long long)n);
    json_key(&j, "errors");
    json_int(&j, (long long)counts[SEV_ERROR]);
    json_key(&j, "warnings");
    json_int(&j, (long long)counts[SEV_WARNING]);
    json_key(&j, "notices");
    json_int(&j, (long long)counts[SEV_NOTICE]);
    json_end_object(&j);
    json_end_object(&j);
    strbuf_addch(out, '\n');
}
