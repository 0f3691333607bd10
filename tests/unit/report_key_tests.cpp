// finding_key(): stable across what varies between runs, different for different bugs.
#include <catch2/catch.hpp>

#include <string>
#include <utility>

#include "detector/report/key.h"
#include "report_fixture.h"

using interlock::report::finding_key;
using interlock::report::format_key;
using interlock::test::RaceFixture;

TEST_CASE("format_key writes 16 lower-case hex digits", "[report][key]") {
  char out[17];
  format_key(0x3f1c2a9d0b7e4410ull, out);
  CHECK(std::string(out) == "3f1c2a9d0b7e4410");
  format_key(0x1ull, out);
  CHECK(std::string(out) == "0000000000000001");
}

TEST_CASE("the key ignores addresses, threads, directories and outer frames", "[report][key]") {
  RaceFixture original;
  uint64_t key = finding_key(original.finding);

  RaceFixture moved;
  moved.race.accesses[0].address = 0x7fff0000;
  moved.race.accesses[1].address = 0x7fff0000;
  moved.race.memory.address = 0x7fff0000;
  moved.race.accesses[0].thread = 7;
  moved.race.accesses[1].thread = 9;
  moved.race.accesses[0].size = 8;
  moved.write_stack[0].file = "/home/ci/checkout-2/src/bank.c";
  moved.read_stack[0].file = "/build/other/bank.c";
  moved.write_stack[1].function = "another_caller()";
  moved.write_stack[1].line = 99;
  moved.hold_lock_in_read(0x1234);
  moved.rebuild();
  CHECK(finding_key(moved.finding) == key);
}

TEST_CASE("the key does not depend on which access found the race", "[report][key]") {
  RaceFixture original;
  uint64_t key = finding_key(original.finding);

  RaceFixture swapped;
  std::swap(swapped.write_stack, swapped.read_stack);
  std::swap(swapped.race.accesses[0].type, swapped.race.accesses[1].type);
  std::swap(swapped.race.accesses[0].thread, swapped.race.accesses[1].thread);
  swapped.rebuild();
  CHECK(finding_key(swapped.finding) == key);
}

TEST_CASE("the kind of access does not enter the key: one source pair is one bug", "[report][key]") {
  RaceFixture plain;
  RaceFixture atomic;
  atomic.race.accesses[0].type = interlock::report::AccessType::kAtomicWrite;
  atomic.race.accesses[1].type = interlock::report::AccessType::kAtomicRead;
  CHECK(finding_key(atomic.finding) == finding_key(plain.finding));
}

TEST_CASE("the key changes with anything that identifies the bug", "[report][key]") {
  RaceFixture original;
  uint64_t key = finding_key(original.finding);

  RaceFixture other_line;
  other_line.write_stack[0].line = 15;
  CHECK(finding_key(other_line.finding) != key);

  RaceFixture other_column;
  other_column.read_stack[0].column = 8;
  CHECK(finding_key(other_column.finding) != key);

  RaceFixture other_function;
  other_function.write_stack[0].function = "withdraw(long)";
  CHECK(finding_key(other_function.finding) != key);

  RaceFixture other_file;
  other_file.write_stack[0].file = "/src/bank2.c";
  CHECK(finding_key(other_file.finding) != key);

  // `x++` racing with itself is found as read/write and as write/write: the same bug.
  RaceFixture other_class;
  other_class.race.accesses[1].type = interlock::report::AccessType::kWrite;
  CHECK(finding_key(other_class.finding) == key);
}

TEST_CASE("the key survives frames with unknown fields", "[report][key]") {
  RaceFixture fixture;
  fixture.write_stack[0] = {nullptr, nullptr, 0, 0};
  fixture.read_stack.clear();
  fixture.rebuild();
  uint64_t first = finding_key(fixture.finding);
  CHECK(finding_key(fixture.finding) == first);  // deterministic, and no crash on nulls
}
