// Recording file events for the cross-process join (file_events.h).
#include "runtime/file_events.h"

#include <time.h>

#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "detector/report/sink.h"
#include "runtime/file_lock_edges.h"
#include "runtime/file_locks.h"
#include "runtime/flags.h"
#include "runtime/internal_alloc.h"
#include "runtime/internal_libc.h"
#include "runtime/platform.h"
#include "runtime/report.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// Everything below is guarded by g_lock, except g_stopped (read without it).
SpinLock g_lock;
int g_fd = -1;
bool g_header_written;
bool g_stopped;  // unwritable, or cut short at a bound: nothing more is recorded
uint64_t g_sequence;  // of the last event
unsigned g_events;
// The process this one was forked from and its last event at the fork (0: none recorded).
int g_parent_pid;
uint64_t g_parent_sequence;
// When this process began: the runtime's start, or the fork that made it. A process that began
// after another one ended is ordered after all of it (file_events.h).
uint64_t g_started_ns;
// At fork_prepare, what the child will take as its parent's.
int g_forking_pid;
uint64_t g_forking_sequence;
bool g_forking_recorded;

// The calling contexts whose stacks were written, by id (the slot); open addressing.
constexpr unsigned kStackSlots = kMaxEventStacks * 2;
const ContextNode *g_stacks[kStackSlots];
unsigned g_stack_count;

// One line at a time, composed under the lock (which also keeps the lines in sequence order).
char g_line[32768];

bool enabled() { return flags().report_dir[0] != '\0' && flags().file_contents_bytes > 0; }

uint64_t now_ns() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

void stop() { __atomic_store_n(&g_stopped, true, __ATOMIC_RELAXED); }

// Ends the record with a `truncated` line (the join then compares nothing of this process after
// it) and records nothing more. Lock held.
void cut_short(uint64_t limit) {
  char line[160];
  format(line, sizeof line, "{\"e\":\"truncated\",\"seq\":%llu,\"t\":%llu,\"limit\":%llu}\n",
         static_cast<unsigned long long>(++g_sequence), static_cast<unsigned long long>(now_ns()),
         static_cast<unsigned long long>(limit));
  if (g_fd >= 0) os_write(g_fd, line, strlen(line));
  stop();
}

// Writes the line composed in `sink`; a failed write stops the record. Lock held.
void emit(const report::BufferSink &sink) {
  if (g_fd < 0) return;
  if (sink.truncated()) {
    // A line longer than the buffer (a stack of very long names): the record would lie.
    print_line("a file-event line over %zu bytes: races on file contents with other processes "
               "after it are not looked for",
               sizeof g_line);
    cut_short(sizeof g_line);
  } else if (!os_write(g_fd, sink.c_str(), sink.size())) {
    print_line("cannot write the file-event record: %s; races on file contents with other "
               "processes after this point are not looked for",
               os_error_text(os_last_error()));
    os_close(g_fd);
    g_fd = -1;
    stop();
  }
}

void write_header() {
  report::BufferSink sink(g_line, sizeof g_line);
  report::JsonEmitter json(sink, /*pretty=*/false);
  json.begin_object();
  json.key("interlock_file_events");
  json.uint(1);
  json.key("pid");
  json.int64(os_getpid());
  json.key("command");
  json.string(process_command());
  json.key("started");
  json.uint(g_started_ns);
  json.key("parent");
  if (g_parent_pid > 0) {
    json.begin_object();
    json.key("pid");
    json.int64(g_parent_pid);
    json.key("seq");
    json.uint(g_parent_sequence);
    json.end_object();
  } else {
    json.null();
  }
  json.end_object();
  sink.put_char('\n');
  emit(sink);
  g_header_written = true;
}

// The record, opened (with its header) on first use. Lock held.
bool open_record() {
  if (g_fd >= 0) return true;
  if (g_stopped) return false;
  char path[1024];
  if (!report_side_file_path("file-events", path, sizeof path)) {
    stop();
    return false;
  }
  g_fd = os_open_append_new(path);
  if (g_fd < 0) {
    stop();
    print_line("cannot create file-event record '%s': %s; races on file contents between "
               "processes through this process will not be found",
               path, os_error_text(os_last_error()));
    return false;
  }
  write_header();
  return g_fd >= 0;
}

// Starts an event line: its kind, sequence number, time and thread. False when nothing may be
// recorded, or the bound is reached (then the record says so and ends). Lock held.
bool begin_event(report::JsonEmitter &json, const char *kind, ThreadState *thr) {
  if (g_stopped || !open_record()) return false;
  if (g_events >= kMaxFileEvents) {
    cut_short(kMaxFileEvents);
    print_line("more than %u file events (file contents, file locks) in this process: races on "
               "file contents with other processes after them are not looked for",
               kMaxFileEvents);
    return false;
  }
  g_events++;
  json.begin_object();
  json.key("e");
  json.string(kind);
  json.key("seq");
  json.uint(++g_sequence);
  json.key("t");
  json.uint(now_ns());
  json.key("thread");
  json.uint(thr->tid);
  return true;
}

// Writes one event line of `kind`: begin_event's fields, then those write_fields(json) adds.
// Nothing when begin_event refuses. Lock held.
template <class Fields>
void write_event(const char *kind, ThreadState *thr, Fields write_fields) {
  report::BufferSink sink(g_line, sizeof g_line);
  {
    report::JsonEmitter json(sink, /*pretty=*/false);
    if (!begin_event(json, kind, thr)) return;
    write_fields(json);
    json.end_object();
  }
  sink.put_char('\n');
  emit(sink);
}

