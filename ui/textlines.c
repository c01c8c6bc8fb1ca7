#include "textlines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "frame.h"
#include "text.h"
#include "theme.h"

void sl_text_lines_init(struct sl_text_lines *t)
{
    memset(t, 0, sizeof(*t));
}

void sl_text_lines_clear(struct sl_text_lines *t)
{
    size_t i;

    for (i = 0; i < t->n; i++)
        free(t->v[i].text);
    free(t->v);
    memset(t, 0, sizeof(*t));
}

/* Takes text (malloc'ed) as the next line. */
static void add_owned(struct sl_text_lines *t, unsigned char role, char *text)
{
    if (!text) {
        t->oom = 1;
        return;
    }
    if (t->n >= SL_TEXT_LINES_MAX) {
        t->truncated = 1;
        free(text);
        return;
    }
    if (t->n == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        struct sl_text_line *nv = realloc(t->v, nc * sizeof(*nv));

        if (!nv) {
            t->oom = 1;
            free(text);
            return;
        }
        t->v = nv;
        t->cap = nc;
    }
    t->v[t->n].text = text;
    t->v[t->n].role = role;
    t->n++;
}

static void add_one(struct sl_text_lines *t, unsigned char role, const char *s, size_t len)
{
    struct sl_buf b;

    /* a CR before the newline (CRLF text) is not worth a visible ^M */
    if (len && s[len - 1] == '\r')
        len--;
    sl_buf_init(&b, 0);
    if (sl_text_sanitize(&b, s, len, 0) != SL_OK) {
        sl_buf_free(&b);
        t->oom = 1;
        return;
    }
    add_owned(t, role, strdup(sl_buf_str(&b)));
    sl_buf_free(&b);
}

void sl_text_lines_add(struct sl_text_lines *t, unsigned char role, const char *text, size_t len)
{
    size_t start = 0, i;

    if (!text)
        return;
    for (i = 0; i < len; i++) {
        if (text[i] == '\n') {
            add_one(t, role, text + start, i - start);
            start = i + 1;
        }
    }
    if (start < len || len == 0)
        add_one(t, role, text + start, len - start);
}

void sl_text_lines_addf(struct sl_text_lines *t, unsigned char role, const char *fmt, ...)
{
    va_list ap;
    char line[2048];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0)
        line[0] = '\0';
    add_one(t, role, line, strlen(line));
}

enum sl_err sl_text_lines_status(const struct sl_text_lines *t)
{
    return t->oom ? SL_ENOMEM : SL_OK;
}

size_t sl_text_lines_clamp(const struct sl_text_lines *t, size_t top, size_t height)
{
    size_t last = t->n > height ? t->n - height : 0;

    return top > last ? last : top;
}

int sl_text_lines_scroll(const struct sl_text_lines *t, size_t *top, size_t height, enum sl_req req)
{
    size_t page = height > 1 ? height - 1 : 1;

    switch (req) {
    case SL_REQ_DOWN:
        *top += 1;
        break;
    case SL_REQ_UP:
        *top = *top ? *top - 1 : 0;
        break;
    case SL_REQ_PAGE_DOWN:
        *top += page;
        break;
    case SL_REQ_PAGE_UP:
        *top = *top > page ? *top - page : 0;
        break;
    case SL_REQ_FIRST:
        *top = 0;
        break;
    case SL_REQ_LAST:
        *top = t->n;
        break;
    default:
        return 0;
    }
    *top = sl_text_lines_clamp(t, *top, height ? height : 1);
    return 1;
}

void sl_text_lines_draw(const struct sl_text_lines *t, size_t top, int y, int height, int width)
{
    int i;

    for (i = 0; i < height; i++) {
        size_t idx = top + (size_t)i;

        sl_draw_text(y + i, 0, width, "", 0, 0);
        if (idx < t->n && width > 1)
            sl_draw_text(y + i, 1, width - 1, t->v[idx].text,
                         sl_theme_attr((enum sl_role)t->v[idx].role), 0);
    }
}
