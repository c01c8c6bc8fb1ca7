#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli.h"
#include "demo.h"
#include "i18n.h"
#include "settings.h"
#include "transport.h"

int main(int argc, char **argv)
{
    struct sl_globals g;
    struct sl_settings *settings = NULL;
    struct sl_error warning;
    int rc;

    setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
    /* SLCTL_LOCALEDIR: catalogues from another tree (tests use uninstalled translations). */
    {
        const char *dir = getenv("SLCTL_LOCALEDIR");

        bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
    }
    textdomain(PACKAGE);
#endif
    memset(&g, 0, sizeof(g));
    if (sl_cli_parse_globals(&argc, argv, &g) < 0)
        return SL_EXIT_USAGE;
    if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))) {
        printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return SL_EXIT_OK;
    }
    if (argc >= 2 &&
        (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        sl_cli_help(argc >= 3 ? argv[2] : NULL);
        return SL_EXIT_OK;
    }
    if (argc >= 2 && argv[1][0] == '-')
        return sl_cli_usage(NULL, _("unknown option \"%s\""), argv[1]);
    sl_error_clear(&warning);
    if (sl_settings_load(NULL, &settings, &warning) != SL_OK && warning.message[0])
        fprintf(stderr, _("slctl: warning: %s; the default settings are used.\n"), warning.message);
    sl_settings_apply(settings, &g);
    if (g.demo && (rc = sl_demo_start(&g)) != 0) {
        sl_settings_free(&settings);
        return rc;
    }
    sl_transport_global_init();
    if (argc < 2)
        rc = sl_console_run(&g); /* no command: the console */
    else
        rc = sl_cli_dispatch(&g, argc - 1, argv + 1);
    sl_transport_global_cleanup();
    sl_demo_stop();
    sl_settings_free(&settings);
    return rc;
}