// The id of the context's stack, written as its own line the first time; -1 when the table is
// full (the record then ends, as at the event bound). Lock held.
long stack_id(const ContextNode *context) {
  const uptr hash = (reinterpret_cast<uptr>(context) >> 4) * 0x9E3779B97F4A7C15ull;
  unsigned slot = unsigned(hash >> 40) % kStackSlots;
  for (;; slot = (slot + 1) % kStackSlots) {
    if (g_stacks[slot] == context) return slot;
    if (g_stacks[slot] == nullptr) break;
  }
  if (g_stack_count >= kMaxEventStacks) {
    cut_short(kMaxEventStacks);
    print_line("more than %u distinct stacks of file events in this process: races on file "
               "contents with other processes after them are not looked for",
               kMaxEventStacks);
    return -1;
  }
  g_stacks[slot] = context;
  g_stack_count++;
  report::BufferSink sink(g_line, sizeof g_line);
  {
    report::JsonEmitter json(sink, /*pretty=*/false);
    json.begin_object();
    json.key("e");
    json.string("stack");
    json.key("id");
    json.uint(slot);
    json.key("frames");
    report::Stack stack = stack_for_record(context);
    report::write_stack_json(json, stack, nullptr);
    if (stack.frames)
      internal_free(const_cast<report::Frame *>(stack.frames), stack.count * sizeof(report::Frame));
    json.end_object();
  }
  sink.put_char('\n');
  emit(sink);
  return slot;
}

bool may_record(ThreadState *thr) {
  return thr != nullptr && thr->in_runtime == 0 && file_events_recording();
}

}  // namespace

bool file_events_recording() {
  return enabled() && !__atomic_load_n(&g_stopped, __ATOMIC_RELAXED);
}

void file_event_access(ThreadState *thr, const FileEventBytes &bytes, const interlock_site *site) {
  if (!may_record(thr) || bytes.size == 0) return;
  ScopedInRuntime in_runtime(thr);
  const ContextNode *context = access_context(thr, site);
  SpinLockGuard guard(g_lock);
  if (g_stopped || !open_record()) return;
  const long stack = stack_id(context);
  if (stack < 0) return;
  write_event("access", thr, [&](report::JsonEmitter &json) {
    json.key("dev");
    json.uint(bytes.device);
    json.key("ino");
    json.uint(bytes.inode);
    json.key("path");
    json.string(bytes.path != nullptr ? bytes.path : "");
    json.key("offset");
    json.uint(bytes.offset);
    json.key("size");
    json.uint(bytes.size);
    json.key("write");
    json.boolean(bytes.is_write);
    json.key("call");
    json.string(bytes.call != nullptr ? bytes.call : "");
    json.key("stack");
    json.uint(uint64_t(stack));
  });
}

void file_event_lock(ThreadState *thr, uptr key, bool shared, bool acquired) {
  if (!may_record(thr)) return;
  FileLockIdentity id;
  if (!file_lock_identity(key, &id)) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_lock);
  write_event(acquired ? "acquire" : "release", thr, [&](report::JsonEmitter &json) {
    write_file_lock_fields(json, key, id);
    json.key("shared");
    json.boolean(shared);
  });
}

void file_event_reaped(ThreadState *thr, int pid) {
  if (!may_record(thr) || pid <= 0) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_lock);
  // Recorded (and the record opened) even before any access of this process: what it reads
  // after the reap must find the child's events ordered before it.
  write_event("reaped", thr, [&](report::JsonEmitter &json) {
    json.key("child");
    json.int64(pid);
  });
}

void file_events_process_started() {
  if (g_started_ns == 0) g_started_ns = now_ns();
}

void file_event_exit(ThreadState *thr) {
  if (!may_record(thr)) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_lock);
  if (g_fd < 0) return;  // nothing recorded: nothing to order
  write_event("exit", thr, [](report::JsonEmitter &) {});
}

void file_events_before_fork(ThreadState *thr) {
  if (!may_record(thr)) return;
  ScopedInRuntime in_runtime(thr);
  SpinLockGuard guard(g_lock);
  // A forked child that recorded nothing yet: its header names its own parent, which its
  // children's fork order goes through.
  if (g_parent_pid > 0 && !g_header_written) open_record();
}

void lock_file_events_for_fork() {
  g_lock.lock();
  g_forking_pid = os_getpid();
  g_forking_sequence = g_sequence;
  g_forking_recorded = g_fd >= 0 && g_header_written;
}

void unlock_file_events_after_fork(bool in_child) {
  if (in_child) {
    // The child records its own events in its own file, after everything its parent recorded.
    if (g_fd >= 0) os_close(g_fd);
    g_fd = -1;
    g_header_written = false;
    g_sequence = 0;
    g_events = 0;
    g_stack_count = 0;
    for (unsigned i = 0; i < kStackSlots; i++) g_stacks[i] = nullptr;
    g_parent_pid = g_forking_recorded ? g_forking_pid : 0;
    g_parent_sequence = g_forking_recorded ? g_forking_sequence : 0;
    // A parent cut short still lets its child record its own events: the join judges each.
    g_stopped = false;
    g_started_ns = now_ns();
  }
  g_lock.unlock();
}

}  // namespace interlock
