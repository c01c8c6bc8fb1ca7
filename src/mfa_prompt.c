#include "mfa_prompt.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

static int read_code(FILE *in, char *code, size_t len)
{
    size_t n;

    if (!fgets(code, (int)len, in))
        return -1;
    n = strcspn(code, "\r\n");
    code[n] = '\0';
    return n ? 0 : -1;
}

enum sl_err sl_mfa_prompt_tty(void *ud, const char *mfa_serial, char *code, size_t len)
{
    FILE *tty = fopen("/dev/tty", "r+");
    int r;

    (void)ud;
    if (tty) {
        fprintf(tty, _("MFA code for %s: "), mfa_serial);
        fflush(tty);
        r = read_code(tty, code, len);
        fclose(tty);
        return r ? SL_ECANCELLED : SL_OK;
    }
    if (!isatty(STDIN_FILENO) && read_code(stdin, code, len) == 0)
        return SL_OK;
    return SL_ECANCELLED;
}
