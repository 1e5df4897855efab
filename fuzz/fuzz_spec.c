/* fuzz_spec.c — the spec parser never crashes; accepted specs round-trip
 * through the printer and through JSON. */
#include <string.h>

#include "fuzz.h"
#include "oracle/spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena arena;
    as_arena_init(&arena);
    as_error err;
    as_spec spec;
    if (as_spec_parse(&arena, (const char *)data, size, &spec, &err) == 0) {
        char *printed = as_spec_print(&arena, &spec);
        as_spec again;
        if (as_spec_parse(&arena, printed, strlen(printed), &again, &err) != 0)
            fuzz_violation("printed spec does not parse", printed);
        if (!as_spec_equal(&spec, &again))
            fuzz_violation("parse(print(spec)) != spec", printed);
        json_t *j = as_spec_to_json(&spec);
        as_spec from_json;
        if (as_spec_from_json(&arena, j, &from_json, &err) != 0)
            fuzz_violation("spec JSON does not read back", printed);
        /* JSON has no tuple/list distinction: compare the printed JSON. */
        json_t *j2 = as_spec_to_json(&from_json);
        if (!json_equal(j, j2))
            fuzz_violation("spec JSON round trip differs", printed);
        json_decref(j);
        json_decref(j2);
    }
    as_arena_free(&arena);
    return 0;
}
