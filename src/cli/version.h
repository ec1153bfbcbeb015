/* csponboard --version: the program's version and those of the libraries it runs with. */
#ifndef CSP_VERSION_H
#define CSP_VERSION_H

#include <stdio.h>

/* Writes "csponboard X.Y.Z" and one line per library (the version loaded at run time where
 * the library can tell it, else the one compiled against). */
void version_print(FILE *out);

#endif
