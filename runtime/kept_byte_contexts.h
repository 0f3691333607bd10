// Per-byte context arrays kept for good, one per distinct contents, for shadow records to share.
//
// A record whose bytes one thread reached from different sites in one epoch names a context per
// byte (or per pair of bytes) through an array (detector/race/shadow_cell.h). The arrays of a
// program's granules mostly repeat: an unrolled loop writes every granule of an array from the
// same four sites, a struct's fields are written by the same code each time. Kept once here,
// they cost a table entry instead of 32 or 64 bytes a granule (pbzip2: 2.3 M granules of its
// sort arrays). At most kKeptContextBytes are kept; past that, or when a table neighbourhood is
// full, the caller makes a fresh array of its own (clock_memory.cpp).
//
// Thread-safety: any thread. Finding a kept array reads the table and the arrays without a lock
// (entries are published with release after their array is written, and never change); keeping
// a new one takes the table's lock, so the caller must count as inside the runtime.
#ifndef INTERLOCK_RUNTIME_KEPT_BYTE_CONTEXTS_H
#define INTERLOCK_RUNTIME_KEPT_BYTE_CONTEXTS_H

#include "detector/race/shadow_cell.h"
#include "runtime/platform.h"

namespace interlock {

// The kept array equal to `contents`, or null when there is no room for it.
const race::ByteContexts *kept_byte_contexts(const race::ByteContexts &contents);
const race::PairContexts *kept_pair_contexts(const race::PairContexts &contents);
// True when `array` is a kept array (its release frees nothing).
bool is_kept_context_array(const void *array);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_KEPT_BYTE_CONTEXTS_H
