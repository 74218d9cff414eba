// The CPU's prefetch hint, which Swift does not expose. Memory-latency-bound kernels (the cost
// search) ask for a cell's neighbourhood a few cells before they need it.
static inline void hinterland_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }
