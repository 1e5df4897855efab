# The gate's SARIF validates against the official 2.1.0 schema (from a
# pinned PyPI package, cached outside the tree) and its JUnit has only the
# attributes Jenkins and GitLab read.
add_test(NAME gate_formats COMMAND bash ${CMAKE_SOURCE_DIR}/tests/formats_test.sh $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(gate_formats PROPERTIES LABELS conformance)
