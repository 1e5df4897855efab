# The contracts of scripts/real-env and of the adapter's handshake, offline (docs/REAL.md).
add_test(NAME real_contract COMMAND bash ${CMAKE_SOURCE_DIR}/tests/real/contract_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(real_contract PROPERTIES LABELS "real" TIMEOUT 300)
