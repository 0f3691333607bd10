#include "detector/report/key.h"

#include <string.h>

namespace interlock::report {

namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ull;
constexpr uint64_t kFnvPrime = 0x100000001b3ull;

class Fnv1a64 {
 public:
  void bytes(const void *data, size_t size) {
    const unsigned char *p = static_cast<const unsigned char *>(data);
    for (size_t i = 0; i < size; ++i) {
      hash_ ^= p[i];
      hash_ *= kFnvPrime;
    }
  }
  // Strings are NUL-terminated in the hashed stream so that ("ab","c") and ("a","bc") differ.
  void string(const char *s) { bytes(s, strlen(s) + 1); }
  // Little-endian regardless of host, so keys agree between machines.
  void u32(uint32_t v) {
    unsigned char b[4] = {static_cast<unsigned char>(v), static_cast<unsigned char>(v >> 8),
                          static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 24)};
    bytes(b, sizeof b);
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = kFnvOffsetBasis;
};

// What identifies one side of a race.
struct SideIdentity {
  const char *function;
  const char *file;          // base name
  uint32_t line;
  uint32_t column;
};

SideIdentity identify(const Access &access) {
  SideIdentity id{};
  id.function = "??";
  id.file = "";
  if (access.stack.count > 0 && access.stack.frames != nullptr) {
    const Frame &innermost = access.stack.frames[0];
    if (innermost.function != nullptr) id.function = innermost.function;
    id.file = file_base_name(innermost.file);
    id.line = innermost.line;
    id.column = innermost.column;
  }
  return id;
}

int compare_numbers(uint32_t a, uint32_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

int compare(const SideIdentity &a, const SideIdentity &b) {
  int c = strcmp(a.function, b.function);
  if (c == 0) c = strcmp(a.file, b.file);
  if (c == 0) c = compare_numbers(a.line, b.line);
  if (c == 0) c = compare_numbers(a.column, b.column);
  return c;
}

void hash_side(Fnv1a64 &hash, const SideIdentity &side) {
  hash.string(side.function);
  hash.string(side.file);
  hash.u32(side.line);
  hash.u32(side.column);
}

}  // namespace

const char *file_base_name(const char *path) {
  if (path == nullptr) return "";
  const char *slash = strrchr(path, '/');
  return slash != nullptr ? slash + 1 : path;
}

uint64_t finding_key(const Finding &finding) {
  Fnv1a64 hash;
  hash.string(finding_kind_name(finding.kind));
  if (finding.kind == FindingKind::kDataRace && finding.race != nullptr) {
    SideIdentity first = identify(finding.race->accesses[0]);
    SideIdentity second = identify(finding.race->accesses[1]);
    if (compare(second, first) < 0) {
      SideIdentity swap = first;
      first = second;
      second = swap;
    }
    hash_side(hash, first);
    hash_side(hash, second);
  }
  return hash.value();
}

void format_key(uint64_t key, char out[17]) {
  static const char kHexDigits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out[i] = kHexDigits[key & 0xf];
    key >>= 4;
  }
  out[16] = '\0';
}

}  // namespace interlock::report
