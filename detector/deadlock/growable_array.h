// A heap-free growable array of trivially copyable values, for the lock-order graph's scratch
// lists and tables.
//
// Contract: holds no allocator; every growing call takes the GraphMemory, and free() must be
// called with the same one before the array is dropped. New elements are zeroed. Thread-safety:
// none; the owner synchronizes.
#ifndef INTERLOCK_DETECTOR_DEADLOCK_GROWABLE_ARRAY_H
#define INTERLOCK_DETECTOR_DEADLOCK_GROWABLE_ARRAY_H

#include <stdint.h>
#include <string.h>

#include "detector/deadlock/graph_memory.h"

namespace interlock::deadlock {

template <typename T>
class GrowableArray {
 public:
  uint32_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T *data() { return items_; }
  const T *data() const { return items_; }
  T &operator[](uint32_t i) { return items_[i]; }
  const T &operator[](uint32_t i) const { return items_[i]; }
  T &back() { return items_[size_ - 1]; }

  void push_back(const T &value, GraphMemory &mem) {
    reserve(size_ + 1, mem);
    items_[size_++] = value;
  }
  void pop_back() { size_--; }
  void clear() { size_ = 0; }
  // Shrinks, or grows with zeroed elements.
  void resize(uint32_t n, GraphMemory &mem) {
    reserve(n, mem);
    if (n > size_) memset(static_cast<void *>(items_ + size_), 0, (n - size_) * sizeof(T));
    size_ = n;
  }

  void reserve(uint32_t n, GraphMemory &mem) {
    if (n <= capacity_) return;
    uint32_t cap = capacity_ ? capacity_ : 16;
    while (cap < n) cap *= 2;
    T *fresh = static_cast<T *>(mem.allocate(size_t(cap) * sizeof(T)));
    if (size_) memcpy(static_cast<void *>(fresh), items_, size_ * sizeof(T));
    if (items_) mem.release(items_, size_t(capacity_) * sizeof(T));
    items_ = fresh;
    capacity_ = cap;
  }

  void free(GraphMemory &mem) {
    if (items_) mem.release(items_, size_t(capacity_) * sizeof(T));
    items_ = nullptr;
    size_ = capacity_ = 0;
  }

 private:
  T *items_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ = 0;
};

}  // namespace interlock::deadlock

#endif  // INTERLOCK_DETECTOR_DEADLOCK_GROWABLE_ARRAY_H
