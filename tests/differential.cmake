# Differential test of `argsplit bind --jsonl` against real CPython calls on
# every pyenv interpreter 3.8..3.13 (tests/run_differential.sh).
add_test(NAME differential_bind
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/run_differential.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(differential_bind PROPERTIES LABELS "differential" TIMEOUT 600)

# The generator, the truth script and the comparator checked on their own:
# every outcome class is reached and the truth of the spec's examples holds.
add_test(NAME differential_truth_selftest
         COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/truth/selftest.py)
set_tests_properties(differential_truth_selftest PROPERTIES LABELS "differential")
