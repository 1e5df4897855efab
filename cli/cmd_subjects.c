/* cmd_subjects.c — `argsplit subjects`: one subject a line, id first, then
 * the real releases it stands for and the newest one checked against real;
 * `--real`: the real releases scripts/real-env knows and their models. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "subjects/real.h"
#include "subjects/registry.h"

/* Display width of UTF-8 text (the range dash is one column, three bytes). */
static int columns(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void cell(const char *s, int width)
{
    printf("%s%*s  ", s, width - columns(s), "");
}

static int list_models(void)
{
    const as_subject *const *all = as_subjects_all();
    int w_id = 0, w_range = 0;
    char r[96];
    for (int i = 0; all[i]; i++) {
        if (columns(all[i]->id) > w_id)
            w_id = columns(all[i]->id);
        if (columns(as_subject_range_text(all[i], r, sizeof r)) > w_range)
            w_range = columns(r);
    }
    for (int i = 0; all[i]; i++) {
        const as_subject *s = all[i];
        const char *range = as_subject_range_text(s, r, sizeof r);
        const as_release_range *rr = as_subject_releases(s);
        const char *checked = rr && rr->checked[0] ? rr->checked : "-";
        cell(s->id, w_id);
        cell(range[0] ? range : "-", w_range);
        printf("checked %-8s  %s\n", checked, s->description);
    }
    return AS_EXIT_OK;
}

/* The families a release of `module` serves, and the model covering it. */
static int list_real(void)
{
    as_arena a;
    as_arena_init(&a);
    as_real_release *rel;
    int n;
    as_error err;
    if (as_real_list(&a, &rel, &n, &err) < 0) {
        as_arena_free(&a);
        return cli_fail("subjects --real", "%s", err.message);
    }
    const as_subject *const *all = as_subjects_all();
    int installed = 0;
    for (int i = 0; i < n; i++) {
        installed += rel[i].installed;
        printf("%-7s %-9s %-11s %-5s  models:", rel[i].module, rel[i].release, rel[i].state,
               rel[i].python[0] ? rel[i].python : "-");
        const char *last_family = "";
        size_t mlen = strlen(rel[i].module);
        for (int k = 1; all[k]; k++) {
            const char *fam = all[k]->family;
            if (strncmp(fam, rel[i].module, mlen) != 0 || fam[mlen] != '.' || strcmp(fam, last_family) == 0)
                continue;
            last_family = fam;
            const as_subject *m = as_subject_for_release(fam, rel[i].release, NULL);
            printf(" %s", m ? m->id : as_arena_printf(&a, "%s@(none)", fam));
        }
        putchar('\n');
    }
    printf("%d releases, %d installed (scripts/real-env install [--equinox] VERSION...)\n", n, installed);
    as_arena_free(&a);
    return AS_EXIT_OK;
}

static const char usage_text[] =
    "usage: argsplit subjects [--real]\n\n"
    "Lists the built-in subjects, one a line: the id (family@version, or 'reference'), the real\n"
    "releases the model stands for ('0.4.27\u20130.6.0'; FAMILY@RELEASE resolves to it), the newest\n"
    "release it was checked against for real ('-': not yet), then a one-line description.\n\n"
    "  --real   the real JAX/Equinox releases scripts/real-env can install, whether each is\n"
    "           installed, and the model of each family that covers it (real:FAMILY@RELEASE)\n";

int cmd_subjects(int argc, char **argv)
{
    enum { OPT_REAL = 256 };
    static const struct option opts[] = {{"real", no_argument, NULL, OPT_REAL}, CLI_OPT_HELP, CLI_OPT_END};
    cli_parser p = {"subjects", usage_text, opts, NULL, 0, 0};
    const char *v;
    int real = 0;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        if (k != OPT_REAL)
            return CLI_DONE_STATUS(k);
        real = 1;
    }
    if (p.operand < argc)
        return cli_usage_error("subjects", "unexpected argument '%s'", argv[p.operand]);
    return real ? list_real() : list_models();
}
