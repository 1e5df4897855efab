/* suggest.c — the "Did you mean" keyword suggestion of CPython 3.13
 * (Python/suggestions.c, _Py_CalculateSuggestions), reproduced on UTF-8
 * bytes so that ties, thresholds and early exits pick the same candidate.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "oracle/binder.h"

enum {
    MAX_CANDIDATE_ITEMS = 750,
    MAX_STRING_SIZE = 40,
    MOVE_COST = 2,
    CASE_COST = 1
};

static size_t substitution_cost(char a, char b)
{
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a == b)
        return 0;
    if (a >= 'A' && a <= 'Z')
        a = (char)(a + ('a' - 'A'));
    if (b >= 'A' && b <= 'Z')
        b = (char)(b + ('a' - 'A'));
    return a == b ? CASE_COST : MOVE_COST;
}

/* Levenshtein distance, or max_cost + 1 once it is known to exceed
 * max_cost (CPython's early exits return exactly that). */
static size_t levenshtein(const char *a, size_t a_size, const char *b, size_t b_size,
                          size_t max_cost)
{
    size_t row[MAX_STRING_SIZE];

    while (a_size && b_size && a[0] == b[0]) {
        a++, b++;
        a_size--, b_size--;
    }
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) {
        a_size--;
        b_size--;
    }
    if (a_size == 0 || b_size == 0)
        return (a_size + b_size) * MOVE_COST;
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE)
        return max_cost + 1;
    if (b_size < a_size) {
        const char *t = a;
        a = b;
        b = t;
        size_t n = a_size;
        a_size = b_size;
        b_size = n;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost)
        return max_cost + 1;

    for (size_t i = 0; i < a_size; i++)
        row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = SIZE_MAX;
        for (size_t ai = 0; ai < a_size; ai++) {
            size_t substitute = distance + substitution_cost(code, a[ai]);
            distance = row[ai];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            row[ai] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max_cost)
            return max_cost + 1;
    }
    return result;
}

const char *as_suggest(const char *name, const char *const *candidates, int n_candidates)
{
    if (n_candidates >= MAX_CANDIDATE_ITEMS)
        return NULL;
    size_t name_size = strlen(name);
    size_t best_distance = SIZE_MAX;
    const char *best = NULL;
    for (int i = 0; i < n_candidates; i++) {
        const char *item = candidates[i];
        if (strcmp(item, name) == 0)
            continue;
        size_t item_size = strlen(item);
        /* No more than a third of the involved characters may change, and a
         * match already found is never replaced by an equal one. */
        size_t max_distance = (name_size + item_size + 3) * MOVE_COST / 6;
        if (best && best_distance - 1 < max_distance)
            max_distance = best_distance - 1;
        size_t d = levenshtein(name, name_size, item, item_size, max_distance);
        if (d > max_distance)
            continue;
        if (!best || d < best_distance) {
            best = item;
            best_distance = d;
        }
    }
    return best;
}
