#include <catch2/catch.hpp>
#include <cstring>

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
