#include "config.h"

#include "demo.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli.h"
#include "i18n.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR ""
#endif
#ifndef PKGDATADIR
#define PKGDATADIR ""
#endif

extern char **environ;

static volatile pid_t sl_demo_pid;
static char sl_demo_dir[512];
static char sl_demo_port_file[600];
static char sl_demo_port_tmp[600];
static char sl_demo_log[600];
static char sl_demo_endpoint[64];

static const int sl_demo_signals[] = {SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV,
                                      SIGABRT, SIGBUS, SIGFPE, SIGILL};
#define SL_DEMO_NSIG (sizeof(sl_demo_signals) / sizeof(sl_demo_signals[0]))
static struct sigaction sl_demo_old[SL_DEMO_NSIG];
static int sl_demo_set[SL_DEMO_NSIG];

const char *sl_demo_url(void)
{
    return sl_demo_endpoint;
}

const char *sl_demo_find_emulator(const char *const *dirs, size_t n)
{
    char path[4096];
    size_t i;
    struct stat st;

    for (i = 0; i < n; i++) {
        if (!dirs[i] || !dirs[i][0])
            continue;
        if (snprintf(path, sizeof(path), "%s/slemu/__main__.py", dirs[i]) >= (int)sizeof(path))
            continue;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            return dirs[i];
    }
    return NULL;
}

/* Only async-signal-safe calls: stop the emulator, drop its files, then let the signal go on
 * (to the handler that was there before, or the default). */
static void demo_signal(int sig)
{
    pid_t pid = sl_demo_pid;
    size_t i;

    if (pid > 0)
        kill(pid, SIGTERM);
    if (sl_demo_dir[0]) {
        unlink(sl_demo_port_file);
        unlink(sl_demo_log);
        rmdir(sl_demo_dir);
    }
    for (i = 0; i < SL_DEMO_NSIG; i++) {
        if (sl_demo_signals[i] == sig && sl_demo_set[i]) {
            sigaction(sig, &sl_demo_old[i], NULL);
            sl_demo_set[i] = 0;
        }
    }
    raise(sig);
}

static void demo_signals_install(void)
{
    struct sigaction sa;
    size_t i;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = demo_signal;
    for (i = 0; i < SL_DEMO_NSIG; i++) {
        struct sigaction old;

        if (sigaction(sl_demo_signals[i], NULL, &old) < 0 || old.sa_handler == SIG_IGN)
            continue;
        sl_demo_old[i] = old;
        if (sigaction(sl_demo_signals[i], &sa, NULL) == 0)
            sl_demo_set[i] = 1;
    }
}

static void demo_signals_restore(void)
{
    size_t i;

    for (i = 0; i < SL_DEMO_NSIG; i++) {
        if (sl_demo_set[i])
            sigaction(sl_demo_signals[i], &sl_demo_old[i], NULL);
        sl_demo_set[i] = 0;
    }
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

void sl_demo_stop(void)
{
    pid_t pid = sl_demo_pid;
    int i, status;

    if (pid > 0) {
        kill(pid, SIGTERM);
        for (i = 0; i < 150; i++) {
            pid_t r = waitpid(pid, &status, WNOHANG);
            if (r == pid || (r < 0 && errno != EINTR))
                break;
            sleep_ms(20);
        }
        if (i == 150) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
        }
        sl_demo_pid = 0;
    }
    if (sl_demo_dir[0]) {
        unlink(sl_demo_port_file);
        unlink(sl_demo_port_tmp);
        unlink(sl_demo_log);
        rmdir(sl_demo_dir);
        sl_demo_dir[0] = '\0';
    }
    demo_signals_restore();
}

/* The last line of the emulator's log, for the sentence when it does not start. */
static void log_tail(char *out, size_t len)
{
    FILE *f = fopen(sl_demo_log, "r");
    char line[512];

    out[0] = '\0';
    if (!f)
        return;
    while (fgets(line, sizeof(line), f)) {
        size_t n = strlen(line);
        size_t i;

        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        for (i = 0; i < n; i++)
            if ((unsigned char)line[i] < 0x20 || line[i] == 0x7F)
                line[i] = '?';
        if (n)
            snprintf(out, len, "%s", line);
    }
    fclose(f);
}

