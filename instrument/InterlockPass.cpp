#include "InterlockPass.h"

#include "CoroutineSuspensions.h"
#include "ModuleRegistration.h"
#include "RuntimeAbi.h"
#include "SiteDependences.h"
#include "SiteDescriptors.h"
#include "SourceLocationRecovery.h"
#include "SpeculationGuard.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"

using namespace llvm;

// ---- options (for opt, or clang -mllvm when the plugin is loaded with -Xclang -load) ----

static cl::opt<bool> InstrumentMemoryAccesses(
    "interlock-instrument-memory-accesses", cl::init(true), cl::Hidden,
    cl::desc("Instrument plain loads and stores"));
static cl::opt<bool> InstrumentAtomics(
    "interlock-instrument-atomics", cl::init(true), cl::Hidden,
    cl::desc("Replace atomic instructions and fences by runtime calls"));
static cl::opt<bool> InstrumentMemIntrinsics(
    "interlock-instrument-memintrinsics", cl::init(true), cl::Hidden,
    cl::desc("Replace memcpy/memmove/memset intrinsics by runtime calls"));
static cl::opt<bool> InstrumentFunctionEntryExit(
    "interlock-instrument-func-entry-exit", cl::init(true), cl::Hidden,
    cl::desc("Report function entry and exit (including unwinding) for stacks"));
static cl::opt<bool> InstrumentCallSites(
    "interlock-instrument-callsites", cl::init(true), cl::Hidden,
    cl::desc("Store each call's site in __interlock_callsite before the call"));
static cl::opt<bool> RecordDependences(
    "interlock-dependences", cl::init(true), cl::Hidden,
    cl::desc("Register which sites depend on which (for atomicity-violation reports)"));

namespace interlock {

namespace {

bool isInterlockName(StringRef name) { return name.startswith("__interlock"); }

// Clang tags loads and stores of C++ vtable pointers with this TBAA type (at -O1 and above).
bool hasVtablePointerTbaa(const Instruction &instruction) {
  const MDNode *tag = instruction.getMetadata(LLVMContext::MD_tbaa);
  if (!tag || tag->getNumOperands() < 2)
    return false;
  const auto *accessType = dyn_cast<MDNode>(tag->getOperand(1));
  if (!accessType || accessType->getNumOperands() < 1)
    return false;
  const auto *typeName = dyn_cast<MDString>(accessType->getOperand(0));
  return typeName && typeName->getString() == "vtable pointer";
}

// A load or store of a C++ object's vtable pointer: a virtual call reads it, constructors and
// destructors write it, and a thread calling through it while another destroys or frees the
// object is a race on it. Tagged ones go to the vptr entry points, so that a report says what
// the memory is and a destructor re-storing the vtable the object already has is no write. At
// -O0 clang emits no TBAA: a store of a constant address inside a vtable (`_ZTV...`) is still
// recognized; a load is checked as a plain read.
bool isVtablePointerAccess(const Instruction &instruction) {
  if (hasVtablePointerTbaa(instruction))
    return true;
  const auto *store = dyn_cast<StoreInst>(&instruction);
  if (!store)
    return false;
  const auto *table = dyn_cast<GlobalVariable>(
      getUnderlyingObject(store->getValueOperand()->stripPointerCasts()));
  return table && table->isConstant() && table->getName().startswith("_ZTV");
}

// The dependences CoroutineDependencePass tagged on coroutines before they were split: each
// tagged source's sites (a clone of it in each function CoroSplit made), and each tagged
// dependent's site with the sources it depends on. Turned into site pairs once every function
// has been seen, since a read in the ramp may feed a write in the resume function.
struct CoroutineDependenceSites {
  DenseMap<const MDNode *, SmallVector<Constant *, 2>> SourceSites;
  SmallVector<std::pair<Constant *, const MDNode *>, 16> Dependents;

