/* pyversion.c — see pyversion.h. */
#include "oracle/pyversion.h"

#include <stdlib.h>
#include <string.h>

int as_pyversion_parse(const char *text)
{
    if (!text || !*text)
        return -1;
    const char *p = text;
    if (p[0] == '3' && p[1] == '.')
        p += 2;
    char *end;
    long minor = strtol(p, &end, 10);
    if (end == p || (*end != '\0' && *end != '.'))
        return -1;
    if (minor < AS_PY_MIN || minor > AS_PY_MAX)
        return -1;
    return (int)minor;
}
