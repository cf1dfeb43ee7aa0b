/* utf8: decoding, validation and repair of UTF-8 text. */
#ifndef COLLATE_UTF8_H
#define COLLATE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one code point at *s (at most n bytes); advances *s.  Returns
 * -1 for an invalid or truncated sequence (and advances by one byte). */
int32_t utf8_next(const char **s, size_t *n);
/* Byte offset of the first invalid sequence, or -1 when s is valid. */
long utf8_invalid_offset(const char *s, size_t n);
/* Copy with every invalid byte replaced by U+FFFD. */
char *utf8_sanitize(const char *s);
/* Encode cp (0 to 0x10FFFF) into out (4 bytes at most); returns the
 * length.  Surrogates are encoded as they are: callers that take code
 * points from outside refuse them first (utf8_next never returns one). */
int utf8_encode(int32_t cp, char *out);
/* Number of code points. */
size_t utf8_length(const char *s);
/* 1-based column, in code points, of the byte after line[0..n): one more
 * than the code points there, counted by their first bytes.  For
 * messages that point into a line of text. */
int utf8_column(const char *line, size_t n);
/* Length of the longest prefix of s (n bytes), at most max bytes, that
 * does not end inside a sequence. */
size_t utf8_prefix_len(const char *s, size_t n, size_t max);
/* Truncate to at most max bytes without cutting a sequence (in place). */
void utf8_truncate(char *s, size_t max);

#endif