  // (The tags do not say how: taken as both kinds.)
  void addTo(SiteDependenceKinds &pairs) const {
    for (const auto &dependent : Dependents)
      for (const MDOperand &operand : dependent.second->operands()) {
        auto found = SourceSites.find(dyn_cast_or_null<MDNode>(operand.get()));
        if (found == SourceSites.end())
          continue;
        for (Constant *source : found->second)
          pairs[{dependent.first, source}] |= ValueDependence | ControlDependence;
      }
  }
};

// What one function needs, chosen before anything is changed so that the calls we insert are
// never themselves instrumented.
struct InstrumentationPlan {
  SmallVector<Instruction *, 16> PlainAccesses;  // non-atomic loads and stores
  SmallVector<Instruction *, 8> Atomics;         // atomic load/store, atomicrmw, cmpxchg
  SmallVector<CallInst *, 2> LibatomicCalls;     // __atomic_load(size, ...) and the like
  SmallVector<FenceInst *, 2> Fences;
  SmallVector<MemIntrinsic *, 4> MemIntrinsics;
  SmallVector<CallBase *, 16> Calls;

  bool touchesMemory() const {
    return !PlainAccesses.empty() || !Atomics.empty() || !LibatomicCalls.empty() ||
           !Fences.empty() || !MemIntrinsics.empty();
  }
};

// Instruments one function; one instance per function.
class FunctionInstrumenter {
public:
  FunctionInstrumenter(Function &function, const RuntimeAbi &runtime, SiteDescriptors &sites,
                       SiteDependenceKinds &dependences, SiteDependencePairs &addressDependences,
                       SiteDependencePairs &overwrites, CoroutineDependenceSites &coroutineSites,
                       FunctionAnalysisManager &analyses)
      : F(function), Runtime(runtime), Sites(sites), Dependences(dependences),
        AddressDependences(addressDependences), Overwrites(overwrites),
        CoroutineSites(coroutineSites), Analyses(analyses), Layout(function.getParent()->getDataLayout()),
        Context(function.getContext()) {}

  bool run() {
    nameSuspensionSites();
    unpinLoads();
    InstrumentationPlan plan = choose();
    if (!plan.touchesMemory() && plan.Calls.empty())
      return false;  // a leaf that touches no shared memory needs no frame either
    recoverLocations(plan);
    if (RecordDependences) {
      recordDependences(plan);
      recordOverwrites(plan);
    }
    for (Instruction *access : plan.PlainAccesses)
      instrumentPlainAccess(access);
    for (Instruction *atomic : plan.Atomics)
      replaceAtomic(atomic);
    for (CallInst *call : plan.LibatomicCalls)
      replaceLibatomicCall(call);
    for (FenceInst *fence : plan.Fences)
      instrumentFence(fence);
    for (MemIntrinsic *intrinsic : plan.MemIntrinsics)
      replaceMemIntrinsic(intrinsic);
    for (CallBase *call : plan.Calls)
      recordCallSite(call);
    if (InstrumentFunctionEntryExit)
      instrumentEntryAndExits();
    return true;
  }

private:
  // ---- phase 0: what earlier passes left for this one ----

  // CoroutineSuspensionPass could not make descriptors: each suspension's call gets the site of
  // its own location, the co_await.
  void nameSuspensionSites() {
    FunctionCallee suspend = Runtime.CoroutineSuspend;
    auto *suspendEntry = dyn_cast<Function>(suspend.getCallee());
    for (Instruction &instruction : instructions(F)) {
      auto *call = dyn_cast<CallInst>(&instruction);
      if (!call || call->getCalledFunction() != suspendEntry)
        continue;
      if (isa<ConstantPointerNull>(call->getArgOperand(1)))
        call->setArgOperand(1, Sites.forLocation(call->getDebugLoc(), F));
      // It stands for the co_await's value (CoroutineSuspensions.cpp, markSuspensions).
      if (const MDNode *source = call->getMetadata(CoroutineSourceMetadata))
        CoroutineSites.SourceSites[source].push_back(
            cast<Constant>(call->getArgOperand(1)));
    }
  }

  // Loads LoopPromotionGuardPass made volatile only to keep LICM from promoting them are the
  // program's plain loads: they are chosen and instrumented as such.
  void unpinLoads() {
    for (Instruction &instruction : instructions(F)) {
      auto *load = dyn_cast<LoadInst>(&instruction);
      if (load == nullptr || load->getMetadata(kPinnedLoadMetadata) == nullptr)
        continue;
      load->setVolatile(false);
      load->setMetadata(kPinnedLoadMetadata, nullptr);
    }
  }

  // ---- phase 1: choose ----

