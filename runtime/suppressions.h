// In-process suppressions: the rules of the file named by the `suppressions` option, applied
// to each finding before it is printed or written.
//
// Loaded once by initialize(), before the program's threads exist; read-only afterwards, so
// is_suppressed() is safe from any thread without a lock.
#ifndef INTERLOCK_RUNTIME_SUPPRESSIONS_H
#define INTERLOCK_RUNTIME_SUPPRESSIONS_H

#include "detector/report/report.h"

namespace interlock {

// Reads and parses `path` (nothing when empty). A file that cannot be read or has a bad rule
// ends the process with one line naming the file and line and exit status 2: running on without
// the rules the user asked for would report what they meant to silence.
void load_suppressions(const char *path);

bool is_suppressed(const report::Finding &finding);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_SUPPRESSIONS_H
