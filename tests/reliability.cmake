# Reliability (issue 16): trust boundaries, the store's promises, prompt stop
# and process lifecycle, each reproducer of the issue as a test; tests live
# in tests/reliability/.  The short soak (about a minute) is in the default
# suite; the 30-minute soak with -DARGSPLIT_SLOW_TESTS=ON (label slow) and in
# the nightly workflow.
add_executable(test_lifecycle ${CMAKE_SOURCE_DIR}/tests/reliability/test_lifecycle.c)
target_link_libraries(test_lifecycle PRIVATE argsplit PkgConfig::CMOCKA)
add_test(NAME reliability_lifecycle COMMAND test_lifecycle)
set(REL ${CMAKE_SOURCE_DIR}/tests/reliability)
add_test(NAME reliability_trust COMMAND bash ${REL}/trust_test.sh $<TARGET_FILE:argsplit_cli>)
add_test(NAME reliability_store COMMAND bash ${REL}/store_test.sh $<TARGET_FILE:argsplit_cli>)
add_test(NAME reliability_stop COMMAND bash ${REL}/stop_test.sh $<TARGET_FILE:argsplit_cli>)
add_test(NAME reliability_soak_short COMMAND bash ${REL}/soak.sh $<TARGET_FILE:argsplit_cli> 1)
add_test(NAME reliability_casefile_limits COMMAND bash ${REL}/casefile_limits_test.sh $<TARGET_FILE:argsplit_cli>)
add_test(NAME reliability_values COMMAND bash ${REL}/values_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(reliability_lifecycle reliability_trust reliability_store reliability_stop
                     reliability_soak_short reliability_casefile_limits reliability_values PROPERTIES LABELS reliability TIMEOUT 600
                     ENVIRONMENT "ARGSPLIT_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
# The issue's 1 GiB line, with its peak RSS (peak_rss: tests/limits.cmake, plain build only).
if(NOT ARGSPLIT_SANITIZE)
  add_test(NAME reliability_bigline COMMAND bash ${REL}/bigline_test.sh $<TARGET_FILE:argsplit_cli> $<TARGET_FILE:peak_rss>)
  set_tests_properties(reliability_bigline PROPERTIES LABELS reliability TIMEOUT 600)
endif()
if(ARGSPLIT_SLOW_TESTS)
  add_test(NAME reliability_soak COMMAND bash ${REL}/soak.sh $<TARGET_FILE:argsplit_cli> 30)
  set_tests_properties(reliability_soak PROPERTIES LABELS "slow;reliability" TIMEOUT 3000)
endif()
