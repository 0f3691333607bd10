// Reading /proc/locks for the holders of a file lock (file_lock_holders.h).
#include "runtime/file_lock_holders.h"

#include "runtime/file_locks.h"
#include "runtime/internal_alloc.h"
#include "runtime/internal_libc.h"
#include "runtime/platform.h"

namespace interlock {
namespace {

struct LockLine {
  uint64_t ordinal;
  bool blocked;   // a "->" line: a request waiting for lock `ordinal`
  bool flock;     // FLOCK (else POSIX, OFDLCK, ...)
  int64_t pid;
  uint64_t inode;
};

// The whole of a small file, NUL-terminated, in arena memory (`*capacity` bytes).
char *read_file(const char *path, size_t *capacity) {
  const int fd = os_open_read(path);
  if (fd < 0) return nullptr;
  size_t size = 0, cap = 16384;
  char *data = static_cast<char *>(internal_alloc(cap));
  for (;;) {
    if (size + 1 == cap) {
      char *bigger = static_cast<char *>(internal_alloc(cap * 2));
      memcpy(bigger, data, size);
      internal_free(data, cap);
      data = bigger;
      cap *= 2;
    }
    const long n = os_read(fd, data + size, cap - 1 - size);
    if (n <= 0) break;
    size += size_t(n);
  }
  os_close(fd);
  data[size] = '\0';
  *capacity = cap;
  return data;
}

const char *skip_spaces(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}
const char *skip_word(const char *p) {
  while (*p && *p != ' ' && *p != '\t' && *p != '\n') p++;
  return p;
}
int64_t parse_int(const char *p, const char **end, int base = 10) {
  bool negative = *p == '-';
  if (negative) p++;
  int64_t v = 0;
  for (;; p++) {
    int digit;
    if (*p >= '0' && *p <= '9') digit = *p - '0';
    else if (base == 16 && *p >= 'a' && *p <= 'f') digit = *p - 'a' + 10;
    else break;
    v = v * base + digit;
  }
  *end = p;
  return negative ? -v : v;
}

// Parses one line; false when it is not a lock line.
bool parse_line(const char *p, LockLine *out) {
  const char *end;
  out->ordinal = uint64_t(parse_int(p, &end));
  if (end == p || *end != ':') return false;
  p = skip_spaces(end + 1);
  out->blocked = p[0] == '-' && p[1] == '>';
  if (out->blocked) p = skip_spaces(p + 2);
  out->flock = strncmp(p, "FLOCK", 5) == 0;
  p = skip_spaces(skip_word(p));  // type
  p = skip_spaces(skip_word(p));  // ADVISORY / MANDATORY
  p = skip_spaces(skip_word(p));  // READ / WRITE
  out->pid = parse_int(p, &end);
  p = skip_spaces(end);
  parse_int(p, &end, 16);  // major
  if (*end != ':') return false;
  parse_int(end + 1, &end, 16);  // minor
  if (*end != ':') return false;
  out->inode = uint64_t(parse_int(end + 1, &end));
  return true;
}

// Every lock line of the table (arena memory, `*count` of them).
LockLine *read_table(size_t *count, size_t *capacity) {
  size_t file_capacity;
  char *text = read_file("/proc/locks", &file_capacity);
  *count = 0;
  *capacity = 0;
  if (!text) return nullptr;
  size_t lines = 1;
  for (const char *p = text; *p; p++) lines += *p == '\n';
  LockLine *table = static_cast<LockLine *>(internal_alloc(lines * sizeof(LockLine)));
  *capacity = lines * sizeof(LockLine);
  for (const char *p = text; *p;) {
    if (parse_line(p, &table[*count])) ++*count;
    while (*p && *p != '\n') p++;
    if (*p) p++;
  }
  internal_free(text, file_capacity);
  return table;
}

// The command line of `pid`, arguments joined by spaces (arena memory), or null.
const char *command_of(int64_t pid) {
  char path[64];
  format(path, sizeof path, "/proc/%lld/cmdline", static_cast<long long>(pid));
  size_t capacity;
  char *text = read_file(path, &capacity);
  if (!text) return nullptr;
  size_t n = 0;
  for (; n + 1 < capacity; n++) {
    if (text[n] == '\0') {
      if (text[n + 1] == '\0') break;
      text[n] = ' ';
    }
  }
  if (n == 0) return nullptr;
  return text;  // kept for the report
}

// The lock line of `pid`'s blocked request on `inode` (any inode when 0), or null.
const LockLine *blocked_request(const LockLine *table, size_t count, int64_t pid, uint64_t inode) {
  for (size_t i = 0; i < count; i++)
    if (table[i].blocked && table[i].pid == pid && (inode == 0 || table[i].inode == inode))
      return &table[i];
  return nullptr;
}

const LockLine *holder_of(const LockLine *table, size_t count, const LockLine &request) {
  for (size_t i = 0; i < count; i++)
    if (!table[i].blocked && table[i].ordinal == request.ordinal) return &table[i];
  return nullptr;
}

// "flock inode 1234 (/tmp/b)": the path is known when this process ever locked that file.
const char *describe_request(const LockLine &request) {
  char buf[512];
  const char *path = file_lock_path_of_inode(request.inode);
  format(buf, sizeof buf, "%s on inode %llu%s%s%s", request.flock ? "flock" : "fcntl",
         static_cast<unsigned long long>(request.inode), path ? " (" : "", path ? path : "",
         path ? ")" : "");
  const size_t n = strlen(buf);
  char *copy = static_cast<char *>(internal_alloc(n + 1));
  memcpy(copy, buf, n + 1);
  return copy;
}

}  // namespace

size_t file_lock_holder_chain(uptr key, report::ProcessWait *chain, size_t capacity, bool *cycle) {
  *cycle = false;
  FileLockIdentity id;
  if (!file_lock_identity(key, &id)) return 0;
  size_t count, table_bytes;
  LockLine *table = read_table(&count, &table_bytes);
  if (!table) return 0;
  const int64_t self = os_getpid();
  size_t n = 0;
  const LockLine *request = blocked_request(table, count, self, id.ino);
  while (request && n < capacity) {
    const LockLine *holder = holder_of(table, count, *request);
    if (!holder) break;
    if (holder->pid == self) {
      *cycle = n > 0;
      // Held by this very process (another descriptor of its own): named as such.
      if (n == 0) chain[n++] = {self, process_command(), nullptr};
      break;
    }
    report::ProcessWait &entry = chain[n++];
    entry.pid = holder->pid;
    entry.command = holder->pid > 0 ? command_of(holder->pid) : nullptr;
    request = holder->pid > 0 ? blocked_request(table, count, holder->pid, 0) : nullptr;
    entry.waits_for_lock = request ? describe_request(*request) : nullptr;
  }
  internal_free(table, table_bytes);
  return n;
}

}  // namespace interlock
