/* SigV4: the 38 cases of the aws-c-auth suite (tests/fixtures/sigv4/v4), each stage checked
 * on its own for both the header and the query form, plus what the suite does not cover
 * (Lambda double encoding, S3 single encoding, tokens, the key cache, secrets never leaking)
 * and the crypto and HTTP helpers the signer stands on. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "creds.h"
#include "crypto.h"
#include "http.h"
#include "sigv4.h"
#include "sl_error.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR "."
#endif

#define MAX_CASES 128

static const char *const test_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
static const char *const empty_sha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

static char suite_dir[4096];
static char *case_names[MAX_CASES];
static int case_count;

/* ---- fixture loading ----------------------------------------------------------------- */

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    struct sl_buf b;
    char chunk[4096];
    size_t n;

    if (!f)
        return NULL;
    sl_buf_init(&b, 0);
    sl_buf_append(&b, "", 0);
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ck_assert_int_eq(sl_buf_append(&b, chunk, n), SL_OK);
    fclose(f);
    if (len)
        *len = b.len;
    return sl_buf_take(&b);
}

static char *read_case_file(const char *name, const char *file)
{
    char path[8192];
    char *s;

    snprintf(path, sizeof(path), "%s/%s/%s", suite_dir, name, file);
    s = read_all(path, NULL);
    ck_assert_msg(s != NULL, "cannot read %s", path);
    return s;
}

static char *dup_range(const char *s, size_t n)
{
    char *p = malloc(n + 1);

    ck_assert_ptr_nonnull(p);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *dup_str(const char *s)
{
    return dup_range(s, strlen(s));
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(long long y, long long m, long long d)
{
    long long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* "2015-08-30T12:36:00Z" -> milliseconds since the epoch. */
static long long parse_iso8601_ms(const char *s)
{
    long v[6];
    const char *p = s;
    char *end;
    int i;

    for (i = 0; i < 6; i++) {
        v[i] = strtol(p, &end, 10);
        ck_assert_msg(end != p, "bad timestamp %s", s);
        p = *end ? end + 1 : end;
    }
    return ((days_from_civil(v[0], v[1], v[2]) * 24 + v[3]) * 60 + v[4]) * 60000LL + v[5] * 1000;
}

struct sv_case {
    struct sl_http_request req;
    struct sl_credentials creds;
    struct sl_sigv4_params p;
    char *body;
    char amz_date[SL_SIGV4_AMZ_DATE_LEN + 1];
};

static int json_bool(const cJSON *obj, const char *name)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, name));
}

static char *json_str(const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(it) ? dup_str(it->valuestring) : NULL;
}

static void parse_context(struct sv_case *c, const char *name)
{
    char *text = read_case_file(name, "context.json");
    cJSON *root = cJSON_Parse(text);
    const cJSON *creds, *exp;
    char *ts;

    ck_assert_msg(root != NULL, "%s: bad context.json", name);
    creds = cJSON_GetObjectItemCaseSensitive(root, "credentials");
    c->creds.access_key_id = json_str(creds, "access_key_id");
    c->creds.secret_access_key = json_str(creds, "secret_access_key");
    c->creds.session_token = json_str(creds, "token");
    ck_assert_ptr_nonnull(c->creds.access_key_id);
    ck_assert_ptr_nonnull(c->creds.secret_access_key);
    c->p.region = json_str(root, "region");
    c->p.service = json_str(root, "service");
    ts = json_str(root, "timestamp");
    ck_assert_ptr_nonnull(ts);
    c->p.now_ms = parse_iso8601_ms(ts);
    free(ts);
    exp = cJSON_GetObjectItemCaseSensitive(root, "expiration_in_seconds");
    c->p.expires_s = cJSON_IsNumber(exp) ? (long)exp->valuedouble : 0;
    c->p.normalize_path = json_bool(root, "normalize");
    c->p.sign_content_sha256 = json_bool(root, "sign_body");
    c->p.omit_session_token = json_bool(root, "omit_session_token");
    c->p.encode_path = 1;
    c->p.creds = &c->creds;
    c->p.payload_hash = NULL;
    ck_assert_int_eq(sl_sigv4_amz_date(c->p.now_ms, c->amz_date), SL_OK);
    cJSON_Delete(root);
    free(text);
}

/* request.txt: "METHOD target HTTP/1.1", Name:value lines (a line starting with blank space
 * continues the previous value), then a blank line and the body. The target may hold
 * spaces, so the method ends at the first space and the version starts at the last. */
