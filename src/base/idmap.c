/* idmap: object id and generation → int, open addressing (see idmap.h). */
#include "base/idmap.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* The slot key of an object id and generation; never 0 for gen >= 0
 * (id -1, gen -1 would wrap to 0, the free-slot mark). */
static uint64_t idmap_key(int id, int gen)
{
    return (((uint64_t)(uint32_t)id << 32) | (uint32_t)gen) + 1;
}

/* Slot holding k, or the free slot where it belongs.  m->cap > 0. */
static size_t idmap_slot(const struct idmap *m, uint64_t k)
{
    size_t i = (size_t)((k * 0x9E3779B97F4A7C15ull) >> 32) & (m->cap - 1);
    while (m->keys[i] && m->keys[i] != k)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Add id → val.  Returns false, keeping the old value, when id is there. */
bool idmap_put(struct idmap *m, int id, int gen, int val)
{
    if (id < 0 || gen < 0)
        return false;
    if ((m->n + 1) * 2 > m->cap) {
        struct idmap bigger = {NULL, NULL, m->cap ? m->cap * 2 : 64, 0};
        bigger.keys = xcalloc(bigger.cap, sizeof(*bigger.keys));
        bigger.vals = xcalloc(bigger.cap, sizeof(*bigger.vals));
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) {
                size_t s = idmap_slot(&bigger, m->keys[i]);
                bigger.keys[s] = m->keys[i];
                bigger.vals[s] = m->vals[i];
                bigger.n++;
            }
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    uint64_t k = idmap_key(id, gen);
    size_t s = idmap_slot(m, k);
    if (m->keys[s])
        return false;
    m->keys[s] = k;
    m->vals[s] = val;
    m->n++;
    return true;
}

/* Value stored for id, or -1. */
int idmap_get(const struct idmap *m, int id, int gen)
{
    if (m->cap == 0 || id < 0 || gen < 0)
        return -1;
    size_t s = idmap_slot(m, idmap_key(id, gen));
    return m->keys[s] ? m->vals[s] : -1;
}

/* Free the table; it is empty and usable again. */
void idmap_clear(struct idmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}
