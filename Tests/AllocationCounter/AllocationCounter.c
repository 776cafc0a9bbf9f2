// Counts heap allocations of one thread, for tests that check a hot path allocates nothing.
//
// The test executable defines malloc, calloc and realloc, so every allocation in the process comes
// here (symbol interposition) and goes on to glibc's own functions (`__libc_malloc` …, exported by
// glibc for this purpose). Counting is off unless the calling thread turned it on: the cost elsewhere
// is one thread-local test. Linux/glibc only; elsewhere nothing is interposed and the count stays 0.
#include "AllocationCounter.h"
#include <stddef.h>
#include <stdlib.h>  // defines __GLIBC__ with glibc

#if defined(__linux__) && defined(__GLIBC__)
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static _Thread_local int counting = 0;
static _Thread_local long count = 0;

void *malloc(size_t n) {
    if (counting) count++;
    return __libc_malloc(n);
}

void *calloc(size_t a, size_t b) {
    if (counting) count++;
    return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n) {
    if (counting) count++;
    return __libc_realloc(p, n);
}

void tess_allocations_begin(void) { count = 0; counting = 1; }
long tess_allocations_end(void) { counting = 0; return count; }
#else
void tess_allocations_begin(void) {}
long tess_allocations_end(void) { return -1; }
#endif
