/* geometry: the one reader of a page's boxes and /Rotate.
 *
 * It reads them as poppler does, because poppler draws the pages that
 * inspect measures and check judges: what a page looks like there is what
 * the volume must show and what the stamps are placed by.
 *
 *   MediaBox, CropBox, /Rotate are inherited through /Parent; a node whose
 *     value is unusable is skipped, so an ancestor's value applies.
 *   A box is usable when it is an array of four numbers that are not all
 *     zero; it is normalised (x0 <= x1, y0 <= y1).  A box of zero width or
 *     height is kept: the page then shows nothing.
 *   No usable MediaBox: US Letter, [0 0 612 792].
 *   No usable CropBox: the MediaBox.  A CropBox wider (taller) than the
 *     MediaBox takes the MediaBox's horizontal (vertical) extent; then
 *     each edge is clamped into the MediaBox (the PDF spec's intersection,
 *     except that a CropBox outside the MediaBox becomes an empty box on
 *     its border, as in poppler).
 *   TrimBox (not inherited): the page's own, else its BleedBox, else the
 *     CropBox; each edge clamped into the MediaBox.
 *   /Rotate: an integer (a real is skipped, as poppler does), reduced to
 *     0..359; anything but 0, 90, 180 or 270 shows the page unrotated.
 *
 * A page copied into a flat page tree can show another geometry than it
 * had in its own document (an unusable entry of its own hid an inherited
 * one), and readers disagree on entries poppler skips or adjusts (a real
 * /Rotate, a CropBox reaching outside the MediaBox): geometry_pin writes
 * the geometry onto the page so that every reader shows it.
 *
 * Both leave libqpdf errors pending on the document for the caller (see
 * pdf/qpdfh.h).  Nothing is allocated. */
#ifndef COLLATE_GEOMETRY_H
#define COLLATE_GEOMETRY_H

#include "base/rect.h"
#include "pdf/qpdfh.h"

#define GEOMETRY_LETTER_WIDTH 612.0
#define GEOMETRY_LETTER_HEIGHT 792.0

/* Boxes are in the page's default user space, in points. */
struct page_geometry {
    struct rect media;         /* MediaBox in effect */
    struct rect crop;          /* visible area: CropBox clamped into media */
    struct rect trim;          /* finished page: TrimBox, else BleedBox, else crop; clamped into media */
    int rotate;                /* 0, 90, 180 or 270, clockwise when displayed */
    double width, height;      /* displayed size: crop turned by rotate */
    struct rect media_written; /* the nearest /MediaBox of four numbers as written (also all
                                  zero), normalised; media when there is none */
};

/* The geometry of page (a page dictionary of q; 0 or anything else gives
 * a Letter page). */
void geometry_read(qpdf_data q, qpdf_oh page, struct page_geometry *g);

/* Make page (a page dictionary of q) state media, crop and rotate in its
 * own entries, whatever its ancestors say: /MediaBox, /CropBox and /Rotate
 * are written where the page's own entry is not exactly that (a missing
 * /CropBox stands for media, a missing /Rotate for 0).  A page that states
 * them already is left as it is. */
void geometry_pin(qpdf_data q, qpdf_oh page, const struct rect *media, const struct rect *crop, int rotate);

#endif
