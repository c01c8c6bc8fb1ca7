/* The help screen (`?`): the keys of the current view from the key map (so it can never drift
 * from it), with the view's sort letters, then the `:` commands. */
#ifndef SL_UI_HELP_H
#define SL_UI_HELP_H

#include <stddef.h>

struct sl_keymap;
struct sl_view;

/* Draws the help of view v (NULL: global keys only) in rows [y, y + height); *top is the first
 * line shown, clamped so the last page stays full. */
void sl_help_draw(const struct sl_keymap *km, const struct sl_view *v, size_t *top, int y,
                  int height, int width);

#endif
