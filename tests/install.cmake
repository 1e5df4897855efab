# cmake --install: the tool, its data and its man page; the installed tool
# finds its data from any directory.
add_test(NAME install COMMAND bash ${CMAKE_SOURCE_DIR}/tests/install_test.sh ${CMAKE_BINARY_DIR})
