/* idmap: PDF object id and generation → int, with open addressing; a set
 * when the values are not used.  Used by the libqpdf walks (assemble,
 * pdfstruct) to map pages and to stop at reference loops. */
#ifndef COLLATE_IDMAP_H
#define COLLATE_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Zero-initialised is empty. */
struct idmap {
    uint64_t *keys; /* (id << 32 | generation) + 1; 0 marks a free slot */
    int *vals;      /* value of each slot */
    size_t cap;     /* slots, a power of two; 0 before the first put */
    size_t n;       /* slots in use */
};

/* Add id → val.  Returns false, keeping the old value, when id is there.
 * PDF object numbers and generations are never negative: a negative one
 * (a damaged file) is refused like a repeat, so a walk stops there. */
bool idmap_put(struct idmap *m, int id, int gen, int val);
/* Value stored for id, or -1 (also for a negative id or gen). */
int idmap_get(const struct idmap *m, int id, int gen);
/* Free the table; it is empty and usable again. */
void idmap_clear(struct idmap *m);

#endif
