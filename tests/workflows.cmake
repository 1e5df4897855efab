# The CI templates (.github/workflows, .clusterfuzzlite, the GitLab file in
# docs/CONFORMANCE.md) parse and carry what their runners require.
add_test(NAME ci_workflows COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/workflows_test.py ${CMAKE_SOURCE_DIR})
