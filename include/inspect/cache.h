/* cache: inspection results kept on disk between runs, keyed by content.
 *
 * Inspecting a paper (pool, inspect) costs seconds; reading it and taking
 * its CRC-32 costs milliseconds.  The cache keeps one serialized pdf_info
 * per paper in a folder, one file per entry, named by its key in hex:
 *
 *   <parameters>-<size>-<crc>     e.g. 3f0c9a1b2d4e5f60-000000000001d2a4-9be3e0a3
 *
 * <parameters> is a 64-bit digest of everything besides the bytes that
 * changes what inspect measures: the cache format, the collate version and
 * the style (its name, accepted sizes with their margins, the size and
 * margin tolerances, and whether it counts body pages).  <size> and <crc> are the paper's byte count and
 * CRC-32.  A changed paper or style therefore misses and is inspected
 * again; nothing is ever invalidated in place.
 *
 * Entries are written atomically (temporary file, rename), may be deleted
 * at any time, and are checked on reading: a damaged or foreign entry is
 * a miss and is rewritten.  Results made up for a worker that crashed or
 * ran out of time are not stored (they may be transient); ordinary
 * unreadable results ("not a PDF file") are.  The cache is an
 * optimisation: when its folder cannot be written, a warning is given
 * once and the run goes on.
 *
 * Ownership: cache_open returns a cache freed with cache_free; the style
 * is read at open and not kept. */
#ifndef COLLATE_CACHE_H
#define COLLATE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inspect/pdfinfo.h"
#include "inspect/pool.h"
#include "manifest/style.h"

/* Bump when the entry layout or the meaning of a pdf_info field changes. */
#define CACHE_FORMAT 6

struct inspect_cache;

/* A cache in folder dir for inspections with this style (NULL: no style).
 * The folder is read now if it exists and created on the first store.
 * Never fails. */
struct inspect_cache *cache_open(const char *dir, const struct style *style);
void cache_free(struct inspect_cache *cache);

/* The parameter digest of a style (the first part of every key). */
uint64_t cache_params_digest(const struct style *style);

/* Size and CRC-32 of a regular file.  False (errno set) when it cannot be
 * opened or read, or is not a regular file. */
bool cache_file_checksum(const char *path, uint64_t *size_out, uint32_t *crc_out);

enum cache_lookup {
    CACHE_HIT,          /* *out filled from the entry, path set to the one given */
    CACHE_MISS_SIZE,    /* no entry of this file's size: the file was not read */
    CACHE_MISS          /* the file was read, but no valid entry has its checksum */
};

/* Look a file up.  On CACHE_HIT *out is initialised and owned by the
 * caller; otherwise it is untouched. */
enum cache_lookup cache_lookup(struct inspect_cache *cache, const char *path, struct pdf_info *out);

/* Store an inspection result under its file_size and checksum.  Returns
 * false when nothing was written (empty file, I/O error). */
bool cache_store(struct inspect_cache *cache, const struct pdf_info *info);

/* Remove the entries of this folder that this cache did not read or write,
 * and temporaries left by interrupted runs.  For a folder that belongs to
 * one volume (collate build), where they are older versions of its papers
 * or were made with another style; not for a shared folder. */
void cache_prune(struct inspect_cache *cache);

struct cache_stats {
    size_t inspected;   /* given to the worker pool */
    size_t cached;      /* taken from the cache */
};

/* Look every path up (cache_lookup): a hit fills infos[i] and sets
 * cached[i]; a miss leaves infos[i] untouched and cached[i] false.  cache
 * may be NULL: everything misses.  Returns the number of hits.  Lets a
 * caller know what will be inspected before it is (collate build decides
 * by it whether to assemble the volume meanwhile). */
size_t cache_lookup_all(struct inspect_cache *cache, const char *const *paths, size_t n, struct pdf_info *infos,
                        bool *cached);

/* Inspect the papers that are not cached[i] in parallel (pool) into
 * infos[i] and store them; cache may be NULL.  Progress counts the cached
 * papers as done. */
void cache_inspect_misses(struct inspect_cache *cache, const char *const *paths, size_t n, const bool *cached,
                          const struct pool_options *opts, struct pdf_info *infos);

/* pool_inspect with a cache in front: cache_lookup_all, then
 * cache_inspect_misses.  cache may be NULL (everything is inspected).
 * stats may be NULL. */
void cache_inspect(struct inspect_cache *cache, const char *const *paths, size_t n,
                   const struct pool_options *opts, struct pdf_info *infos, struct cache_stats *stats);

#endif
