#include "SiteDependences.h"

#include "RuntimeAbi.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/MemoryLocation.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

// Bounds on the work per function: every value may carry one bit per source, and the solver
// revisits a value each time one of its inputs gains a bit. Generated code (huge switch
// functions, unrolled tables) can exceed them; such a function's sites get no pairs.
static cl::opt<unsigned> MaxInstructions(
    "interlock-dependence-max-instructions", cl::init(50000), cl::Hidden,
    cl::desc("Functions with more instructions get no dependence pairs"));
static cl::opt<unsigned> MaxSources(
    "interlock-dependence-max-sources", cl::init(8192), cl::Hidden,
    cl::desc("Functions with more instrumented sources get no dependence pairs"));

namespace interlock {

namespace {

// Rounds of (data, then control) propagation. Each round only adds bits, so it ends once a round
// adds none; a round is needed only when a branch's new sources reach a phi or a local that
// feeds another branch, so the bound guards against pathological CFGs. A function that would
// need more keeps what it found (fewer pairs, never wrong ones).
constexpr unsigned MaxRounds = 64;

// Computes, for every value of one function, the set of sources (bit = index in `sources`) it
// was computed from, and for every block, the sources its execution was decided by.
class DependenceSolver {
public:
  DependenceSolver(Function &function, ArrayRef<Instruction *> sources)
      : F(function), SourceCount(sources.size()) {
    for (unsigned index = 0; index < sources.size(); ++index)
      SourceIndex[sources[index]] = index;
  }

  void solve() {
    findLocalReaders();
    findControlDependences();
    for (Instruction &instruction : instructions(F))
      push(&instruction);
    for (unsigned round = 0; round < MaxRounds; ++round) {
      solveData();
      if (!solveControl())
        break;
      // What a path decides reaches phis and stores into locals: look at them again.
      for (const Instruction *reader : ControlReaders)
        push(reader);
    }
  }

  // The sources that decide whether `dependent` runs.
  BitVector controlInputsOf(const Instruction &dependent) const {
    BitVector inputs(SourceCount);
    addControl(inputs, dependent.getParent());
    return inputs;
  }

  // The sources the value `dependent` (a store, atomic, memory intrinsic or call) writes or
  // passes was computed from.
  BitVector valueInputsOf(const Instruction &dependent) const {
    BitVector inputs(SourceCount);
    if (const auto *store = dyn_cast<StoreInst>(&dependent)) {
      addValue(inputs, store->getValueOperand());
    } else if (const auto *rmw = dyn_cast<AtomicRMWInst>(&dependent)) {
      addValue(inputs, rmw->getValOperand());
    } else if (const auto *exchange = dyn_cast<AtomicCmpXchgInst>(&dependent)) {
      addValue(inputs, exchange->getCompareOperand());
      addValue(inputs, exchange->getNewValOperand());
    } else if (const auto *transfer = dyn_cast<MemTransferInst>(&dependent)) {
      addLocal(inputs, transfer->getRawSource());
    } else if (const auto *set = dyn_cast<MemSetInst>(&dependent)) {
      addValue(inputs, set->getValue());
    } else if (const auto *call = dyn_cast<CallBase>(&dependent)) {
      for (unsigned index = 0; index < call->arg_size(); ++index) {
        const Value *argument = call->getArgOperand(index);
        addValue(inputs, argument);
        if (passesLocalContents(*call, index))
          addLocal(inputs, argument);
        else if (!call->paramHasAttr(index, Attribute::StructRet))  // an output, not an input
          addStoredLocal(inputs, argument);
      }
    }
    return inputs;
  }

