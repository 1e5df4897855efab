# CLI contract of `argsplit bind` (readable, --json, --jsonl streaming, exit statuses).
add_test(NAME bind_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/bind_cli_test.sh $<TARGET_FILE:argsplit_cli>)
