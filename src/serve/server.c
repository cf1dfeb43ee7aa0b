/* server: routes, uploads, limits and answers of `collate serve` over
 * libmicrohttpd (see server.h). */
#include "serve/server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/json.h"
#include "base/util.h"
#include "serve/ratelimit.h"

/* connect-src 'self' lets the page's script call /api/check (without it
 * connect-src falls back to default-src 'none'). */
#define CSP "default-src 'none'; img-src data:; style-src 'self'; script-src 'self'; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'"
#define POST_BUFFER 65536          /* libmicrohttpd's post processor buffer */
#define RATE_CLIENTS 4096          /* addresses the rate limiter remembers */
#define DISCARD_FACTOR 4           /* an over-long body is read up to this many limits, then cut */
#define REASON_LEN 256

enum route { R_NONE, R_INDEX, R_SCRIPT, R_STYLE, R_HEALTH, R_CHECK, R_API };

struct server {
    const struct page_site *site;
    struct dispatcher *dispatcher;
    struct serve_options opts;
    struct MHD_Daemon *daemon;
    struct ratelimit *rate;
    char *root;                    /* private folder of the job folders */
    struct strbuf style_sheet;     /* /style.css, made once */
    int port;
    pthread_mutex_t lock;          /* guards active and the log */
    int active;                    /* checks uploading, waiting or running */
};

/* One POST being received. */
struct upload {
    struct server *srv;
    enum route route;
    bool counted;                  /* included in srv->active */
    struct MHD_PostProcessor *pp;  /* multipart; NULL for a raw body */
    char *dir;                     /* the job folder */
    int fd;                        /* the upload file; -1 when closed */
    size_t received;               /* bytes of the file */
    size_t discarded;              /* body bytes dropped after an error */
    bool have_file;                /* a file part (or a raw body) was seen */
    bool file_done;                /* a second file part began: ignored */
    char name[DISPATCH_NAME_MAX + 1];
    char paper[DISPATCH_ID_MAX + 1];
    int status;                    /* an error found while receiving; 0: none */
    char message[REASON_LEN];
    double started;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- answers ---- */

static void security_headers(struct MHD_Response *r)
{
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
}

/* Queue body (taken) with status and type; extra headers in pairs, NULL-ended. */
static enum MHD_Result answer(struct MHD_Connection *c, int status, const char *type, struct strbuf *body,
                              bool close_after, ...)
{
    size_t len = body->len;
    char *bytes = strbuf_detach(body);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, bytes ? bytes : (char *)"",
                                                             bytes ? MHD_RESPMEM_MUST_FREE
                                                                   : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(bytes);
        return MHD_NO;
    }
    security_headers(r);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (close_after)
        MHD_add_response_header(r, "Connection", "close");
    va_list ap;
    va_start(ap, close_after);
    for (const char *k; (k = va_arg(ap, const char *));)
        MHD_add_response_header(r, k, va_arg(ap, const char *));
    va_end(ap);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result answer_static(struct MHD_Connection *c, const char *type, const char *bytes, size_t len)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)bytes, MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    security_headers(r);
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-cache");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ret;
}

/* An error as JSON (API) or as a page. */
static enum MHD_Result answer_error(struct server *srv, struct MHD_Connection *c, bool api, int status,
                                    const char *message, int retry_after, bool close_after, const char *allow)
{
    struct strbuf body = STRBUF_INIT;
    const char *type;
    if (api) {
        struct json j;
        json_init(&j, &body);
        json_begin_object(&j);
        json_key(&j, "schema");
        json_string(&j, "collate-serve-error/1");
        json_key(&j, "status");
        json_int(&j, status);
        json_key(&j, "error");
        json_string(&j, message);
        json_end_object(&j);
        strbuf_addch(&body, '\n');
        type = "application/json; charset=utf-8";
    } else {
        page_error(&body, srv->site, status, message);
        type = "text/html; charset=utf-8";
    }
    char retry[32];
    snprintf(retry, sizeof(retry), "%d", retry_after);
    if (retry_after > 0)
        return answer(c, status, type, &body, close_after, "Retry-After", retry, (const char *)NULL);
    if (allow)
        return answer(c, status, type, &body, close_after, "Allow", allow, (const char *)NULL);
    return answer(c, status, type, &body, close_after, (const char *)NULL);
}

