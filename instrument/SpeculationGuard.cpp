#include "SpeculationGuard.h"

#include "InterlockPass.h"

#include "llvm/IR/Module.h"

using namespace llvm;

namespace interlock {

PreservedAnalyses SpeculationGuardPass::run(Module &module, ModuleAnalysisManager &) {
  bool changed = false;
  for (Function &function : module) {
    if (!willInstrument(function) || function.hasFnAttribute(Attribute::SanitizeThread))
      continue;
    function.addFnAttr(Attribute::SanitizeThread);
    changed = true;
  }
  // Nothing has been analysed yet at the start of the pipeline; say so honestly all the same.
  return changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

}  // namespace interlock
