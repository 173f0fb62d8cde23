#ifndef CLzma_SHIM_H
#define CLzma_SHIM_H

#include <stdint.h>
#include <lzma.h>

/// LZMA_CONCATENATED is written with UINT32_C, which Swift does not import.
static inline uint32_t clzma_concatenated(void) { return LZMA_CONCATENATED; }

#endif
