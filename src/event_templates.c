#include "event_templates.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "crypto.h"
#include "i18n.h"
#include "json.h"

static const struct {
    const char *name;
    enum sl_event_type type;
} type_names[] = {
    {"api-gateway-v1", SL_EVENT_APIGW_V1},
    {"rest-api", SL_EVENT_APIGW_V1},
    {"api-gateway-v2", SL_EVENT_APIGW_V2},
    {"apigw", SL_EVENT_APIGW_V2},
    {"http-api", SL_EVENT_APIGW_V2},
    {"sqs", SL_EVENT_SQS},
    {"s3", SL_EVENT_S3},
    {"sns", SL_EVENT_SNS},
    {"eventbridge", SL_EVENT_EVENTBRIDGE},
    {"schedule", SL_EVENT_SCHEDULE},
};

int sl_event_type_parse(const char *name, enum sl_event_type *out)
{
    size_t i;

    for (i = 0; name && i < sizeof(type_names) / sizeof(type_names[0]); i++) {
        if (!strcasecmp(name, type_names[i].name)) {
            *out = type_names[i].type;
            return 0;
        }
    }
    return -1;
}

const char *sl_event_type_name(enum sl_event_type type)
{
    size_t i;

    /* the first name of a type in the table is its main one */
    for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
        if (type_names[i].type == type)
            return type_names[i].name;
    return "";
}

const char *sl_event_type_names(void)
{
    return "api-gateway-v1, api-gateway-v2 (apigw, http-api), sqs, s3, sns, eventbridge, "
           "schedule";
}

/* ---- helpers --------------------------------------------------------------------------- */

struct gen {
    const struct sl_event_template_opts *o;
    const char *region;
    const char *account;
    long long now_ms;
    struct sl_error *err;
};

