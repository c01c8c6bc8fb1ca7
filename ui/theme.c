#include "theme.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"

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

/* Changes from the config. */
struct sl_theme_override {
    int set;
    short fg, bg;
    unsigned int attr;
};
static struct sl_theme_override sl_theme_over[SL_ROLE_COUNT];

static const struct {
    const char *name;
    short color;
} sl_theme_colors[] = {
    {"default", COLOR_DEFAULT}, {"black", COLOR_BLACK},   {"red", COLOR_RED},
    {"green", COLOR_GREEN},     {"yellow", COLOR_YELLOW}, {"blue", COLOR_BLUE},
    {"magenta", COLOR_MAGENTA}, {"cyan", COLOR_CYAN},     {"white", COLOR_WHITE},
};

static const struct {
    const char *name;
    unsigned int attr;
} sl_theme_attr_names[] = {
    {"normal", 0}, {"bold", BOLD}, {"underline", UNDERLINE}, {"reverse", REVERSE}, {"dim", DIM},
};

static int color_by_name(const char *w, short *out)
{
    size_t i;

    for (i = 0; i < sizeof(sl_theme_colors) / sizeof(sl_theme_colors[0]); i++) {
        if (!strcasecmp(w, sl_theme_colors[i].name)) {
            *out = sl_theme_colors[i].color;
            return 1;
        }
    }
    return 0;
}

enum sl_err sl_theme_set(const char *role, const char *value, struct sl_error *err)
{
    struct sl_theme_override o;
    char words[256], *w, *save = NULL;
    int r = sl_theme_role_by_name(role), want_bg = 0;

    if (r < 0)
        return sl_error_set(err, SL_EINVAL, _("There is no console colour named \"%s\"."),
                            role ? role : "");
    o.set = 1;
    o.fg = sl_theme_table[r].fg;
    o.bg = sl_theme_table[r].bg;
    o.attr = 0;
    snprintf(words, sizeof(words), "%s", value ? value : "");
    for (w = strtok_r(words, " \t,", &save); w; w = strtok_r(NULL, " \t,", &save)) {
        size_t i;
        short c;
        int found = 0;

        if (!strcasecmp(w, "on")) {
            want_bg = 1;
            continue;
        }
        if (color_by_name(w, &c)) {
            if (want_bg)
                o.bg = c;
            else
                o.fg = c;
            want_bg = 0;
            continue;
        }
        for (i = 0; i < sizeof(sl_theme_attr_names) / sizeof(sl_theme_attr_names[0]); i++) {
            if (!strcasecmp(w, sl_theme_attr_names[i].name)) {
                o.attr |= sl_theme_attr_names[i].attr;
                found = 1;
            }
        }
        if (!found || want_bg)
            return sl_error_set(err, SL_EINVAL,
                                _("\"%s\" is not a colour or an attribute (for \"%s\")."), w, role);
    }
    if (want_bg)
        return sl_error_set(err, SL_EINVAL, _("\"on\" needs a colour after it (for \"%s\")."),
                            role);
    sl_theme_over[r] = o;
    return SL_OK;
}

void sl_theme_reset(void)
{
    memset(sl_theme_over, 0, sizeof(sl_theme_over));
}

void sl_theme_init(int use_color)
{
    int i;

    if (use_color) {
        start_color();
        use_default_colors();
    }
    for (i = 0; i < SL_ROLE_COUNT; i++) {
        struct sl_theme_entry e = sl_theme_table[i];
        const struct sl_theme_entry *t = &e;

        if (sl_theme_over[i].set) {
            e.fg = sl_theme_over[i].fg;
            e.bg = sl_theme_over[i].bg;
            e.attr = sl_theme_over[i].attr;
            if (sl_theme_over[i].attr)
                e.mono = sl_theme_over[i].attr;
        }
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
