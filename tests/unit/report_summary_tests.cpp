// The one-line summary for each kind of memory.
#include <catch2/catch.hpp>

#include <string>

#include "detector/report/summary.h"
#include "report_fixture.h"

using interlock::report::MemoryKind;
using interlock::test::RaceFixture;
using interlock::test::StringSink;

namespace {

std::string summary_of(const interlock::report::Finding &finding) {
  StringSink sink;
  interlock::report::write_summary(sink, finding);
  return sink.text;
}

}  // namespace

TEST_CASE("summary of a race on a global", "[report][summary]") {
  RaceFixture fixture;
  CHECK(summary_of(fixture.finding) ==
        "data race on global 'balance' (4 bytes): write by thread T2 at bank.c:14:13 vs read by "
        "thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race inside a global names the offset", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.name = "accounts";
  fixture.race.memory.size = 64;
  fixture.race.memory.offset = 8;
  fixture.race.accesses[0].size = 1;
  CHECK(summary_of(fixture.finding) ==
        "data race on global 'accounts' at offset 8 (1 byte): write by thread T2 at "
        "bank.c:14:13 vs read by thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race on the heap", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kHeap;
  fixture.race.memory.size = 64;
  fixture.race.memory.offset = 8;
  fixture.race.accesses[0].size = 8;
  CHECK(summary_of(fixture.finding) ==
        "data race on heap block of 64 bytes at offset 8 (8 bytes): write by thread T2 at "
        "bank.c:14:13 vs read by thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race on an object's vtable pointer says so", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kHeap;
  fixture.race.memory.size = 16;
  fixture.race.memory.offset = 0;
  fixture.race.memory.vtable_pointer = true;
  fixture.race.accesses[0].size = 8;
  CHECK(summary_of(fixture.finding) ==
        "data race on the vtable pointer of the object in heap block of 16 bytes at offset 0 "
        "(8 bytes): write by thread T2 at bank.c:14:13 vs read by thread T1 at bank.c:12:7");
  fixture.race.memory.kind = MemoryKind::kUnknown;
  CHECK(summary_of(fixture.finding) ==
        "data race on the vtable pointer of the object at 0x5581c3a1b010 (8 bytes): write by "
        "thread T2 at bank.c:14:13 vs read by thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race on a thread's stack", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kStack;
  fixture.race.memory.stack_of_thread = 1;
  CHECK(summary_of(fixture.finding) ==
        "data race on stack of thread T1 (4 bytes): write by thread T2 at bank.c:14:13 vs read "
        "by thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race on a file descriptor names it", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kDescriptor;
  fixture.race.memory.descriptor = 7;
  CHECK(summary_of(fixture.finding) ==
        "data race on file descriptor 7 (4 bytes): write by thread T2 at bank.c:14:13 vs read by "
        "thread T1 at bank.c:12:7");
}

TEST_CASE("summary of a race on a file's contents names the file and the byte", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kFile;
  fixture.race.memory.name = "/tmp/app.seq";
  fixture.race.memory.offset = 16;
  CHECK(summary_of(fixture.finding) ==
        "data race on file '/tmp/app.seq' at byte 16 (4 bytes): write by thread T2 at bank.c:14:13 "
        "vs read by thread T1 at bank.c:12:7");
  fixture.race.memory.name = nullptr;
  fixture.race.memory.inode = 1234;
  CHECK(summary_of(fixture.finding).rfind("data race on file on inode 1234 at byte 16 (4 bytes)", 0) ==
        0);
}

TEST_CASE("summary of a race on unknown memory gives the address", "[report][summary]") {
  RaceFixture fixture;
  fixture.race.memory.kind = MemoryKind::kUnknown;
  CHECK(summary_of(fixture.finding) ==
        "data race at 0x5581c3a1b010 (4 bytes): write by thread T2 at bank.c:14:13 vs read by "
        "thread T1 at bank.c:12:7");
}

TEST_CASE("summary names the main thread, atomics, and frames without column or file",
          "[report][summary]") {
  RaceFixture fixture;
  interlock::report::ThreadInfo main_thread;
  main_thread.id = 0;
  main_thread.name = "main";
  fixture.threads.push_back(main_thread);
  fixture.race.accesses[1].thread = 0;
  fixture.race.accesses[1].type = interlock::report::AccessType::kAtomicRead;
  fixture.read_stack[0].column = 0;
  fixture.write_stack[0].file = nullptr;
  fixture.rebuild();
  CHECK(summary_of(fixture.finding) ==
        "data race on global 'balance' (4 bytes): write by thread T2 at withdraw(int) vs "
        "atomic-read by main thread at bank.c:12");
}