static void random_bytes(unsigned char *b, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    size_t got = 0;

    if (fd >= 0) {
        while (got < n) {
            ssize_t r = read(fd, b + got, n - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        close(fd);
    }
    if (got < n) {
        unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
        for (; got < n; got++)
            b[got] = (unsigned char)(rand_r(&seed) & 0xff);
    }
}

/* A version 4 UUID. */
static void uuid4(char out[37])
{
    unsigned char b[16];
    char hex[33];

    random_bytes(b, sizeof(b));
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    sl_hex_encode(b, sizeof(b), hex);
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

/* "2024-05-01T12:00:00Z" or with milliseconds ("...00.123Z"). */
static void iso_time(long long ms, int with_ms, char *out, size_t len)
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    if (with_ms)
        snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    else
        snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* API Gateway's "09/Apr/2015:12:34:56 +0000" (English month names whatever the locale). */
static void clf_time(long long ms, char *out, size_t len)
{
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(ms / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    snprintf(out, len, "%02d/%s/%04d:%02d:%02d:%02d +0000", tm.tm_mday, months[tm.tm_mon],
             tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Splits "name=value": name into out (bounded), returns value or NULL (sentence set). */
static const char *split_pair(struct gen *g, const char *opt, const char *pair, char *name,
                              size_t nlen)
{
    const char *eq = strchr(pair, '=');

    if (!eq || eq == pair || (size_t)(eq - pair) >= nlen) {
        sl_error_set(g->err, SL_EINVAL, _("%s takes NAME=VALUE, not \"%s\"."), opt, pair);
        return NULL;
    }
    memcpy(name, pair, (size_t)(eq - pair));
    name[eq - pair] = '\0';
    return eq + 1;
}

/* An object of "name=value" pairs (NULL when there are none and allow_null). */
static enum sl_err pairs_object(struct gen *g, const char *opt, const char *const *v, size_t n,
                                int lower_names, int multi, struct sl_json **out)
{
    char name[256];
    size_t i, j;

    *out = NULL;
    if (!n)
        return SL_OK;
    *out = sl_json_new_object();
    if (!*out)
        return SL_ENOMEM;
    for (i = 0; i < n; i++) {
        const char *value = split_pair(g, opt, v[i], name, sizeof(name));
        if (!value) {
            sl_json_free(out);
            return SL_EINVAL;
        }
        if (lower_names)
            for (j = 0; name[j]; j++)
                if (name[j] >= 'A' && name[j] <= 'Z')
                    name[j] = (char)(name[j] - 'A' + 'a');
        if (multi) {
            struct sl_json *a = sl_json_new_array();
            sl_json_add_string(a, NULL, value);
            sl_json_add(*out, name, a);
        } else {
            sl_json_add_string(*out, name, value);
        }
    }
    return SL_OK;
}

static void percent_encode(struct sl_buf *b, const char *s, int plus_for_space)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p;

    for (p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-_.~/", *p)) {
            sl_buf_append(b, p, 1);
        } else if (*p == ' ' && plus_for_space) {
            sl_buf_append(b, "+", 1);
        } else {
            char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            sl_buf_append(b, e, 3);
        }
    }
}

/* The route template: path segments equal to a path parameter's value become {name}. */
static char *resource_of(struct gen *g, const char *path)
{
    struct sl_buf b;
    const char *seg = path;
    char name[256];
    size_t i;

    sl_buf_init(&b, 0);
    while (*seg) {
        const char *end = strchr(seg + 1, '/');
        size_t n = end ? (size_t)(end - seg) : strlen(seg);
        int done = 0;

        if (*seg == '/' && n > 1) {
            for (i = 0; i < g->o->n_path_params && !done; i++) {
                const char *value =
                    split_pair(g, "--path-param", g->o->path_params[i], name, sizeof(name));
                if (value && strlen(value) == n - 1 && !memcmp(seg + 1, value, n - 1)) {
                    sl_buf_appendf(&b, "/{%s}", name);
                    done = 1;
                }
            }
        }
        if (!done)
            sl_buf_append(&b, seg, n);
        seg += n;
    }
    if (!b.len)
        sl_buf_append_str(&b, "/");
    return sl_buf_take(&b);
}

static char *query_string(struct gen *g)
{
    struct sl_buf b;
    char name[256];
    size_t i;

    sl_buf_init(&b, 0);
    sl_buf_append_str(&b, "");
    for (i = 0; i < g->o->n_query; i++) {
        const char *value = split_pair(g, "--query", g->o->query[i], name, sizeof(name));
        if (!value)
            continue;
        if (i)
            sl_buf_append_str(&b, "&");
        percent_encode(&b, name, 0);
        sl_buf_append_str(&b, "=");
        percent_encode(&b, value, 0);
    }
    return sl_buf_take(&b);
}

/* Adds the headers a client behind API Gateway sends plus the --header ones. */
static enum sl_err api_headers(struct gen *g, int lower, int multi, const char *host,
                               struct sl_json **out)
{
    const char *defaults[] = {"Accept=application/json",
                              NULL, /* Host */
                              "User-Agent=slctl",
                              "X-Forwarded-For=203.0.113.10",
                              "X-Forwarded-Port=443",
                              "X-Forwarded-Proto=https",
                              NULL /* Content-Type */};
    const char *all[64];
    char host_pair[300];
    size_t n = 0, i;

    snprintf(host_pair, sizeof(host_pair), "Host=%s", host);
    defaults[1] = host_pair;
    if (g->o->body)
        defaults[6] = "Content-Type=application/json";
    for (i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++)
        if (defaults[i])
            all[n++] = defaults[i];
    for (i = 0; i < g->o->n_headers && n < sizeof(all) / sizeof(all[0]); i++)
        all[n++] = g->o->headers[i];
    return pairs_object(g, "--header", all, n, lower, multi, out);
}

static const char *or_default(const char *v, const char *d)
{
    return v && *v ? v : d;
}

/* ---- the templates --------------------------------------------------------------------- */

static enum sl_err apigw_v1(struct gen *g, struct sl_json *ev)
{
    const struct sl_event_template_opts *o = g->o;
    const char *method = or_default(o->method, "GET");
    const char *path = or_default(o->path, "/");
    const char *stage = or_default(o->stage, "prod");
    struct sl_json *h = NULL, *mh = NULL, *q = NULL, *mq = NULL, *pp = NULL, *rc, *id;
    char host[256], reqid[37], when[80], stage_path[1200];
    char *resource = resource_of(g, path);
    enum sl_err r;

    snprintf(host, sizeof(host), "k3x9q2m1za.execute-api.%s.amazonaws.com", g->region);
    r = api_headers(g, 0, 0, host, &h);
    if (!r)
        r = api_headers(g, 0, 1, host, &mh);
    if (!r)
        r = pairs_object(g, "--query", o->query, o->n_query, 0, 0, &q);
    if (!r)
        r = pairs_object(g, "--query", o->query, o->n_query, 0, 1, &mq);
    if (!r)
        r = pairs_object(g, "--path-param", o->path_params, o->n_path_params, 0, 0, &pp);
    if (r || !resource)
        goto fail;
    sl_json_add_string(ev, "body", o->body);
    sl_json_add_string(ev, "resource", resource);
    sl_json_add_string(ev, "path", path);
    sl_json_add_string(ev, "httpMethod", method);
    sl_json_add_bool(ev, "isBase64Encoded", 0);
    if (q)
        sl_json_add(ev, "queryStringParameters", q);
    else
        sl_json_add_string(ev, "queryStringParameters", NULL);
    if (mq)
        sl_json_add(ev, "multiValueQueryStringParameters", mq);
    else
        sl_json_add_string(ev, "multiValueQueryStringParameters", NULL);
    if (pp)
        sl_json_add(ev, "pathParameters", pp);
    else
        sl_json_add_string(ev, "pathParameters", NULL);
    sl_json_add_string(ev, "stageVariables", NULL);
    sl_json_add(ev, "headers", h);
    sl_json_add(ev, "multiValueHeaders", mh);
    q = mq = pp = h = mh = NULL;

    rc = sl_json_new_object();
    uuid4(reqid);
    clf_time(g->now_ms, when, sizeof(when));
    snprintf(stage_path, sizeof(stage_path), "/%s%s", stage, path);
    sl_json_add_string(rc, "accountId", g->account);
    sl_json_add_string(rc, "resourceId", "2gxmpl");
    sl_json_add_string(rc, "stage", stage);
    sl_json_add_string(rc, "requestId", reqid);
    sl_json_add_string(rc, "requestTime", when);
    sl_json_add_number(rc, "requestTimeEpoch", (double)g->now_ms);
    id = sl_json_new_object();
    sl_json_add_string(id, "cognitoIdentityPoolId", NULL);
    sl_json_add_string(id, "accountId", NULL);
    sl_json_add_string(id, "cognitoIdentityId", NULL);
    sl_json_add_string(id, "caller", NULL);
    sl_json_add_string(id, "accessKey", NULL);
    sl_json_add_string(id, "sourceIp", "203.0.113.10");
    sl_json_add_string(id, "cognitoAuthenticationType", NULL);
    sl_json_add_string(id, "cognitoAuthenticationProvider", NULL);
    sl_json_add_string(id, "userArn", NULL);
    sl_json_add_string(id, "userAgent", "slctl");
    sl_json_add_string(id, "user", NULL);
    sl_json_add(rc, "identity", id);
    sl_json_add_string(rc, "path", stage_path);
    sl_json_add_string(rc, "resourcePath", resource);
    sl_json_add_string(rc, "httpMethod", method);
    sl_json_add_string(rc, "apiId", "k3x9q2m1za");
    sl_json_add_string(rc, "protocol", "HTTP/1.1");
    sl_json_add_string(rc, "domainName", host);
    sl_json_add(ev, "requestContext", rc);
fail:
    sl_json_free(&h);
    sl_json_free(&mh);
    sl_json_free(&q);
    sl_json_free(&mq);
    sl_json_free(&pp);
    free(resource);
    return r ? r : resource ? SL_OK : SL_ENOMEM;
}

static enum sl_err apigw_v2(struct gen *g, struct sl_json *ev)
{
    const struct sl_event_template_opts *o = g->o;
    const char *method = or_default(o->method, "GET");
    const char *path = or_default(o->path, "/");
    const char *stage = or_default(o->stage, "$default");
    struct sl_json *h = NULL, *q = NULL, *pp = NULL, *rc, *http;
    char host[256], reqid[37], when[80], route[1200];
    char *resource = resource_of(g, path);
    char *qs = query_string(g);
    enum sl_err r;

    snprintf(host, sizeof(host), "r3pmxmplak.execute-api.%s.amazonaws.com", g->region);
    r = api_headers(g, 1, 0, host, &h);
    if (!r)
        r = pairs_object(g, "--query", o->query, o->n_query, 0, 0, &q);
    if (!r)
        r = pairs_object(g, "--path-param", o->path_params, o->n_path_params, 0, 0, &pp);
    if (r || !resource || !qs)
        goto fail;
    snprintf(route, sizeof(route), "%s %s", method, resource);
    sl_json_add_string(ev, "version", "2.0");
    sl_json_add_string(ev, "routeKey", route);
    sl_json_add_string(ev, "rawPath", path);
    sl_json_add_string(ev, "rawQueryString", qs);
    sl_json_add(ev, "headers", h);
    if (q)
        sl_json_add(ev, "queryStringParameters", q);
    if (pp)
        sl_json_add(ev, "pathParameters", pp);
    h = q = pp = NULL;

    rc = sl_json_new_object();
    uuid4(reqid);
    clf_time(g->now_ms, when, sizeof(when));
    sl_json_add_string(rc, "accountId", g->account);
    sl_json_add_string(rc, "apiId", "r3pmxmplak");
    sl_json_add_string(rc, "domainName", host);
    sl_json_add_string(rc, "domainPrefix", "r3pmxmplak");
    http = sl_json_new_object();
    sl_json_add_string(http, "method", method);
    sl_json_add_string(http, "path", path);
    sl_json_add_string(http, "protocol", "HTTP/1.1");
    sl_json_add_string(http, "sourceIp", "203.0.113.10");
    sl_json_add_string(http, "userAgent", "slctl");
    sl_json_add(rc, "http", http);
    sl_json_add_string(rc, "requestId", reqid);
    sl_json_add_string(rc, "routeKey", route);
    sl_json_add_string(rc, "stage", stage);
    sl_json_add_string(rc, "time", when);
    sl_json_add_number(rc, "timeEpoch", (double)g->now_ms);
    sl_json_add(ev, "requestContext", rc);
    if (o->body)
        sl_json_add_string(ev, "body", o->body);
    sl_json_add_bool(ev, "isBase64Encoded", 0);
fail:
    sl_json_free(&h);
    sl_json_free(&q);
    sl_json_free(&pp);
    free(resource);
    free(qs);
    return r ? r : (resource && qs) ? SL_OK : SL_ENOMEM;
}

static struct sl_json *records_of(struct sl_json *ev)
{
    struct sl_json *records = sl_json_new_array();
    struct sl_json *rec = sl_json_new_object();

    sl_json_add(records, NULL, rec);
    sl_json_add(ev, "Records", records);
    return rec;
}

static enum sl_err sqs(struct gen *g, struct sl_json *ev)
{
    const char *body = or_default(g->o->body, "Hello from SQS!");
    const char *queue = or_default(g->o->queue, "my-queue");
    struct sl_json *rec = records_of(ev), *attrs;
    char id[37], md5[SL_MD5_HEX_LEN + 1], ms[32], arn[512];

    uuid4(id);
    sl_md5_hex(body, strlen(body), md5);
    snprintf(ms, sizeof(ms), "%lld", g->now_ms);
    snprintf(arn, sizeof(arn), "arn:aws:sqs:%s:%s:%s", g->region, g->account, queue);
    sl_json_add_string(rec, "messageId", id);
    sl_json_add_string(rec, "receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...");
    sl_json_add_string(rec, "body", body);
    attrs = sl_json_new_object();
    sl_json_add_string(attrs, "ApproximateReceiveCount", "1");
    sl_json_add_string(attrs, "SentTimestamp", ms);
    sl_json_add_string(attrs, "SenderId", "AIDAIENQZJOLO23YVJ4VO");
    sl_json_add_string(attrs, "ApproximateFirstReceiveTimestamp", ms);
    sl_json_add(rec, "attributes", attrs);
    sl_json_add(rec, "messageAttributes", sl_json_new_object());
    sl_json_add_string(rec, "md5OfBody", md5);
    sl_json_add_string(rec, "eventSource", "aws:sqs");
    sl_json_add_string(rec, "eventSourceARN", arn);
    sl_json_add_string(rec, "awsRegion", g->region);
    return SL_OK;
}

static enum sl_err s3(struct gen *g, struct sl_json *ev)
{
    const char *bucket = or_default(g->o->bucket, "example-bucket");
    const char *key = or_default(g->o->key, "test/key");
    struct sl_json *rec = records_of(ev), *o, *s3o, *b, *obj;
    char when[80], arn[300], etag[SL_MD5_HEX_LEN + 1], seq[20];
    unsigned char rnd[8];
    struct sl_buf enc;

    iso_time(g->now_ms, 1, when, sizeof(when));
    snprintf(arn, sizeof(arn), "arn:aws:s3:::%s", bucket);
    sl_md5_hex(key, strlen(key), etag);
    random_bytes(rnd, sizeof(rnd));
    sl_hex_encode(rnd, sizeof(rnd), seq);
    /* S3 notifications carry the key URL-encoded, spaces as '+'. */
    sl_buf_init(&enc, 0);
    percent_encode(&enc, key, 1);
    sl_json_add_string(rec, "eventVersion", "2.1");
    sl_json_add_string(rec, "eventSource", "aws:s3");
    sl_json_add_string(rec, "awsRegion", g->region);
    sl_json_add_string(rec, "eventTime", when);
    sl_json_add_string(rec, "eventName", "ObjectCreated:Put");
    o = sl_json_new_object();
    sl_json_add_string(o, "principalId", "AWS:AIDAINPONIXQXHT3IKHL2");
    sl_json_add(rec, "userIdentity", o);
    o = sl_json_new_object();
    sl_json_add_string(o, "sourceIPAddress", "203.0.113.10");
    sl_json_add(rec, "requestParameters", o);
    o = sl_json_new_object();
    sl_json_add_string(o, "x-amz-request-id", "D82B88E5F771F645");
    sl_json_add_string(
        o, "x-amz-id-2",
        "vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=");
    sl_json_add(rec, "responseElements", o);
    s3o = sl_json_new_object();
    sl_json_add_string(s3o, "s3SchemaVersion", "1.0");
    sl_json_add_string(s3o, "configurationId", "slctl-test-event");
    b = sl_json_new_object();
    sl_json_add_string(b, "name", bucket);
    o = sl_json_new_object();
    sl_json_add_string(o, "principalId", "A3I5XTEXAMAI3E");
    sl_json_add(b, "ownerIdentity", o);
    sl_json_add_string(b, "arn", arn);
    sl_json_add(s3o, "bucket", b);
    obj = sl_json_new_object();
    sl_json_add_string(obj, "key", sl_buf_str(&enc));
    sl_json_add_number(obj, "size", 1024);
    sl_json_add_string(obj, "eTag", etag);
    sl_json_add_string(obj, "sequencer", seq);
    sl_json_add(s3o, "object", obj);
    sl_json_add(rec, "s3", s3o);
    sl_buf_free(&enc);
    return SL_OK;
}

static enum sl_err sns(struct gen *g, struct sl_json *ev)
{
    const char *topic = or_default(g->o->topic, "my-topic");
    struct sl_json *rec = records_of(ev), *m;
    char id[37], sub[37], when[80], arn[512], subarn[600];

    uuid4(id);
    uuid4(sub);
    iso_time(g->now_ms, 1, when, sizeof(when));
    snprintf(arn, sizeof(arn), "arn:aws:sns:%s:%s:%s", g->region, g->account, topic);
    snprintf(subarn, sizeof(subarn), "%s:%s", arn, sub);
    sl_json_add_string(rec, "EventSource", "aws:sns");
    sl_json_add_string(rec, "EventVersion", "1.0");
    sl_json_add_string(rec, "EventSubscriptionArn", subarn);
    m = sl_json_new_object();
    sl_json_add_string(m, "Type", "Notification");
    sl_json_add_string(m, "MessageId", id);
    sl_json_add_string(m, "TopicArn", arn);
    sl_json_add_string(m, "Subject", or_default(g->o->subject, "Test notification"));
    sl_json_add_string(m, "Message", or_default(g->o->body, "Hello from SNS!"));
    sl_json_add_string(m, "Timestamp", when);
    sl_json_add_string(m, "SignatureVersion", "1");
    sl_json_add_string(
        m, "Signature",
        "EXAMPLEpH+"
        "DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0"
        "Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=");
    sl_json_add_string(m, "SigningCertUrl",
                       "https://sns.us-east-1.amazonaws.com/"
                       "SimpleNotificationService-0000000000000000000000.pem");
    sl_json_add_string(m, "UnsubscribeUrl",
                       "https://sns.us-east-1.amazonaws.com/"
                       "?Action=Unsubscribe&SubscriptionArn=EXAMPLE");
    sl_json_add(m, "MessageAttributes", sl_json_new_object());
    sl_json_add(rec, "Sns", m);
    return SL_OK;
}

static enum sl_err eventbridge(struct gen *g, struct sl_json *ev, int schedule)
{
    struct sl_json *detail, *res = sl_json_new_array();
    char id[37], when[80], arn[512];

    if (schedule) {
        detail = sl_json_new_object();
    } else if (g->o->detail) {
        detail = sl_json_parse(g->o->detail, strlen(g->o->detail));
        if (!detail) {
            struct sl_error e;
            sl_error_clear(&e);
            sl_json_validate(g->o->detail, strlen(g->o->detail), &e);
            sl_json_free(&res);
            return sl_error_set(g->err, SL_EINVAL, _("--detail is %s."), e.message);
        }
    } else {
        detail = sl_json_new_object();
        sl_json_add_string(detail, "orderId", "o-1001");
        sl_json_add_string(detail, "status", "PLACED");
    }
    uuid4(id);
    iso_time(g->now_ms, 0, when, sizeof(when));
    sl_json_add_string(ev, "version", "0");
    sl_json_add_string(ev, "id", id);
    sl_json_add_string(ev, "detail-type",
                       schedule ? "Scheduled Event"
                                : or_default(g->o->detail_type, "Order Placed"));
    sl_json_add_string(ev, "source",
                       schedule ? "aws.events" : or_default(g->o->source, "com.example.orders"));
    sl_json_add_string(ev, "account", g->account);
    sl_json_add_string(ev, "time", when);
    sl_json_add_string(ev, "region", g->region);
    if (schedule) {
        snprintf(arn, sizeof(arn), "arn:aws:events:%s:%s:rule/%s", g->region, g->account,
                 or_default(g->o->rule, "my-schedule"));
        sl_json_add_string(res, NULL, arn);
    }
    sl_json_add(ev, "resources", res);
    sl_json_add(ev, "detail", detail);
    return SL_OK;
}

static enum sl_err check_pairs(const char *opt, const char *const *v, size_t n,
                               struct sl_error *err)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strchr(v[i], '=') || v[i][0] == '=')
            return sl_error_set(err, SL_EINVAL, _("%s takes NAME=VALUE, not \"%s\"."), opt, v[i]);
    return SL_OK;
}

enum sl_err sl_event_template(enum sl_event_type type, const struct sl_event_template_opts *o,
                              char **out, struct sl_error *err)
{
    static const struct sl_event_template_opts none;
    struct sl_json *ev = sl_json_new_object();
    struct gen g;
    enum sl_err rc;
    char *text, *grown;
    size_t i;

    *out = NULL;
    if (!ev)
        return SL_ENOMEM;
    g.o = o ? o : &none;
    g.region = or_default(g.o->region, "us-east-1");
    g.account = or_default(g.o->account, "123456789012");
    g.now_ms = g.o->now_ms > 0 ? g.o->now_ms : (long long)time(NULL) * 1000;
    g.err = err;
    /* Malformed NAME=VALUE options are mistakes whatever the type. */
    rc = check_pairs("--path-param", g.o->path_params, g.o->n_path_params, err);
    if (!rc)
        rc = check_pairs("--query", g.o->query, g.o->n_query, err);
    if (!rc)
        rc = check_pairs("--header", g.o->headers, g.o->n_headers, err);
    if (rc)
        goto out;
    if (g.o->path && g.o->path[0] != '/') {
        rc =
            sl_error_set(err, SL_EINVAL, _("--path must start with \"/\", not \"%s\"."), g.o->path);
        goto out;
    }
    switch (type) {
    case SL_EVENT_APIGW_V1:
        rc = apigw_v1(&g, ev);
        break;
    case SL_EVENT_APIGW_V2:
        rc = apigw_v2(&g, ev);
        break;
    case SL_EVENT_SQS:
        rc = sqs(&g, ev);
        break;
    case SL_EVENT_S3:
        rc = s3(&g, ev);
        break;
    case SL_EVENT_SNS:
        rc = sns(&g, ev);
        break;
    case SL_EVENT_EVENTBRIDGE:
        rc = eventbridge(&g, ev, 0);
        break;
    case SL_EVENT_SCHEDULE:
        rc = eventbridge(&g, ev, 1);
        break;
    default:
        rc = sl_error_set(err, SL_EINVAL, "%s", _("Unknown event type."));
        break;
    }
    if (rc)
        goto out;
    text = sl_json_print(ev, 1);
    if (!text) {
        rc = SL_ENOMEM;
        goto out;
    }
    i = strlen(text);
    grown = realloc(text, i + 2);
    if (!grown) {
        free(text);
        rc = SL_ENOMEM;
        goto out;
    }
    grown[i] = '\n';
    grown[i + 1] = '\0';
    *out = grown;
out:
    sl_json_free(&ev);
    return rc;
}
