// Entry point clang and opt look up in the plugin: puts InterlockPass at the end of every
// optimization pipeline (the O0 pipeline included, which in LLVM 14 also runs the
// "optimizer last" callbacks) and makes it available as `-passes=interlock` in opt.
#include "InterlockPass.h"

#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

// Exported explicitly: everything else in the plugin is built with hidden visibility.
extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default"))) PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Interlock", "0.1.0", [](PassBuilder &builder) {
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
                  if (name != "interlock")
                    return false;
                  passes.addPass(interlock::InterlockPass());
                  return true;
                });
          }};
}
