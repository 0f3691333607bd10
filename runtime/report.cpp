#include "runtime/report.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "detector/report/json_writer.h"
#include "detector/report/key.h"
#include "detector/report/text_writer.h"
#include "runtime/benign_ranges.h"
#include "runtime/file_lock_holders.h"
#include "runtime/file_locks.h"
#include "runtime/flags.h"
#include "runtime/fork.h"
#include "runtime/internal_alloc.h"
#include "runtime/memory_map.h"
#include "runtime/modules.h"
#include "runtime/shadow.h"
#include "runtime/suppressions.h"
#include "runtime/sync.h"

namespace interlock {
namespace {

// The status of a program halt_on_error stopped while exitcode=0: the default exitcode.
constexpr int kHaltedExitStatus = 66;

constexpr size_t kMaxFrames = 256;

SpinLock g_report_lock;
report::Finding *g_findings;  // kept for the JSON file at exit
size_t g_finding_count;
size_t g_finding_capacity;

// Site pairs already reported: a cheap filter before building a report to compute its key.
struct SitePair {
  const void *a;
  const void *b;
};
SitePair *g_seen_pairs;
size_t g_seen_count;
size_t g_seen_capacity;

// A frame's names are strings of its site, which lie in the data of the module whose code it is:
// that module is the frame's (what called_from_lib: suppressions match).
const char *module_of_frame(const report::Frame &frame) {
  return module_containing(frame.file != nullptr ? frame.file : frame.function);
}

report::Stack stack_of(const ContextNode *access) {
  report::Frame scratch[kMaxFrames];
  size_t n = access_stack(access, scratch, kMaxFrames);
  if (n == 0) {
    scratch[0] = {"??", nullptr, 0, 0};
    n = 1;
  }
  auto *frames = static_cast<report::Frame *>(internal_alloc(n * sizeof(report::Frame)));
  for (size_t i = 0; i < n; i++) {
    frames[i] = scratch[i];
    frames[i].module = module_of_frame(frames[i]);
  }
  return {frames, n};
}

// Locks in acquisition order, from the lock-set node an access node carries.
void locks_of(const ContextNode *access, report::Access *out) {
  const auto *set = access ? lock_set_of_access(access) : nullptr;
  size_t n = 0;
  for (const ContextNode *s = set; s; s = s->parent) n++;
  if (n == 0) return;
  auto *locks = static_cast<report::HeldLock *>(internal_alloc(n * sizeof(report::HeldLock)));
  size_t i = n;
  for (const ContextNode *s = set; s; s = s->parent) {
    --i;
    locks[i].address = reinterpret_cast<uptr>(s->a);
    locks[i].acquired_at = stack_of(static_cast<const ContextNode *>(s->b));
    locks[i].name = file_lock_name(locks[i].address);
  }
  out->locks_held = locks;
  out->lock_count = n;
}

report::AccessType type_of(uint64_t record, bool is_write) {
  bool atomic = race::record_atomic(record);
  if (is_write) return atomic ? report::AccessType::kAtomicWrite : report::AccessType::kWrite;
  return atomic ? report::AccessType::kAtomicRead : report::AccessType::kRead;
}

void fill_access(report::Access *out, uptr granule, uint64_t record, const ContextNode *context,
                 bool is_write) {
  unsigned mask = race::record_mask(record);
  out->thread = thread_in_slot(race::record_tid(record), race::record_clock(record));
  out->type = type_of(record, is_write);
  out->size = unsigned(__builtin_popcount(mask));
  out->address = granule + unsigned(__builtin_ctz(mask ? mask : 1));
  out->stack = stack_of(context);
  locks_of(context, out);
}

void add_thread(report::ThreadInfo *threads, size_t *count, Tid tid) {
  for (size_t i = 0; i < *count; i++)
    if (threads[i].id == tid) return;
  report::ThreadInfo &t = threads[(*count)++];
  t.id = tid;
  ThreadRecord *rec = thread_record(tid);
  t.name = rec ? rec->name : "?";
  t.created_by = rec && rec->parent != kInvalidTid ? int64_t(rec->parent) : -1;
  if (rec && rec->creation) t.creation_stack = stack_of(rec->creation);
}

bool seen_before(const void *a, const void *b) {
  if (a > b) {
    const void *t = a;
    a = b;
    b = t;
  }
  for (size_t i = 0; i < g_seen_count; i++)
    if (g_seen_pairs[i].a == a && g_seen_pairs[i].b == b) return true;
  internal_append(g_seen_pairs, g_seen_count, g_seen_capacity, SitePair{a, b});
  return false;
}

bool key_seen(uint64_t key) {
  for (size_t i = 0; i < g_finding_count; i++)
    if (g_findings[i].key == key) return true;
  return false;
}

// The report writers' and source reader's file operations: the runtime's own raw system calls
// (platform.h), never the program-facing functions the runtime intercepts.
const report::FileIo kRuntimeFileIo = {
    [](const char *path) { return os_open_read(path); },
    [](int fd, char *buffer, size_t size) { return os_read(fd, buffer, size); },
    [](int fd, const char *data, size_t size) { return os_write(fd, data, size) ? long(size) : -1L; },
    [](int fd) { os_close(fd); },
};

bool g_no_color_environment;  // NO_COLOR set and not empty when the program started

bool use_color() {
  switch (flags().color) {
    case ColorMode::kAlways: return true;
    case ColorMode::kNever: return false;
    case ColorMode::kAuto: break;
  }
  return !g_no_color_environment && isatty(2) != 0;
}

// interlock.[<run_id>.]<pid>.<token>.<extension>: json for the report, jsonl for the journal.
// The pid alone is not unique: two runs in pid namespaces (containers, `unshare -p`) reuse pids,
// and a later run's file would replace an earlier one's. The token, 64 random bits drawn for
// each process, is (a forked child draws its own). `interlock run` reads the files named with its
// run id, and only those.
void report_file_name(char *name, size_t capacity, int pid, const char *extension) {
  static u64 token;
  static int token_pid;
  if (token_pid != pid) {
    token = os_random();
    token_pid = pid;
  }
  const char *run_id = flags().run_id;
  format(name, capacity, "interlock.%s%s%d.%016llx.%s", run_id, run_id[0] ? "." : "", pid,
         static_cast<unsigned long long>(token), extension);
}

// The report directory exists (made with its parents if needed). Failing is said once, for the
// journal and the report alike.
bool g_report_dir_unusable;

bool prepare_report_dir() {
  const char *dir = flags().report_dir;
  if (!dir[0] || g_report_dir_unusable) return false;
  if (os_mkdir(dir)) return true;
  g_report_dir_unusable = true;
  print_line("cannot create report directory '%s': %s; no JSON report or journal written", dir,
             os_error_text(os_last_error()));
  return false;
}

report::ProcessInfo this_process() {
  report::ProcessInfo process;
  process.pid = os_getpid();
  process.command = process_command();
  if (flags().run_id[0]) process.run_id = flags().run_id;
  return process;
}

// ---- The journal: each finding on disk as soon as it is found ----
//
// The JSON report is written at a normal exit; a process that never gets there (abort, a fatal
// signal in any thread, SIGTERM, SIGKILL, _exit) would lose every finding. So each finding is
// also appended to the journal, interlock.<...>.jsonl next to where the report goes: a header
// line, then one line per finding, each line written whole by one write(2) before the finding
// is printed, so whatever a report on stderr showed is on disk even if the process is killed
// the next instant. The journal is created with the first finding (a clean process leaves
// none) and removed once the JSON report, which holds everything it does, is in place.
// `interlock report` reads a journal left behind and says its process ended abnormally.

int g_journal_fd = -1;
bool g_journal_unwritable;  // said once, not tried again
char g_journal_path[1024];  // the journal this process created; empty before

// A Sink in the runtime's own memory, so that a journal line is complete before it is written.
class LineSink final : public report::Sink {
 public:
  LineSink() = default;
  LineSink(const LineSink &) = delete;
  LineSink &operator=(const LineSink &) = delete;
  ~LineSink() {
    if (data_) internal_free(data_, capacity_);
  }
  void write(const char *data, size_t size) override {
    if (size_ + size > capacity_) grow(size_ + size);
    memcpy(data_ + size_, data, size);
    size_ += size;
  }
  const char *data() const { return data_; }
  size_t size() const { return size_; }