static void parse_request(struct sv_case *c, const char *name)
{
    size_t len;
    char path[8192];
    char *text, *line_end, *sp1, *sp2, *target, *q, *p, *end;

    snprintf(path, sizeof(path), "%s/%s/request.txt", suite_dir, name);
    text = read_all(path, &len);
    ck_assert_msg(text != NULL, "cannot read %s", path);
    end = text + len;
    line_end = memchr(text, '\n', len);
    if (!line_end)
        line_end = end;
    sp1 = memchr(text, ' ', (size_t)(line_end - text));
    ck_assert_ptr_nonnull(sp1);
    for (sp2 = line_end - 1; sp2 > sp1 && *sp2 != ' '; sp2--)
        ;
    ck_assert_msg(sp2 > sp1, "%s: bad request line", name);
    ck_assert_uint_lt((size_t)(sp1 - text), sizeof(c->req.method));
    memcpy(c->req.method, text, (size_t)(sp1 - text));
    target = dup_range(sp1 + 1, (size_t)(sp2 - sp1 - 1));
    q = strchr(target, '?');
    if (q) {
        c->req.path = dup_range(target, (size_t)(q - target));
        c->req.query = dup_str(q + 1);
    } else {
        c->req.path = dup_str(target);
        c->req.query = dup_str("");
    }
    free(target);
    c->req.scheme = dup_str("https");
    c->req.base_path = dup_str("");

    p = line_end < end ? line_end + 1 : end;
    while (p < end) {
        char *eol = memchr(p, '\n', (size_t)(end - p)), *colon;

        if (!eol)
            eol = end;
        if (eol == p) { /* blank line: the body follows */
            p = eol + 1;
            break;
        }
        if ((*p == ' ' || *p == '\t') && c->req.headers.n) {
            struct sl_header *h = &c->req.headers.v[c->req.headers.n - 1];
            size_t old = strlen(h->value), add = (size_t)(eol - p);
            char *nv = malloc(old + 1 + add + 1);

            ck_assert_ptr_nonnull(nv);
            memcpy(nv, h->value, old);
            nv[old] = '\n';
            memcpy(nv + old + 1, p, add);
            nv[old + 1 + add] = '\0';
            free(h->value);
            h->value = nv;
        } else {
            char *hname, *hvalue;

            colon = memchr(p, ':', (size_t)(eol - p));
            ck_assert_msg(colon != NULL, "%s: header line without ':'", name);
            hname = dup_range(p, (size_t)(colon - p));
            hvalue = dup_range(colon + 1, (size_t)(eol - colon - 1));
            ck_assert_int_eq(sl_headers_add(&c->req.headers, hname, hvalue), SL_OK);
            free(hname);
            free(hvalue);
        }
        p = eol + 1;
    }
    if (p < end) {
        c->body = dup_range(p, (size_t)(end - p));
        c->req.body = (const unsigned char *)c->body;
        c->req.body_len = (size_t)(end - p);
    }
    ck_assert_ptr_nonnull(sl_headers_get(&c->req.headers, "host"));
    c->req.host = dup_str(sl_headers_get(&c->req.headers, "host"));
    free(text);
}

static void case_load(struct sv_case *c, int i)
{
    ck_assert_int_lt(i, case_count);
    memset(c, 0, sizeof(*c));
    parse_context(c, case_names[i]);
    parse_request(c, case_names[i]);
}

static void case_free(struct sv_case *c)
{
    sl_http_request_free(&c->req);
    free(c->body);
    free(c->creds.access_key_id);
    free(c->creds.secret_access_key);
    free(c->creds.session_token);
    free((char *)c->p.region);
    free((char *)c->p.service);
    memset(c, 0, sizeof(*c));
}

/* The request as the suite prints it: request line, "Name:value" lines, blank line, body. */
static char *render_request(const struct sl_http_request *r)
{
    struct sl_buf b;
    size_t i;

    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_buf_appendf(&b, "%s %s%s%s HTTP/1.1\n", r->method, r->path,
                                    r->query[0] ? "?" : "", r->query),
                     SL_OK);
    for (i = 0; i < r->headers.n; i++)
        ck_assert_int_eq(sl_buf_appendf(&b, "%s:%s\n", r->headers.v[i].name, r->headers.v[i].value),
                         SL_OK);
    ck_assert_int_eq(sl_buf_append(&b, "\n", 1), SL_OK);
    ck_assert_int_eq(sl_buf_append(&b, r->body, r->body_len), SL_OK);
    return sl_buf_take(&b);
}

static void load_cases(void)
{
    const char *top = getenv("SLCTL_TOP_SRCDIR");
    DIR *d;
    struct dirent *e;
    int i, j;

    if (!top || !top[0])
        top = ABS_TOP_SRCDIR;
    snprintf(suite_dir, sizeof(suite_dir), "%s/tests/fixtures/sigv4/v4", top);
    d = opendir(suite_dir);
    if (!d) {
        fprintf(stderr, "test_sigv4: cannot open %s\n", suite_dir);
        return;
    }
    while ((e = readdir(d)) != NULL && case_count < MAX_CASES) {
        char probe[8192];
        FILE *f;

        if (e->d_name[0] == '.')
            continue;
        snprintf(probe, sizeof(probe), "%s/%s/request.txt", suite_dir, e->d_name);
        f = fopen(probe, "rb");
        if (!f)
            continue;
        fclose(f);
        case_names[case_count++] = strdup(e->d_name);
    }
    closedir(d);
    for (i = 1; i < case_count; i++) /* sorted, so loop indices name the same case every run */
        for (j = i; j > 0 && strcmp(case_names[j - 1], case_names[j]) > 0; j--) {
            char *t = case_names[j];
            case_names[j] = case_names[j - 1];
            case_names[j - 1] = t;
        }
}

/* ---- the suite, stage by stage ------------------------------------------------------- */

START_TEST(test_suite_present)
{
    ck_assert_msg(case_count == 38, "expected 38 cases in %s, found %d", suite_dir, case_count);
}
END_TEST

static void check_canonical(int i, int query_form)
{
    struct sv_case c;
    struct sl_buf out, signed_headers;
    char *want;

    case_load(&c, i);
    sl_buf_init(&out, 0);
    sl_buf_init(&signed_headers, 0);
    if (query_form)
        ck_assert_int_eq(
            sl_sigv4_canonical_request_query(&c.req, &c.p, c.amz_date, &out, &signed_headers),
            SL_OK);
    else
        ck_assert_int_eq(
            sl_sigv4_canonical_request(&c.req, &c.p, c.amz_date, &out, &signed_headers), SL_OK);
    want = read_case_file(case_names[i], query_form ? "query-canonical-request.txt"
                                                    : "header-canonical-request.txt");
    ck_assert_msg(strcmp(sl_buf_str(&out), want) == 0, "%s (%s form):\n--- got\n%s\n--- want\n%s",
                  case_names[i], query_form ? "query" : "header", sl_buf_str(&out), want);
    /* the signed header list is the canonical request's fifth line */
    ck_assert_ptr_nonnull(strstr(want, sl_buf_str(&signed_headers)));
    free(want);
    sl_buf_free(&out);
    sl_buf_free(&signed_headers);
    case_free(&c);
}

