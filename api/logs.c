#include "logs.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "i18n.h"
#include "pager.h"
#include "service.h"

/* Nesting deeper than this is refused (no answer of ours nests more than 4 levels). */
#define LOGS_JSON_MAX_DEPTH 64
/* Items one page may hold (AWS sends at most 10,000 events or 50 groups per page). */
#define LOGS_PAGE_ITEMS_MAX 100000
/* Caps of the synchronous conveniences when the caller gives none. */
#define LOGS_COLLECT_MAX_ITEMS ((size_t)1000000)
#define LOGS_COLLECT_MAX_BYTES ((size_t)256 * 1024 * 1024)
/* Largest integer a JSON number (a double in cJSON) carries exactly. */
#define LOGS_MAX_EXACT_MS (1LL << 53)

/* ---- values --------------------------------------------------------------------------- */

static void logs_group_clear(void *p)
{
    struct sl_log_group *g = p;

    free(g->name);
    free(g->arn);
    free(g->log_group_arn);
    free(g->kms_key_id);
    free(g->log_group_class);
    memset(g, 0, sizeof(*g));
}

static void logs_stream_clear(void *p)
{
    struct sl_log_stream *s = p;

    free(s->name);
    free(s->arn);
    memset(s, 0, sizeof(*s));
}

void sl_logs_event_clear(struct sl_log_event *e)
{
    if (!e)
        return;
    free(e->log_stream_name);
    free(e->event_id);
    free(e->message);
    memset(e, 0, sizeof(*e));
}

static void logs_event_clear(void *p)
{
    sl_logs_event_clear(p);
}

void sl_logs_groups_free(struct sl_log_group **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        logs_group_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_logs_streams_free(struct sl_log_stream **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        logs_stream_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

void sl_logs_events_free(struct sl_log_event **v, size_t n)
{
    size_t i;

    if (!v || !*v)
        return;
    for (i = 0; i < n; i++)
        sl_logs_event_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

/* A growable array of fixed-size items. */
struct logs_vec {
    char *v;
    size_t n;
    size_t cap;
    size_t size;
};

/* A zeroed new item, or NULL (out of memory, or more than max items). */
static void *logs_vec_push(struct logs_vec *v, size_t max)
{
    char *p;

    if (v->n >= max)
        return NULL;
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 16;

        if (ncap > SIZE_MAX / v->size)
            return NULL;
        p = realloc(v->v, ncap * v->size);
        if (!p)
            return NULL;
        v->v = p;
        v->cap = ncap;
    }
    p = v->v + v->n * v->size;
    memset(p, 0, v->size);
    v->n++;
    return p;
}

static void logs_vec_free(struct logs_vec *v, void (*clear)(void *))
{
    size_t i;

    for (i = 0; i < v->n; i++)
        clear(v->v + i * v->size);
    free(v->v);
    v->v = NULL;
    v->n = v->cap = 0;
}

/* ---- a small JSON reader ---------------------------------------------------------------- */

/* cJSON keeps strings NUL-terminated, so it cannot carry a message holding "\u0000", and it
 * refuses a whole document for one lone surrogate. Pages are therefore read with this
 * streaming reader, which decodes strings into counted bytes straight into their final
 * buffers. It is strict about structure (truncated or malformed JSON is an error) and lenient
 * about string contents (raw control bytes are kept; a lone surrogate becomes U+FFFD). */
struct jr {
    const char *start;
    const char *p;
    const char *end;
    int depth;
    const char *what; /* the operation, for messages */
    struct sl_error *err;
    size_t budget;     /* decoded string bytes this page may still hold */
    struct sl_buf key; /* the current member name */
};

static enum sl_err jr_fail(struct jr *r, const char *why)
{
    return sl_error_set(r->err, SL_EPARSE, _("The %s answer could not be read at byte %zu: %s."),
                        r->what, (size_t)(r->p - r->start), why);
}

static enum sl_err jr_wrong_type(struct jr *r, const char *field)
{
    return sl_error_set(r->err, SL_EPARSE, _("The %s answer has a field %s of the wrong type."),
                        r->what, field);
}

static enum sl_err jr_too_big(struct jr *r)
{
    return sl_error_set(r->err, SL_ETOOBIG, _("The %s answer holds more data than allowed."),
                        r->what);
}

static void jr_ws(struct jr *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

/* The next significant byte, or -1 at the end. */
static int jr_peek(struct jr *r)
{
    jr_ws(r);
    return r->p < r->end ? (unsigned char)*r->p : -1;
}

static enum sl_err jr_literal(struct jr *r, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(r->end - r->p) < n)
        return jr_fail(r, _("the text ends too early"));
    if (memcmp(r->p, lit, n) != 0)
        return jr_fail(r, _("unexpected text"));
    r->p += n;
    return SL_OK;
}

/* Appends decoded bytes to out (NULL: nothing is kept) within max bytes. Past max, *cut is set
 * and the rest dropped, or, when cut is NULL, the string is too big. */
static enum sl_err jr_emit(struct jr *r, struct sl_buf *out, size_t max, int *cut, const char *s,
                           size_t n)
{
    size_t room;

    if (!out || (cut && *cut))
        return SL_OK;
    room = out->len < max ? max - out->len : 0;
    if (n > room) {
        if (!cut)
            return jr_too_big(r);
        n = room;
        *cut = 1;
    }
    if (n > r->budget)
        return jr_too_big(r);
    r->budget -= n;
    return n ? sl_buf_append(out, s, n) : SL_OK;
}

static int jr_hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    int i;

    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return 0;
    }
    *out = v;
    return 1;
}

