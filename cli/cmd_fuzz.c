/* cmd_fuzz.c — `argsplit fuzz`: run a campaign into the store (what it
 * shares with `argsplit enumerate` is in fuzzcli.c). */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "cli/cliutil.h"
#include "cli/commands.h"
#include "cli/fuzzcli.h"
#include "engine/campaign.h"
#include "engine/store.h"
#include "oracle/pyversion.h"

/* Take the stored run's options for a resume; NULL, or why not. */
static const char *resume_options(const json_t *opt, as_arena *arena, int has_time, long long *n_cases,
                                  const char **subjects, const char **weights, as_campaign_options *o,
                                  int *no_meta, as_error *err)
{
    if (!json_is_object(opt))
        return "its stored options are not a JSON object";
    const json_t *v;
    if ((v = json_object_get(opt, "cases")) && !has_time) {
        if (!json_is_integer(v) || json_integer_value(v) < 0)
            return "its stored case count is out of range";
        *n_cases = json_integer_value(v);
    }
    if ((v = json_object_get(opt, "subjects"))) {
        if (!json_is_string(v))
            return "its stored subject list is not a string";
        const char *stored = json_string_value(v);
        if (*subjects && strcmp(*subjects, stored) != 0)
            return as_arena_printf(arena, "it was started with --subject '%s'; resume it with the same --subject",
                                   stored);
        if (!*subjects) {
            /* built-in ids only: nothing to start.  Anything else would
             * start a process the database names: the user has to. */
            const as_subject **subs;
            int n;
            if (as_campaign_select_subjects(stored, &subs, &n, err) < 0)
                return as_arena_printf(arena,
                                       "its subjects '%s' start processes; a database never starts one: "
                                       "give --subject '%s' to resume it",
                                       stored, stored);
            free(subs);
        }
        *subjects = as_arena_strdup(arena, stored);
    }
    if ((v = json_object_get(opt, "weights")) && !*weights) {
        if (!json_is_string(v) || as_gen_weights_parse(&o->weights, json_string_value(v), err) < 0)
            return "its stored weights do not parse";
        *weights = as_arena_strdup(arena, json_string_value(v));
    }
    if ((v = json_object_get(opt, "python"))) {
        if (!json_is_integer(v) || json_integer_value(v) < AS_PY_MIN || json_integer_value(v) > AS_PY_MAX)
            return "its stored Python version is out of range";
        o->py_minor = (int)json_integer_value(v);
    }
    if ((v = json_object_get(opt, "meta")) && json_is_boolean(v))
        *no_meta = !json_is_true(v);
    return NULL;
}

static const char usage_text[] =
            "usage: argsplit fuzz [--db F] [--seed N] [--cases N | --time S] [--subject LIST]...\n"
            "                     [--jobs J] [--resume] [--shard i/n] [--fail-on-new]\n"
            "                     [--weights k=v,...] [--python 3.X] [--no-meta] [--no-shrink] [--quiet]\n"
            "Generate cases from a seeded stream, split them with the reference and the subjects,\n"
            "and store every discrepancy class (shrunk) in the database (default " AS_STORE_DEFAULT_PATH ").\n"
            "Prints 'N cases, K discrepancy classes (M new), R root causes (Q new)'. Exit 0 done,\n"
            "1 when a root cause is new to the database with --fail-on-new, 2 bad input,\n"
            "130/143 stopped by SIGINT/SIGTERM (128 + the signal, as a shell reports a killed\n"
            "process; within one case): what was done is stored, the run is marked killed and\n"
            "--resume continues it exactly.  LIST: subject ids or family names, comma-separated,\n"
            "--subject repeatable (--subjects is the same option; default all);\n"
            "external subjects too (py:NAME, ext:CMD, a subjects.toml NAME: docs/EXTERNAL.md),\n"
            "checked against the reference and their C model; they run on one thread.\n";

/* The options as given. */
typedef struct fuzz_args {
    const char *db, *seed_text, *cases_text, *time_text, *subjects, *jobs_text, *shard_text, *weights, *py;
    int resume, fail_on_new, no_meta, no_shrink, quiet;
} fuzz_args;

