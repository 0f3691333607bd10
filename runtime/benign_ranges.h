// The registry of address ranges whose races the program declared benign
// (AnnotateBenignRaceSized / INTERLOCK_BENIGN_RACE): a race whose reported access starts inside
// one of them is not reported.
//
// A range is never forgotten, not even when its memory is freed: a block reused after free keeps
// the exemption of its former owner (a missed report, never a false one). Registering the same
// range again adds nothing.
//
// Thread-safety: add_benign_race_range serializes on one lock; is_benign_race_address takes no
// lock (ranges are published whole, with release, and never unlinked) and may run concurrently
// with additions, which it sees or not. Heap-free: nodes come from internal_alloc.
#ifndef INTERLOCK_RUNTIME_BENIGN_RANGES_H
#define INTERLOCK_RUNTIME_BENIGN_RANGES_H

#include "runtime/rt.h"

namespace interlock {

// Declares races on [begin, begin + size) benign. size 0 declares nothing.
void add_benign_race_range(uptr begin, uptr size);

// Whether addr lies in a range declared benign. Cheap when no range was ever declared.
bool is_benign_race_address(uptr addr);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_BENIGN_RANGES_H
