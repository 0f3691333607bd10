// Where the lock-order graph gets its memory.
//
// Contract: the graph never calls new/malloc; every byte comes from a GraphMemory the caller
// provides (the runtime's internal allocator in a watched process, the heap in tests).
// allocate() returns zeroed memory aligned for any scalar type and never returns null (an
// allocator that runs out must end the process itself, e.g. with "interlock: internal error").
// release() gets back exactly the size that was allocated. Thread-safety: the graph calls it only
// from inside its own (caller-serialized) operations.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_GRAPH_MEMORY_H
#define INTERLOCK_DETECTOR_DEADLOCK_GRAPH_MEMORY_H

#include <stddef.h>

namespace interlock::deadlock {

class GraphMemory {
 public:
  virtual void *allocate(size_t bytes) = 0;
  virtual void release(void *memory, size_t bytes) = 0;

 protected:
  ~GraphMemory() = default;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_GRAPH_MEMORY_H
