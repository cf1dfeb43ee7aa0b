/* ratelimit: token buckets per client address (see ratelimit.h).  The
 * table is small and searched linearly: it holds the clients seen in the
 * last minutes, and a search is cheap next to a PDF check. */
#include "serve/ratelimit.h"

#include <math.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/util.h"

struct bucket {
    uint8_t key[17];   /* family tag, then 4 or 16 address bytes */
    double tokens;
    double last;       /* monotonic seconds of the last update */
    bool used;
};

struct ratelimit {
    pthread_mutex_t lock;
    double rate;       /* tokens per second */
    double burst;      /* bucket size */
    struct bucket *buckets;
    size_t n;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct ratelimit *ratelimit_new(int per_minute, size_t max_clients)
{
    if (per_minute <= 0)
        return NULL;
    struct ratelimit *rl = xcalloc(1, sizeof(*rl));
    pthread_mutex_init(&rl->lock, NULL);
    rl->rate = per_minute / 60.0;
    rl->burst = per_minute;
    rl->n = max_clients ? max_clients : 1;
    rl->buckets = xcalloc(rl->n, sizeof(*rl->buckets));
    return rl;
}

void ratelimit_free(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    free(rl->buckets);
    free(rl);
}

/* An IPv4 address mapped into IPv6 counts as the IPv4 address. */
static void make_key(const struct sockaddr *addr, uint8_t key[17])
{
    memset(key, 0, 17);
    if (!addr)
        return;
    if (addr->sa_family == AF_INET) {
        const struct sockaddr_in *a = (const struct sockaddr_in *)addr;
        key[0] = 4;
        memcpy(key + 1, &a->sin_addr, 4);
    } else if (addr->sa_family == AF_INET6) {
        const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)addr;
        if (IN6_IS_ADDR_V4MAPPED(&a->sin6_addr)) {
            key[0] = 4;
            memcpy(key + 1, a->sin6_addr.s6_addr + 12, 4);
        } else {
            key[0] = 6;
            memcpy(key + 1, a->sin6_addr.s6_addr, 16);
        }
    }
}

bool ratelimit_take(struct ratelimit *rl, const struct sockaddr *addr, int *retry_after)
{
    if (!rl)
        return true;
    uint8_t key[17];
    make_key(addr, key);
    pthread_mutex_lock(&rl->lock);
    double t = now_seconds();
    struct bucket *b = NULL, *victim = NULL;
    for (size_t i = 0; i < rl->n && !b; i++) {
        struct bucket *c = &rl->buckets[i];
        if (c->used && !memcmp(c->key, key, sizeof(key)))
            b = c;
        else if (!victim || !c->used || (victim->used && c->last < victim->last))
            victim = c;
    }
    if (!b) {
        b = victim;
        memcpy(b->key, key, sizeof(key));
        b->tokens = rl->burst;
        b->last = t;
        b->used = true;
    }
    b->tokens = fmin(rl->burst, b->tokens + (t - b->last) * rl->rate);
    b->last = t;
    bool ok = b->tokens >= 1;
    if (ok)
        b->tokens -= 1;
    else if (retry_after)
        *retry_after = (int)ceil((1 - b->tokens) / rl->rate);
    pthread_mutex_unlock(&rl->lock);
    return ok;
}
