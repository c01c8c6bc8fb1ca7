/* Error codes of the whole program and the detail an AWS or network failure carries.
 * There is no hidden "last error": functions return enum sl_err and fill an optional
 * struct sl_error the caller owns. */
#ifndef SL_ERROR_H
#define SL_ERROR_H

#include <stddef.h>

/* X(name, human sentence); N_() marks the sentence for xgettext, sl_strerror() translates. */
#define SL_ERR_TABLE(X)                                                                            \
    X(SL_OK, N_("success"))                                                                        \
    X(SL_ENOMEM, N_("out of memory"))                                                              \
    X(SL_EINVAL, N_("invalid argument"))                                                           \
    X(SL_EUSAGE, N_("invalid command line"))                                                       \
    X(SL_EIO, N_("input/output error"))                                                            \
    X(SL_EPARSE, N_("the answer could not be parsed"))                                             \
    X(SL_ETOOBIG, N_("the data is larger than allowed"))                                           \
    X(SL_ECONFIG, N_("the AWS configuration is not valid"))                                        \
    X(SL_ENOCREDS, N_("no AWS credentials were found"))                                            \
    X(SL_ENOREGION, N_("no AWS region is configured"))                                             \
    X(SL_ENET, N_("the network request failed"))                                                   \
    X(SL_ETIMEOUT, N_("the network request timed out"))                                            \
    X(SL_EAWS, N_("AWS returned an error"))                                                        \
    X(SL_ENOTFOUND, N_("not found"))                                                               \
    X(SL_ECANCELLED, N_("cancelled"))                                                              \
    X(SL_EFUNCTION, N_("the function returned an error"))                                          \
    X(SL_EREADONLY, N_("refused in read-only mode"))

enum sl_err {
#define X(name, text) name,
    SL_ERR_TABLE(X)
#undef X
        SL_ERR_COUNT
};

/* Detail of a failure. Every field is optional and NUL-terminated; empty means unknown. */
struct sl_error {
    long http_status;     /* 0 when no HTTP answer arrived */
    char code[128];       /* AWS error code, normalised (no namespace, no ":..." suffix) */
    char message[1024];   /* AWS message or a sentence of ours; never holds a secret */
    char request_id[128]; /* x-amzn-RequestId, <RequestId> or x-amz-request-id */
    int retryable;        /* set by the decoder when the failure may be retried */
};

/* The human sentence for an error code, translated. */
const char *sl_strerror(enum sl_err e);

/* Clears *err (NULL-safe). */
void sl_error_clear(struct sl_error *err);

/* printf-style message into err->message (NULL-safe); returns e so callers can
 * `return sl_error_set(err, SL_ECONFIG, ...)`. */
enum sl_err sl_error_set(struct sl_error *err, enum sl_err e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One sentence for a person: the message if there is one, else sl_strerror(e), with the AWS
 * code and request id appended when known. Written into out (always terminated). */
void sl_error_format(enum sl_err e, const struct sl_error *err, char *out, size_t outlen);

#endif