  // The sources the address `dependent` writes to (or, for a load, reads from) was computed
  // from (data flow only); none for a call, which writes wherever its own code decides, but for
  // libatomic's generic store, exchange and compare-exchange, which write the object their
  // second argument points to. (Each kind is asked for its own pointer operand:
  // llvm::getPointerOperand knows only loads and stores.)
  BitVector addressInputsOf(const Instruction &dependent) const {
    BitVector inputs(SourceCount);
    if (const auto *store = dyn_cast<StoreInst>(&dependent)) {
      addValue(inputs, store->getPointerOperand());
    } else if (const auto *load = dyn_cast<LoadInst>(&dependent)) {
      addValue(inputs, load->getPointerOperand());
    } else if (const auto *rmw = dyn_cast<AtomicRMWInst>(&dependent)) {
      addValue(inputs, rmw->getPointerOperand());
    } else if (const auto *exchange = dyn_cast<AtomicCmpXchgInst>(&dependent)) {
      addValue(inputs, exchange->getPointerOperand());
    } else if (const auto *intrinsic = dyn_cast<MemIntrinsic>(&dependent)) {
      addValue(inputs, intrinsic->getRawDest());
    } else if (const auto *call = dyn_cast<CallBase>(&dependent)) {
      const auto *callee = dyn_cast<Function>(call->getCalledOperand()->stripPointerCasts());
      LibatomicOp op;
      if (callee && libatomicOp(callee->getName(), op) && op != LibatomicOp::Load &&
          call->arg_size() > 1)
        addValue(inputs, call->getArgOperand(1));  // (size, object, ...)
    }
    return inputs;
  }

private:
  // ---- locals ----

  static const AllocaInst *localOf(const Value *pointer) {
    if (!pointer->getType()->isPointerTy())
      return nullptr;
    return dyn_cast<AllocaInst>(getUnderlyingObject(pointer));
  }

  // Whether the call reads all the contents of the local its argument points to as part of the
  // value it passes: a by-value aggregate, or the value/expected/desired buffers of libatomic's
  // generic functions. Through other pointers into locals a call passes only what was stored
  // there as a whole value (StoredLocals), not what earlier calls may have written through their
  // own pointer arguments nor a member's store (a method called on a local object would
  // otherwise depend on every earlier call on it).
  static bool passesLocalContents(const CallBase &call, unsigned index) {
    if (call.isByValArgument(index))
      return true;
    const auto *callee = dyn_cast<Function>(call.getCalledOperand()->stripPointerCasts());
    LibatomicOp op;
    return callee && index != 1 && libatomicOp(callee->getName(), op);
  }

  // Which instructions read each local's contents: loads, memory transfers out of it.
  void findLocalReaders() {
    for (const Instruction &instruction : instructions(F)) {
      const Value *read = nullptr;
      if (const auto *load = dyn_cast<LoadInst>(&instruction))
        read = load->getPointerOperand();
      else if (const auto *transfer = dyn_cast<MemTransferInst>(&instruction))
        read = transfer->getRawSource();
      if (read)
        if (const AllocaInst *local = localOf(read))
          LocalReaders[local].push_back(&instruction);
      if (isa<PHINode>(instruction) || isa<StoreInst>(instruction) ||
          isa<MemIntrinsic>(instruction) || SourceIndex.count(&instruction))
        ControlReaders.push_back(&instruction);
    }
  }

  // ---- control dependence ----

  static const Value *conditionOf(const BasicBlock &block) {
    const Instruction *terminator = block.getTerminator();
    if (const auto *branch = dyn_cast_or_null<BranchInst>(terminator))
      return branch->isConditional() ? branch->getCondition() : nullptr;
    if (const auto *choice = dyn_cast_or_null<SwitchInst>(terminator))
      return choice->getCondition();
    return nullptr;
  }

  // The blocks from which the function can return. A branch with a successor that cannot (it
  // only aborts, exits or throws: an assertion, an error check) decides nothing about the code
  // after it that matters here: taken as a control dependence, every call after an
  // `assert(get() == 0)` would depend on that call, and unrelated operations of one thread
  // would look like a read and the write that depends on it.
  DenseSet<const BasicBlock *> blocksThatReturn() const {
    DenseSet<const BasicBlock *> returning;
    SmallVector<const BasicBlock *, 16> work;
    for (const BasicBlock &block : F)
      if (isa<ReturnInst>(block.getTerminator()) && returning.insert(&block).second)
        work.push_back(&block);
    while (!work.empty()) {
      const BasicBlock *block = work.pop_back_val();
      for (const BasicBlock *predecessor : predecessors(block))
        if (returning.insert(predecessor).second)
          work.push_back(predecessor);
    }
    return returning;
  }

