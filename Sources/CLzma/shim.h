#ifndef CLzma_SHIM_H
#define CLzma_SHIM_H

#include <stdint.h>
#include <lzma.h>

#endif
