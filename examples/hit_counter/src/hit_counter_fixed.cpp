// The corrected HitCounter: the total is updated under the same lock as the pages it sums.
#include "hit_counter/hit_counter.h"

namespace hit_counter {

void HitCounter::record(std::size_t page) {
  std::lock_guard<std::mutex> hold(mutex_);
  per_page_[page % kPages] += 1;
  total_ += 1;
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
