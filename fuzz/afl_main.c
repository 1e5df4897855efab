/* afl_main.c — AFL++ persistent-mode driver with shared-memory test cases.
 * Built only with afl-clang-fast (scripts/nightly), never by CMake. */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

__AFL_FUZZ_INIT();

int main(void)
{
    __AFL_INIT();
    unsigned char *buf = __AFL_FUZZ_TESTCASE_BUF;
    while (__AFL_LOOP(100000)) {
        int len = __AFL_FUZZ_TESTCASE_LEN;
        LLVMFuzzerTestOneInput(buf, (size_t)len);
    }
    return 0;
}
