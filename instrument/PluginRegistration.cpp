// Entry point clang and opt look up in the plugin: puts InterlockPass at the end of every
// optimization pipeline (the O0 pipeline included, which in LLVM 14 also runs the
// "optimizer last" callbacks), marks the functions it will instrument `sanitize_thread` at the
// start of every pipeline, and makes both available in opt as `-passes=interlock` and
// `-passes=interlock-speculation-guard`.
#include "CoroutineSuspensions.h"
#include "InterlockPass.h"
#include "SpeculationGuard.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

// Exported explicitly: everything else in the plugin is built with hidden visibility.
extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Interlock", "0.1.0", [](PassBuilder &builder) {
            // Before any optimization (LLVM 14 runs these callbacks in the O0 pipeline too):
            // the optimizer must not add loads and stores the program does not make
            // (SpeculationGuard.h).
            builder.registerPipelineStartEPCallback(
                [](ModulePassManager &passes, OptimizationLevel) {
                  passes.addPass(interlock::SpeculationGuardPass());
                  // Coroutines are still whole here (CoroSplit comes later at every level):
                  // where they suspend, and what depends on what across a suspension
                  // (CoroutineSuspensions.h).
                  passes.addPass(interlock::CoroutineSuspensionPass());
                });
            // At the end of each function's simplification, after inlining and right before
            // CoroSplit (-O1 and above; -O0 runs no such step): a coroutine's dependences
            // again, among the instructions that are left.
            builder.registerScalarOptimizerLateEPCallback(
                [](FunctionPassManager &passes, OptimizationLevel) {
                  passes.addPass(interlock::CoroutineDependencePass());
                });
            // Before each function's loop passes, after inlining: LICM must not promote a
            // location a loop only updates conditionally (LoopPromotionGuardPass).
            builder.registerPeepholeEPCallback(
                [](FunctionPassManager &passes, OptimizationLevel) {
                  passes.addPass(interlock::LoopPromotionGuardPass());
                });
            // After optimization, like the sanitizers: only the accesses that survive
            // optimization are instrumented, and inlining has already produced the
            // inlined-at chains the site descriptors record.
            builder.registerOptimizerLastEPCallback(
                [](ModulePassManager &passes, OptimizationLevel) {
                  passes.addPass(interlock::InterlockPass());
                });
            builder.registerPipelineParsingCallback(
                [](StringRef name, ModulePassManager &passes,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (name == "interlock-speculation-guard") {
                    passes.addPass(interlock::SpeculationGuardPass());
                    return true;
                  }
                  if (name == "interlock-coroutines") {
                    passes.addPass(interlock::CoroutineSuspensionPass());
                    return true;
                  }
                  if (name == "interlock-loop-promotion-guard") {
                    passes.addPass(
                        createModuleToFunctionPassAdaptor(interlock::LoopPromotionGuardPass()));
                    return true;
                  }
                  if (name != "interlock")
                    return false;
                  passes.addPass(interlock::InterlockPass());
                  return true;
                });
          }};
}