  InstrumentationPlan choose() {
    InstrumentationPlan plan;
    for (Instruction &instruction : instructions(F)) {
      if (auto *load = dyn_cast<LoadInst>(&instruction)) {
        choosePlainOrAtomic(load, load->isAtomic(), load->getPointerOperand(), plan);
      } else if (auto *store = dyn_cast<StoreInst>(&instruction)) {
        choosePlainOrAtomic(store, store->isAtomic(), store->getPointerOperand(), plan);
      } else if (auto *rmw = dyn_cast<AtomicRMWInst>(&instruction)) {
        AtomicRmwOp op;
        if (InstrumentAtomics && runtimeRmwOp(rmw->getOperation(), op) &&
            hasRuntimeAtomic(rmw->getValOperand()->getType(), rmw->getAlign()) &&
            mayRace(rmw->getPointerOperand()))
          plan.Atomics.push_back(rmw);
      } else if (auto *exchange = dyn_cast<AtomicCmpXchgInst>(&instruction)) {
        if (InstrumentAtomics &&
            hasRuntimeAtomic(exchange->getCompareOperand()->getType(), exchange->getAlign()) &&
            mayRace(exchange->getPointerOperand()))
          plan.Atomics.push_back(exchange);
      } else if (auto *fence = dyn_cast<FenceInst>(&instruction)) {
        // Signal fences (singlethread scope) order nothing between threads.
        if (InstrumentAtomics && fence->getSyncScopeID() != SyncScope::SingleThread)
          plan.Fences.push_back(fence);
      } else if (auto *intrinsic = dyn_cast<MemIntrinsic>(&instruction)) {
        if (InstrumentMemIntrinsics && shouldReplace(*intrinsic))
          plan.MemIntrinsics.push_back(intrinsic);
      } else if (auto *call = dyn_cast<CallBase>(&instruction)) {
        if (InstrumentAtomics && isReplaceableLibatomicCall(*call))
          plan.LibatomicCalls.push_back(cast<CallInst>(call));
        else if (isUserCall(*call))
          plan.Calls.push_back(call);
      }
    }
    return plan;
  }

  void choosePlainOrAtomic(Instruction *access, bool isAtomic, Value *address,
                           InstrumentationPlan &plan) {
    if (!mayRace(address))
      return;
    if (isAtomic) {
      if (InstrumentAtomics &&
          hasRuntimeAtomic(getLoadStoreType(access), getLoadStoreAlignment(access)))
        plan.Atomics.push_back(access);
      return;
    }
    if (InstrumentMemoryAccesses &&
        !Layout.getTypeStoreSize(getLoadStoreType(access)).isScalable())
      plan.PlainAccesses.push_back(access);
  }

  // False when no other thread can reach `address`: a local whose address never escapes,
  // read-only data, or the compiler's and Interlock's own globals.
  bool mayRace(const Value *address) {
    if (address->getType()->getPointerAddressSpace() != 0)
      return false;  // x86 segment spaces (fs/gs) and the like: not ordinary shared memory
    const Value *object = getUnderlyingObject(address);
    if (const auto *global = dyn_cast<GlobalVariable>(object)) {
      StringRef name = global->getName();
      if (global->isConstant() || name.startswith("llvm.") || isInterlockName(name) ||
          name.startswith("__llvm"))
        return false;
      return true;
    }
    if (const auto *local = dyn_cast<AllocaInst>(object)) {
      auto cached = LocalEscapes.find(local);
      if (cached != LocalEscapes.end())
        return cached->second;
      bool escapes = PointerMayBeCaptured(local, /*ReturnCaptures=*/true,
                                          /*StoreCaptures=*/true);
      LocalEscapes[local] = escapes;
      return escapes;
    }
    return true;
  }

  bool shouldReplace(const MemIntrinsic &intrinsic) {
    // memcpy.inline promises the backend never emits a call.
    if (isa<MemCpyInlineInst>(intrinsic))
      return false;
    if (intrinsic.getDestAddressSpace() != 0)
      return false;
    if (const auto *transfer = dyn_cast<MemTransferInst>(&intrinsic)) {
      if (transfer->getSourceAddressSpace() != 0)
        return false;
      return mayRace(transfer->getRawDest()) || mayRace(transfer->getRawSource());
    }
    return mayRace(intrinsic.getRawDest());
  }

  static bool isUserCall(const CallBase &call) {
    if (!InstrumentCallSites || call.isInlineAsm())
      return false;
    const auto *callee = dyn_cast<Function>(call.getCalledOperand()->stripPointerCasts());
    return !callee || (!callee->isIntrinsic() && !isInterlockName(callee->getName()));
  }

