# CLI contract of `argsplit fuzz` and `argsplit enumerate`: summary line and
# exit statuses, bad input, --fail-on-new, kill -9 then --resume giving the
# same classes and hit counts as an uninterrupted run, --jobs and --shard
# with merge agreeing with one run, and enumerate's count line.
add_test(NAME campaign_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/campaign_cli_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(campaign_cli PROPERTIES TIMEOUT 600)
