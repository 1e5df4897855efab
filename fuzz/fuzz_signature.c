/* fuzz_signature.c — the signature parser never crashes, and whatever it
 * accepts prints canonically and round-trips: print(parse(s)) is a fixed
 * point and parse(print(x)) == x. */
#include <string.h>

#include "fuzz.h"
#include "oracle/pyversion.h"
#include "oracle/signature.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    as_arena *arena = fuzz_input_arena();
    as_error err;
    as_signature sig;
    /* The first byte picks the Python wording; the rest is the text. */
    int py_minor = AS_PY_MIN + (size ? data[0] % (AS_PY_MAX - AS_PY_MIN + 1) : 3);
    const char *text = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;
    if (as_signature_parse(arena, text, len, py_minor, &sig, &err) == 0) {
        char *printed = as_signature_print(arena, &sig);
        as_signature again;
        if (as_signature_parse(arena, printed, strlen(printed), py_minor, &again, &err) != 0)
            fuzz_violation("printed signature does not parse", printed);
        if (!as_signature_equal(&sig, &again))
            fuzz_violation("parse(print(sig)) != sig", printed);
        char *printed2 = as_signature_print(arena, &again);
        if (strcmp(printed, printed2) != 0)
            fuzz_violation("print is not canonical", printed);
#ifdef ARGSPLIT_PLANTED_BUGS
        /* Test-only: a planted "parser bug" the fuzzer must find within a
         * minute from the shipped corpus (tests/fuzz_planted_test.sh): an
         * accepted header whose first 4 bytes are "(bug", e.g. "(bugw, a)",
         * like a parser that mishandles one spelling.  One 32-bit compare,
         * so comparison tracing can lead the fuzzer to it. */
        uint32_t head = 0;
        if (len >= 4)
            memcpy(&head, text, 4);
        if (head == (uint32_t)('(' | 'b' << 8 | 'u' << 16 | (uint32_t)'g' << 24))
            fuzz_violation("planted bug: header starting \"(bug\"", printed);
#endif
    } else if (err.message[0] == '\0' || err.type[0] == '\0') {
        fuzz_violation("error without type or message", NULL);
    }
    return 0;
}