  // A call into libatomic's generic functions, which the compiler emits for atomics it cannot
  // inline (std::atomic of a struct, 16 bytes without -mcx16, misaligned objects): the runtime
  // entry point takes the same arguments. An invoke is left alone (libatomic never throws, and
  // clang only makes invokes of calls it cannot prove nounwind).
  bool isReplaceableLibatomicCall(const CallBase &call) {
    const auto *callee = dyn_cast<Function>(call.getCalledOperand()->stripPointerCasts());
    LibatomicOp op;
    if (!isa<CallInst>(call) || !callee || !libatomicOp(callee->getName(), op))
      return false;
    FunctionCallee generic = Runtime.AtomicGeneric[static_cast<size_t>(op)];
    FunctionType *entry = generic.getFunctionType();
    if (call.arg_size() + 2 != entry->getNumParams())  // + site, libatomic function
      return false;
    Type *result = call.getType();
    if (!result->isVoidTy() && !(op == LibatomicOp::CompareExchange && result->isIntegerTy()))
      return false;
    for (unsigned index = 0; index < call.arg_size(); ++index) {
      Type *argument = call.getArgOperand(index)->getType();
      Type *parameter = entry->getParamType(index);
      if (argument->isPointerTy() != parameter->isPointerTy() ||
          argument->isIntegerTy() != parameter->isIntegerTy())
        return false;
    }
    return mayRace(call.getArgOperand(1));
  }

  // Whether the runtime has an entry point for an atomic of this type and alignment.
  // cmpxchg16b faults on an address that is not 16-byte aligned; the backend turns such a
  // 128-bit instruction into a libatomic call after this pass has run, so it stays as it is.
  bool hasRuntimeAtomic(Type *valueType, Align alignment) const {
    int index = atomicWidthIndex(valueType);
    return index >= 0 && (index != Atomic128Index || alignment.value() >= 16);
  }

  // Index into the runtime's atomic entry points for a value type, or -1 when the runtime has
  // none (vectors, odd widths).
  int atomicWidthIndex(Type *valueType) const {
    if (!valueType->isIntegerTy() && !valueType->isPointerTy() &&
        !valueType->isFloatingPointTy())
      return -1;
    uint64_t bits = Layout.getTypeStoreSizeInBits(valueType).getFixedSize();
    switch (bits) {
    case 8: return 0;
    case 16: return 1;
    case 32: return 2;
    case 64: return 3;
    case 128: return Atomic128Index;
    default: return -1;
    }
  }

  // Decided while the function is still as the optimizer left it: instrumenting erases atomics
  // and splits blocks, and a line-0 instruction borrows the location of its neighbours.
  void recoverLocations(const InstrumentationPlan &plan) {
    SourceLocationRecovery recovery(F);
    auto recover = [&](const Instruction *instruction) {
      SiteLocations[instruction] = recovery.bestLocation(*instruction);
    };
    for (const Instruction *access : plan.PlainAccesses)
      recover(access);
    for (const Instruction *atomic : plan.Atomics)
      recover(atomic);
    for (const CallInst *call : plan.LibatomicCalls)
      recover(call);
    for (const MemIntrinsic *intrinsic : plan.MemIntrinsics)
      recover(intrinsic);
    for (const CallBase *call : plan.Calls)
      recover(call);
  }

  // A coroutine's sources and dependents as tagged before it was split (CoroutineSuspensions.h).
  void noteCoroutineTags(ArrayRef<Instruction *> sources, ArrayRef<Instruction *> dependents) {
    const unsigned sourceKind = Context.getMDKindID(CoroutineSourceMetadata);
    const unsigned dependsKind = Context.getMDKindID(CoroutineDependsMetadata);
    for (Instruction *source : sources)
      if (const MDNode *node = source->getMetadata(sourceKind))
        CoroutineSites.SourceSites[node].push_back(siteOf(*source));
    for (Instruction *dependent : dependents)
      if (const MDNode *depends = dependent->getMetadata(dependsKind))
        CoroutineSites.Dependents.push_back({siteOf(*dependent), depends});
  }

