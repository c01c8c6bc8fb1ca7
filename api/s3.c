#include "s3.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "client.h"
#include "crypto.h"
#include "i18n.h"
#include "service.h"

/* A PUT may take this long plus one millisecond per 100 bytes (100 kB/s at worst). */
#define S3_PUT_BASE_TIMEOUT_MS 60000L
/* Error answers are small XML documents. */
#define S3_PUT_MAX_RESPONSE ((size_t)1024 * 1024)

enum sl_err sl_s3_payload_sha256(const void *data, size_t len, char out[65])
{
    return sl_sha256_hex(data, len, out);
}

enum sl_err sl_s3_content_md5(const void *data, size_t len, char out[25])
{
    static const unsigned char empty[1] = {0};
    unsigned char md[16];
    unsigned int n = 0;
    struct sl_buf b;
    enum sl_err rc;

    out[0] = '\0';
    /* MD5 may be missing (an OpenSSL in FIPS mode): then the optional header is left out. */
    if (!EVP_Digest(data ? data : empty, len, md, &n, EVP_md5(), NULL) || n != sizeof(md))
        return SL_EINVAL;
    sl_buf_init(&b, 64);
    rc = sl_base64_encode(&b, md, sizeof(md));
    if (!rc && b.len != 24)
        rc = SL_EINVAL;
    if (!rc)
        memcpy(out, b.data, 25);
    sl_buf_free(&b);
    return rc;
}

enum sl_err sl_s3_build_put_object(struct sl_call *call, const char *bucket, const char *key,
                                   const void *body, size_t len, const char *content_type,
                                   struct sl_error *err)
{
    char sha[SL_SHA256_HEX_LEN + 1];
    char md5[25];
    char num[32];
    size_t klen = key ? strlen(key) : 0;
    enum sl_err rc;

    if (!bucket || !*bucket)
        return sl_error_set(err, SL_EINVAL, "%s", _("An S3 bucket name is required."));
    if (!klen)
        return sl_error_set(err, SL_EINVAL, "%s", _("An S3 object key is required."));
    if (klen > SL_S3_KEY_MAX)
        return sl_error_set(err, SL_EINVAL, _("The S3 object key is longer than %d bytes."),
                            SL_S3_KEY_MAX);
    if (len > SL_S3_PUT_MAX)
        return sl_error_set(err, SL_EINVAL, "%s",
                            _("The file is larger than the 5 GiB a single S3 upload allows."));
    if (!body && len)
        return sl_error_set(err, SL_EINVAL, "%s", _("The upload has no data."));

    snprintf(call->method, sizeof(call->method), "PUT");
    call->bucket = bucket;
    sl_buf_reset(&call->path);
    rc = sl_buf_append_str(&call->path, "/");
    if (!rc)
        rc = sl_uri_encode(&call->path, key, klen, 1); /* S3 keys keep '/' and are encoded once */
    if (!rc)
        rc = sl_s3_payload_sha256(body, len, sha);
    snprintf(num, sizeof(num), "%zu", len);
    if (!rc)
        rc = sl_headers_set(&call->headers, "Content-Length", num);
    if (!rc)
        rc = sl_headers_set(&call->headers, "Content-Type",
                            content_type && *content_type ? content_type : SL_S3_CONTENT_TYPE_ZIP);
    if (!rc && sl_s3_content_md5(body, len, md5) == SL_OK)
        rc = sl_headers_set(&call->headers, "Content-MD5", md5);
    /* The signer puts the same value in and signs it (service s3); setting it here keeps the
     * request complete on its own. */
    if (!rc)
        rc = sl_headers_set(&call->headers, "x-amz-content-sha256", sha);
    if (rc)
        return sl_error_set(err, rc, "%s", sl_strerror(rc));
    call->body_ext = body ? body : (const unsigned char *)"";
    call->body_ext_len = len;
    call->idempotent = 1; /* the same PUT twice leaves the same object */
    call->max_response = S3_PUT_MAX_RESPONSE;
    if (len / 100 > (size_t)(LONG_MAX - S3_PUT_BASE_TIMEOUT_MS))
        call->timeout_ms = LONG_MAX;
    else
        call->timeout_ms = S3_PUT_BASE_TIMEOUT_MS + (long)(len / 100);
    return SL_OK;
}

enum sl_err sl_s3_parse_put_object(const struct sl_call *call, struct sl_s3_put_result *out,
                                   struct sl_error *err)
{
    const char *etag = sl_headers_get(&call->resp.headers, "ETag");
    const char *version = sl_headers_get(&call->resp.headers, "x-amz-version-id");

