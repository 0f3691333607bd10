// Report documents for the unit tests, in the schema of docs/report-format.md: a data race whose
// two accesses have two frames each, a lock-order cycle of two locks, and a finding of a kind the
// report model does not know.
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
               {"function": "worker_loop", "file": "/src/lib/worker.c", "line": 30, "column": 5, "module": "/opt/app/lib/libworker.so"}],
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

// A lock-order cycle between `first_lock` and 'lock_b': thread 1 takes first_lock in
// take_a_then_b (locks.c:8) then requests lock_b (:9); thread 2 ("locker") takes lock_b in
// take_b_then_a (:15) then requests first_lock (:16). The suggested order changes edge 1.
inline std::string cycle_finding(const std::string &key, const std::string &first_lock = "lock_a") {
  return R"J({"kind": "lock-order-cycle", "key": ")J" + key + R"J(",
  "summary": "lock-order cycle (potential deadlock) between 2 locks in 2 threads: T1 holds ')J" + first_lock + R"J(' (locks.c:8) and wants 'lock_b' (locks.c:9); locker holds 'lock_b' and wants ')J" + first_lock + R"J('",
  "locks": [{"address": "0x3000", "name": ")J" + first_lock + R"J(", "rwlock": false},
            {"address": "0x3040", "name": "lock_b", "rwlock": false}],
  "edges": [
    {"thread": 1, "holds": 0, "requests": 1, "held_for_read": false, "requested_for_read": false,
     "held_at": [{"function": "take_a_then_b", "file": "/src/locks.c", "line": 8, "column": 3, "source": "  pthread_mutex_lock(&lock_a);"}],
     "requested_at": [{"function": "take_a_then_b", "file": "/src/locks.c", "line": 9, "column": 3},
                      {"function": "run_workers", "file": "/src/lib/pool.c", "line": 70, "column": 5, "module": "/opt/app/lib/libpool.so.1"}],
     "observations": 2, "reverse_observations": 1},
    {"thread": 2, "holds": 1, "requests": 0, "held_for_read": false, "requested_for_read": false,
     "held_at": [{"function": "take_b_then_a", "file": "/src/locks.c", "line": 15, "column": 3}],
     "requested_at": [{"function": "take_b_then_a", "file": "/src/locks.c", "line": 16, "column": 3}],
     "observations": 1, "reverse_observations": 2}
  ],
  "coffman": {
    "mutual_exclusion": {"holds": true, "evidence": "each lock admits one holder at a time"},
    "hold_and_wait": {"holds": true, "evidence": "each thread holds a lock while it requests the next"},
    "no_preemption": {"holds": true, "evidence": "only its holder can end a wait"},
    "circular_wait": {"holds": true, "evidence": "T1 waits for 'lock_b' held by locker, which waits for 'lock_a' held by T1"}
  },
  "suggested_order": {"locks": [0, 1], "change_edge": 1, "following": 2, "against": 1,
                      "advice": "acquire 'lock_a' before 'lock_b' everywhere"},
  "threads": [{"id": 1, "name": "T1", "created_by": 0, "creation_stack": []},
              {"id": 2, "name": "locker", "created_by": 0, "creation_stack": []}]})J";
}

// A finding of a kind the report model does not know: the tool must carry it through, and
// suppressions still see its frames (any array of objects with a "function") and threads.
inline std::string future_finding(const std::string &key) {
  return R"J({"kind": "future-kind", "key": ")J" + key + R"J(",
  "summary": "a kind the model does not know", "confidence": 0.75,
  "sites": [
    {"where": [{"function": "future_site", "file": "/src/future.c", "line": 8, "column": 3, "module": "/opt/app/libfuture.so"}]},
    {"where": [{"function": "other_site", "file": "/src/future.c", "line": 16, "column": 3}]}
  ],
  "threads": [{"id": 1, "name": "prophet", "created_by": 0, "creation_stack": []}]})J";
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