  // Block Y is control dependent on branch block B when B has a successor that Y post-dominates
  // and Y does not post-dominate B. Post-dominance is taken over the paths that return
  // (blocksThatReturn): a dead end (an unwind into std::terminate, an abort) is no way around a
  // block, or every block after a call that may throw would be decided by nothing, and a branch
  // into a dead end decides nothing. Computed as sets: pdom(b) = {b} + the intersection of
  // pdom(s) over b's returning successors, iterated to a fixed point.
  void findControlDependences() {
    const DenseSet<const BasicBlock *> returning = blocksThatReturn();
    std::vector<const BasicBlock *> blocks;
    DenseMap<const BasicBlock *, unsigned> number;
    for (const BasicBlock &block : F)
      if (returning.contains(&block)) {
        number[&block] = blocks.size();
        blocks.push_back(&block);
      }
    const unsigned n = blocks.size();
    std::vector<BitVector> postDominators(n, BitVector(n, true));
    for (bool changed = true; changed;) {
      changed = false;
      for (unsigned i = n; i-- > 0;) {
        BitVector next(n, true);
        bool anySuccessor = false;
        for (const BasicBlock *successor : successors(blocks[i])) {
          auto found = number.find(successor);
          if (found == number.end())
            continue;
          next &= postDominators[found->second];
          anySuccessor = true;
        }
        if (!anySuccessor)
          next.reset();
        next.set(i);
        if (next != postDominators[i]) {
          postDominators[i] = std::move(next);
          changed = true;
        }
      }
    }
    for (unsigned b = 0; b < n; ++b) {
      const BasicBlock *block = blocks[b];
      if (!conditionOf(*block))
        continue;
      if (llvm::any_of(successors(block),
                       [&](const BasicBlock *next) { return !returning.contains(next); }))
        continue;
      DenseSet<const BasicBlock *> seen;
      for (const BasicBlock *successor : successors(block)) {
        const BitVector &after = postDominators[number.find(successor)->second];
        for (unsigned y : after.set_bits()) {
          if (y != b && postDominators[b].test(y))
            continue;  // Y post-dominates B: it runs either way
          if (!seen.insert(blocks[y]).second)
            continue;
          Controllers[blocks[y]].push_back(block);
          Controlled[block].push_back(blocks[y]);
        }
      }
    }
  }

  // Recomputes what decides each block from its deciding branches' conditions (and what decided
  // those). True when a block gained a source.
  bool solveControl() {
    bool changed = false;
    SmallVector<const BasicBlock *, 64> work;
    DenseSet<const BasicBlock *> queued;
    for (const auto &entry : Controllers) {
      work.push_back(entry.first);
      queued.insert(entry.first);
    }
    while (!work.empty()) {
      const BasicBlock *block = work.pop_back_val();
      queued.erase(block);
      BitVector decided(SourceCount);
      for (const BasicBlock *controller : Controllers.find(block)->second)
        addEdge(decided, controller);
      if (!gains(Control, block, decided))
        continue;
      changed = true;
      auto controlled = Controlled.find(block);
      if (controlled == Controlled.end())
        continue;
      for (const BasicBlock *next : controlled->second)
        if (queued.insert(next).second)
          work.push_back(next);
    }
    return changed;
  }

  // What decides that control leaves `block` the way it did: its own condition, and what
  // decided that `block` runs at all.
  void addEdge(BitVector &into, const BasicBlock *block) const {
    if (const Value *condition = conditionOf(*block))
      addValue(into, condition);
    addControl(into, block);
  }

  // ---- data ----

  void push(const Instruction *instruction) {
    if (Queued.insert(instruction).second)
      Work.push_back(instruction);
  }

  void solveData() {
    while (!Work.empty()) {
      const Instruction *instruction = Work.pop_back_val();
      Queued.erase(instruction);
      if (gains(Values, instruction, resultOf(*instruction)))
        for (const User *user : instruction->users())
          if (const auto *using_ = dyn_cast<Instruction>(user))
            push(using_);
      writeLocals(*instruction);
    }
  }

