# CLI contract of `argsplit subjects` and `argsplit split` (table, --json,
# --subject all, --jsonl streaming with bad lines, exit statuses).
add_test(NAME split_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/split_cli_test.sh $<TARGET_FILE:argsplit_cli>)
