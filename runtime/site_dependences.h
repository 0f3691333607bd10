// Which instrumented instruction depends on which earlier one: the (dependent site, source site)
// pairs each instrumented module registers from its constructor (__interlock_register_dependences,
// docs/design.md section 1 "Dependences between sites"). A dependent is a store, an atomic
// store/RMW/cmpxchg or a call whose operands were computed from the result of the source (a
// load, an atomic load/RMW/cmpxchg or a call), or whose execution was decided by a branch on
// such a value. The atomicity-violation analysis asks it whether a write was computed from (or
// guarded by) an earlier read: a read then an independent write is no lost update.
//
// A module's array gives each site as its offset from the array's start (no relocation). The
// runtime copies each array once, sorted (8 bytes a pair), and never reads the module's array or
// descriptors again. A module that is dlclosed keeps its pairs: its sites stay mapped,
// read-only, at the same addresses (interceptors/dlclose.cpp), so no other module's site can
// ever have them.
//
// Thread-safety: registration may run on any thread at any time (module constructors, dlopen),
// serialized by a spin lock (held across fork: runtime/fork.h); the lookups take no lock,
// allocate nothing and make no system call, so they are safe on any path of the runtime,
// including from a signal handler. Each lookup walks the registered arrays (five per module at
// most) and searches those whose sites range holds its own.
#ifndef INTERLOCK_RUNTIME_SITE_DEPENDENCES_H
#define INTERLOCK_RUNTIME_SITE_DEPENDENCES_H

#include <stddef.h>

#include "runtime/interface.h"

namespace interlock {

// Records `count` pairs laid out as [dependent0, source0, dependent1, source1, ...], each site as
// its offset in bytes from `pairs` (the site is (const char *)pairs + offset). The sites are the
// module's constant descriptors and are compared by address; pairs with an offset of 0 (no
// site) are ignored, a pair repeated in one array is kept once, and an array registered again
// (a second run of its module's constructor) is ignored.
void register_site_dependences(const int32_t *pairs, size_t count);

// The same for pairs of one kind (__interlock_register_value_dependences and
// __interlock_register_control_dependences): only the dependent's value was computed from the
// source's result, or only its execution was decided by a branch on it. A pair is registered
// with one kind: register_site_dependences takes those of both.
void register_value_dependences(const int32_t *pairs, size_t count);
void register_control_dependences(const int32_t *pairs, size_t count);

// True when `dependent`'s value or execution depends on `source`'s result within one function
// (as the plugin computed it: an over-approximation, never a proof of independence across
// functions: sites of different functions are never paired).
bool site_depends_on(const interlock_site *dependent, const interlock_site *source);
// True when it depends on it through control alone: a branch on the source's result decided
// that the dependent runs, and nothing it writes or passes was computed from it.
bool site_depends_on_only_through_control(const interlock_site *dependent,
                                          const interlock_site *source);
// True when a branch on `source`'s result decided that `dependent` runs (whatever its value was
// computed from).
bool site_decided_by(const interlock_site *dependent, const interlock_site *source);

// Address dependences (__interlock_register_address_dependences): `count` pairs laid out as
// above, (access site, source site), where the address the access (a store, a load, an atomic, a
// memory intrinsic) touches was computed from the source's result in the same function
// (`tasks[count++] = t` and the load of `count`). Kept in the same table, told apart by a tag.
// (Only writes are asked about; a load's pairs make its index a pair's source.)
void register_address_dependences(const int32_t *pairs, size_t count);

// True when `write`'s address was computed from `source`'s result within one function.
bool address_depends_on(const interlock_site *write, const interlock_site *source);

// True when `source` is the source of some registered pair, of either kind: some write's value,
// execution or address depends on its result.
bool site_starts_dependence(const interlock_site *source);
// True when `source` is the source of some address dependence (some access's address was
// computed from its result: an index).
bool site_starts_address_dependence(const interlock_site *source);

// Overwrites (__interlock_register_overwrites): `count` pairs laid out as above, (write site,
// read site), where the write stores to the bytes the read loaded, next in the read's block
// (`++n`). Only the reads are kept.
void register_overwrites(const int32_t *pairs, size_t count);

// True when a registered overwrite names `read` as its read.
bool read_is_overwritten_in_its_block(const interlock_site *read);

// Number of distinct pairs registered so far (for tests and statistics; takes the registration
// lock).
size_t site_dependence_count();

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SITE_DEPENDENCES_H
