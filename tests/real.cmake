# The real tier (tests/real/real_tier.py, docs/REAL.md): the C models against real
# JAX/Equinox releases, installed by scripts/real-env when missing.  Labelled `slow`
# too, so it runs once (in the normal build), not again under the sanitizers.
# ARGSPLIT_REAL=off skips it (exit 77 = a ctest skip, never a pass).
add_test(NAME real_tier COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/real/real_tier.py $<TARGET_FILE:argsplit_cli>)
set_tests_properties(real_tier PROPERTIES LABELS "real;slow" TIMEOUT 3600 SKIP_RETURN_CODE 77)
# The contracts of scripts/real-env and of the adapter's handshake, offline.
add_test(NAME real_contract COMMAND bash ${CMAKE_SOURCE_DIR}/tests/real/contract_test.sh $<TARGET_FILE:argsplit_cli>)
set_tests_properties(real_contract PROPERTIES LABELS "real" TIMEOUT 300)
