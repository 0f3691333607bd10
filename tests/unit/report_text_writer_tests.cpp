// The human report: both stacks, the source lines, locks, memory and threads.
#include <catch2/catch.hpp>

#include <string>

#include "detector/report/key.h"
#include "detector/report/text_writer.h"
#include "report_fixture.h"

namespace report = interlock::report;
using interlock::test::FakeSourceReader;
using interlock::test::RaceFixture;
using interlock::test::StringSink;

namespace {

std::string text_of(const report::Finding &finding, report::SourceReader *sources,
                    bool color = false) {
  StringSink sink;
  report::TextOptions options;
  options.color = color;
  report::write_finding_text(sink, finding, sources, options);
  return sink.text;
}

FakeSourceReader bank_sources() {
  FakeSourceReader sources;
  sources.add("/src/bank.c", 14, "    balance -= amount;");
  sources.add("/src/bank.c", 12, "    int seen = balance;");
  sources.add("/src/bank.c", 30, "    withdraw(10);");  // frame #1: must not be shown
  return sources;
}

}  // namespace

TEST_CASE("the text report shows the whole race", "[report][text]") {
  RaceFixture fixture;
  FakeSourceReader sources = bank_sources();
  std::string text = text_of(fixture.finding, &sources);
  char key[17];
  report::format_key(report::finding_key(fixture.finding), key);

  std::string expected =
      "==================\n"
      "WARNING: Interlock: data race (key " + std::string(key) + ")\n"
      "  data race on global 'balance' (4 bytes): write by thread T2 at bank.c:14:13 vs read by "
      "thread T1 at bank.c:12:7\n"
      "\n"
      "  Write of size 4 at 0x5581c3a1b010 by thread T2:\n"
      "    #0 withdraw(int) /src/bank.c:14:13\n"
      "         14 |     balance -= amount;\n"
      "    #1 worker(void*) /src/bank.c:30:5\n"
      "    Locks held: none\n"
      "\n"
      "  Previous read of size 4 at 0x5581c3a1b010 by thread T1:\n"
      "    #0 deposit(int) /src/bank.c:12:7\n"
      "         12 |     int seen = balance;\n"
      "    #1 worker(void*) /src/bank.c:31:5\n"
      "    Locks held: none\n"
      "\n"
      "  Location: global 'balance' of size 4 declared at /src/bank.c:3\n"
      "\n"
      "  Thread T2 (created by main thread at):\n"
      "    #0 main /src/bank.c:40:3\n"
      "\n"
      "  Thread T1 (created by main thread at):\n"
      "    #0 main /src/bank.c:39:3\n"
      "==================\n";
  CHECK(text == expected);
}

TEST_CASE("the text report lists held locks with where they were taken", "[report][text]") {
  RaceFixture fixture;
  fixture.hold_lock_in_read(0x7ffd1000);
  std::string text = text_of(fixture.finding, nullptr);
  CHECK(text.find("    Locks held:\n"
                  "      mutex 0x7ffd1000 acquired at:\n"
                  "        #0 deposit(int) /src/bank.c:11:5\n") != std::string::npos);
  CHECK(text.find("Locks held: none") != std::string::npos);  // the writer held none
  CHECK(text.find(" | ") == std::string::npos);                // no reader, no source lines
}

TEST_CASE("the text report describes heap, stack and unknown memory", "[report][text]") {
  RaceFixture heap;
  heap.race.memory.kind = report::MemoryKind::kHeap;
  heap.race.memory.size = 64;
  heap.race.memory.offset = 8;
  heap.race.memory.address = 0x1008;
  heap.race.memory.allocated_by = 1;
  CHECK(text_of(heap.finding, nullptr)
            .find("  Location: heap block of size 64 at 0x1000 (offset 8), allocated by thread "
                  "T1 at:\n"
                  "    #0 make_account() /src/bank.c:20:22\n") != std::string::npos);

  RaceFixture stack;
  stack.race.memory.kind = report::MemoryKind::kStack;
  stack.race.memory.stack_of_thread = 1;
  CHECK(text_of(stack.finding, nullptr)
            .find("  Location: stack of thread T1 (0x5581c3a1b010)\n") != std::string::npos);

  RaceFixture unknown;
  unknown.race.memory.kind = report::MemoryKind::kUnknown;
  CHECK(text_of(unknown.finding, nullptr)
            .find("  Location: unknown memory at 0x5581c3a1b010\n") != std::string::npos);

  RaceFixture descriptor;
  descriptor.race.memory.kind = report::MemoryKind::kDescriptor;
  descriptor.race.memory.descriptor = 5;
  descriptor.race.memory.allocated_by = 1;
  CHECK(text_of(descriptor.finding, nullptr)
            .find("  Location: file descriptor 5, created by thread T1 at:\n"
                  "    #0 make_account() /src/bank.c:20:22\n") != std::string::npos);

  RaceFixture unknown_origin;
  unknown_origin.race.memory.kind = report::MemoryKind::kDescriptor;
  unknown_origin.race.memory.descriptor = 6;
  unknown_origin.race.memory.allocation_stack = {};
  CHECK(text_of(unknown_origin.finding, nullptr).find("  Location: file descriptor 6\n") !=
        std::string::npos);

  RaceFixture file;
  file.race.memory.kind = report::MemoryKind::kFile;
  file.race.memory.name = "/tmp/app.seq";
  file.race.memory.offset = 16;
  CHECK(text_of(file.finding, nullptr)
            .find("  Location: file '/tmp/app.seq' at byte 16 (its contents, written and read "
                  "through descriptors)\n") != std::string::npos);
}

