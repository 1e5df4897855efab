# What every command shares: option errors, help, did-you-mean, --subject
# lists, one JSON document per --json, --jsonl exit status.
add_test(NAME cli_conventions COMMAND bash ${CMAKE_SOURCE_DIR}/tests/cli_conventions_test.sh $<TARGET_FILE:argsplit_cli>)