  // Pairs of the sites this function will pass to the runtime: found while the atomics are still
  // instructions and the blocks are not yet split (SiteDependences.h says what they mean).
  void recordDependences(const InstrumentationPlan &plan) {
    SmallVector<Instruction *, 32> sources, dependents;
    for (Instruction *access : plan.PlainAccesses) {
      if (Layout.getTypeStoreSize(getLoadStoreType(access)).getFixedSize() == 0)
        continue;  // no call, no site
      (isa<LoadInst>(access) ? sources : dependents).push_back(access);
    }
    for (Instruction *atomic : plan.Atomics) {
      if (!isa<StoreInst>(atomic))
        sources.push_back(atomic);  // load, RMW, cmpxchg: the program uses what it read
      if (!isa<LoadInst>(atomic))
        dependents.push_back(atomic);
    }
    for (CallInst *call : plan.LibatomicCalls) {
      LibatomicOp op;
      libatomicOp(cast<Function>(call->getCalledOperand()->stripPointerCasts())->getName(), op);
      if (op != LibatomicOp::Store)
        sources.push_back(call);
      if (op != LibatomicOp::Load)
        dependents.push_back(call);
    }
    for (MemIntrinsic *intrinsic : plan.MemIntrinsics) {
      if (isa<MemTransferInst>(intrinsic))
        sources.push_back(intrinsic);  // what it copies into a local is read later
      dependents.push_back(intrinsic);
    }
    for (CallBase *call : plan.Calls) {
      // A call that reads no memory computes its result from its arguments (which the analysis
      // follows anyway); one that writes none writes back nothing.
      if (!call->doesNotAccessMemory() && !call->onlyWritesMemory())
        sources.push_back(call);
      if (!call->onlyReadsMemory())
        dependents.push_back(call);
    }
    noteCoroutineTags(sources, dependents);
    if (sources.empty() || dependents.empty())
      return;
    AAResults &aliases = Analyses.getResult<AAManager>(F);
    std::vector<std::pair<Instruction *, Instruction *>> addressPairs;
    for (const FoundDependence &found :
         findDependences(F, sources, dependents, &aliases, &addressPairs))
      Dependences[{siteOf(*found.dependent), siteOf(*found.source)}] |= found.kinds;
    for (const auto &pair : addressPairs)
      AddressDependences.insert({siteOf(*pair.first), siteOf(*pair.second)});
  }

  // Plain loads whose very bytes (same address, same size) a plain store of the same block
  // writes next, with no call and no atomic between: `++n`, `x += d` (runtime/site_dependences.h,
  // register_overwrites). The runtime keeps no such read for lost updates: its own write follows
  // it at once. The runtime knows a read by its site, which several loads of the function can
  // share (a macro's expansion puts all of its code at the macro's use): a site is registered
  // only when every load at it is overwritten so. Found before instrumentation adds its own calls.
  void recordOverwrites(const InstrumentationPlan &plan) {
    DenseSet<const Instruction *> instrumented(plan.PlainAccesses.begin(),
                                               plan.PlainAccesses.end());
    DenseMap<Constant *, Constant *> overwrittenBy;  // load site -> store site
    DenseSet<Constant *> keptSites;                  // a load there is not overwritten
    for (Instruction *access : plan.PlainAccesses) {
      auto *load = dyn_cast<LoadInst>(access);
      if (!load)
        continue;
      Constant *loadSite = siteOf(*load);
      const StoreInst *overwrite = overwriteInBlock(*load, instrumented);
      if (overwrite)
        overwrittenBy.insert({loadSite, siteOf(*overwrite)});
      else
        keptSites.insert(loadSite);
    }
    for (const auto &entry : overwrittenBy)
      if (!keptSites.contains(entry.first))
        Overwrites.insert({entry.second, entry.first});
  }

  // The plain store that next writes the very bytes `load` read, in its block with no call and
  // no atomic between; null if none.
  const StoreInst *overwriteInBlock(const LoadInst &load,
                                    const DenseSet<const Instruction *> &instrumented) const {
    const TypeSize size = Layout.getTypeStoreSize(load.getType());
    for (const Instruction *next = load.getNextNode(); next; next = next->getNextNode()) {
      if (const auto *store = dyn_cast<StoreInst>(next)) {
        if (store->getPointerOperand() == load.getPointerOperand() &&
            instrumented.contains(store) &&
            Layout.getTypeStoreSize(store->getValueOperand()->getType()) == size)
          return store;
        if (store->isAtomic())
          return nullptr;
        continue;
      }
      if ((isa<CallBase>(next) && !isa<DbgInfoIntrinsic>(next)) || next->isAtomic() ||
          isa<FenceInst>(next))
        return nullptr;
    }
    return nullptr;
  }

