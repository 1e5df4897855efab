/* cmd_subjects.c — `argsplit subjects`: one subject a line, id first. */
#include <stdio.h>
#include <string.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "subjects/registry.h"

int cmd_subjects(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: argsplit subjects\n\nLists the built-in subjects, one a line: the id "
                   "(family@version, or 'reference'), then a one-line description.\n");
            return AS_EXIT_OK;
        }
        return cli_fail("subjects", "unexpected argument '%s' (see 'argsplit subjects --help')", argv[i]);
    }
    const as_subject *const *all = as_subjects_all();
    int width = 0;
    for (int i = 0; all[i]; i++)
        if ((int)strlen(all[i]->id) > width)
            width = (int)strlen(all[i]->id);
    for (int i = 0; all[i]; i++)
        printf("%-*s  %s\n", width, all[i]->id, all[i]->description);
    return AS_EXIT_OK;
}