static void log_line(struct server *srv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void log_line(struct server *srv, const char *fmt, ...)
{
    if (srv->opts.quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&srv->lock); /* diag keeps counters: one thread at a time */
    diag_note(NULL, "%s", msg);
    pthread_mutex_unlock(&srv->lock);
    free(msg);
}

/* ---- the job folder ---- */

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char *p = path_join(dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

static void upload_free(struct upload *u)
{
    if (!u)
        return;
    if (u->pp)
        MHD_destroy_post_processor(u->pp);
    if (u->fd >= 0)
        close(u->fd);
    if (u->dir) {
        remove_tree(u->dir);
        free(u->dir);
    }
    if (u->counted) {
        pthread_mutex_lock(&u->srv->lock);
        u->srv->active--;
        pthread_mutex_unlock(&u->srv->lock);
    }
    free(u);
}

static void fail_upload(struct upload *u, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Remember the first error; the body is then read and dropped. */
static void fail_upload(struct upload *u, int status, const char *fmt, ...)
{
    if (u->status)
        return;
    u->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(u->message, sizeof(u->message), fmt, ap);
    va_end(ap);
    if (u->fd >= 0) {
        close(u->fd);
        u->fd = -1;
    }
}

static void too_large(struct upload *u)
{
    fail_upload(u, MHD_HTTP_CONTENT_TOO_LARGE, "the upload is larger than the limit of %zu MB",
                u->srv->opts.max_upload / 1000000);
}

static void write_file_data(struct upload *u, const char *data, size_t size)
{
    if (u->status)
        return;
    if (u->received + size > u->srv->opts.max_upload) {
        too_large(u);
        return;
    }
    u->received += size;
    while (size > 0) {
        ssize_t w = write(u->fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fail_upload(u, MHD_HTTP_INSUFFICIENT_STORAGE, "the server cannot store the upload now");
            return;
        }
        data += w;
        size -= (size_t)w;
    }
}

/* A file name as shown in the results: its last component, without
 * control characters, never empty. */
static void set_name(struct upload *u, const char *filename)
{
    const char *base = filename ? filename : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0;
    for (const char *p = base; *p && n < sizeof(u->name) - 1; p++)
        if ((unsigned char)*p >= 0x20 && *p != 0x7f)
            u->name[n++] = *p;
    u->name[n] = 0;
    if (!n)
        snprintf(u->name, sizeof(u->name), "upload.pdf");
}

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                  const char *content_type, const char *transfer_encoding, const char *data,
                                  uint64_t off, size_t size)
{
    struct upload *u = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    if (filename) { /* a file part: the first one is the paper, others are ignored */
        if (!u->have_file) {
            u->have_file = true;
            set_name(u, filename);
        } else if (off == 0) {
            u->file_done = true;
        }
        if (!u->file_done)
            write_file_data(u, data, size);
        return MHD_YES;
    }
    if (key && !strcmp(key, "paper")) {
        size_t have = strlen(u->paper);
        if (off != have || have + size >= sizeof(u->paper)) {
            fail_upload(u, MHD_HTTP_BAD_REQUEST, "the paper id is too long");
            return MHD_YES;
        }
        memcpy(u->paper + have, data, size);
        u->paper[have + size] = 0;
    }
    return MHD_YES;
}

/* ---- routing ---- */

static enum route find_route(const char *url)
{
    static const struct {
        const char *url;
        enum route route;
    } routes[] = {{"/", R_INDEX},         {"/app.js", R_SCRIPT},  {"/style.css", R_STYLE},
                  {"/healthz", R_HEALTH}, {"/check", R_CHECK},    {"/api/check", R_API}};
    for (size_t i = 0; i < ARRAY_SIZE(routes); i++)
        if (!strcmp(url, routes[i].url))
            return routes[i].route;
    return R_NONE;
}

static enum MHD_Result serve_get(struct server *srv, struct MHD_Connection *c, enum route route)
{
    struct strbuf body = STRBUF_INIT;
    size_t len;
    const char *js;
    switch (route) {
    case R_INDEX:
        page_index(&body, srv->site);
        return answer(c, MHD_HTTP_OK, "text/html; charset=utf-8", &body, false, (const char *)NULL);
    case R_SCRIPT:
        js = page_script(&len);
        return answer_static(c, "text/javascript; charset=utf-8", js, len);
    case R_STYLE:
        return answer_static(c, "text/css; charset=utf-8", strbuf_str(&srv->style_sheet), srv->style_sheet.len);
    case R_HEALTH: {
        bool alive = dispatch_alive(srv->dispatcher);
        pthread_mutex_lock(&srv->lock);
        int active = srv->active;
        pthread_mutex_unlock(&srv->lock);
        strbuf_addf(&body, "{\"status\": \"%s\", \"active\": %d, \"checking\": %d}\n",
                    alive ? "ok" : "unavailable", active, dispatch_pending(srv->dispatcher));
        return answer(c, alive ? MHD_HTTP_OK : MHD_HTTP_SERVICE_UNAVAILABLE, "application/json; charset=utf-8",
                      &body, false, (const char *)NULL);
    }
    default:
        return MHD_NO;
    }
}

static bool type_is(const char *content_type, const char *want)
{
    size_t n = strlen(want);
    return content_type && !strncasecmp(content_type, want, n) &&
           (content_type[n] == 0 || content_type[n] == ';' || content_type[n] == ' ');
}

/* The first call of a POST: decide at once what can be decided from the
 * headers, else set up the upload. */
static enum MHD_Result begin_post(struct server *srv, struct MHD_Connection *c, enum route route, void **con_cls)
{
    bool api = route == R_API;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    int retry = 0;
    if (!ratelimit_take(srv->rate, ci ? ci->client_addr : NULL, &retry))
        return answer_error(srv, c, api, MHD_HTTP_TOO_MANY_REQUESTS,
                            "too many checks from your address; try again later", retry, true, NULL);
    const char *len_s = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (len_s) {
        char *end;
        unsigned long long len = strtoull(len_s, &end, 10);
        /* Room for the multipart framing around the file. */
        if (len > srv->opts.max_upload + 64 * 1024) {
            char msg[128];
            snprintf(msg, sizeof(msg), "the upload is larger than the limit of %zu MB",
                     srv->opts.max_upload / 1000000);
            return answer_error(srv, c, api, MHD_HTTP_CONTENT_TOO_LARGE, msg, 0, true, NULL);
        }
    }
    const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    bool multipart = type_is(type, "multipart/form-data");
    bool raw = api && (type_is(type, "application/pdf") || type_is(type, "application/octet-stream"));
    if (!multipart && !raw)
        return answer_error(srv, c, api, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                            api ? "send the PDF as application/pdf or as multipart/form-data"
                                : "send the PDF as multipart/form-data",
                            0, true, NULL);
    pthread_mutex_lock(&srv->lock);
    bool full = srv->active >= srv->opts.max_queue;
    if (!full)
        srv->active++;
    pthread_mutex_unlock(&srv->lock);
    if (full)
        return answer_error(srv, c, api, MHD_HTTP_SERVICE_UNAVAILABLE,
                            "the service is busy; try again in a few seconds", 5, true, NULL);

    struct upload *u = xcalloc(1, sizeof(*u));
    u->srv = srv;
    u->route = route;
    u->counted = true;
    u->fd = -1;
    u->started = now_seconds();
    *con_cls = u;
    u->dir = path_join(srv->root, "job-XXXXXX");
    char *upload_path = NULL;
    if (!mkdtemp(u->dir)) {
        free(u->dir);
        u->dir = NULL;
    } else {
        upload_path = path_join(u->dir, DISPATCH_UPLOAD);
        u->fd = open(upload_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        free(upload_path);
    }
    if (u->fd < 0)
        fail_upload(u, MHD_HTTP_INSUFFICIENT_STORAGE, "the server cannot store the upload now");
    if (multipart) {
        u->pp = MHD_create_post_processor(c, POST_BUFFER, post_field, u);
        if (!u->pp)
            fail_upload(u, MHD_HTTP_BAD_REQUEST, "the multipart form cannot be read");
    } else {
        u->have_file = true;
        const char *name = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name");
        set_name(u, name);
    }
    return MHD_YES;
}

/* Read a result file of the job; NULL when missing. */
static char *job_file(const struct upload *u, const char *name, size_t *len)
{
    char *p = path_join(u->dir, name);
    char *data = read_file(p, len);
    free(p);
    return data;
}

/* collate-check/1 with "report_html" added before its closing brace (a new
 * field, as the schema allows). */
static void add_report_html(struct strbuf *json, const char *html)
{
    while (json->len && (json->buf[json->len - 1] == '\n' || json->buf[json->len - 1] == ' '))
        json->len--;
    if (!json->len || json->buf[json->len - 1] != '}')
        return;
    json->len--;
    while (json->len && (json->buf[json->len - 1] == '\n' || json->buf[json->len - 1] == ' '))
        json->len--;
    json->buf[json->len] = 0;
    strbuf_adds(json, ",\n  \"report_html\": ");
    json_quote(json, html);
    strbuf_adds(json, "\n}\n");
}

/* The upload is complete: check it and answer. */
static enum MHD_Result finish_post(struct server *srv, struct MHD_Connection *c, struct upload *u)
{
    bool api = u->route == R_API;
    if (u->pp) {
        bool ok = MHD_destroy_post_processor(u->pp) == MHD_YES;
        u->pp = NULL;
        if (!ok && !u->status)
            fail_upload(u, MHD_HTTP_BAD_REQUEST, "the multipart form is incomplete or malformed");
    }
    if (u->fd >= 0) {
        if (close(u->fd) != 0)
            fail_upload(u, MHD_HTTP_INSUFFICIENT_STORAGE, "the server cannot store the upload now");
        u->fd = -1;
    }
    if (!u->status && !u->have_file)
        fail_upload(u, MHD_HTTP_BAD_REQUEST, api ? "no file was uploaded (send the PDF as the body, or as a "
                                                   "multipart field with a file name)"
                                                 : "no file was uploaded; choose a PDF");
    if (!u->status && u->received == 0)
        fail_upload(u, MHD_HTTP_BAD_REQUEST, "the uploaded file is empty");
    const char *paper = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "paper");
    if (paper && *paper && !u->paper[0])
        snprintf(u->paper, sizeof(u->paper), "%s", paper);
    if (!u->status && u->paper[0]) {
        if (!srv->site->manifest)
            fail_upload(u, MHD_HTTP_BAD_REQUEST, "this server has no manifest, so a paper id cannot be checked");
        else if (!dispatch_find_paper(srv->site->manifest, u->paper))
            fail_upload(u, MHD_HTTP_BAD_REQUEST, "there is no paper '%s' in the manifest", u->paper);
    }
    if (u->status)
        return answer_error(srv, c, api, u->status, u->message, 0, true, NULL);

    const char *html_arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "html");
    bool want_html = !api || (html_arg && !strcmp(html_arg, "1"));
    struct dispatch_job job = {u->dir, u->name, u->paper[0] ? u->paper : NULL, want_html};
    char reason[REASON_LEN];
    double t0 = now_seconds();
    enum dispatch_outcome outcome = dispatch_run(srv->dispatcher, &job, reason, sizeof(reason));
    double t1 = now_seconds();
    if (outcome == DISPATCH_FAILED || outcome == DISPATCH_UNAVAILABLE) {
        int status = outcome == DISPATCH_FAILED ? MHD_HTTP_INTERNAL_SERVER_ERROR : MHD_HTTP_SERVICE_UNAVAILABLE;
        log_line(srv, "%s %zu bytes: %s", api ? "/api/check" : "/check", u->received, reason);
        return answer_error(srv, c, api, status, reason, 0, true, NULL);
    }
    size_t jlen = 0, hlen = 0;
    char *json = job_file(u, DISPATCH_JSON, &jlen);
    char *html = want_html ? job_file(u, DISPATCH_HTML, &hlen) : NULL;
    remove_tree(u->dir); /* nothing of the upload outlives the answer */
    free(u->dir);
    u->dir = NULL;
    if (!json || (want_html && !html)) {
        free(json);
        free(html);
        return answer_error(srv, c, api, MHD_HTTP_INTERNAL_SERVER_ERROR, "the check wrote no result", 0, true,
                            NULL);
    }
    int status = outcome == DISPATCH_UNREADABLE ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK;
    log_line(srv, "%s %s (%zu bytes): %s in %.2f s (upload %.2f s)", api ? "/api/check" : "/check", u->name,
             u->received,
             outcome == DISPATCH_PASSED ? "passed" : outcome == DISPATCH_ERRORS ? "errors" : "unreadable", t1 - t0,
             t0 - u->started);
    struct strbuf body = STRBUF_INIT;
    enum MHD_Result ret;
    if (api) {
        strbuf_add(&body, json, jlen);
        if (want_html)
            add_report_html(&body, html);
        ret = answer(c, status, "application/json; charset=utf-8", &body, false, (const char *)NULL);
    } else {
        page_result(&body, srv->site, html);
        ret = answer(c, status, "text/html; charset=utf-8", &body, false, (const char *)NULL);
    }
    free(json);
    free(html);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    struct server *srv = cls;
    (void)version;
    struct upload *u = *con_cls;
    if (!u) {
        enum route route = find_route(url);
        bool get = !strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD);
        bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
        bool api = route == R_API || route == R_HEALTH;
        if (route == R_NONE)
            return answer_error(srv, c, false, MHD_HTTP_NOT_FOUND, "there is no such page", 0, false, NULL);
        if (route == R_CHECK || route == R_API) {
            if (post)
                return begin_post(srv, c, route, con_cls);
            if (route == R_CHECK && get) { /* a reload of the result page */
                struct strbuf body = STRBUF_INIT;
                page_index(&body, srv->site);
                return answer(c, MHD_HTTP_OK, "text/html; charset=utf-8", &body, false, (const char *)NULL);
            }
            return answer_error(srv, c, api, MHD_HTTP_METHOD_NOT_ALLOWED, "use POST", 0, false, "POST");
        }
        if (!get)
            return answer_error(srv, c, api, MHD_HTTP_METHOD_NOT_ALLOWED, "use GET", 0, false, "GET, HEAD");
        return serve_get(srv, c, route);
    }
    if (*upload_data_size > 0) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (now_seconds() - u->started > srv->opts.upload_deadline)
            return MHD_NO; /* too slow: drop the connection */
        if (u->status) {
            u->discarded += n;
            return u->discarded > DISCARD_FACTOR * srv->opts.max_upload ? MHD_NO : MHD_YES;
        }
        if (u->pp) {
            if (MHD_post_process(u->pp, upload_data, n) != MHD_YES && !u->status)
                fail_upload(u, MHD_HTTP_BAD_REQUEST, "the multipart form cannot be read");
        } else {
            write_file_data(u, upload_data, n);
        }
        return MHD_YES;
    }
    return finish_post(srv, c, u);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    upload_free(*con_cls);
    *con_cls = NULL;
}