TEST_CASE("the text report names atomics and the main thread", "[report][text]") {
  RaceFixture fixture;
  report::ThreadInfo main_thread;
  main_thread.name = "main";
  fixture.threads.push_back(main_thread);
  fixture.race.accesses[0].type = report::AccessType::kAtomicWrite;
  fixture.race.accesses[1].thread = 0;
  fixture.read_stack.clear();
  fixture.rebuild();
  std::string text = text_of(fixture.finding, nullptr);
  CHECK(text.find("  Atomic write of size 4 at 0x5581c3a1b010 by thread T2:\n") !=
        std::string::npos);
  CHECK(text.find("  Previous read of size 4 at 0x5581c3a1b010 by main thread:\n"
                  "    <no stack>\n") != std::string::npos);
  CHECK(text.find("  Thread main is the main thread\n") != std::string::npos);
}

TEST_CASE("colour is opt-in", "[report][text]") {
  RaceFixture fixture;
  CHECK(text_of(fixture.finding, nullptr, false).find('\033') == std::string::npos);
  std::string colored = text_of(fixture.finding, nullptr, true);
  CHECK(colored.find("\033[1;31mWARNING: Interlock: data race") != std::string::npos);
  CHECK(colored.find("\033[1m/src/bank.c:14:13\033[0m") != std::string::npos);
}

TEST_CASE("runs of system-header frames fold into one line: the innermost frame never folds",
          "[report][text]") {
  RaceFixture fixture;
  fixture.write_stack = {
      {"std::vector<int>::operator[](unsigned long)", "/usr/include/c++/12/bits/stl_vector.h", 1124, 2},
      {"main::$_0::operator()() const", "/src/app.cpp", 20, 7},
      {"std::__invoke_impl<void, main::$_0>", "/usr/include/c++/12/bits/invoke.h", 61, 14},
      {"std::__invoke<main::$_0>", "/usr/include/c++/12/bits/invoke.h", 96, 14},
      {"std::thread::_State_impl<...>::_M_run()", "/usr/include/c++/12/bits/std_thread.h", 210, 13},
      {"start_worker()", "/src/app.cpp", 30, 3}};
  fixture.rebuild();
  std::string text = text_of(fixture.finding, nullptr);
  CHECK_THAT(text, Catch::Contains("#0 std::vector<int>::operator[](unsigned long) "
                                   "/usr/include/c++/12/bits/stl_vector.h:1124:2"));
  CHECK_THAT(text, Catch::Contains("#1 main::$_0::operator()() const /src/app.cpp:20:7\n"
                                   "    #2-#4 (3 frames in system headers)\n"
                                   "    #5 start_worker() /src/app.cpp:30:3\n"));
  CHECK_THAT(text, !Catch::Contains("std::__invoke"));
}

TEST_CASE("a single system-header frame between user frames is shown, not folded", "[report][text]") {
  RaceFixture fixture;
  fixture.write_stack = {{"withdraw(int)", "/src/bank.c", 14, 13},
                         {"std::__invoke<F>", "/usr/include/c++/12/bits/invoke.h", 96, 14},
                         {"main", "/src/bank.c", 40, 3}};
  fixture.rebuild();
  std::string text = text_of(fixture.finding, nullptr);
  CHECK_THAT(text, Catch::Contains("#1 std::__invoke<F> /usr/include/c++/12/bits/invoke.h:96:14"));
}
