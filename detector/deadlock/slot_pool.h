// Fixed-size records addressed by a 32-bit index, allocated in chunks that never move.
//
// Contract: index 0 is never handed out, so 0 can mean "none" in links between records. A freshly
// allocated record is zeroed; a freed index is reused by a later allocate(). Chunks are kept
// until free_all(), so records stay put while others are added (searches hold references).
// T must be trivially copyable. Thread-safety: none; the owner synchronizes.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_SLOT_POOL_H
#define INTERLOCK_DETECTOR_DEADLOCK_SLOT_POOL_H

#include <stdint.h>
#include <string.h>

#include "detector/deadlock/graph_memory.h"
#include "detector/deadlock/growable_array.h"

namespace interlock::deadlock {

template <typename T>
class SlotPool {
 public:
  static constexpr uint32_t kChunkShift = 10;
  static constexpr uint32_t kChunkSize = 1u << kChunkShift;

  T &operator[](uint32_t index) { return chunks_[index >> kChunkShift][index & (kChunkSize - 1)]; }
  const T &operator[](uint32_t index) const {
    return chunks_[index >> kChunkShift][index & (kChunkSize - 1)];
  }
  uint32_t live() const { return live_; }
  // One past the highest index ever handed out (for sweeping every record, live or free).
  uint32_t end() const { return next_ ? next_ : 1; }

  uint32_t allocate(GraphMemory &mem) {
    uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
    } else {
      if (next_ == 0) next_ = 1;  // index 0 is "none"
      if ((next_ >> kChunkShift) >= chunks_.size())
        chunks_.push_back(static_cast<T *>(mem.allocate(kChunkSize * sizeof(T))), mem);
      index = next_++;
    }
    memset(static_cast<void *>(&(*this)[index]), 0, sizeof(T));
    live_++;
    return index;
  }

  void release(uint32_t index, GraphMemory &mem) {
    free_.push_back(index, mem);
    live_--;
  }

  void free_all(GraphMemory &mem) {
    for (uint32_t i = 0; i < chunks_.size(); i++) mem.release(chunks_[i], kChunkSize * sizeof(T));
    chunks_.free(mem);
    free_.free(mem);
    next_ = live_ = 0;
  }

 private:
  GrowableArray<T *> chunks_;
  GrowableArray<uint32_t> free_;
  uint32_t next_ = 0;
  uint32_t live_ = 0;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_SLOT_POOL_H
