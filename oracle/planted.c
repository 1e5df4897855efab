/* planted.c — see planted.h. */
#include "oracle/planted.h"

#include <stdlib.h>
#include <string.h>

int as_planted(const char *name)
{
#ifdef ARGSPLIT_PLANTED_BUGS
    const char *list = getenv("ARGSPLIT_PLANT");
    size_t n = strlen(name);
    while (list && *list) {
        const char *end = strchr(list, ',');
        size_t len = end ? (size_t)(end - list) : strlen(list);
        if (len == n && strncmp(list, name, n) == 0)
            return 1;
        list = end ? end + 1 : NULL;
    }
#else
    (void)name;
#endif
    return 0;
}
