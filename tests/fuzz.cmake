# 1 MB worst cases of every shape for every harness, generated (not shipped:
# a corpus's input sizes set libFuzzer's -max_len), each run once; under
# ASan+UBSan in the sanitizer build.  scripts/nightly runs them too.
add_test(NAME fuzz_worst_cases COMMAND python3 ${CMAKE_SOURCE_DIR}/fuzz/tools/worst-cases.py --run ${CMAKE_BINARY_DIR})
set_tests_properties(fuzz_worst_cases PROPERTIES LABELS fuzz TIMEOUT 900)
# Every fuzz harness replays its shipped corpus (and any saved crash inputs
# under fuzz/regressions/<target>/) as a regression test.
foreach(src ${FUZZ_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  set(dirs ${CMAKE_SOURCE_DIR}/corpus/${name})
  if(EXISTS ${CMAKE_SOURCE_DIR}/fuzz/regressions/${name})
    list(APPEND dirs ${CMAKE_SOURCE_DIR}/fuzz/regressions/${name})
  endif()
  if(EXISTS ${CMAKE_SOURCE_DIR}/corpus/${name})
    add_test(NAME replay_${name} COMMAND ${name}_replay ${dirs})
    set_tests_properties(replay_${name} PROPERTIES LABELS fuzz)
  endif()
endforeach()
# What the AFL++ and libFuzzer builds must leave uninstrumented (the
# FZ_NO_COVERAGE functions, the files of fuzz/afl_denylist.txt) is, and
# nothing else: a few files compiled as scripts/fuzz-build compiles them
# (seconds; needs afl-clang-fast, as scripts/bootstrap installs it).
add_test(NAME fuzz_nocoverage
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fuzz_nocoverage_test.sh $<TARGET_FILE:argsplit>)
set_tests_properties(fuzz_nocoverage PROPERTIES LABELS fuzz TIMEOUT 300)
