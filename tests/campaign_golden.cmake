# A seeded campaign (all subjects, store on, fresh store, shrinking included)
# stores the same findings with --jobs 1 and --jobs 2, and the ones recorded
# in tests/campaign_golden.txt (a canonical dump's digest: classes, hit
# counts, root causes, reproducers).  Speed work must not move it; a model
# or check change re-records it (the script says how).
add_test(NAME campaign_golden
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/campaign_golden_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(campaign_golden PROPERTIES TIMEOUT 600)
