/* keywords: the keywords a paper prints on its first page, for the
 * keyword index when the manifest asks for keywords_from_pdf.
 *
 * Ownership: the returned array and its strings are the caller's. */
#ifndef COLLATE_KEYWORDS_H
#define COLLATE_KEYWORDS_H

/* Keywords printed on a paper's first page after "Index Terms",
 * "Keywords", "Key words" or "CCS Concepts" (the most specific concept of
 * each CCS path).  Returns a NULL-terminated array, NULL when none. */
char **keywords_extract(const char *first_page_text);

#endif