static void child_exec(const char *emu_dir, pid_t parent)
{
    const char *python = getenv("PYTHON3");
    int fd;

    demo_signals_restore();
    setpgid(0, 0);
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
    if (getppid() != parent)
        _exit(1);
    fd = open("/dev/null", O_RDWR);
    if (fd >= 0) {
        dup2(fd, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        if (fd > STDERR_FILENO)
            close(fd);
    }
    fd = open(sl_demo_log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        dup2(fd, STDERR_FILENO);
        if (fd > STDERR_FILENO)
            close(fd);
    }
    setenv("PYTHONPATH", emu_dir, 1);
    setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
    if (!python || !python[0])
        python = "python3";
    execlp(python, python, "-m", "slemu", "--demo", "--port", "0", "--port-file", sl_demo_port_file,
           (char *)NULL);
    fprintf(stderr, _("cannot run %s: %s\n"), python, strerror(errno));
    _exit(127);
}

/* Waits for the port file; returns the port, or 0 after printing why. */
static long wait_port(void)
{
    char buf[32], tail[512];
    int waited, status;

    for (waited = 0; waited < SL_DEMO_WAIT_MS; waited += 20) {
        FILE *f;
        pid_t r = waitpid(sl_demo_pid, &status, WNOHANG);

        if (r == sl_demo_pid) {
            sl_demo_pid = 0;
            log_tail(tail, sizeof(tail));
            if (tail[0])
                fprintf(stderr, _("slctl: the demo emulator did not start: %s\n"), tail);
            else
                fprintf(stderr, "%s\n", _("slctl: the demo emulator did not start."));
            return 0;
        }
        f = fopen(sl_demo_port_file, "r");
        if (f) {
            size_t n = fread(buf, 1, sizeof(buf) - 1, f);
            char *end;
            long port;

            fclose(f);
            buf[n] = '\0';
            port = strtol(buf, &end, 10);
            if (n && end != buf && port > 0 && port < 65536)
                return port;
        }
        sleep_ms(20);
    }
    fprintf(stderr, _("slctl: the demo emulator did not start within %d seconds.\n"),
            SL_DEMO_WAIT_MS / 1000);
    return 0;
}

/* The session talks to the emulator only: nothing of the person's AWS setup leaks in. */
static void demo_environment(void)
{
    char name[256];
    size_t i;
    int again = 1;

    while (again) {
        again = 0;
        for (i = 0; environ && environ[i]; i++) {
            const char *eq = strchr(environ[i], '=');
            size_t n = eq ? (size_t)(eq - environ[i]) : 0;

            if (n && n < sizeof(name) && !strncmp(environ[i], "AWS_", 4)) {
                memcpy(name, environ[i], n);
                name[n] = '\0';
                unsetenv(name);
                again = 1; /* environ changed under us: start over */
                break;
            }
        }
    }
    setenv("AWS_ENDPOINT_URL", sl_demo_endpoint, 1);
    setenv("AWS_ACCESS_KEY_ID", SL_DEMO_ACCESS_KEY, 1);
    setenv("AWS_SECRET_ACCESS_KEY", SL_DEMO_SECRET_KEY, 1);
    setenv("AWS_REGION", SL_DEMO_REGION, 1);
    setenv("AWS_DEFAULT_REGION", SL_DEMO_REGION, 1);
    setenv("AWS_CONFIG_FILE", "/dev/null", 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null", 1);
}

int sl_demo_start(struct sl_globals *g)
{
    static int atexit_done;
    const char *dirs[3];
    const char *emu, *tmp = getenv("TMPDIR");
    pid_t parent = getpid(), pid;
    long port;

    if (sl_demo_pid > 0)
        return 0;
    dirs[0] = getenv("SLCTL_EMULATOR_DIR");
    dirs[1] = ABS_TOP_SRCDIR[0] ? ABS_TOP_SRCDIR "/tests/emulator" : NULL;
    dirs[2] = PKGDATADIR[0] ? PKGDATADIR "/emulator" : NULL;
    emu = sl_demo_find_emulator(dirs, 3);
    if (!emu) {
        fprintf(stderr, _("slctl: --demo needs the emulator, which is neither in %s nor in %s.\n"),
                ABS_TOP_SRCDIR "/tests/emulator", PKGDATADIR "/emulator");
        return SL_EXIT_AWS;
    }
    if (!tmp || tmp[0] != '/')
        tmp = "/tmp";
    snprintf(sl_demo_dir, sizeof(sl_demo_dir), "%s/slctl-demo.XXXXXX", tmp);
    if (!mkdtemp(sl_demo_dir)) {
        fprintf(stderr, _("slctl: cannot make a directory for the demo emulator in %s: %s.\n"), tmp,
                strerror(errno));
        sl_demo_dir[0] = '\0';
        return SL_EXIT_AWS;
    }
    snprintf(sl_demo_port_file, sizeof(sl_demo_port_file), "%s/port", sl_demo_dir);
    snprintf(sl_demo_port_tmp, sizeof(sl_demo_port_tmp), "%s/port.tmp", sl_demo_dir);
    snprintf(sl_demo_log, sizeof(sl_demo_log), "%s/emulator.log", sl_demo_dir);
    if (!atexit_done && atexit(sl_demo_stop) == 0)
        atexit_done = 1;
    demo_signals_install();
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, _("slctl: cannot start the demo emulator: %s.\n"), strerror(errno));
        sl_demo_stop();
        return SL_EXIT_AWS;
    }
    if (pid == 0)
        child_exec(emu, parent);
    sl_demo_pid = pid;
    port = wait_port();
    if (!port) {
        sl_demo_stop();
        return SL_EXIT_AWS;
    }
    snprintf(sl_demo_endpoint, sizeof(sl_demo_endpoint), "http://127.0.0.1:%ld", port);
    demo_environment();
    g->profile = NULL;
    g->region = SL_DEMO_REGION;
    g->endpoint_url = sl_demo_endpoint;
    return 0;
}
