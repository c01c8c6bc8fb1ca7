#include "retry.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "i18n.h"

static const char *const sl_throttling_codes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

static const char *const sl_transient_codes[] = {
    "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete",
    "IDPCommunicationError", /* STS, modeled as retryable */
};

static const char *const sl_skew_codes[] = {
    "RequestTimeTooSkewed",      "RequestExpired",        "RequestInTheFuture",
    "InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure",
};

#define SL_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int sl_code_in(const char *code, const char *const *list, size_t n)
{
    size_t i;

    if (!code || !*code)
        return 0;
    for (i = 0; i < n; i++)
        if (!strcmp(code, list[i]))
            return 1;
    return 0;
}

int sl_retry_is_throttling_code(const char *code)
{
    return sl_code_in(code, sl_throttling_codes, SL_COUNT(sl_throttling_codes));
}

int sl_retry_is_transient_code(const char *code)
{
    return sl_code_in(code, sl_transient_codes, SL_COUNT(sl_transient_codes));
}

int sl_retry_is_skew_code(const char *code)
{
    return sl_code_in(code, sl_skew_codes, SL_COUNT(sl_skew_codes));
}

/* Declared in transport.h; lives here because it is a pure decision the fake transport's
 * users need without linking libcurl. */
int sl_net_never_sent(enum sl_net_status st)
{
    return st == SL_NET_CONNECT_FAILED || st == SL_NET_CONNECT_TIMEOUT;
}

enum sl_retry_class sl_retry_classify(enum sl_net_status st, long http_status, const char *code)
{
    switch (st) {
    case SL_NET_OK:
        break;
    case SL_NET_CONNECT_FAILED:
    case SL_NET_SEND_FAILED:
    case SL_NET_RECV_FAILED:
        return SL_RETRY_TRANSIENT;
    case SL_NET_CONNECT_TIMEOUT:
    case SL_NET_READ_TIMEOUT:
        return SL_RETRY_TIMEOUT;
    case SL_NET_TOO_BIG:
    case SL_NET_CANCELLED:
    default:
        return SL_RETRY_NONE;
    }
    if (http_status >= 200 && http_status < 300)
        return SL_RETRY_NONE;
    if (http_status == 429 || sl_retry_is_throttling_code(code))
        return SL_RETRY_THROTTLING;
    if (sl_retry_is_skew_code(code))
        return SL_RETRY_SKEW_CANDIDATE;
    if (sl_retry_is_transient_code(code))
        return SL_RETRY_TRANSIENT;
    if (http_status == 500 || http_status == 502 || http_status == 503 || http_status == 504)
        return SL_RETRY_TRANSIENT;
    return SL_RETRY_NONE;
}

/* ---- policy -------------------------------------------------------------------------- */

static int sl_set(const char *s)
{
    return s && *s;
}

static enum sl_err sl_parse_attempts(const char *s, const char *what, int *out,
                                     struct sl_error *err)
{
    char *end = NULL;
    long v;

    while (*s == ' ' || *s == '\t')
        s++;
    errno = 0;
    v = strtol(s, &end, 10);
    while (end && (*end == ' ' || *end == '\t'))
        end++;
    if (errno || end == s || !end || *end || v < 1 || v > SL_RETRY_MAX_ATTEMPTS_LIMIT)
        return sl_error_set(err, SL_ECONFIG,
                            _("%s must be a whole number from 1 to %d, not \"%.64s\"."), what,
                            SL_RETRY_MAX_ATTEMPTS_LIMIT, s);
    *out = (int)v;
    return SL_OK;
}

static enum sl_err sl_parse_mode(const char *s, const char *what, enum sl_retry_mode *out,
                                 struct sl_error *err)
{
    if (!strcasecmp(s, "standard"))
        *out = SL_RETRY_MODE_STANDARD;
    else if (!strcasecmp(s, "legacy"))
        *out = SL_RETRY_MODE_LEGACY;
    else if (!strcasecmp(s, "adaptive"))
        *out = SL_RETRY_MODE_ADAPTIVE;
    else
        return sl_error_set(err, SL_ECONFIG,
                            _("%s must be \"standard\", \"adaptive\" or \"legacy\", not "
                              "\"%.64s\"."),
                            what, s);
    return SL_OK;
}

