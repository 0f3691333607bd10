// Report documents for the unit tests, in the schema of docs/report-format.md: a data race whose
// two accesses have two frames each, and a finding of a kind the report model does not know.
#ifndef INTERLOCK_TESTS_CLI_FIXTURES_H
#define INTERLOCK_TESTS_CLI_FIXTURES_H

#include <string>

namespace interlock::cli_tests {

// A data race on global `global_name` between write_value() (bank.c:14:13, called from
// worker_loop) on thread `thread_name` and read_value() (bank.c:12:7, called from main).
inline std::string race_finding(const std::string &key, const std::string &global_name = "balance",
                                const std::string &thread_name = "T2") {
  return R"J({"kind": "data-race", "key": ")J" + key + R"J(",
  "summary": "data race on global ')J" + global_name + R"J(' (4 bytes): write by thread T2 at bank.c:14:13 vs read by main thread at bank.c:12:7",
  "accesses": [
    {"thread": 2, "type": "write", "size": 4, "address": "0x1000",
     "stack": [{"function": "write_value(int)", "file": "/src/bank.c", "line": 14, "column": 13, "source": "    balance -= amount;"},
               {"function": "worker_loop", "file": "/src/lib/worker.c", "line": 30, "column": 5}],
     "locks_held": []},
    {"thread": 0, "type": "read", "size": 4, "address": "0x1000",
     "stack": [{"function": "read_value", "file": "/src/bank.c", "line": 12, "column": 7},
               {"function": "main", "file": null, "line": 0, "column": 0}],
     "locks_held": [{"address": "0x2000", "acquired_at": [{"function": "main", "file": "/src/bank.c", "line": 11, "column": 3}]}]}
  ],
  "memory": {"kind": "global", "name": ")J" + global_name + R"J(", "address": "0x1000", "size": 4, "offset": 0,
             "declared_at": {"file": "/src/bank.c", "line": 3}},
  "threads": [
    {"id": 0, "name": "main", "created_by": -1, "creation_stack": []},
    {"id": 2, "name": ")J" + thread_name + R"J(", "created_by": 0, "creation_stack": [{"function": "main", "file": "/src/bank.c", "line": 40, "column": 3}]}
  ]})J";
}

// A lock-order cycle as a later issue may write it: the tool must carry it through.
inline std::string cycle_finding(const std::string &key) {
  return R"J({"kind": "lock-order-cycle", "key": ")J" + key + R"J(",
  "summary": "lock-order cycle between 2 locks", "confidence": 0.75,
  "edges": [
    {"thread": 1, "held_at": [{"function": "take_a_then_b", "file": "/src/locks.c", "line": 8, "column": 3}],
     "requested_at": [{"function": "take_a_then_b", "file": "/src/locks.c", "line": 9, "column": 3}]},
    {"thread": 2, "held_at": [{"function": "take_b_then_a", "file": "/src/locks.c", "line": 15, "column": 3}],
     "requested_at": [{"function": "take_b_then_a", "file": "/src/locks.c", "line": 16, "column": 3}]}
  ],
  "threads": [{"id": 1, "name": "locker", "created_by": 0, "creation_stack": []}]})J";
}

inline std::string report_document(const std::string &findings, int pid = 42,
                                   const std::string &version = "1") {
  return "{\n\"schema_version\": " + version +
         ",\n\"tool\": {\"name\": \"interlock\", \"version\": \"0.1.0\"},\n"
         "\"process\": {\"pid\": " + std::to_string(pid) + ", \"command\": \"./bank\"},\n"
         "\"findings\": [\n" + findings + "\n]}\n";
}

}  // namespace interlock::cli_tests

#endif  // INTERLOCK_TESTS_CLI_FIXTURES_H
