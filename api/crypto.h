/* Thin wrappers over OpenSSL's libcrypto: SHA-256, HMAC-SHA256, hex, base64 and a wipe that
 * the compiler may not optimise away. Pure functions; nothing here keeps state. */
#ifndef SL_CRYPTO_H
#define SL_CRYPTO_H

#include <stddef.h>

#include "buf.h"
#include "sl_error.h"

#define SL_SHA256_LEN     32
#define SL_SHA256_HEX_LEN 64

/* SHA-256 of len bytes (data may be NULL when len is 0). SL_EINVAL if OpenSSL fails. */
enum sl_err sl_sha256(const void *data, size_t len, unsigned char out[SL_SHA256_LEN]);
/* The same as 64 lowercase hex digits and a NUL. */
enum sl_err sl_sha256_hex(const void *data, size_t len, char out[SL_SHA256_HEX_LEN + 1]);
/* HMAC-SHA256 of data under key. */
enum sl_err sl_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                           unsigned char out[SL_SHA256_LEN]);
/* Lowercase hex of len bytes into out, which holds 2 * len + 1 chars (NUL-terminated). */
void sl_hex_encode(const unsigned char *in, size_t len, char *out);
/* Standard base64 (RFC 4648, '+' '/', '=' padding) of len bytes appended to out. */
enum sl_err sl_base64_encode(struct sl_buf *out, const void *data, size_t len);
/* Decodes standard padded base64 appended to out. Anything but the alphabet, a length that is
 * not a multiple of 4, or '=' anywhere but the last one or two places is SL_EPARSE (whitespace
 * included); out is then left as it was. */
enum sl_err sl_base64_decode(struct sl_buf *out, const char *s, size_t len);
/* Overwrites len bytes with zeros in a way the compiler keeps (OPENSSL_cleanse). NULL-safe. */
void sl_secure_wipe(void *p, size_t len);
/* 1 when the len bytes of a and b are equal, in time that does not depend on the contents. */
int sl_secure_equal(const void *a, const void *b, size_t len);

/* MD5 as 32 lowercase hex digits (checksums AWS shows, such as an SQS message's MD5OfBody;
 * never for security). */
#define SL_MD5_HEX_LEN 32
enum sl_err sl_md5_hex(const void *data, size_t len, char out[SL_MD5_HEX_LEN + 1]);

#endif
