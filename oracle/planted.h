/* planted.h — deliberately wrong rules, compiled only into test builds
 * (-DARGSPLIT_PLANTED_BUGS=ON) and inert unless the environment variable
 * ARGSPLIT_PLANT names them.  They exist to prove that the gate, the
 * campaign and the fuzzers can fail: a checker that never fails checks
 * nothing. */
#ifndef ARGSPLIT_PLANTED_H
#define ARGSPLIT_PLANTED_H

/* 1 when ARGSPLIT_PLANT (a comma-separated list) contains `name`. */
int as_planted(const char *name);

#endif