  // ---- phase 2: instrument ----

  Type *bytePointerType() const { return Type::getInt8PtrTy(Context); }
  Constant *siteOf(const Instruction &instruction) {
    auto recovered = SiteLocations.find(&instruction);
    const DebugLoc &location =
        recovered != SiteLocations.end() ? recovered->second : instruction.getDebugLoc();
    return Sites.forLocation(location, F);
  }

  void instrumentPlainAccess(Instruction *access) {
    bool isWrite = isa<StoreInst>(access);
    uint64_t bytes = Layout.getTypeStoreSize(getLoadStoreType(access)).getFixedSize();
    if (bytes == 0)
      return;
    IRBuilder<> builder(access);
    Value *address = builder.CreatePointerCast(getLoadStorePointerOperand(access),
                                               bytePointerType());
    Constant *site = siteOf(*access);
    if (bytes == 8 && isVtablePointerAccess(*access) &&
        (isa<LoadInst>(access) || getLoadStoreType(access)->isPointerTy() ||
         getLoadStoreType(access)->isIntegerTy())) {
      instrumentVtablePointerAccess(builder, access, address, site);
      return;
    }
    if (isPowerOf2_64(bytes) && bytes <= 16) {
      unsigned index = Log2_64(bytes);
      bool aligned = getLoadStoreAlignment(access).value() >= bytes;
      FunctionCallee callee =
          aligned ? (isWrite ? Runtime.Write[index] : Runtime.Read[index])
                  : (isWrite ? Runtime.UnalignedWrite[index] : Runtime.UnalignedRead[index]);
      builder.CreateCall(callee, {address, site});
      return;
    }
    builder.CreateCall(isWrite ? Runtime.WriteRange : Runtime.ReadRange,
                       {address, ConstantInt::get(Layout.getIntPtrType(Context), bytes), site});
  }

  void instrumentVtablePointerAccess(IRBuilder<> &builder, Instruction *access, Value *address,
                                     Constant *site) {
    auto *store = dyn_cast<StoreInst>(access);
    if (!store) {
      builder.CreateCall(Runtime.VptrRead, {address, site});
      return;
    }
    // The runtime compares the new value with the current one (a pointer, or an i64 after
    // instcombine rewrote the store).
    Value *value = store->getValueOperand();
    Value *newValue = value->getType()->isPointerTy()
                          ? builder.CreatePointerCast(value, bytePointerType())
                          : builder.CreateIntToPtr(value, bytePointerType());
    builder.CreateCall(Runtime.VptrUpdate, {address, newValue, site});
  }

  // Values travel to and from the runtime as integers of their width.
  static Value *toInteger(IRBuilder<> &builder, Value *value, Type *integerType) {
    if (value->getType()->isPointerTy())
      return builder.CreatePtrToInt(value, integerType);
    return builder.CreateBitCast(value, integerType);
  }
  static Value *fromInteger(IRBuilder<> &builder, Value *value, Type *resultType) {
    if (resultType->isPointerTy())
      return builder.CreateIntToPtr(value, resultType);
    return builder.CreateBitCast(value, resultType);
  }

  Constant *memoryOrder(AtomicOrdering ordering) const {
    return ConstantInt::get(Type::getInt32Ty(Context), c11MemoryOrder(ordering));
  }

