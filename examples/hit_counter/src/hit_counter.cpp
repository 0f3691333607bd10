// The racy HitCounter: the total is kept outside the lock "because it is just a counter".
// See hit_counter_fixed.cpp for the correction; docs/ci.md shows Interlock catching this one.
#include "hit_counter/hit_counter.h"

namespace hit_counter {

void HitCounter::record(std::size_t page) {
  {
    std::lock_guard<std::mutex> hold(mutex_);
    per_page_[page % kPages] += 1;
  }
  total_ += 1;  // RACE: read-modify-write by every recording thread, no lock held
}

long HitCounter::total() const {
  std::lock_guard<std::mutex> hold(mutex_);
  return total_;
}

long HitCounter::hits(std::size_t page) const {
  std::lock_guard<std::mutex> hold(mutex_);
  return per_page_[page % kPages];
}

}  // namespace hit_counter