static int fuzz_run(fuzz_args f)
{
    const char *db = f.db, *seed_text = f.seed_text, *cases_text = f.cases_text, *time_text = f.time_text;
    const char *subjects = f.subjects, *jobs_text = f.jobs_text, *shard_text = f.shard_text;
    const char *weights = f.weights, *py = f.py;
    int resume = f.resume, fail_on_new = f.fail_on_new, no_meta = f.no_meta, no_shrink = f.no_shrink;
    int quiet = f.quiet;
    as_campaign_options o;
    as_campaign_options_default(&o);
    long long n_cases = -1;
    as_error err;
    if (cases_text && fuzzcli_parse_count(cases_text, &n_cases) < 0)
        return cli_fail("--cases", "'%s' is not a case count", cases_text);
    if (time_text) {
        char *end;
        o.time_limit = strtod(time_text, &end);
        /* isfinite: nan compares false with everything and would never stop */
        if (end == time_text || *end || !isfinite(o.time_limit) || o.time_limit <= 0 ||
            o.time_limit > 1e9)
            return cli_fail("--time", "'%s' is not a number of seconds (0 < S <= 1e9)", time_text);
    }
    if (cases_text && time_text)
        return cli_fail("--cases", "give --cases or --time, not both");
    long long jobs = 1;
    if (jobs_text && (fuzzcli_parse_count(jobs_text, &jobs) < 0 || jobs < 1 || jobs > 256))
        return cli_fail("--jobs", "'%s' is not a job count (1..256)", jobs_text);
    o.jobs = (int)jobs;
    if (shard_text && fuzzcli_parse_shard(shard_text, &o.shard_index, &o.shard_count) < 0)
        return cli_fail("--shard", "'%s' is not i/n with 0 <= i < n", shard_text);
    if (py && (o.py_minor = cli_python_minor(py)) < 0)
        return AS_EXIT_BAD_INPUT;
    if (weights && as_gen_weights_parse(&o.weights, weights, &err) < 0)
        return cli_fail_error("--weights", &err);
    unsigned long long seed;
    if (seed_text) {
        char *end;
        errno = 0;
        seed = strtoull(seed_text, &end, 0);
        if (end == seed_text || *end || errno)
            return cli_fail("--seed", "'%s' is not a seed", seed_text);
    } else {
        seed = (unsigned long long)time(NULL) * 2654435761ull ^ (unsigned long long)getpid();
    }

    as_store *store;
    if (as_store_open(db, 0, &store, &err) < 0)
        return cli_fail_error("--db", &err);
    as_store_set_batch_size(store, 1 << 30);   /* commit with progress only */
    as_arena arena;
    as_arena_init(&arena);

    long long run_id = 0;
    int resumed = 0;
    if (resume) {
        as_run_row row;
        int found = 0;
        if (as_store_resume_info(store, &arena, "campaign", &row, &found, &err) < 0) {
            as_store_close(store, NULL);
            as_arena_free(&arena);
            return cli_fail_error("--db", &err);
        }
        if (found) {
            /* the stream is the stored run's: its seed, shard, subjects and
             * options.  Stored text is data: subjects that would start a
             * process are only used when the command line names them again. */
            json_t *opt = json_loads(row.options_json ? row.options_json : "{}", 0, NULL);
            seed = row.seed;
            o.shard_index = row.shard_index;
            o.shard_count = row.shard_count > 0 ? row.shard_count : 1;
            const char *why = resume_options(opt, &arena, time_text != NULL, &n_cases, &subjects,
                                             &weights, &o, &no_meta, &err);
            json_decref(opt);
            if (why) {
                int status = cli_fail("--resume", "run %lld: %s", row.id, why);   /* why is in arena */
                as_store_close(store, NULL);
                as_arena_free(&arena);
                return status;
            }
            o.start_case = row.next_case;
            run_id = row.id;
            resumed = 1;
            if (as_store_run_reopen(store, run_id, &err) < 0) {
                as_store_close(store, NULL);
                as_arena_free(&arena);
                return cli_fail_error("--db", &err);
            }
        } else if (!quiet) {
            fprintf(stderr, "argsplit fuzz: nothing to resume in %s; starting a new run\n", db);
        }
    }
    if (n_cases < 0 && o.time_limit <= 0)
        n_cases = 100000;

    const as_subject **subs = NULL;
    int n_subs = 0;
    as_ext_set *ext = NULL;
    int selected = fuzzcli_select_subjects("fuzz", subjects, &ext, &subs, &n_subs);
    if (selected != AS_EXIT_OK) {
        as_store_close(store, NULL);
        as_arena_free(&arena);
        return selected;
    }
    for (int i = 0; i < n_subs && o.jobs > 1; i++)
        if (subs[i]->caps & AS_CAP_EXTERNAL) {
            fprintf(stderr, "argsplit fuzz: %s is external: running on one thread (--jobs 1)\n", subs[i]->id);
            o.jobs = 1;
        }
    o.seed = seed;
    o.subjects = subs;
    o.n_subjects = n_subs;
    o.meta = !no_meta;
    o.shrink_tries = no_shrink ? 0 : o.shrink_tries;
    o.end_case = n_cases >= 0 ? n_cases : -1;
    o.store = store;
    o.stop = cli_stop_flag();

    if (!resumed) {
        json_t *opt = json_object();
        if (n_cases >= 0)
            json_object_set_new(opt, "cases", json_integer(n_cases));
        if (o.time_limit > 0)
            json_object_set_new(opt, "time", json_real(o.time_limit));
        json_object_set_new(opt, "subjects", json_string(subjects ? subjects : "all"));
        if (weights)
            json_object_set_new(opt, "weights", json_string(weights));
        json_object_set_new(opt, "python", json_integer(o.py_minor));
        json_object_set_new(opt, "jobs", json_integer(o.jobs));
        json_object_set_new(opt, "meta", json_boolean(o.meta));
        if (fuzzcli_begin_run(store, "campaign", seed, opt, subs, n_subs, o.py_minor, o.shard_index,
                              o.shard_count, &run_id, &err) < 0) {
            free(subs);
            as_ext_set_free(ext);
            as_store_close(store, NULL);
            as_arena_free(&arena);
            return cli_fail_error("--db", &err);
        }
    }
    o.run_id = run_id;
    if (!quiet)
        fprintf(stderr, "argsplit fuzz: seed %llu, shard %d/%d, %d subjects, %s at case %lld\n", seed,
                o.shard_index, o.shard_count, n_subs, resumed ? "resuming" : "starting", o.start_case);

    fuzzcli_progress_state ps = {"fuzz", isatty(2), quiet, 0, 0, o.time_limit};
    ps.last = fuzzcli_wall();
    o.progress = fuzzcli_progress;
    o.progress_ctx = &ps;
    cli_stop_on_signals();
    as_campaign_progress prog;
    int rc = as_campaign_fuzz(&o, &prog, &err);
    fuzzcli_progress_done(&ps);
    int stopped = *cli_stop_flag() != 0;
    int status = fuzzcli_finish(store, run_id, stopped, rc, &err);
    free(subs);
    as_ext_set_free(ext);
    as_arena_free(&arena);
    if (status != AS_EXIT_OK)
        return status;
    if (prog.skipped)
        fprintf(stderr, "argsplit fuzz: %lld generated cases were rejected as input\n", prog.skipped);
    return fuzzcli_interrupted("fuzz", &prog, 1, fuzzcli_summary(&prog, fail_on_new));
}