enum sl_err sl_retry_policy_from(struct sl_retry_policy *p, const char *env_max_attempts,
                                 const char *env_retry_mode, const char *profile_max_attempts,
                                 const char *profile_retry_mode, struct sl_error *err)
{
    enum sl_retry_mode mode = SL_RETRY_MODE_STANDARD;
    int attempts = 0;
    enum sl_err rc = SL_OK;

    if (sl_set(env_retry_mode))
        rc = sl_parse_mode(env_retry_mode, "AWS_RETRY_MODE", &mode, err);
    else if (sl_set(profile_retry_mode))
        rc = sl_parse_mode(profile_retry_mode, "retry_mode", &mode, err);
    if (rc)
        goto out;
    if (sl_set(env_max_attempts))
        rc = sl_parse_attempts(env_max_attempts, "AWS_MAX_ATTEMPTS", &attempts, err);
    else if (sl_set(profile_max_attempts))
        rc = sl_parse_attempts(profile_max_attempts, "max_attempts", &attempts, err);
    if (rc)
        goto out;
    if (!attempts)
        attempts = mode == SL_RETRY_MODE_LEGACY ? SL_RETRY_LEGACY_DEFAULT_ATTEMPTS
                                                : SL_RETRY_DEFAULT_ATTEMPTS;
    p->mode = mode;
    p->max_attempts = attempts;
out:
    return rc;
}

enum sl_err sl_retry_policy_load(struct sl_retry_policy *p, const char *profile_max_attempts,
                                 const char *profile_retry_mode, struct sl_error *err)
{
    return sl_retry_policy_from(p, getenv("AWS_MAX_ATTEMPTS"), getenv("AWS_RETRY_MODE"),
                                profile_max_attempts, profile_retry_mode, err);
}

const char *sl_retry_mode_name(const struct sl_retry_policy *p)
{
    switch (p ? p->mode : SL_RETRY_MODE_STANDARD) {
    case SL_RETRY_MODE_LEGACY:
        return "legacy";
    case SL_RETRY_MODE_ADAPTIVE:
        return "adaptive";
    case SL_RETRY_MODE_STANDARD:
    default:
        return "standard";
    }
}

/* ---- backoff and quota --------------------------------------------------------------- */

long long sl_retry_delay_ms(int attempt, double random01)
{
    long long base = 1000;
    int i;

    if (!(random01 >= 0.0)) /* also catches NaN */
        random01 = 0.0;
    if (random01 >= 1.0)
        random01 = 0.999999;
    for (i = 1; i < attempt && base < SL_RETRY_MAX_BACKOFF_MS; i++)
        base *= 2;
    if (base > SL_RETRY_MAX_BACKOFF_MS)
        base = SL_RETRY_MAX_BACKOFF_MS;
    return (long long)(random01 * (double)base);
}

void sl_retry_bucket_init(struct sl_retry_bucket *b)
{
    b->capacity = SL_RETRY_QUOTA_CAPACITY;
    b->available = SL_RETRY_QUOTA_CAPACITY;
}

int sl_retry_bucket_acquire(struct sl_retry_bucket *b, enum sl_retry_class cls)
{
    int cost = cls == SL_RETRY_TIMEOUT ? SL_RETRY_TIMEOUT_COST : SL_RETRY_COST;

    if (b->available < cost)
        return 0;
    b->available -= cost;
    return cost;
}

void sl_retry_bucket_refund(struct sl_retry_bucket *b, int last_retry_cost)
{
    b->available += last_retry_cost > 0 ? last_retry_cost : 1;
    if (b->available > b->capacity)
        b->available = b->capacity;
}

