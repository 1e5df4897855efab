/* campaign.c — the fuzzing and enumeration loops; see campaign.h. */
#include "engine/campaign.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "engine/diffcheck.h"
#include "engine/metamorphic.h"
#include "engine/rng.h"
#include "engine/rootcause.h"
#include "engine/shrink.h"
#include "oracle/arena.h"
#include "oracle/pyversion.h"
#include "oracle/split.h"
#include "subjects/external.h"
#include "subjects/registry.h"
#include "oracle/fnv.h"

/* MAX_PREFETCH_BATCH: cases per round when external subjects answer from
 * per-round batches: a round holds every case it generated and every
 * answer (~6 KB a case), so 65,536-case rounds held ~230 MB. */
/* When the store commits (commit_round): a commit writes one row pair per
 * known class hit since the last one (as_store_pending_rows; ~13k in a run
 * of all subjects, ~28k instructions a pair, a case ~40k), so it waits for
 * COMMIT_CASES_PER_ROW cases per such row — at most ~2% of the cases' work
 * however slow the wall clock runs (load, valgrind) — and for
 * COMMIT_SECONDS; COMMIT_MAX_CASES and the options' commit_max_seconds
 * (COMMIT_MAX_SECONDS by default) bound the work a kill can lose (the
 * seconds for slow subjects: a real release runs ~20 cases a second, so 32
 * cases a row could mean minutes).
 * COMMIT_PENDING_BYTES: the new classes' texts the store may hold for its
 * next commit (as_store_pending_bytes) before a round commits early. */
enum { MAX_GROUPS = 64, MAX_BATCH = 1 << 16, MAX_PREFETCH_BATCH = 4096, COMMIT_SECONDS = 2,
       COMMIT_CASES_PER_ROW = 32, COMMIT_MAX_CASES = 1 << 20, COMMIT_MAX_SECONDS = 30,
       COMMIT_PENDING_BYTES = 4 << 20 };