static void on_log(void *cls, const char *fmt, va_list ap)
{
    struct server *srv = cls;
    char *msg = xvasprintf(fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = 0;
    pthread_mutex_lock(&srv->lock);
    diag_warning(NULL, "http: %s", msg);
    pthread_mutex_unlock(&srv->lock);
    free(msg);
}

/* "ADDR:PORT" or "[ADDR6]:PORT" into ss; false after a diag error. */
static bool parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
    char *copy = xstrdup(spec);
    char *host = copy, *port = strrchr(copy, ':');
    bool ok = false;
    if (port) {
        *port++ = 0;
        if (*host == '[' && host[strlen(host) - 1] == ']') {
            host++;
            host[strlen(host) - 1] = 0;
        }
        struct addrinfo hints, *res = NULL;
        memset(&hints, 0, sizeof(hints));
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
        hints.ai_socktype = SOCK_STREAM;
        if (getaddrinfo(*host ? host : NULL, port, &hints, &res) == 0 && res) {
            memcpy(ss, res->ai_addr, res->ai_addrlen);
            *len = res->ai_addrlen;
            ok = true;
            freeaddrinfo(res);
        }
    }
    if (!ok)
        diag_error(NULL, "--listen takes ADDRESS:PORT with a numeric address (such as 127.0.0.1:8080 or "
                         "[::1]:8080), not '%s'", spec);
    free(copy);
    return ok;
}

