/* Text from AWS is untrusted: before it reaches a terminal, control characters and escape
 * sequences are made visible (ESC as "^[", other C0/C1 controls as ^X or \xNN, invalid
 * UTF-8 as \xNN). Also display widths for aligning columns. */
#ifndef SL_TEXT_H
#define SL_TEXT_H

#include <stddef.h>

#include "buf.h"

/* Appends a printable form of s[0..len) to out. keep_newlines keeps '\n'; '\t' becomes one
 * space so columns stay where they were drawn. */
enum sl_err sl_text_sanitize(struct sl_buf *out, const char *s, size_t len, int keep_newlines);
/* Newly allocated sanitized copy of a NUL-terminated string (NULL on OOM). */
char *sl_text_sanitized(const char *s);
/* Columns a sanitized UTF-8 string takes on a terminal. */
int sl_text_width(const char *s);
/* Byte length of the longest prefix of s that fits in width columns. */
size_t sl_text_fit(const char *s, int width);

#endif