 private:
  void grow(size_t needed) {
    size_t capacity = capacity_ ? capacity_ : 4096;
    while (capacity < needed) capacity *= 2;
    char *fresh = static_cast<char *>(internal_alloc(capacity));
    if (size_) memcpy(fresh, data_, size_);
    if (data_) internal_free(data_, capacity_);
    data_ = fresh;
    capacity_ = capacity;
  }
  char *data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// A line that could not be written whole (a full disk) ends the journal: a later line appended
// to the part written would make one line of two, and the reader takes a cut last line for what
// it is. The findings still reach the JSON report at a normal exit.
bool write_journal_line(const LineSink &line) {
  if (os_write(g_journal_fd, line.data(), line.size())) return true;
  print_line("cannot append to report journal '%s': %s; later findings reach the JSON report "
             "only if the process exits normally",
             g_journal_path, os_error_text(os_last_error()));
  os_close(g_journal_fd);
  g_journal_fd = -1;
  g_journal_unwritable = true;
  return false;
}

bool open_journal() {
  if (g_journal_fd >= 0) return true;
  if (g_journal_unwritable || !prepare_report_dir()) return false;
  char name[256], path[sizeof g_journal_path];
  report_file_name(name, sizeof name, os_getpid(), "jsonl");
  format(path, sizeof path, "%s/%s", flags().report_dir, name);
  const int fd = os_open_append_new(path);
  if (fd < 0) {
    const int error = os_last_error();
    g_journal_unwritable = true;
    print_line("cannot create report journal '%s': %s; findings reach the JSON report only if "
               "the process exits normally",
               path, os_error_text(error));
    return false;
  }
  memcpy(g_journal_path, path, sizeof path);  // ours now: removed when the report replaces it
  LineSink header;
  {
    report::JsonEmitter json(header, /*pretty=*/false);
    report::write_journal_header(json, this_process());
  }
  header.put_char('\n');
  g_journal_fd = fd;
  return write_journal_line(header);
}

void append_to_journal(const report::Finding &finding) {
  if (!open_journal()) return;
  LineSink line;
  {
    report::JsonEmitter json(line, /*pretty=*/false);
    report::RawFileSourceReader sources(kRuntimeFileIo);
    report::write_finding_json(json, finding, &sources);
  }
  line.put_char('\n');
  write_journal_line(line);
}

// The JSON report is in place: the journal says nothing more.
void remove_journal() {
  if (g_journal_fd >= 0) os_close(g_journal_fd);
  g_journal_fd = -1;
  if (g_journal_path[0]) os_unlink(g_journal_path);  // also one a full disk ended early
  g_journal_path[0] = '\0';
}

// Writes the JSON report if report_dir asks for one. Returns its path (valid until the next call),
// or null when none was written.
const char *write_json_file() {
  if (!prepare_report_dir()) return nullptr;
  const char *dir = flags().report_dir;
  static char final_path[1024];
  char name[256], temp_path[1024];
  report_file_name(name, sizeof name, os_getpid(), "json");
  format(final_path, sizeof final_path, "%s/%s", dir, name);
  format(temp_path, sizeof temp_path, "%s/.%s.tmp", dir, name);
  int fd = os_open_write_new(temp_path);
  if (fd < 0) {
    print_line("cannot write report file '%s': %s", temp_path, os_error_text(os_last_error()));
    return nullptr;
  }
  bool ok;
  {
    report::FdSink sink(fd, kRuntimeFileIo);
    report::RawFileSourceReader sources(kRuntimeFileIo);
    report::JsonReportWriter writer(sink, &sources);
    writer.begin(this_process());
    for (size_t i = 0; i < g_finding_count; i++) writer.add(g_findings[i]);
    writer.end();
    sink.flush();
    ok = !sink.failed();
  }
  int error = ok ? 0 : os_last_error();  // before close, which may set errno again
  os_close(fd);
  if (ok && !os_rename(temp_path, final_path)) {
    ok = false;
    error = os_last_error();
  }
  if (!ok) {
    os_unlink(temp_path);  // nothing half-written is left behind
    print_line("cannot write report file '%s': %s", final_path, os_error_text(error));
    return nullptr;
  }
  remove_journal();
  return final_path;
}

// The last line of a run with findings, as ThreadSanitizer ends with "reported N warnings": how
// many of each kind, and where the JSON report is. A reader of a long log (a CI job's) finds the
// verdict at the end without scrolling back through the reports.
//   Interlock: reported 3 findings (2 data races, 1 lock-order cycle); JSON report: out/x.json
void print_summary(const char *json_path) {
  if (g_finding_count == 0) return;
  struct KindName {
    report::FindingKind kind;
    const char *one;
    const char *many;
  };
  static const KindName kKinds[] = {
      {report::FindingKind::kDataRace, "data race", "data races"},
      {report::FindingKind::kLockOrderCycle, "lock-order cycle", "lock-order cycles"},
      {report::FindingKind::kMutexMisuse, "mutex misuse", "mutex misuses"},
      {report::FindingKind::kDeadlock, "deadlock", "deadlocks"},
      {report::FindingKind::kAtomicityViolation, "atomicity violation", "atomicity violations"},
  };
  char line[2048];
  size_t n = format(line, sizeof line, "Interlock: reported %zu finding%s (", g_finding_count,
                    g_finding_count == 1 ? "" : "s");
  const char *separator = "";
  for (const KindName &kind : kKinds) {
    size_t count = 0;
    for (size_t i = 0; i < g_finding_count; i++) count += g_findings[i].kind == kind.kind;
    if (count == 0 || n >= sizeof line) continue;
    n += format(line + n, sizeof line - n, "%s%zu %s", separator, count,
                count == 1 ? kind.one : kind.many);
    separator = ", ";
  }
  if (n < sizeof line) n += format(line + n, sizeof line - n, ")");
  if (json_path && n < sizeof line)
    n += format(line + n, sizeof line - n, "; JSON report: %s", json_path);
  if (n >= sizeof line - 1) n = sizeof line - 2;
  line[n++] = '\n';
  os_write(2, line, n);
}

// A lock (or condition variable, semaphore, barrier) named by the global it lives in: 'fork',
// 'forks[2]' (an array of pthread mutexes), or 'table+48' (inside a bigger global); null for
// objects on the heap or stack.
const char *lock_name(uptr address) {
  if (const char *file_lock = file_lock_name(address)) return file_lock;
  const interlock_global *g = find_global(address);
  if (!g) return nullptr;
  const uptr offset = address - reinterpret_cast<uptr>(g->address);
  const bool mutex_array = g->size > sizeof(pthread_mutex_t) && g->size % sizeof(pthread_mutex_t) == 0;
  if (offset == 0 && !mutex_array) return g->name;
  char buf[512];
  if (offset % sizeof(pthread_mutex_t) == 0 && g->size % sizeof(pthread_mutex_t) == 0)
    format(buf, sizeof buf, "%s[%zu]", g->name, size_t(offset / sizeof(pthread_mutex_t)));
  else
    format(buf, sizeof buf, "%s+%zu", g->name, size_t(offset));
  size_t n = 0;
  while (buf[n]) n++;
  char *name = static_cast<char *>(internal_alloc(n + 1));
  for (size_t i = 0; i <= n; i++) name[i] = buf[i];
  return name;
}

// Both sides of a race held the same classic fcntl/lockf lock: the program relies on it, but such
// a lock belongs to the process, and threads of one process do not exclude each other with it.
const char *process_owned_lock_note(const report::Access &a, const report::Access &b) {
  for (size_t i = 0; i < a.lock_count; i++) {
    const uptr key = a.locks_held[i].address;
    if (!file_lock_is_process_owned(key)) continue;
    for (size_t j = 0; j < b.lock_count; j++) {
      if (b.locks_held[j].address != key) continue;
      char buf[512];
      format(buf, sizeof buf,
             "both accesses held file lock '%s', a classic fcntl/lockf record lock: it belongs "
             "to the process, so threads of one process do not exclude each other with it (use "
             "an OFD lock, F_OFD_SETLKW, or flock on descriptors opened separately, or a mutex)",
             file_lock_name(key));
      const size_t n = strlen(buf);
      char *note = static_cast<char *>(internal_alloc(n + 1));
      memcpy(note, buf, n + 1);
      return note;
    }
  }
  return nullptr;
}

// Deduplicates, applies suppressions, prints, keeps for the JSON file, and halts if asked.
// The report lock is held.
void emit(report::Finding &finding) {
  finding.key = report::finding_key(finding);
  if (key_seen(finding.key)) return;  // the same bug found again (other inlined copies, ...)
  if (is_suppressed(finding)) return;
  internal_append(g_findings, g_finding_count, g_finding_capacity, finding);
  append_to_journal(finding);  // before stderr: what a report showed must already be on disk
  {
    report::FdSink sink(2, kRuntimeFileIo);
    report::RawFileSourceReader sources(kRuntimeFileIo);
    report::TextOptions options;
    options.color = use_color();
    report::write_finding_text(sink, finding, flags().print_source ? &sources : nullptr, options);
  }
  if (flags().halt_on_error) {
    print_summary(write_json_file());
    fflush(nullptr);
    // A program stopped here has no exit status of its own for exitcode=0 to keep: ending with
    // 0 would pass a test that never finished.
    os_exit(flags().exitcode != 0 ? flags().exitcode : kHaltedExitStatus);
  }
}

}  // namespace

report::Stack stack_for_record(const ContextNode *context) { return stack_of(context); }

bool report_side_file_path(const char *extension, char *path, size_t capacity) {
  if (!prepare_report_dir()) return false;
  char name[256];
  report_file_name(name, sizeof name, os_getpid(), extension);
  format(path, capacity, "%s/%s", flags().report_dir, name);
  return true;
}

namespace {

// What a finding says about the memory at `address`, with the allocation's stack.
void describe_memory_of_finding(uptr address, report::MemoryInfo *out) {
  const ContextNode *allocation = nullptr;
  describe_memory(address, out, &allocation);
  if (allocation) out->allocation_stack = stack_of(allocation);
}

report::LockInfo lock_info(uptr address) {
  report::LockInfo lock;
  lock.address = address;
  lock.name = lock_name(address);
  lock.is_rwlock = lock_is_rwlock(address);
  return lock;
}

}  // namespace

void report_data_race(ThreadState *thr, uptr addr, uint64_t record, const ContextNode *context,
                      bool is_write, const race::Conflict &earlier,
                      const race::ForcedDeficit *unforced) {
  if (is_benign_race_address(addr)) return;
  const ContextNode *earlier_context = access_node_of_word(earlier.context);
  const void *site = context ? context->a : nullptr;
  const void *earlier_site = earlier_context ? earlier_context->a : nullptr;
  if (site > earlier_site) {
    const void *t = site;
    site = earlier_site;
    earlier_site = t;
  }
  const void **cached = thr->reported_pairs[(reinterpret_cast<uptr>(site) ^
                                             reinterpret_cast<uptr>(earlier_site)) /
                                            sizeof(interlock_site) % kReportedPairCache];
  if (cached[0] == site && cached[1] == earlier_site) return;
  cached[0] = site;
  cached[1] = earlier_site;
  SpinLockGuard guard(g_report_lock);
  if (seen_before(site, earlier_site)) return;

  auto *race = internal_new_zeroed<report::DataRace>();
  uptr granule = round_down(addr, kGranule);
  fill_access(&race->accesses[0], granule, record, context, is_write);
  // The free's record is stored as a plain write (shadow records have no room to say more), so
  // only a race the free itself finds is named as one.
  if (thr->freeing) race->accesses[0].type = report::AccessType::kFree;
  fill_access(&race->accesses[1], granule, earlier.record, earlier_context, earlier.is_write);
  // The memory is named at the first racy byte (one both accesses touched: a struct's field);
  // each access keeps its own address and size, so no access is said to touch bytes it did not.
  const uint64_t common = race::record_mask(record) & race::record_mask(earlier.record);
  describe_memory_of_finding(granule + unsigned(__builtin_ctz(unsigned(common ? common : 1))),
                             &race->memory);
  // A virtual call's read or a constructor's or destructor's write of the object's vtable
  // pointer on either side (the plugin's vptr entry points tag their access nodes).
  race->memory.vtable_pointer = (context && is_vtable_pointer_access(context)) ||
                                (earlier_context && is_vtable_pointer_access(earlier_context));
  race->note = process_owned_lock_note(race->accesses[0], race->accesses[1]);

  auto *threads = internal_new_zeroed<report::ThreadInfo>(3);
  size_t thread_count = 0;
  add_thread(threads, &thread_count, race->accesses[0].thread);
  add_thread(threads, &thread_count, race->accesses[1].thread);
  if (unforced) {
    static bool g_predicted_before;  // under g_report_lock
    auto *prediction = internal_new_zeroed<report::RacePrediction>();
    prediction->lock = lock_info(unforced->lock);
    // (A deficit names the unlocking thread by its clock slot: the unlock is the slot's first
    // event past `forced`. The lock call's thread is named by its number.)
    prediction->released_by = thread_in_slot(unforced->tid, unforced->forced + 1);
    prediction->released_at = stack_of(context_node_of_id(unforced->released_at));
    if (unforced->acquired_at != 0) {
      prediction->acquired_by = unforced->acquired_by;
      prediction->acquired_at = stack_of(context_node_of_id(unforced->acquired_at));
      add_thread(threads, &thread_count, unforced->acquired_by);
    }
    prediction->certain = !g_predicted_before;
    g_predicted_before = true;
    race->prediction = prediction;
  }
  race->threads = threads;
  race->thread_count = thread_count;

  report::Finding finding;
  finding.kind = report::FindingKind::kDataRace;
  finding.race = race;
  emit(finding);
}

void report_atomicity_violation(ThreadState *thr, const AtomicityReport &found) {
  (void)thr;
  if (is_benign_race_address(found.address)) return;
  const void *read_site = found.read_context ? found.read_context->a : nullptr;
  const void *write_site = found.write_context ? found.write_context->a : nullptr;
  SpinLockGuard guard(g_report_lock);
  // Ordered (read, write) pairs must not collide with a race's unordered pair of the same sites.
  if (seen_before(read_site, reinterpret_cast<const char *>(write_site) + 1)) return;

  auto *violation = internal_new_zeroed<report::AtomicityViolation>();
  const uptr granule = round_down(found.address, kGranule);
  fill_access(&violation->read, granule, found.read, found.read_context, /*is_write=*/false);
  fill_access(&violation->interleaved, granule, found.between.record,
              access_node_of_word(found.between.context), /*is_write=*/true);
  fill_access(&violation->write, granule, found.write, found.write_context, /*is_write=*/true);
  violation->on_atomic = !found.across_suspension && found.lock == 0;
  violation->observed = found.observed;
  if (found.lock != 0) violation->lock = lock_info(found.lock);
  if (found.across_suspension) {
    violation->across_suspension = true;
    if (const interlock_site *site = found.suspended_at) {
      auto *frame = internal_new_zeroed<report::Frame>();
      *frame = {site->function ? site->function : "??", site->file, site->line, site->column};
      frame->module = module_of_frame(*frame);
      violation->suspended_at = frame;
    }
  }
  describe_memory_of_finding(violation->read.address, &violation->memory);

  auto *threads = internal_new_zeroed<report::ThreadInfo>(2);
  size_t thread_count = 0;
  add_thread(threads, &thread_count, violation->read.thread);
  add_thread(threads, &thread_count, violation->interleaved.thread);
  violation->threads = threads;
  violation->thread_count = thread_count;

  report::Finding finding;
  finding.kind = report::FindingKind::kAtomicityViolation;
  finding.atomicity = violation;
  emit(finding);
}

void report_lock_order_cycle(const deadlock::CycleReport &cycle) {
  const size_t n = cycle.edge_count;
  if (n == 0) return;
  SpinLockGuard guard(g_report_lock);
  auto *result = internal_new_zeroed<report::LockOrderCycle>();
  auto *locks = internal_new_zeroed<report::LockInfo>(n);
  auto *edges = internal_new_zeroed<report::LockOrderEdge>(n);
  auto *order = internal_new_zeroed<size_t>(n);
  auto *threads = internal_new_zeroed<report::ThreadInfo>(n);
  size_t thread_count = 0;
  // The cycle's locks are its edges' held locks, in cycle order.
  for (size_t i = 0; i < n; i++) {
    const deadlock::CycleEdge &e = cycle.edges[i];
    locks[i].address = e.from.address;
    locks[i].name = lock_name(e.from.address);
    locks[i].is_rwlock = lock_is_rwlock(e.from.address);
    locks[i].is_file_lock = is_file_lock_key(e.from.address);
    edges[i].thread = e.thread;
    edges[i].held = i;
    edges[i].requested = (i + 1) % n;
    edges[i].held_for_read = e.from_mode == deadlock::LockMode::kRead;
    edges[i].requested_for_read = e.to_mode == deadlock::LockMode::kRead;
    edges[i].held_at = stack_of(reinterpret_cast<const ContextNode *>(e.held_at));
    edges[i].requested_at = stack_of(reinterpret_cast<const ContextNode *>(e.requested_at));
    edges[i].observations = e.observations;
    edges[i].reverse_observations = e.reverse_observations;
    add_thread(threads, &thread_count, e.thread);
  }
  for (size_t k = 0; k < cycle.suggested_order.lock_count && k < n; k++)
    for (size_t i = 0; i < n; i++)
      if (cycle.edges[i].from.address == cycle.suggested_order.order[k].address &&
          cycle.edges[i].from.incarnation == cycle.suggested_order.order[k].incarnation)
        order[k] = i;
  result->locks = locks;
  result->lock_count = n;
  result->edges = edges;
  result->edge_count = n;
  result->no_preemption = cycle.coffman.no_preemption;
  result->suggested_order = order;
  result->edge_to_change = cycle.suggested_order.edge_to_change;
  result->observations_following = cycle.suggested_order.observations_following;
  result->observations_against = cycle.suggested_order.observations_against;
  result->threads = threads;
  result->thread_count = thread_count;
  report::Finding finding;
  finding.kind = report::FindingKind::kLockOrderCycle;
  finding.cycle = result;
  emit(finding);
}

void report_mutex_misuse(const MutexMisuseReport &misuse) {
  SpinLockGuard guard(g_report_lock);
  // The same misuse at the same call (a loop): skip before building what emit() would drop.
  const void *site = misuse.at ? misuse.at->a : nullptr;
  if (seen_before(site, reinterpret_cast<const void *>(uptr(misuse.what) + 1))) return;
  auto *result = internal_new_zeroed<report::MutexMisuse>();
  auto *threads = internal_new_zeroed<report::ThreadInfo>(2);
  size_t thread_count = 0;
  result->what = misuse.what;
  result->mutex.address = misuse.mutex;
  result->mutex.name = lock_name(misuse.mutex);
  result->mutex.is_rwlock = misuse.is_rwlock;
  result->thread = misuse.thread;
  result->stack = stack_of(misuse.at);
  add_thread(threads, &thread_count, misuse.thread);
  result->owner = -1;
  if (misuse.owner != kInvalidTid) {
    result->owner = misuse.owner;
    result->locked_at = stack_of(misuse.locked_at);
    add_thread(threads, &thread_count, misuse.owner);
  }
  if (misuse.last_unlocked_at) result->last_unlocked_at = stack_of(misuse.last_unlocked_at);
  result->threads = threads;
  result->thread_count = thread_count;
  report::Finding finding;
  finding.kind = report::FindingKind::kMutexMisuse;
  finding.misuse = result;
  emit(finding);
}

bool report_deadlock(const DeadlockReport &deadlock) {
  const size_t n = deadlock.blocked_count;
  if (n == 0) return false;
  SpinLockGuard guard(g_report_lock);
  auto *result = internal_new_zeroed<report::Deadlock>();
  auto *blocked = internal_new_zeroed<report::BlockedThread>(n);
  auto *threads = internal_new_zeroed<report::ThreadInfo>(2 * n);
  size_t thread_count = 0;
  for (size_t i = 0; i < n; i++) {
    const BlockedThreadReport &from = deadlock.blocked[i];
    report::BlockedThread &to = blocked[i];
    to.thread = from.thread;
    to.what = from.what;
    to.object.address = from.object;
    to.object.name = from.object ? lock_name(from.object) : nullptr;
    to.object.is_rwlock = from.is_rwlock;
    to.object.is_file_lock = is_file_lock_key(from.object);
    if (from.what == report::WaitKind::kFileLock) {
      constexpr size_t kMaxChain = 8;
      auto *chain = internal_new_zeroed<report::ProcessWait>(kMaxChain);
      to.holder_count = file_lock_holder_chain(from.object, chain, kMaxChain, &to.process_cycle);
      to.holders = chain;
    }
    to.waits_for = from.waits_for == kInvalidTid ? -1 : int64_t(from.waits_for);
    if (from.holder_locked_at) to.holder_locked_at = stack_of(from.holder_locked_at);
    to.stack = stack_of(intern_context(nullptr, from.context, from.site, nullptr));
    if (from.held_count) {
      auto *held = internal_new_zeroed<report::HeldLock>(from.held_count);
      for (size_t k = 0; k < from.held_count; k++) {
        held[k].address = from.held[k].address;
        held[k].acquired_at = stack_of(from.held[k].acquired_at);
        held[k].name = file_lock_name(from.held[k].address);
      }
      to.locks_held = held;
      to.lock_count = from.held_count;
    }
    add_thread(threads, &thread_count, from.thread);
  }
  for (size_t i = 0; i < n; i++)
    if (deadlock.blocked[i].waits_for != kInvalidTid)
      add_thread(threads, &thread_count, deadlock.blocked[i].waits_for);
  result->is_cycle = deadlock.is_cycle;
  result->blocked = blocked;
  result->blocked_count = n;
  result->blocked_ms = deadlock.blocked_ms;
  result->threads = threads;
  result->thread_count = thread_count;
  report::Finding finding;
  finding.kind = report::FindingKind::kDeadlock;
  finding.deadlock = result;
  const size_t before = g_finding_count;
  emit(finding);
  return g_finding_count > before;
}

void end_program_after_deadlock() {
  {
    SpinLockGuard guard(g_report_lock);
    print_summary(write_json_file());
  }
  // The deadlocked threads may hold a stdio lock: flush only the streams nobody holds.
  FILE *streams[] = {stdout, stderr};
  for (FILE *stream : streams) {
    if (ftrylockfile(stream) != 0) continue;
    fflush_unlocked(stream);
    funlockfile(stream);
  }
  os_exit(flags().deadlock_exitcode);
}

void note_no_color_environment(bool no_color) { g_no_color_environment = no_color; }

int finish_reports() {
  SpinLockGuard guard(g_report_lock);
  const char *json_path = write_json_file();
  if (flags().verbosity > 0) print_line("%zu finding(s)", g_finding_count);
  print_summary(json_path);
  // exitcode=0 keeps the program's own status (as ThreadSanitizer does): forcing 0 would turn a
  // test that failed for its own reasons into a passing one.
  return g_finding_count && flags().exitcode != 0 ? flags().exitcode : -1;
}

void lock_reports_for_fork() { g_report_lock.lock(); }
void unlock_reports_after_fork(bool in_child) {
  if (in_child) {
    // The child's report is about the child: what the parent found is the parent's to report.
    g_finding_count = 0;
    g_seen_count = 0;
    // ... and so is its journal: the parent's stays the parent's, the child opens its own.
    if (g_journal_fd >= 0) os_close(g_journal_fd);
    g_journal_fd = -1;
    g_journal_path[0] = '\0';
    g_journal_unwritable = false;
  }
  g_report_lock.unlock();
}

}  // namespace interlock
