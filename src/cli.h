/* The one-shot command line: global options, the command table, exit codes. */
#ifndef SL_CLI_H
#define SL_CLI_H

#include "output.h"
#include "sl_error.h"

struct sl_client;
struct sl_settings;

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
    int demo; /* --demo: run against the emulator's demo application (src/demo.h) */
    const struct sl_settings *settings; /* slctl's own config (settings.h), or NULL */
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
      N_("Show the account, identity, profile and region in use"))                                 \
    X("stacks", sl_cmd_stacks, "slctl stacks [--all]",                                             \
      N_("List the CloudFormation stacks (--all: deleted ones too)"))                              \
    X("stack", sl_cmd_stack, "slctl stack NAME",                                                   \
      N_("Show a stack: failures first, parameters, outputs, resources, events"))                  \
    X("functions", sl_cmd_functions, "slctl functions", N_("List the Lambda functions"))           \
    X("function", sl_cmd_function, "slctl function NAME",                                          \
      N_("Show a function: configuration, layers, aliases, versions, last hour"))                  \
    X("layers", sl_cmd_layers, "slctl layers", N_("List the Lambda layers"))                       \
    X("layer", sl_cmd_layer, "slctl layer NAME", N_("Show the versions of a layer"))               \
    X("alarms", sl_cmd_alarms, "slctl alarms [--state ALARM|OK|INSUFFICIENT_DATA]",                \
      N_("List the CloudWatch alarms, firing ones first"))                                         \
    X("invoke", sl_cmd_invoke,                                                                     \
      "slctl invoke FUNCTION [--event NAME | --event-file PATH | -] [--qualifier Q] "              \
      "[--async | --dry-run] [--no-tail]",                                                         \
      N_("Invoke a function once and show its answer, log tail and duration"))                     \
    X("events", sl_cmd_events,                                                                     \
      "slctl events list [FUNCTION] | show FUNCTION NAME | save FUNCTION NAME [--from FILE|-] "    \
      "[--force] | edit FUNCTION NAME | rm FUNCTION NAME | generate TYPE [OPTIONS]",               \
      N_("Manage saved test events and generate sample events"))                                   \
    X("logs", sl_cmd_logs,                                                                         \
      "slctl logs TARGET... [--since T] [--until T] [-f] [--filter P] [--stream PREFIX] "          \
      "[--format short|detailed|json] [--local]",                                                  \
      N_("Show or follow the logs of functions, log groups or stacks"))                            \
    X("publish-layer", sl_cmd_publish_layer,                                                       \
      "slctl publish-layer NAME FOLDER|ZIP [--runtime R]... [--arch A]... [--description D] "      \
      "[--license L] [--s3-bucket B [--s3-key K]] [--zip-only OUT]",                               \
      N_("Publish a new version of a Lambda layer from a folder or zip"))

#define X(name, fn, usage, summary) int fn(const struct sl_globals *g, int argc, char **argv);
SL_COMMAND_TABLE(X)
#undef X

/* Runs the command named argv[0]; prints help for unknown ones. */
int sl_cli_dispatch(const struct sl_globals *g, int argc, char **argv);
void sl_cli_help(const char *command);

#endif
