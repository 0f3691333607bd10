// Recording file-lock order edges for the cross-process merge (file_lock_edges.h).
#include "runtime/file_lock_edges.h"

#include "detector/report/json_emitter.h"
#include "detector/report/json_writer.h"
#include "runtime/file_locks.h"
#include "runtime/flags.h"
#include "runtime/internal_alloc.h"
#include "runtime/internal_libc.h"
#include "runtime/platform.h"
#include "runtime/report.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// The pairs this process recorded (a hash of held and requested key), so each order costs one
// line however often it is taken. Cleared in a forked child, which records its own.
constexpr unsigned kPairSlots = 4096;
uint64_t g_pairs[kPairSlots];
unsigned g_pair_count;
SpinLock g_lock;
int g_fd = -1;      // this process's record (a forked child drops the parent's: see fork)
bool g_unwritable;  // said once

// The request's mode is part of the pair: a shared order recorded first must not hide a later
// exclusive one (only the latter can close a cycle through shared holders).
uint64_t pair_hash(uptr held, uptr requested, unsigned mode) {
  uint64_t h = (held * 0x9E3779B97F4A7C15ull) ^ (requested + 0x632BE59BD9B4E019ull) ^
               ((mode & kMutexRead) ? 0x5851F42D4C957F2Dull : 0);
  h ^= h >> 29;
  return h | 1;  // 0 marks a free slot
}

// Adds the pair; false when it was there already (or the table is full: nothing more is noted).
bool new_pair(uint64_t h) {
  if (g_pair_count >= kPairSlots / 2) return false;
  for (unsigned i = h % kPairSlots;; i = (i + 1) % kPairSlots) {
    if (g_pairs[i] == h) return false;
    if (g_pairs[i] == 0) {
      g_pairs[i] = h;
      g_pair_count++;
      return true;
    }
  }
}

class BufferSink final : public report::Sink {
 public:
  ~BufferSink() {
    if (data_) internal_free(data_, capacity_);
  }
  void write(const char *data, size_t size) override {
    if (size_ + size > capacity_) {
      size_t capacity = capacity_ ? capacity_ * 2 : 4096;
      while (capacity < size_ + size) capacity *= 2;
      char *fresh = static_cast<char *>(internal_alloc(capacity));
      if (size_) memcpy(fresh, data_, size_);
      if (data_) internal_free(data_, capacity_);
      data_ = fresh;
      capacity_ = capacity;
    }
    memcpy(data_ + size_, data, size);
    size_ += size;
  }
  const char *data() const { return data_; }
  size_t size() const { return size_; }

 private:
  char *data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace

void write_file_lock_fields(report::JsonEmitter &json, uptr key, const FileLockIdentity &id) {
  json.key("dev");
  json.uint(id.dev);
  json.key("ino");
  json.uint(id.ino);
  json.key("family");
  json.string(id.family == FileLockFamily::kFlock ? "flock" : "posix");
  json.key("start");
  json.uint(id.start);
  json.key("end");
  if (id.end == kToEnd)
    json.null();
  else
    json.uint(id.end);
  json.key("name");
  json.string(file_lock_name(key));
}

namespace {

void write_identity(report::JsonEmitter &json, uptr key, unsigned mode) {
  FileLockIdentity id;
  file_lock_identity(key, &id);
  json.begin_object(/*inline_layout=*/true);
  write_file_lock_fields(json, key, id);
  json.key("owner");
  json.string(id.owner == FileLockOwner::kProcess ? "process" : "description");
  json.key("path");
  json.string(id.path);
  json.key("mode");
  json.string((mode & kMutexRead) ? "read" : "write");
  json.end_object();
}

void write_stack(report::JsonEmitter &json, const ContextNode *context) {
  report::Stack stack = stack_for_record(context);
  report::write_stack_json(json, stack, nullptr);
  if (stack.frames)
    internal_free(const_cast<report::Frame *>(stack.frames), stack.count * sizeof(report::Frame));
}

// One line: `held` (held[index]) then `requested`, with every file lock held as gate candidates.
void compose(BufferSink &line, ThreadState *thr, uint32_t index, uptr requested, unsigned mode,
             const ContextNode *requested_at) {
  report::JsonEmitter json(line, /*pretty=*/false);
  json.begin_object();
  json.key("interlock_file_lock_order");
  json.uint(1);
  json.key("pid");
  json.int64(os_getpid());
  json.key("command");
  json.string(process_command());
  json.key("thread");
  json.uint(thr->tid);
  json.key("held");
  write_identity(json, thr->held[index].address, thr->held[index].mode);
  json.key("requested");
  write_identity(json, requested, mode);
  json.key("held_at");
  write_stack(json, thr->held[index].acquired_at);
  json.key("requested_at");
  write_stack(json, requested_at);
  json.key("also_held");
  json.begin_array();
  for (uint32_t i = 0; i < thr->held_count; i++)
    if (i != index && is_file_lock_key(thr->held[i].address))
      write_identity(json, thr->held[i].address, thr->held[i].mode);
  json.end_array();
  json.end_object();
  line.put_char('\n');
}

// The side file, opened on first use by this process. Lock held.
bool open_file() {
  if (g_fd >= 0) return true;
  if (g_unwritable) return false;
  char path[1024];
  if (!report_side_file_path("file-locks", path, sizeof path)) {
    g_unwritable = true;
    return false;
  }
  g_fd = os_open_append_new(path);
  if (g_fd < 0) {
    g_unwritable = true;
    print_line("cannot create file-lock order record '%s': %s; cycles between processes through "
               "this process's file locks will not be found",
               path, os_error_text(os_last_error()));
    return false;
  }
  return true;
}

}  // namespace

void lock_file_lock_edges_for_fork() { g_lock.lock(); }
void unlock_file_lock_edges_after_fork(bool in_child) {
  if (in_child) {
    // The child records its own orders in its own file: the parent's descriptor and pairs are
    // the parent's.
    if (g_fd >= 0) os_close(g_fd);
    g_fd = -1;
    g_unwritable = false;
    for (unsigned i = 0; i < kPairSlots; i++) g_pairs[i] = 0;
    g_pair_count = 0;
  }
  g_lock.unlock();
}

void note_file_lock_order(ThreadState *thr, uptr requested, unsigned mode) {
  if (!thr || !flags().report_dir[0] || !flags().detect_deadlocks) return;
  bool any = false;
  for (uint32_t i = 0; i < thr->held_count && !any; i++)
    any = is_file_lock_key(thr->held[i].address) && thr->held[i].address != requested;
  if (!any) return;
  ScopedInRuntime in_runtime(thr);
  const ContextNode *requested_at = access_context(thr, current_callsite());
  for (uint32_t i = 0; i < thr->held_count; i++) {
    const uptr held = thr->held[i].address;
    if (!is_file_lock_key(held) || held == requested) continue;
    {
      SpinLockGuard guard(g_lock);
      if (!open_file() || !new_pair(pair_hash(held, requested, mode))) continue;
    }
    BufferSink line;
    compose(line, thr, i, requested, mode, requested_at);
    SpinLockGuard guard(g_lock);
    if (g_fd >= 0 && !os_write(g_fd, line.data(), line.size())) {
      os_close(g_fd);
      g_fd = -1;
      g_unwritable = true;
    }
  }
}

}  // namespace interlock
