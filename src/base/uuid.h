/* Random version-4 UUID strings for the MS-RequestId and MS-CorrelationId headers. */
#ifndef CSP_UUID_H
#define CSP_UUID_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of a UUID string including its terminating NUL: "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". */
#define UUID_STR_SIZE 37

/* A fast generator: seeded once from the kernel's random source, then a splitmix64 sequence.
 * The ids only need to be unique, not secret, so one getrandom() call per run is enough.
 * A generator is NOT thread-safe: each thread (the executor's loop, the sandbox) owns its own. */
struct uuid_gen {
  uint64_t state;
};

/* Seeds g from getrandom(), falling back to /dev/urandom. Returns 0, or CSP_E_IO when neither
 * source gives 8 bytes. */
int uuid_gen_init(struct uuid_gen *g);

/* Seeds g with a fixed value, for reproducible tests and the sandbox's --seed. */
void uuid_gen_seed(struct uuid_gen *g, uint64_t seed);

/* Writes the next random v4 UUID (lower case, NUL-terminated) into out. */
void uuid_gen_next(struct uuid_gen *g, char out[UUID_STR_SIZE]);

/* Writes a v4 UUID drawn straight from the kernel's random source (16 bytes per call; for the
 * rare caller that has no generator at hand). Returns 0 or CSP_E_IO. Thread-safe. */
int uuid_random(char out[UUID_STR_SIZE]);

/* Fills buf with len bytes from the kernel's random source (getrandom, else /dev/urandom):
 * good for secrets. Returns 0 or CSP_E_IO. Thread-safe. */
int random_kernel_bytes(void *buf, size_t len);

#endif
