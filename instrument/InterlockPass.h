// The Interlock instrumentation pass (new pass manager, LLVM 14): rewrites a module so that every
// access that may touch shared memory, every atomic, fence and memory intrinsic, and every
// function entry, exit and call reports to the runtime through the ABI of runtime/interface.h.
#ifndef INTERLOCK_INSTRUMENT_INTERLOCK_PASS_H
#define INTERLOCK_INSTRUMENT_INTERLOCK_PASS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Function;
}

namespace interlock {

// Whether the pass will instrument `function`: a definition, not Interlock's own, not opted out
// with __attribute__((disable_sanitizer_instrumentation)), not naked.
bool willInstrument(const llvm::Function &function);

// Module pass; stateless between runs. A module that already carries Interlock's constructor is
// left alone, so running the pass twice (e.g. before and after LTO) instruments once.
class InterlockPass : public llvm::PassInfoMixin<InterlockPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &module, llvm::ModuleAnalysisManager &analyses);
  // Instrumentation is needed for correctness, so it also runs on optnone (-O0) functions.
  static bool isRequired() { return true; }
};

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_INTERLOCK_PASS_H
