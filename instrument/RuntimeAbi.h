// The runtime entry points the plugin calls, declared in one module from the list in
// runtime/entry_points.def (the same list runtime/interface.h declares them from), and named
// here for the pass.
#ifndef INTERLOCK_INSTRUMENT_RUNTIME_ABI_H
#define INTERLOCK_INSTRUMENT_RUNTIME_ABI_H

#include "llvm/Support/AtomicOrdering.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Instructions.h"

#include <array>

namespace llvm {
class GlobalVariable;
class Module;
}  // namespace llvm

namespace interlock {

// Access sizes with a dedicated entry point: 1, 2, 4, 8 and 16 bytes (index = log2 of size).
constexpr unsigned AccessSizeCount = 5;
// Atomic widths with entry points: 8, 16, 32, 64 and 128 bits (index = log2 of bytes).
constexpr unsigned AtomicWidthCount = 5;
constexpr unsigned Atomic128Index = 4;

// libatomic's generic (any size, by memory) functions the runtime performs by calling them back.
enum class LibatomicOp { Load, Store, Exchange, CompareExchange, Count };

// Read-modify-write operations the runtime performs, in the order of interface.h.
enum class AtomicRmwOp { Exchange, Add, Sub, And, Or, Xor, Nand, Max, Min, UMax, UMin, Count };

// Declarations of every runtime entry point in one module. Built once per module run; the
// declarations are marked nounwind so that exception-path instrumentation never wraps them.
struct RuntimeAbi {
  RuntimeAbi(llvm::Module &module, llvm::PointerType *sitePointer);

  llvm::FunctionCallee FuncEntry, FuncExit;
  std::array<llvm::FunctionCallee, AccessSizeCount> Read, Write;
  std::array<llvm::FunctionCallee, AccessSizeCount> UnalignedRead, UnalignedWrite;  // [0] unused
  llvm::FunctionCallee ReadRange, WriteRange;
  llvm::FunctionCallee VptrRead, VptrUpdate;
  llvm::FunctionCallee Memcpy, Memmove, Memset;
  std::array<llvm::FunctionCallee, AtomicWidthCount> AtomicLoad, AtomicStore, AtomicCompareExchange;
  std::array<std::array<llvm::FunctionCallee, static_cast<size_t>(AtomicRmwOp::Count)>,
             AtomicWidthCount>
      AtomicRmw;
  std::array<llvm::FunctionCallee, static_cast<size_t>(LibatomicOp::Count)> AtomicGeneric;
  llvm::FunctionCallee AtomicFence;
  llvm::FunctionCallee Init, RegisterGlobals, RegisterDependences, RegisterValueDependences,
      RegisterControlDependences, RegisterAddressDependences, RegisterOverwrites;
  llvm::FunctionCallee CoroutineBegin, CoroutineSuspend, CoroutineResume, CoroutineFree;
  llvm::GlobalVariable *Callsite;  // __interlock_callsite, initial-exec TLS
};

// C11 memory order number (0 relaxed .. 5 seq_cst) of an LLVM ordering.
int c11MemoryOrder(llvm::AtomicOrdering ordering);

// Which libatomic generic function `name` is, or false when it is none of them.
bool libatomicOp(llvm::StringRef name, LibatomicOp &result);

// The runtime operation of an atomicrmw, or false when the runtime has none (fadd, fsub...).
bool runtimeRmwOp(llvm::AtomicRMWInst::BinOp op, AtomicRmwOp &result);

}  // namespace interlock

#endif  // INTERLOCK_INSTRUMENT_RUNTIME_ABI_H