  BitVector resultOf(const Instruction &instruction) const {
    BitVector result(SourceCount);
    auto own = SourceIndex.find(&instruction);
    if (own != SourceIndex.end())
      result.set(own->second);
    if (const auto *load = dyn_cast<LoadInst>(&instruction)) {
      addLocal(result, load->getPointerOperand());
    } else if (const auto *call = dyn_cast<CallBase>(&instruction)) {
      // A result may be computed from the arguments (abs, max, a getter of a computed key).
      for (const Value *argument : call->args())
        addValue(result, argument);
    } else if (isa<AtomicRMWInst>(instruction)) {
      // The old value: computed from nothing but memory.
    } else if (const auto *exchange = dyn_cast<AtomicCmpXchgInst>(&instruction)) {
      addValue(result, exchange->getCompareOperand());  // the success flag compares with it
    } else if (isa<StoreInst>(instruction) || isa<FenceInst>(instruction)) {
      // No value.
    } else if (const auto *phi = dyn_cast<PHINode>(&instruction)) {
      for (unsigned index = 0; index < phi->getNumIncomingValues(); ++index) {
        addValue(result, phi->getIncomingValue(index));
        addEdge(result, phi->getIncomingBlock(index));  // which value arrives
      }
    } else {
      // Arithmetic, compares, casts, select, GEP, aggregates, freeze: all operands.
      for (const Value *operand : instruction.operands())
        addValue(result, operand);
    }
    return result;
  }

  // A write into a local carries the written value and what decided that the write runs.
  void writeLocals(const Instruction &instruction) {
    auto write = [&](const Value *pointer, const BitVector &written, bool asValue = true) {
      const AllocaInst *local = localOf(pointer);
      if (!local)
        return;
      if (asValue)
        gains(StoredLocals, local, written);  // read only by dependents, once solved
      if (!gains(Locals, local, written))
        return;
      auto readers = LocalReaders.find(local);
      if (readers != LocalReaders.end())
        for (const Instruction *reader : readers->second)
          push(reader);
    };
    BitVector written(SourceCount);
    addControl(written, instruction.getParent());
    if (const auto *store = dyn_cast<StoreInst>(&instruction)) {
      addValue(written, store->getValueOperand());
      write(store->getPointerOperand(), written, storesWholeLocal(*store));
    } else if (const auto *transfer = dyn_cast<MemTransferInst>(&instruction)) {
      addOwn(written, instruction);
      addLocal(written, transfer->getRawSource());
      write(transfer->getRawDest(), written);
    } else if (const auto *set = dyn_cast<MemSetInst>(&instruction)) {
      addValue(written, set->getValue());
      write(set->getRawDest(), written);
    } else if (const auto *call = dyn_cast<CallBase>(&instruction)) {
      // A call the plugin gives a site may write through a pointer into a local
      // (`get(&v); set(v);`, libatomic's load into its result buffer); through its sret
      // argument it writes its result (`std::string s = get(); set(s);`).
      if (!SourceIndex.count(&instruction) || call->onlyReadsMemory())
        return;
      written |= resultOf(instruction);
      for (unsigned index = 0; index < call->arg_size(); ++index)
        if (!call->onlyReadsMemory(index))
          write(call->getArgOperand(index), written,
                call->paramHasAttr(index, Attribute::StructRet));
    }
  }

  // A store that fills its local (`int v = get();`) rather than one member of a local object:
  // a call given the object's address passes more than that member (or something else: the
  // object's mutex), so a member's store does not flow into it.
  bool storesWholeLocal(const StoreInst &store) const {
    const AllocaInst *local = localOf(store.getPointerOperand());
    if (!local)
      return false;
    const DataLayout &layout = F.getParent()->getDataLayout();
    Optional<TypeSize> size = local->getAllocationSizeInBits(layout);
    return size && !size->isScalable() &&
           layout.getTypeStoreSizeInBits(store.getValueOperand()->getType()).getFixedSize() ==
               size->getFixedSize();
  }

  // ---- sets ----

