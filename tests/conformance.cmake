# The conformance gate over the repository's own cases and expectations
# (must pass), and its self-test (flipped expectations and cases must fail
# with the right classification; bad input exits 2 with FILE:LINE).
add_test(NAME conformance_gate
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/gate_selftest.sh $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR} --gate-only)
add_test(NAME conformance_gate_selftest
         COMMAND bash ${CMAKE_SOURCE_DIR}/tests/gate_selftest.sh $<TARGET_FILE:argsplit_cli> ${CMAKE_SOURCE_DIR})
set_tests_properties(conformance_gate conformance_gate_selftest PROPERTIES LABELS conformance)
# In a build with the planted bugs, the self-test also flips a subject rule
# (ARGSPLIT_PLANT=jit-kwargs in the jax.jit model; see tests/gate_selftest.sh).
if(ARGSPLIT_PLANTED_BUGS)
  set_tests_properties(conformance_gate_selftest PROPERTIES
                       ENVIRONMENT "ARGSPLIT_PLANTED_BIN=$<TARGET_FILE:argsplit_cli>")
endif()
