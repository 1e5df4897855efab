# docs/EXTERNAL.md's "own library" example runs as printed (an external
# subject records and then passes its own expectations).
add_test(NAME own_library COMMAND bash ${CMAKE_SOURCE_DIR}/tests/own_library_test.sh $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
