// Keeps the optimizer from inventing accesses in the functions Interlock will instrument.
//
// The instrumentation runs after optimization, so it checks the loads and stores the optimizer
// left. Some transformations add accesses the source never makes: SimplifyCFG and LICM hoist a
// conditional load of a global out of its branch (isSafeToSpeculativelyExecute), GVN widens a
// load to neighbouring bytes, LICM promotes a conditional store. Each is harmless in a single
// thread but, instrumented, checks memory the program did not touch at that point, which is a
// false race. LLVM refuses them in functions carrying `sanitize_thread` (mustSuppressSpeculation,
// the load-widening check of MemoryDependence), which is how ThreadSanitizer avoids them; this
// pass gives that attribute, at the start of the pipeline, to every function the instrumentation
// will later rewrite. Without -fsanitize=thread nothing else reads the attribute in a way that
// changes the program: ThreadSanitizer's own pass is not in the pipeline (clang adds it only for
// -fsanitize=thread), so no __tsan_* symbol is referenced; shrink-wrapping (where the prologue
// goes) and hot/cold splitting (off unless asked for) leave such functions alone, which are
// code-placement choices; and the inliner only inlines between functions that agree on it (all
// of the module's instrumented functions do).
#ifndef INTERLOCK_INSTRUMENT_SPECULATION_GUARD_H
#define INTERLOCK_INSTRUMENT_SPECULATION_GUARD_H

#include "llvm/IR/PassManager.h"

namespace interlock {

class SpeculationGuardPass : public llvm::PassInfoMixin<SpeculationGuardPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &module, llvm::ModuleAnalysisManager &analyses);
  // Runs at -O0 too (optnone), so the attribute does not depend on the optimization level.
  static bool isRequired() { return true; }
};

// LLVM 14's LICM does not ask for `sanitize_thread` when it promotes a location whose stores in
// a loop are all conditional: it loads the location once before the loop (the global is
// dereferenceable, so the load is deemed safe) and keeps the stores in their branches, a load
// the program never makes when no branch is taken. This pass runs before each loop pipeline
// (the peephole extension point, after inlining) and makes every load of a `sanitize_thread`
// function from a location a loop addresses the same way on every iteration but does not load
// on each iteration (its block does not dominate the latch) volatile, which LICM never promotes, marking it with kPinnedLoadMetadata; the
// instrumentation later makes such loads plain again. Loads of the function's own stack slots
// are left alone (SROA has made most of them registers by then; those left are the thread's own).
// The cost is the promotion of conditional updates in loops, which the program also does one by
// one.
class LoopPromotionGuardPass : public llvm::PassInfoMixin<LoopPromotionGuardPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &function, llvm::FunctionAnalysisManager &analyses);
};

// The metadata kind that marks a load LoopPromotionGuardPass made volatile.
inline constexpr const char *kPinnedLoadMetadata = "interlock.pinned_load";

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_SPECULATION_GUARD_H