  // The runtime performs the operation, so it orders it and records its effect in one step.
  void replaceAtomic(Instruction *atomic) {
    IRBuilder<> builder(atomic);
    Constant *site = siteOf(*atomic);
    Value *result = nullptr;
    if (auto *load = dyn_cast<LoadInst>(atomic)) {
      Type *valueType = load->getType();
      unsigned index = atomicWidthIndex(valueType);
      Type *integerType = Type::getIntNTy(Context, 8u << index);
      Value *address = builder.CreatePointerCast(load->getPointerOperand(),
                                                 integerType->getPointerTo());
      Value *loaded = builder.CreateCall(Runtime.AtomicLoad[index],
                                         {address, memoryOrder(load->getOrdering()), site});
      result = fromInteger(builder, loaded, valueType);
    } else if (auto *store = dyn_cast<StoreInst>(atomic)) {
      unsigned index = atomicWidthIndex(store->getValueOperand()->getType());
      Type *integerType = Type::getIntNTy(Context, 8u << index);
      Value *address = builder.CreatePointerCast(store->getPointerOperand(),
                                                 integerType->getPointerTo());
      builder.CreateCall(Runtime.AtomicStore[index],
                         {address, toInteger(builder, store->getValueOperand(), integerType),
                          memoryOrder(store->getOrdering()), site});
    } else if (auto *rmw = dyn_cast<AtomicRMWInst>(atomic)) {
      AtomicRmwOp op;
      runtimeRmwOp(rmw->getOperation(), op);
      Type *valueType = rmw->getValOperand()->getType();
      unsigned index = atomicWidthIndex(valueType);
      Type *integerType = Type::getIntNTy(Context, 8u << index);
      Value *address = builder.CreatePointerCast(rmw->getPointerOperand(),
                                                 integerType->getPointerTo());
      Value *old = builder.CreateCall(
          Runtime.AtomicRmw[index][static_cast<size_t>(op)],
          {address, toInteger(builder, rmw->getValOperand(), integerType),
           memoryOrder(rmw->getOrdering()), site});
      result = fromInteger(builder, old, valueType);
    } else {
      auto *exchange = cast<AtomicCmpXchgInst>(atomic);
      Type *valueType = exchange->getCompareOperand()->getType();
      unsigned index = atomicWidthIndex(valueType);
      Type *integerType = Type::getIntNTy(Context, 8u << index);
      Value *address = builder.CreatePointerCast(exchange->getPointerOperand(),
                                                 integerType->getPointerTo());
      Value *expected = toInteger(builder, exchange->getCompareOperand(), integerType);
      Value *old = builder.CreateCall(
          Runtime.AtomicCompareExchange[index],
          {address, expected, toInteger(builder, exchange->getNewValOperand(), integerType),
           memoryOrder(exchange->getSuccessOrdering()),
           memoryOrder(exchange->getFailureOrdering()), site});
      // cmpxchg yields {old, success}; a weak cmpxchg performed strongly is still correct.
      Value *succeeded = builder.CreateICmpEQ(old, expected);
      Value *pair = UndefValue::get(exchange->getType());
      pair = builder.CreateInsertValue(pair, fromInteger(builder, old, valueType), 0);
      result = builder.CreateInsertValue(pair, succeeded, 1);
    }
    if (result)
      atomic->replaceAllUsesWith(result);
    atomic->eraseFromParent();
  }

  // The runtime calls the libatomic function back to perform the operation, so the program's
  // dependence on libatomic is the same as without Interlock.
  void replaceLibatomicCall(CallInst *call) {
    LibatomicOp op;
    libatomicOp(cast<Function>(call->getCalledOperand()->stripPointerCasts())->getName(), op);
    FunctionCallee entry = Runtime.AtomicGeneric[static_cast<size_t>(op)];
    FunctionType *entryType = entry.getFunctionType();
    IRBuilder<> builder(call);
    SmallVector<Value *, 8> arguments;
    for (unsigned index = 0; index < call->arg_size(); ++index) {
      Value *argument = call->getArgOperand(index);
      Type *parameter = entryType->getParamType(index);
      arguments.push_back(parameter->isPointerTy()
                              ? builder.CreatePointerCast(argument, parameter)
                              : builder.CreateZExtOrTrunc(argument, parameter));
    }
    arguments.push_back(siteOf(*call));
    arguments.push_back(builder.CreatePointerCast(call->getCalledOperand(), bytePointerType()));
    Value *result = builder.CreateCall(entry, arguments);
    if (op == LibatomicOp::CompareExchange && !call->getType()->isVoidTy()) {
      Value *swapped = builder.CreateICmpNE(result, ConstantInt::get(result->getType(), 0));
      call->replaceAllUsesWith(builder.CreateZExtOrTrunc(swapped, call->getType()));
    }
    call->eraseFromParent();
  }

  // The fence itself stays: the call lets the runtime model it, the instruction keeps its
  // hardware and compiler ordering.
  void instrumentFence(FenceInst *fence) {
    IRBuilder<> builder(fence);
    builder.CreateCall(Runtime.AtomicFence, {memoryOrder(fence->getOrdering())});
  }

