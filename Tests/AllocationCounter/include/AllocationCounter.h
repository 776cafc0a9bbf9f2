#ifndef TESSERA_ALLOCATION_COUNTER_H
#define TESSERA_ALLOCATION_COUNTER_H

/// Starts counting this thread's calls to malloc, calloc and realloc (tests of allocation-free hot paths).
void tess_allocations_begin(void);
/// Stops counting and returns the number of calls since `tess_allocations_begin`.
long tess_allocations_end(void);

#endif
