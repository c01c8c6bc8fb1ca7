#include "prompt.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "i18n.h"
#include "keymap.h"
#include "text.h"
#include "theme.h"

void sl_prompt_open(struct sl_prompt *p, const char *label, const char *initial, int masked,
                    sl_prompt_complete_fn complete)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->label, sizeof(p->label), "%s", label ? label : "");
    sl_lineedit_set(&p->edit, initial ? initial : "");
    p->masked = masked;
    p->complete = complete;
}

static int is_backspace(int key)
{
    return key == (SL_KEY_FN | KEY_BACKSPACE) || key == 127 || key == 8;
}

enum sl_prompt_result sl_prompt_key(struct sl_prompt *p, int key)
{
    if (key != '\t')
        p->candidates[0] = '\0';
    switch (key) {
    case '\r':
    case '\n':
    case SL_KEY_FN | KEY_ENTER:
        return SL_PROMPT_ACCEPT;
    case SL_KEY_ESC:
    case SL_KEY_CTRL('c'):
    case SL_KEY_CTRL('g'):
        return SL_PROMPT_CANCEL;
    case '\t':
        if (p->complete && p->edit.cur == p->edit.len) {
            char line[SL_LINEEDIT_MAX];

            snprintf(line, sizeof(line), "%s", p->edit.buf);
            p->complete(line, sizeof(line), p->candidates, sizeof(p->candidates));
            sl_lineedit_set(&p->edit, line);
        }
        return SL_PROMPT_EDITING;
    default:
        break;
    }
    if (!p->edit.len && is_backspace(key))
        return SL_PROMPT_CANCEL;
    sl_lineedit_key(&p->edit, key);
    return SL_PROMPT_EDITING;
}

/* The text as shown: itself (sanitized: a file name may hold anything) or one '*' per
 * character. */
static void shown_text(const struct sl_prompt *p, size_t upto, char *out, size_t len)
{
    char tmp[SL_LINEEDIT_MAX];
    size_t i, n = 0;

    if (!len)
        return;
    if (p->masked) {
        for (i = 0; i < upto && n + 1 < len; i++)
            if (((unsigned char)p->edit.buf[i] & 0xC0) != 0x80)
                out[n++] = '*';
        out[n] = '\0';
        return;
    }
    snprintf(tmp, sizeof(tmp), "%.*s", (int)upto, p->edit.buf);
    {
        char *clean = sl_text_sanitized(tmp);

        snprintf(out, len, "%s", clean ? clean : "");
        free(clean);
    }
}

void sl_prompt_line(const struct sl_prompt *p, int width, char *out, size_t len, int *cursor)
{
    char before[SL_LINEEDIT_MAX * 4], all[SL_LINEEDIT_MAX * 4], full[sizeof(all) + 256];
    const char *s;
    int cw;

    shown_text(p, p->edit.cur, before, sizeof(before));
    shown_text(p, p->edit.len, all, sizeof(all));
    snprintf(full, sizeof(full), "%s%s", p->label, all);
    cw = sl_text_width(p->label) + sl_text_width(before);
    s = full;
    /* a line wider than the screen scrolls: the cursor stays in view */
    while (cw > width - 1 && *s) {
        char one[8];
        size_t k = 1;

        while (k < 4 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k++;
        snprintf(one, sizeof(one), "%.*s", (int)k, s);
        cw -= sl_text_width(one);
        s += k;
    }
    snprintf(out, len, "%s", s);
    *cursor = cw < 0 ? 0 : cw;
}

/* ---- asking and waiting ---------------------------------------------------------------- */

static void modal_draw(const struct sl_prompt *p)
{
    char line[SL_LINEEDIT_MAX * 4 + 256];
    int rows, cols, cursor;

    getmaxyx(stdscr, rows, cols);
    if (rows < 2 || cols < 2)
        return;
    sl_prompt_line(p, cols - 1, line, sizeof(line), &cursor);
    sl_draw_text(rows - 2, 0, 1, "", 0, 0);
    sl_draw_text(rows - 2, 1, cols - 1, line, sl_theme_attr(SL_ROLE_PROMPT), 0);
    move(rows - 2, 1 + cursor < cols ? 1 + cursor : cols - 1);
    curs_set(1);
    refresh();
}

enum sl_err sl_prompt_modal(const char *label, int masked, char *out, size_t len)
{
    struct sl_prompt p;
    enum sl_prompt_result r = SL_PROMPT_EDITING;
    enum sl_err rc = SL_ECANCELLED;

    sl_prompt_open(&p, label, "", masked, NULL);
    timeout(250); /* wait for keys here; the loop's non-blocking mode comes back below */
    modal_draw(&p);
    while (r == SL_PROMPT_EDITING) {
        wint_t wc;
        int got = get_wch(&wc), key;

        if (got == ERR)
            continue;
        key = got == KEY_CODE_YES ? (SL_KEY_FN | (int)wc) : (int)wc;
        if (key == (SL_KEY_FN | KEY_RESIZE)) {
            modal_draw(&p);
            continue;
        }
        r = sl_prompt_key(&p, key);
        modal_draw(&p);
    }
    if (r == SL_PROMPT_ACCEPT && p.edit.len < len) {
        snprintf(out, len, "%s", p.edit.buf);
        rc = SL_OK;
    }
    /* the code is a secret: leave no copy behind */
    memset(&p, 0, sizeof(p));
    nodelay(stdscr, TRUE);
    curs_set(0);
    return rc;
}

enum sl_err sl_prompt_mfa(void *ud, const char *mfa_serial, char *code, size_t len)
{
    char label[512];
    char *serial = sl_text_sanitized(mfa_serial ? mfa_serial : "");

    snprintf(label, sizeof(label), _("MFA code for %s (Esc cancels): "), serial ? serial : "");
    free(serial);
    return sl_prompt_modal(label, 1, code, len);
}