static void check_string_to_sign(int i, int query_form)
{
    struct sv_case c;
    struct sl_buf creq, sts;
    char *want_creq, *want;

    case_load(&c, i);
    sl_buf_init(&creq, 0);
    sl_buf_init(&sts, 0);
    want_creq = read_case_file(case_names[i], query_form ? "query-canonical-request.txt"
                                                         : "header-canonical-request.txt");
    want = read_case_file(case_names[i],
                          query_form ? "query-string-to-sign.txt" : "header-string-to-sign.txt");
    /* this stage alone, from the expected canonical request */
    ck_assert_int_eq(sl_sigv4_string_to_sign(c.amz_date, c.p.region, c.p.service, want_creq,
                                             strlen(want_creq), &sts),
                     SL_OK);
    ck_assert_str_eq(sl_buf_str(&sts), want);
    /* and through our own canonical request */
    sl_buf_reset(&sts);
    if (query_form)
        ck_assert_int_eq(sl_sigv4_canonical_request_query(&c.req, &c.p, c.amz_date, &creq, NULL),
                         SL_OK);
    else
        ck_assert_int_eq(sl_sigv4_canonical_request(&c.req, &c.p, c.amz_date, &creq, NULL), SL_OK);
    ck_assert_int_eq(
        sl_sigv4_string_to_sign(c.amz_date, c.p.region, c.p.service, creq.data, creq.len, &sts),
        SL_OK);
    ck_assert_str_eq(sl_buf_str(&sts), want);
    free(want_creq);
    free(want);
    sl_buf_free(&creq);
    sl_buf_free(&sts);
    case_free(&c);
}

static void check_signature(int i, int query_form)
{
    struct sv_case c;
    unsigned char key[SL_SIGV4_KEY_LEN];
    char sig[SL_SIGV4_KEY_LEN * 2 + 1];
    char *sts, *want;

    case_load(&c, i);
    sts = read_case_file(case_names[i],
                         query_form ? "query-string-to-sign.txt" : "header-string-to-sign.txt");
    want =
        read_case_file(case_names[i], query_form ? "query-signature.txt" : "header-signature.txt");
    ck_assert_int_eq(
        sl_sigv4_derive_key(c.creds.secret_access_key, c.amz_date, c.p.region, c.p.service, key),
        SL_OK);
    ck_assert_int_eq(sl_sigv4_signature(key, sts, strlen(sts), sig), SL_OK);
    ck_assert_str_eq(sig, want);
    free(sts);
    free(want);
    case_free(&c);
}

static void check_signed_request(int i, int query_form)
{
    struct sv_case c;
    struct sl_error err;
    char *got, *want;

    case_load(&c, i);
    sl_error_clear(&err);
    if (query_form)
        ck_assert_int_eq(sl_sigv4_presign(&c.req, &c.p, NULL, &err), SL_OK);
    else
        ck_assert_int_eq(sl_sigv4_sign(&c.req, &c.p, NULL, &err), SL_OK);
    got = render_request(&c.req);
    want = read_case_file(case_names[i],
                          query_form ? "query-signed-request.txt" : "header-signed-request.txt");
    ck_assert_msg(strcmp(got, want) == 0, "%s (%s form):\n--- got\n%s\n--- want\n%s", case_names[i],
                  query_form ? "query" : "header", got, want);
    free(got);
    free(want);
    case_free(&c);
}

START_TEST(test_header_canonical_request)
{
    check_canonical(_i, 0);
}
END_TEST

START_TEST(test_header_string_to_sign)
{
    check_string_to_sign(_i, 0);
}
END_TEST

START_TEST(test_header_signature)
{
    check_signature(_i, 0);
}
END_TEST

START_TEST(test_header_signed_request)
{
    check_signed_request(_i, 0);
}
END_TEST

START_TEST(test_query_canonical_request)
{
    check_canonical(_i, 1);
}
END_TEST

START_TEST(test_query_string_to_sign)
{
    check_string_to_sign(_i, 1);
}
END_TEST

START_TEST(test_query_signature)
{
    check_signature(_i, 1);
}
END_TEST

START_TEST(test_query_signed_request)
{
    check_signed_request(_i, 1);
}
END_TEST

/* ---- beyond the suite ---------------------------------------------------------------- */

struct simple {
    struct sl_http_request req;
    struct sl_credentials creds;
    struct sl_sigv4_params p;
};

/* A Lambda-like request with the suite's keys and time; the caller may change anything. */
static void simple_init(struct simple *s, const char *method, const char *path, const char *query)
{
    memset(s, 0, sizeof(*s));
    snprintf(s->req.method, sizeof(s->req.method), "%s", method);
    s->req.scheme = dup_str("https");
    s->req.host = dup_str("lambda.us-east-1.amazonaws.com");
    s->req.base_path = dup_str("");
    s->req.path = dup_str(path);
    s->req.query = dup_str(query);
    s->creds.access_key_id = dup_str("AKIDEXAMPLE");
    s->creds.secret_access_key = dup_str(test_secret);
    s->p.region = "us-east-1";
    s->p.service = "lambda";
    s->p.now_ms = 1440938160000LL; /* 2015-08-30T12:36:00Z */
    s->p.creds = &s->creds;
    s->p.normalize_path = 1;
    s->p.encode_path = 1;
    s->p.expires_s = 900;
}

static void simple_free(struct simple *s)
{
    sl_http_request_free(&s->req);
    free(s->creds.access_key_id);
    free(s->creds.secret_access_key);
    free(s->creds.session_token);
    memset(s, 0, sizeof(*s));
}

/* Line n (0-based) of a canonical request, into out. */
static void nth_line(const char *s, int n, char *out, size_t outlen)
{
    const char *e;
    size_t len;

    while (n-- > 0) {
        s = strchr(s, '\n');
        ck_assert_ptr_nonnull(s);
        s++;
    }
    e = strchr(s, '\n');
    len = e ? (size_t)(e - s) : strlen(s);
    ck_assert_uint_lt(len, outlen);
    memcpy(out, s, len);
    out[len] = '\0';
}

