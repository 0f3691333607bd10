// Names of the report model's enumerators, as they appear in the JSON (see report-format.md).
#include "detector/report/report.h"

namespace interlock::report {

const char *access_type_name(AccessType t) {
  switch (t) {
    case AccessType::kRead: return "read";
    case AccessType::kWrite: return "write";
    case AccessType::kAtomicRead: return "atomic-read";
    case AccessType::kAtomicWrite: return "atomic-write";
    case AccessType::kFree: return "free";
  }
  return "read";
}

const char *mutex_misuse_kind_name(MutexMisuseKind k) {
  switch (k) {
    case MutexMisuseKind::kUnlockNotHeld: return "unlock-not-held";
    case MutexMisuseKind::kDoubleUnlock: return "double-unlock";
    case MutexMisuseKind::kDestroyLocked: return "destroy-locked";
  }
  return "unlock-not-held";
}

const char *wait_kind_name(WaitKind k) {
  switch (k) {
    case WaitKind::kLock: return "lock";
    case WaitKind::kReadLock: return "read-lock";
    case WaitKind::kJoin: return "join";
    case WaitKind::kConditionVariable: return "condition-variable";
    case WaitKind::kSemaphore: return "semaphore";
    case WaitKind::kBarrier: return "barrier";
    case WaitKind::kFutex: return "futex";
    case WaitKind::kStaticInit: return "static-initialization";
    case WaitKind::kFileLock: return "file-lock";
  }
  return "lock";
}

const char *finding_kind_name(FindingKind k) {
  switch (k) {
    case FindingKind::kDataRace: return "data-race";
    case FindingKind::kLockOrderCycle: return "lock-order-cycle";
    case FindingKind::kMutexMisuse: return "mutex-misuse";
    case FindingKind::kDeadlock: return "deadlock";
    case FindingKind::kAtomicityViolation: return "atomicity-violation";
  }
  return "unknown";
}

}  // namespace interlock::report