static size_t jr_utf8(unsigned cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Drops a UTF-8 sequence left incomplete at the end of b by a cut. */
static void jr_trim_partial_utf8(struct sl_buf *b)
{
    size_t i, back;
    unsigned char c;
    size_t need;

    for (back = 1; back <= 4 && back <= b->len; back++) {
        i = b->len - back;
        c = (unsigned char)b->data[i];
        if ((c & 0xC0) == 0x80)
            continue; /* a continuation byte: look further back */
        need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (need > back) {
            b->len = i;
            b->data[i] = '\0';
        }
        return;
    }
}

/* Reads the string at r->p (a '"' is expected there). */
static enum sl_err jr_string(struct jr *r, struct sl_buf *out, size_t max, int *cut)
{
    const char *p;
    enum sl_err rc;

    if (r->p >= r->end || *r->p != '"')
        return jr_fail(r, _("a string was expected"));
    p = r->p + 1;
    for (;;) {
        const char *run = p;
        char tmp[4];
        size_t tn = 1;
        unsigned cp, lo;

        while (p < r->end && *p != '"' && *p != '\\')
            p++;
        rc = jr_emit(r, out, max, cut, run, (size_t)(p - run));
        if (rc)
            return rc;
        if (p >= r->end) {
            r->p = p;
            return jr_fail(r, _("the text ends inside a string"));
        }
        if (*p == '"') {
            r->p = p + 1;
            return SL_OK;
        }
        if (++p >= r->end) {
            r->p = p;
            return jr_fail(r, _("the text ends inside a string"));
        }
        switch (*p) {
        case '"':
        case '\\':
        case '/':
            tmp[0] = *p;
            break;
        case 'b':
            tmp[0] = '\b';
            break;
        case 'f':
            tmp[0] = '\f';
            break;
        case 'n':
            tmp[0] = '\n';
            break;
        case 'r':
            tmp[0] = '\r';
            break;
        case 't':
            tmp[0] = '\t';
            break;
        case 'u':
            if (r->end - p < 5 || !jr_hex4(p + 1, &cp)) {
                r->p = p;
                return jr_fail(r, _("a \\u escape is not valid"));
            }
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (r->end - p >= 7 && p[1] == '\\' && p[2] == 'u' && jr_hex4(p + 3, &lo) &&
                    lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD; /* a lone high surrogate has no UTF-8 form */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            tn = jr_utf8(cp, tmp);
            break;
        default:
            r->p = p;
            return jr_fail(r, _("a backslash escape is not valid"));
        }
        p++;
        rc = jr_emit(r, out, max, cut, tmp, tn);
        if (rc)
            return rc;
    }
}

/* Reads a number; out NULL skips it. Converted without the locale (no strtod): fractions are
 * truncated toward zero, anything outside long long is an error. */
static enum sl_err jr_number(struct jr *r, long long *out)
{
    const char *p = r->p;
    unsigned long long m = 0;
    int neg = 0, nd = 0, any;
    long exp10 = 0, e = 0;
    int eneg = 0;

    if (p < r->end && *p == '-') {
        neg = 1;
        p++;
    }
    if (p >= r->end || *p < '0' || *p > '9')
        return jr_fail(r, _("a number is not valid"));
    if (*p == '0') {
        p++;
    } else {
        for (; p < r->end && *p >= '0' && *p <= '9'; p++) {
            if (nd < 19) {
                m = m * 10 + (unsigned)(*p - '0');
                nd++;
            } else {
                exp10++;
            }
        }
    }
    if (p < r->end && *p == '.') {
        p++;
        for (any = 0; p < r->end && *p >= '0' && *p <= '9'; p++, any = 1) {
            if (nd < 19 && (m || *p != '0')) {
                m = m * 10 + (unsigned)(*p - '0');
                nd++;
                exp10--;
            } else if (!m) {
                exp10--;
            }
        }
        if (!any) {
            r->p = p;
            return jr_fail(r, _("a number is not valid"));
        }
    }
    if (p < r->end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < r->end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        for (any = 0; p < r->end && *p >= '0' && *p <= '9'; p++, any = 1)
            if (e < 100000)
                e = e * 10 + (*p - '0');
        if (!any) {
            r->p = p;
            return jr_fail(r, _("a number is not valid"));
        }
        exp10 += eneg ? -e : e;
    }
    if (!out) {
        r->p = p;
        return SL_OK;
    }
    for (; exp10 < 0 && m; exp10++)
        m /= 10;
    for (; exp10 > 0 && m; exp10--) {
        if (m > (unsigned long long)LLONG_MAX / 10) {
            r->p = p;
            return jr_fail(r, _("a number is too large"));
        }
        m *= 10;
    }
    if (m > (unsigned long long)LLONG_MAX) {
        r->p = p;
        return jr_fail(r, _("a number is too large"));
    }
    r->p = p;
    *out = neg ? -(long long)m : (long long)m;
    return SL_OK;
}

static enum sl_err jr_skip(struct jr *r);

static enum sl_err jr_open(struct jr *r, char c)
{
    if (jr_peek(r) != (unsigned char)c)
        return jr_fail(r, c == '{' ? _("an object was expected") : _("an array was expected"));
    if (++r->depth > LOGS_JSON_MAX_DEPTH)
        return jr_fail(r, _("the data is nested too deeply"));
    r->p++;
    return SL_OK;
}

/* Moves to the next element of an array or member of an object. *count is the number read
 * so far (start at 0). For objects the member name lands in r->key and the ':' is consumed.
 * *more is 0 once the closing bracket has been consumed. */
static enum sl_err jr_next(struct jr *r, char close, size_t *count, int *more)
{
    int c = jr_peek(r);
    enum sl_err rc;

    *more = 0;
    if (c < 0)
        return jr_fail(r, _("the text ends too early"));
    if (c == (unsigned char)close) {
        r->p++;
        r->depth--;
        return SL_OK;
    }
    if (*count > 0) {
        if (c != ',')
            return jr_fail(r, _("a comma was expected"));
        r->p++;
        c = jr_peek(r);
    }
    if (close == '}') {
        int cut = 0;

        if (c != '"')
            return jr_fail(r, _("a member name was expected"));
        sl_buf_reset(&r->key);
        rc = jr_string(r, &r->key, 128, &cut);
        if (rc)
            return rc;
        if (cut || strlen(sl_buf_str(&r->key)) != r->key.len)
            sl_buf_reset(&r->key); /* no name we know is that long or holds a NUL */
        if (jr_peek(r) != ':')
            return jr_fail(r, _("a colon was expected"));
        r->p++;
    } else if (c < 0) {
        return jr_fail(r, _("the text ends too early"));
    }
    (*count)++;
    *more = 1;
    return SL_OK;
}

static int jr_key_is(const struct jr *r, const char *name)
{
    return r->key.len && !strcmp(sl_buf_str(&r->key), name);
}

static enum sl_err jr_skip(struct jr *r)
{
    int c = jr_peek(r);
    size_t count = 0;
    int more = 1;
    enum sl_err rc = SL_OK;

    switch (c) {
    case '"':
        return jr_string(r, NULL, 0, NULL);
    case '{':
    case '[':
        rc = jr_open(r, (char)c);
        while (!rc) {
            rc = jr_next(r, c == '{' ? '}' : ']', &count, &more);
            if (rc || !more)
                break;
            rc = jr_skip(r);
        }
        return rc;
    case 't':
        return jr_literal(r, "true");
    case 'f':
        return jr_literal(r, "false");
    case 'n':
        return jr_literal(r, "null");
    case -1:
        return jr_fail(r, _("the text ends too early"));
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return jr_number(r, NULL);
        return jr_fail(r, _("unexpected text"));
    }
}

/* 1 (and the null consumed) when the value is null. */
static int jr_null(struct jr *r)
{
    if (jr_peek(r) == 'n' && r->end - r->p >= 4 && !memcmp(r->p, "null", 4)) {
        r->p += 4;
        return 1;
    }
    return 0;
}

/* A string field into a malloc'ed copy (replacing *dst); null leaves *dst alone. */
static enum sl_err jr_get_str(struct jr *r, const char *field, char **dst)
{
    struct sl_buf b;
    enum sl_err rc;

    if (jr_null(r))
        return SL_OK;
    if (jr_peek(r) != '"')
        return jr_wrong_type(r, field);
    sl_buf_init(&b, SL_LOGS_STRING_MAX);
    rc = jr_string(r, &b, SL_LOGS_STRING_MAX, NULL);
    if (!rc && !b.data)
        rc = sl_buf_append(&b, "", 0);
    if (rc) {
        sl_buf_free(&b);
        return rc;
    }
    free(*dst);
    *dst = sl_buf_take(&b);
    return SL_OK;
}

static enum sl_err jr_get_ll(struct jr *r, const char *field, long long *dst)
{
    int c;

    if (jr_null(r))
        return SL_OK;
    c = jr_peek(r);
    if (c != '-' && (c < '0' || c > '9'))
        return jr_wrong_type(r, field);
    return jr_number(r, dst);
}

static enum sl_err jr_get_int(struct jr *r, const char *field, int *dst)
{
    long long v = *dst;
    enum sl_err rc = jr_get_ll(r, field, &v);

    if (rc)
        return rc;
    if (v < INT_MIN || v > INT_MAX)
        return jr_wrong_type(r, field);
    *dst = (int)v;
    return SL_OK;
}

/* NULL strings of a parsed value become "" (parsed values never hold NULL). */
static enum sl_err logs_fill(char **s)
{
    if (!*s)
        *s = strdup("");
    return *s ? SL_OK : SL_ENOMEM;
}

/* ---- items ------------------------------------------------------------------------------ */

static enum sl_err logs_item_group(struct jr *r, void *item)
{
    struct sl_log_group *g = item;
    size_t count = 0;
    int more;
    enum sl_err rc = jr_peek(r) == '{' ? jr_open(r, '{') : jr_wrong_type(r, "logGroups[]");

    while (!rc) {
        rc = jr_next(r, '}', &count, &more);
        if (rc || !more)
            break;
        if (jr_key_is(r, "logGroupName"))
            rc = jr_get_str(r, "logGroupName", &g->name);
        else if (jr_key_is(r, "arn"))
            rc = jr_get_str(r, "arn", &g->arn);
        else if (jr_key_is(r, "logGroupArn"))
            rc = jr_get_str(r, "logGroupArn", &g->log_group_arn);
        else if (jr_key_is(r, "creationTime"))
            rc = jr_get_ll(r, "creationTime", &g->creation_time);
        else if (jr_key_is(r, "retentionInDays"))
            rc = jr_get_int(r, "retentionInDays", &g->retention_days);
        else if (jr_key_is(r, "storedBytes"))
            rc = jr_get_ll(r, "storedBytes", &g->stored_bytes);
        else if (jr_key_is(r, "metricFilterCount"))
            rc = jr_get_int(r, "metricFilterCount", &g->metric_filter_count);
        else if (jr_key_is(r, "kmsKeyId"))
            rc = jr_get_str(r, "kmsKeyId", &g->kms_key_id);
        else if (jr_key_is(r, "logGroupClass"))
            rc = jr_get_str(r, "logGroupClass", &g->log_group_class);
        else
            rc = jr_skip(r);
    }
    if (!rc)
        rc = logs_fill(&g->name);
    if (!rc)
        rc = logs_fill(&g->arn);
    if (!rc)
        rc = logs_fill(&g->log_group_arn);
    if (!rc)
        rc = logs_fill(&g->kms_key_id);
    if (!rc)
        rc = logs_fill(&g->log_group_class);
    return rc;
}

static enum sl_err logs_item_stream(struct jr *r, void *item)
{
    struct sl_log_stream *s = item;
    size_t count = 0;
    int more;
    enum sl_err rc = jr_peek(r) == '{' ? jr_open(r, '{') : jr_wrong_type(r, "logStreams[]");

    while (!rc) {
        rc = jr_next(r, '}', &count, &more);
        if (rc || !more)
            break;
        if (jr_key_is(r, "logStreamName"))
            rc = jr_get_str(r, "logStreamName", &s->name);
        else if (jr_key_is(r, "arn"))
            rc = jr_get_str(r, "arn", &s->arn);
        else if (jr_key_is(r, "creationTime"))
            rc = jr_get_ll(r, "creationTime", &s->creation_time);
        else if (jr_key_is(r, "firstEventTimestamp"))
            rc = jr_get_ll(r, "firstEventTimestamp", &s->first_event_timestamp);
        else if (jr_key_is(r, "lastEventTimestamp"))
            rc = jr_get_ll(r, "lastEventTimestamp", &s->last_event_timestamp);
        else if (jr_key_is(r, "lastIngestionTime"))
            rc = jr_get_ll(r, "lastIngestionTime", &s->last_ingestion_time);
        else if (jr_key_is(r, "storedBytes"))
            rc = jr_get_ll(r, "storedBytes", &s->stored_bytes);
        else
            rc = jr_skip(r);
    }
    if (!rc)
        rc = logs_fill(&s->name);
    if (!rc)
        rc = logs_fill(&s->arn);
    return rc;
}

static enum sl_err logs_item_event(struct jr *r, void *item)
{
    struct sl_log_event *e = item;
    size_t count = 0;
    int more;
    enum sl_err rc = jr_peek(r) == '{' ? jr_open(r, '{') : jr_wrong_type(r, "events[]");

    while (!rc) {
        rc = jr_next(r, '}', &count, &more);
        if (rc || !more)
            break;
        if (jr_key_is(r, "logStreamName")) {
            rc = jr_get_str(r, "logStreamName", &e->log_stream_name);
        } else if (jr_key_is(r, "timestamp")) {
            rc = jr_get_ll(r, "timestamp", &e->timestamp);
        } else if (jr_key_is(r, "ingestionTime")) {
            rc = jr_get_ll(r, "ingestionTime", &e->ingestion_time);
        } else if (jr_key_is(r, "eventId")) {
            rc = jr_get_str(r, "eventId", &e->event_id);
        } else if (jr_key_is(r, "message")) {
            struct sl_buf b;
            int cut = 0;

            if (jr_null(r))
                continue;
            if (jr_peek(r) != '"') {
                rc = jr_wrong_type(r, "message");
                break;
            }
            sl_buf_init(&b, SL_LOGS_MESSAGE_MAX);
            rc = jr_string(r, &b, SL_LOGS_MESSAGE_MAX, &cut);
            if (!rc && cut)
                jr_trim_partial_utf8(&b);
            if (!rc && !b.data)
                rc = sl_buf_append(&b, "", 0);
            if (rc) {
                sl_buf_free(&b);
                break;
            }
            free(e->message);
            e->message_len = b.len;
            e->message = sl_buf_take(&b);
            e->truncated = cut;
        } else {
            rc = jr_skip(r);
        }
    }
    if (!rc)
        rc = logs_fill(&e->log_stream_name);
    if (!rc)
        rc = logs_fill(&e->event_id);
    if (!rc && !e->message) {
        rc = logs_fill(&e->message);
        e->message_len = 0;
    }
    return rc;
}

/* ---- pages ------------------------------------------------------------------------------ */

struct logs_page_spec {
    const char *what;     /* operation, for messages */
    const char *list_key; /* "events", "logGroups", ... */
    size_t item_size;
    enum sl_err (*item)(struct jr *r, void *item);
    void (*clear)(void *item);
    const char *token_key[2]; /* up to two token fields, NULL when unused */
};

static const struct logs_page_spec logs_groups_spec = {
    "DescribeLogGroups", "logGroups",      sizeof(struct sl_log_group),
    logs_item_group,     logs_group_clear, {"nextToken", NULL}};
static const struct logs_page_spec logs_streams_spec = {
    "DescribeLogStreams", "logStreams",      sizeof(struct sl_log_stream),
    logs_item_stream,     logs_stream_clear, {"nextToken", NULL}};
static const struct logs_page_spec logs_filter_spec = {
    "FilterLogEvents", "events",         sizeof(struct sl_log_event),
    logs_item_event,   logs_event_clear, {"nextToken", NULL}};
static const struct logs_page_spec logs_get_spec = {
    "GetLogEvents",  "events",         sizeof(struct sl_log_event),
    logs_item_event, logs_event_clear, {"nextForwardToken", "nextBackwardToken"}};

static enum sl_err logs_parse_page(const struct logs_page_spec *s, const char *body, size_t len,
                                   void **out, size_t *n, char **tok0, char **tok1,
                                   struct sl_error *err)
{
    struct jr r;
    struct logs_vec v;
    char *tok[2] = {NULL, NULL};
    size_t count = 0, icount;
    int more, k;
    enum sl_err rc;

    *out = NULL;
    *n = 0;
    if (tok0)
        *tok0 = NULL;
    if (tok1)
        *tok1 = NULL;
    memset(&v, 0, sizeof(v));
    v.size = s->item_size;
    memset(&r, 0, sizeof(r));
    r.start = r.p = body ? body : "";
    r.end = r.p + (body ? len : 0);
    r.what = s->what;
    r.err = err;
    r.budget = SL_LOGS_PAGE_MAX;
    sl_buf_init(&r.key, 256);

    rc = jr_open(&r, '{');
    while (!rc) {
        rc = jr_next(&r, '}', &count, &more);
        if (rc || !more)
            break;
        for (k = 0; k < 2; k++)
            if (s->token_key[k] && jr_key_is(&r, s->token_key[k]))
                break;
        if (k < 2) {
            rc = jr_get_str(&r, s->token_key[k], &tok[k]);
        } else if (jr_key_is(&r, s->list_key)) {
            if (jr_null(&r))
                continue;
            if (jr_peek(&r) != '[') {
                rc = jr_wrong_type(&r, s->list_key);
                break;
            }
            rc = jr_open(&r, '[');
            icount = 0;
            while (!rc) {
                void *item;

                rc = jr_next(&r, ']', &icount, &more);
                if (rc || !more)
                    break;
                item = logs_vec_push(&v, LOGS_PAGE_ITEMS_MAX);
                if (!item) {
                    rc = v.n >= LOGS_PAGE_ITEMS_MAX ? jr_too_big(&r) : SL_ENOMEM;
                    break;
                }
                rc = s->item(&r, item);
            }
        } else {
            rc = jr_skip(&r);
        }
    }
    if (!rc && jr_peek(&r) >= 0)
        rc = jr_fail(&r, _("there is text after the end"));
    if (rc == SL_ENOMEM)
        sl_error_set(err, rc, "%s", sl_strerror(rc));
    sl_buf_free(&r.key);
    for (k = 0; k < 2; k++) {
        if (tok[k] && !tok[k][0]) { /* an empty token is no token (botocore reads it so) */
            free(tok[k]);
            tok[k] = NULL;
        }
    }
    if (rc) {
        logs_vec_free(&v, s->clear);
        free(tok[0]);
        free(tok[1]);
        return rc;
    }
    if (v.n) {
        *out = v.v;
        *n = v.n;
    } else {
        free(v.v);
    }
    if (tok0)
        *tok0 = tok[0];
    else
        free(tok[0]);
    if (tok1)
        *tok1 = tok[1];
    else
        free(tok[1]);
    return SL_OK;
}

enum sl_err sl_logs_parse_groups_page(const char *body, size_t len, struct sl_log_group **out,
                                      size_t *n, char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc = logs_parse_page(&logs_groups_spec, body, len, &v, n, next_token, NULL, err);

    *out = v;
    return rc;
}

enum sl_err sl_logs_parse_streams_page(const char *body, size_t len, struct sl_log_stream **out,
                                       size_t *n, char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc = logs_parse_page(&logs_streams_spec, body, len, &v, n, next_token, NULL, err);

    *out = v;
    return rc;
}

enum sl_err sl_logs_parse_filter_page(const char *body, size_t len, struct sl_log_event **out,
                                      size_t *n, char **next_token, struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc = logs_parse_page(&logs_filter_spec, body, len, &v, n, next_token, NULL, err);

    *out = v;
    return rc;
}

enum sl_err sl_logs_parse_get_page(const char *body, size_t len, struct sl_log_event **out,
                                   size_t *n, char **next_forward, char **next_backward,
                                   struct sl_error *err)
{
    void *v = NULL;
    enum sl_err rc =
        logs_parse_page(&logs_get_spec, body, len, &v, n, next_forward, next_backward, err);

    *out = v;
    return rc;
}

int sl_logs_get_is_end(const char *sent_token, const char *returned_forward)
{
    return sent_token && returned_forward && !strcmp(sent_token, returned_forward);
}

/* ---- requests ----------------------------------------------------------------------------- */

void sl_logs_filter_query_init(struct sl_logs_filter_query *q)
{
    memset(q, 0, sizeof(*q));
    q->start_ms = -1;
    q->end_ms = -1;
}

void sl_logs_get_query_init(struct sl_logs_get_query *q)
{
    memset(q, 0, sizeof(*q));
    q->start_ms = -1;
    q->end_ms = -1;
}

/* Prints o (compact) onto body; frees o. */
static enum sl_err logs_emit(cJSON *o, struct sl_buf *body, struct sl_error *err)
{
    char *s = o ? cJSON_PrintUnformatted(o) : NULL;
    enum sl_err rc = s ? sl_buf_append_str(body, s) : SL_ENOMEM;

    if (rc)
        sl_error_set(err, rc, "%s", sl_strerror(rc));
    if (s)
        cJSON_free(s);
    cJSON_Delete(o);
    return rc;
}

/* cJSON_Add* return NULL when out of memory; one check at the end catches any of them. */
static void logs_add_str(cJSON *o, const char *name, const char *value, int *oom)
{
    if (!cJSON_AddStringToObject(o, name, value))
        *oom = 1;
}

static void logs_add_num(cJSON *o, const char *name, long long value, int *oom)
{
    if (!cJSON_AddNumberToObject(o, name, (double)value))
        *oom = 1;
}

static void logs_add_bool(cJSON *o, const char *name, int value, int *oom)
{
    if (!cJSON_AddBoolToObject(o, name, value ? 1 : 0))
        *oom = 1;
}

/* logGroupName, or logGroupIdentifier (without ":*") for an ARN. */
static enum sl_err logs_add_group(cJSON *o, const char *group, int *oom, struct sl_error *err)
{
    size_t n;
    char *id;

    if (!group || !*group)
        return sl_error_set(err, SL_EINVAL, "%s", _("A log group name is required."));
    if (strncmp(group, "arn:", 4) != 0) {
        logs_add_str(o, "logGroupName", group, oom);
        return SL_OK;
    }
    n = strlen(group);
    if (n >= 2 && !strcmp(group + n - 2, ":*"))
        n -= 2;
    id = strndup(group, n);
    if (!id) {
        *oom = 1;
        return SL_OK;
    }
    logs_add_str(o, "logGroupIdentifier", id, oom);
    free(id);
    return SL_OK;
}

static enum sl_err logs_check_limit(int limit, int max, struct sl_error *err)
{
    if (limit < 0 || limit > max)
        return sl_error_set(err, SL_EINVAL, _("The limit must be between 1 and %d."), max);
    return SL_OK;
}

static enum sl_err logs_check_time(long long start_ms, long long end_ms, struct sl_error *err)
{
    if (start_ms >= LOGS_MAX_EXACT_MS || end_ms >= LOGS_MAX_EXACT_MS)
        return sl_error_set(err, SL_EINVAL, "%s", _("The time is out of range."));
    if (start_ms >= 0 && end_ms >= 0 && end_ms < start_ms)
        return sl_error_set(err, SL_EINVAL, "%s", _("The end time is before the start time."));
    return SL_OK;
}

static enum sl_err logs_finish(cJSON *o, enum sl_err rc, int oom, struct sl_buf *body,
                               struct sl_error *err)
{
    if (!rc && oom)
        rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    if (rc) {
        cJSON_Delete(o);
        return rc;
    }
    return logs_emit(o, body, err);
}

enum sl_err sl_logs_build_groups_body(const char *prefix, int limit, const char *token,
                                      struct sl_buf *body, struct sl_error *err)
{
    cJSON *o = cJSON_CreateObject();
    int oom = !o;
    enum sl_err rc = logs_check_limit(limit, SL_LOGS_GROUPS_LIMIT_MAX, err);

    if (!rc && !oom) {
        if (prefix && *prefix)
            logs_add_str(o, "logGroupNamePrefix", prefix, &oom);
        logs_add_num(o, "limit", limit ? limit : SL_LOGS_GROUPS_LIMIT_MAX, &oom);
        if (token)
            logs_add_str(o, "nextToken", token, &oom);
    }
    return logs_finish(o, rc, oom, body, err);
}

enum sl_err sl_logs_build_streams_body(const struct sl_logs_streams_query *q, const char *token,
                                       struct sl_buf *body, struct sl_error *err)
{
    cJSON *o = cJSON_CreateObject();
    int oom = !o;
    enum sl_err rc = logs_check_limit(q->limit, SL_LOGS_GROUPS_LIMIT_MAX, err);

    if (!rc && q->by_last_event && q->prefix && *q->prefix)
        rc = sl_error_set(err, SL_EINVAL, "%s",
                          _("Log streams cannot be ordered by last event time and filtered by "
                            "a name prefix at once."));
    if (!rc && !oom)
        rc = logs_add_group(o, q->group, &oom, err);
    if (!rc && !oom) {
        if (q->prefix && *q->prefix)
            logs_add_str(o, "logStreamNamePrefix", q->prefix, &oom);
        if (q->by_last_event)
            logs_add_str(o, "orderBy", "LastEventTime", &oom);
        if (q->descending)
            logs_add_bool(o, "descending", 1, &oom);
        if (q->limit)
            logs_add_num(o, "limit", q->limit, &oom);
        if (token)
            logs_add_str(o, "nextToken", token, &oom);
    }
    return logs_finish(o, rc, oom, body, err);
}

enum sl_err sl_logs_build_filter_body(const struct sl_logs_filter_query *q, const char *token,
                                      struct sl_buf *body, struct sl_error *err)
{
    cJSON *o = cJSON_CreateObject();
    int oom = !o;
    size_t i;
    enum sl_err rc = logs_check_limit(q->limit, SL_LOGS_EVENTS_LIMIT_MAX, err);

    if (!rc)
        rc = logs_check_time(q->start_ms, q->end_ms, err);
    if (!rc && q->filter_pattern && strlen(q->filter_pattern) > SL_LOGS_FILTER_PATTERN_MAX)
        rc = sl_error_set(err, SL_EINVAL, _("The filter pattern is longer than %d bytes."),
                          SL_LOGS_FILTER_PATTERN_MAX);
    if (!rc && q->nstream_names > SL_LOGS_STREAM_NAMES_MAX)
        rc = sl_error_set(err, SL_EINVAL, _("At most %d log stream names can be given."),
                          SL_LOGS_STREAM_NAMES_MAX);
    if (!rc && q->nstream_names && q->stream_prefix && *q->stream_prefix)
        rc = sl_error_set(err, SL_EINVAL, "%s",
                          _("Give either log stream names or a stream name prefix, not both."));
    for (i = 0; !rc && i < q->nstream_names; i++)
        if (!q->stream_names || !q->stream_names[i] || !q->stream_names[i][0])
            rc = sl_error_set(err, SL_EINVAL, "%s", _("A log stream name is empty."));
    if (!rc && !oom)
        rc = logs_add_group(o, q->group, &oom, err);
    if (!rc && !oom) {
        if (q->nstream_names) {
            cJSON *a = cJSON_AddArrayToObject(o, "logStreamNames");

            for (i = 0; a && i < q->nstream_names; i++) {
                cJSON *s = cJSON_CreateString(q->stream_names[i]);
                if (!s || !cJSON_AddItemToArray(a, s)) {
                    cJSON_Delete(s);
                    oom = 1;
                    break;
                }
            }
            if (!a)
                oom = 1;
        }
        if (q->stream_prefix && *q->stream_prefix)
            logs_add_str(o, "logStreamNamePrefix", q->stream_prefix, &oom);
        if (q->start_ms >= 0)
            logs_add_num(o, "startTime", q->start_ms, &oom);
        if (q->end_ms >= 0)
            logs_add_num(o, "endTime", q->end_ms, &oom);
        if (q->filter_pattern && *q->filter_pattern)
            logs_add_str(o, "filterPattern", q->filter_pattern, &oom);
        if (q->limit)
            logs_add_num(o, "limit", q->limit, &oom);
        if (token)
            logs_add_str(o, "nextToken", token, &oom);
    }
    return logs_finish(o, rc, oom, body, err);
}

enum sl_err sl_logs_build_get_body(const struct sl_logs_get_query *q, const char *token,
                                   struct sl_buf *body, struct sl_error *err)
{
    cJSON *o = cJSON_CreateObject();
    int oom = !o;
    enum sl_err rc = logs_check_limit(q->limit, SL_LOGS_EVENTS_LIMIT_MAX, err);

    if (!rc)
        rc = logs_check_time(q->start_ms, q->end_ms, err);
    if (!rc && (!q->stream || !*q->stream))
        rc = sl_error_set(err, SL_EINVAL, "%s", _("A log stream name is required."));
    if (!rc && !oom)
        rc = logs_add_group(o, q->group, &oom, err);
    if (!rc && !oom) {
        logs_add_str(o, "logStreamName", q->stream, &oom);
        if (q->start_ms >= 0)
            logs_add_num(o, "startTime", q->start_ms, &oom);
        if (q->end_ms >= 0)
            logs_add_num(o, "endTime", q->end_ms, &oom);
        if (q->limit)
            logs_add_num(o, "limit", q->limit, &oom);
        /* A forward token only works with startFromHead: true (aws-wire.md §13.3). */
        logs_add_bool(o, "startFromHead", q->start_from_head, &oom);
        if (token)
            logs_add_str(o, "nextToken", token, &oom);
    }
    return logs_finish(o, rc, oom, body, err);
}

/* ---- asynchronous paged operations -------------------------------------------------------- */

enum logs_kind {
    LOGS_GROUPS,
    LOGS_STREAMS,
    LOGS_FILTER,
    LOGS_GET,
};

struct sl_logs_op {
    struct sl_pager pager;
    enum logs_kind kind;
    /* the query, with its own copies of every string */
    char *group;
    char *prefix;
    char *stream;
    char *filter_pattern;
    char **stream_names;
    struct sl_logs_streams_query streams;
    struct sl_logs_filter_query filter;
    struct sl_logs_get_query get;
    int limit;
    char *first_token; /* GetLogEvents: where to begin */
    char *sent_token;  /* the token of the page in flight */
    char *resume;      /* where to continue (or the last forward token) */
    /* callbacks */
    sl_logs_groups_page_fn groups_page;
    sl_logs_streams_page_fn streams_page;
    sl_logs_events_page_fn events_page;
    sl_logs_done_fn done;
    void *ud;
    /* progress */
    size_t max_items;
    size_t max_bytes; /* of messages; 0: none */
    size_t items;
    size_t bytes;
    int active;
    int orphan; /* freed by its owner while active: release at the end, call nothing */
};

static void logs_op_release(struct sl_logs_op *op)
{
    size_t i;

    sl_pager_cleanup(&op->pager);
    free(op->group);
    free(op->prefix);
    free(op->stream);
    free(op->filter_pattern);
    for (i = 0; op->stream_names && i < op->filter.nstream_names; i++)
        free(op->stream_names[i]);
    free(op->stream_names);
    free(op->first_token);
    free(op->sent_token);
    free(op->resume);
    free(op);
}

static enum sl_err logs_op_build_body(struct sl_logs_op *op, const char *token, struct sl_buf *body,
                                      struct sl_error *err)
{
    switch (op->kind) {
    case LOGS_GROUPS:
        return sl_logs_build_groups_body(op->prefix, op->limit, token, body, err);
    case LOGS_STREAMS:
        return sl_logs_build_streams_body(&op->streams, token, body, err);
    case LOGS_FILTER:
        return sl_logs_build_filter_body(&op->filter, token, body, err);
    case LOGS_GET:
        return sl_logs_build_get_body(&op->get, token, body, err);
    }
    return SL_EINVAL;
}

static enum sl_err logs_op_build(struct sl_pager *p, struct sl_call *call, const char *token)
{
    struct sl_logs_op *op = p->ud;
    enum sl_err rc;

    if (!token && op->kind == LOGS_GET)
        token = op->first_token;
    free(op->sent_token);
    op->sent_token = NULL;
    if (token && !(op->sent_token = strdup(token)))
        return SL_ENOMEM;
    rc = logs_op_build_body(op, token, &call->body, NULL);
    call->max_response = SL_LOGS_PAGE_MAX;
    return rc;
}

static enum sl_err logs_op_parse(struct sl_pager *p, struct sl_call *call, char **next_token,
                                 struct sl_error *err)
{
    struct sl_logs_op *op = p->ud;
    const char *body = call->resp.body.data;
    size_t len = call->resp.body.len;
    void *v = NULL;
    size_t n = 0, i;
    char *next = NULL;
    enum sl_err rc;

    *next_token = NULL;
    switch (op->kind) {
    case LOGS_GROUPS:
        rc = logs_parse_page(&logs_groups_spec, body, len, &v, &n, &next, NULL, err);
        break;
    case LOGS_STREAMS:
        rc = logs_parse_page(&logs_streams_spec, body, len, &v, &n, &next, NULL, err);
        break;
    case LOGS_FILTER:
        rc = logs_parse_page(&logs_filter_spec, body, len, &v, &n, &next, NULL, err);
        break;
    default:
        rc = logs_parse_page(&logs_get_spec, body, len, &v, &n, &next, NULL, err);
        break;
    }
    if (rc)
        return rc;
    op->items += n;
    if (op->kind == LOGS_FILTER || op->kind == LOGS_GET)
        for (i = 0; i < n; i++)
            op->bytes += ((struct sl_log_event *)v)[i].message_len;
    if (op->kind == LOGS_GET) {
        /* Keep the last forward token: it is where a live stream is polled again. */
        if (next) {
            free(op->resume);
            op->resume = strdup(next);
        }
        if (sl_logs_get_is_end(op->sent_token, next)) {
            free(next);
            next = NULL;
        }
    }
    /* Hand the page over (ownership goes with it). */
    if (op->orphan) {
        rc = SL_OK;
    } else if (op->kind == LOGS_GROUPS && op->groups_page) {
        op->groups_page(op->ud, v, n);
        v = NULL;
    } else if (op->kind == LOGS_STREAMS && op->streams_page) {
        op->streams_page(op->ud, v, n);
        v = NULL;
    } else if ((op->kind == LOGS_FILTER || op->kind == LOGS_GET) && op->events_page) {
        op->events_page(op->ud, v, n);
        v = NULL;
    }
    if (v) {
        struct sl_log_group *g = v;
        struct sl_log_stream *s = v;
        struct sl_log_event *e = v;

        if (op->kind == LOGS_GROUPS)
            sl_logs_groups_free(&g, n);
        else if (op->kind == LOGS_STREAMS)
            sl_logs_streams_free(&s, n);
        else
            sl_logs_events_free(&e, n);
    }
    if (op->orphan) {
        free(next);
        return SL_OK; /* no further page */
    }
    if (next && ((op->max_items && op->items >= op->max_items) ||
                 (op->max_bytes && op->bytes >= op->max_bytes))) {
        if (op->kind != LOGS_GET) {
            free(op->resume);
            op->resume = next;
        } else {
            free(next);
        }
        next = NULL;
    }
    *next_token = next;
    return SL_OK;
}

static void logs_op_done(struct sl_pager *p, enum sl_err rc, const struct sl_error *err)
{
    struct sl_logs_op *op = p->ud;

    op->active = 0;
    if (op->orphan) {
        logs_op_release(op);
        return;
    }
    if (op->done)
        op->done(op->ud, rc, err); /* may free op */
}

static struct sl_logs_op *logs_op_new(struct sl_client *c, enum logs_kind kind,
                                      const char *operation, sl_logs_done_fn done, void *ud,
                                      size_t max_items)
{
    struct sl_logs_op *op = calloc(1, sizeof(*op));

    if (!op)
        return NULL;
    sl_pager_init(&op->pager, c, &sl_service_logs, operation);
    op->pager.build = logs_op_build;
    op->pager.parse = logs_op_parse;
    op->pager.done = logs_op_done;
    op->pager.ud = op;
    op->kind = kind;
    op->done = done;
    op->ud = ud;
    op->max_items = max_items;
    return op;
}

static int logs_dup(char **dst, const char *src)
{
    if (!src)
        return 1;
    *dst = strdup(src);
    return *dst != NULL;
}

/* Checks the query by building its first body, then sends the first page. */
static enum sl_err logs_op_launch(struct sl_logs_op *op, struct sl_logs_op **out,
                                  struct sl_error *err)
{
    struct sl_buf scratch;
    enum sl_err rc;

    sl_buf_init(&scratch, 0);
    rc = logs_op_build_body(op, op->first_token, &scratch, err);
    sl_buf_free(&scratch);
    if (!rc) {
        op->active = 1;
        rc = sl_pager_start(&op->pager);
        if (rc) {
            op->active = 0;
            sl_error_set(err, rc, "%s", sl_strerror(rc));
        }
    }
    if (rc) {
        logs_op_release(op);
        return rc;
    }
    *out = op;
    return SL_OK;
}

static enum sl_err logs_oom(struct sl_logs_op *op, struct sl_error *err)
{
    if (op)
        logs_op_release(op);
    return sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
}

enum sl_err sl_logs_describe_groups_start(struct sl_client *c, const char *prefix, int limit,
                                          size_t max_items, sl_logs_groups_page_fn page,
                                          sl_logs_done_fn done, void *ud, struct sl_logs_op **out,
                                          struct sl_error *err)
{
    struct sl_logs_op *op = logs_op_new(c, LOGS_GROUPS, "DescribeLogGroups", done, ud, max_items);

    *out = NULL;
    if (!op || !logs_dup(&op->prefix, prefix))
        return logs_oom(op, err);
    op->limit = limit;
    op->groups_page = page;
    return logs_op_launch(op, out, err);
}

enum sl_err sl_logs_describe_streams_start(struct sl_client *c,
                                           const struct sl_logs_streams_query *q, size_t max_items,
                                           sl_logs_streams_page_fn page, sl_logs_done_fn done,
                                           void *ud, struct sl_logs_op **out, struct sl_error *err)
{
    struct sl_logs_op *op = logs_op_new(c, LOGS_STREAMS, "DescribeLogStreams", done, ud, max_items);

    *out = NULL;
    if (!op || !logs_dup(&op->group, q->group) || !logs_dup(&op->prefix, q->prefix))
        return logs_oom(op, err);
    op->streams = *q;
    op->streams.group = op->group;
    op->streams.prefix = op->prefix;
    op->streams_page = page;
    return logs_op_launch(op, out, err);
}

enum sl_err sl_logs_filter_events_start(struct sl_client *c, const struct sl_logs_filter_query *q,
                                        size_t max_items, sl_logs_events_page_fn page,
                                        sl_logs_done_fn done, void *ud, struct sl_logs_op **out,
                                        struct sl_error *err)
{
    struct sl_logs_op *op;
    struct sl_buf scratch;
    enum sl_err rc;
    size_t i;

    *out = NULL;
    /* Check the caller's query before copying it (a refused one may hold any number of names). */
    sl_buf_init(&scratch, 0);
    rc = sl_logs_build_filter_body(q, NULL, &scratch, err);
    sl_buf_free(&scratch);
    if (rc)
        return rc;
    op = logs_op_new(c, LOGS_FILTER, "FilterLogEvents", done, ud, max_items);
    if (!op || !logs_dup(&op->group, q->group) || !logs_dup(&op->prefix, q->stream_prefix) ||
        !logs_dup(&op->filter_pattern, q->filter_pattern))
        return logs_oom(op, err);
    op->filter = *q;
    op->filter.group = op->group;
    op->filter.stream_prefix = op->prefix;
    op->filter.filter_pattern = op->filter_pattern;
    op->filter.stream_names = NULL;
    op->filter.nstream_names = 0;
    if (q->nstream_names) {
        op->stream_names = calloc(q->nstream_names, sizeof(*op->stream_names));
        if (!op->stream_names)
            return logs_oom(op, err);
        op->filter.stream_names = (const char *const *)op->stream_names;
        for (i = 0; i < q->nstream_names; i++) {
            op->filter.nstream_names = i + 1; /* what logs_op_release frees */
            if (!logs_dup(&op->stream_names[i], q->stream_names[i]))
                return logs_oom(op, err);
        }
    }
    op->events_page = page;
    return logs_op_launch(op, out, err);
}

enum sl_err sl_logs_get_events_start(struct sl_client *c, const struct sl_logs_get_query *q,
                                     const char *token, size_t max_items,
                                     sl_logs_events_page_fn page, sl_logs_done_fn done, void *ud,
                                     struct sl_logs_op **out, struct sl_error *err)
{
    struct sl_logs_op *op = logs_op_new(c, LOGS_GET, "GetLogEvents", done, ud, max_items);

    *out = NULL;
    if (!op || !logs_dup(&op->group, q->group) || !logs_dup(&op->stream, q->stream) ||
        !logs_dup(&op->first_token, token))
        return logs_oom(op, err);
    op->get = *q;
    op->get.group = op->group;
    op->get.stream = op->stream;
    op->events_page = page;
    return logs_op_launch(op, out, err);
}

int sl_logs_op_active(const struct sl_logs_op *op)
{
    return op && op->active;
}

const char *sl_logs_op_next_token(const struct sl_logs_op *op)
{
    return op ? op->resume : NULL;
}

void sl_logs_op_cancel(struct sl_logs_op *op)
{
    if (op && op->active)
        sl_pager_cancel(&op->pager);
}

void sl_logs_op_free(struct sl_logs_op **pop)
{
    struct sl_logs_op *op;

    if (!pop || !*pop)
        return;
    op = *pop;
    *pop = NULL;
    if (op->active) {
        op->orphan = 1;
        sl_pager_cancel(&op->pager);
        return;
    }
    logs_op_release(op);
}

/* ---- synchronous conveniences ------------------------------------------------------------ */

struct logs_collect {
    struct logs_vec v;
    int failed; /* out of memory while collecting */
    int finished;
    enum sl_err rc;
    struct sl_error err;
};

/* Moves a delivered page into the collection (freeing the page's array); what cannot be
 * moved (out of memory) is cleared with clear. */
static void logs_collect_move(struct logs_collect *col, void *page, size_t n, size_t size,
                              void (*clear)(void *))
{
    size_t i;

    col->v.size = size;
    for (i = 0; i < n; i++) {
        char *item = (char *)page + i * size;
        void *slot = col->failed ? NULL : logs_vec_push(&col->v, SIZE_MAX);

        if (!slot) {
            col->failed = 1;
            clear(item);
            continue;
        }
        memcpy(slot, item, size);
    }
    free(page);
}

static void logs_collect_groups(void *ud, struct sl_log_group *v, size_t n)
{
    logs_collect_move(ud, v, n, sizeof(*v), logs_group_clear);
}

static void logs_collect_streams(void *ud, struct sl_log_stream *v, size_t n)
{
    logs_collect_move(ud, v, n, sizeof(*v), logs_stream_clear);
}

static void logs_collect_events(void *ud, struct sl_log_event *v, size_t n)
{
    logs_collect_move(ud, v, n, sizeof(*v), logs_event_clear);
}

static void logs_collect_done(void *ud, enum sl_err rc, const struct sl_error *err)
{
    struct logs_collect *col = ud;

    col->finished = 1;
    col->rc = rc;
    sl_error_clear(&col->err);
    if (err)
        col->err = *err;
}

/* Runs op to its end and hands out what was collected. */
static enum sl_err logs_collect_finish(struct sl_client *c, struct sl_logs_op *op,
                                       struct logs_collect *col, size_t max_items,
                                       void (*clear)(void *), void **out, size_t *n,
                                       char **next_token, struct sl_error *err)
{
    enum sl_err rc;
    const char *resume;

    while (!col->finished)
        sl_client_run(c, 1000, -1);
    rc = col->rc;
    if (!rc && col->failed)
        rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    else if (rc && err)
        *err = col->err;
    resume = sl_logs_op_next_token(op);
    if (!rc && next_token) {
        if (resume && !(*next_token = strdup(resume)))
            rc = sl_error_set(err, SL_ENOMEM, "%s", sl_strerror(SL_ENOMEM));
    } else if (!rc && resume && !max_items && op->kind != LOGS_GET) {
        rc = sl_error_set(err, SL_ETOOBIG, "%s",
                          _("There are more log entries than can be "
                            "loaded at once; narrow the search."));
    }
    sl_logs_op_free(&op);
    if (rc) {
        logs_vec_free(&col->v, clear);
        return rc;
    }
    *out = col->v.v;
    *n = col->v.n;
    if (!col->v.n) {
        free(col->v.v);
        *out = NULL;
    }
    return SL_OK;
}

static void logs_sync_init(struct logs_collect *col, char **next_token, size_t *n)
{
    memset(col, 0, sizeof(*col));
    *n = 0;
    if (next_token)
        *next_token = NULL;
}

static size_t logs_sync_cap(size_t max_items)
{
    return max_items ? max_items : LOGS_COLLECT_MAX_ITEMS;
}

enum sl_err sl_logs_describe_groups(struct sl_client *c, const char *prefix, size_t max_items,
                                    struct sl_log_group **out, size_t *n, char **next_token,
                                    struct sl_error *err)
{
    struct logs_collect col;
    struct sl_logs_op *op;
    void *v = NULL;
    enum sl_err rc;

    *out = NULL;
    logs_sync_init(&col, next_token, n);
    col.v.size = sizeof(struct sl_log_group);
    rc = sl_logs_describe_groups_start(c, prefix, 0, logs_sync_cap(max_items), logs_collect_groups,
                                       logs_collect_done, &col, &op, err);
    if (rc)
        return rc;
    rc = logs_collect_finish(c, op, &col, max_items, logs_group_clear, &v, n, next_token, err);
    *out = v;
    return rc;
}

enum sl_err sl_logs_describe_streams(struct sl_client *c, const struct sl_logs_streams_query *q,
                                     size_t max_items, struct sl_log_stream **out, size_t *n,
                                     char **next_token, struct sl_error *err)
{
    struct logs_collect col;
    struct sl_logs_op *op;
    void *v = NULL;
    enum sl_err rc;

    *out = NULL;
    logs_sync_init(&col, next_token, n);
    col.v.size = sizeof(struct sl_log_stream);
    rc = sl_logs_describe_streams_start(c, q, logs_sync_cap(max_items), logs_collect_streams,
                                        logs_collect_done, &col, &op, err);
    if (rc)
        return rc;
    rc = logs_collect_finish(c, op, &col, max_items, logs_stream_clear, &v, n, next_token, err);
    *out = v;
    return rc;
}

enum sl_err sl_logs_filter_events(struct sl_client *c, const struct sl_logs_filter_query *q,
                                  size_t max_items, struct sl_log_event **out, size_t *n,
                                  char **next_token, struct sl_error *err)
{
    struct logs_collect col;
    struct sl_logs_op *op;
    void *v = NULL;
    enum sl_err rc;

    *out = NULL;
    logs_sync_init(&col, next_token, n);
    col.v.size = sizeof(struct sl_log_event);
    rc = sl_logs_filter_events_start(c, q, logs_sync_cap(max_items), logs_collect_events,
                                     logs_collect_done, &col, &op, err);
    if (rc)
        return rc;
    op->max_bytes = LOGS_COLLECT_MAX_BYTES;
    rc = logs_collect_finish(c, op, &col, max_items, logs_event_clear, &v, n, next_token, err);
    *out = v;
    return rc;
}

enum sl_err sl_logs_get_events(struct sl_client *c, const struct sl_logs_get_query *q,
                               const char *token, size_t max_items, struct sl_log_event **out,
                               size_t *n, char **next_token, struct sl_error *err)
{
    struct logs_collect col;
    struct sl_logs_op *op;
    void *v = NULL;
    enum sl_err rc;

    *out = NULL;
    logs_sync_init(&col, next_token, n);
    col.v.size = sizeof(struct sl_log_event);
    rc = sl_logs_get_events_start(c, q, token, logs_sync_cap(max_items), logs_collect_events,
                                  logs_collect_done, &col, &op, err);
    if (rc)
        return rc;
    op->max_bytes = LOGS_COLLECT_MAX_BYTES;
    rc = logs_collect_finish(c, op, &col, max_items, logs_event_clear, &v, n, next_token, err);
    *out = v;
    return rc;
}
