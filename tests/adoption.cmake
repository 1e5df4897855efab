# Issue 17's "done when": a fresh clone of this repository at HEAD, the
# README's library-team lines, the pull-request and nightly jobs run from
# the workflow files, valid SARIF, and the report's first section naming the
# failures in chromium (tests/adoption_test.py).
add_test(NAME adoption COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/tests/adoption_test.py $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(adoption PROPERTIES TIMEOUT 900 LABELS "browser;cli;slow")
# scripts/bootstrap as root, through sudo, without sudo, and with nothing to
# install (stubbed dpkg/apt-get/sudo: no root, no network).
add_test(NAME bootstrap COMMAND /bin/bash ${CMAKE_SOURCE_DIR}/tests/bootstrap_test.sh ${CMAKE_SOURCE_DIR})
set_tests_properties(bootstrap PROPERTIES TIMEOUT 60 LABELS "cli")
