#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "i18n.h"
#include "mfa_prompt.h"

struct sl_command {
    const char *name;
    sl_cmd_fn fn;
    const char *usage;
    const char *summary;
};

static const struct sl_command sl_commands[] = {
#define X(name, fn, usage, summary) {name, fn, usage, summary},
    SL_COMMAND_TABLE(X)
#undef X
};

/* Global options take a value either as "--opt value" or "--opt=value". */
static int take_value(int *argc, char **argv, int i, const char *opt, const char **out, int *used)
{
    size_t n = strlen(opt);

    if (strncmp(argv[i], opt, n) != 0)
        return 0;
    if (argv[i][n] == '=') {
        *out = argv[i] + n + 1;
        *used = 1;
        return 1;
    }
    if (argv[i][n] != '\0')
        return 0;
    if (i + 1 >= *argc) {
        fprintf(stderr, _("slctl: %s needs a value.\n"), opt);
        return -1;
    }
    *out = argv[i + 1];
    *used = 2;
    return 1;
}

int sl_cli_parse_globals(int *argc, char **argv, struct sl_globals *g)
{
    int i = 1;

    while (i < *argc) {
        const char *v = NULL;
        int used = 0, r = 0;

        if (!strcmp(argv[i], "--")) {
            break;
        } else if ((r = take_value(argc, argv, i, "--profile", &v, &used)) != 0) {
            g->profile = v;
        } else if ((r = take_value(argc, argv, i, "--region", &v, &used)) != 0) {
            g->region = v;
        } else if ((r = take_value(argc, argv, i, "--endpoint-url", &v, &used)) != 0) {
            g->endpoint_url = v;
        } else if ((r = take_value(argc, argv, i, "--output", &v, &used)) != 0) {
            if (r > 0 && sl_output_parse(v, &g->output) < 0) {
                fprintf(stderr, _("slctl: --output must be table, json or text, not \"%s\".\n"), v);
                return -1;
            }
            g->output_set = 1;
        } else if (!strcmp(argv[i], "--debug")) {
            g->debug = used = 1;
        } else if (!strcmp(argv[i], "--readonly")) {
            g->readonly = used = 1;
        } else if (!strcmp(argv[i], "--no-color")) {
            g->no_color = used = 1;
        } else if (!strcmp(argv[i], "--demo")) {
            g->demo = used = 1;
        }
        if (r < 0)
            return -1;
        if (used) {
            memmove(&argv[i], &argv[i + used], (size_t)(*argc - i - used + 1) * sizeof(*argv));
            *argc -= used;
        } else {
            i++;
        }
    }
    return 0;
}

int sl_cli_client(const struct sl_globals *g, struct sl_client **out)
{
    struct sl_client_opts o;
    struct sl_error err;
    enum sl_err rc;

    memset(&o, 0, sizeof(o));
    sl_error_clear(&err);
    o.profile = g->profile;
    o.profile_explicit = g->profile != NULL;
    o.region = g->region;
    o.endpoint_url = g->endpoint_url;
    o.debug_fd = g->debug ? STDERR_FILENO : -1;
    o.mfa_prompt = sl_mfa_prompt_tty;
    rc = sl_client_new(&o, out, &err);
    if (rc)
        return sl_cli_fail(rc, &err);
    return 0;
}

int sl_cli_fail(enum sl_err e, const struct sl_error *err)
{
    char msg[1400];

    sl_error_format(e, err, msg, sizeof(msg));
    fprintf(stderr, "slctl: %s\n", msg);
    switch (e) {
    case SL_OK:
        return SL_EXIT_OK;
    case SL_EUSAGE:
    case SL_EINVAL:
        return SL_EXIT_USAGE;
    case SL_ENOTFOUND:
        return SL_EXIT_NOTFOUND;
    case SL_EFUNCTION:
        return SL_EXIT_FUNCTION;
    case SL_ECANCELLED:
        return SL_EXIT_INTERRUPTED;
    default:
        return SL_EXIT_AWS;
    }
}

int sl_cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fputs("slctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, _(" (see \"slctl help %s\")\n"), cmd);
    else
        fputs(_(" (see \"slctl help\")\n"), stderr);
    return SL_EXIT_USAGE;
}

void sl_cli_help(const char *command)
{
    size_t i;

    for (i = 0; command && i < sizeof(sl_commands) / sizeof(sl_commands[0]); i++) {
        if (!strcmp(command, sl_commands[i].name)) {
            printf(_("Usage: %s\n\n%s.\n"), sl_commands[i].usage, _(sl_commands[i].summary));
            return;
        }
    }
    printf("%s", _("Usage: slctl [GLOBAL OPTIONS] [COMMAND [ARGS]]\n\n"
                   "Without a command, slctl opens the console.\n\nCommands:\n"));
    for (i = 0; i < sizeof(sl_commands) / sizeof(sl_commands[0]); i++)
        printf("  %-14s %s\n", sl_commands[i].name, _(sl_commands[i].summary));
    printf("%s", _("\nGlobal options:\n"
                   "  --profile NAME        AWS profile (default: AWS_PROFILE or \"default\")\n"
                   "  --region REGION       AWS region\n"
                   "  --endpoint-url URL    send every request to URL\n"
                   "  --output FORMAT       table, json or text\n"
                   "  --readonly            refuse invoke and publish\n"
                   "  --demo                use a local emulator with a demo application\n"
                   "  --no-color            no colours (also when NO_COLOR is set)\n"
                   "  --debug               trace requests on stderr (secrets redacted)\n"
                   "  --version             print the version\n"
                   "\nExit codes: 0 success, 1 AWS or network error, 2 usage error,\n"
                   "3 function error (invoke), 4 not found, 130 interrupted.\n"));
}

int sl_cli_dispatch(const struct sl_globals *g, int argc, char **argv)
{
    size_t i;

    for (i = 0; i < sizeof(sl_commands) / sizeof(sl_commands[0]); i++)
        if (!strcmp(argv[0], sl_commands[i].name))
            return sl_commands[i].fn(g, argc, argv);
    return sl_cli_usage(NULL, _("unknown command \"%s\""), argv[0]);
}
