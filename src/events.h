/* Saved test events for Invoke.
 *
 * Two places hold them:
 *   - slctl's own store: $XDG_CONFIG_HOME/slctl/events/<function>/<name>.json (written by
 *     "slctl events save/edit"); <function> is the function's name, without ARN prefix or
 *     qualifier, so "orders", "orders:live" and its ARN share one folder.
 *   - a project's events/ folder (SAM convention), found from the current directory upwards
 *     (sl_events_find_project()): events/NAME.json fit any function, events/DIR/NAME.json fit the
 *     function named DIR, or a SAM-deployed one whose physical name is
 *     "<stack>-DIR-<suffix>" (so events/GetUserFunction/ serves
 *     users-api-GetUserFunction-4XJ2K9LQ7ZAB).
 * A name is looked up in that order: the store, the project's function folder, the project's
 * top level.
 *
 * Names: 1 to 100 characters, no '/', no leading '.', no control characters. Content: one JSON
 * value of at most SL_EVENT_MAX_SIZE bytes; invalid JSON is refused with its line and column
 * and never written. Writes are atomic (a temporary file in the same folder, then rename). */
#ifndef SL_EVENTS_H
#define SL_EVENTS_H

#include <stddef.h>

#include "sl_error.h"

#define SL_EVENT_NAME_MAX 100               /* characters */
#define SL_EVENT_MAX_SIZE ((size_t)6291456) /* a synchronous Invoke's payload limit */

enum sl_event_source {
    SL_EVENT_SAVED,   /* slctl's store */
    SL_EVENT_PROJECT, /* the project's events/ folder */
};

struct sl_event_ref {
    char *function; /* store folder or project subfolder; NULL: a project event for any function */
    char *name;     /* without ".json" */
    char *path;
    enum sl_event_source source;
};
void sl_event_ref_clear(struct sl_event_ref *r);
void sl_event_refs_free(struct sl_event_ref **v, size_t n);

/* Where events are looked for. Both may be NULL (no home; no project). */
struct sl_events_dirs {
    char *store;   /* e.g. ~/.config/slctl/events */
    char *project; /* e.g. /src/users-api/events */
};
/* The store under sl_settings_dir() and the project found from the current directory. */
enum sl_err sl_events_dirs_default(struct sl_events_dirs *d);
void sl_events_dirs_free(struct sl_events_dirs *d);

/* The events/ folder of the project around start (NULL: the current directory): the nearest
 * one between start and the project root, the first folder upwards holding .git,
 * samconfig.toml, samconfig.yaml, template.yaml or template.yml. Without such a root only
 * start/events counts. malloc'ed, NULL when there is none. */
char *sl_events_find_project(const char *start);

/* SL_OK, or SL_EINVAL with a sentence saying what is wrong with the name. */
enum sl_err sl_events_check_name(const char *name, struct sl_error *err);
/* The store folder for a function ("arn:...:function:orders:live" -> "orders"); malloc'ed in
 * *out. SL_EINVAL with a sentence for a name that cannot be a folder. */
enum sl_err sl_events_function_key(const char *function, char **out, struct sl_error *err);
/* 1 when a project subfolder named dir holds events for function (a key). */
int sl_events_project_matches(const char *dir, const char *function);

/* Every event for function (NULL: all of them), sorted by function, name, source. The
 * caller frees *out with sl_event_refs_free(). Unreadable folders are skipped. */
enum sl_err sl_events_list(const struct sl_events_dirs *d, const char *function,
                           struct sl_event_ref **out, size_t *n, struct sl_error *err);
/* The event name of function in lookup order. SL_ENOTFOUND with a sentence when absent. */
enum sl_err sl_events_find(const struct sl_events_dirs *d, const char *function, const char *name,
                           struct sl_event_ref *out, struct sl_error *err);
/* The store path of function/name (whether it exists or not); malloc'ed. SL_EINVAL for a bad
 * name, SL_ECONFIG when there is no store (no home directory). */
enum sl_err sl_events_store_path(const struct sl_events_dirs *d, const char *function,
                                 const char *name, char **out, struct sl_error *err);

/* Reads at most cap bytes from fd into *out (NUL-terminated, malloc'ed). *too_big is set
 * (and SL_ETOOBIG returned, without a sentence) when there was more. */
enum sl_err sl_events_read_fd(int fd, size_t cap, char **out, size_t *len, int *too_big);
/* Reads an event file as it is, not checked as JSON (to show or fix a broken one): SL_ETOOBIG,
 * SL_EIO or SL_ENOTFOUND with a sentence. */
enum sl_err sl_events_read(const char *path, char **text, size_t *len, struct sl_error *err);
/* Reads an event file and checks it: SL_ETOOBIG, SL_EIO, SL_ENOTFOUND or SL_EPARSE ("PATH:
 * not valid JSON at line L, column C") with a sentence. */
enum sl_err sl_events_load(const char *path, char **text, size_t *len, struct sl_error *err);
/* Checks text as an event: SL_EPARSE "LABEL: not valid JSON at line L, column C" or
 * SL_ETOOBIG. */
enum sl_err sl_events_check_text(const char *text, size_t len, const char *label,
                                 struct sl_error *err);

/* Writes data to path atomically (temporary file in the same folder, fsync, rename), creating
 * missing folders (mode 0700) and keeping the mode of a file it replaces (0600 for a new
 * one). */
enum sl_err sl_events_write_file(const char *path, const char *data, size_t len,
                                 struct sl_error *err);
/* Validates and stores function/name in the store. An existing event is replaced only with
 * replace set (else SL_EINVAL with a sentence). *path_out (may be NULL) receives the path. */
enum sl_err sl_events_save(const struct sl_events_dirs *d, const char *function, const char *name,
                           const char *text, size_t len, int replace, char **path_out,
                           struct sl_error *err);
/* Removes function/name from the store (and the function's folder when it is left empty).
 * SL_ENOTFOUND with a sentence when the store has no such event. */
enum sl_err sl_events_remove(const struct sl_events_dirs *d, const char *function, const char *name,
                             struct sl_error *err);

#endif
