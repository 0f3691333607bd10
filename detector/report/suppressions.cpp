#include "detector/report/suppressions.h"

#include <string.h>

namespace interlock::report {

namespace {

struct TypeName {
  const char *name;
  SuppressionType type;
};

constexpr TypeName kTypeNames[] = {
    {"race", SuppressionType::kRace},
    {"race_top", SuppressionType::kRaceTop},
    {"deadlock", SuppressionType::kDeadlock},
    {"mutex", SuppressionType::kMutex},
    {"thread", SuppressionType::kThread},
    {"signal", SuppressionType::kSignal},
    {"called_from_lib", SuppressionType::kCalledFromLib},
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool equals(const char *text, size_t length, const char *word) {
  return strlen(word) == length && memcmp(text, word, length) == 0;
}

// The pattern with its anchors turned into implicit stars: an unanchored end behaves as if a
// `*` stood there, so one glob routine covers "anywhere", "^prefix", "suffix$" and "^exact$".
class GlobPattern {
 public:
  GlobPattern(const char *pattern, size_t length) {
    if (length > 0 && pattern[0] == '^') {
      ++pattern;
      --length;
      star_before_ = false;
    }
    if (length > 0 && pattern[length - 1] == '$') {
      --length;
      star_after_ = false;
    }
    body_ = pattern;
    body_length_ = length;
  }
  size_t size() const { return body_length_ + (star_before_ ? 1 : 0) + (star_after_ ? 1 : 0); }
  char at(size_t i) const {
    if (star_before_) {
      if (i == 0) return '*';
      --i;
    }
    return i < body_length_ ? body_[i] : '*';
  }

 private:
  const char *body_ = nullptr;
  size_t body_length_ = 0;
  bool star_before_ = true;
  bool star_after_ = true;
};

// Classic greedy glob with one backtrack point: on a mismatch, the last `*` swallows one more
// character. Runs in O(pattern * name) at worst, with no recursion.
bool glob_matches(const GlobPattern &pattern, const char *name) {
  const size_t pattern_size = pattern.size();
  const size_t name_size = strlen(name);
  size_t p = 0, n = 0;
  size_t star = static_cast<size_t>(-1), star_name = 0;
  while (n < name_size) {
    if (p < pattern_size && pattern.at(p) == '*') {
      star = p++;
      star_name = n;
    } else if (p < pattern_size && pattern.at(p) == name[n]) {
      ++p;
      ++n;
    } else if (star != static_cast<size_t>(-1)) {
      p = star + 1;
      n = ++star_name;
    } else {
      return false;
    }
  }
  while (p < pattern_size && pattern.at(p) == '*') ++p;
  return p == pattern_size;
}

// Which names of a frame a rule looks at: called_from_lib only its module, the others all three
// (as TSan matches function, file and module).
enum class FrameNames { kAll, kModuleOnly };

bool frame_matches(const SuppressionRule &rule, const Frame &frame, FrameNames names) {
  if (suppression_pattern_matches(rule.pattern, rule.pattern_length, frame.module)) return true;
  return names == FrameNames::kAll &&
         (suppression_pattern_matches(rule.pattern, rule.pattern_length, frame.file) ||
          suppression_pattern_matches(rule.pattern, rule.pattern_length, frame.function));
}

bool any_frame_matches(const SuppressionRule &rule, const SuppressionSubject &subject,
                       bool innermost_only, FrameNames names) {
  for (size_t s = 0; s < subject.stack_count; ++s) {
    const Stack &stack = subject.stacks[s];
    if (stack.frames == nullptr) continue;
    const size_t frames = innermost_only && stack.count > 0 ? 1 : stack.count;
    for (size_t f = 0; f < frames; ++f) {
      if (frame_matches(rule, stack.frames[f], names)) return true;
    }
  }
  return false;
}

bool any_object_name_matches(const SuppressionRule &rule, const SuppressionSubject &subject) {
  for (size_t i = 0; i < subject.object_name_count; ++i) {
    if (suppression_pattern_matches(rule.pattern, rule.pattern_length, subject.object_names[i]))
      return true;
  }
  return false;
}

bool rule_matches(const SuppressionRule &rule, const SuppressionSubject &subject) {
  switch (rule.type) {
    case SuppressionType::kRace:
      return subject.category == SuppressionCategory::kRace &&
             (any_frame_matches(rule, subject, false, FrameNames::kAll) ||
              any_object_name_matches(rule, subject));
    case SuppressionType::kRaceTop:
      return subject.category == SuppressionCategory::kRace &&
             any_frame_matches(rule, subject, true, FrameNames::kAll);
    case SuppressionType::kDeadlock:
      return subject.category == SuppressionCategory::kDeadlock &&
             (any_frame_matches(rule, subject, false, FrameNames::kAll) ||
              any_object_name_matches(rule, subject));
    case SuppressionType::kMutex:
      return subject.category == SuppressionCategory::kMutex &&
             (any_frame_matches(rule, subject, false, FrameNames::kAll) ||
              any_object_name_matches(rule, subject));
    case SuppressionType::kThread:
      for (size_t i = 0; i < subject.thread_count; ++i) {
        if (suppression_pattern_matches(rule.pattern, rule.pattern_length,
                                        subject.threads[i].name))
          return true;
      }
      return false;
    case SuppressionType::kSignal:
      return false;  // no finding of Interlock's is a signal-safety report
    case SuppressionType::kCalledFromLib:
      return any_frame_matches(rule, subject, false, FrameNames::kModuleOnly);
  }
  return false;
}

// A cycle has two stacks per edge and any number of edges, and the subject's arrays cannot be
// allocated here; but every rule asks whether *some* frame, name or thread matches, so asking
// edge by edge (its two stacks and its two locks' names, with all threads) gives the same answer.
const SuppressionRule *match_cycle(const LockOrderCycle &cycle, SuppressionCategory category,
                                   const SuppressionRule *rules, size_t count) {
  for (size_t r = 0; r < count; ++r) {
    for (size_t e = 0; e < cycle.edge_count && cycle.edges != nullptr; ++e) {
      const LockOrderEdge &edge = cycle.edges[e];
      const Stack stacks[2] = {edge.held_at, edge.requested_at};
      const char *names[2] = {nullptr, nullptr};
      size_t name_count = 0;
      const size_t edge_locks[2] = {edge.held, edge.requested};
      for (size_t lock : edge_locks) {
        if (cycle.locks != nullptr && lock < cycle.lock_count && cycle.locks[lock].name != nullptr)
          names[name_count++] = cycle.locks[lock].name;
      }
      SuppressionSubject subject;
      subject.category = category;
      subject.stacks = stacks;
      subject.stack_count = 2;
      subject.object_names = names;
      subject.object_name_count = name_count;
      subject.threads = cycle.threads;
      subject.thread_count = cycle.thread_count;
      if (rule_matches(rules[r], subject)) return &rules[r];
    }
  }
  return nullptr;
}

// A deadlock, blocked thread by blocked thread for the same reason as a cycle edge by edge: each
// thread's stack and where the holder locked what it waits for, the name of the object it waits
// on, and that thread alone for `thread:` (a deadlock is about the threads that are stuck).
const SuppressionRule *match_deadlock(const Deadlock &deadlock, SuppressionCategory category,
                                      const SuppressionRule *rules, size_t count) {
  for (size_t r = 0; r < count; ++r) {
    for (size_t b = 0; b < deadlock.blocked_count && deadlock.blocked != nullptr; ++b) {
      const BlockedThread &blocked = deadlock.blocked[b];
      const Stack stacks[2] = {blocked.stack, blocked.holder_locked_at};
      const char *const names[1] = {blocked.object.name};
      const ThreadInfo *thread = nullptr;
      for (size_t t = 0; t < deadlock.thread_count && deadlock.threads != nullptr; ++t) {
        if (deadlock.threads[t].id == blocked.thread) thread = &deadlock.threads[t];
      }
      SuppressionSubject subject;
      subject.category = category;
      subject.stacks = stacks;
      subject.stack_count = 2;
      subject.object_names = names;
      subject.object_name_count =
          blocked.what != WaitKind::kJoin && blocked.object.name != nullptr ? 1 : 0;
      subject.threads = thread;
      subject.thread_count = thread != nullptr ? 1 : 0;
      if (rule_matches(rules[r], subject)) return &rules[r];
    }
  }
  return nullptr;
}

}  // namespace

bool parse_suppressions(const char *text, size_t len, SuppressionRule *rules, size_t capacity,
                        size_t *count, SuppressionError *err) {
  *count = 0;
  uint32_t line_number = 0;
  size_t position = 0;
  while (position < len) {
    ++line_number;
    size_t end = position;
    while (end < len && text[end] != '\n') ++end;
    const size_t next = end + 1;
    while (position < end && is_blank(text[position])) ++position;
    while (end > position && is_blank(text[end - 1])) --end;

    const char *fail = nullptr;
    if (position < end && text[position] != '#') {
      const char *colon = static_cast<const char *>(memchr(text + position, ':', end - position));
      const TypeName *type = nullptr;
      if (colon == nullptr) {
        fail = "expected 'type:pattern'";
      } else {
        for (const TypeName &entry : kTypeNames) {
          if (equals(text + position, static_cast<size_t>(colon - (text + position)), entry.name))
            type = &entry;
        }
        const char *pattern = colon + 1;
        const char *pattern_end = text + end;
        while (pattern < pattern_end && is_blank(*pattern)) ++pattern;
        if (type == nullptr) {
          fail = "unknown suppression type (expected race, race_top, deadlock, mutex, thread, "
                 "signal or called_from_lib)";
        } else if (pattern == pattern_end) {
          fail = "empty suppression pattern";
        } else if (*count == capacity) {
          fail = "too many suppression rules";
        } else {
          SuppressionRule &rule = rules[(*count)++];
          rule.type = type->type;
          rule.pattern = pattern;
          rule.pattern_length = static_cast<size_t>(pattern_end - pattern);
          rule.line = line_number;
        }
      }
    }
    if (fail != nullptr) {
      if (err != nullptr) {
        err->line = line_number;
        err->message = fail;
      }
      return false;
    }
    position = next;
  }
  return true;
}

bool suppression_pattern_matches(const char *pattern, size_t pattern_length, const char *name) {
  if (name == nullptr) return false;
  return glob_matches(GlobPattern(pattern, pattern_length), name);
}

SuppressionCategory suppression_category(const char *kind_name) {
  if (kind_name == nullptr) return SuppressionCategory::kOther;
  if (strcmp(kind_name, "data-race") == 0 || strcmp(kind_name, "atomicity-violation") == 0)
    return SuppressionCategory::kRace;
  if (strcmp(kind_name, "lock-order-cycle") == 0 || strcmp(kind_name, "deadlock") == 0)
    return SuppressionCategory::kDeadlock;
  if (strcmp(kind_name, "mutex-misuse") == 0) return SuppressionCategory::kMutex;
  return SuppressionCategory::kOther;
}

const SuppressionRule *match_suppression(const SuppressionSubject &subject,
                                         const SuppressionRule *rules, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (rule_matches(rules[i], subject)) return &rules[i];
  }
  return nullptr;
}

const SuppressionRule *match_suppression(const Finding &finding, const SuppressionRule *rules,
                                         size_t count) {
  SuppressionSubject subject;
  subject.category = suppression_category(finding_kind_name(finding.kind));
  if (finding.kind == FindingKind::kDataRace && finding.race != nullptr) {
    const DataRace &race = *finding.race;
    const Stack stacks[2] = {race.accesses[0].stack, race.accesses[1].stack};
    const char *const names[1] = {race.memory.name};
    subject.stacks = stacks;
    subject.stack_count = 2;
    subject.object_names = names;
    subject.object_name_count = race.memory.kind == MemoryKind::kGlobal ? 1 : 0;
    subject.threads = race.threads;
    subject.thread_count = race.thread_count;
    return match_suppression(subject, rules, count);
  }
  if (finding.kind == FindingKind::kLockOrderCycle && finding.cycle != nullptr) {
    return match_cycle(finding.cycle[0], subject.category, rules, count);
  }
  if (finding.kind == FindingKind::kMutexMisuse && finding.misuse != nullptr) {
    const MutexMisuse &misuse = *finding.misuse;
    const Stack stacks[3] = {misuse.stack, misuse.locked_at, misuse.last_unlocked_at};
    const char *const names[1] = {misuse.mutex.name};
    subject.stacks = stacks;
    subject.stack_count = 3;
    subject.object_names = names;
    subject.object_name_count = misuse.mutex.name != nullptr ? 1 : 0;
    subject.threads = misuse.threads;
    subject.thread_count = misuse.thread_count;
    return match_suppression(subject, rules, count);
  }
  if (finding.kind == FindingKind::kAtomicityViolation && finding.atomicity != nullptr) {
    const AtomicityViolation &violation = *finding.atomicity;
    const Stack stacks[3] = {violation.read.stack, violation.interleaved.stack,
                             violation.write.stack};
    const char *const names[1] = {violation.memory.name};
    subject.stacks = stacks;
    subject.stack_count = 3;
    subject.object_names = names;
    subject.object_name_count = violation.memory.kind == MemoryKind::kGlobal ? 1 : 0;
    subject.threads = violation.threads;
    subject.thread_count = violation.thread_count;
    return match_suppression(subject, rules, count);
  }
  if (finding.kind == FindingKind::kDeadlock && finding.deadlock != nullptr) {
    return match_deadlock(*finding.deadlock, subject.category, rules, count);
  }
  return match_suppression(subject, rules, count);
}

}  // namespace interlock::report
