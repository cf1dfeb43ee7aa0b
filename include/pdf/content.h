/* content: what a page's content streams actually draw, read with
 * libqpdf's content tokenizer: the fonts that text is shown with and the
 * raster images painted, with the size they are shown at.
 *
 * libqpdf's C API has no content-stream tokenizer, so this module is C++
 * (src/pdf/content.cc) behind this plain C header; no C++ type and no
 * exception crosses it.  The C API's qpdf_data is opaque and libqpdf 11
 * has no public bridge from it to the C++ QPDF object, so the module reads
 * the document a second time from the same bytes (QPDF::processMemoryFile;
 * the bytes are not copied and must outlive the handle).  Reading is lazy:
 * it costs the cross-reference table plus the objects actually visited.
 * Pages are named by object id, as the C API's page handles give them,
 * so the page tree is not walked a second time (on a damaged file that
 * alone can take seconds).
 *
 * What is walked for a page: its /Contents, the Form XObjects it draws
 * (recursively, at most PDFCONTENT_MAX_DEPTH deep, a form that is already
 * being drawn is not entered again), the appearance streams (/N /R /D,
 * every state) of its annotations, and the glyph procedures of the Type 3
 * fonts it shows text with.  The graphics state stack (q/Q, cm) is
 * tracked; tiling patterns, shadings and soft-mask groups are not walked.
 * Work is bounded (PDFCONTENT_MAX_OPS operators per page); a damaged
 * stream or a limit stops the walk with what was found so far and a
 * reason.
 *
 * Ownership: pdfcontent_page_release frees what a struct pdfcontent_page
 * holds; pdfcontent_free the document. */
#ifndef COLLATE_CONTENT_H
#define COLLATE_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PDFCONTENT_MAX_DEPTH 16       /* nested forms, appearance and glyph streams */
#define PDFCONTENT_MAX_OPS 4000000    /* operators per page, all streams together */

/* A document opened for content walks (opaque). */
struct pdfcontent;

/* A font dictionary that text was shown with: selected by Tf (or a
 * graphics state's /Font) and then used by Tj, TJ, ' or ". */
struct pdfcontent_font {
    int id, gen;                /* its object; 0 0 for a direct dictionary */
};

/* A raster image painted by Do or inline (BI ... ID ... EI). */
struct pdfcontent_image {
    int id, gen;                /* its object; 0 0 for an inline image */
    int width, height;          /* pixels (/Width, /Height) */
    bool mask;                  /* a stencil mask (/ImageMask true): no resolution of its own */
    double ctm[6];              /* image space (unit square) to default user space, pt */
    double shown_w, shown_h;    /* lengths of the unit square's transformed sides, pt */
    double ppi_x, ppi_y;        /* width / (shown_w / 72), height / (shown_h / 72); 0 when shown_* is 0 */
};

struct pdfcontent_page {
    struct pdfcontent_font *fonts;   /* distinct, in order of first use */
    size_t nfonts;
    struct pdfcontent_image *images; /* in painting order, at most PDFCONTENT_MAX_IMAGES */
    size_t nimages;
    bool complete;              /* false: the walk stopped early (see error); what is listed was found */
    char *error;                /* why it stopped, or NULL */
};

#define PDFCONTENT_MAX_IMAGES 10000

/* Open the PDF in bytes[0..len) (not copied; keep it alive until
 * pdfcontent_free).  NULL when libqpdf cannot read it; *error (if error is
 * not NULL) then gets the reason, which the caller frees. */
struct pdfcontent *pdfcontent_open(const char *bytes, size_t len, char **error);

/* Free a document (NULL is fine). */
void pdfcontent_free(struct pdfcontent *doc);

/* Walk the page that is object id gen into *out, which the caller
 * initialises with pdfcontent_page_init.  Returns out->complete (false
 * also when the object is not a dictionary). */
bool pdfcontent_walk(struct pdfcontent *doc, int id, int gen, struct pdfcontent_page *out);

/* How many text-showing operators (Tj, TJ, ' and ") the page that is
 * object id gen runs: in its /Contents and, each time drawn, in the forms
 * they draw (glyph procedures and annotation appearances are not read).
 * What poppler's text extraction makes pieces of text from, which it
 * sorts in time growing faster than their number.  Bounded as a walk is:
 * a page past PDFCONTENT_MAX_OPS operators, or damaged, gives what was
 * counted until then; -1 when the object is not a dictionary or cannot
 * be read. */
long pdfcontent_count_text(struct pdfcontent *doc, int id, int gen);

void pdfcontent_page_init(struct pdfcontent_page *page);
/* Free what page holds; it is empty and usable again. */
void pdfcontent_page_release(struct pdfcontent_page *page);

#ifdef __cplusplus
}
#endif

#endif
