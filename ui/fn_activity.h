/* The functions list's sparklines: the last hour's invocations (and errors) of each function,
 * fetched only for the rows on screen, in one GetMetricData for all of them
 * (api/cloudwatch_batch.h), kept for a few minutes, and never waited for: a row whose data has
 * not come yet draws an empty cell until it does. One cache per functions view. */
#ifndef SL_UI_FN_ACTIVITY_H
#define SL_UI_FN_ACTIVITY_H

#include <stddef.h>

struct sl_app;
struct sl_fn_activity;

/* A cache fetching through app's client (of the view it belongs to). NULL when out of memory. */
struct sl_fn_activity *sl_fn_activity_new(void);
/* Stops a fetch in flight and frees everything (NULL-safe; fits sl_list_view_set_ext). */
void sl_fn_activity_free(void *a);

/* The functions on screen: starts fetching those without fresh data (unless a fetch is running;
 * the rest follow when it ends). */
void sl_fn_activity_seen(struct sl_fn_activity *a, struct sl_app *app, const char *const *names,
                         size_t n);
/* The cell of a function: its sparkline (one bar per 5 minutes) and, when it failed in the
 * last hour, the number of errors marked (role SL_ROLE_BAD); "" while nothing is known. */
void sl_fn_activity_cell(const struct sl_fn_activity *a, const char *name, char *out, size_t len,
                         unsigned char *role);

/* The text of a cell from the values (pure): nbuckets invocations and errors. */
void sl_fn_activity_text(const double *invocations, const double *errors, size_t nbuckets, int utf8,
                         char *out, size_t len, unsigned char *role);

#endif
