/* slctl events: saved test events (list, show, save, edit, rm) and sample events of the
 * services that trigger functions (generate). The store itself is events.c. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "editor.h"
#include "event_templates.h"
#include "events.h"
#include "i18n.h"
#include "output.h"

#define EVENTS_USAGE                                                                               \
    "slctl events list [FUNCTION] | show FUNCTION NAME | save FUNCTION NAME [--from FILE|-] "      \
    "[--force] | edit FUNCTION NAME | rm FUNCTION NAME | generate TYPE [OPTIONS]"

static int events_fail(enum sl_err rc, const struct sl_error *err)
{
    /* Bad names and files are the user's input: exit 2, not 1. */
    if (rc == SL_EINVAL || rc == SL_EPARSE || rc == SL_ETOOBIG)
        return sl_cli_fail(SL_EUSAGE, err);
    return sl_cli_fail(rc, err);
}

static int need_args(const char *sub, int argc, int want, const char *what)
{
    if (argc - 1 < want)
        return sl_cli_usage("events", _("events %s needs %s"), sub, what);
    return 0;
}

/* ---- list ------------------------------------------------------------------------------ */

static const struct sl_column event_cols[] = {
    {"Function", SL_COL_STRING},
    {"Name", SL_COL_STRING},
    {"Source", SL_COL_STRING},
    {"Path", SL_COL_STRING},
};

