#include "config.h"

#include "credential_process.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "timeutil.h"

#define STDERR_KEEP 1024

void sl_credential_process_argv_free(char ***argv)
{
    char **p;

    if (!argv || !*argv)
        return;
    for (p = *argv; *p; p++)
        free(*p);
    free(*argv);
    *argv = NULL;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum sl_err sl_credential_process_split(const char *cmdline, char ***argv, struct sl_error *err)
{
    size_t len = cmdline ? strlen(cmdline) : 0, nwords = 0, i = 0, w;
    char **words = NULL, *word = NULL;
    enum sl_err rc = SL_ENOMEM;

    *argv = NULL;
    /* At most len/2 + 1 words, each at most len bytes. */
    words = calloc(len / 2 + 2, sizeof(*words));
    if (!words)
        goto out;
    while (i < len) {
        while (i < len && is_space(cmdline[i]))
            i++;
        if (i == len)
            break;
        word = malloc(len + 1);
        if (!word)
            goto out;
        w = 0;
        while (i < len && !is_space(cmdline[i])) {
            char c = cmdline[i++];
            if (c == '\'') {
                while (i < len && cmdline[i] != '\'')
                    word[w++] = cmdline[i++];
                if (i == len) {
                    rc = sl_error_set(err, SL_ECONFIG,
                                      _("The credential_process command line has a ' that is "
                                        "not closed."));
                    goto out;
                }
                i++;
            } else if (c == '"') {
                while (i < len && cmdline[i] != '"') {
                    if (cmdline[i] == '\\' && i + 1 < len &&
                        (cmdline[i + 1] == '"' || cmdline[i + 1] == '\\'))
                        i++;
                    word[w++] = cmdline[i++];
                }
                if (i == len) {
                    rc = sl_error_set(err, SL_ECONFIG,
                                      _("The credential_process command line has a \" that is "
                                        "not closed."));
                    goto out;
                }
                i++;
            } else if (c == '\\') {
                if (i == len) {
                    rc = sl_error_set(err, SL_ECONFIG,
                                      _("The credential_process command line ends with a "
                                        "backslash."));
                    goto out;
                }
                word[w++] = cmdline[i++];
            } else {
                word[w++] = c;
            }
        }
        word[w] = '\0';
        words[nwords++] = word;
        word = NULL;
    }
    if (!nwords) {
        rc = sl_error_set(err, SL_ECONFIG, _("The credential_process command line is empty."));
        goto out;
    }
    *argv = words;
    words = NULL;
    rc = SL_OK;
out:
    free(word);
    sl_credential_process_argv_free(&words);
    return rc;
}

/* ---- output ---------------------------------------------------------------------------- */

/* Overwrites every string in a parsed document before it is freed: it holds the secret. */
static void json_wipe(cJSON *n)
{
    for (; n; n = n->next) {
        if (n->valuestring)
            OPENSSL_cleanse(n->valuestring, strlen(n->valuestring));
        json_wipe(n->child);
    }
}

static const char *json_str(const cJSON *root, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);

    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

enum sl_err sl_credential_process_parse(const char *json, size_t len, const char *profile,
                                        struct sl_credentials *out, struct sl_error *err)
{
    cJSON *root = NULL;
    const cJSON *version;
    const char *ak, *sk, *token, *exp;
    long long expires = 0;
    struct sl_credentials c;
    enum sl_err rc = SL_EPARSE;

    memset(&c, 0, sizeof(c));
    memset(out, 0, sizeof(*out));
    if (!profile)
        profile = "default";
    root = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsObject(root)) {
        sl_error_set(err, rc,
                     _("The credential_process of profile \"%s\" did not print a JSON object."),
                     profile);
        goto out;
    }
    version = cJSON_GetObjectItemCaseSensitive(root, "Version");
    if (!version) {
        sl_error_set(err, rc,
                     _("The credential_process of profile \"%s\" printed no Version; only "
                       "Version 1 is supported."),
                     profile);
        goto out;
    }
    if (!cJSON_IsNumber(version)) {
        sl_error_set(err, rc,
                     _("The credential_process of profile \"%s\" printed a Version that is not "
                       "a number; only Version 1 is supported."),
                     profile);
        goto out;
    }
    if (version->valuedouble != 1.0) {
        sl_error_set(err, rc,
                     _("The credential_process of profile \"%s\" printed Version %g; only "
                       "Version 1 is supported."),
                     profile, version->valuedouble);
        goto out;
    }
    ak = json_str(root, "AccessKeyId");
    sk = json_str(root, "SecretAccessKey");
    token = json_str(root, "SessionToken");
    exp = json_str(root, "Expiration");
    if (!ak || !sk) {
        sl_error_set(err, rc, _("The credential_process of profile \"%s\" did not print %s."),
                     profile, !ak ? "AccessKeyId" : "SecretAccessKey");
        goto out;
    }
    if (exp && sl_time_parse_iso8601(exp, &expires) != 0) {
        sl_error_set(err, rc,
                     _("The credential_process of profile \"%s\" printed an Expiration that is "
                       "not an ISO 8601 time."),
                     profile);
        goto out;
    }
    rc = SL_ENOMEM;
    c.access_key_id = strdup(ak);
    c.secret_access_key = strdup(sk);
    c.session_token = token ? strdup(token) : NULL;
    c.profile = strdup(profile);
    if (!c.access_key_id || !c.secret_access_key || (token && !c.session_token) || !c.profile)
        goto out;
    c.expires_ms = expires;
    c.source = SL_CREDS_PROCESS;
    *out = c;
    memset(&c, 0, sizeof(c));
    rc = SL_OK;
out:
    sl_credentials_clear(&c);
    if (root) {
        json_wipe(root);
        cJSON_Delete(root);
    }
    return rc;
}

