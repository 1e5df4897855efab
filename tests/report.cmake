# `argsplit report`: the CLI contract on a real campaign database plus the
# conformance gate's JSON (report_cli), and the HTML rendered by Debian's
# headless chromium (report_browser, label `browser`; it fails with one line
# when chromium is missing: scripts/bootstrap installs it; the page and its screenshot are kept as CI artifacts in
# out/ci/report.html and out/ci/report.png of the source tree).
add_test(NAME report_cli
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/report_browser_test.sh cli $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR}/out/ci)
set_tests_properties(report_cli PROPERTIES TIMEOUT 300 LABELS cli)
add_test(NAME report_browser
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/report_browser_test.sh browser $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR}/out/ci)
set_tests_properties(report_browser PROPERTIES TIMEOUT 300 LABELS browser)
