// What a piece of memory is, for reports: a registered global, a live heap block, a thread's
// stack. Registration and heap tracking happen as the program runs; lookups happen only when a
// report is built. Thread-safety: every function is safe from any thread.
#ifndef INTERLOCK_RUNTIME_MEMORY_MAP_H
#define INTERLOCK_RUNTIME_MEMORY_MAP_H

#include "detector/report/report.h"
#include "runtime/interface.h"
#include "runtime/thread_state.h"

namespace interlock {

struct HeapBlock {
  uptr address;
  size_t size;
  Tid allocated_by;
  const ContextNode *allocation;  // access node of the malloc call
};

// Fills `out` (kind, name/extent/offset...) for `addr`. Stacks are not filled here: the caller
// turns `out->allocation_stack` etc. into frames with the context nodes returned.
void describe_memory(uptr addr, report::MemoryInfo *out, const ContextNode **allocation);

const interlock_global *find_global(uptr addr);
// Forgets the globals of tables that lie in [begin, end): their module was unloaded.
void unregister_globals_in(uptr begin, uptr end);
// Copies the live heap block containing `addr` into `out`; false if none.
bool find_heap_block(uptr addr, HeapBlock *out);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_MEMORY_MAP_H
