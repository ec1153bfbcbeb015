/* Forced into every translation unit (-include): functions that invite buffer overflows or
 * silent misparses become compile errors. Use snprintf, strtol/strtoul and explicit lengths. */
#ifndef CSP_BANNED_H
#define CSP_BANNED_H

/* The standard headers that declare them come first, so the macros below only see our code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BANNED(func) sorry_##func##_is_banned_in_csponboard

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gets
#define gets(x) BANNED(gets)

#endif
