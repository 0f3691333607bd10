#include "CoroutineSuspensions.h"

#include "InterlockPass.h"
#include "RuntimeAbi.h"
#include "SiteDependences.h"
#include "SiteDescriptors.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <algorithm>
#include <string>

using namespace llvm;

namespace interlock {

const char *const CoroutineSourceMetadata = "interlock.coro.source";
const char *const CoroutineDependsMetadata = "interlock.coro.depends";

namespace {

// Names of the source nodes: unique in the compilation (one module per process, and LLVM runs
// these passes on one thread), whichever tagging made them.
unsigned SourcesNamed = 0;

bool isIntrinsic(const Instruction &instruction, Intrinsic::ID id) {
  const auto *call = dyn_cast<IntrinsicInst>(&instruction);
  return call && call->getIntrinsicID() == id;
}

// The `llvm.coro.begin` of an unsplit coroutine (with at least one suspension), else null.
CallInst *coroutineBegin(Function &function) {
  CallInst *begin = nullptr;
  bool suspends = false;
  for (Instruction &instruction : instructions(function)) {
    if (isIntrinsic(instruction, Intrinsic::coro_begin))
      begin = cast<CallInst>(&instruction);
    else if (isIntrinsic(instruction, Intrinsic::coro_suspend))
      suspends = true;
  }
  return suspends ? begin : nullptr;
}

bool isLocal(const Value *pointer) {
  return isa<AllocaInst>(getUnderlyingObject(pointer));
}

// A call the program makes (not an intrinsic, not the runtime's).
bool isProgramCall(const CallBase &call) {
  if (call.isInlineAsm())
    return false;
  const auto *callee = dyn_cast<Function>(call.getCalledOperand()->stripPointerCasts());
  return !callee || (!callee->isIntrinsic() && !callee->getName().startswith("__interlock"));
}

// Sources and dependents the way InterlockPass chooses them (recordDependences), minus the
// coroutine's locals: their loads and stores carry values, the analysis follows them itself.
void chooseAccesses(Function &function, SmallVectorImpl<Instruction *> &sources,
                    SmallVectorImpl<Instruction *> &dependents) {
  for (Instruction &instruction : instructions(function)) {
    if (auto *load = dyn_cast<LoadInst>(&instruction)) {
      if (!isLocal(load->getPointerOperand()))
        sources.push_back(load);
    } else if (auto *store = dyn_cast<StoreInst>(&instruction)) {
      if (!isLocal(store->getPointerOperand()))
        dependents.push_back(store);
    } else if (isa<AtomicRMWInst>(instruction) || isa<AtomicCmpXchgInst>(instruction)) {
      sources.push_back(&instruction);
      dependents.push_back(&instruction);
    } else if (auto *intrinsic = dyn_cast<MemIntrinsic>(&instruction)) {
      if (isa<MemTransferInst>(intrinsic))
        sources.push_back(intrinsic);
      dependents.push_back(intrinsic);
    } else if (auto *call = dyn_cast<CallBase>(&instruction)) {
      if (!isProgramCall(*call))
        continue;
      if (!call->doesNotAccessMemory() && !call->onlyWritesMemory())
        sources.push_back(call);
      if (!call->onlyReadsMemory())
        dependents.push_back(call);
    }
  }
}

// Tags the coroutine's dependences among its instructions as they are now. A second tagging
// (after inlining) adds to the first: an instruction that is still there keeps what
// it depended on in the code as written (a write computed from an awaited result keeps its
// tie to the co_await, see markSuspensions, after the await_resume call was inlined away).
void tagDependences(Function &function) {
  LLVMContext &context = function.getContext();
  const unsigned sourceKind = context.getMDKindID(CoroutineSourceMetadata);
  const unsigned dependsKind = context.getMDKindID(CoroutineDependsMetadata);
  SmallVector<Instruction *, 32> sources, dependents;
  chooseAccesses(function, sources, dependents);
  if (sources.empty() || dependents.empty())
    return;
  DenseMap<Instruction *, SmallVector<Metadata *, 4>> dependsOn;
  for (Instruction *dependent : dependents)
    if (MDNode *earlier = dependent->getMetadata(dependsKind))
      for (const MDOperand &operand : earlier->operands())
        dependsOn[dependent].push_back(operand.get());
  for (const FoundDependence &found :
       findDependences(function, sources, dependents, /*aliases=*/nullptr)) {
    Instruction *source = found.source;
    MDNode *node = source->getMetadata(sourceKind);
    if (!node) {
      // The source's identity, the same in every clone CoroSplit makes: a uniqued node named by
      // the function and a number (a distinct node would be copied into each clone).
      node = MDNode::get(context, {MDString::get(context, function.getName().str() + "#" +
                                                              std::to_string(SourcesNamed++))});
      source->setMetadata(sourceKind, node);
    }
    dependsOn[found.dependent].push_back(node);
  }
  for (auto &entry : dependsOn) {
    SmallVector<Metadata *, 4> &nodes = entry.second;
    llvm::sort(nodes);
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    entry.first->setMetadata(dependsKind, MDTuple::get(context, nodes));
  }
}

// The call that yields the value of the co_await whose suspension is `suspend`: clang emits it
// first in the block the resumption (case 0 of the suspension's switch) leads to.
CallBase *awaitResumeCall(CallInst *suspend) {
  for (User *user : suspend->users()) {
    auto *choice = dyn_cast<SwitchInst>(user);
    if (!choice || choice->getCondition() != suspend)
      continue;
    for (auto &selected : choice->cases()) {
      if (!selected.getCaseValue()->isZero())
        continue;
      for (Instruction &instruction : *selected.getCaseSuccessor())
        if (auto *call = dyn_cast<CallBase>(&instruction))
          if (isProgramCall(*call))
            return call;
    }
  }
  return nullptr;
}

// The runtime calls around the coroutine's runs (see the header).
void markSuspensions(Function &function, CallInst *begin, const RuntimeAbi &runtime) {
  Module &module = *function.getParent();
  Type *bytePointer = Type::getInt8PtrTy(module.getContext());
  IRBuilder<> builder(begin->getNextNode());
  builder.SetCurrentDebugLocation(begin->getDebugLoc());
  builder.CreateCall(runtime.CoroutineBegin, {begin});

  SmallVector<CallInst *, 8> suspends, frees;
  for (Instruction &instruction : instructions(function)) {
    if (isIntrinsic(instruction, Intrinsic::coro_suspend))
      suspends.push_back(cast<CallInst>(&instruction));
    else if (isIntrinsic(instruction, Intrinsic::coro_free))
      frees.push_back(cast<CallInst>(&instruction));
  }
  FunctionCallee suspendEntry = runtime.CoroutineSuspend;
  auto *noSite = ConstantPointerNull::get(
      cast<PointerType>(suspendEntry.getFunctionType()->getParamType(1)));
  for (CallInst *suspend : suspends) {
    // Before the save: `await_suspend` runs between the save and the suspend, and may resume
    // another coroutine or pass this one to another thread.
    Instruction *before = suspend;
    if (auto *save = dyn_cast<IntrinsicInst>(suspend->getArgOperand(0)))
      if (save->getIntrinsicID() == Intrinsic::coro_save)
        before = save;
    IRBuilder<> atSuspend(before);
    atSuspend.SetCurrentDebugLocation(suspend->getDebugLoc());
    Value *final = suspend->getArgOperand(1);  // i1: the final suspension
    CallInst *marker = atSuspend.CreateCall(
        runtime.CoroutineSuspend, {begin, noSite, atSuspend.CreateZExt(final, atSuspend.getInt32Ty())});
    // The co_await's value is what the coroutine it awaited handed over (runtime/coroutines.h):
    // the suspension stands for it, as a source, in the pairs of what depends on it.
    if (CallBase *result = awaitResumeCall(suspend))
      if (MDNode *source = result->getMetadata(CoroutineSourceMetadata))
        marker->setMetadata(CoroutineSourceMetadata, source);
    // The resumed code: the switch's case 0. The edge is split, since the block after it is
    // also where `await_ready` returning true goes, without any suspension.
    for (User *user : suspend->users()) {
      auto *choice = dyn_cast<SwitchInst>(user);
      if (!choice || choice->getCondition() != suspend)
        continue;
      for (auto &selected : choice->cases()) {
        if (!selected.getCaseValue()->isZero())
          continue;
        BasicBlock *resumed = SplitEdge(choice->getParent(), selected.getCaseSuccessor());
        IRBuilder<> atResume(resumed->getTerminator());
        atResume.SetCurrentDebugLocation(suspend->getDebugLoc());
        atResume.CreateCall(runtime.CoroutineResume, {begin});
        break;
      }
    }
  }
  for (CallInst *free : frees) {
    IRBuilder<> afterFree(free->getNextNode());
    afterFree.SetCurrentDebugLocation(free->getDebugLoc());
    Value *frame = free->getArgOperand(1);
    if (frame->getType() != bytePointer)
      frame = afterFree.CreatePointerCast(frame, bytePointer);
    afterFree.CreateCall(runtime.CoroutineFree, {frame});
  }
}

}  // namespace

PreservedAnalyses CoroutineSuspensionPass::run(Module &module, ModuleAnalysisManager &) {
  SmallVector<std::pair<Function *, CallInst *>, 4> coroutines;
  for (Function &function : module)
    if (willInstrument(function))
      if (CallInst *begin = coroutineBegin(function))
        coroutines.push_back({&function, begin});
  if (coroutines.empty())
    return PreservedAnalyses::all();
  SiteDescriptors sites(module);
  RuntimeAbi runtime(module, sites.sitePointerType());
  for (auto &coroutine : coroutines) {
    tagDependences(*coroutine.first);  // before the split edges and calls: nothing of ours
    markSuspensions(*coroutine.first, coroutine.second, runtime);
  }
  return PreservedAnalyses::none();
}

PreservedAnalyses CoroutineDependencePass::run(Function &function, FunctionAnalysisManager &) {
  if (!willInstrument(function) || !coroutineBegin(function))
    return PreservedAnalyses::all();
  tagDependences(function);
  return PreservedAnalyses::all();  // metadata only
}

}  // namespace interlock
