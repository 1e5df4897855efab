# Fuzzing tests (issue 9).  Default suite: the importer's CLI contract and,
# in a libFuzzer build (-DARGSPLIT_FUZZ=ON), a short smoke run of every
# target.  Slow proofs (planted bug found within a minute, ClusterFuzzLite
# build.sh, the nightly end to end, AFL++'s hand-over) only with -DARGSPLIT_SLOW_TESTS=ON, label
# `slow`: cmake -DARGSPLIT_SLOW_TESTS=ON ... && ctest -L slow.
option(ARGSPLIT_SLOW_TESTS "Register the slow fuzzing proofs (label slow)" OFF)

add_test(NAME fuzz_import_findings
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_import_test.sh
                 $<TARGET_FILE:argsplit_cli> $<TARGET_FILE:fuzz_differential_replay>)
set_tests_properties(fuzz_import_findings PROPERTIES LABELS "fuzz;cli" TIMEOUT 120)
# the reason scripts/nightly gives each crash (fuzz/tools/crash-reason.sh)
add_test(NAME fuzz_crash_reason
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_crash_reason_test.sh)
set_tests_properties(fuzz_crash_reason PROPERTIES LABELS fuzz TIMEOUT 120)

if(ARGSPLIT_FUZZ)
  add_test(NAME fuzz_smoke
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_smoke.sh ${CMAKE_BINARY_DIR} 1)
  set_tests_properties(fuzz_smoke PROPERTIES LABELS fuzz TIMEOUT 120)
endif()

if(ARGSPLIT_SLOW_TESTS)
  add_test(NAME fuzz_planted_bug
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_planted_test.sh 60)
  add_test(NAME fuzz_clusterfuzzlite_build
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_cflite_test.sh)
  add_test(NAME fuzz_nightly_short
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_nightly_test.sh)
  # fuzz/afl_main.c's two hand-overs under afl-fuzz, the direct one also
  # with a fork server slow to write a new child's pid: crashes and hangs go
  # to the right inputs, afl-fuzz stops on time (~1.5 minutes)
  add_test(NAME fuzz_afl_handover
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_afl_test.sh 20)
  set_tests_properties(fuzz_planted_bug fuzz_clusterfuzzlite_build fuzz_nightly_short fuzz_afl_handover
                       PROPERTIES LABELS "slow;fuzz" TIMEOUT 1800)
endif()
