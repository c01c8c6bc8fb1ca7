/* S3 PutObject for layer zips too large to inline (aws-wire.md §9): one PUT of a body held in
 * memory (or a file mapped read-only), with Content-Length, Content-MD5 and a signed
 * x-amz-content-sha256. Building the request and reading the answer are pure; the client picks
 * path-style or virtual-host addressing from call->bucket and decodes S3 XML errors. */
#ifndef SL_S3_H
#define SL_S3_H

#include <stddef.h>

#include "sl_error.h"

struct sl_client;
struct sl_call;

#define SL_S3_KEY_MAX          1024                             /* bytes of UTF-8, as S3 allows */
#define SL_S3_PUT_MAX          ((size_t)5 * 1024 * 1024 * 1024) /* a single PUT: 5 GiB */
#define SL_S3_CONTENT_TYPE_ZIP "application/zip"

struct sl_s3_put_result {
    char etag[256];        /* as sent, quotes included ("\"<md5 hex>\"" for a plain PUT) */
    char version_id[1024]; /* x-amz-version-id; "" when the bucket is not versioned */
};

/* A body read from a file: mapped read-only (or empty). data is NULL when len is 0. */
struct sl_s3_body {
    const unsigned char *data;
    size_t len;
    void *map_;      /* private */
    size_t map_len_; /* private */
};

/* Maps a regular file (at most SL_S3_PUT_MAX bytes). SL_EIO / SL_ETOOBIG / SL_EINVAL with a
 * sentence naming the file. */
enum sl_err sl_s3_body_map(const char *path, struct sl_s3_body *out, struct sl_error *err);
/* Unmaps and zeroes (NULL-safe; a zeroed body is fine). */
void sl_s3_body_unmap(struct sl_s3_body *b);

/* Hex SHA-256 and base64 MD5 of len bytes (data may be NULL when len is 0). */
enum sl_err sl_s3_payload_sha256(const void *data, size_t len, char out[65]);
enum sl_err sl_s3_content_md5(const void *data, size_t len, char out[25]);

/* Fills a fresh call (sl_call_init'ed for &sl_service_s3, "PutObject") for PUT /key into
 * bucket: method PUT, path "/" + key percent-encoded with '/' kept, call->bucket (borrowed:
 * bucket must outlive the call), body_ext (borrowed: body must outlive the call),
 * Content-Length, Content-Type (NULL: application/zip), Content-MD5 (left out where OpenSSL
 * has no MD5, FIPS), x-amz-content-sha256 (the signer sets the same value and signs it),
 * idempotent (the same PUT may be repeated), a timeout that grows with the size.
 * SL_EINVAL with a sentence for an empty or too long key, an empty bucket, or a body over
 * 5 GiB. */
enum sl_err sl_s3_build_put_object(struct sl_call *call, const char *bucket, const char *key,
                                   const void *body, size_t len, const char *content_type,
                                   struct sl_error *err);
/* Reads ETag and x-amz-version-id from a finished, successful call. SL_EPARSE when the
 * answer has no ETag. */
enum sl_err sl_s3_parse_put_object(const struct sl_call *call, struct sl_s3_put_result *out,
                                   struct sl_error *err);

/* Synchronous conveniences (an asynchronous caller uses build, sl_client_send and parse). */
enum sl_err sl_s3_put_object(struct sl_client *c, const char *bucket, const char *key,
                             const void *body, size_t len, const char *content_type,
                             struct sl_s3_put_result *out, struct sl_error *err);
enum sl_err sl_s3_put_object_file(struct sl_client *c, const char *bucket, const char *key,
                                  const char *path, struct sl_s3_put_result *out,
                                  struct sl_error *err);

/* DeleteObject (added for publish-layer: an upload whose layer was not published is removed
 * again). Fills a fresh call (sl_call_init'ed for &sl_service_s3, "DeleteObject") for
 * DELETE /key in bucket (borrowed); idempotent. SL_EINVAL with a sentence as for a PUT. */
enum sl_err sl_s3_build_delete_object(struct sl_call *call, const char *bucket, const char *key,
                                      struct sl_error *err);
/* Synchronous; SL_OK also when the object was not there (S3 answers 204 either way). */
enum sl_err sl_s3_delete_object(struct sl_client *c, const char *bucket, const char *key,
                                struct sl_error *err);

#endif
