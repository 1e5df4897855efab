# Bounded cost of one input (issue 16, docs/LIMITS.md): 1 MB worst cases of
# every shape through bind/split --jsonl, peak RSS and callgrind counts.
# Measured in the plain build only: sanitizer shadow memory is not the
# program's, and valgrind cannot run ASan binaries.
if(NOT ARGSPLIT_SANITIZE)
  add_executable(peak_rss ${CMAKE_SOURCE_DIR}/tests/tools/peak_rss.c)
  add_test(NAME limits_cost COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/limits_test.py
           $<TARGET_FILE:argsplit_cli> --peak-rss $<TARGET_FILE:peak_rss>)
  set_tests_properties(limits_cost PROPERTIES LABELS limits TIMEOUT 900)
endif()