    memset(out, 0, sizeof(*out));
    if (!etag || !*etag)
        return sl_error_set(err, SL_EPARSE, "%s", _("The S3 answer to the upload has no ETag."));
    if (strlen(etag) >= sizeof(out->etag) ||
        (version && strlen(version) >= sizeof(out->version_id)))
        return sl_error_set(err, SL_EPARSE, "%s",
                            _("The S3 answer to the upload has an ETag or version too long."));
    snprintf(out->etag, sizeof(out->etag), "%s", etag);
    if (version && strcmp(version, "null") != 0)
        snprintf(out->version_id, sizeof(out->version_id), "%s", version);
    return SL_OK;
}

enum sl_err sl_s3_put_object(struct sl_client *c, const char *bucket, const char *key,
                             const void *body, size_t len, const char *content_type,
                             struct sl_s3_put_result *out, struct sl_error *err)
{
    struct sl_call call;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    sl_call_init(&call, &sl_service_s3, "PutObject");
    rc = sl_s3_build_put_object(&call, bucket, key, body, len, content_type, err);
    if (rc)
        goto out;
    rc = sl_client_call_sync(c, &call);
    if (rc) {
        if (err)
            *err = call.err;
        goto out;
    }
    rc = sl_s3_parse_put_object(&call, out, err);
out:
    sl_call_cleanup(&call);
    return rc;
}

enum sl_err sl_s3_body_map(const char *path, struct sl_s3_body *out, struct sl_error *err)
{
    struct stat st;
    void *map;
    int fd;
    enum sl_err rc = SL_OK;

    memset(out, 0, sizeof(*out));
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sl_error_set(err, SL_EIO, _("Cannot open %s: %s"), path, strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = sl_error_set(err, SL_EIO, _("Cannot read %s: %s"), path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = sl_error_set(err, SL_EINVAL, _("%s is not a regular file."), path);
        goto out;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)SL_S3_PUT_MAX) {
        rc = sl_error_set(err, SL_ETOOBIG,
                          _("%s is larger than the 5 GiB a single S3 upload allows."), path);
        goto out;
    }
    if (st.st_size == 0)
        goto out;
    map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        rc = sl_error_set(err, SL_EIO, _("Cannot read %s: %s"), path, strerror(errno));
        goto out;
    }
    madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
    out->map_ = map;
    out->map_len_ = (size_t)st.st_size;
    out->data = map;
    out->len = (size_t)st.st_size;
out:
    close(fd);
    return rc;
}

void sl_s3_body_unmap(struct sl_s3_body *b)
{
    if (!b)
        return;
    if (b->map_)
        munmap(b->map_, b->map_len_);
    memset(b, 0, sizeof(*b));
}

enum sl_err sl_s3_put_object_file(struct sl_client *c, const char *bucket, const char *key,
                                  const char *path, struct sl_s3_put_result *out,
                                  struct sl_error *err)
{
    struct sl_s3_body body;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    rc = sl_s3_body_map(path, &body, err);
    if (rc)
        return rc;
    rc = sl_s3_put_object(c, bucket, key, body.data, body.len, SL_S3_CONTENT_TYPE_ZIP, out, err);
    sl_s3_body_unmap(&body);
    return rc;
}

enum sl_err sl_s3_build_delete_object(struct sl_call *call, const char *bucket, const char *key,
                                      struct sl_error *err)
{
    size_t klen = key ? strlen(key) : 0;
    enum sl_err rc;

    if (!bucket || !*bucket)
        return sl_error_set(err, SL_EINVAL, "%s", _("An S3 bucket name is required."));
    if (!klen)
        return sl_error_set(err, SL_EINVAL, "%s", _("An S3 object key is required."));
    if (klen > SL_S3_KEY_MAX)
        return sl_error_set(err, SL_EINVAL, _("The S3 object key is longer than %d bytes."),
                            SL_S3_KEY_MAX);
    snprintf(call->method, sizeof(call->method), "DELETE");
    call->bucket = bucket;
    sl_buf_reset(&call->path);
    rc = sl_buf_append_str(&call->path, "/");
    if (!rc)
        rc = sl_uri_encode(&call->path, key, klen, 1);
    if (rc)
        return sl_error_set(err, rc, "%s", sl_strerror(rc));
    call->idempotent = 1;
    call->max_response = S3_PUT_MAX_RESPONSE;
    return SL_OK;
}

enum sl_err sl_s3_delete_object(struct sl_client *c, const char *bucket, const char *key,
                                struct sl_error *err)
{
    struct sl_call call;
    enum sl_err rc;

    sl_call_init(&call, &sl_service_s3, "DeleteObject");
    rc = sl_s3_build_delete_object(&call, bucket, key, err);
    if (!rc) {
        rc = sl_client_call_sync(c, &call);
        if (rc && err)
            *err = call.err;
    }
    sl_call_cleanup(&call);
    return rc;
}