void as_campaign_options_default(as_campaign_options *o)
{
    memset(o, 0, sizeof *o);
    o->end_case = -1;
    o->shard_count = 1;
    o->jobs = 1;
    o->py_minor = AS_PY_DEFAULT;
    as_gen_weights_default(&o->weights);
    o->reference = as_subject_reference();
    o->meta = 1;
    o->version_pairs = 1;
    o->shrink_tries = 400;
    o->commit_max_seconds = COMMIT_MAX_SECONDS;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- subject groups: one per family, versions oldest first ------------ */

typedef as_check_group group;

static int is_external(const as_subject *s)
{
    return (s->caps & AS_CAP_EXTERNAL) != 0;
}

/* An external subject as the check loop sees it in a fuzz run: its answers
 * to the round's cases come from one batch per subject (prefetch_round)
 * rather than from one round trip per case.  Any case it was not given in
 * the batch (shrinking, enumeration) goes to the subject itself. */
typedef struct prefetched {
    as_subject subject;            /* the external subject's identity; split = prefetched_split */
    const as_subject *real;
    as_arena arena;                /* this round's answers */
    const as_case **cases;         /* round case k (NULL: not sent) */
    as_split *splits;              /* its answer */
    long long cur;                 /* the round case being checked, -1 = none */
    int chunk;                     /* cases per batch now (prefetch_run); 0 = 1 */
} prefetched;

static int prefetched_split(const as_subject *self, as_arena *a, const as_case *c, as_split *out)
{
    prefetched *p = (prefetched *)self->config;
    const as_case *sent = p->cur >= 0 ? p->cases[p->cur] : NULL;
    if (sent && strcmp(sent->signature_text, c->signature_text) == 0) {
        *out = p->splits[p->cur];
        return 0;
    }
    return p->real->split(p->real, a, c, out);
}

typedef struct engine {
    const as_campaign_options *o;
    as_check_options co;
    group groups[MAX_GROUPS];
    int n_groups;
    prefetched *pre;               /* one per external subject (fuzz runs) */
    int n_pre;
    /* The store's class cache: read by workers (as_store_has_class) while
     * the main thread writes the store (merging the previous round). */
    pthread_rwlock_t *store_lock;
} engine;

/* `pre` (room for every subject, or NULL): external subjects answer from
 * per-round batches (fuzz); NULL: one case at a time (enumerate). */
static void engine_init(engine *e, const as_campaign_options *o, prefetched *pre)
{
    memset(e, 0, sizeof *e);
    e->o = o;
    e->pre = pre;
    e->co = (as_check_options){o->reference, o->py_minor, o->meta, o->version_pairs};
    /* two passes: a group's built-in subjects come before its external ones */
    for (int k = 0; k < 2 * o->n_subjects; k++) {
        int pass = k >= o->n_subjects;
        const as_subject *s = o->subjects[k % o->n_subjects];
        if (is_external(s) != pass)
            continue;
        group *g = NULL;
        for (int j = 0; j < e->n_groups; j++)
            if (strcmp(e->groups[j].family, s->family) == 0)
                g = &e->groups[j];
        if (!g && e->n_groups < MAX_GROUPS)
            as_check_group_init(g = &e->groups[e->n_groups++], s->family);
        if (g) {
            /* py:reference's model is the reference itself: vs-reference says it all */
            const as_subject *m = pass ? as_ext_model_of(s) : NULL;
            if (pass && e->pre) {
                prefetched *p = &e->pre[e->n_pre++];
                p->subject = *s;
                p->subject.split = prefetched_split;
                p->subject.config = p;
                p->real = s;
                p->cur = -1;
                as_arena_init(&p->arena);
                s = &p->subject;
            }
            as_check_group_add(g, s, m != o->reference ? m : NULL);
        }
    }
    for (int j = 0; j < e->n_groups; j++)
        as_check_group_finish(&e->groups[j]);
    if (e->n_groups == 0) {   /* the reference alone: its metamorphic relations */
        as_check_group_init(&e->groups[0], "");
        e->n_groups = 1;
    }
}

static int run_checks(const engine *e, as_arena *a, const group *g, const as_gen_case *gc, as_checker *ck,
                      int meta_pick)
{
    return as_check_case(&e->co, a, g, gc, ck, meta_pick);
}

static int is_failure_relation(const char *rel)
{
    return strcmp(rel, "subject-crash") == 0 || strcmp(rel, "subject-timeout") == 0;
}

/* ---- findings as the store takes them --------------------------------- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

/* A malloc'd finding (every string owned). */
static void finding_fill(as_finding *f, as_arena *a, const as_check_hit *h)
{
    as_finding t;
    as_check_finding(a, h, 1, &t);
    f->key = strdup(t.key);
    f->subject = strdup(t.subject);
    f->relation = strdup(t.relation);
    f->rule = strdup(t.rule);
    f->cause = strdup(t.cause);
    f->other = dup_or_null(t.other);
    f->signature = strdup(t.signature);
    f->spec_json = strdup(t.spec_json);
    f->call = dup_or_null(t.call);
    f->observed_json = strdup(t.observed_json);
    f->expected_json = strdup(t.expected_json);
    f->py_minor = t.py_minor;
}

static void finding_free(as_finding *f)
{
    free((char *)f->key);
    free((char *)f->subject);
    free((char *)f->relation);
    free((char *)f->rule);
    free((char *)f->other);
    free((char *)f->signature);
    free((char *)f->spec_json);
    free((char *)f->call);
    free((char *)f->observed_json);
    free((char *)f->expected_json);
    free((char *)f->cause);
    memset(f, 0, sizeof *f);
}

/* ---- a set of keys with per-batch hit counts -------------------------- */

/* Open addressing over 16-byte slots (hash, entry index, hits since the
 * last merge): a probe reads one cache line of the table, and only a full
 * hash match reads the entry's key to verify it.  Entries are dense, their
 * strings in the set's arena. */
typedef struct seen_slot {
    uint64_t hash;                 /* hash_str(key) */
    uint32_t idx;                  /* entry index + 1; 0 = empty */
    uint32_t hits;                 /* since the last merge (low 32 bits) */
} seen_slot;

typedef struct seen_entry {
    const char *key, *subject, *relation;
    long long hits_high;           /* hits beyond the slot's 32 bits, since the last merge */
} seen_entry;

typedef struct seen_set {
    seen_slot *slots;
    seen_entry *entries;
    int cap, n;
    size_t cap_entries;
    as_arena strings;
} seen_set;

static uint64_t hash_str(const char *s)
{
    return as_hash_str(0, s);
}

static void seen_grow(seen_set *set)
{
    int cap = set->cap ? set->cap * 2 : 1024;
    seen_slot *slots = calloc((size_t)cap, sizeof *slots);
    if (!slots)
        abort();
    for (int i = 0; i < set->cap; i++)
        if (set->slots[i].idx) {
            uint64_t j = set->slots[i].hash & (uint64_t)(cap - 1);
            while (slots[j].idx)
                j = (j + 1) & (uint64_t)(cap - 1);
            slots[j] = set->slots[i];
        }
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
}

/* The slot of `key`, created (hits 0) when absent. */
static seen_slot *seen_find(seen_set *set, const char *key, int *created, const char *subject,
                            const char *relation)
{
    if (2 * (set->n + 1) > set->cap)
        seen_grow(set);
    uint64_t h = hash_str(key);
    uint64_t mask = (uint64_t)(set->cap - 1), j = h & mask;
    while (set->slots[j].idx) {
        seen_slot *sl = &set->slots[j];
        if (sl->hash == h && strcmp(set->entries[sl->idx - 1].key, key) == 0) {
            *created = 0;
            return sl;
        }
        j = (j + 1) & mask;
    }
    if (!set->cap_entries)
        as_arena_init(&set->strings);
    if (as_grow(&set->entries, &set->cap_entries, set->n + 1, sizeof *set->entries, 512))
        abort();
    *created = 1;
    set->entries[set->n] = (seen_entry){as_arena_strdup(&set->strings, key),
                                        as_arena_strdup(&set->strings, subject),
                                        as_arena_strdup(&set->strings, relation), 0};
    set->slots[j] = (seen_slot){h, (uint32_t)++set->n, 0};
    return &set->slots[j];
}

static const seen_entry *seen_entry_of(const seen_set *set, const seen_slot *sl)
{
    return &set->entries[sl->idx - 1];
}

static void seen_hit(seen_set *set, seen_slot *sl)
{
    if (++sl->hits == 0)
        set->entries[sl->idx - 1].hits_high += 1LL << 32;
}

/* The hits since the last merge, and forget them. */
static long long seen_take_hits(seen_set *set, seen_slot *sl)
{
    seen_entry *e = &set->entries[sl->idx - 1];
    long long n = e->hits_high + (long long)sl->hits;
    e->hits_high = 0;
    sl->hits = 0;
    return n;
}

static void seen_free(seen_set *set)
{
    free(set->slots);
    free(set->entries);
    if (set->cap_entries)
        as_arena_free(&set->strings);
    memset(set, 0, sizeof *set);
}

/* ---- workers ---------------------------------------------------------- */

typedef struct pending {
    as_finding f;
    as_gen_case gc;                /* deep copy in the worker's keep arena */
    const group *g;
    const as_subject *subj;
    int known;                     /* the store held the class: f has key, subject, relation, cause */
} pending;

/* A class's hits in one round (strings in the worker's seen set). */
typedef struct round_hit {
    const char *key, *subject, *relation;
    long long n;
} round_hit;

/* What a worker found in one round, handed to the main thread whole: the
 * worker goes on into the next round with its other round_out while the
 * main thread merges this one and shrinks its new classes. */
typedef struct round_out {
    pending *pend;
    int n_pend;
    size_t cap_pend;
    as_arena keep;                 /* the pending cases */
    round_hit *hits;               /* repeated hits of keys already pending or merged */
    int n_hits;
    size_t cap_hits;
    long long findings, skipped;
    long long group_cases[MAX_GROUPS];
} round_out;

typedef struct worker {
    as_checker ck;                 /* first: the hit callback casts back */
    const engine *e;
    as_arena arena;
    seen_set seen;
    round_out out[2];
    round_out *cur;                /* the one this round fills */
    long long lo, hi;
    long long stopped_at;          /* first case not done when asked to stop, else hi */
    double start;                  /* the campaign's start (for the time limit) */
    const as_gen_case *gc;         /* the case being checked */
    const group *g;
} worker;

static int store_knows(const engine *e, const char *key)
{
    const as_store *st = e->o->store;
    if (!st)
        return 0;
    pthread_rwlock_rdlock(e->store_lock);
    int known = as_store_has_class(st, key);
    pthread_rwlock_unlock(e->store_lock);
    return known;
}

static void worker_hit(as_checker *ck, const as_check_hit *h)
{
    worker *w = (worker *)ck;
    round_out *out = w->cur;
    int created;
    out->findings++;
    seen_slot *s = seen_find(&w->seen, h->key, &created, h->subj->id, h->relation);
    if (!created) {
        seen_hit(&w->seen, s);
        return;
    }
    if (as_grow(&out->pend, &out->cap_pend, out->n_pend + 1, sizeof *out->pend, 16))
        abort();
    pending *p = &out->pend[out->n_pend++];
    memset(p, 0, sizeof *p);
    /* A class the store holds only counts a hit: no texts, JSON or case
     * copy.  (A class the main thread stores meanwhile may be missed:
     * then the merge finds it in its own set and counts a hit.) */
    if (store_knows(w->e, h->key)) {
        p->f = (as_finding){.key = strdup(h->key), .subject = strdup(h->subj->id),
                            .relation = strdup(h->relation), .cause = dup_or_null(h->cause)};
        if (!p->f.key || !p->f.subject || !p->f.relation)
            abort();
        p->known = 1;
        return;
    }
    finding_fill(&p->f, &w->arena, h);
    as_gen_case_copy_deep(&out->keep, w->gc, &p->gc);
    p->g = w->g;
    p->subj = h->subj;
}

static void worker_init(worker *w, const engine *e)
{
    memset(w, 0, sizeof *w);
    w->ck.hit = worker_hit;
    w->ck.memo = as_message_memo_new();
    w->ck.causes = as_cause_memo_new();
    w->e = e;
    as_arena_init(&w->arena);
    as_arena_init(&w->out[0].keep);
    as_arena_init(&w->out[1].keep);
    w->cur = &w->out[0];
}

/* Forget a round's findings (merged, or beyond the resume point of a
 * stopped round: those cases run again when the run resumes). */
static void round_out_clear(round_out *out)
{
    for (int i = 0; i < out->n_pend; i++)
        finding_free(&out->pend[i].f);
    out->n_pend = 0;
    as_arena_reset(&out->keep);
    out->n_hits = 0;
    out->findings = out->skipped = 0;
    memset(out->group_cases, 0, sizeof out->group_cases);
}

static void worker_free(worker *w)
{
    for (int i = 0; i < 2; i++) {
        round_out_clear(&w->out[i]);
        free(w->out[i].pend);
        free(w->out[i].hits);
        as_arena_free(&w->out[i].keep);
    }
    seen_free(&w->seen);
    as_message_memo_free(w->ck.memo);
    as_cause_memo_free(w->ck.causes);
    as_arena_free(&w->arena);
}

/* The round's repeated hits, moved from the seen set into the round's
 * output (on the worker's thread: the main thread never reads the set). */
static void worker_harvest(worker *w)
{
    round_out *out = w->cur;
    for (int i = 0; i < w->seen.cap; i++) {
        seen_slot *s = &w->seen.slots[i];
        if (!s->idx || (!s->hits && !seen_entry_of(&w->seen, s)->hits_high))
            continue;
        const seen_entry *se = seen_entry_of(&w->seen, s);
        if (as_grow(&out->hits, &out->cap_hits, out->n_hits + 1, sizeof *out->hits, 256))
            abort();
        out->hits[out->n_hits++] = (round_hit){se->key, se->subject, se->relation, seen_take_hits(&w->seen, s)};
    }
}

static void worker_case(worker *w, const group *g, const as_gen_case *gc, int meta_pick)
{
    w->gc = gc;
    w->g = g;
    w->cur->group_cases[g - w->e->groups]++;
    if (run_checks(w->e, &w->arena, g, gc, &w->ck, meta_pick) < 0)
        w->cur->skipped++;
}

static const group *group_of(const engine *e, unsigned long long seed, uint64_t index)
{
    as_rng r;
    as_rng_seed(&r, seed ^ 0x5eed0fa11u, index);
    return &e->groups[as_rng_below(&r, e->n_groups)];
}

/* Asked to stop (a signal) or out of time: checked before every case, so a
 * stop takes effect within one case. */
static int stop_now(const as_campaign_options *o, double start)
{
    if (o->stop && *o->stop)
        return 1;
    return o->time_limit > 0 && now() - start >= o->time_limit;
}

/* ---- external subjects: one batch per subject per round --------------- */

typedef struct prefetch_job {
    prefetched *p;
    const as_case **cases;         /* the cases sent, in round order */
    int *slot;                     /* cases[m] is round case slot[m] */
    int n;
    const as_campaign_options *o;  /* its stop flag and time limit */
    double start;
} prefetch_job;

static int subject_failed(const as_split *s)
{
    const char *t = !s->decoration_ok ? s->decoration_error.type
                    : s->has_call && !s->call_ok ? s->call_error.type : "";
    return strcmp(t, AS_EXT_CRASH) == 0 || strcmp(t, AS_EXT_TIMEOUT) == 0;
}

/* The batch goes in chunks that double while the subject answers and fall
 * back to one case after a timeout or crash, with the stop flag checked
 * between chunks: a hanging subject delays a stop by one case, not a round. */
static void *prefetch_run(void *arg)
{
    prefetch_job *j = arg;
    as_split *out = as_arena_alloc(&j->p->arena, sizeof *out * (size_t)(j->n + 1));
    int done = 0, chunk = j->p->chunk > 0 ? j->p->chunk : 1;
    while (done < j->n && !stop_now(j->o, j->start)) {
        int len = j->n - done < chunk ? j->n - done : chunk, failed = 0;
        as_subject_split_many(j->p->real, &j->p->arena, j->cases + done, len, out + done);
        for (int m = done; m < done + len; m++) {
            j->p->cases[j->slot[m]] = j->cases[m];
            j->p->splits[j->slot[m]] = out[m];
            failed |= subject_failed(&out[m]);
        }
        done += len;
        chunk = failed ? 1 : chunk < 64 ? chunk * 2 : 64;
    }
    j->p->chunk = chunk;
    return NULL;
}

/* Generate the worker's cases [lo, hi) up front and send each external
 * subject all of its cases as one pipelined batch, every subject in a
 * thread of its own (several real releases = several processes at work);
 * returns the cases, in `pre`. */
static as_gen_case *prefetch_round(worker *w, as_arena *pre, const group **gs)
{
    const engine *e = w->e;
    const as_campaign_options *o = e->o;
    long long n = w->hi - w->lo;
    as_gen_case *gc = as_arena_alloc(pre, sizeof *gc * (size_t)(n + 1));
    const as_case **cs = as_arena_alloc(pre, sizeof *cs * (size_t)(n + 1));
    for (long long k = 0; k < n; k++) {
        uint64_t index = (uint64_t)(w->lo + k) * (uint64_t)o->shard_count + (uint64_t)o->shard_index;
        gs[k] = group_of(e, o->seed, index);
        as_error err;
        cs[k] = NULL;
        if (as_gen_case_make(pre, &o->weights, gs[k]->family, o->seed, index, o->py_minor, &gc[k], &err) < 0) {
            gs[k] = NULL;
            continue;
        }
        as_case *c = as_arena_alloc(pre, sizeof *c);
        if (gs[k]->n > gs[k]->n_builtin &&
            as_case_from_parts(pre, &gc[k].sig, &gc[k].spec, gc[k].has_call ? &gc[k].call : NULL, o->py_minor, c,
                               &err) == 0)
            cs[k] = c;
    }
    prefetch_job *jobs = as_arena_alloc(pre, sizeof *jobs * (size_t)(e->n_pre + 1));
    pthread_t *threads = as_arena_alloc(pre, sizeof *threads * (size_t)(e->n_pre + 1));
    for (int j = 0; j < e->n_pre; j++) {
        prefetched *p = &e->pre[j];
        as_arena_reset(&p->arena);
        p->cases = as_arena_alloc(&p->arena, sizeof *p->cases * (size_t)(n + 1));
        p->splits = as_arena_alloc(&p->arena, sizeof *p->splits * (size_t)(n + 1));
        memset(p->cases, 0, sizeof *p->cases * (size_t)(n + 1));
        jobs[j] = (prefetch_job){p, as_arena_alloc(pre, sizeof *cs * (size_t)(n + 1)),
                                 as_arena_alloc(pre, sizeof(int) * (size_t)(n + 1)), 0, o, w->start};
        for (long long k = 0; k < n; k++) {
            int mine = 0;
            for (int i = cs[k] ? gs[k]->n_builtin : gs[k] ? gs[k]->n : 0; i < gs[k]->n; i++)
                mine |= gs[k]->subs[i] == &p->subject;
            if (mine) {
                jobs[j].cases[jobs[j].n] = cs[k];
                jobs[j].slot[jobs[j].n++] = (int)k;
            }
        }
    }
    for (int j = 0; j < e->n_pre; j++)
        if (e->n_pre == 1 || pthread_create(&threads[j], NULL, prefetch_run, &jobs[j]) != 0)
            prefetch_run(&jobs[j]), threads[j] = 0;
    for (int j = 0; j < e->n_pre; j++)
        if (threads[j])
            pthread_join(threads[j], NULL);
    return gc;
}

static void worker_fuzz_prefetched(worker *w)
{
    const engine *e = w->e;
    const as_campaign_options *o = e->o;
    long long n = w->hi - w->lo;
    if (n <= 0)
        return;
    as_arena pre;
    as_arena_init(&pre);
    const group **gs = as_arena_alloc(&pre, sizeof *gs * (size_t)(n + 1));
    as_gen_case *gc = prefetch_round(w, &pre, gs);
    for (long long k = 0; k < n; k++) {
        if (stop_now(o, w->start)) {     /* the rest may not have been sent */
            w->stopped_at = w->lo + k;
            break;
        }
        if (!gs[k]) {
            w->cur->skipped++;
            continue;
        }
        for (int j = 0; j < e->n_pre; j++)
            e->pre[j].cur = k;
        as_arena_reset(&w->arena);
        uint64_t index = (uint64_t)(w->lo + k) * (uint64_t)o->shard_count + (uint64_t)o->shard_index;
        worker_case(w, gs[k], &gc[k], (int)(index % AS_META_COUNT));
    }
    for (int j = 0; j < e->n_pre; j++)
        e->pre[j].cur = -1;
    as_arena_free(&pre);
}

static void worker_fuzz_cases(worker *w)
{
    const as_campaign_options *o = w->e->o;
    if (w->e->n_pre > 0) {
        worker_fuzz_prefetched(w);
        return;
    }
    for (long long k = w->lo; k < w->hi; k++) {
        if (stop_now(o, w->start)) {
            w->stopped_at = k;
            break;
        }
        uint64_t index = (uint64_t)k * (uint64_t)o->shard_count + (uint64_t)o->shard_index;
        const group *g = group_of(w->e, o->seed, index);
        as_arena_reset(&w->arena);
        as_gen_case gc;
        as_error err;
        if (as_gen_case_make(&w->arena, &o->weights, g->family, o->seed, index, o->py_minor, &gc, &err) < 0) {
            w->cur->skipped++;
            continue;
        }
        /* one metamorphic relation per random case, in rotation: each
         * rewrite costs a case build and a split per subject */
        worker_case(w, g, &gc, (int)(index % AS_META_COUNT));
    }
}

/* A worker's round: cases [lo, hi) into w->cur. */
static void *worker_fuzz(void *arg)
{
    worker *w = arg;
    w->stopped_at = w->hi;
    worker_fuzz_cases(w);
    worker_harvest(w);
    return NULL;
}

/* ---- the main thread: merge, store, shrink ---------------------------- */

typedef struct main_state {
    const engine *e;
    seen_set global;
    as_cause_set *causes_seen, *causes_stored;   /* this call's; the store's (grows as it learns) */
    as_cause_set *causes_shrunk;                 /* root causes (and kind) given a full shrink */
    as_campaign_progress prog;
    double start;
    double last_commit;                          /* when the store last committed */
    long long unsaved_cases;                     /* cases done since then */
    double unsaved_seconds;
    struct shrink_job *jobs;                     /* this round's new classes to shrink, in case order */
    int n_jobs;
    size_t cap_jobs;
    pthread_rwlock_t store_lock;                 /* see engine.store_lock */
    as_checker *shrinkers;                       /* memos of the threads shrinking while workers run */
    int n_shrinkers;
} main_state;

static int main_state_init(main_state *ms, const as_campaign_options *o, as_error *err)
{
    pthread_rwlock_init(&ms->store_lock, NULL);
    ms->causes_seen = as_cause_set_new();
    ms->causes_stored = as_cause_set_new();
    ms->causes_shrunk = as_cause_set_new();
    return o->store ? as_cause_set_load(ms->causes_stored, o->store, err) : 0;
}

static void main_state_free(main_state *ms)
{
    for (int i = 0; i < ms->n_shrinkers; i++) {
        as_message_memo_free(ms->shrinkers[i].memo);
        as_cause_memo_free(ms->shrinkers[i].causes);
    }
    free(ms->shrinkers);
    pthread_rwlock_destroy(&ms->store_lock);
    free(ms->jobs);
    as_cause_set_free(ms->causes_seen);
    as_cause_set_free(ms->causes_stored);
    as_cause_set_free(ms->causes_shrunk);
}

typedef struct match_checker {
    as_checker ck;
    const char *key;
    int found;
    as_finding *capture;           /* when set: fill it from the matching hit */
    as_arena *arena;
} match_checker;

static void match_hit(as_checker *ck, const as_check_hit *h)
{
    match_checker *m = (match_checker *)ck;
    if (m->found || strcmp(h->key, m->key) != 0)
        return;
    m->found = 1;
    if (m->capture)
        finding_fill(m->capture, m->arena, h);
}

typedef struct shrink_ctx {
    const engine *e;
    const group *g;
    const as_subject *subj;
    const char *relation;
    const char *key;
    as_message_memo *memo;
    as_cause_memo *causes;
} shrink_ctx;

static int shrink_keep(void *ctx, as_arena *scratch, const as_gen_case *cand)
{
    shrink_ctx *s = ctx;
    if (s->e->o->stop && *s->e->o->stop)
        return 0;          /* stopping: keep the case as shrunk so far */
    match_checker m = {{match_hit, s->subj, s->relation, s->memo, s->causes}, s->key, 0, NULL, NULL};
    run_checks(s->e, scratch, s->g, cand, &m.ck, -1);
    return m.found;
}

/* A new class to shrink: decided on the main thread in case order (so the
 * budget, full or a tenth, is what one thread would give it), shrunk by
 * any worker thread (run_shrinks), stored in case order again. */
typedef struct shrink_job {
    const pending *p;
    int tries;
    int found;                     /* the shrunk case still shows the class */
    as_finding shrunk;
} shrink_job;

static void queue_new_class(main_state *ms, const pending *p)
{
    const as_campaign_options *o = ms->e->o;
    if (!o->shrink_tries || !o->store)
        return;
    /* a crash or hang stays with its case: shrinking would crash the
     * subject hundreds of times, each followed by a restart (or a timeout) */
    if (is_failure_relation(p->f.relation))
        return;
    /* the full budget for the first class of a root cause (its
     * vs-reference reproducer, and its evidence apart); a tenth for the
     * other classes of a root cause already shrunk in this run */
    char *slot = malloc(strlen(p->f.cause) + 3);
    if (!slot)
        abort();
    sprintf(slot, "%s|%c", p->f.cause, strcmp(p->f.relation, "vs-reference") == 0 ? 'r' : 'e');
    int first = as_cause_set_add(ms->causes_shrunk, slot);
    free(slot);
    if (as_grow(&ms->jobs, &ms->cap_jobs, ms->n_jobs + 1, sizeof *ms->jobs, 64))
        abort();
    ms->jobs[ms->n_jobs++] = (shrink_job){p, first ? o->shrink_tries : o->shrink_tries / 10, 0, {0}};
}

/* `memos`: the memo and cause memo of the thread shrinking. */
static void shrink_one(const engine *e, const as_checker *memos, shrink_job *j)
{
    const pending *p = j->p;
    as_arena a;
    as_arena_init(&a);
    shrink_ctx sc = {e, p->g, p->subj, p->f.relation, p->f.key, memos->memo, memos->causes};
    as_gen_case gc;
    as_gen_case_copy_deep(&a, &p->gc, &gc);
    as_shrink(&a, &gc, e->o->py_minor, shrink_keep, &sc, j->tries, NULL);
    match_checker m = {{match_hit, p->subj, p->f.relation, memos->memo, memos->causes}, p->f.key, 0, &j->shrunk, &a};
    as_arena scratch;
    as_arena_init(&scratch);
    run_checks(e, &scratch, p->g, &gc, &m.ck, -1);
    j->found = m.found;
    as_arena_free(&scratch);
    as_arena_free(&a);
}

typedef struct shrink_pool {
    main_state *ms;
    const as_checker *memos;
    int *next;                     /* the next job to take (shared) */
    pthread_mutex_t *lock;
} shrink_pool;

static void *shrink_run(void *arg)
{
    shrink_pool *sp = arg;
    for (;;) {
        pthread_mutex_lock(sp->lock);
        int i = (*sp->next)++;
        pthread_mutex_unlock(sp->lock);
        if (i >= sp->ms->n_jobs)
            return NULL;
        shrink_one(sp->ms->e, sp->memos, &sp->ms->jobs[i]);
    }
}

static void lock_store(main_state *ms)
{
    pthread_rwlock_wrlock(&ms->store_lock);
}

static void unlock_store(main_state *ms)
{
    pthread_rwlock_unlock(&ms->store_lock);
}

/* as_store_add_findings under the store lock (one call at a time, so a
 * worker asking as_store_has_class waits for one call, not a merge). */
static int add_findings(main_state *ms, const as_finding *f, long long n, int *is_new, as_error *err)
{
    lock_store(ms);
    int rc = as_store_add_findings(ms->e->o->store, ms->e->o->run_id, f, n, is_new, err);
    unlock_store(ms);
    return rc;
}

static int count_cases(main_state *ms, const char *subject, long long n, as_error *err)
{
    lock_store(ms);
    int rc = as_store_count_subject_cases(ms->e->o->store, ms->e->o->run_id, subject, n, err);
    unlock_store(ms);
    return rc;
}

/* Shrink the round's new classes on n_workers threads (memos[t]: thread
 * t's memos; the results do not depend on which thread shrinks which),
 * then store them in case order. */
static int run_shrinks(main_state *ms, as_checker *memos, int n_workers, as_error *err)
{
    int rc = 0, next = 0;
    if (ms->n_jobs > 0) {
        int n = n_workers < ms->n_jobs ? n_workers : ms->n_jobs;
        pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        shrink_pool pools[256];
        pthread_t threads[256];
        for (int t = 0; t < n; t++) {
            pools[t] = (shrink_pool){ms, &memos[t], &next, &lock};
            threads[t] = 0;
            if (t > 0 && pthread_create(&threads[t], NULL, shrink_run, &pools[t]) != 0)
                threads[t] = 0;
        }
        shrink_run(&pools[0]);
        for (int t = 1; t < n; t++)
            if (threads[t])
                pthread_join(threads[t], NULL);
            else
                shrink_run(&pools[t]);
        pthread_mutex_destroy(&lock);
    }
    for (int i = 0; i < ms->n_jobs; i++) {
        shrink_job *j = &ms->jobs[i];
        if (rc == 0 && j->found) {
            lock_store(ms);
            rc = as_store_set_shrunk(ms->e->o->store, j->p->f.key, &j->shrunk, err);
            unlock_store(ms);
        }
        finding_free(&j->shrunk);
    }
    ms->n_jobs = 0;
    return rc;
}

/* Merge one worker's round into the run, in case order (a merged round's
 * findings are kept until its shrinks are done: round_out_clear).  Store
 * calls hold the store lock: the next round's workers may be running. */
static int merge_round(main_state *ms, round_out *w, as_error *err)
{
    const as_campaign_options *o = ms->e->o;
    int rc = 0;
    ms->prog.findings += w->findings;
    ms->prog.skipped += w->skipped;
    w->findings = w->skipped = 0;
    for (int i = 0; i < w->n_pend && rc == 0; i++) {
        pending *p = &w->pend[i];
        int created, is_new = 0;
        seen_find(&ms->global, p->f.key, &created, p->f.subject, p->f.relation);
        if (created)
            ms->prog.classes++;
        if (created && as_cause_set_add(ms->causes_seen, p->f.cause))
            ms->prog.root_causes++;
        if (o->store) {
            if (created && !p->known) {
                rc = add_findings(ms, &p->f, 1, &is_new, err);
            } else {
                as_finding hit = {.key = p->f.key, .subject = p->f.subject, .relation = p->f.relation};
                rc = add_findings(ms, &hit, 1, NULL, err);
            }
        } else {
            is_new = created;
        }
        if (rc == 0 && is_new) {
            ms->prog.new_classes++;
            if (as_cause_set_add(ms->causes_stored, p->f.cause))
                ms->prog.new_root_causes++;
            queue_new_class(ms, p);
        }
    }
    for (int i = 0; i < w->n_hits && o->store && rc == 0; i++) {
        const round_hit *h = &w->hits[i];
        as_finding hit = {.key = h->key, .subject = h->subject, .relation = h->relation};
        rc = add_findings(ms, &hit, h->n, NULL, err);
    }
    for (int g = 0; g < ms->e->n_groups && o->store && rc == 0; g++) {
        const group *gr = &ms->e->groups[g];
        long long n = w->group_cases[g];
        for (int i = 0; i < gr->n && n && rc == 0; i++)
            rc = count_cases(ms, gr->subs[i]->id, n, err);
        if (n && rc == 0)
            rc = count_cases(ms, o->reference->id, n, err);
    }
    memset(w->group_cases, 0, sizeof w->group_cases);
    return rc;
}

/* Write the rounds since the last commit to the store (their progress and
 * the class hits held in memory) in one transaction. */
static int commit_store(main_state *ms, as_error *err)
{
    const as_campaign_options *o = ms->e->o;
    if (!o->store || ms->unsaved_cases == 0)
        return 0;
    long long cases = ms->unsaved_cases;
    double seconds = ms->unsaved_seconds;
    ms->unsaved_cases = 0;
    ms->unsaved_seconds = 0;
    ms->last_commit = now();
    lock_store(ms);
    int rc = as_store_run_progress(o->store, o->run_id, ms->prog.next_case, cases, seconds, err);
    unlock_store(ms);
    return rc;
}

/* A round is done.  The store commits (every round when the caller fixed
 * the batch size) once COMMIT_SECONDS have passed and the cases since the
 * last commit pay for its rows, or after COMMIT_MAX_CASES cases or
 * commit_max_seconds, or when
 * new classes' texts pile up, and at the end: each commit rewrites every
 * class hit since the last one, which cost a quarter of a campaign when it
 * came every half second of a loaded machine; a kill loses at most the
 * cases since the last commit. */
static int commit_due(const main_state *ms, double t)
{
    const as_campaign_options *o = ms->e->o;
    if (!o->store || o->batch_cases > 0)
        return 1;
    if (ms->unsaved_cases >= COMMIT_MAX_CASES || t - ms->last_commit >= o->commit_max_seconds ||
        as_store_pending_bytes(o->store) >= COMMIT_PENDING_BYTES)
        return 1;
    return t - ms->last_commit >= COMMIT_SECONDS &&
           ms->unsaved_cases >= COMMIT_CASES_PER_ROW * (long long)as_store_pending_rows(o->store);
}

static int commit_round(main_state *ms, long long next_case, long long cases, double round_start,
                        as_error *err)
{
    const as_campaign_options *o = ms->e->o;
    double t = now();
    ms->prog.next_case = next_case;
    ms->prog.cases += cases;
    ms->prog.seconds = t - ms->start;
    ms->unsaved_cases += cases;
    ms->unsaved_seconds += t - round_start;
    if (commit_due(ms, t) && commit_store(ms, err) < 0)
        return -1;
    if (o->progress)
        o->progress(o->progress_ctx, &ms->prog);
    return 0;
}

static int should_stop(const as_campaign_options *o, const main_state *ms, long long k)
{
    return (o->end_case >= 0 && k >= o->end_case) || stop_now(o, ms->start);
}

/* One round of cases [k, hi): J contiguous ranges, one per worker, each
 * filling its round_out `slot`. */
typedef struct round {
    long long k, hi;
    int slot;
    int threaded;                  /* the workers run on threads (join them) */
    double started;
} round;

static void round_start(round *r, worker *workers, pthread_t *threads, int jobs, long long k, long long hi,
                        int slot, double start)
{
    *r = (round){k, hi, slot, jobs > 1, now()};
    long long chunk = (hi - k + jobs - 1) / jobs;
    for (int j = 0; j < jobs; j++) {
        worker *w = &workers[j];
        w->lo = k + chunk * j < hi ? k + chunk * j : hi;
        w->hi = w->lo + chunk < hi ? w->lo + chunk : hi;
        w->start = start;
        w->cur = &w->out[slot];
    }
    if (jobs == 1) {
        worker_fuzz(&workers[0]);
        return;
    }
    for (int j = 0; j < jobs; j++)
        if (pthread_create(&threads[j], NULL, worker_fuzz, &workers[j]) != 0)
            worker_fuzz(&workers[j]), threads[j] = 0;
}

static void round_wait(const round *r, pthread_t *threads, int jobs)
{
    for (int j = 0; r->threaded && j < jobs; j++)
        if (threads[j])
            pthread_join(threads[j], NULL);
}

/* The shrinkers' memos: with --jobs J > 1 the round's new classes are
 * shrunk while the workers run the next round, so on J threads of their
 * own (the workers' memos are in use). */
static as_checker *shrinkers(main_state *ms, worker *workers, int jobs)
{
    if (jobs == 1)
        return &workers[0].ck;
    if (!ms->shrinkers) {
        ms->shrinkers = calloc((size_t)jobs, sizeof *ms->shrinkers);
        if (!ms->shrinkers)
            abort();
        for (int j = 0; j < jobs; j++) {
            ms->shrinkers[j].memo = as_message_memo_new();
            ms->shrinkers[j].causes = as_cause_memo_new();
        }
        ms->n_shrinkers = jobs;
    }
    return ms->shrinkers;
}

int as_campaign_fuzz(const as_campaign_options *o, as_campaign_progress *out, as_error *err)
{
    engine e;
    prefetched *pre = calloc((size_t)o->n_subjects + 1, sizeof *pre);
    if (!pre)
        abort();
    engine_init(&e, o, pre);
    int jobs = o->jobs < 1 ? 1 : o->jobs > 256 ? 256 : o->jobs;
    for (int i = 0; i < o->n_subjects; i++)
        if (is_external(o->subjects[i]))
            jobs = 1;
    worker *workers = calloc((size_t)jobs, sizeof *workers);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    if (!workers || !threads)
        abort();
    for (int j = 0; j < jobs; j++)
        worker_init(&workers[j], &e);
    main_state ms = {.e = &e, .start = now()};
    ms.last_commit = ms.start;
    int rc = main_state_init(&ms, o, err);
    e.store_lock = &ms.store_lock;
    /* each round's commit is written while the next round runs */
    if (rc == 0 && o->store)
        as_store_set_background(o->store, 1, NULL);
    ms.prog.next_case = o->start_case;
    ms.prog.total = o->end_case >= 0 && o->time_limit <= 0 ? o->end_case - o->start_case : -1;
    /* cases per worker and round; external subjects (a real release answers
     * ~20 cases a second) start small, so that the first commit comes
     * within seconds too */
    long long per = o->batch_cases > 0 ? o->batch_cases : e.n_pre ? 32 : 256;
    long long k = o->start_case;
    double last_end = ms.start;            /* when the previous round was merged */
    round cur;
    int running = 0;
    if (rc == 0 && !should_stop(o, &ms, k)) {
        long long hi = o->end_case >= 0 && k + per * jobs > o->end_case ? o->end_case : k + per * jobs;
        round_start(&cur, workers, threads, jobs, k, hi, 0, ms.start);
        running = 1;
    }
    /* Round r's merge, shrinks and commit overlap round r + 1's cases
     * (--jobs > 1): no core waits for the main thread between rounds. */
    while (running) {
        round_wait(&cur, threads, jobs);
        /* Only the cases before the first one not done count: a worker that
         * stopped early ends the done prefix, later workers' results are
         * dropped, so the resume point and the stored counts agree. */
        long long done_to = cur.hi;
        int stopped = 0, slot = cur.slot, n_merge = 0;
        for (int j = 0; j < jobs && !stopped; j++) {
            if (workers[j].lo < workers[j].stopped_at)
                n_merge = j + 1;
            if (workers[j].stopped_at < workers[j].hi) {
                done_to = workers[j].stopped_at;
                stopped = 1;
            }
        }
        round this = cur;
        running = 0;
        if (rc == 0 && !stopped && !should_stop(o, &ms, done_to)) {
            long long hi = o->end_case >= 0 && done_to + per * jobs > o->end_case ? o->end_case : done_to + per * jobs;
            if (jobs > 1) {   /* jobs == 1 runs it after this one's merge, on this thread */
                round_start(&cur, workers, threads, jobs, done_to, hi, !slot, ms.start);
            } else {
                cur = (round){done_to, hi, !slot, 0, 0};
            }
            running = 1;
        }
        for (int j = 0; j < n_merge && rc == 0; j++)
            rc = merge_round(&ms, &workers[j].out[slot], err);
        if (rc == 0)
            rc = run_shrinks(&ms, shrinkers(&ms, workers, jobs), jobs, err);
        ms.n_jobs = 0;
        for (int j = 0; j < jobs; j++)
            round_out_clear(&workers[j].out[slot]);
        if (rc == 0 && (done_to > this.k || !stopped))
            rc = commit_round(&ms, done_to, done_to - this.k, last_end, err);
        last_end = now();
        /* rounds of 0.5-2 s (cases, merge and shrinks; with J > 1 the round
         * after next is the first to change): few commits, yet a kill loses
         * little, and the commit bounds, checked at the end of a round, hold
         * within a round's time however slow the subjects */
        if (o->batch_cases <= 0 && last_end - this.started < 0.5 && per < (e.n_pre ? MAX_PREFETCH_BATCH : MAX_BATCH))
            per *= 2;
        else if (o->batch_cases <= 0 && last_end - this.started > 2.0 && per > 1)
            per /= 2;
        if (rc != 0 && running) {   /* let the round already started finish, then drop it */
            round_wait(&cur, threads, jobs);
            for (int j = 0; j < jobs; j++)
                round_out_clear(&workers[j].out[cur.slot]);
            running = 0;
        }
        if (running && jobs == 1) {
            long long hi = o->end_case >= 0 && cur.k + per > o->end_case ? o->end_case : cur.k + per;
            round_start(&cur, workers, threads, jobs, cur.k, hi, cur.slot, ms.start);
        }
    }
    if (rc == 0)
        rc = commit_store(&ms, err);
    if (o->store) {   /* the last commit's result */
        as_error last;
        if (as_store_set_background(o->store, 0, &last) < 0 && rc == 0) {
            if (err)
                *err = last;
            rc = -1;
        }
    }
    for (int j = 0; j < jobs; j++)
        worker_free(&workers[j]);
    free(workers);
    free(threads);
    seen_free(&ms.global);
    main_state_free(&ms);
    for (int j = 0; j < e.n_pre; j++)
        as_arena_free(&pre[j].arena);
    free(pre);
    if (out)
        *out = ms.prog;
    return rc;
}

/* ---- enumeration ------------------------------------------------------ */

typedef struct enum_run {
    main_state *ms;
    worker *w;
    const group *g;
    long long k;           /* case number of the next enumerated case */
    long long batch_lo;
    double batch_start;
    int rc;
    as_error *err;
} enum_run;

static int enum_case(void *ctx, const as_gen_case *gc)
{
    enum_run *r = ctx;
    const as_campaign_options *o = r->ms->e->o;
    if (r->k < o->start_case) {
        r->k++;
        return 0;
    }
    if (should_stop(o, r->ms, r->k))
        return 1;
    r->k++;
    as_arena_reset(&r->w->arena);
    worker_case(r->w, r->g, gc, -1);
    long long per = o->batch_cases > 0 ? o->batch_cases : 4096;
    if (r->k - r->batch_lo >= per) {
        worker_harvest(r->w);
        r->rc = merge_round(r->ms, r->w->cur, r->err);
        if (r->rc == 0)
            r->rc = run_shrinks(r->ms, &r->w->ck, 1, r->err);
        r->ms->n_jobs = 0;
        round_out_clear(r->w->cur);
        if (r->rc == 0)
            r->rc = commit_round(r->ms, r->k, r->k - r->batch_lo, r->batch_start, r->err);
        r->batch_lo = r->k;
        r->batch_start = now();
    }
    return r->rc != 0;
}

long long as_campaign_enumerate_count(const as_campaign_options *o, const as_enum_options *eo)
{
    engine e;
    engine_init(&e, o, NULL);
    long long n = 0;
    for (int g = 0; g < e.n_groups; g++)
        n += as_enumerate(eo, e.groups[g].family, o->py_minor, NULL, NULL);
    return n;
}

int as_campaign_enumerate(const as_campaign_options *o, const as_enum_options *eo,
                          as_campaign_progress *out, as_error *err)
{
    engine e;
    engine_init(&e, o, NULL);
    worker w;
    worker_init(&w, &e);
    main_state ms = {.e = &e, .start = now()};
    ms.last_commit = ms.start;
    e.store_lock = &ms.store_lock;
    if (main_state_init(&ms, o, err) < 0) {
        main_state_free(&ms);
        worker_free(&w);
        return -1;
    }
    ms.prog.next_case = o->start_case;
    ms.prog.total = as_campaign_enumerate_count(o, eo) - o->start_case;
    enum_run r = {&ms, &w, NULL, 0, o->start_case, now(), 0, err};
    for (int g = 0; g < e.n_groups && r.rc == 0; g++) {
        r.g = &e.groups[g];
        as_enumerate(eo, r.g->family, o->py_minor, enum_case, &r);
        if (should_stop(o, &ms, r.k))
            break;
    }
    if (r.rc == 0 && r.k > r.batch_lo) {
        worker_harvest(&w);
        r.rc = merge_round(&ms, w.cur, err);
        if (r.rc == 0)
            r.rc = run_shrinks(&ms, &w.ck, 1, err);
        ms.n_jobs = 0;
        round_out_clear(w.cur);
        if (r.rc == 0)
            r.rc = commit_round(&ms, r.k, r.k - r.batch_lo, r.batch_start, err);
    }
    if (r.rc == 0)
        r.rc = commit_store(&ms, err);
    worker_free(&w);
    seen_free(&ms.global);
    main_state_free(&ms);
    if (out)
        *out = ms.prog;
    return r.rc;
}

/* ---- subject selection ------------------------------------------------ */

int as_campaign_select_subjects(const char *list, const as_subject ***out, int *n, as_error *err)
{
    return as_campaign_select_subjects_ext(list, NULL, out, n, err);
}

int as_campaign_select_subjects_ext(const char *list, as_ext_set *ext, const as_subject ***out, int *n,
                                    as_error *err)
{
    const as_subject *const *all = as_subjects_all();
    int total = as_subjects_count();
    int n_names = 1;
    for (const char *q = list ? list : ""; *q; q++)
        n_names += *q == ',';
    const as_subject **sel = calloc((size_t)(total + n_names) + 1, sizeof *sel);
    const as_subject **extra = calloc((size_t)n_names, sizeof *extra);   /* external, in list order */
    int n_extra = 0;
    char *mark = calloc((size_t)total + 1, 1);
    if (!sel || !extra || !mark)
        abort();
    int rc = 0;
    if (!list || strcmp(list, "all") == 0) {
        for (int i = 0; i < total; i++)
            mark[i] = all[i] != as_subject_reference();
    } else {
        const char *p = list;
        while (*p && rc == 0) {
            size_t len = strcspn(p, ",");
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)len, p);
            int hit = 0;
            for (int i = 0; i < total; i++)
                if (all[i] != as_subject_reference() && (strcmp(name, "all") == 0 ||   /* "all,py:x" */
                                                         strcmp(all[i]->id, name) == 0 ||
                                                         strcmp(all[i]->family, name) == 0))
                    mark[i] = 1, hit = 1;
            if (!hit && strcmp(name, "reference") != 0) {
                as_error xerr;
                const as_subject *s = ext ? as_subject_resolve(ext, name, &xerr) : as_subject_find(name);
                if (s && !(s->caps & AS_CAP_EXTERNAL)) {   /* FAMILY@RELEASE: its model */
                    for (int i = 0; i < total; i++)
                        if (all[i] == s && s != as_subject_reference())
                            mark[i] = 1;
                } else if (s) {
                    int dup = 0;
                    for (int j = 0; j < n_extra; j++)
                        dup |= extra[j] == s;
                    if (!dup)
                        extra[n_extra++] = s;
                } else if (ext) {
                    if (err)   /* unknown, not installed or not startable: xerr says which */
                        *err = xerr;
                    rc = -1;
                } else {
                    rc = as_input_error(err, (int)(p - list) + 1,
                                        "unknown subject '%s' (see 'argsplit subjects')", name);
                }
            }
            p += len;
            if (*p == ',')
                p++;
        }
    }
    int k = 0;
    for (int i = 0; i < total; i++)
        if (mark[i])
            sel[k++] = all[i];
    for (int j = 0; j < n_extra; j++)
        sel[k++] = extra[j];
    free(extra);
    free(mark);
    if (rc < 0) {
        free(sel);
        return -1;
    }
    *out = sel;
    *n = k;
    return 0;
}
