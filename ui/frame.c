#include "frame.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"

static const char *ellipsis(void)
{
    return MB_CUR_MAX > 1 ? "\xe2\x80\xa6" : "~";
}

void sl_fit_text(const char *s, int width, char *out, size_t len)
{
    size_t n;

    if (!len)
        return;
    s = s ? s : "";
    if (width <= 0) {
        out[0] = '\0';
        return;
    }
    if (sl_text_width(s) <= width) {
        snprintf(out, len, "%s", s);
        return;
    }
    n = sl_text_fit(s, width - 1);
    snprintf(out, len, "%.*s%s", (int)n, s, ellipsis());
}

int sl_draw_text(int y, int x, int width, const char *s, unsigned int attr, int right)
{
    char buf[4096];
    int w, pad;

    if (width <= 0)
        return 0;
    sl_fit_text(s, width, buf, sizeof(buf));
    w = sl_text_width(buf);
    pad = width - w;
    attron(attr);
    move(y, x);
    if (right && pad > 0)
        printw("%*s", pad, "");
    addstr(buf);
    if (!right && pad > 0)
        printw("%*s", pad, "");
    attroff(attr);
    return width;
}

void sl_frame_body(int rows, int *top, int *height)
{
    *top = 2;
    *height = rows - 4;
    if (*height < 0)
        *height = 0;
}

const char *sl_frame_short_arn(const char *arn)
{
    const char *p;
    int colons = 0;

    if (!arn || strncmp(arn, "arn:", 4) != 0)
        return arn ? arn : "";
    for (p = arn; *p; p++) {
        if (*p == ':' && ++colons == 5)
            return p + 1;
    }
    return arn;
}

char sl_frame_spinner(unsigned i)
{
    static const char frames[] = "|/-\\";

    return frames[i % 4];
}

/* Appends "label value" segments to the header; returns the new x. */
static int header_seg(int y, int x, int maxx, const char *label, const char *value,
                      unsigned int attr)
{
    char buf[512];
    int w;

    if (!value || !value[0] || x >= maxx)
        return x;
    if (label)
        snprintf(buf, sizeof(buf), "  %s %s", label, value);
    else
        snprintf(buf, sizeof(buf), "  %s", value);
    w = sl_text_width(buf);
    if (w > maxx - x)
        w = maxx - x;
    return x + sl_draw_text(y, x, w, buf, attr, 0);
}

static void draw_header(const struct sl_frame *f, int cols)
{
    unsigned int hattr = sl_theme_attr(SL_ROLE_HEADER);
    const char *mark = NULL;
    int x = 0, markw = 0, maxx;

    if (f->readonly)
        mark = _("READ-ONLY");
    else if (f->demo)
        mark = _("DEMO");
    if (mark)
        markw = sl_text_width(mark) + 2;
    if (markw > cols / 2)
        markw = 0;
    maxx = cols - markw;
    sl_draw_text(0, 0, cols, "", hattr, 0);
    x += sl_draw_text(0, 0, maxx < 6 ? maxx : 6, " slctl", hattr | A_BOLD, 0);
    x = header_seg(0, x, maxx, _("profile"), f->profile, hattr);
    x = header_seg(0, x, maxx, _("region"), f->region, hattr);
    x = header_seg(0, x, maxx, _("account"), f->account && f->account[0] ? f->account : "...",
                   hattr);
    header_seg(0, x, maxx, NULL, f->identity, hattr);
    if (markw) {
        char buf[128];

        snprintf(buf, sizeof(buf), " %s ", mark);
        sl_draw_text(0, cols - markw, markw, buf,
                     sl_theme_attr(f->readonly ? SL_ROLE_READONLY : SL_ROLE_HEADER) | A_BOLD, 0);
    }
}

static void draw_status(const struct sl_frame *f, int y, int cols, int *cursor_x)
{
    enum sl_role role = SL_ROLE_INFO;
    int rw = 0, lw;

    switch (f->kind) {
    case SL_STATUS_ERROR:
        role = SL_ROLE_ERROR;
        break;
    case SL_STATUS_PROGRESS:
        role = SL_ROLE_PROGRESS;
        break;
    case SL_STATUS_PROMPT:
        role = SL_ROLE_PROMPT;
        break;
    default:
        break;
    }
    if (f->status_right && f->status_right[0] && f->kind != SL_STATUS_PROMPT) {
        rw = sl_text_width(f->status_right) + 2;
        if (rw > cols / 3)
            rw = cols / 3;
    }
    lw = cols - rw;
    sl_draw_text(y, 0, 1, "", 0, 0);
    sl_draw_text(y, 1, lw - 1, f->kind == SL_STATUS_NONE ? "" : f->status, sl_theme_attr(role), 0);
    if (rw)
        sl_draw_text(y, lw, rw, f->status_right, sl_theme_attr(SL_ROLE_DIM), 1);
    if (f->kind == SL_STATUS_PROMPT) {
        *cursor_x = 1 + f->cursor;
        if (*cursor_x >= cols)
            *cursor_x = cols - 1;
    }
}

static void draw_hints(const struct sl_frame *f, int y, int cols)
{
    size_t i;
    int x = 0;

    sl_draw_text(y, 0, cols, "", sl_theme_attr(SL_ROLE_HINT), 0);
    for (i = 0; i < f->nhints; i++) {
        char key[48], label[96];
        int kw, lw;

        snprintf(key, sizeof(key), "%s", f->hints[i].key);
        snprintf(label, sizeof(label), " %s ", f->hints[i].label);
        kw = sl_text_width(key);
        lw = sl_text_width(label);
        if (x + kw + lw > cols)
            break;
        x += sl_draw_text(y, x, kw, key, sl_theme_attr(SL_ROLE_HINT_KEY), 0);
        x += sl_draw_text(y, x, lw, label, sl_theme_attr(SL_ROLE_HINT), 0);
        if (x < cols)
            x += sl_draw_text(y, x, 1, "", sl_theme_attr(SL_ROLE_HINT), 0);
    }
}

int sl_frame_draw(const struct sl_frame *f, int rows, int cols)
{
    char crumb[1024];
    int cursor_x = -1;

    if (rows < SL_FRAME_MIN_ROWS || cols < SL_FRAME_MIN_COLS)
        return 0;
    draw_header(f, cols);
    snprintf(crumb, sizeof(crumb), " %s", f->crumb ? f->crumb : "");
    sl_draw_text(1, 0, cols, crumb, sl_theme_attr(SL_ROLE_CRUMB), 0);
    draw_status(f, rows - 2, cols, &cursor_x);
    draw_hints(f, rows - 1, cols);
    if (cursor_x >= 0) {
        move(rows - 2, cursor_x);
        return 1;
    }
    return 0;
}
