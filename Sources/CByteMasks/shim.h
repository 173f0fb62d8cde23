#ifndef CByteMasks_SHIM_H
#define CByteMasks_SHIM_H

// Byte-class masks over sixteen bytes, for the JSON string scan. Swift has no movemask: with
// SSE2 the block below is two loads' worth of compares and two PMOVMSKB instructions, where
// SWAR on 64-bit lanes needs about three times as many instructions and still no exact mask.

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// For the sixteen bytes at `bytes` (any alignment; all sixteen must be readable): bit k
/// (0-15) is set when byte k is '"', '\\' or below 0x20, the bytes that end a plain run of a
/// JSON string, and bit 16 + k when byte k is 0x80 or above, which calls for UTF-8 checks.
/// Written without vector instructions; `sluice_string_block_masks` gives the same answer.
static inline uint32_t sluice_string_block_masks_portable(const void *bytes) {
    unsigned char block[16];
    memcpy(block, bytes, 16);
    uint32_t stops = 0;
    uint32_t highs = 0;
    for (int k = 0; k < 16; k++) {
        unsigned char b = block[k];
        stops |= (uint32_t)(b == '"' || b == '\\' || b < 0x20) << k;
        highs |= (uint32_t)(b >> 7) << k;
    }
    return stops | highs << 16;
}

/// `sluice_string_block_masks_portable`, with SSE2 where the target has it.
static inline uint32_t sluice_string_block_masks(const void *bytes) {
#if defined(__SSE2__)
    __m128i block = _mm_loadu_si128((const __m128i *)bytes);
    __m128i quote = _mm_cmpeq_epi8(block, _mm_set1_epi8('"'));
    __m128i backslash = _mm_cmpeq_epi8(block, _mm_set1_epi8('\\'));
    // Unsigned b < 0x20 exactly when max(b, 0x1F) is 0x1F.
    __m128i limit = _mm_set1_epi8(0x1F);
    __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(block, limit), limit);
    __m128i stops = _mm_or_si128(_mm_or_si128(quote, backslash), control);
    uint32_t stopBits = (uint32_t)_mm_movemask_epi8(stops);
    uint32_t highBits = (uint32_t)_mm_movemask_epi8(block);
    return stopBits | highBits << 16;
#else
    return sluice_string_block_masks_portable(bytes);
#endif
}

#endif
