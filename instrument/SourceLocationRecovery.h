// Source locations for instructions the optimizer left without one. LICM, GVN, SimplifyCFG and
// friends give hoisted, sunk or merged instructions no DILocation or one with line 0; a race
// report naming "line 0" is useless, so the plugin borrows the location of the code the
// instruction most likely came from (README.md, "Sites").
#ifndef INTERLOCK_INSTRUMENT_SOURCE_LOCATION_RECOVERY_H
#define INTERLOCK_INSTRUMENT_SOURCE_LOCATION_RECOVERY_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/Dominators.h"

namespace llvm {
class Function;
class Instruction;
}  // namespace llvm

namespace interlock {

// Answers "which source location should a report show for this instruction" for one function.
// Must be built, and asked, before the function is changed: the answers point at the original
// instructions' locations, and the loop analysis is computed once at construction. Not
// thread-safe (one instance per function run).
class SourceLocationRecovery {
public:
  explicit SourceLocationRecovery(llvm::Function &function);

  // The instruction's own location when it has a non-zero line; otherwise, in order:
  //  1. an access to the same address (same base pointer and constant offset) with a real line:
  //     in the same block the nearest later one, else the nearest earlier one, else the nearest
  //     one in the function's layout order (a hoisted load borrows the loop's store);
  //  2. the code its value comes from or goes to: for a store (or atomicrmw) the instruction
  //     that computed the stored value, for a load its users, looking through phis; the one
  //     nearest in layout order (a promoted store borrows the loop's `x + 1`);
  //  3. the nearest later, else the nearest earlier, instruction of the same block with a line;
  //  4. the first instruction with a line in the header of the loop the instruction is in, or
  //     of the loop its block leads into (a preheader);
  //  5. the line of the subprogram the instruction belongs to (its line-0 scope's subprogram,
  //     keeping its inlinedAt, else the function's).
  // Steps 3 and 4 only borrow from the same (inlined) function as a line-0 location's scope.
  // A borrowed location keeps its own scope and inlinedAt chain. Returns an empty DebugLoc only
  // for a function without debug info.
  llvm::DebugLoc bestLocation(const llvm::Instruction &instruction);

private:
  llvm::DebugLoc sameAddressLocation(const llvm::Instruction &instruction);
  llvm::DebugLoc dataFlowLocation(const llvm::Instruction &instruction);
  llvm::DebugLoc sameBlockLocation(const llvm::Instruction &instruction);
  llvm::DebugLoc loopHeaderLocation(const llvm::Instruction &instruction);
  llvm::DebugLoc subprogramLocation(const llvm::Instruction &instruction);
  unsigned layoutPosition(const llvm::Instruction &instruction);

  llvm::Function &F;
  llvm::DominatorTree Dominators;
  llvm::LoopInfo Loops;
  llvm::DenseMap<const llvm::Instruction *, unsigned> LayoutPositions;  // filled on first use
};

// True when the location names a real source line (not missing, not line 0).
bool hasRealLine(const llvm::DebugLoc &location);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_SOURCE_LOCATION_RECOVERY_H
