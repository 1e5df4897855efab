# CLI contract of `argsplit triage`, `argsplit replay` and `argsplit merge`
# (readable and JSON output, snippets that parse as Python, merge idempotence,
# exit status 2 with one line naming the file for missing, foreign, corrupt
# and locked databases).  test_store --make-fixture writes the sample database.
add_test(NAME store_cli
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/store_cli_test.sh $<TARGET_FILE:argsplit_cli>
                 $<TARGET_FILE:test_store>)
# A store call that hung on a locked database would end here, not after ctest's default 1500 s.
set_tests_properties(store_cli PROPERTIES TIMEOUT 300)