static void canonical_of(struct simple *s, struct sl_buf *out, struct sl_buf *signed_headers)
{
    char amz_date[SL_SIGV4_AMZ_DATE_LEN + 1];

    ck_assert_int_eq(sl_sigv4_amz_date(s->p.now_ms, amz_date), SL_OK);
    ck_assert_str_eq(amz_date, "20150830T123600Z");
    ck_assert_int_eq(sl_sigv4_canonical_request(&s->req, &s->p, amz_date, out, signed_headers),
                     SL_OK);
}

START_TEST(test_lambda_double_encoding)
{
    struct simple s;
    struct sl_buf out;
    char line[512];

    simple_init(&s, "POST",
                "/2015-03-31/functions/"
                "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/invocations",
                "");
    sl_buf_init(&out, 0);
    canonical_of(&s, &out, NULL);
    nth_line(out.data, 1, line, sizeof(line));
    ck_assert_str_eq(line, "/2015-03-31/functions/"
                           "arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%"
                           "253Af/invocations");
    /* the URL keeps the path as sent */
    {
        char *url = sl_http_request_url(&s.req);

        ck_assert_str_eq(url, "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/"
                              "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Af/"
                              "invocations");
        free(url);
    }
    sl_buf_free(&out);
    simple_free(&s);
}
END_TEST

START_TEST(test_s3_single_encoding)
{
    struct simple s;
    struct sl_buf out, signed_headers;
    struct sl_error err;
    char line[512];

    simple_init(&s, "PUT", "/bucket/a%20b//c", "");
    free(s.req.host);
    s.req.host = dup_str("s3.us-east-1.amazonaws.com");
    s.p.service = "s3";
    s.p.normalize_path = 0;
    s.p.encode_path = 0;
    s.p.sign_content_sha256 = 1;
    s.p.payload_hash = SL_SIGV4_UNSIGNED_PAYLOAD;
    sl_buf_init(&out, 0);
    sl_buf_init(&signed_headers, 0);
    canonical_of(&s, &out, &signed_headers);
    nth_line(out.data, 1, line, sizeof(line));
    ck_assert_str_eq(line, "/bucket/a%20b//c");
    nth_line(out.data, 4, line, sizeof(line));
    ck_assert_str_eq(line, "x-amz-content-sha256:UNSIGNED-PAYLOAD");
    ck_assert_str_eq(sl_buf_str(&signed_headers), "host;x-amz-content-sha256;x-amz-date");
    ck_assert_str_eq(strrchr(out.data, '\n') + 1, "UNSIGNED-PAYLOAD");
    /* signing sends the hash header and leaves the path as it was sent */
    sl_error_clear(&err);
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_OK);
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "host"), "s3.us-east-1.amazonaws.com");
    ck_assert_str_eq(s.req.path, "/bucket/a%20b//c");
    sl_buf_free(&out);
    sl_buf_free(&signed_headers);
    simple_free(&s);
}
END_TEST

START_TEST(test_session_token_signed)
{
    struct simple s;
    struct sl_error err;
    const char *auth;

    simple_init(&s, "GET", "/2015-03-31/functions", "");
    s.creds.session_token = dup_str("FQoGZXIvYXdzEXAMPLETOKEN+/=");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_OK);
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "x-amz-security-token"),
                     "FQoGZXIvYXdzEXAMPLETOKEN+/=");
    auth = sl_headers_get(&s.req.headers, "authorization");
    ck_assert_ptr_nonnull(auth);
    ck_assert_ptr_nonnull(strstr(auth, "SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    simple_free(&s);

    /* omitted: sent, but not signed */
    simple_init(&s, "GET", "/2015-03-31/functions", "");
    s.creds.session_token = dup_str("FQoGZXIvYXdzEXAMPLETOKEN+/=");
    s.p.omit_session_token = 1;
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_OK);
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "x-amz-security-token"),
                     "FQoGZXIvYXdzEXAMPLETOKEN+/=");
    auth = sl_headers_get(&s.req.headers, "authorization");
    ck_assert_ptr_nonnull(strstr(auth, "SignedHeaders=host;x-amz-date,"));
    simple_free(&s);

    /* presigned: the token is a signed query parameter */
    simple_init(&s, "GET", "/", "");
    s.creds.session_token = dup_str("tok/en+");
    ck_assert_int_eq(sl_sigv4_presign(&s.req, &s.p, NULL, &err), SL_OK);
    ck_assert_ptr_nonnull(
        strstr(s.req.query, "&X-Amz-Security-Token=tok%2Fen%2B&X-Amz-Signature="));
    ck_assert_ptr_null(sl_headers_get(&s.req.headers, "x-amz-security-token"));
    simple_free(&s);
}
END_TEST

START_TEST(test_empty_body_payload_hash)
{
    struct simple s;
    struct sl_buf out;
    char hex[SL_SHA256_HEX_LEN + 1];

    ck_assert_int_eq(sl_sha256_hex("", 0, hex), SL_OK);
    ck_assert_str_eq(hex, empty_sha256);
    ck_assert_int_eq(sl_sha256_hex(NULL, 0, hex), SL_OK);
    ck_assert_str_eq(hex, empty_sha256);
    simple_init(&s, "GET", "/", "");
    sl_buf_init(&out, 0);
    canonical_of(&s, &out, NULL);
    ck_assert_str_eq(strrchr(out.data, '\n') + 1, empty_sha256);
    sl_buf_free(&out);
    simple_free(&s);
}
END_TEST