void sl_retry_bucket_success(struct sl_retry_bucket *b)
{
    sl_retry_bucket_refund(b, 1);
}

struct sl_retry_decision sl_retry_decide(const struct sl_retry_policy *p,
                                         struct sl_retry_bucket *bucket, int attempt,
                                         int idempotent, enum sl_net_status st, long http_status,
                                         const char *code, double random01)
{
    struct sl_retry_decision d = {0, 0, 0};
    enum sl_retry_class cls = sl_retry_classify(st, http_status, code);
    int max = p && p->max_attempts > 0 ? p->max_attempts : SL_RETRY_DEFAULT_ATTEMPTS;
    int use_quota = bucket && (!p || p->mode != SL_RETRY_MODE_LEGACY);

    if (cls == SL_RETRY_NONE || cls == SL_RETRY_SKEW_CANDIDATE)
        return d;
    if (attempt < 1 || attempt >= max)
        return d;
    /* The safety rule: a request that may have run must not run twice. */
    if (!idempotent && !sl_net_never_sent(st) && !(st == SL_NET_OK && cls == SL_RETRY_THROTTLING))
        return d;
    if (use_quota) {
        d.cost = sl_retry_bucket_acquire(bucket, cls);
        if (!d.cost)
            return d;
    }
    d.retry = 1;
    d.delay_ms = sl_retry_delay_ms(attempt, random01);
    return d;
}

/* ---- clock skew ---------------------------------------------------------------------- */

static int sl_parse_uint(const char **sp, int digits, int *out)
{
    const char *s = *sp;
    int v = 0, i;

    for (i = 0; i < digits; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *sp = s + digits;
    *out = v;
    return 0;
}

static int sl_expect(const char **sp, char c)
{
    if (**sp != c)
        return -1;
    (*sp)++;
    return 0;
}

int sl_http_date_parse(const char *s, long long *ms)
{
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm;
    int day, year, hh, mi, ss, mon = -1, i;
    time_t t;

    if (!s)
        return -1;
    while (*s == ' ')
        s++;
    /* "Sun, " : the weekday is not checked, only its shape. */
    for (i = 0; i < 3; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
            return -1;
    s += 3;
    if (sl_expect(&s, ',') || sl_expect(&s, ' '))
        return -1;
    if (sl_parse_uint(&s, 2, &day) || sl_expect(&s, ' '))
        return -1;
    for (i = 0; i < 12; i++)
        if (!strncasecmp(s, months[i], 3))
            mon = i;
    if (mon < 0)
        return -1;
    s += 3;
    if (sl_expect(&s, ' ') || sl_parse_uint(&s, 4, &year) || sl_expect(&s, ' ') ||
        sl_parse_uint(&s, 2, &hh) || sl_expect(&s, ':') || sl_parse_uint(&s, 2, &mi) ||
        sl_expect(&s, ':') || sl_parse_uint(&s, 2, &ss) || sl_expect(&s, ' '))
        return -1;
    if (strcmp(s, "GMT") && strcmp(s, "UTC") && strcmp(s, "+0000"))
        return -1;
    if (day < 1 || day > 31 || hh > 23 || mi > 59 || ss > 60 || year < 1970)
        return -1;
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day;
    tm.tm_hour = hh;
    tm.tm_min = mi;
    tm.tm_sec = ss;
    t = timegm(&tm);
    if (t == (time_t)-1)
        return -1;
    *ms = (long long)t * 1000;
    return 0;
}

int sl_skew_offset_ms(const char *date_header, long long local_now_ms, long long *offset_ms)
{
    long long server_ms, diff;

    if (sl_http_date_parse(date_header, &server_ms))
        return 0;
    diff = server_ms - local_now_ms;
    if (offset_ms)
        *offset_ms = diff;
    return diff > SL_SKEW_THRESHOLD_MS || diff < -SL_SKEW_THRESHOLD_MS;
}
