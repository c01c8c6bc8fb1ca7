#include "help.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "frame.h"
#include "i18n.h"
#include "keymap.h"
#include "text.h"
#include "theme.h"
#include "view.h"

#define SL_HELP_MAX 64

void sl_help_draw(const struct sl_keymap *km, const struct sl_view *v, size_t *top, int y,
                  int height, int width)
{
    struct sl_help_line lines[SL_HELP_MAX];
    char letters[32] = "";
    unsigned int key_attr = sl_theme_attr(SL_ROLE_TITLE) & ~A_UNDERLINE;
    size_t n, total, i;
    int keyw = 16, row;

    if (height <= 0)
        return;
    if (v && v->ops->sort_letters)
        v->ops->sort_letters(v, letters, sizeof(letters));
    n = sl_keymap_help(km, v ? v->scopes : SL_SCOPE_GLOBAL, letters, lines, SL_HELP_MAX);
    for (i = 0; i < n; i++) {
        int w = sl_text_width(lines[i].keys);
        if (w > keyw)
            keyw = w;
    }
    for (i = 0; i < SL_CMD_COUNT; i++) {
        const struct sl_cmd_info *ci = sl_cmd_info((enum sl_cmd_id)i);
        int w = (int)strlen(ci->name) + (int)strlen(ci->aliases) + 4;
        if (w > keyw)
            keyw = w;
    }
    if (keyw > width / 3)
        keyw = width / 3;
    total = n + 2 + SL_CMD_COUNT; /* the keys, a blank line, a heading, the commands */
    if (*top + (size_t)height > total)
        *top = total > (size_t)height ? total - (size_t)height : 0;
    for (row = 0; row < height; row++) {
        size_t idx = *top + (size_t)row;
        int yy = y + row;

        sl_draw_text(yy, 0, width, "", 0, 0);
        if (idx < n) {
            sl_draw_text(yy, 1, keyw, lines[idx].keys, key_attr, 0);
            sl_draw_text(yy, keyw + 3, width - keyw - 3, lines[idx].help, 0, 0);
        } else if (idx == n + 1) {
            sl_draw_text(yy, 1, width - 1, _("Commands (after :)"), sl_theme_attr(SL_ROLE_TITLE),
                         0);
        } else if (idx >= n + 2 && idx < total) {
            const struct sl_cmd_info *ci = sl_cmd_info((enum sl_cmd_id)(idx - n - 2));
            char names[128];

            if (ci->aliases[0])
                snprintf(names, sizeof(names), ":%s (%s)", ci->name, ci->aliases);
            else
                snprintf(names, sizeof(names), ":%s", ci->name);
            sl_draw_text(yy, 1, keyw, names, key_attr, 0);
            sl_draw_text(yy, keyw + 3, width - keyw - 3, _(ci->help), 0, 0);
        }
    }
}