static void sign_with_cache(struct simple *s, struct sl_sigv4_cache *cache, char *auth_out,
                            size_t len)
{
    struct sl_error err;

    sl_error_clear(&err);
    ck_assert_int_eq(sl_sigv4_sign(&s->req, &s->p, cache, &err), SL_OK);
    snprintf(auth_out, len, "%s", sl_headers_get(&s->req.headers, "authorization"));
}

START_TEST(test_key_cache)
{
    struct simple s;
    struct sl_sigv4_cache cache;
    char a1[512], a2[512], a3[512];
    unsigned char k1[SL_SIGV4_KEY_LEN], k2[SL_SIGV4_KEY_LEN];

    sl_sigv4_cache_init(&cache);
    simple_init(&s, "GET", "/2015-03-31/functions", "");
    sign_with_cache(&s, &cache, a1, sizeof(a1));
    ck_assert_uint_eq(cache.misses, 1);
    ck_assert_uint_eq(cache.hits, 0);
    sign_with_cache(&s, &cache, a2, sizeof(a2)); /* same day, region, service, secret */
    ck_assert_uint_eq(cache.misses, 1);
    ck_assert_uint_eq(cache.hits, 1);
    ck_assert_str_eq(a1, a2);
    sign_with_cache(&s, NULL, a3, sizeof(a3)); /* no cache: the same signature */
    ck_assert_str_eq(a1, a3);

    s.p.now_ms += 60 * 1000; /* same day, another time: hit */
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.hits, 2);
    ck_assert_uint_eq(cache.misses, 1);

    s.p.now_ms += 24LL * 3600 * 1000; /* next day */
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.misses, 2);
    s.p.region = "eu-west-1";
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.misses, 3);
    s.p.service = "logs";
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.misses, 4);
    s.creds.secret_access_key[0] = 'X'; /* another secret */
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.misses, 5);
    sign_with_cache(&s, &cache, a2, sizeof(a2));
    ck_assert_uint_eq(cache.misses, 5);
    ck_assert_uint_eq(cache.hits, 3);

    /* the cached key is the derived one, and a miss after a change derives afresh */
    ck_assert_int_eq(
        sl_sigv4_cached_key(&cache, test_secret, "20150830", "us-east-1", "lambda", k1), SL_OK);
    ck_assert_int_eq(sl_sigv4_derive_key(test_secret, "20150830", "us-east-1", "lambda", k2),
                     SL_OK);
    ck_assert_mem_eq(k1, k2, sizeof(k1));
    ck_assert_uint_eq(cache.misses, 6);
    ck_assert_int_eq(
        sl_sigv4_cached_key(&cache, test_secret, "20150830", "us-east-1", "lambda", k1), SL_OK);
    ck_assert_uint_eq(cache.hits, 4);
    ck_assert_mem_eq(k1, k2, sizeof(k1));

    sl_sigv4_cache_clear(&cache);
    ck_assert_int_eq(cache.valid, 0);
    simple_free(&s);
}
END_TEST

static int contains(const void *hay, size_t hlen, const char *needle)
{
    return memmem(hay, hlen, needle, strlen(needle)) != NULL;
}

static void assert_no_secret(const char *what, const char *s)
{
    ck_assert_msg(!s || !strstr(s, test_secret), "the secret key appears in %s", what);
}

static void assert_request_clean(const struct sl_http_request *r)
{
    size_t i;
    char *url = sl_http_request_url(r);

    assert_no_secret("the URL", url);
    free(url);
    assert_no_secret("the query", r->query);
    for (i = 0; i < r->headers.n; i++) {
        assert_no_secret("a header name", r->headers.v[i].name);
        assert_no_secret("a header value", r->headers.v[i].value);
    }
}

START_TEST(test_secret_never_output)
{
    int i;

    ck_assert_int_gt(case_count, 0);
    for (i = 0; i < case_count; i++) {
        struct sv_case c;
        struct sl_sigv4_cache cache;
        struct sl_buf creq, sts, signed_headers;
        struct sl_error err;
        char sig[SL_SIGV4_KEY_LEN * 2 + 1];
        unsigned char key[SL_SIGV4_KEY_LEN];
        int form;

        sl_sigv4_cache_init(&cache);
        for (form = 0; form < 2; form++) {
            case_load(&c, i);
            ck_assert_str_eq(c.creds.secret_access_key, test_secret);
            sl_buf_init(&creq, 0);
            sl_buf_init(&sts, 0);
            sl_buf_init(&signed_headers, 0);
            if (form)
                ck_assert_int_eq(sl_sigv4_canonical_request_query(&c.req, &c.p, c.amz_date, &creq,
                                                                  &signed_headers),
                                 SL_OK);
            else
                ck_assert_int_eq(
                    sl_sigv4_canonical_request(&c.req, &c.p, c.amz_date, &creq, &signed_headers),
                    SL_OK);
            ck_assert_int_eq(sl_sigv4_string_to_sign(c.amz_date, c.p.region, c.p.service, creq.data,
                                                     creq.len, &sts),
                             SL_OK);
            ck_assert_int_eq(
                sl_sigv4_derive_key(test_secret, c.amz_date, c.p.region, c.p.service, key), SL_OK);
            ck_assert_int_eq(sl_sigv4_signature(key, sts.data, sts.len, sig), SL_OK);
            assert_no_secret("the canonical request", creq.data);
            assert_no_secret("the signed headers", signed_headers.data);
            assert_no_secret("the string to sign", sts.data);
            assert_no_secret("the signature", sig);
            ck_assert_msg(!contains(key, sizeof(key), test_secret), "key holds the secret");
            sl_error_clear(&err);
            if (form)
                ck_assert_int_eq(sl_sigv4_presign(&c.req, &c.p, &cache, &err), SL_OK);
            else
                ck_assert_int_eq(sl_sigv4_sign(&c.req, &c.p, &cache, &err), SL_OK);
            assert_request_clean(&c.req);
            assert_no_secret("the error message", err.message);
            ck_assert_msg(!contains(&cache, sizeof(cache), test_secret),
                          "the key cache holds the secret in clear");
            sl_buf_free(&creq);
            sl_buf_free(&sts);
            sl_buf_free(&signed_headers);
            case_free(&c);
        }
        sl_sigv4_cache_clear(&cache);
    }
}
END_TEST

