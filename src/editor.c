#include "editor.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"
#include "i18n.h"

const char *sl_editor_command(void)
{
    const char *e = getenv("VISUAL");

    if (!e || !*e)
        e = getenv("EDITOR");
    if (!e || !*e)
        e = "vi";
    return e;
}

int sl_editor_run(const char *editor, const char *path)
{
    struct sigaction ign, old_int, old_quit;
    char script[1024];
    pid_t pid;
    int status = 0, rc = -1;

    snprintf(script, sizeof(script), "%s \"$@\"", editor);
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGQUIT, &ign, &old_quit);
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
        _exit(127);
    }
    if (pid > 0) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (WIFEXITED(status))
            rc = WEXITSTATUS(status);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    return rc;
}

enum sl_err sl_editor_edit_text(const char *editor, const char *name, const char *text, size_t len,
                                char **out, size_t *out_len, struct sl_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], file[4200];
    enum sl_err rc;
    int fd, status, too_big = 0;

    *out = NULL;
    *out_len = 0;
    if (!tmp || !*tmp)
        tmp = "/tmp";
    snprintf(dir, sizeof(dir), "%s/slctl-edit-XXXXXX", tmp);
    if (!mkdtemp(dir))
        return sl_error_set(err, SL_EIO, _("Cannot create a temporary folder in %s: %s."), tmp,
                            strerror(errno));
    /* the name only helps the editor pick JSON highlighting: keep it a plain file name */
    snprintf(file, sizeof(file), "%s/%s.json", dir,
             name && *name && !strchr(name, '/') && name[0] != '.' ? name : "event");
    rc = sl_events_write_file(file, text, len, err);
    if (rc)
        goto out;
    status = sl_editor_run(editor, file);
    if (status != 0) {
        if (status < 0)
            rc = sl_error_set(err, SL_EIO, _("The editor \"%s\" did not finish normally."), editor);
        else
            rc = sl_error_set(err, SL_EIO, _("The editor \"%s\" exited with status %d."), editor,
                              status);
        goto out;
    }
    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), file, strerror(errno));
        goto out;
    }
    rc = sl_events_read_fd(fd, SL_EVENT_MAX_SIZE, out, out_len, &too_big);
    status = errno;
    close(fd);
    errno = status;
    if (rc == SL_ETOOBIG)
        sl_error_set(err, rc, _("%s is larger than %zu bytes (6 MB)."), file, SL_EVENT_MAX_SIZE);
    else if (rc == SL_EIO)
        sl_error_set(err, rc, _("Cannot read %s: %s."), file, strerror(errno));
out:
    unlink(file);
    rmdir(dir);
    return rc;
}
