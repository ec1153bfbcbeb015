/* How far apart two short words are, for "did you mean ...?" (an unknown option, an unknown
 * configuration key). */
#ifndef CSP_TEXT_DISTANCE_H
#define CSP_TEXT_DISTANCE_H

#include <stddef.h>

/* Edit distance between a (alen bytes) and the string b, capped: 99 when either is 63 bytes or
 * longer (enough to rank near misses). */
size_t text_distance(const char *a, size_t alen, const char *b);

#endif
