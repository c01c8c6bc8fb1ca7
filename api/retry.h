/* Retry decisions, AWS "standard" mode (aws-wire.md §10): which failures may be retried, how
 * long to wait, the client-wide retry quota, and clock-skew detection from a Date header.
 * Everything here is pure: the caller passes the random number and the clock readings. */
#ifndef SL_RETRY_H
#define SL_RETRY_H

#include "sl_error.h"
#include "transport.h"

enum sl_retry_class {
    SL_RETRY_NONE,           /* not retryable (validation, access denied, not found, ...) */
    SL_RETRY_TRANSIENT,      /* 500/502/503/504, RequestTimeout..., reset, refused, DNS, TLS */
    SL_RETRY_THROTTLING,     /* 429 or a throttling code */
    SL_RETRY_TIMEOUT,        /* connect or read timeout on our side */
    SL_RETRY_SKEW_CANDIDATE, /* a clock-skew code: retry only after correcting the offset */
};

enum sl_retry_mode {
    SL_RETRY_MODE_STANDARD,
    SL_RETRY_MODE_LEGACY,   /* 5 attempts by default, no retry quota */
    SL_RETRY_MODE_ADAPTIVE, /* treated like standard (no client-side rate limiter) */
};

#define SL_RETRY_DEFAULT_ATTEMPTS        3
#define SL_RETRY_LEGACY_DEFAULT_ATTEMPTS 5
#define SL_RETRY_MAX_ATTEMPTS_LIMIT      100
#define SL_RETRY_MAX_BACKOFF_MS          20000LL
#define SL_RETRY_QUOTA_CAPACITY          500
#define SL_RETRY_COST                    5
#define SL_RETRY_TIMEOUT_COST            10
/* A Date header further than this from local time means our clock is off. */
#define SL_SKEW_THRESHOLD_MS (4LL * 60 * 1000)

struct sl_retry_policy {
    int max_attempts; /* total attempts, the first included (AWS_MAX_ATTEMPTS / max_attempts) */
    enum sl_retry_mode mode;
};

/* The retry quota: a token bucket per client, shared by every operation. */
struct sl_retry_bucket {
    int capacity;
    int available;
};

struct sl_retry_decision {
    int retry; /* 1: send the request again after delay_ms */
    long long delay_ms;
    int cost; /* tokens withdrawn for this retry; keep it for sl_retry_bucket_refund */
};

/* What kind of failure this is. code is the normalised AWS error code (NULL or "" if none). */
enum sl_retry_class sl_retry_classify(enum sl_net_status st, long http_status, const char *code);
int sl_retry_is_throttling_code(const char *code);
int sl_retry_is_transient_code(const char *code);
/* RequestTimeTooSkewed, RequestExpired, RequestInTheFuture, InvalidSignatureException,
 * SignatureDoesNotMatch, AuthFailure: skew only if the Date gap is large (sl_skew_offset_ms). */
int sl_retry_is_skew_code(const char *code);

/* The policy from explicit strings (NULL or "" means unset); the environment wins over the
 * profile. A bad value gives SL_ECONFIG with a sentence naming the setting. */
enum sl_err sl_retry_policy_from(struct sl_retry_policy *p, const char *env_max_attempts,
                                 const char *env_retry_mode, const char *profile_max_attempts,
                                 const char *profile_retry_mode, struct sl_error *err);
/* The same, reading AWS_MAX_ATTEMPTS and AWS_RETRY_MODE from the environment. */
enum sl_err sl_retry_policy_load(struct sl_retry_policy *p, const char *profile_max_attempts,
                                 const char *profile_retry_mode, struct sl_error *err);
/* "standard", "legacy" or "adaptive" (for the User-Agent's cfg/retry-mode#). */
const char *sl_retry_mode_name(const struct sl_retry_policy *p);

/* Full jitter: random01 × min(2^(attempt-1), 20) seconds, in ms. attempt is the number of the
 * attempt that just failed (1 for the first). */
long long sl_retry_delay_ms(int attempt, double random01);

void sl_retry_bucket_init(struct sl_retry_bucket *b);
/* Withdraws the cost of retrying a failure of class cls; 0 (nothing withdrawn) when the
 * bucket cannot pay. Returns the cost withdrawn otherwise. */
int sl_retry_bucket_acquire(struct sl_retry_bucket *b, enum sl_retry_class cls);
/* After a call succeeded on its first attempt: deposits 1 (never above the capacity). */
void sl_retry_bucket_success(struct sl_retry_bucket *b);
/* After a call succeeded after retrying: gives back the cost of its last retry (the last
 * decision's cost), instead of sl_retry_bucket_success. */
void sl_retry_bucket_refund(struct sl_retry_bucket *b, int last_retry_cost);

/* The one question the client asks after attempt number `attempt` (1-based) failed.
 * Not idempotent requests (Invoke, PublishLayerVersion) are repeated only when the request
 * provably never reached AWS (sl_net_never_sent) or the server refused it by throttling before
 * processing it (an HTTP answer with 429 or a throttling code); never after a read timeout,
 * a reset after sending, or a 5xx. Skew candidates are never retried here: the caller corrects
 * its clock offset (sl_skew_offset_ms) and decides. bucket may be NULL (no quota). */
struct sl_retry_decision sl_retry_decide(const struct sl_retry_policy *p,
                                         struct sl_retry_bucket *bucket, int attempt,
                                         int idempotent, enum sl_net_status st, long http_status,
                                         const char *code, double random01);

/* Parses an RFC 1123 Date header ("Sun, 06 Nov 1994 08:49:37 GMT") and, when it parses,
 * stores server - local in *offset_ms. Returns 1 when the gap is larger than
 * SL_SKEW_THRESHOLD_MS, 0 when it is smaller or the header is missing or unreadable (then
 * *offset_ms is left untouched). */
int sl_skew_offset_ms(const char *date_header, long long local_now_ms, long long *offset_ms);
/* An RFC 1123 date ("..., DD Mon YYYY HH:MM:SS GMT") into ms since the epoch: 0, or -1 when
 * s is not one. */
int sl_http_date_parse(const char *s, long long *ms);

#endif
