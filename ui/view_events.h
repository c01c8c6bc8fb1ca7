/* The saved test events of a function (slctl's store and the project's events/ folder):
 * name, source, size, last change; Enter shows one, n renames, d deletes (events saved by
 * slctl only), D duplicates, i invokes the function with the selected event. */
#ifndef SL_UI_VIEW_EVENTS_H
#define SL_UI_VIEW_EVENTS_H

struct sl_app;
struct sl_view;

/* The saved events of function. NULL when out of memory. */
struct sl_view *sl_view_events_new(const char *function);
/* :events [FUNCTION]: the events of FUNCTION, else of the function of the view on screen
 * (cur, may be NULL), else a prompt asks for a function. */
void sl_view_events_command(struct sl_app *app, struct sl_view *cur, const char *function);

#endif
