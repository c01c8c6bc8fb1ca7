#include "theme.h"

#include <curses.h>
#include <stdlib.h>
#include <strings.h>

#define COLOR_DEFAULT (-1)
#define BOLD          A_BOLD
#define REVERSE       A_REVERSE
#define UNDERLINE     A_UNDERLINE
#define DIM           A_DIM

struct sl_theme_entry {
    const char *name;
    short fg;
    short bg;
    unsigned int attr;
    unsigned int mono;
};

static const struct sl_theme_entry sl_theme_table[SL_ROLE_COUNT] = {
#define X(role, name, fg, bg, attr, mono)                                                          \
    [role] = {name, COLOR_##fg, COLOR_##bg, (unsigned int)(attr), (unsigned int)(mono)},
    SL_THEME_TABLE(X)
#undef X
};

static unsigned int sl_theme_attrs[SL_ROLE_COUNT];

void sl_theme_init(int use_color)
{
    int i;

    if (use_color) {
        start_color();
        use_default_colors();
    }
    for (i = 0; i < SL_ROLE_COUNT; i++) {
        const struct sl_theme_entry *t = &sl_theme_table[i];

        if (!use_color) {
            sl_theme_attrs[i] = t->mono;
            continue;
        }
        if (t->fg == COLOR_DEFAULT && t->bg == COLOR_DEFAULT) {
            sl_theme_attrs[i] = t->attr;
            continue;
        }
        init_pair((short)(i + 1), t->fg, t->bg);
        sl_theme_attrs[i] = t->attr | (unsigned int)COLOR_PAIR(i + 1);
    }
}

unsigned int sl_theme_attr(enum sl_role role)
{
    if ((int)role < 0 || role >= SL_ROLE_COUNT)
        return 0;
    return sl_theme_attrs[role];
}

int sl_theme_role_by_name(const char *name)
{
    int i;

    for (i = 0; name && i < SL_ROLE_COUNT; i++)
        if (!strcasecmp(name, sl_theme_table[i].name))
            return i;
    return -1;
}

int sl_theme_want_color(int no_color_flag)
{
    const char *nc = getenv("NO_COLOR");

    if (no_color_flag || (nc && nc[0]))
        return 0;
    return has_colors() ? 1 : 0;
}
