// Which instrumented instruction of a function depends on which other one: the (dependent,
// source) pairs the module registers with __interlock_register_dependences (docs/design.md
// section 1, "Dependences between sites"), so that the runtime can tell a read followed by a
// write computed from it (a lost update when another thread writes in between) from a read
// followed by an independent write.
//
// A *source* is an instruction whose result the program uses (a load, an atomic
// load/RMW/cmpxchg, a call, a memcpy into a local); a *dependent* is one that writes or passes
// on a value (a store, an atomic store/RMW/cmpxchg, a call, a memory intrinsic). A dependent
// depends on a source when
//  - (data) an operand it writes or passes uses the source's result through SSA (any
//    instruction that is not a memory access or a call carries all its operands; a call's
//    result carries its arguments), or through a local variable (alloca) that holds such a value:
//    flow-insensitively, a load of a local carries everything written into it (by stores,
//    memcpys, or calls given a pointer into it), so -O0 code, where every variable lives in an
//    alloca, is covered; a call given a pointer into a local passes what was stored there as a
//    value (stores, memcpys, a call's result through sret), not what other calls given a
//    pointer to it may have written (a method called on a local object);
//  - (control) its block is control dependent (post-dominator tree, transitively) on a
//    conditional branch or switch whose condition depends on the source; a phi, and a store to
//    a local, also carry what decided the path they were reached by (an `if` that assigns a
//    variable in each arm).
// The result over-approximates (a local's stores all count, whatever their order) and stays
// within one function, which after inlining includes the code inlined into it.
#ifndef INTERLOCK_INSTRUMENT_SITE_DEPENDENCES_H
#define INTERLOCK_INSTRUMENT_SITE_DEPENDENCES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"

#include <utility>
#include <vector>

namespace llvm {
class AAResults;
class Constant;
class Function;
class Instruction;
}  // namespace llvm

namespace interlock {

// The module's (dependent site, source site) pairs, in the order found, each once.
using SiteDependencePairs = llvm::SetVector<std::pair<llvm::Constant *, llvm::Constant *>>;

// How a dependent depends on a source: through the value it writes or passes (data flow, a phi's
// choice of value included), through the decision that it runs at all (control), or both.
enum DependenceKind : unsigned { ValueDependence = 1, ControlDependence = 2 };
// The module's dependence pairs with the kinds found for each (one site pair may come from
// several instruction pairs: the kinds are their union), in the order found.
using SiteDependenceKinds =
    llvm::MapVector<std::pair<llvm::Constant *, llvm::Constant *>, unsigned>;

// One dependence of an instruction on a source, with its kinds (DependenceKind bits).
struct FoundDependence {
  llvm::Instruction *dependent;
  llvm::Instruction *source;
  unsigned kinds;
};

// Pairs (dependent, source) among the given instructions of `function`, which must not have
// been changed by instrumentation yet. With `aliases`, a pair of two memory accesses that alias
// analysis proves never touch the same bytes is left out: the runtime asks about a read and a
// write of one location, so such a pair could never be asked about. Returns nothing for a
// function over the size limits (-interlock-dependence-max-instructions,
// -interlock-dependence-max-sources): its sites get no pairs.
// With `addressPairs`, also fills it with the pairs (write, source) where the address a
// dependent that writes memory (a store, an atomic store/RMW/cmpxchg, a memory intrinsic's
// destination, the object of libatomic's generic store/exchange/compare-exchange) writes to was
// computed from the source's result through data flow alone (`tasks[count++] = t` and the load
// of `count`; no control dependence, and alias analysis does not prune them: the index is
// another location than the element by nature); and the pairs (load, source) where a source
// that is a load reads from an address so computed (`values[cursor]` and the load of `cursor`):
// the runtime asks about writes only, but keeps every read that is some pair's source. A
// pointer loaded from memory carries only that load (`head->next->x = 1` is paired with the
// load of `next`, not of `head`).
// tests/plugin/inputs/address_dependences.c (plugin.address_dependences_*) checks the pairs.
std::vector<FoundDependence>
findDependences(llvm::Function &function, llvm::ArrayRef<llvm::Instruction *> sources,
                llvm::ArrayRef<llvm::Instruction *> dependents, llvm::AAResults *aliases,
                std::vector<std::pair<llvm::Instruction *, llvm::Instruction *>> *addressPairs =
                    nullptr);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_SITE_DEPENDENCES_H
