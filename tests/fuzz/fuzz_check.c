/* libFuzzer target: the check path on PDF bytes: structural inspection
 * (libqpdf), page inspection (poppler) and the rules, in-process (no worker)
 * so crashes are seen. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "check/check.h"
#include "fuzz_util.h"
#include "inspect/inspect.h"
#include "manifest/style.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct style *style;
    if (!style && !(style = style_load("ieee-conference")))
        abort(); /* run with COLLATE_STYLES=<source>/styles */
    const char *path = fuzz_file(data, size);
    if (!path)
        return 0;
    struct pdf_info info;
    struct inspect_options opts = {style};
    inspect_pdf(path, &opts, &info);
    struct findings findings = {0};
    check_paper(&info, style, NULL, &findings);
    findings_release(&findings);
    pdfinfo_release(&info);
    return 0;
}
