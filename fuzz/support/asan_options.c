/* asan_options.c — every harness's ASan defaults (the environment's
 * ASAN_OPTIONS still win). */

/* What a harness frees per input is small (its memory comes from
 * fuzz_input_arena), but every freed block waits in ASan's quarantine,
 * 256 MB by default: RSS climbed for minutes (fuzz_binder 68 -> 171 MB in
 * 65k executions).  16 MB keeps it flat and still holds many inputs' frees,
 * so a use after free within an input is caught. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=16";
}