  void addOwn(BitVector &into, const Instruction &instruction) const {
    auto own = SourceIndex.find(&instruction);
    if (own != SourceIndex.end())
      into.set(own->second);
  }
  void addValue(BitVector &into, const Value *value) const {
    auto found = Values.find(value);
    if (found != Values.end())
      into |= found->second;
  }
  void addLocal(BitVector &into, const Value *pointer) const {
    if (const AllocaInst *local = localOf(pointer)) {
      auto found = Locals.find(local);
      if (found != Locals.end())
        into |= found->second;
    }
  }
  void addStoredLocal(BitVector &into, const Value *pointer) const {
    if (const AllocaInst *local = localOf(pointer)) {
      auto found = StoredLocals.find(local);
      if (found != StoredLocals.end())
        into |= found->second;
    }
  }
  void addControl(BitVector &into, const BasicBlock *block) const {
    auto found = Control.find(block);
    if (found != Control.end())
      into |= found->second;
  }

  // Adds `bits` to map[key]; true when that added a source. Empty sets are not stored.
  template <typename Map, typename Key>
  bool gains(Map &map, Key key, const BitVector &bits) {
    if (bits.none())
      return false;
    BitVector &held = map[key];
    if (held.size() != SourceCount)
      held.resize(SourceCount);
    if (!bits.test(held))  // no bit of `bits` outside `held`
      return false;
    held |= bits;
    return true;
  }

  Function &F;
  const unsigned SourceCount;
  DenseMap<const Instruction *, unsigned> SourceIndex;
  DenseMap<const Value *, BitVector> Values;       // sources each value was computed from
  DenseMap<const AllocaInst *, BitVector> Locals;  // sources of anything written into a local
  // Sources of what was written into a local as a whole value: stores of all of it, memory
  // intrinsics, results through sret (not a store into one member of a local object, nor a
  // call's writes through its other pointer arguments).
  DenseMap<const AllocaInst *, BitVector> StoredLocals;
  DenseMap<const BasicBlock *, BitVector> Control; // sources that decide whether a block runs
  DenseMap<const AllocaInst *, SmallVector<const Instruction *, 4>> LocalReaders;
  DenseMap<const BasicBlock *, SmallVector<const BasicBlock *, 2>> Controllers;
  DenseMap<const BasicBlock *, SmallVector<const BasicBlock *, 4>> Controlled;
  SmallVector<const Instruction *, 64> ControlReaders;
  SmallVector<const Instruction *, 256> Work;
  DenseSet<const Instruction *> Queued;
};

}  // namespace

std::vector<FoundDependence>
findDependences(Function &function, ArrayRef<Instruction *> sources,
                ArrayRef<Instruction *> dependents, AAResults *aliases,
                std::vector<std::pair<Instruction *, Instruction *>> *addressPairs) {
  std::vector<FoundDependence> pairs;
  if (sources.empty() || dependents.empty() || sources.size() > MaxSources ||
      function.getInstructionCount() > MaxInstructions)
    return pairs;
  DependenceSolver solver(function, sources);
  solver.solve();
  for (Instruction *dependent : dependents) {
    const BitVector value = solver.valueInputsOf(*dependent);
    const BitVector control = solver.controlInputsOf(*dependent);
    BitVector inputs = value;
    inputs |= control;
    Optional<MemoryLocation> written = MemoryLocation::getOrNone(dependent);
    for (unsigned index : inputs.set_bits()) {
      Instruction *source = sources[index];
      if (aliases && written) {
        Optional<MemoryLocation> read = MemoryLocation::getOrNone(source);
        if (read && aliases->isNoAlias(*written, *read))
          continue;
      }
      pairs.push_back({dependent, source,
                       (value.test(index) ? ValueDependence : 0u) |
                           (control.test(index) ? ControlDependence : 0u)});
    }
    if (addressPairs)
      for (unsigned index : solver.addressInputsOf(*dependent).set_bits())
        addressPairs->emplace_back(dependent, sources[index]);
  }
  // A load's address too: the source is then an index the thread reads by (`values[cursor]`),
  // whose earlier reads the runtime keeps (its slot-reuse rule compares them).
  if (addressPairs)
    for (Instruction *source : sources)
      if (isa<LoadInst>(source))
        for (unsigned index : solver.addressInputsOf(*source).set_bits())
          addressPairs->emplace_back(source, sources[index]);
  return pairs;
}

}  // namespace interlock
