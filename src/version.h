/* version: flow's version and the versions of the libraries it runs with, as a bug
 * report needs them. */
#ifndef FLOW_VERSION_H
#define FLOW_VERSION_H

#include <stdio.h>

/* Print "flow VERSION" and one line per library, with the version it runs with (the
 * shared library loaded now, where the library can tell). */
void version_print(FILE *out, const char *flow_version);

#endif
