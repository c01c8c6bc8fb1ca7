/* The `:` command line: the commands and their aliases (one X-macro table, also used for Tab
 * completion and the help), parsing a typed line, and completion. Pure. */
#ifndef SL_UI_CMDLINE_H
#define SL_UI_CMDLINE_H

#include <stddef.h>

#include "i18n.h"
#include "sl_error.h"

/* X(ID, name, aliases (space-separated), takes an argument (2: may take one), help). Names and
 * aliases are what a person types, never translated. A unique prefix of a name or alias works too.
 */
#define SL_CMDLINE_TABLE(X)                                                                        \
    X(SL_CMD_STACKS, "stacks", "cfn", 0, N_("CloudFormation stacks"))                              \
    X(SL_CMD_FUNCTIONS, "functions", "fn lambda", 0, N_("Lambda functions"))                       \
    X(SL_CMD_LAYERS, "layers", "", 0, N_("Lambda layers"))                                         \
    X(SL_CMD_ALARMS, "alarms", "", 0, N_("CloudWatch alarms"))                                     \
    X(SL_CMD_LOGS, "logs", "log", 1,                                                               \
      N_("The logs of a function, a log group or every function of a stack (:logs NAME)"))         \
    X(SL_CMD_EVENTS, "events", "", 2,                                                              \
      N_("Saved test events of a function (:events [FUNCTION]; else the function on screen)"))     \
    X(SL_CMD_PROFILE, "profile", "", 1,                                                            \
      N_("Use another AWS profile (:profile NAME; P chooses from a list)"))                        \
    X(SL_CMD_REGION, "region", "", 1,                                                              \
      N_("Use another AWS region (:region NAME; R chooses from a list)"))                          \
    X(SL_CMD_SORT, "sort", "", 1,                                                                  \
      N_("Sort by a column; again reverses (:sort -name: descending)"))                            \
    X(SL_CMD_HELP, "help", "", 0, N_("The keys of this view"))                                     \
    X(SL_CMD_QUIT, "quit", "q q! exit", 0, N_("Quit slctl"))

enum sl_cmd_id {
    SL_CMD_NONE = -1,
#define X(id, name, aliases, arg, help) id,
    SL_CMDLINE_TABLE(X)
#undef X
        SL_CMD_COUNT
};

struct sl_cmd_info {
    const char *name;
    const char *aliases;
    int takes_arg;
    const char *help; /* N_() text */
};
const struct sl_cmd_info *sl_cmd_info(enum sl_cmd_id id);

/* Parses a typed line (without the ':'). *id is SL_CMD_NONE for an empty line; *arg points
 * into line at the argument ("" when none). SL_EINVAL with a sentence for an unknown or
 * ambiguous command, a missing argument, or an argument to a command that takes none. */
enum sl_err sl_cmdline_parse(const char *line, enum sl_cmd_id *id, const char **arg,
                             struct sl_error *err);

/* The command the first word of line names (a name, an alias or a unique prefix, complete or
 * not followed by anything), for choosing what its argument completes over; SL_CMD_NONE. */
enum sl_cmd_id sl_cmdline_command(const char *line);

/* Tab: completes line in place (a buffer of len bytes). The first word completes over the
 * command names and aliases; the argument of a command that takes one over args[0..nargs).
 * Returns the number of candidates: with one, the word is completed (and a space added after
 * a command that takes an argument); with several, it is extended to their longest common
 * prefix and the candidates are listed in list (space-separated, sorted). */
size_t sl_cmdline_complete(char *line, size_t len, const char *const *args, size_t nargs,
                           char *list, size_t listlen);

#endif
