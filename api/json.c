#include "json.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"

#define AS_CJSON(o) ((cJSON *)(void *)(o))

struct sl_json *sl_json_new_object(void)
{
    return (struct sl_json *)(void *)cJSON_CreateObject();
}

struct sl_json *sl_json_new_array(void)
{
    return (struct sl_json *)(void *)cJSON_CreateArray();
}

void sl_json_add(struct sl_json *o, const char *key, struct sl_json *child)
{
    if (!o || !child)
        return;
    if (key)
        cJSON_AddItemToObject(AS_CJSON(o), key, AS_CJSON(child));
    else
        cJSON_AddItemToArray(AS_CJSON(o), AS_CJSON(child));
}

void sl_json_add_string(struct sl_json *o, const char *key, const char *value)
{
    sl_json_add(o, key,
                (struct sl_json *)(void *)(value ? cJSON_CreateString(value) : cJSON_CreateNull()));
}

void sl_json_add_number(struct sl_json *o, const char *key, double value)
{
    sl_json_add(o, key, (struct sl_json *)(void *)cJSON_CreateNumber(value));
}

void sl_json_add_bool(struct sl_json *o, const char *key, int value)
{
    sl_json_add(o, key, (struct sl_json *)(void *)cJSON_CreateBool(value));
}

/* cJSON indents with tabs; the AWS CLI and jq use two spaces. */
static char *tabs_to_spaces(char *s)
{
    struct sl_buf b;
    const char *p;

    if (!s)
        return NULL;
    sl_buf_init(&b, 0);
    for (p = s; *p; p++) {
        if (*p == '\t') {
            sl_buf_append(&b, "  ", 2);
        } else if (*p == ':' && p[1] == '\t') {
            sl_buf_append(&b, ": ", 2);
            p++;
        } else {
            sl_buf_append(&b, p, 1);
        }
    }
    free(s);
    return sl_buf_take(&b);
}

char *sl_json_print(const struct sl_json *o, int pretty)
{
    if (!o)
        return NULL;
    if (!pretty)
        return cJSON_PrintUnformatted((const cJSON *)(const void *)o);
    return tabs_to_spaces(cJSON_Print((const cJSON *)(const void *)o));
}

void sl_json_free(struct sl_json **o)
{
    if (o && *o) {
        cJSON_Delete(AS_CJSON(*o));
        *o = NULL;
    }
}

enum sl_err sl_json_validate(const char *text, size_t len, struct sl_error *err)
{
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    size_t off, i;
    int line = 1, col = 1;

    if (v) {
        /* Only white space may follow the value. */
        off = (size_t)(end - text);
        while (off < len && strchr(" \t\r\n", text[off]))
            off++;
        cJSON_Delete(v);
        if (off == len)
            return SL_OK;
    } else {
        const char *at = cJSON_GetErrorPtr();
        off = (at && at >= text && at <= text + len) ? (size_t)(at - text) : len;
    }
    for (i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return sl_error_set(err, SL_EPARSE, _("not valid JSON at line %d, column %d"), line, col);
}

char *sl_json_pretty(const char *text, size_t len)
{
    cJSON *v = cJSON_ParseWithLength(text, len);
    char *out;

    if (!v)
        return NULL;
    out = tabs_to_spaces(cJSON_Print(v));
    cJSON_Delete(v);
    return out;
}

/* Length of the valid UTF-8 sequence at s (1..4) with its code point, or 0. */
static size_t json_utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
{
    unsigned c = s[0];
    size_t n, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, c &= 0x07;
    else
        return 0;
    if (n > len)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

enum sl_err sl_json_append_string(struct sl_buf *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t i = 0, run = 0;
    enum sl_err rc;

    if (!s)
        len = 0;
    rc = sl_buf_append(out, "\"", 1);
    while (!rc && i < len) {
        unsigned cp = 0;
        size_t n = json_utf8_decode(p + i, len - i, &cp);
        const char *esc = NULL;
        char u[8];

        if (n == 1 && cp >= 0x20 && cp != '"' && cp != '\\' && cp != 0x7F) {
            i++;
            run++;
            continue;
        }
        if (n > 1 && !(cp < 0xA0 || cp == 0x2028 || cp == 0x2029 ||
                       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
            i += n;
            run += n;
            continue;
        }
        /* Flush the plain bytes before this one, then its escape. */
        rc = sl_buf_append(out, p + i - run, run);
        run = 0;
        if (rc)
            break;
        if (n == 0) {
            esc = "\\ufffd";
            n = 1;
        } else if (cp == '"') {
            esc = "\\\"";
        } else if (cp == '\\') {
            esc = "\\\\";
        } else if (cp == '\n') {
            esc = "\\n";
        } else if (cp == '\r') {
            esc = "\\r";
        } else if (cp == '\t') {
            esc = "\\t";
        } else if (cp == '\b') {
            esc = "\\b";
        } else if (cp == '\f') {
            esc = "\\f";
        } else {
            snprintf(u, sizeof(u), "\\u%04x", cp);
            esc = u;
        }
        rc = sl_buf_append_str(out, esc);
        i += n;
    }
    if (!rc)
        rc = sl_buf_append(out, p + i - run, run);
    if (!rc)
        rc = sl_buf_append(out, "\"", 1);
    return rc;
}

struct sl_json *sl_json_parse(const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *v;
    size_t off;

    if (!text)
        return NULL;
    v = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!v)
        return NULL;
    off = (size_t)(end - text);
    while (off < len && strchr(" \t\r\n", text[off]))
        off++;
    if (off != len) {
        cJSON_Delete(v);
        return NULL;
    }
    return (struct sl_json *)(void *)v;
}

const char *sl_json_get_string(const struct sl_json *o, const char *path)
{
    const cJSON *v = (const cJSON *)o;
    char key[128];

    while (v && path && *path) {
        size_t n = strcspn(path, ".");

        if (n >= sizeof(key) || !cJSON_IsObject(v))
            return NULL;
        memcpy(key, path, n);
        key[n] = '\0';
        v = cJSON_GetObjectItemCaseSensitive(v, key);
        path += n + (path[n] == '.');
    }
    return cJSON_IsString(v) ? v->valuestring : NULL;
}
