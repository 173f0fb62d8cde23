#ifndef CPrefetch_SHIM_H
#define CPrefetch_SHIM_H

/// Asks the CPU to start loading the cache line at `address` for writing, without waiting for
/// it. Swift has no prefetch; the builtin compiles to one instruction (PREFETCHW or
/// PREFETCHT0 on x86-64) and never faults, whatever the address.
static inline void sluice_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// Asks the CPU to start loading the cache line at `address` for reading, without waiting
/// for it (PREFETCHT0 on x86-64); never faults, whatever the address.
static inline void sluice_prefetch_for_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
