/* build_pdf: typeset a plan, then assemble the volume from it. */
#include "assemble/build_pdf.h"

#include "assemble/assemble.h"
#include "base/diag.h"
#include "typeset/typeset.h"

bool build_volume_pdf(const struct volume *plan, const struct build_pdf_options *o)
{
    struct typeset_result ts;
    if (!typeset_render(plan, &ts))
        return false;
    diag_progress("assembling %zu pages", plan->npages);
    bool ok = assemble_volume(plan, ts.pdf, ts.len, ts.links, ts.nlinks, o->output, o->compact);
    typeset_result_release(&ts);
    return ok;
}
