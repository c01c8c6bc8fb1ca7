#include "crypto.h"

#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

enum sl_err sl_sha256(const void *data, size_t len, unsigned char out[SL_SHA256_LEN])
{
    unsigned int n = 0;
    static const unsigned char empty[1] = {0};

    if (!data)
        data = empty;
    if (!EVP_Digest(data, len, out, &n, EVP_sha256(), NULL) || n != SL_SHA256_LEN)
        return SL_EINVAL;
    return SL_OK;
}

enum sl_err sl_sha256_hex(const void *data, size_t len, char out[SL_SHA256_HEX_LEN + 1])
{
    unsigned char md[SL_SHA256_LEN];
    enum sl_err rc = sl_sha256(data, len, md);

    if (rc) {
        out[0] = '\0';
        return rc;
    }
    sl_hex_encode(md, sizeof(md), out);
    return SL_OK;
}

enum sl_err sl_hmac_sha256(const void *key, size_t key_len, const void *data, size_t len,
                           unsigned char out[SL_SHA256_LEN])
{
    unsigned int n = 0;
    static const unsigned char empty[1] = {0};

    if (key_len > INT_MAX)
        return SL_EINVAL;
    if (!key)
        key = empty;
    if (!data)
        data = empty;
    if (!HMAC(EVP_sha256(), key, (int)key_len, data, len, out, &n) || n != SL_SHA256_LEN)
        return SL_EINVAL;
    return SL_OK;
}

void sl_hex_encode(const unsigned char *in, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

enum sl_err sl_base64_encode(struct sl_buf *out, const void *data, size_t len)
{
    /* EVP_EncodeBlock takes an int length: encode in chunks that are a multiple of 3 bytes. */
    enum { CHUNK = 3 * 1024 };
    unsigned char tmp[CHUNK / 3 * 4 + 1];
    const unsigned char *p = data;
    size_t orig_len = out->len;
    enum sl_err rc = SL_OK;

    while (len > 0) {
        size_t n = len < CHUNK ? len : CHUNK;
        int m = EVP_EncodeBlock(tmp, p, (int)n);

        if (m < 0) {
            rc = SL_EINVAL;
            goto out;
        }
        rc = sl_buf_append(out, tmp, (size_t)m);
        if (rc)
            goto out;
        p += n;
        len -= n;
    }
    if (!out->data)
        rc = sl_buf_append(out, "", 0);
out:
    if (rc) {
        out->len = orig_len;
        if (out->data)
            out->data[orig_len] = '\0';
    }
    return rc;
}

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

enum sl_err sl_base64_decode(struct sl_buf *out, const char *s, size_t len)
{
    size_t orig_len = out->len;
    size_t i, pad = 0;
    enum sl_err rc = SL_OK;

    if (len % 4 != 0)
        return SL_EPARSE;
    if (len >= 1 && s[len - 1] == '=')
        pad++;
    if (pad && len >= 2 && s[len - 2] == '=')
        pad++;
    for (i = 0; i < len; i += 4) {
        unsigned char bytes[3];
        int v[4], k, last = (i + 4 == len);
        size_t nbytes = 3;
        unsigned long w;

        for (k = 0; k < 4; k++) {
            if (last && s[i + (size_t)k] == '=' && (size_t)k >= 4 - pad) {
                v[k] = 0;
                continue;
            }
            v[k] = b64_value((unsigned char)s[i + (size_t)k]);
            if (v[k] < 0) {
                rc = SL_EPARSE;
                goto out;
            }
        }
        w = ((unsigned long)v[0] << 18) | ((unsigned long)v[1] << 12) | ((unsigned long)v[2] << 6) |
            (unsigned long)v[3];
        bytes[0] = (unsigned char)(w >> 16);
        bytes[1] = (unsigned char)(w >> 8);
        bytes[2] = (unsigned char)w;
        if (last)
            nbytes -= pad;
        rc = sl_buf_append(out, bytes, nbytes);
        if (rc)
            goto out;
    }
    if (!out->data)
        rc = sl_buf_append(out, "", 0);
out:
    if (rc) {
        if (out->data) {
            sl_secure_wipe(out->data + orig_len, out->len - orig_len);
            out->data[orig_len] = '\0';
        }
        out->len = orig_len;
    }
    return rc;
}

void sl_secure_wipe(void *p, size_t len)
{
    if (p && len)
        OPENSSL_cleanse(p, len);
}

int sl_secure_equal(const void *a, const void *b, size_t len)
{
    if (!len)
        return 1;
    return CRYPTO_memcmp(a, b, len) == 0;
}

enum sl_err sl_md5_hex(const void *data, size_t len, char out[SL_MD5_HEX_LEN + 1])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    static const unsigned char empty[1] = {0};

    out[0] = '\0';
    if (!data)
        data = empty;
    if (!EVP_Digest(data, len, md, &n, EVP_md5(), NULL) || n * 2 != SL_MD5_HEX_LEN)
        return SL_EINVAL;
    sl_hex_encode(md, n, out);
    return SL_OK;
}
