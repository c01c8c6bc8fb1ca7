#include "aws_error.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "retry.h"
#include "xml.h"

/* Copies src (n bytes) into dst, always terminated, without cutting a UTF-8 sequence, with
 * whitespace controls turned into spaces and other control bytes into '?': the text may reach
 * a terminal and it is untrusted. */
static void sl_copy_clean(char *dst, size_t dstlen, const char *src, size_t n)
{
    size_t i, o = 0;

    if (!dstlen)
        return;
    for (i = 0; src && i < n && src[i]; i++) {
        unsigned char c = (unsigned char)src[i];

        if (o + 1 >= dstlen)
            break;
        if (c >= 0xC0) { /* a UTF-8 lead byte: copy the whole sequence or stop */
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

            if (o + need >= dstlen || i + need > n)
                break;
        }
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
        else if (c < 0x20 || c == 0x7f)
            c = '?';
        dst[o++] = (char)c;
    }
    /* Drop an incomplete sequence left at the end by a short source. */
    while (o > 0 && ((unsigned char)dst[o - 1] & 0xC0) == 0x80) {
        size_t k = o - 1, len, need;

        while (k > 0 && ((unsigned char)dst[k] & 0xC0) == 0x80)
            k--;
        len = o - k;
        need = (unsigned char)dst[k] >= 0xF0   ? 4
               : (unsigned char)dst[k] >= 0xE0 ? 3
               : (unsigned char)dst[k] >= 0xC0 ? 2
                                               : 1;
        if (len >= need)
            break;
        o = k;
    }
    /* Trim spaces at both ends. */
    while (o > 0 && dst[o - 1] == ' ')
        o--;
    dst[o] = '\0';
    if (dst[0] == ' ') {
        size_t s = 0;

        while (dst[s] == ' ')
            s++;
        memmove(dst, dst + s, o - s + 1);
    }
}

static void sl_copy_str(char *dst, size_t dstlen, const char *src)
{
    sl_copy_clean(dst, dstlen, src, src ? strlen(src) : 0);
}

void sl_aws_error_code_normalise(const char *code, char *out, size_t outlen)
{
    const char *hash, *colon;
    size_t n;

    if (!outlen)
        return;
    out[0] = '\0';
    if (!code)
        return;
    hash = strrchr(code, '#');
    if (hash)
        code = hash + 1;
    colon = strchr(code, ':');
    n = colon ? (size_t)(colon - code) : strlen(code);
    sl_copy_clean(out, outlen, code, n);
}

int sl_aws_error_is_not_found(const char *code, const char *message)
{
    static const char *const codes[] = {
        "ResourceNotFoundException",
        "ResourceNotFound",
        "NotFoundException",
        "NotFound",
        "NoSuchBucket",
        "NoSuchKey",
        "NoSuchEntity",
        "NoSuchUpload",
        "NoSuchVersion",
        "StackNotFoundException",
    };
    size_t i;

    if (!code || !*code)
        return 0;
    for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        if (!strcmp(code, codes[i]))
            return 1;
    /* CloudFormation reports every failure as ValidationError (aws-wire.md §13.12). */
    return !strcmp(code, "ValidationError") && message && strstr(message, "does not exist");
}

/* The first non-blank byte of the body, or 0. */
static char sl_body_kind(const struct sl_buf *b)
{
    size_t i;

    for (i = 0; i < b->len; i++) {
        char c = b->data[i];

        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c;
    }
    return 0;
}

static const struct sl_xml_node *sl_find_error_element(const struct sl_xml_node *root)
{
    const struct sl_xml_node *e;

    if (!strcmp(sl_xml_name(root), "Error"))
        return root; /* S3: <Error><Code>... */
    e = sl_xml_child(root, "Error");
    if (e)
        return e;                             /* query: <ErrorResponse><Error>... */
    return sl_xml_path(root, "Errors/Error"); /* EC2 style: <Response><Errors><Error> */
}

/* XML bodies (awsQuery and S3): code, message and request id from the document. */
static void sl_decode_xml(const struct sl_buf *body, struct sl_error *err, int *have_code)
{
    struct sl_xml_node *root = NULL;
    const struct sl_xml_node *e, *rid;

    if (sl_xml_parse(body->data, body->len, &root, NULL))
        return;
    e = sl_find_error_element(root);
    if (!e)
        goto cleanup;
    if (!*have_code && *sl_xml_text(sl_xml_child(e, "Code"))) {
        sl_aws_error_code_normalise(sl_xml_text(sl_xml_child(e, "Code")), err->code,
                                    sizeof(err->code));
        *have_code = err->code[0] != '\0';
    }
    if (!err->message[0])
        sl_copy_str(err->message, sizeof(err->message), sl_xml_text(sl_xml_child(e, "Message")));
    rid = sl_xml_child(root, "RequestId");
    if (!rid)
        rid = sl_xml_child(root, "RequestID");
    if (!rid)
        rid = sl_xml_child(e, "RequestId");
    if (!err->request_id[0])
        sl_copy_str(err->request_id, sizeof(err->request_id), sl_xml_text(rid));
cleanup:
    sl_xml_free(&root);
}

