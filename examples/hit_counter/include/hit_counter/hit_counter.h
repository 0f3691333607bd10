// HitCounter: counts page views recorded by many threads.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>

namespace hit_counter {

constexpr std::size_t kPages = 8;

// Contract: record() may be called from any number of threads at once; total() and hits() give
// every hit recorded before the call (once the recording threads are joined, all of them).
// Thread-safe throughout.
class HitCounter {
 public:
  void record(std::size_t page);
  long total() const;
  long hits(std::size_t page) const;

 private:
  mutable std::mutex mutex_;
  std::array<long, kPages> per_page_{};
  long total_ = 0;
};

}  // namespace hit_counter
