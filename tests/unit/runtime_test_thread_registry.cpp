// The runtime pieces under test run in a process the runtime never initialized: it has no
// threads of its own. The registry they consult (retired_read_sets.cpp) is empty here, so a
// retired read set is held by nobody.
#include "runtime/thread_state.h"

namespace interlock {

ThreadRecord *thread_record(Tid) { return nullptr; }
Tid thread_count() { return 0; }

}  // namespace interlock
