/* slctl whoami: which account, identity, profile and region a command would use. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "client.h"
#include "i18n.h"
#include "output.h"
#include "sts.h"

static const struct sl_column whoami_cols[] = {
    {"Account", SL_COL_STRING}, {"Arn", SL_COL_STRING},    {"UserId", SL_COL_STRING},
    {"Profile", SL_COL_STRING}, {"Region", SL_COL_STRING}, {"CredentialSource", SL_COL_STRING},
};

int sl_cmd_whoami(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_client *c = NULL;
    struct sl_caller_identity id;
    const struct sl_credentials *creds;
    struct sl_error err;
    struct sl_rows rows;
    enum sl_err rc;
    const char *values[6];
    int ex;

    if (argc > 1)
        return sl_cli_usage("whoami", _("whoami takes no arguments, not \"%s\""), argv[1]);
    ex = sl_cli_client(g, &c);
    if (ex)
        return ex;
    sl_error_clear(&err);
    rc = sl_client_credentials(c, &creds, &err);
    if (!rc)
        rc = sl_sts_get_caller_identity(c, &id, &err);
    if (rc) {
        ex = sl_cli_fail(rc, &err);
        sl_client_free(&c);
        return ex;
    }
    values[0] = id.account;
    values[1] = id.arn;
    values[2] = id.user_id;
    values[3] = creds->source == SL_CREDS_ENV ? NULL : sl_client_profile(c);
    values[4] = sl_client_region(c);
    values[5] = sl_creds_source_name(creds->source);
    sl_rows_init(&rows, whoami_cols, 6);
    if (sl_rows_add(&rows, values) == 0)
        sl_output_write(stdout, g->output_set ? g->output : SL_OUT_TABLE, &rows, NULL,
                        sl_output_width());
    sl_rows_free(&rows);
    sl_client_free(&c);
    return SL_EXIT_OK;
}
