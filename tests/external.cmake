# External subjects through the CLI (tests/external/cli_test.sh): the C
# reference against py:reference — the adapter observing real CPython
# binding — on generated cases, and the --subject py:/ext:/config contract.
# The driver's robustness tests are tests/test_external.c.
add_test(NAME external_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/external/cli_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(external_cli PROPERTIES TIMEOUT 600)

# real:FAMILY@RELEASE through the CLI with a fake real-env and adapter
# (tests/external/real_cli_test.sh); the C side is tests/test_real.c.
add_test(NAME real_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/external/real_cli_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(real_cli PROPERTIES TIMEOUT 300)
