/* qpdfh: libqpdf handles, error text and object helpers (see qpdfh.h). */
#include "pdf/qpdfh.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MAX_PARENTS 64 /* /Parent steps when looking up inherited keys */

/* ---- Documents ---- */

qpdf_data qpdfh_new(void)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    return q;
}

void qpdfh_free(qpdf_data *q)
{
    if (!*q)
        return;
    if (qpdf_has_error(*q))
        qpdf_get_error(*q);
    qpdf_cleanup(q);
}

int qpdfh_parse_version(const char *s)
{
    if (!s || s[0] < '1' || s[0] > '9' || s[1] != '.' || s[2] < '0' || s[2] > '9' || (s[3] >= '0' && s[3] <= '9'))
        return 0;
    return 10 * (s[0] - '0') + (s[2] - '0');
}

int qpdfh_version(qpdf_data q)
{
    return qpdfh_parse_version(qpdf_get_pdf_version(q));
}

/* ---- Errors and warnings ---- */

bool qpdfh_failed(qpdf_data q, const struct srcloc *loc, const char *prefix)
{
    if (!q || !qpdf_has_error(q))
        return false;
    qpdf_error e = qpdf_get_error(q);
    const char *text = e ? qpdf_get_error_full_text(q, e) : NULL;
    diag_error(loc, "%s: %s", prefix, text && *text ? text : "unknown libqpdf error");
    return true;
}

int qpdfh_drain_warnings(qpdf_data q, char **first)
{
    int n = 0;
    while (qpdf_more_warnings(q)) {
        qpdf_error w = qpdf_next_warning(q);
        if (w && !*first)
            *first = xstrdup(qpdf_get_error_full_text(q, w));
        n++;
    }
    return n;
}

/* The full text ends with the bare message (the detail) when libqpdf has
 * one; else the file name and position end at the first ": ". */
char *qpdfh_short_text(qpdf_data q, qpdf_error e)
{
    const char *text = qpdf_get_error_full_text(q, e);
    const char *detail = qpdf_get_error_message_detail(q, e);
    const char *fname = qpdf_get_error_filename(q, e);
    if (!text || !*text)
        return xstrdup(detail && *detail ? detail : "unknown error");
    const char *p = text;
    if (detail && *detail && str_ends_with(text, detail)) {
        p = detail;
    } else if (fname && *fname && str_starts_with(text, fname)) {
        const char *colon = strstr(text + strlen(fname), ": ");
        p = colon ? colon + 2 : text;
    }
    size_t n = strlen(p);
    while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == ' '))
        n--;
    return xstrndup(p, n);
}

/* ---- Reading objects ---- */

qpdf_oh qpdfh_key(qpdf_data q, qpdf_oh dict, const char *k)
{
    /* Checked first: libqpdf warns about key lookups in other types. */
    if (!dict || !qpdf_oh_is_dictionary(q, dict))
        return qpdf_oh_new_null(q);
    return qpdf_oh_get_key(q, dict, k);
}

bool qpdfh_is_name(qpdf_data q, qpdf_oh h, const char *name)
{
    return h && qpdf_oh_is_name_and_equals(q, h, name);
}

bool qpdfh_number(qpdf_data q, qpdf_oh h, double *out)
{
    double v;
    if (!h || !qpdf_oh_get_value_as_number(q, h, &v) || !isfinite(v))
        return false;
    *out = v;
    return true;
}

int qpdfh_array_len(qpdf_data q, qpdf_oh h)
{
    if (!h || !qpdf_oh_is_array(q, h))
        return 0;
    int n = qpdf_oh_get_array_n_items(q, h);
    return n > 0 ? n : 0;
}

