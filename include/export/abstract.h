/* abstract: a paper's abstract found in the text of its first page.
 *
 * The text between an "Abstract" heading (also "Abstract—", "Abstract.",
 * "ABSTRACT") and the keywords line ("Index Terms", "Keywords", "CCS
 * Concepts") or the first section heading ("1 Introduction", "I.
 * INTRODUCTION").  Lines are joined, words hyphenated at a line end are
 * mended.  It is a guess from a layout: publish offers it as a suggestion.
 * Ownership: the result is the caller's. */
#ifndef COLLATE_ABSTRACT_H
#define COLLATE_ABSTRACT_H

/* The abstract, or NULL when none is recognised. */
char *abstract_extract(const char *first_page_text);

#endif
