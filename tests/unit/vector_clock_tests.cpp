#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "race_test_support.h"

using namespace interlock::race;
using interlock::race::testing::HeapMemory;

TEST_CASE("a fresh vector clock is zero everywhere") {
  VectorClock c;
  CHECK(c.size() == 0);
  CHECK(c.get(0) == 0);
  CHECK(c.get(1000) == 0);
}

TEST_CASE("join takes the pointwise maximum and grows to the longer clock") {
  HeapMemory mem;
  VectorClock a, b;
  a.set(0, 5, mem);
  a.set(1, 1, mem);
  b.set(1, 7, mem);
  b.set(40, 3, mem);
  a.join(b, mem);
  CHECK(a.get(0) == 5);
  CHECK(a.get(1) == 7);
  CHECK(a.get(40) == 3);
  CHECK(a.size() == 41);
  CHECK(b.get(0) == 0);  // the argument is unchanged
}

TEST_CASE("assign copies and clears entries beyond the source") {
  HeapMemory mem;
  VectorClock a, b;
  a.set(9, 4, mem);
  b.set(2, 8, mem);
  a.assign(b, mem);
  CHECK(a.get(2) == 8);
  CHECK(a.get(9) == 0);
}

TEST_CASE("covers compares a record's clock with the entry of its thread") {
  HeapMemory mem;
  VectorClock c;
  c.set(3, 10, mem);
  CHECK(c.covers(make_record(3, 10, 0xff, false)));
  CHECK(c.covers(make_record(3, 9, 0x01, false)));
  CHECK_FALSE(c.covers(make_record(3, 11, 0x01, false)));
  CHECK_FALSE(c.covers(make_record(4, 1, 0x01, false)));
}

TEST_CASE("records pack and unpack every field") {
  uint64_t r = make_record(kMaxTid, 0xfffffffe, 0x3c, true);
  CHECK(record_tid(r) == kMaxTid);
  CHECK(record_clock(r) == 0xfffffffeu);
  CHECK(record_mask(r) == 0x3c);
  CHECK(record_atomic(r));
  CHECK(granule_mask(0, 8) == 0xff);
  CHECK(granule_mask(4, 4) == 0xf0);
  CHECK(granule_mask(3, 1) == 0x08);
  CHECK(granule_mask(6, 2) == 0xc0);
}

namespace {

// Clock memory that knows which arrays are live, so that a release of one never handed out, or
// of one already released, or with another count than it was allocated with, fails the test.
class CountingClockMemory final : public ClockMemory {
 public:
  ~CountingClockMemory() {
    for (auto &entry : live_) std::free(entry.first);
  }
  Clock *allocate(uint32_t count) override {
    auto *entries = static_cast<Clock *>(std::calloc(count, sizeof(Clock)));
    live_.push_back({entries, count});
    return entries;
  }
  void release(Clock *entries, uint32_t count) override {
    for (size_t i = 0; i < live_.size(); i++) {
      if (live_[i].first != entries) continue;
      CHECK(live_[i].second == count);
      std::free(entries);
      live_.erase(live_.begin() + long(i));
      return;
    }
    FAIL("released an array that is not live");
  }
  size_t live() const { return live_.size(); }

 private:
  std::vector<std::pair<Clock *, uint32_t>> live_;
};

}  // namespace

TEST_CASE("clocks share a snapshot until one of them changes") {
  CountingClockMemory mem;
  VectorClock thread, fence, first, second;
  thread.set(0, 5, mem);
  thread.set(2, 7, mem);
  fence.snapshot(thread, mem);
  CHECK(fence.is_snapshot());
  first.share(fence, mem);
  second.share(fence, mem);
  CHECK(mem.live() == 2);  // the thread's clock and one snapshot
  for (const VectorClock *c : {&fence, &first, &second}) {
    CHECK(c->get(0) == 5);
    CHECK(c->get(2) == 7);
    CHECK(c->size() == 3);
  }
  thread.set(0, 6, mem);  // the snapshot is a copy: later changes of its source stay out
  CHECK(first.get(0) == 5);

  SECTION("a change copies the entries for the clock that changes, and only for it") {
    first.set(1, 9, mem);
    CHECK_FALSE(first.is_snapshot());
    CHECK(first.get(0) == 5);
    CHECK(first.get(1) == 9);
    CHECK(first.get(2) == 7);
    CHECK(second.get(1) == 0);
    CHECK(fence.get(1) == 0);
    second.join(thread, mem);
    CHECK(second.get(0) == 6);
    CHECK(fence.get(0) == 5);
    CHECK(mem.live() == 4);  // the thread's, the snapshot, first's and second's own
  }
  SECTION("the last holder to let go releases it, and only it") {
    fence.snapshot(thread, mem);  // the fence's next snapshot: the first stays held twice
    CHECK(fence.get(0) == 6);
    CHECK(first.get(0) == 5);
    CHECK(mem.live() == 3);
    first.clear(mem);
    CHECK(first.get(0) == 0);
    CHECK(mem.live() == 3);
    second.free(mem);
    CHECK(mem.live() == 2);  // the first snapshot is gone
    CHECK(fence.get(2) == 7);
  }
  SECTION("sharing an array of a clock's own copies it") {
    first.share(thread, mem);
    CHECK_FALSE(first.is_snapshot());
    thread.set(0, 8, mem);
    CHECK(first.get(0) == 6);
  }
  first.free(mem);
  second.free(mem);
  fence.free(mem);
  thread.free(mem);
  CHECK(mem.live() == 0);
}
