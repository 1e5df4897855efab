# docs/ROOTCAUSES.md lists exactly the root causes of the seeded campaign it
# names, each with a line on why it is its own (tests/rootcause_table_test.sh).
add_test(NAME rootcause_table
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/rootcause_table_test.sh $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(rootcause_table PROPERTIES TIMEOUT 600)