struct server *server_start(const struct page_site *site, struct dispatcher *d, const struct serve_options *o)
{
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    if (!parse_listen(o->listen, &ss, &sslen))
        return NULL;
    struct server *srv = xcalloc(1, sizeof(*srv));
    srv->site = site;
    srv->dispatcher = d;
    srv->opts = *o;
    pthread_mutex_init(&srv->lock, NULL);
    srv->rate = ratelimit_new(o->rate_per_minute, RATE_CLIENTS);
    page_style_sheet(&srv->style_sheet, site->style);
    const char *tmp = o->tmpdir && *o->tmpdir ? o->tmpdir : "/tmp";
    srv->root = path_join(tmp, "collate-serve-XXXXXX");
    if (!mkdtemp(srv->root)) { /* mode 0700 */
        diag_error(NULL, "cannot create a private folder in '%s': %s", tmp, strerror(errno));
        free(srv->root);
        srv->root = NULL;
        server_stop(srv);
        return NULL;
    }
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
                     MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    /* Connections: every check allowed, plus as many again for pages. */
    unsigned conns = (unsigned)(2 * o->max_queue + 16);
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_log, srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->idle_timeout, MHD_OPTION_CONNECTION_LIMIT, conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, conns, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    if (!srv->daemon) {
        diag_error(NULL, "cannot listen on %s: %s", o->listen, strerror(errno));
        server_stop(srv);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : 0;
    return srv;
}

int server_port(const struct server *s)
{
    return s->port;
}

const char *server_root(const struct server *s)
{
    return s->root;
}

void server_quiesce(struct server *s)
{
    if (!s || !s->daemon)
        return;
    MHD_socket fd = MHD_quiesce_daemon(s->daemon);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

int server_active(struct server *s)
{
    pthread_mutex_lock(&s->lock);
    int n = s->active;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void server_stop(struct server *s)
{
    if (!s)
        return;
    if (s->daemon)
        MHD_stop_daemon(s->daemon);
    if (s->root) {
        remove_tree(s->root);
        free(s->root);
    }
    ratelimit_free(s->rate);
    strbuf_release(&s->style_sheet);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
