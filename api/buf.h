/* A growable byte buffer with a size cap (after curl's dynbuf): every buffer filled from the
 * network or a file has a maximum, and going past it is an error, not a realloc storm.
 * The data is always NUL-terminated so text can be used directly. */
#ifndef SL_BUF_H
#define SL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "sl_error.h"

struct sl_buf {
    char *data; /* NULL until the first append; always NUL-terminated after it */
    size_t len;
    size_t cap;
    size_t max; /* largest len allowed; 0 means SL_BUF_DEFAULT_MAX */
};

#define SL_BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

/* Sets up an empty buffer that may hold at most max bytes (0: the default cap). */
void sl_buf_init(struct sl_buf *b, size_t max);
/* SL_ETOOBIG when the cap would be passed (the buffer is left unchanged), SL_ENOMEM. */
enum sl_err sl_buf_append(struct sl_buf *b, const void *data, size_t len);
enum sl_err sl_buf_append_str(struct sl_buf *b, const char *s);
enum sl_err sl_buf_appendf(struct sl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum sl_err sl_buf_vappendf(struct sl_buf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void sl_buf_reset(struct sl_buf *b);
/* The contents ("" when empty); never NULL. */
const char *sl_buf_str(const struct sl_buf *b);
/* Hands the data to the caller (who frees it) and leaves the buffer empty. */
char *sl_buf_take(struct sl_buf *b);
void sl_buf_free(struct sl_buf *b);

#endif
