#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "transport.h"

int main(int argc, char **argv)
{
    struct sl_globals g;
    int rc;

    setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
    bindtextdomain(PACKAGE, LOCALEDIR);
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
    if (argc < 2) {
        sl_cli_help(NULL);
        return SL_EXIT_OK;
    }
    if (argv[1][0] == '-')
        return sl_cli_usage(NULL, _("unknown option \"%s\""), argv[1]);
    sl_transport_global_init();
    rc = sl_cli_dispatch(&g, argc - 1, argv + 1);
    sl_transport_global_cleanup();
    return rc;
}
