# Every command README.md and docs/*.md print runs as printed, in a clone of
# HEAD; what cannot run is listed with its reason in tests/docs/doccmd.py.
add_test(NAME docs_commands COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/docs_commands_test.py $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(docs_commands PROPERTIES TIMEOUT 900 LABELS "cli;slow")
# ... and with --slow the ones of doccmd.SLOW too (installs, the demo, the
# fuzzer builds, real JAX/Equinox releases: about an hour), with
# -DARGSPLIT_SLOW_TESTS=ON and in the nightly workflow.
if(ARGSPLIT_SLOW_TESTS)
  add_test(NAME docs_commands_slow COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/docs_commands_test.py
           $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR} --slow)
  set_tests_properties(docs_commands_slow PROPERTIES TIMEOUT 7200 LABELS "cli;slow")
endif()
