/* The one-shot command line: global options, the command table, exit codes. */
#ifndef SL_CLI_H
#define SL_CLI_H

#include "output.h"
#include "sl_error.h"

struct sl_client;

/* Exit codes, documented in slctl(1) and README.md. */
enum sl_exit {
    SL_EXIT_OK = 0,
    SL_EXIT_AWS = 1,      /* AWS, network or configuration failure */
    SL_EXIT_USAGE = 2,    /* bad command line or input file */
    SL_EXIT_FUNCTION = 3, /* invoke: the function itself failed */
    SL_EXIT_NOTFOUND = 4, /* the named function, stack, layer, ... does not exist */
    SL_EXIT_INTERRUPTED = 130,
};

struct sl_globals {
    const char *profile;
    const char *region;
    const char *endpoint_url;
    enum sl_output_format output;
    int output_set;
    int debug;
    int readonly;
    int no_color;
};

/* Removes the global options from argv (anywhere on the line, like the AWS CLI) and fills g.
 * Returns 0, or -1 after printing one sentence on stderr. */
int sl_cli_parse_globals(int *argc, char **argv, struct sl_globals *g);

/* Builds the AWS client for the globals. On failure prints one sentence and returns an exit
 * code (non-zero); 0 on success. */
int sl_cli_client(const struct sl_globals *g, struct sl_client **out);

/* Prints "slctl: <sentence>" for e/err on stderr and returns the exit code it maps to. */
int sl_cli_fail(enum sl_err e, const struct sl_error *err);
/* Prints a usage sentence (printf-style) plus a hint to `slctl help CMD`; returns 2. */
int sl_cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

typedef int (*sl_cmd_fn)(const struct sl_globals *g, int argc, char **argv);

/* X(name, function, usage, summary). Usage and summary are read by a person. */
#define SL_COMMAND_TABLE(X)                                                                        \
    X("whoami", sl_cmd_whoami, "slctl whoami",                                                     \
      N_("Show the account, identity, profile and region in use"))

#define X(name, fn, usage, summary) int fn(const struct sl_globals *g, int argc, char **argv);
SL_COMMAND_TABLE(X)
#undef X

/* Runs the command named argv[0]; prints help for unknown ones. */
int sl_cli_dispatch(const struct sl_globals *g, int argc, char **argv);
void sl_cli_help(const char *command);

#endif
