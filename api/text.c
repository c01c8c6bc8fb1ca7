#include "text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* Decodes one UTF-8 sequence; returns its length or 0 when invalid. */
static size_t utf8_decode(const unsigned char *s, size_t len, unsigned *cp)
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

enum sl_err sl_text_sanitize(struct sl_buf *out, const char *s, size_t len, int keep_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    enum sl_err rc = SL_OK;

    while (i < len && !rc) {
        unsigned cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (n == 0) {
            rc = sl_buf_appendf(out, "\\x%02X", p[i]);
            i++;
            continue;
        }
        if (cp == '\n' && keep_newlines)
            rc = sl_buf_append(out, "\n", 1);
        else if (cp == '\t')
            rc = sl_buf_append(out, " ", 1);
        else if (cp == 0x1B)
            rc = sl_buf_append(out, "^[", 2);
        else if (cp < 0x20 || cp == 0x7F)
            rc = sl_buf_appendf(out, "^%c", (char)(cp ^ 0x40));
        else if (cp >= 0x80 && cp < 0xA0)
            rc = sl_buf_appendf(out, "\\u%04X", cp);
        else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                 (cp >= 0x2066 && cp <= 0x2069))
            rc = sl_buf_appendf(out, "\\u%04X", cp); /* line separators and bidi overrides */
        else
            rc = sl_buf_append(out, p + i, n);
        i += n;
    }
    return rc;
}

char *sl_text_sanitized(const char *s)
{
    struct sl_buf b;

    sl_buf_init(&b, 0);
    if (sl_text_sanitize(&b, s ? s : "", s ? strlen(s) : 0, 0)) {
        sl_buf_free(&b);
        return NULL;
    }
    return sl_buf_take(&b);
}

static int cp_width(unsigned cp)
{
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int sl_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    int w = 0;

    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        if (!n) {
            w++;
            i++;
            continue;
        }
        w += cp < 0x80 ? 1 : cp_width(cp);
        i += n;
    }
    return w;
}

size_t sl_text_fit(const char *s, int width)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;
    int w = 0;

    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(p + i, len - i, &cp);
        int cw;
        if (!n) {
            n = 1;
            cw = 1;
        } else {
            cw = cp < 0x80 ? 1 : cp_width(cp);
        }
        if (w + cw > width)
            break;
        w += cw;
        i += n;
    }
    return i;
}