int cmd_fuzz(int argc, char **argv)
{
    enum { OPT_SEED = FUZZCLI_OPT_OWN, OPT_CASES, OPT_TIME, OPT_JOBS, OPT_SHARD, OPT_WEIGHTS, OPT_RESUME };
    static const struct option opts[] = {
        FUZZCLI_COMMON_OPTIONS,
        {"seed", required_argument, NULL, OPT_SEED},
        {"cases", required_argument, NULL, OPT_CASES},
        {"time", required_argument, NULL, OPT_TIME},
        {"jobs", required_argument, NULL, OPT_JOBS},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"weights", required_argument, NULL, OPT_WEIGHTS},
        {"resume", no_argument, NULL, OPT_RESUME},
        CLI_OPT_HELP,
        CLI_OPT_END,
    };
    cli_parser p = {"fuzz", usage_text, opts, NULL, 0, 0};
    fuzz_args f = {AS_STORE_DEFAULT_PATH, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, 0, 0, 0};
    fuzzcli_common c = FUZZCLI_COMMON_INIT;
    const char *v;
    for (int k; (k = cli_next(&p, argc, argv, &v)) != -1;) {
        switch (k) {
        case OPT_SEED: f.seed_text = v; break;
        case OPT_CASES: f.cases_text = v; break;
        case OPT_TIME: f.time_text = v; break;
        case OPT_JOBS: f.jobs_text = v; break;
        case OPT_SHARD: f.shard_text = v; break;
        case OPT_WEIGHTS: f.weights = v; break;
        case OPT_RESUME: f.resume = 1; break;
        default:
            if (!fuzzcli_common_option(&c, k, v)) {
                cli_subjects_free(&c.names);
                return CLI_DONE_STATUS(k);
            }
        }
    }
    f.db = c.db;
    f.py = c.py;
    f.fail_on_new = c.fail_on_new;
    f.no_meta = c.no_meta;
    f.no_shrink = c.no_shrink;
    f.quiet = c.quiet;
    /* The list as one string: that is how runs record it and --resume reads it. */
    char *list = cli_subjects_join(&c.names);
    cli_subjects_free(&c.names);
    f.subjects = list;
    int status = p.operand < argc ? cli_usage_error("fuzz", "unexpected argument '%s'", argv[p.operand])
                                   : fuzz_run(f);
    free(list);
    return status;
}
