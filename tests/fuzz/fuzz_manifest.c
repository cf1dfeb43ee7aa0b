/* libFuzzer target: the YAML tree, the manifest loader and the style loader
 * on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_util.h"
#include "manifest/manifest.h"
#include "manifest/style.h"
#include "manifest/ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ydoc *doc = ydoc_load_buffer("fuzz.yaml", (const char *)data, size, 100000);
    ydoc_free(doc);
    const char *path = fuzz_file(data, size);
    if (!path)
        return 0;
    manifest_free(manifest_load_ex(path, false));
    style_free(style_load(path)); /* a path: contains '/' */
    return 0;
}