START_TEST(test_errors_name_no_secret)
{
    struct simple s;
    struct sl_error err;

    simple_init(&s, "GET", "/", "");
    sl_error_clear(&err);
    s.p.region = "";
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_ENOREGION);
    assert_no_secret("the error message", err.message);
    s.p.region = "us-east-1";
    s.p.expires_s = 0;
    ck_assert_int_eq(sl_sigv4_presign(&s.req, &s.p, NULL, &err), SL_EINVAL);
    assert_no_secret("the error message", err.message);
    free(s.creds.access_key_id);
    s.creds.access_key_id = NULL;
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_ENOCREDS);
    assert_no_secret("the error message", err.message);
    ck_assert_ptr_null(sl_headers_get(&s.req.headers, "authorization"));
    simple_free(&s);
}
END_TEST

START_TEST(test_host_and_unsigned_headers)
{
    struct simple s;
    struct sl_buf out, signed_headers;
    struct sl_error err;
    char line[512];

    simple_init(&s, "POST", "/", "");
    free(s.req.host);
    s.req.host = dup_str("localhost:4566");
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "User-Agent", "slctl/0.1"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "Expect", ""), SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "Transfer-Encoding", "chunked"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "Connection", "keep-alive"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "X-Amzn-Trace-Id", "Root=1-abc"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "Content-Type", "application/x-amz-json-1.1"),
                     SL_OK);
    ck_assert_int_eq(sl_headers_add(&s.req.headers, "X-Amz-Target", "Logs_20140328.Describe"),
                     SL_OK);
    sl_buf_init(&out, 0);
    sl_buf_init(&signed_headers, 0);
    canonical_of(&s, &out, &signed_headers);
    ck_assert_str_eq(sl_buf_str(&signed_headers), "content-type;host;x-amz-date;x-amz-target");
    nth_line(out.data, 4, line, sizeof(line));
    ck_assert_str_eq(line, "host:localhost:4566");
    sl_error_clear(&err);
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_OK);
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "Host"), "localhost:4566");
    /* signing again (a retry) replaces, never duplicates */
    s.p.now_ms += 1000;
    ck_assert_int_eq(sl_sigv4_sign(&s.req, &s.p, NULL, &err), SL_OK);
    {
        size_t i, nauth = 0, ndate = 0, nhost = 0;

        for (i = 0; i < s.req.headers.n; i++) {
            nauth += !strcasecmp(s.req.headers.v[i].name, "authorization");
            ndate += !strcasecmp(s.req.headers.v[i].name, "x-amz-date");
            nhost += !strcasecmp(s.req.headers.v[i].name, "host");
        }
        ck_assert_uint_eq(nauth, 1);
        ck_assert_uint_eq(ndate, 1);
        ck_assert_uint_eq(nhost, 1);
    }
    ck_assert_str_eq(sl_headers_get(&s.req.headers, "x-amz-date"), "20150830T123601Z");
    sl_buf_free(&out);
    sl_buf_free(&signed_headers);
    simple_free(&s);
}
END_TEST

START_TEST(test_canonical_query_rules)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"", ""},
        {"b=2&a=1", "a=1&b=2"},
        {"a=2&a=1&a=10", "a=1&a=10&a=2"},
        {"flag", "flag="},
        {"flag=&x", "flag=&x="},
        {"q=a+b", "q=a%2Bb"},
        {"q=a%20b", "q=a%20b"},
        {"q=a b", "q=a%20b"},
        {"k%3Ax=v%2fw", "k%3Ax=v%2Fw"},
        {"bad=%zz%4", "bad=%25zz%254"},
        {"a=1&&b=2&", "a=1&b=2"},
        {"x=%7E-_.", "x=~-_."},
        {"Z=1&a=1", "Z=1&a=1"},
        {"e=a=b", "e=a%3Db"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct sl_buf out;

        sl_buf_init(&out, 0);
        ck_assert_int_eq(sl_sigv4_canonical_query(cases[i].in, &out), SL_OK);
        ck_assert_msg(strcmp(sl_buf_str(&out), cases[i].want) == 0, "%s -> %s, want %s",
                      cases[i].in, sl_buf_str(&out), cases[i].want);
        sl_buf_free(&out);
    }
}
END_TEST

START_TEST(test_canonical_uri_rules)
{
    static const struct {
        const char *base, *path;
        int normalize, encode;
        const char *want;
    } cases[] = {
        {"", "", 1, 1, "/"},
        {"", "", 0, 0, "/"},
        {"", "/a/b/../c/./d", 1, 1, "/a/c/d"},
        {"", "/a/b/..", 1, 1, "/a"},
        {"", "/../..", 1, 1, "/"},
        {"", "/a//b/", 1, 1, "/a/b/"},
        {"/base", "/x%2Fy", 1, 1, "/base/x%252Fy"},
        {"/base", "/x%2Fy", 0, 0, "/base/x%2Fy"},
        {"", "/a b/ሴ", 0, 1, "/a%20b/%E1%88%B4"},
        {"", "/bucket/key/../x", 0, 0, "/bucket/key/../x"},
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct simple s;
        struct sl_buf out;

        simple_init(&s, "GET", cases[i].path, "");
        free(s.req.base_path);
        s.req.base_path = dup_str(cases[i].base);
        s.p.normalize_path = cases[i].normalize;
        s.p.encode_path = cases[i].encode;
        sl_buf_init(&out, 0);
        ck_assert_int_eq(sl_sigv4_canonical_uri(&s.req, &s.p, &out), SL_OK);
        ck_assert_msg(strcmp(sl_buf_str(&out), cases[i].want) == 0, "%s%s -> %s, want %s",
                      cases[i].base, cases[i].path, sl_buf_str(&out), cases[i].want);
        sl_buf_free(&out);
        simple_free(&s);
    }
}
END_TEST