/* ---- running --------------------------------------------------------------------------- */

static long long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* In the child: stdout and stderr to the pipes, default signals, exec; on failure the
 * errno goes up the status pipe. Only async-signal-safe calls. */
static void child_exec(char **argv, int out_fd, int err_fd, int status_fd)
{
    struct sigaction sa;
    sigset_t none;
    int e, sig;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    for (sig = 1; sig < 32; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP)
            sigaction(sig, &sa, NULL);
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0) {
        e = errno;
        goto fail;
    }
    execvp(argv[0], argv);
    e = errno;
fail:
    if (write(status_fd, &e, sizeof(e)) < 0) {
        /* nothing more can be done */
    }
    _exit(127);
}

/* The first line of what the process wrote to stderr, made safe for a terminal. */
static void first_line(char *out, size_t outlen, const char *s, size_t n)
{
    size_t i = 0, j = 0;

    while (i < n && is_space(s[i]))
        i++;
    for (; i < n && s[i] != '\n' && s[i] != '\r' && j + 4 < outlen && j < 300; i++)
        out[j++] = ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f) ? s[i] : '?';
    out[j] = '\0';
}

static void wait_child(pid_t pid, int *status)
{
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
}

enum sl_err sl_credential_process_run(const char *cmdline, const char *profile, long timeout_ms,
                                      struct sl_credentials *out, struct sl_error *err)
{
    char **argv = NULL;
    int outp[2] = {-1, -1}, errp[2] = {-1, -1}, statp[2] = {-1, -1};
    pid_t pid = -1;
    struct sl_buf sout;
    char serr[STDERR_KEEP], line[512], chunk[4096];
    size_t serr_len = 0;
    long long deadline;
    int status = 0, child_errno = 0, reaped = 0;
    ssize_t n;
    enum sl_err rc;

