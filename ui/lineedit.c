#include "lineedit.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keymap.h"
#include "text.h"

void sl_lineedit_clear(struct sl_lineedit *e)
{
    e->buf[0] = '\0';
    e->len = e->cur = 0;
}

static int is_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

void sl_lineedit_set(struct sl_lineedit *e, const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n >= sizeof(e->buf)) {
        n = sizeof(e->buf) - 1;
        while (n && is_cont(s[n]))
            n--;
    }
    if (n)
        memcpy(e->buf, s, n);
    e->buf[n] = '\0';
    e->len = e->cur = n;
}

static size_t prev_char(const struct sl_lineedit *e, size_t at)
{
    if (!at)
        return 0;
    at--;
    while (at && is_cont(e->buf[at]))
        at--;
    return at;
}

static size_t next_char(const struct sl_lineedit *e, size_t at)
{
    if (at >= e->len)
        return e->len;
    at++;
    while (at < e->len && is_cont(e->buf[at]))
        at++;
    return at;
}

static void delete_range(struct sl_lineedit *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    e->cur = from;
}

static int insert_cp(struct sl_lineedit *e, int cp)
{
    char u[4];
    size_t n;

    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (e->len + n >= sizeof(e->buf))
        return 0;
    memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
    memcpy(e->buf + e->cur, u, n);
    e->len += n;
    e->cur += n;
    return 1;
}

int sl_lineedit_key(struct sl_lineedit *e, int key)
{
    size_t p;

    switch (key) {
    case SL_KEY_FN | KEY_LEFT:
    case SL_KEY_CTRL('b'):
        e->cur = prev_char(e, e->cur);
        return 2;
    case SL_KEY_FN | KEY_RIGHT:
    case SL_KEY_CTRL('f'):
        e->cur = next_char(e, e->cur);
        return 2;
    case SL_KEY_FN | KEY_HOME:
    case SL_KEY_CTRL('a'):
        e->cur = 0;
        return 2;
    case SL_KEY_FN | KEY_END:
    case SL_KEY_CTRL('e'):
        e->cur = e->len;
        return 2;
    case SL_KEY_FN | KEY_BACKSPACE:
    case 127:
    case 8:
        if (!e->cur)
            return 2;
        delete_range(e, prev_char(e, e->cur), e->cur);
        return 1;
    case SL_KEY_FN | KEY_DC:
    case SL_KEY_CTRL('d'):
        if (e->cur >= e->len)
            return 2;
        delete_range(e, e->cur, next_char(e, e->cur));
        return 1;
    case SL_KEY_CTRL('u'):
        delete_range(e, 0, e->cur);
        return 1;
    case SL_KEY_CTRL('k'):
        e->buf[e->cur] = '\0';
        e->len = e->cur;
        return 1;
    case SL_KEY_CTRL('w'):
        p = e->cur;
        while (p && e->buf[p - 1] == ' ')
            p--;
        while (p && e->buf[p - 1] != ' ')
            p--;
        delete_range(e, p, e->cur);
        return 1;
    default:
        break;
    }
    if ((key & SL_KEY_FN) || key < 0x20 || key == 0x7F || (key >= 0x80 && key < 0xA0) ||
        key > 0x10FFFF)
        return 0;
    return insert_cp(e, key) ? 1 : 2;
}

int sl_lineedit_cursor_col(const struct sl_lineedit *e)
{
    char tmp[SL_LINEEDIT_MAX];

    memcpy(tmp, e->buf, e->cur);
    tmp[e->cur] = '\0';
    return sl_text_width(tmp);
}
