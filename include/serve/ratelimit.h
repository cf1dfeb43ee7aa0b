/* ratelimit: a token bucket per client address, for `collate serve`.
 *
 * Each address may start `per_minute` checks in a burst, then one more
 * every 60/per_minute seconds.  The table has a fixed number of entries:
 * when it is full, the entry idle longest is reused (a client whose
 * bucket had refilled loses nothing).  Thread-safe: one mutex.
 * Ownership: ratelimit_new returns a table freed with ratelimit_free. */
#ifndef COLLATE_RATELIMIT_H
#define COLLATE_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct ratelimit;

/* per_minute <= 0: no limit. */
struct ratelimit *ratelimit_new(int per_minute, size_t max_clients);
void ratelimit_free(struct ratelimit *rl);

/* Take one token for addr.  False when the bucket is empty; then
 * *retry_after (may be NULL) is the seconds until the next token. */
bool ratelimit_take(struct ratelimit *rl, const struct sockaddr *addr, int *retry_after);

#endif