static int events_list(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref *v = NULL;
    struct sl_error err;
    struct sl_rows rows;
    enum sl_output_format fmt = g->output_set ? g->output : SL_OUT_TABLE;
    size_t n = 0, i;
    enum sl_err rc;
    int ex = SL_EXIT_OK;

    if (argc > 2)
        return sl_cli_usage("events", _("unexpected argument \"%s\""), argv[2]);
    sl_error_clear(&err);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_list(&dirs, argc > 1 ? argv[1] : NULL, &v, &n, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    if (!n && fmt == SL_OUT_TABLE) {
        if (argc > 1)
            fprintf(stderr, _("There are no saved events for %s.\n"), argv[1]);
        else
            fprintf(stderr, "%s\n", _("There are no saved events."));
        goto out;
    }
    sl_rows_init(&rows, event_cols, 4);
    for (i = 0; i < n; i++) {
        const char *values[4];

        values[0] = v[i].function;
        values[1] = v[i].name;
        values[2] = v[i].source == SL_EVENT_SAVED ? "saved" : "project";
        values[3] = v[i].path;
        if (sl_rows_add(&rows, values) < 0) {
            sl_rows_free(&rows);
            ex = sl_cli_fail(SL_ENOMEM, NULL);
            goto out;
        }
    }
    sl_output_write(stdout, fmt, &rows, "Events", sl_output_width());
    sl_rows_free(&rows);
out:
    sl_event_refs_free(&v, n);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- show ------------------------------------------------------------------------------ */

static int read_file_raw(const char *path, char **out, size_t *len, struct sl_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), too_big = 0;
    enum sl_err rc;

    if (fd < 0) {
        sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
        return SL_EIO;
    }
    rc = sl_events_read_fd(fd, SL_EVENT_MAX_SIZE, out, len, &too_big);
    if (rc == SL_EIO)
        sl_error_set(err, SL_EIO, _("Cannot read %s: %s."), path, strerror(errno));
    else if (rc == SL_ETOOBIG)
        sl_error_set(err, SL_ETOOBIG, _("%s is larger than %zu bytes (6 MB)."), path,
                     SL_EVENT_MAX_SIZE);
    close(fd);
    return rc;
}

static int events_show(int argc, char **argv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref ref;
    struct sl_error err;
    char *text = NULL;
    size_t len = 0;
    enum sl_err rc;
    int ex = need_args("show", argc, 2, _("a function and an event name"));

    if (ex)
        return ex;
    if (argc > 3)
        return sl_cli_usage("events", _("unexpected argument \"%s\""), argv[3]);
    memset(&ref, 0, sizeof(ref));
    sl_error_clear(&err);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_find(&dirs, argv[1], argv[2], &ref, &err);
    if (!rc)
        rc = read_file_raw(ref.path, &text, &len, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    fwrite(text, 1, len, stdout);
    if (len && text[len - 1] != '\n')
        fputc('\n', stdout);
out:
    free(text);
    sl_event_ref_clear(&ref);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- save ------------------------------------------------------------------------------ */

static int events_save(int argc, char **argv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_error err;
    const char *from = NULL, *label;
    char *text = NULL, *path = NULL;
    size_t len = 0;
    int fd = -1, too_big = 0, force = 0, i, ex;
    enum sl_err rc;

    ex = need_args("save", argc, 2, _("a function and an event name"));
    if (ex)
        return ex;
    for (i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--from") && i + 1 < argc && !from)
            from = argv[++i];
        else if (!strncmp(argv[i], "--from=", 7) && !from)
            from = argv[i] + 7;
        else if (!strcmp(argv[i], "--force"))
            force = 1;
        else if (!strcmp(argv[i], "-") && !from)
            from = "-";
        else if (!strcmp(argv[i], "--from"))
            return sl_cli_usage("events", "%s", _("--from needs a file name or -"));
        else
            return sl_cli_usage("events", _("unexpected argument \"%s\""), argv[i]);
    }
    if (from && !*from)
        return sl_cli_usage("events", "%s", _("--from needs a file name or -"));
    sl_error_clear(&err);
    /* Check the names before waiting on standard input. */
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_store_path(&dirs, argv[1], argv[2], &path, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    free(path);
    path = NULL;
    if (!from || !strcmp(from, "-")) {
        label = _("standard input");
        if (isatty(STDIN_FILENO))
            fprintf(stderr, "%s\n", _("Reading the event from standard input (Ctrl-D to end)."));
    } else {
        label = from;
        fd = open(from, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            sl_error_set(&err, SL_EIO, _("Cannot read %s: %s."), from, strerror(errno));
            ex = sl_cli_fail(SL_EUSAGE, &err);
            goto out;
        }
    }
    rc = sl_events_read_fd(fd >= 0 ? fd : STDIN_FILENO, SL_EVENT_MAX_SIZE, &text, &len, &too_big);
    if (rc == SL_ETOOBIG)
        sl_error_set(&err, rc, _("%s is larger than %zu bytes (6 MB); nothing was saved."), label,
                     SL_EVENT_MAX_SIZE);
    else if (rc == SL_EIO)
        sl_error_set(&err, rc, _("Cannot read %s: %s."), label, strerror(errno));
    if (!rc)
        rc = sl_events_check_text(text, len, label, &err);
    if (!rc)
        rc = sl_events_save(&dirs, argv[1], argv[2], text, len, force, &path, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    fprintf(stderr, _("Saved the event \"%s\" in %s.\n"), argv[2], path);
out:
    if (fd >= 0)
        close(fd);
    free(text);
    free(path);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- rm -------------------------------------------------------------------------------- */

static int events_rm(int argc, char **argv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref ref;
    struct sl_error err;
    enum sl_err rc;
    int ex = need_args("rm", argc, 2, _("a function and an event name"));

    if (ex)
        return ex;
    if (argc > 3)
        return sl_cli_usage("events", _("unexpected argument \"%s\""), argv[3]);
    memset(&ref, 0, sizeof(ref));
    sl_error_clear(&err);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_remove(&dirs, argv[1], argv[2], &err);
    if (rc == SL_ENOTFOUND && sl_events_find(&dirs, argv[1], argv[2], &ref, NULL) == SL_OK &&
        ref.source == SL_EVENT_PROJECT) {
        sl_error_set(&err, SL_EUSAGE,
                     _("The event \"%s\" belongs to the project (%s); slctl removes only the "
                       "events it saved."),
                     argv[2], ref.path);
        rc = SL_EUSAGE;
    }
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    fprintf(stderr, _("Removed the event \"%s\".\n"), argv[2]);
out:
    sl_event_ref_clear(&ref);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- edit ------------------------------------------------------------------------------ */

static int only_blank(const char *s, size_t len)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 0;
    return 1;
}

static int events_edit(int argc, char **argv)
{
    struct sl_events_dirs dirs = {NULL, NULL};
    struct sl_event_ref ref;
    struct sl_error err;
    const char *editor = sl_editor_command();
    char tmpdir[4096], tmpfile[4200];
    char *target = NULL, *old = NULL, *text = NULL;
    size_t old_len = 0, len = 0;
    const char *tmp = getenv("TMPDIR");
    int ex = need_args("edit", argc, 2, _("a function and an event name")), status, keep = 0;
    enum sl_err rc;

    if (ex)
        return ex;
    if (argc > 3)
        return sl_cli_usage("events", _("unexpected argument \"%s\""), argv[3]);
    memset(&ref, 0, sizeof(ref));
    tmpdir[0] = tmpfile[0] = '\0';
    sl_error_clear(&err);
    rc = sl_events_dirs_default(&dirs);
    if (!rc)
        rc = sl_events_store_path(&dirs, argv[1], argv[2], &target, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    /* An existing event is edited where it is (the store or the project); a new one is
     * created in the store. */
    rc = sl_events_find(&dirs, argv[1], argv[2], &ref, NULL);
    if (!rc) {
        free(target);
        target = ref.path;
        ref.path = NULL;
        rc = read_file_raw(target, &old, &old_len, &err);
        if (rc) {
            ex = events_fail(rc, &err);
            goto out;
        }
    }
    snprintf(tmpdir, sizeof(tmpdir), "%s/slctl-edit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir)) {
        sl_error_set(&err, SL_EIO, _("Cannot create a temporary folder in %s: %s."),
                     tmp && *tmp ? tmp : "/tmp", strerror(errno));
        tmpdir[0] = '\0';
        ex = sl_cli_fail(SL_EIO, &err);
        goto out;
    }
    snprintf(tmpfile, sizeof(tmpfile), "%s/%s.json", tmpdir, argv[2]);
    rc = sl_events_write_file(tmpfile, old ? old : "{\n}\n", old ? old_len : 3, &err);
    if (rc) {
        ex = sl_cli_fail(rc, &err);
        goto out;
    }
    status = sl_editor_run(editor, tmpfile);
    if (status != 0) {
        if (status < 0)
            sl_error_set(&err, SL_EIO,
                         _("The editor \"%s\" did not finish normally; nothing "
                           "was saved."),
                         editor);
        else
            sl_error_set(&err, SL_EIO,
                         _("The editor \"%s\" exited with status %d; nothing was "
                           "saved."),
                         editor, status);
        ex = sl_cli_fail(SL_EIO, &err);
        goto out;
    }
    rc = read_file_raw(tmpfile, &text, &len, &err);
    if (rc) {
        ex = events_fail(rc, &err);
        goto out;
    }
    if (old && len == old_len && !memcmp(text, old, len)) {
        fprintf(stderr, _("No changes; %s is left as it was.\n"), target);
        goto out;
    }
    if (only_blank(text, len)) {
        sl_error_set(&err, SL_EUSAGE, "%s", _("The edited event is empty; nothing was saved."));
        ex = sl_cli_fail(SL_EUSAGE, &err);
        goto out;
    }
    rc = sl_events_check_text(text, len, tmpfile, &err);
    if (rc) {
        char msg[sizeof(err.message)];

        /* Keep the edit so the work is not lost; the old file stays as it was. */
        keep = 1;
        snprintf(msg, sizeof(msg), "%s", err.message);
        if (old)
            sl_error_set(&err, rc,
                         _("Not saved: %s; %s is unchanged and your edit is kept in "
                           "%s."),
                         msg, target, tmpfile);
        else
            sl_error_set(&err, rc, _("Not saved: %s; your edit is kept in %s."), msg, tmpfile);
        ex = events_fail(rc, &err);
        goto out;
    }
    rc = sl_events_write_file(target, text, len, &err);
    if (rc) {
        keep = 1;
        ex = sl_cli_fail(rc, &err);
        goto out;
    }
    fprintf(stderr, _("Saved the event \"%s\" in %s.\n"), argv[2], target);
out:
    if (!keep && tmpfile[0])
        unlink(tmpfile);
    if (!keep && tmpdir[0])
        rmdir(tmpdir);
    free(old);
    free(text);
    free(target);
    sl_event_ref_clear(&ref);
    sl_events_dirs_free(&dirs);
    return ex;
}

/* ---- generate -------------------------------------------------------------------------- */

#define GEN_MAX_PAIRS 32

static int events_generate(const struct sl_globals *g, int argc, char **argv)
{
    struct sl_event_template_opts o;
    const char *path_params[GEN_MAX_PAIRS], *query[GEN_MAX_PAIRS], *headers[GEN_MAX_PAIRS];
    enum sl_event_type type;
    struct sl_error err;
    char *out = NULL;
    enum sl_err rc;
    int i;

    if (argc < 2)
        return sl_cli_usage("events", _("events generate needs a type: %s"), sl_event_type_names());
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        printf(_("Usage: slctl events generate TYPE [OPTIONS]\n\n"
                 "Prints a sample event to standard output. Types: %s.\n\n"
                 "API Gateway:  --method M  --path /P  --body TEXT  --stage S\n"
                 "              --path-param NAME=VALUE  --query NAME=VALUE  "
                 "--header NAME=VALUE (repeatable)\n"
                 "S3:           --bucket B  --key K\n"
                 "SQS:          --body TEXT  --queue NAME\n"
                 "SNS:          --body TEXT  --topic NAME  --subject S\n"
                 "EventBridge:  --source S  --detail-type T  --detail JSON\n"
                 "schedule:     --rule NAME\n"
                 "All:          --account ID (the region comes from --region or "
                 "AWS_REGION)\n"),
               sl_event_type_names());
        return SL_EXIT_OK;
    }
    if (sl_event_type_parse(argv[1], &type) < 0)
        return sl_cli_usage("events", _("unknown event type \"%s\" (known: %s)"), argv[1],
                            sl_event_type_names());
    memset(&o, 0, sizeof(o));
    o.path_params = path_params;
    o.query = query;
    o.headers = headers;
    o.region = g->region;
    if (!o.region)
        o.region = getenv("AWS_REGION");
    if (!o.region || !*o.region)
        o.region = getenv("AWS_DEFAULT_REGION");
    for (i = 2; i < argc; i++) {
        static const struct {
            const char *opt;
            size_t off;
        } strs[] = {
            {"--method", offsetof(struct sl_event_template_opts, method)},
            {"--path", offsetof(struct sl_event_template_opts, path)},
            {"--body", offsetof(struct sl_event_template_opts, body)},
            {"--stage", offsetof(struct sl_event_template_opts, stage)},
            {"--bucket", offsetof(struct sl_event_template_opts, bucket)},
            {"--key", offsetof(struct sl_event_template_opts, key)},
            {"--queue", offsetof(struct sl_event_template_opts, queue)},
            {"--topic", offsetof(struct sl_event_template_opts, topic)},
            {"--subject", offsetof(struct sl_event_template_opts, subject)},
            {"--source", offsetof(struct sl_event_template_opts, source)},
            {"--detail-type", offsetof(struct sl_event_template_opts, detail_type)},
            {"--detail", offsetof(struct sl_event_template_opts, detail)},
            {"--rule", offsetof(struct sl_event_template_opts, rule)},
            {"--account", offsetof(struct sl_event_template_opts, account)},
        };
        const char *a = argv[i];
        size_t k;
        int found = 0;

        for (k = 0; k < sizeof(strs) / sizeof(strs[0]) && !found; k++) {
            if (strcmp(a, strs[k].opt) != 0)
                continue;
            if (i + 1 >= argc)
                return sl_cli_usage("events", _("%s needs a value"), a);
            *(const char **)(void *)((char *)&o + strs[k].off) = argv[++i];
            found = 1;
        }
        if (found)
            continue;
        if (!strcmp(a, "--path-param") || !strcmp(a, "--query") || !strcmp(a, "--header")) {
            const char **v = a[2] == 'p' ? path_params : a[2] == 'q' ? query : headers;
            size_t *n = a[2] == 'p' ? &o.n_path_params : a[2] == 'q' ? &o.n_query : &o.n_headers;

            if (i + 1 >= argc)
                return sl_cli_usage("events", _("%s needs a value"), a);
            if (*n >= GEN_MAX_PAIRS)
                return sl_cli_usage("events", _("%s is given more than %d times"), a,
                                    GEN_MAX_PAIRS);
            v[(*n)++] = argv[++i];
            continue;
        }
        return sl_cli_usage("events", _("unknown option \"%s\" for events generate"), a);
    }
    sl_error_clear(&err);
    rc = sl_event_template(type, &o, &out, &err);
    if (rc)
        return events_fail(rc, &err);
    fputs(out, stdout);
    free(out);
    return SL_EXIT_OK;
}

int sl_cmd_events(const struct sl_globals *g, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : NULL;

    if (!sub)
        return sl_cli_usage("events", _("events needs a subcommand: %s"),
                            "list, show, save, edit, rm, generate");
    if (!strcmp(sub, "list") || !strcmp(sub, "ls"))
        return events_list(g, argc - 1, argv + 1);
    if (!strcmp(sub, "show"))
        return events_show(argc - 1, argv + 1);
    if (!strcmp(sub, "save"))
        return events_save(argc - 1, argv + 1);
    if (!strcmp(sub, "edit"))
        return events_edit(argc - 1, argv + 1);
    if (!strcmp(sub, "rm") || !strcmp(sub, "remove"))
        return events_rm(argc - 1, argv + 1);
    if (!strcmp(sub, "generate"))
        return events_generate(g, argc - 1, argv + 1);
    return sl_cli_usage("events", _("unknown events subcommand \"%s\" (usage: %s)"), sub,
                        EVENTS_USAGE);
}
