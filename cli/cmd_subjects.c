/* cmd_subjects.c — `argsplit subjects`: one subject a line, id first. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "subjects/registry.h"

static const char usage_text[] =
    "usage: argsplit subjects\n\nLists the built-in subjects, one a line: the id "
    "(family@version, or 'reference'), then a one-line description.\n";

int cmd_subjects(int argc, char **argv)
{
    static const struct option opts[] = {CLI_OPT_HELP, CLI_OPT_END};
    cli_parser p = {"subjects", usage_text, opts, NULL, 0, 0};
    const char *v;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;)
        return CLI_DONE_STATUS(k);
    if (p.operand < argc)
        return cli_usage_error("subjects", "unexpected argument '%s'", argv[p.operand]);
    const as_subject *const *all = as_subjects_all();
    int width = 0;
    for (int i = 0; all[i]; i++)
        if ((int)strlen(all[i]->id) > width)
            width = (int)strlen(all[i]->id);
    for (int i = 0; all[i]; i++)
        printf("%-*s  %s\n", width, all[i]->id, all[i]->description);
    return AS_EXIT_OK;
}
