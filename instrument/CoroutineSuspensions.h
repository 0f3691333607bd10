// C++20 coroutines, before LLVM splits them (CoroSplit turns one coroutine into a ramp and
// resume/destroy functions): where each one runs and suspends, and which of its instructions
// depend on which across its suspension points.
//
// A logic race across `co_await` (docs/supported.md, "Lost updates across co_await"): a
// coroutine reads shared state, suspends, and after resuming writes back a value computed from
// the read while another coroutine of the same thread wrote it in between. The runtime needs
//  - where a coroutine's runs begin and end: calls to __interlock_coroutine_begin after
//    `llvm.coro.begin`, __interlock_coroutine_suspend before each suspension's `llvm.coro.save`
//    (before `await_suspend` runs, which may resume another coroutine or hand this one to
//    another thread), __interlock_coroutine_resume on the edge into the resumed code, and
//    __interlock_coroutine_free after `llvm.coro.free`. The suspend call's site is filled in by
//    InterlockPass (it creates the descriptors), from the call's location: the co_await.
//  - which write depends on which read across a suspension. After CoroSplit the two sides are
//    in different functions or reached from the resume function's dispatch switch, values pass
//    through the coroutine frame, and the branch of a check-then-act no longer leads to the act:
//    the dependence analysis (SiteDependences.h) run then would find nothing. So it runs here on
//    the whole coroutine, and its result travels on the instructions as metadata: each source
//    gets its own distinct node (`interlock.coro.source`), each dependent the tuple of the
//    sources it depends on (`interlock.coro.depends`). Cloning keeps both; InterlockPass turns
//    them into site pairs of whatever instructions still carry them when it runs. An optimizer
//    that drops the metadata (merging two instructions) loses a pair: a lost update missed,
//    never a false one.
#ifndef INTERLOCK_INSTRUMENT_COROUTINE_SUSPENSIONS_H
#define INTERLOCK_INSTRUMENT_COROUTINE_SUSPENSIONS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Function;
class Instruction;
class MDNode;
}  // namespace llvm

namespace interlock {

extern const char *const CoroutineSourceMetadata;   // "interlock.coro.source"
extern const char *const CoroutineDependsMetadata;  // "interlock.coro.depends"

// At the start of the pipeline: marks every coroutine the pass will instrument (the runtime
// calls above) and tags its dependences.
class CoroutineSuspensionPass : public llvm::PassInfoMixin<CoroutineSuspensionPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &module, llvm::ModuleAnalysisManager &analyses);
  static bool isRequired() { return true; }
};

// After inlining and scalar optimization, just before CoroSplit (-O1 and above): tags an unsplit
// coroutine's dependences again, among the instructions optimization left (an inlined getter's
// load in place of its call).
class CoroutineDependencePass : public llvm::PassInfoMixin<CoroutineDependencePass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &function, llvm::FunctionAnalysisManager &analyses);
  static bool isRequired() { return true; }
};

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_COROUTINE_SUSPENSIONS_H