    memset(out, 0, sizeof(*out));
    sl_buf_init(&sout, SL_CREDENTIAL_PROCESS_MAX_OUTPUT);
    if (!profile)
        profile = "default";
    if (timeout_ms <= 0)
        timeout_ms = SL_CREDENTIAL_PROCESS_TIMEOUT_MS;
    rc = sl_credential_process_split(cmdline, &argv, err);
    if (rc)
        goto out;
    if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0 || pipe2(statp, O_CLOEXEC) < 0) {
        rc = sl_error_set(err, SL_EIO,
                          _("The credential_process of profile \"%s\" could not be started: %s."),
                          profile, strerror(errno));
        goto out;
    }
    deadline = mono_ms() + timeout_ms;
    pid = fork();
    if (pid < 0) {
        rc = sl_error_set(err, SL_EIO,
                          _("The credential_process of profile \"%s\" could not be started: %s."),
                          profile, strerror(errno));
        goto out;
    }
    if (pid == 0)
        child_exec(argv, outp[1], errp[1], statp[1]);
    close_fd(&outp[1]);
    close_fd(&errp[1]);
    close_fd(&statp[1]);
    /* The status pipe closes on a successful exec, or carries the errno of a failed one. */
    do {
        n = read(statp[0], &child_errno, sizeof(child_errno));
    } while (n < 0 && errno == EINTR);
    if (n == (ssize_t)sizeof(child_errno)) {
        wait_child(pid, &status);
        reaped = 1;
        rc = sl_error_set(err, SL_ECONFIG,
                          _("The credential_process of profile \"%s\" could not run \"%s\": %s."),
                          profile, argv[0], strerror(child_errno));
        goto out;
    }
    rc = SL_OK;
    while (outp[0] >= 0 || errp[0] >= 0) {
        struct pollfd fds[2];
        nfds_t nfds = 0;
        long long left = deadline - mono_ms();
        int pr, i;

        if (left <= 0) {
            rc = SL_ETIMEOUT;
            break;
        }
        if (outp[0] >= 0)
            fds[nfds++] = (struct pollfd){.fd = outp[0], .events = POLLIN};
        if (errp[0] >= 0)
            fds[nfds++] = (struct pollfd){.fd = errp[0], .events = POLLIN};
        pr = poll(fds, nfds, left > 1000 ? 1000 : (int)left);
        if (pr < 0 && errno != EINTR) {
            rc = sl_error_set(err, SL_EIO,
                              _("Reading from the credential_process of profile \"%s\" failed: "
                                "%s."),
                              profile, strerror(errno));
            break;
        }
        for (i = 0; pr > 0 && i < (int)nfds; i++) {
            if (!fds[i].revents)
                continue;
            n = read(fds[i].fd, chunk, sizeof(chunk));
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0) {
                close_fd(fds[i].fd == outp[0] ? &outp[0] : &errp[0]);
                continue;
            }
            if (fds[i].fd == outp[0]) {
                rc = sl_buf_append(&sout, chunk, (size_t)n);
                if (rc)
                    break;
            } else if (serr_len < sizeof(serr)) {
                size_t take =
                    (size_t)n < sizeof(serr) - serr_len ? (size_t)n : sizeof(serr) - serr_len;
                memcpy(serr + serr_len, chunk, take);
                serr_len += take;
            }
        }
        if (rc)
            break;
    }
    /* Both pipes are closed (or we gave up): wait for the exit within what is left. */
    while (!rc && !reaped) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            reaped = 1;
        } else if (r < 0 && errno != EINTR) {
            rc = sl_error_set(err, SL_EIO,
                              _("Waiting for the credential_process of profile \"%s\" failed: "
                                "%s."),
                              profile, strerror(errno));
        } else if (mono_ms() >= deadline) {
            rc = SL_ETIMEOUT;
        } else {
            struct timespec ts = {0, 10 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    }
    if (!reaped) {
        kill(pid, SIGKILL);
        wait_child(pid, &status);
        reaped = 1;
    }
    if (rc == SL_ETIMEOUT) {
        char limit[32];
        if (timeout_ms % 1000)
            snprintf(limit, sizeof(limit), "%ld ms", timeout_ms);
        else
            snprintf(limit, sizeof(limit), "%ld s", timeout_ms / 1000);
        rc = sl_error_set(err, rc,
                          _("The credential_process of profile \"%s\" did not finish within its "
                            "time limit of %s and was stopped."),
                          profile, limit);
        goto out;
    }
    if (rc == SL_ETOOBIG) {
        rc = sl_error_set(err, rc,
                          _("The credential_process of profile \"%s\" printed more than %zu "
                            "bytes."),
                          profile, SL_CREDENTIAL_PROCESS_MAX_OUTPUT);
        goto out;
    }
    if (rc)
        goto out;
    first_line(line, sizeof(line), serr, serr_len);
    if (WIFSIGNALED(status)) {
        rc = sl_error_set(err, SL_ENOCREDS,
                          _("The credential_process of profile \"%s\" was killed by signal %d."),
                          profile, WTERMSIG(status));
        goto out;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (line[0])
            rc = sl_error_set(err, SL_ENOCREDS,
                              _("The credential_process of profile \"%s\" failed with exit code "
                                "%d: %s"),
                              profile, WEXITSTATUS(status), line);
        else
            rc = sl_error_set(err, SL_ENOCREDS,
                              _("The credential_process of profile \"%s\" failed with exit code "
                                "%d."),
                              profile, WEXITSTATUS(status));
        goto out;
    }
    rc = sl_credential_process_parse(sl_buf_str(&sout), sout.len, profile, out, err);
out:
    if (pid > 0 && !reaped) {
        kill(pid, SIGKILL);
        wait_child(pid, &status);
    }
    close_fd(&outp[0]);
    close_fd(&outp[1]);
    close_fd(&errp[0]);
    close_fd(&errp[1]);
    close_fd(&statp[0]);
    close_fd(&statp[1]);
    if (sout.data)
        OPENSSL_cleanse(sout.data, sout.cap);
    sl_buf_free(&sout);
    sl_credential_process_argv_free(&argv);
    return rc;
}
