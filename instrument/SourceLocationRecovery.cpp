#include "SourceLocationRecovery.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

#include <cstdlib>
#include <utility>

using namespace llvm;

namespace interlock {

bool hasRealLine(const DebugLoc &location) { return location && location.getLine() != 0; }

namespace {

// Debug intrinsics carry the location of a variable's scope, not of code, so they are never
// worth borrowing from.
bool mayLend(const Instruction &candidate) {
  return !isa<DbgInfoIntrinsic>(candidate) && hasRealLine(candidate.getDebugLoc());
}

// A line-0 location still says which (possibly inlined) function the code belongs to; a
// neighbour from another one (the caller a lambda was inlined into, say) would name the wrong
// function. Locations that say nothing accept any neighbour.
bool sameFunctionInstance(const DebugLoc &own, const Instruction &candidate) {
  const DILocation *location = own.get();
  if (!location)
    return true;
  const DILocation *other = candidate.getDebugLoc().get();
  return other->getScope()->getSubprogram() == location->getScope()->getSubprogram() &&
         other->getInlinedAt() == location->getInlinedAt();
}

// The address an instruction reads or writes, if it is a memory access.
const Value *accessedAddress(const Instruction &instruction) {
  if (const auto *load = dyn_cast<LoadInst>(&instruction))
    return load->getPointerOperand();
  if (const auto *store = dyn_cast<StoreInst>(&instruction))
    return store->getPointerOperand();
  if (const auto *rmw = dyn_cast<AtomicRMWInst>(&instruction))
    return rmw->getPointerOperand();
  if (const auto *exchange = dyn_cast<AtomicCmpXchgInst>(&instruction))
    return exchange->getPointerOperand();
  if (const auto *intrinsic = dyn_cast<MemIntrinsic>(&instruction))
    return intrinsic->getRawDest();
  return nullptr;
}

// Base pointer and constant byte offset: two GEPs with equal constant indices, or a bitcast
// of the same pointer, name the same address even when they are different IR values.
using AddressKey = std::pair<const Value *, int64_t>;

AddressKey addressKey(const Value *address, const DataLayout &layout) {
  APInt offset(layout.getIndexTypeSizeInBits(address->getType()), 0);
  const Value *base =
      address->stripAndAccumulateConstantOffsets(layout, offset, /*AllowNonInbounds=*/true);
  return {base, offset.getSExtValue()};
}

}  // namespace

SourceLocationRecovery::SourceLocationRecovery(Function &function)
    : F(function), Dominators(function), Loops(Dominators) {}

DebugLoc SourceLocationRecovery::bestLocation(const Instruction &instruction) {
  const DebugLoc &own = instruction.getDebugLoc();
  if (hasRealLine(own) || !F.getSubprogram())
    return own;
  if (DebugLoc borrowed = sameAddressLocation(instruction))
    return borrowed;
  if (DebugLoc borrowed = dataFlowLocation(instruction))
    return borrowed;
  if (DebugLoc borrowed = sameBlockLocation(instruction))
    return borrowed;
  if (DebugLoc borrowed = loopHeaderLocation(instruction))
    return borrowed;
  return subprogramLocation(instruction);
}

DebugLoc SourceLocationRecovery::sameAddressLocation(const Instruction &instruction) {
  const Value *address = accessedAddress(instruction);
  if (!address)
    return DebugLoc();
  const DataLayout &layout = F.getParent()->getDataLayout();
  AddressKey wanted = addressKey(address, layout);
  auto accessesSameAddress = [&](const Instruction &candidate) {
    const Value *candidateAddress = accessedAddress(candidate);
    return candidateAddress && mayLend(candidate) &&
           addressKey(candidateAddress, layout) == wanted;
  };

  // Same block first: later (the code a hoisted access was taken from usually follows it),
  // then earlier.
  const BasicBlock *block = instruction.getParent();
  for (auto it = std::next(instruction.getIterator()); it != block->end(); ++it)
    if (accessesSameAddress(*it))
      return it->getDebugLoc();
  for (auto it = instruction.getReverseIterator(); ++it != block->rend();)
    if (accessesSameAddress(*it))
      return it->getDebugLoc();

  // Then the whole function, nearest in layout order; on a tie, the later one.
  unsigned position = layoutPosition(instruction);
  const Instruction *nearest = nullptr;
  long nearestDistance = 0;
  for (const Instruction &candidate : instructions(F)) {
    if (candidate.getParent() == block || !accessesSameAddress(candidate))
      continue;
    long distance = std::labs(static_cast<long>(layoutPosition(candidate)) -
                              static_cast<long>(position));
    bool later = layoutPosition(candidate) > position;
    if (!nearest || distance < nearestDistance || (distance == nearestDistance && later)) {
      nearest = &candidate;
      nearestDistance = distance;
    }
  }
  return nearest ? nearest->getDebugLoc() : DebugLoc();
}

DebugLoc SourceLocationRecovery::dataFlowLocation(const Instruction &instruction) {
  // Values are followed through phis, which have no location of their own (LCSSA and loop
  // phis stand between a promoted load or store and the loop's code).
  SmallVector<const Instruction *, 8> related;
  SmallPtrSet<const Value *, 16> visited;
  auto follow = [&](const Value *value, auto &self) -> void {
    const auto *next = dyn_cast<Instruction>(value);
    if (!next || !visited.insert(next).second)
      return;
    if (const auto *phi = dyn_cast<PHINode>(next)) {
      for (const Value *incoming : phi->incoming_values())
        self(incoming, self);
      return;
    }
    related.push_back(next);
  };
  auto followUsers = [&](const Value *value, auto &self) -> void {
    for (const User *user : value->users()) {
      const auto *next = dyn_cast<Instruction>(user);
      if (!next || !visited.insert(next).second)
        continue;
      if (isa<PHINode>(next))
        self(next, self);
      else
        related.push_back(next);
    }
  };
  if (const auto *store = dyn_cast<StoreInst>(&instruction))
    follow(store->getValueOperand(), follow);
  else if (const auto *rmw = dyn_cast<AtomicRMWInst>(&instruction))
    follow(rmw->getValOperand(), follow);
  else if (isa<LoadInst>(instruction))
    followUsers(&instruction, followUsers);

  unsigned position = layoutPosition(instruction);
  const Instruction *nearest = nullptr;
  long nearestDistance = 0;
  for (const Instruction *candidate : related) {
    if (!mayLend(*candidate))
      continue;
    long distance = std::labs(static_cast<long>(layoutPosition(*candidate)) -
                              static_cast<long>(position));
    if (!nearest || distance < nearestDistance) {
      nearest = candidate;
      nearestDistance = distance;
    }
  }
  return nearest ? nearest->getDebugLoc() : DebugLoc();
}

DebugLoc SourceLocationRecovery::sameBlockLocation(const Instruction &instruction) {
  const DebugLoc &own = instruction.getDebugLoc();
  auto lends = [&](const Instruction &candidate) {
    return mayLend(candidate) && sameFunctionInstance(own, candidate);
  };
  const BasicBlock *block = instruction.getParent();
  for (auto it = std::next(instruction.getIterator()); it != block->end(); ++it)
    if (lends(*it))
      return it->getDebugLoc();
  for (auto it = instruction.getReverseIterator(); ++it != block->rend();)
    if (lends(*it))
      return it->getDebugLoc();
  return DebugLoc();
}

DebugLoc SourceLocationRecovery::loopHeaderLocation(const Instruction &instruction) {
  const BasicBlock *block = instruction.getParent();
  const Loop *loop = Loops.getLoopFor(block);
  if (!loop) {
    // A preheader is outside its loop; what it sets up belongs to the loop it enters.
    if (const BasicBlock *next = block->getUniqueSuccessor())
      if (const Loop *entered = Loops.getLoopFor(next))
        if (entered->getHeader() == next)
          loop = entered;
  }
  if (!loop)
    return DebugLoc();
  for (const Instruction &candidate : *loop->getHeader())
    if (mayLend(candidate) && sameFunctionInstance(instruction.getDebugLoc(), candidate))
      return candidate.getDebugLoc();
  return DebugLoc();
}

DebugLoc SourceLocationRecovery::subprogramLocation(const Instruction &instruction) {
  // A line-0 location inside inlined code still knows which inlined function it is in.
  if (const DILocation *own = instruction.getDebugLoc().get()) {
    if (DISubprogram *subprogram = own->getScope()->getSubprogram())
      return DILocation::get(F.getContext(), subprogram->getLine(), 0, subprogram,
                             own->getInlinedAt());
  }
  DISubprogram *subprogram = F.getSubprogram();
  return DILocation::get(F.getContext(), subprogram->getLine(), 0, subprogram);
}

unsigned SourceLocationRecovery::layoutPosition(const Instruction &instruction) {
  if (LayoutPositions.empty()) {
    unsigned next = 0;
    for (const Instruction &each : instructions(F))
      LayoutPositions[&each] = next++;
  }
  return LayoutPositions.lookup(&instruction);
}

}  // namespace interlock
