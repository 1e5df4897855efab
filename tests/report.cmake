# `argsplit report`: the CLI contract on a real campaign database plus the
# conformance gate's JSON (report_cli), and the HTML rendered by Debian's
# headless chromium (report_browser, label `browser`; skipped when chromium
# is missing; the screenshot is kept as out/report.png in the build tree).
add_test(NAME report_cli
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/report_browser_test.sh cli $<TARGET_FILE:argsplit_cli> ${CMAKE_BINARY_DIR}/out)
set_tests_properties(report_cli PROPERTIES TIMEOUT 300 LABELS cli)
add_test(NAME report_browser
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/report_browser_test.sh browser $<TARGET_FILE:argsplit_cli> ${CMAKE_BINARY_DIR}/out)
set_tests_properties(report_browser PROPERTIES TIMEOUT 300 LABELS browser SKIP_RETURN_CODE 77)
