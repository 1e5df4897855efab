/* fuzz_spec.c — the spec parser never crashes; accepted specs round-trip
 * through the printer and through JSON; an integer literal is either read
 * exactly or refused as out of range, never truncated. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "oracle/spec.h"

/* The input's first bytes as a decimal literal (one digit per byte, a
 * leading '-' when the first byte is odd), checked against a reading that
 * cannot overflow: digit strings compared with LLONG_MAX's. */
static void check_int_literal(const uint8_t *data, size_t size)
{
    char text[64] = "in_axes=";
    size_t n = strlen(text), d0;
    int negative = size > 0 && (data[0] & 1);
    if (negative)
        text[n++] = '-';
    d0 = n;
    for (size_t i = 1; i < size && n < sizeof text - 1; i++)
        text[n++] = (char)('0' + data[i] % 10);
    text[n] = '\0';
    const char *digits = text + d0;
    size_t nd = strlen(digits);
    if (nd == 0)
        return;
    const char *limit = negative ? "9223372036854775808" : "9223372036854775807";
    int leading_zero = nd > 1 && digits[0] == '0' && strspn(digits, "0") != nd;
    const char *sig = digits + strspn(digits, "0");
    size_t ns = strlen(sig);
    int in_range = ns < 19 || (ns == 19 && strcmp(sig, limit) <= 0);
    as_arena *arena = fuzz_input_arena();
    as_error err;
    as_spec spec;
    int rc = as_spec_parse(arena, text, n, &spec, &err);
    if (leading_zero) {
        if (rc == 0)
            fuzz_violation("leading zeros accepted", text);
    } else if (!in_range) {
        if (rc == 0 || strstr(err.message, "range") == NULL)
            fuzz_violation("out-of-range integer not refused as such", text);
    } else {
        unsigned long long u = 0;
        for (const char *q = sig; *q; q++)
            u = u * 10 + (unsigned long long)(*q - '0');
        long long want = negative ? (long long)(0 - u) : (long long)u;
        if (rc != 0 || spec.n_entries != 1 || spec.entries[0].value.type != AS_VALUE_INT
            || spec.entries[0].value.i != want)
            fuzz_violation("integer literal not read exactly", text);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_int_literal(data, size);
    as_arena *arena = fuzz_input_arena();
    as_error err;
    as_spec spec;
    if (as_spec_parse(arena, (const char *)data, size, &spec, &err) == 0) {
        char *printed = as_spec_print(arena, &spec);
        as_spec again;
        if (as_spec_parse(arena, printed, strlen(printed), &again, &err) != 0)
            fuzz_violation("printed spec does not parse", printed);
        if (!as_spec_equal(&spec, &again))
            fuzz_violation("parse(print(spec)) != spec", printed);
        json_t *j = as_spec_to_json(&spec);
        as_spec from_json;
        if (as_spec_from_json(arena, j, &from_json, &err) != 0)
            fuzz_violation("spec JSON does not read back", printed);
        /* JSON has no tuple/list distinction: compare the printed JSON. */
        json_t *j2 = as_spec_to_json(&from_json);
        if (!json_equal(j, j2))
            fuzz_violation("spec JSON round trip differs", printed);
        json_decref(j);
        json_decref(j2);
    }
    return 0;
}