  void replaceMemIntrinsic(MemIntrinsic *intrinsic) {
    IRBuilder<> builder(intrinsic);
    Type *sizeType = Layout.getIntPtrType(Context);
    Value *destination = builder.CreatePointerCast(intrinsic->getRawDest(), bytePointerType());
    Value *length = builder.CreateZExtOrTrunc(intrinsic->getLength(), sizeType);
    Constant *site = siteOf(*intrinsic);
    if (auto *set = dyn_cast<MemSetInst>(intrinsic)) {
      Value *byte = builder.CreateZExt(set->getValue(), Type::getInt32Ty(Context));
      builder.CreateCall(Runtime.Memset, {destination, byte, length, site});
    } else {
      auto *transfer = cast<MemTransferInst>(intrinsic);
      Value *source = builder.CreatePointerCast(transfer->getRawSource(), bytePointerType());
      builder.CreateCall(isa<MemMoveInst>(transfer) ? Runtime.Memmove : Runtime.Memcpy,
                         {destination, source, length, site});
    }
    intrinsic->eraseFromParent();
  }

  void recordCallSite(CallBase *call) {
    auto *store = new StoreInst(siteOf(*call), Runtime.Callsite, call);
    store->setDebugLoc(call->getDebugLoc());
  }

  void instrumentEntryAndExits() {
    IRBuilder<> entry(&*F.getEntryBlock().getFirstInsertionPt());
    // Line 0 in the function's scope: the frame setup belongs to no source line.
    if (DISubprogram *subprogram = F.getSubprogram())
      entry.SetCurrentDebugLocation(DILocation::get(Context, 0, 0, subprogram));
    Value *saved = entry.CreateCall(Runtime.FuncEntry, {Sites.forFunction(F)}, "interlock.frame");
    // Every return and resume, then every call that may throw, wrapped in a cleanup landing
    // pad that resumes unwinding after the exit call.
    EscapeEnumerator exits(F, "interlock.cleanup", /*HandleExceptions=*/true);
    while (IRBuilder<> *exit = exits.Next())
      exit->CreateCall(Runtime.FuncExit, {saved});
  }

  Function &F;
  const RuntimeAbi &Runtime;
  SiteDescriptors &Sites;
  SiteDependenceKinds &Dependences;
  SiteDependencePairs &AddressDependences;  // (write, source of its address)
  SiteDependencePairs &Overwrites;          // (write, the read it overwrites next)
  CoroutineDependenceSites &CoroutineSites;
  FunctionAnalysisManager &Analyses;  // alias analysis, asked before the function changes
  const DataLayout &Layout;
  LLVMContext &Context;
  DenseMap<const AllocaInst *, bool> LocalEscapes;
  DenseMap<const Instruction *, DebugLoc> SiteLocations;  // see recoverLocations
};

}  // namespace

// Functions the user or the compiler asked us to keep out of. Clang 14 only keeps
// `disable_sanitizer_instrumentation` in the IR; no_sanitize("thread") leaves no trace there
// unless -fsanitize=thread is on (see README.md).
bool willInstrument(const Function &function) {
  if (function.isDeclaration() || isInterlockName(function.getName()))
    return false;
  if (function.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
      function.hasFnAttribute(Attribute::Naked))
    return false;
  return true;
}

PreservedAnalyses InterlockPass::run(Module &module, ModuleAnalysisManager &analyses) {
  if (module.getFunction(ModuleConstructorName))
    return PreservedAnalyses::all();
  SiteDescriptors sites(module);
  RuntimeAbi runtime(module, sites.sitePointerType());

  SmallVector<Function *, 32> functions;
  for (Function &function : module)
    if (willInstrument(function))
      functions.push_back(&function);
  SiteDependenceKinds dependences;
  SiteDependencePairs addressDependences, overwrites;
  CoroutineDependenceSites coroutineSites;
  FunctionAnalysisManager &functionAnalyses =
      analyses.getResult<FunctionAnalysisManagerModuleProxy>(module).getManager();
  for (Function *function : functions)
    FunctionInstrumenter(*function, runtime, sites, dependences, addressDependences, overwrites,
                         coroutineSites, functionAnalyses)
        .run();
  coroutineSites.addTo(dependences);

  addModuleConstructor(module, runtime, sites, dependences, addressDependences, overwrites);
  return PreservedAnalyses::none();
}

}  // namespace interlock