static const char *sl_json_string(const cJSON *o, const char *const *keys, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[i]);

        if (cJSON_IsString(v) && v->valuestring && *v->valuestring)
            return v->valuestring;
    }
    return NULL;
}

/* JSON bodies (awsJson, restJson): code and message. */
static void sl_decode_json(const struct sl_buf *body, struct sl_error *err, int *have_code)
{
    static const char *const code_keys[] = {"__type", "code", "Code"};
    static const char *const msg_keys[] = {"message", "Message", "errorMessage"};
    cJSON *doc = cJSON_ParseWithLength(body->data, body->len);
    const char *s;

    if (!cJSON_IsObject(doc))
        goto cleanup;
    s = sl_json_string(doc, code_keys, sizeof(code_keys) / sizeof(code_keys[0]));
    if (!*have_code && s) {
        sl_aws_error_code_normalise(s, err->code, sizeof(err->code));
        *have_code = err->code[0] != '\0';
    }
    s = sl_json_string(doc, msg_keys, sizeof(msg_keys) / sizeof(msg_keys[0]));
    if (!err->message[0] && s)
        sl_copy_str(err->message, sizeof(err->message), s);
cleanup:
    cJSON_Delete(doc);
}

/* x-amzn-query-error: "LimitExceeded;Sender" -> "LimitExceeded". */
static int sl_code_from_query_error(const char *h, struct sl_error *err)
{
    const char *semi;
    char tmp[sizeof(err->code)];
    size_t n;

    if (!h || !*h)
        return 0;
    semi = strchr(h, ';');
    n = semi ? (size_t)(semi - h) : strlen(h);
    if (n >= sizeof(tmp))
        n = sizeof(tmp) - 1;
    memcpy(tmp, h, n);
    tmp[n] = '\0';
    sl_aws_error_code_normalise(tmp, err->code, sizeof(err->code));
    return err->code[0] != '\0';
}

static int sl_code_from_header(const char *h, struct sl_error *err)
{
    if (!h || !*h)
        return 0;
    sl_aws_error_code_normalise(h, err->code, sizeof(err->code));
    return err->code[0] != '\0';
}

enum sl_err sl_aws_error_decode(enum sl_protocol proto, const struct sl_http_response *resp,
                                struct sl_error *err)
{
    struct sl_error local;
    const struct sl_headers *h;
    const char *rid;
    int have_code = 0;
    enum sl_retry_class cls;
    char kind;

    if (!err)
        err = &local;
    sl_error_clear(err);
    if (!resp)
        return SL_EAWS;
    h = &resp->headers;
    err->http_status = resp->status;

    /* Header codes that win over the body. */
    if (proto == SL_PROTO_JSON)
        have_code = sl_code_from_query_error(sl_headers_get(h, "x-amzn-query-error"), err);
    else if (proto == SL_PROTO_REST_JSON)
        have_code = sl_code_from_header(sl_headers_get(h, "X-Amzn-ErrorType"), err);

    kind = sl_body_kind(&resp->body);
    if (kind == '<')
        sl_decode_xml(&resp->body, err, &have_code);
    else if (kind == '{')
        sl_decode_json(&resp->body, err, &have_code);

    /* Header codes that only fill a gap. */
    if (!have_code)
        have_code = sl_code_from_header(sl_headers_get(h, "X-Amzn-ErrorType"), err);
    if (!have_code)
        have_code = sl_code_from_query_error(sl_headers_get(h, "x-amzn-query-error"), err);

    rid = sl_headers_get(h, "x-amzn-RequestId");
    if (!rid || !*rid)
        rid = sl_headers_get(h, "x-amz-request-id");
    if (!rid || !*rid)
        rid = sl_headers_get(h, "x-amzn-request-id");
    if (rid && *rid)
        sl_copy_str(err->request_id, sizeof(err->request_id), rid);

    if (!have_code && !err->message[0])
        snprintf(err->message, sizeof(err->message), _("HTTP %ld from the service"), resp->status);

    cls = sl_retry_classify(SL_NET_OK, resp->status, err->code);
    err->retryable =
        cls == SL_RETRY_TRANSIENT || cls == SL_RETRY_THROTTLING || cls == SL_RETRY_TIMEOUT;
    return sl_aws_error_is_not_found(err->code, err->message) ? SL_ENOTFOUND : SL_EAWS;
}
