// The OpenMP runtime's own code (LLVM's libomp), as the address range the OMPT tool records when
// libomp starts it (openmp_tool.cpp). libomp is not instrumented, and what it does through the C
// library on its own behalf (memset and memcpy of its teams, task descriptors and queues, the
// free of their blocks, which it also recycles through pools of its own the program never sees)
// is its business, not the program's: the interceptors that check memory for their caller skip
// calls that come from there (user_memory.h, heap.cpp), as TSan does for Archer with
// ignore_noninstrumented_modules=1. Nothing else changes: libomp's calls are still performed and
// its synchronization through pthread calls still modelled.
//
// Thread-safety: the range is written once, when libomp starts the tool, before any OpenMP
// thread exists; readers load it relaxed (an empty range until then).
#ifndef INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_RUNTIME_CODE_H
#define INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_RUNTIME_CODE_H

#include "../rt.h"

namespace interlock {

extern uptr g_openmp_code_begin;
extern uptr g_openmp_code_size;

// Whether a call returning to `return_address` was made by libomp's code. One subtraction and
// one comparison (the range is empty in a program without OpenMP).
inline bool called_from_openmp_runtime(const void *return_address) {
  return reinterpret_cast<uptr>(return_address) -
             __atomic_load_n(&g_openmp_code_begin, __ATOMIC_RELAXED) <
         __atomic_load_n(&g_openmp_code_size, __ATOMIC_RELAXED);
}

// Records the code of the loaded module that holds `code` (a function of libomp's).
void note_openmp_runtime_code(const void *code);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_INTERCEPTORS_OPENMP_RUNTIME_CODE_H
