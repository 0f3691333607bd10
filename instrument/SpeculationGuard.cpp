#include "SpeculationGuard.h"

#include "InterlockPass.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
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

PreservedAnalyses LoopPromotionGuardPass::run(Function &function,
                                              FunctionAnalysisManager &analyses) {
  if (!function.hasFnAttribute(Attribute::SanitizeThread))
    return PreservedAnalyses::all();
  LoopInfo &loops = analyses.getResult<LoopAnalysis>(function);
  if (loops.empty())
    return PreservedAnalyses::all();
  DominatorTree &dominators = analyses.getResult<DominatorTreeAnalysis>(function);
  MDNode *pinned = MDNode::get(function.getContext(), {});
  bool changed = false;
  for (Loop *loop : loops.getLoopsInPreorder()) {
    BasicBlock *latch = loop->getLoopLatch();
    for (BasicBlock *block : loop->blocks()) {
      // Run on every iteration: promoting its loads invents nothing.
      if (latch != nullptr && dominators.dominates(block, latch))
        continue;
      for (Instruction &instruction : *block) {
        auto *load = dyn_cast<LoadInst>(&instruction);
        // LICM promotes only a location the loop addresses the same way on every iteration.
        if (load == nullptr || !load->isSimple() ||
            !loop->isLoopInvariant(load->getPointerOperand()))
          continue;
        if (isa<AllocaInst>(getUnderlyingObject(load->getPointerOperand())))
          continue;
        load->setVolatile(true);
        load->setMetadata(kPinnedLoadMetadata, pinned);
        changed = true;
      }
    }
  }
  if (!changed)
    return PreservedAnalyses::all();
  // Only instruction flags changed: the CFG and every analysis of it still hold.
  PreservedAnalyses preserved;
  preserved.preserveSet<CFGAnalyses>();
  return preserved;
}

}  // namespace interlock
