/* pyversion.h — which CPython's wording to reproduce.
 *
 * Binding behaviour is identical from 3.8 to 3.13; only message texts differ
 * (see docs/BINDING.md §5).  Everything that formats a
 * Python message takes the minor version (8..13) of Python 3.
 */
#ifndef ARGSPLIT_PYVERSION_H
#define ARGSPLIT_PYVERSION_H

enum {
    AS_PY_MIN = 8,
    AS_PY_MAX = 13,
    AS_PY_DEFAULT = 11
};

/* Parse "3.11" (or "3.11.7", or "11") into a minor version; -1 when the text
 * names no supported version. */
int as_pyversion_parse(const char *text);

#endif
