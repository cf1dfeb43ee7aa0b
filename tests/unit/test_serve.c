/* Unit tests: the parts of `collate serve` that need no network.  The
 * token bucket per address (burst, refill, separate addresses, IPv4 mapped
 * into IPv6, a full table), runner_wait_timeout (gives up while the child
 * runs, then collects it), and the report fragment (the report's <main>
 * without inline style attributes, with advice for the codes found). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/runner.h"
#include "base/util.h"
#include "check/finding.h"
#include "serve/page.h"
#include "serve/ratelimit.h"

static struct sockaddr_in v4(const char *ip)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

static void test_bucket_burst_and_addresses(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(3, 16);
    struct sockaddr_in a = v4("192.0.2.1"), b = v4("192.0.2.2");
    for (int i = 0; i < 3; i++)
        assert_true(ratelimit_take(rl, (struct sockaddr *)&a, NULL));
    int retry = 0;
    assert_false(ratelimit_take(rl, (struct sockaddr *)&a, &retry));
    assert_true(retry >= 1 && retry <= 20); /* one token every 20 s */
    assert_true(ratelimit_take(rl, (struct sockaddr *)&b, NULL)); /* another address */

    /* The same address written as IPv4 mapped into IPv6 shares the bucket. */
    struct sockaddr_in6 m;
    memset(&m, 0, sizeof(m));
    m.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::ffff:192.0.2.1", &m.sin6_addr);
    assert_false(ratelimit_take(rl, (struct sockaddr *)&m, NULL));
    ratelimit_free(rl);
}

static void test_bucket_refills(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(600, 4); /* one token every 0.1 s */
    struct sockaddr_in a = v4("198.51.100.7");
    int taken = 0;
    while (ratelimit_take(rl, (struct sockaddr *)&a, NULL) && taken < 1000)
        taken++;
    assert_true(taken >= 600 && taken < 1000); /* the burst, plus what refilled meanwhile */
    usleep(250 * 1000);
    assert_true(ratelimit_take(rl, (struct sockaddr *)&a, NULL));
    ratelimit_free(rl);
}

static void test_bucket_table_full(void **state)
{
    (void)state;
    struct ratelimit *rl = ratelimit_new(1, 2);
    struct sockaddr_in a = v4("203.0.113.1"), b = v4("203.0.113.2"), c = v4("203.0.113.3");
    assert_true(ratelimit_take(rl, (struct sockaddr *)&a, NULL));
    assert_true(ratelimit_take(rl, (struct sockaddr *)&b, NULL));
    assert_true(ratelimit_take(rl, (struct sockaddr *)&c, NULL)); /* reuses a's entry */
    assert_false(ratelimit_take(rl, (struct sockaddr *)&c, NULL));
    assert_null(ratelimit_new(0, 8)); /* no limit */
    assert_true(ratelimit_take(NULL, (struct sockaddr *)&a, NULL));
    ratelimit_free(rl);
}

static int sleep_then_write(const struct runner_task *task, int fd)
{
    (void)task;
    usleep(300 * 1000);
    ssize_t w = write(fd, "done", 4);
    return w == 4 ? 7 : 1;
}

static void test_wait_timeout(void **state)
{
    (void)state;
    struct runner_task task = {sleep_then_write, NULL, 0, {0, 0, 10, 0, 0}};
    struct runner_child *c = runner_start(&task);
    assert_non_null(c);
    struct runner_result res;
    assert_false(runner_wait_timeout(c, &res, 0));  /* only looks */
    assert_false(runner_wait_timeout(c, &res, 50)); /* gives up */
    int rounds = 0;
    while (!runner_wait_timeout(c, &res, 20))
        assert_true(++rounds < 500);
    assert_int_equal(res.end, RUNNER_EXITED);
    assert_int_equal(res.code, 7);
    assert_string_equal(strbuf_str(&res.out), "done");
    runner_result_release(&res);
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1); /* reaped */
}

static void test_fragment(void **state)
{
    (void)state;
    const char *report = "<html><head><style>x{}</style></head><body>\n<main>\n"
                         "<p class=\"a\" style=\"width:3px\">text &quot;quoted&quot;</p>"
                         "<span style=\"font-weight:400\">desc</span>\n</main>\n</body></html>";
    struct findings f = {NULL, 0, 0};
    findings_add(&f, F_MARGIN, SEV_ERROR, 2, "text extends 3 pt into the left margin");
    findings_add(&f, F_MARGIN, SEV_ERROR, 3, "again");
    struct strbuf out = STRBUF_INIT;
    page_report_fragment(&out, report, &f);
    const char *s = strbuf_str(&out);
    assert_non_null(strstr(s, "<p class=\"a\">text &quot;quoted&quot;</p><span>desc</span>"));
    assert_null(strstr(s, "style="));
    assert_null(strstr(s, "<main>"));
    assert_non_null(strstr(s, "How to fix what was found"));
    assert_non_null(strstr(s, "<code>margin</code> Content in the margins"));
    assert_null(strstr(s, "<code>font_not_embedded</code>")); /* only the codes found */
    strbuf_release(&out);

    struct findings none = {NULL, 0, 0};
    page_report_fragment(&out, report, &none);
    assert_null(strstr(strbuf_str(&out), "How to fix"));
    strbuf_release(&out);
    findings_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bucket_burst_and_addresses),
        cmocka_unit_test(test_bucket_refills),
        cmocka_unit_test(test_bucket_table_full),
        cmocka_unit_test(test_wait_timeout),
        cmocka_unit_test(test_fragment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
