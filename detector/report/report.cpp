// Names of the report model's enumerators, as they appear in the JSON (see report-format.md).
#include "detector/report/report.h"

namespace interlock::report {

const char *access_type_name(AccessType t) {
  switch (t) {
    case AccessType::kRead: return "read";
    case AccessType::kWrite: return "write";
    case AccessType::kAtomicRead: return "atomic-read";
    case AccessType::kAtomicWrite: return "atomic-write";
  }
  return "read";
}

const char *finding_kind_name(FindingKind k) {
  switch (k) {
    case FindingKind::kDataRace: return "data-race";
    case FindingKind::kLockOrderCycle: return "lock-order-cycle";
  }
  return "unknown";
}

}  // namespace interlock::report
