# External subjects through the CLI (tests/external/cli_test.sh): the C
# reference against py:reference — the adapter observing real CPython
# binding — on generated cases, and the --subject py:/ext:/config contract.
# The driver's robustness tests are tests/test_external.c.
add_test(NAME external_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/external/cli_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(external_cli PROPERTIES TIMEOUT 600)
