# CLI contract of `argsplit fuzz` and `argsplit enumerate`: summary line and
# exit statuses, bad input, --fail-on-new, kill -9 then --resume giving the
# same classes and hit counts as an uninterrupted run, --jobs and --shard
# with merge agreeing with one run, and enumerate's count line.
add_test(NAME campaign_cli COMMAND bash ${CMAKE_SOURCE_DIR}/tests/campaign_cli_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(campaign_cli PROPERTIES TIMEOUT 1200)
# Every metamorphic reproducer replays (argsplit split on the original and the
# rewritten case shown by argsplit replay) to exactly the answers shown.
add_test(NAME meta_replay COMMAND sh ${CMAKE_SOURCE_DIR}/tests/meta_replay_test.sh $<TARGET_FILE:argsplit_cli>)