START_TEST(test_presign_query_appended)
{
    struct simple s;
    struct sl_error err;
    char *url;

    simple_init(&s, "GET", "/bucket/key", "versionId=3");
    s.p.service = "s3";
    s.p.encode_path = 0;
    s.p.normalize_path = 0;
    s.p.payload_hash = SL_SIGV4_UNSIGNED_PAYLOAD;
    sl_error_clear(&err);
    ck_assert_int_eq(sl_sigv4_presign(&s.req, &s.p, NULL, &err), SL_OK);
    url = sl_http_request_url(&s.req);
    ck_assert_ptr_nonnull(strstr(url, "/bucket/key?versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256&"
                                      "X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%"
                                      "2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-"
                                      "SignedHeaders=host&X-Amz-Expires=900&X-Amz-Signature="));
    ck_assert_uint_eq(strlen(strstr(url, "X-Amz-Signature=")), 16 + 64);
    ck_assert_ptr_null(sl_headers_get(&s.req.headers, "authorization"));
    free(url);
    simple_free(&s);
}
END_TEST

/* ---- crypto and HTTP helpers --------------------------------------------------------- */

START_TEST(test_crypto_vectors)
{
    char hex[SL_SHA256_HEX_LEN + 1];
    unsigned char mac[SL_SHA256_LEN];
    char machex[SL_SHA256_HEX_LEN + 1];
    unsigned char key[20];
    unsigned char wipe[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    static const unsigned char zeros[8];

    ck_assert_int_eq(sl_sha256_hex("abc", 3, hex), SL_OK);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* RFC 4231 test cases 1 and 2 */
    memset(key, 0x0b, sizeof(key));
    ck_assert_int_eq(sl_hmac_sha256(key, sizeof(key), "Hi There", 8, mac), SL_OK);
    sl_hex_encode(mac, sizeof(mac), machex);
    ck_assert_str_eq(machex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    ck_assert_int_eq(sl_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, mac), SL_OK);
    sl_hex_encode(mac, sizeof(mac), machex);
    ck_assert_str_eq(machex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    sl_hex_encode((const unsigned char *)"\x00\xff\x10", 3, hex);
    ck_assert_str_eq(hex, "00ff10");
    sl_secure_wipe(wipe, sizeof(wipe));
    ck_assert_mem_eq(wipe, zeros, sizeof(wipe));
    sl_secure_wipe(NULL, 4);
    ck_assert_int_eq(sl_secure_equal("abc", "abc", 3), 1);
    ck_assert_int_eq(sl_secure_equal("abc", "abd", 3), 0);
}
END_TEST

START_TEST(test_base64)
{
    static const struct {
        const char *raw, *b64;
    } ok[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    static const char *const bad[] = {
        "Zg",   "Zg=",      "Z===", "====", "Zm9v\n", " Zm9v",    "Zm9v YmFy",
        "Zm=v", "Zg==Zg==", "Zm9-", "Zm9_", "=Zm9",   "Zm9vYg=A",
    };
    size_t i;
    struct sl_buf b;
    unsigned char all[256];

    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        sl_buf_init(&b, 0);
        ck_assert_int_eq(sl_base64_encode(&b, ok[i].raw, strlen(ok[i].raw)), SL_OK);
        ck_assert_str_eq(sl_buf_str(&b), ok[i].b64);
        sl_buf_reset(&b);
        ck_assert_int_eq(sl_base64_decode(&b, ok[i].b64, strlen(ok[i].b64)), SL_OK);
        ck_assert_uint_eq(b.len, strlen(ok[i].raw));
        ck_assert_str_eq(sl_buf_str(&b), ok[i].raw);
        sl_buf_free(&b);
    }
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        sl_buf_init(&b, 0);
        ck_assert_int_eq(sl_buf_append_str(&b, "keep"), SL_OK);
        ck_assert_msg(sl_base64_decode(&b, bad[i], strlen(bad[i])) == SL_EPARSE, "accepted \"%s\"",
                      bad[i]);
        ck_assert_str_eq(sl_buf_str(&b), "keep");
        sl_buf_free(&b);
    }
    /* every byte value, across the encoder's chunk boundary */
    for (i = 0; i < sizeof(all); i++)
        all[i] = (unsigned char)i;
    {
        struct sl_buf big, enc, dec;
        size_t k;

        sl_buf_init(&big, 0);
        sl_buf_init(&enc, 0);
        sl_buf_init(&dec, 0);
        for (k = 0; k < 40; k++)
            ck_assert_int_eq(sl_buf_append(&big, all, sizeof(all)), SL_OK);
        ck_assert_int_eq(sl_buf_append(&big, all, 7), SL_OK);
        ck_assert_int_eq(sl_base64_encode(&enc, big.data, big.len), SL_OK);
        ck_assert_uint_eq(enc.len, (big.len + 2) / 3 * 4);
        ck_assert_int_eq(sl_base64_decode(&dec, enc.data, enc.len), SL_OK);
        ck_assert_uint_eq(dec.len, big.len);
        ck_assert_mem_eq(dec.data, big.data, big.len);
        sl_buf_free(&big);
        sl_buf_free(&enc);
        sl_buf_free(&dec);
    }
    /* the cap of the output buffer is honoured */
    sl_buf_init(&b, 3);
    ck_assert_int_eq(sl_base64_encode(&b, "foo", 3), SL_ETOOBIG);
    ck_assert_uint_eq(b.len, 0);
    sl_buf_free(&b);
}
END_TEST

START_TEST(test_headers_ops)
{
    struct sl_headers h = {NULL, 0, 0};

    ck_assert_ptr_null(sl_headers_get(&h, "a"));
    ck_assert_int_eq(sl_headers_add(&h, "Accept", "1"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&h, "X-Two", "a"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&h, "x-two", "b"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&h, "Last", "z"), SL_OK);
    ck_assert_uint_eq(h.n, 4);
    ck_assert_str_eq(sl_headers_get(&h, "X-TWO"), "a");
    ck_assert_int_eq(sl_headers_set(&h, "x-Two", "c"), SL_OK);
    ck_assert_uint_eq(h.n, 3);
    ck_assert_str_eq(h.v[1].name, "X-Two");
    ck_assert_str_eq(h.v[1].value, "c");
    ck_assert_str_eq(h.v[2].name, "Last");
    ck_assert_int_eq(sl_headers_set(&h, "New", "n"), SL_OK);
    ck_assert_str_eq(h.v[3].name, "New");
    sl_headers_remove(&h, "accept");
    ck_assert_uint_eq(h.n, 3);
    ck_assert_ptr_null(sl_headers_get(&h, "Accept"));
    ck_assert_str_eq(h.v[0].name, "X-Two");
    sl_headers_remove(&h, "missing");
    ck_assert_uint_eq(h.n, 3);
    ck_assert_int_eq(sl_headers_add(&h, NULL, "x"), SL_EINVAL);
    sl_headers_free(&h);
    ck_assert_ptr_null(h.v);
    ck_assert_uint_eq(h.n, 0);
    sl_headers_free(&h);
    sl_headers_free(NULL);
    sl_http_request_free(NULL);
    sl_http_response_free(NULL);
}
END_TEST

START_TEST(test_request_url_and_encode)
{
    struct sl_http_request r;
    struct sl_http_response resp;
    struct sl_buf b;
    char *url;

    memset(&r, 0, sizeof(r));
    r.scheme = dup_str("http");
    r.host = dup_str("127.0.0.1:4566");
    r.base_path = dup_str("/base");
    r.path = dup_str("/a%20b");
    r.query = dup_str("x=1");
    url = sl_http_request_url(&r);
    ck_assert_str_eq(url, "http://127.0.0.1:4566/base/a%20b?x=1");
    free(url);
    free(r.query);
    r.query = dup_str("");
    free(r.base_path);
    r.base_path = dup_str("");
    free(r.path);
    r.path = dup_str("");
    url = sl_http_request_url(&r);
    ck_assert_str_eq(url, "http://127.0.0.1:4566/");
    free(url);
    sl_http_request_free(&r);
    ck_assert_ptr_null(r.host);

    memset(&resp, 0, sizeof(resp));
    resp.status = 200;
    sl_buf_init(&resp.body, 0);
    ck_assert_int_eq(sl_buf_append_str(&resp.body, "{}"), SL_OK);
    ck_assert_int_eq(sl_headers_add(&resp.headers, "x-amzn-RequestId", "r-1"), SL_OK);
    sl_http_response_free(&resp);
    ck_assert_ptr_null(resp.body.data);
    ck_assert_ptr_null(resp.headers.v);

    sl_buf_init(&b, 0);
    ck_assert_int_eq(sl_uri_encode(&b, "a/b c~-_.*+\xe1\x88\xb4", 14, 1), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "a/b%20c~-_.%2A%2B%E1%88%B4");
    sl_buf_reset(&b);
    ck_assert_int_eq(sl_uri_encode(&b, "a/b", 3, 0), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "a%2Fb");
    sl_buf_reset(&b);
    ck_assert_int_eq(sl_uri_encode(&b, "a\0b", 3, 0), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "a%00b");
    sl_buf_reset(&b);
    ck_assert_int_eq(sl_uri_encode(&b, "", 0, 0), SL_OK);
    ck_assert_str_eq(sl_buf_str(&b), "");
    sl_buf_free(&b);
}
END_TEST

static Suite *sigv4_suite(void)
{
    Suite *s = suite_create("sigv4");
    TCase *tc;

    tc = tcase_create("aws-suite");
    tcase_add_test(tc, test_suite_present);
    tcase_add_loop_test(tc, test_header_canonical_request, 0, case_count);
    tcase_add_loop_test(tc, test_header_string_to_sign, 0, case_count);
    tcase_add_loop_test(tc, test_header_signature, 0, case_count);
    tcase_add_loop_test(tc, test_header_signed_request, 0, case_count);
    tcase_add_loop_test(tc, test_query_canonical_request, 0, case_count);
    tcase_add_loop_test(tc, test_query_string_to_sign, 0, case_count);
    tcase_add_loop_test(tc, test_query_signature, 0, case_count);
    tcase_add_loop_test(tc, test_query_signed_request, 0, case_count);
    suite_add_tcase(s, tc);

    tc = tcase_create("signer");
    tcase_add_test(tc, test_lambda_double_encoding);
    tcase_add_test(tc, test_s3_single_encoding);
    tcase_add_test(tc, test_session_token_signed);
    tcase_add_test(tc, test_empty_body_payload_hash);
    tcase_add_test(tc, test_key_cache);
    tcase_add_test(tc, test_secret_never_output);
    tcase_add_test(tc, test_errors_name_no_secret);
    tcase_add_test(tc, test_host_and_unsigned_headers);
    tcase_add_test(tc, test_canonical_query_rules);
    tcase_add_test(tc, test_canonical_uri_rules);
    tcase_add_test(tc, test_presign_query_appended);
    suite_add_tcase(s, tc);

    tc = tcase_create("helpers");
    tcase_add_test(tc, test_crypto_vectors);
    tcase_add_test(tc, test_base64);
    tcase_add_test(tc, test_headers_ops);
    tcase_add_test(tc, test_request_url_and_encode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed, i;

    load_cases();
    sr = srunner_create(sigv4_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (i = 0; i < case_count; i++)
        free(case_names[i]);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
