/* fuzz_call.c — the call parser and the A2 expansion never crash; accepted
 * calls round-trip through the printer; expansion stays within limits. */
#include <string.h>

#include "fuzz.h"
#include "oracle/call.h"
#include "oracle/pyversion.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    as_error err;
    as_call call;
    int py_minor = AS_PY_MIN + (size ? data[0] % (AS_PY_MAX - AS_PY_MIN + 1) : 3);
    const char *text = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;
    if (as_call_parse(arena, text, len, py_minor, &call, &err) == 0) {
        char *printed = as_call_print(arena, &call);
        as_call again;
        if (as_call_parse(arena, printed, strlen(printed), py_minor, &again, &err) != 0)
            fuzz_violation("printed call does not parse", printed);
        if (!as_call_equal(&call, &again))
            fuzz_violation("parse(print(call)) != call", printed);
        as_call_args args;
        if (as_call_expand(arena, &call, py_minor, "f", &args, &err) == 0) {
            if (args.n_positional < 0 || args.n_keywords < 0 ||
                args.n_positional + args.n_keywords > AS_MAX_ARGS)
                fuzz_violation("expansion outside limits", printed);
            for (int i = 0; i < args.n_keywords; i++)
                for (int j = i + 1; j < args.n_keywords; j++)
                    if (strcmp(args.keywords[i].keyword, args.keywords[j].keyword) == 0)
                        fuzz_violation("duplicate keyword survived expansion", printed);
        }
    }
    return 0;
}
