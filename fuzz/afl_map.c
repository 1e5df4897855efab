/* afl_map.c — for fuzz/afl_main.c: mark an execution in AFL++'s coverage
 * map as __AFL_LOOP does (its byte 0: "the target ran").  Compiled with
 * plain clang and linked beside afl_main.c, because afl-clang-fast's
 * instrumentation pass declares __afl_area_ptr in every unit it compiles
 * and renames the program's own reference. */
#include <stdint.h>

extern uint8_t *__afl_area_ptr;
void fuzz_afl_mark_run(void);

void fuzz_afl_mark_run(void)
{
    __afl_area_ptr[0] = 1;
}