qpdf_oh qpdfh_inherited(qpdf_data q, qpdf_oh page, const char *k, qpdfh_usable_fn usable)
{
    if (!page)
        return 0;
    qpdf_oh node = qpdf_oh_new_object(q, page);
    int ids[MAX_PARENTS];
    for (int depth = 0; depth < MAX_PARENTS; depth++) {
        qpdf_oh v = qpdfh_key(q, node, k);
        if (!qpdf_oh_is_null(q, v) && (!usable || usable(q, v))) {
            qpdf_oh_release(q, node);
            return v;
        }
        qpdf_oh_release(q, v);
        /* Direct nodes have id 0 and cannot form loops on their own. */
        int id = qpdf_oh_get_object_id(q, node);
        bool loop = false;
        for (int i = 0; i < depth && id > 0; i++)
            loop = loop || ids[i] == id;
        ids[depth] = id;
        qpdf_oh parent = loop ? 0 : qpdfh_key(q, node, "/Parent");
        qpdf_oh_release(q, node);
        if (!parent || !qpdf_oh_is_dictionary(q, parent)) {
            qpdf_oh_release(q, parent);
            return 0;
        }
        node = parent;
    }
    qpdf_oh_release(q, node);
    return 0;
}

/* ---- Making objects ---- */

void qpdfh_put(qpdf_data q, qpdf_oh dict, const char *k, qpdf_oh value)
{
    qpdf_oh_replace_key(q, dict, k, value);
    qpdf_oh_release(q, value);
}

void qpdfh_put_name(qpdf_data q, qpdf_oh dict, const char *k, const char *name)
{
    qpdfh_put(q, dict, k, qpdf_oh_new_name(q, name));
}

void qpdfh_push(qpdf_data q, qpdf_oh array, qpdf_oh item)
{
    qpdf_oh_append_item(q, array, item);
    qpdf_oh_release(q, item);
}

qpdf_oh qpdfh_new_indirect_dict(qpdf_data q)
{
    qpdf_oh d = qpdf_oh_new_dictionary(q);
    qpdf_oh ind = qpdf_make_indirect_object(q, d);
    qpdf_oh_release(q, d);
    return ind;
}

qpdf_oh qpdfh_new_stream(qpdf_data q, const void *data, size_t len)
{
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh no_filter = qpdf_oh_new_null(q), no_parms = qpdf_oh_new_null(q);
    qpdf_oh_replace_stream_data(q, s, (const unsigned char *)(len ? data : ""), len, no_filter, no_parms);
    qpdf_oh_release(q, no_filter);
    qpdf_oh_release(q, no_parms);
    return s;
}

qpdf_oh qpdfh_by_id(qpdf_data q, int id)
{
    return qpdf_get_object_by_id(q, id, 0);
}

qpdf_oh qpdfh_copy_scalar(qpdf_data from, qpdf_oh h, qpdf_data to)
{
    long long i;
    const char *s;
    size_t n;
    QPDF_BOOL b;
    if (qpdf_oh_is_integer(from, h) && qpdf_oh_get_value_as_longlong(from, h, &i))
        return qpdf_oh_new_integer(to, i);
    if (qpdf_oh_get_value_as_real(from, h, &s, &n))
        return qpdf_oh_new_real_from_string(to, s);
    if (qpdf_oh_get_value_as_name(from, h, &s, &n))
        return qpdf_oh_new_name(to, s);
    if (qpdf_oh_get_value_as_bool(from, h, &b))
        return qpdf_oh_new_bool(to, b);
    if (qpdf_oh_get_value_as_string(from, h, &s, &n))
        return qpdf_oh_new_binary_string(to, s, n);
    return qpdf_oh_new_null(to);
}

void qpdfh_fmt_num(char *buf, size_t size, double x)
{
    if (fabs(x) < 0.00005)
        x = 0;
    snprintf(buf, size, "%.4f", x);
    char *dot = strchr(buf, '.');
    if (!dot)
        return;
    char *end = buf + strlen(buf) - 1;
    while (end > dot && *end == '0')
        *end-- = '\0';
    if (end == dot)
        *end = '\0';
}

qpdf_oh qpdfh_number_array(qpdf_data q, const double *x, int n)
{
    struct strbuf sb = STRBUF_INIT;
    strbuf_addch(&sb, '[');
    for (int i = 0; i < n; i++) {
        char num[64];
        qpdfh_fmt_num(num, sizeof(num), x[i]);
        strbuf_addf(&sb, "%s%s", i ? " " : "", num);
    }
    strbuf_addch(&sb, ']');
    qpdf_oh a = qpdf_oh_parse(q, sb.buf);
    strbuf_release(&sb);
    return a;
}
