/* AWS Signature Version 4 (aws-wire.md §3), built in stages that tests reach one by one, after
 * curl's lib/http_aws_sigv4.c: canonical request -> string to sign -> signing key ->
 * signature, then sl_sigv4_sign() (Authorization header) or sl_sigv4_presign() (query).
 *
 * Which headers are signed: every header of the request except user-agent, expect,
 * transfer-encoding, connection, x-amzn-trace-id and authorization (libcurl may change the
 * first ones; the last is the signature itself), plus those the signer adds. So content-type
 * and every x-amz-* header are always signed. Nothing the signer returns or adds ever holds
 * the secret key. */
#ifndef SL_SIGV4_H
#define SL_SIGV4_H

#include <stddef.h>

#include "buf.h"
#include "creds.h"
#include "http.h"
#include "sl_error.h"

#define SL_SIGV4_ALGORITHM        "AWS4-HMAC-SHA256"
#define SL_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define SL_SIGV4_KEY_LEN          32
#define SL_SIGV4_AMZ_DATE_LEN     16 /* "20150830T123600Z" */

struct sl_sigv4_params {
    const char *region;
    const char *service; /* signing name: "lambda", "logs", "s3", ... */
    long long now_ms;    /* wall clock, already corrected for skew */
    const struct sl_credentials *creds;
    int normalize_path;       /* remove "." and ".." and empty segments (not S3) */
    int encode_path;          /* 1: URI-encode the path as sent once more (every service but
                                 S3); 0: S3, the path is used as sent */
    int sign_content_sha256;  /* add a signed x-amz-content-sha256 header (header form only) */
    int omit_session_token;   /* add X-Amz-Security-Token after signing, unsigned */
    const char *payload_hash; /* NULL: SHA-256 of the body; or SL_SIGV4_UNSIGNED_PAYLOAD */
    long expires_s;           /* presign: X-Amz-Expires (1..604800) */
};

/* The derived key for one (date, region, service, secret). The secret is kept only as a
 * SHA-256 digest, never in clear. Zero it (or call sl_sigv4_cache_init) before first use. */
struct sl_sigv4_cache {
    int valid;
    char date[9];    /* YYYYMMDD */
    char region[64]; /* longer names are never cached */
    char service[64];
    unsigned char secret_digest[SL_SIGV4_KEY_LEN];
    unsigned char key[SL_SIGV4_KEY_LEN];
    unsigned long hits, misses; /* for tests and debug traces */
};

void sl_sigv4_cache_init(struct sl_sigv4_cache *c);
/* Wipes the key; NULL-safe. */
void sl_sigv4_cache_clear(struct sl_sigv4_cache *c);

/* "YYYYMMDDTHHMMSSZ" for now_ms (UTC) into out. SL_EINVAL for a time gmtime cannot take. */
enum sl_err sl_sigv4_amz_date(long long now_ms, char out[SL_SIGV4_AMZ_DATE_LEN + 1]);

/* The canonical URI of req (base_path + path), normalised and encoded as p asks. */
enum sl_err sl_sigv4_canonical_uri(const struct sl_http_request *req,
                                   const struct sl_sigv4_params *p, struct sl_buf *out);
/* The canonical query of a query string as sent: each name and value decoded then encoded per
 * RFC 3986, sorted by name then value, "name=" for a valueless one, '+' kept as '+'. */
enum sl_err sl_sigv4_canonical_query(const char *query, struct sl_buf *out);

/* Stage 1, header form: the canonical request req will have once sl_sigv4_sign() added its
 * headers (host if missing, x-amz-date, x-amz-security-token unless omitted,
 * x-amz-content-sha256 when asked). req is not changed. Appends to out, and the signed header
 * list ("host;x-amz-date") to signed_headers when it is not NULL. */
enum sl_err sl_sigv4_canonical_request(const struct sl_http_request *req,
                                       const struct sl_sigv4_params *p, const char *amz_date,
                                       struct sl_buf *out, struct sl_buf *signed_headers);
/* Stage 1, query form: the canonical request of the presigned URL (req->query plus the
 * X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders[/Security-Token] parameters). */
enum sl_err sl_sigv4_canonical_request_query(const struct sl_http_request *req,
                                             const struct sl_sigv4_params *p, const char *amz_date,
                                             struct sl_buf *out, struct sl_buf *signed_headers);
/* Stage 2: "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n<hex sha>". */
enum sl_err sl_sigv4_string_to_sign(const char *amz_date, const char *region, const char *service,
                                    const char *canonical_request, size_t len, struct sl_buf *out);
/* Stage 3: kSigning from the secret. date is YYYYMMDD (only its first 8 chars are used, so an
 * X-Amz-Date works too). */
enum sl_err sl_sigv4_derive_key(const char *secret, const char *date, const char *region,
                                const char *service, unsigned char key[SL_SIGV4_KEY_LEN]);
/* Stage 3 through the cache (cache may be NULL: always derives). */
enum sl_err sl_sigv4_cached_key(struct sl_sigv4_cache *cache, const char *secret, const char *date,
                                const char *region, const char *service,
                                unsigned char key[SL_SIGV4_KEY_LEN]);
/* Stage 4: lowercase hex HMAC of the string to sign. */
enum sl_err sl_sigv4_signature(const unsigned char key[SL_SIGV4_KEY_LEN],
                               const char *string_to_sign, size_t len,
                               char hex[SL_SIGV4_KEY_LEN * 2 + 1]);

/* Signs req with an Authorization header. Adds, in this order: Host (when req->headers has
 * none, from req->host), X-Amz-Security-Token (when the credentials have one), X-Amz-Date,
 * x-amz-content-sha256 (when asked), Authorization; an earlier value of any of them is
 * replaced. cache may be NULL. On failure req may hold some of the new headers. */
enum sl_err sl_sigv4_sign(struct sl_http_request *req, const struct sl_sigv4_params *p,
                          struct sl_sigv4_cache *cache, struct sl_error *err);
/* Presigns req: appends X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-SignedHeaders,
 * X-Amz-Expires, X-Amz-Security-Token (if any; signed unless omit_session_token) and
 * X-Amz-Signature to req->query. Headers are not changed except that a missing Host is added. */
enum sl_err sl_sigv4_presign(struct sl_http_request *req, const struct sl_sigv4_params *p,
                             struct sl_sigv4_cache *cache, struct sl_error *err);

#endif
