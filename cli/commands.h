/* commands.h — one entry point per subcommand; each lives in cli/cmd_NAME.c
 * and returns the process exit status (0 ok, 1 findings/failures, 2 bad input). */
#ifndef ARGSPLIT_COMMANDS_H
#define ARGSPLIT_COMMANDS_H

typedef int (*as_command_fn)(int argc, char **argv);

typedef struct as_command {
    const char *name;
    as_command_fn run;
    const char *summary;
} as_command;

int cmd_bind(int argc, char **argv);
int cmd_split(int argc, char **argv);
int cmd_subjects(int argc, char **argv);
int cmd_triage(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_fuzz(int argc, char **argv);
int cmd_enumerate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_checkdb(int argc, char **argv);

#endif
