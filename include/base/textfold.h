/* textfold: the one folding of text for comparison and sorting.
 *
 * The indexes sort and merge names and keywords by their folded form, and
 * the metadata check looks for folded titles and names in folded page
 * text, so both sides of every comparison fold the same way.
 * Ownership: the returned string is the caller's. */
#ifndef COLLATE_TEXTFOLD_H
#define COLLATE_TEXTFOLD_H

/* Fold a UTF-8 string for comparison: lower case, accents removed, letters
 * like Ł, Ø, Đ, ß, Æ mapped to ASCII, punctuation dropped or made a single
 * space, ends trimmed; invalid bytes are dropped.  NULL folds like "".
 * Folding a folded string changes nothing.  Caller frees. */
char *text_fold(const char *s);

#endif
