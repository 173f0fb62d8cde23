#ifndef CIsal_SHIM_H
#define CIsal_SHIM_H

#include <stddef.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

/// The offset of `inflate_state.tmp_out_buffer`, which Swift does not import (a C array that
/// large has no tuple form): a saved state is the struct up to it, then its history.
static inline size_t sluice_isal_history_offset(void) {
    return offsetof(struct inflate_state, tmp_out_buffer);
}

#endif
