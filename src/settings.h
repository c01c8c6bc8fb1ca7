/* slctl's own configuration: $XDG_CONFIG_HOME/slctl/config (default ~/.config/slctl/config),
 * an INI file read with api/ini.h like the AWS files:
 *
 *   [default]
 *   profile = dev               # the AWS profile when neither --profile nor AWS_PROFILE says
 *   region = eu-west-1          # the region when neither --region, the environment nor the
 *                               # profile gives one
 *   log_buffer_lines = 100000   # log lines the console keeps per view (100 .. 1000000)
 *
 *   [profile prod]
 *   readonly = true             # refuse invoke and publish-layer
 *   production = true           # the console asks to type the function name before invoking
 *
 *   [keys]                      # console key bindings, kept as name -> key text
 *   quit = q
 *
 *   [colors]                    # console theme, kept as name -> colour text
 *   alarm = red
 *
 * Booleans are true/false, yes/no, on/off or 1/0 (any case). Unknown sections and unknown keys
 * in [default] and [profile NAME] are mistakes (a misspelt "readonly" must not pass silently).
 * [keys] and [colors] take any name; the console interprets them.
 *
 * A file that cannot be read or is malformed is not fatal: sl_settings_load() hands back the
 * defaults and one sentence naming the file and line. */
#ifndef SL_SETTINGS_H
#define SL_SETTINGS_H

#include <stddef.h>

#include "sl_error.h"

struct sl_globals;

#define SL_SETTINGS_LOG_BUFFER_DEFAULT 100000L
#define SL_SETTINGS_LOG_BUFFER_MIN     100L
#define SL_SETTINGS_LOG_BUFFER_MAX     1000000L

struct sl_settings_profile {
    char *name; /* the NAME of [profile NAME] */
    int readonly;
    int production;
    int line; /* of the section header */
};

/* One entry of [keys] or [colors]: name as written (names compare case-insensitively). */
struct sl_settings_pair {
    char *name;
    char *value;
    int line;
};

struct sl_settings {
    char *path;    /* the file read, or that would have been; NULL when there is no home */
    char *profile; /* [default] profile, or NULL */
    char *region;  /* [default] region, or NULL */
    long log_buffer_lines;
    struct sl_settings_profile *profiles;
    size_t n_profiles;
    struct sl_settings_pair *keys;
    size_t n_keys;
    struct sl_settings_pair *colors;
    size_t n_colors;
    int all_readonly; /* a malformed file that asked for read-only somewhere: fail safe */
};

/* "$XDG_CONFIG_HOME/slctl" (when set and absolute), else "$HOME/.config/slctl"; malloc'ed,
 * NULL when there is no home directory either. */
char *sl_settings_dir(void);
/* sl_settings_dir() + "/config"; malloc'ed or NULL. */
char *sl_settings_default_path(void);

/* Settings with every default (path copied, may be NULL). NULL when out of memory. */
struct sl_settings *sl_settings_new(const char *path);
/* Parses len bytes strictly; name is used in messages. SL_ECONFIG with "NAME:LINE: what is
 * wrong" in err->message for a malformed file. */
enum sl_err sl_settings_parse(const char *text, size_t len, const char *name,
                              struct sl_settings **out, struct sl_error *err);
/* Reads path (NULL: sl_settings_default_path()). *out always receives settings unless out of
 * memory (SL_ENOMEM, *out NULL). Returns SL_OK when the file was read or does not exist;
 * otherwise the problem (SL_ECONFIG, SL_EIO, SL_ETOOBIG) with one sentence naming the file
 * (and the line) in warning->message, and *out holds the defaults. */
enum sl_err sl_settings_load(const char *path, struct sl_settings **out, struct sl_error *warning);
void sl_settings_free(struct sl_settings **s);

/* The [profile NAME] section, or NULL (NULL-safe). */
const struct sl_settings_profile *sl_settings_find_profile(const struct sl_settings *s,
                                                           const char *name);
/* A [keys] / [colors] value by name (case-insensitive), or NULL (NULL-safe). */
const char *sl_settings_key(const struct sl_settings *s, const char *name);
const char *sl_settings_color(const struct sl_settings *s, const char *name);

/* The AWS profile in force: explicit (--profile), else AWS_PROFILE, AWS_DEFAULT_PROFILE, else
 * [default] profile, else "default". */
const char *sl_settings_profile_name(const struct sl_settings *s, const char *explicit_profile);
/* 1 when writes are refused: flag (--readonly) or readonly = true for the profile. */
int sl_settings_is_readonly(const struct sl_settings *s, const char *profile, int flag);
/* 1 when production = true for the profile. */
int sl_settings_is_production(const struct sl_settings *s, const char *profile);

/* ---- the command line ----------------------------------------------------------------- */

/* Fills g from [default] where the command line and environment leave a gap: the profile
 * becomes AWS_PROFILE (so it ranks like that variable: environment keys still win, and an
 * unknown profile is reported by the client), the region is used only when neither --region,
 * AWS_REGION, AWS_DEFAULT_REGION nor the profile gives one. g->settings is set to s. */
void sl_settings_apply(const struct sl_settings *s, struct sl_globals *g);

/* For commands that change something in AWS (invoke, publish-layer). Returns 0 when allowed.
 * When --readonly was given or readonly = true is set for the profile in force, prints
 * "slctl: Refusing to ACTION: profile "P" is read-only (remove --readonly or readonly = true
 * in FILE)." on stderr and returns SL_EXIT_AWS (1). action is a verb phrase the caller has
 * translated (_("invoke"), _("publish the layer")). Uses g->settings (NULL: defaults). */
int sl_settings_readonly(const struct sl_globals *g, const char *action);

#endif
