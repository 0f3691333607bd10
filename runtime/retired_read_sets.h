// Read sets (and lane pairs) the race check detached from their cells, kept until no thread can
// still be reading them, then freed.
//
// A read set is read without the cell lock: by the access fast path (is this read recorded
// already?) and by a thread updating its own entry in place (detector/race/shadow_cell.h). When
// the check replaces a set (outgrown, or split into lane cells) such a thread may be in the
// middle of one access with the old set's address in hand. So with a lane pair, which the slow
// path's "recorded already?" reads without the lock, when its granule moves to byte lanes. An
// access never spans a tick of its thread's clock (ticks happen at releases, between accesses)
// nor a blocking call, so once every thread that was running when a set was retired has ticked,
// begun or ended a wait since, or finished, nobody holds it any more (ThreadRecord::passes; a
// signal handler's ticks do not count, the access it interrupted is still under way). A wait is
// a synchronization call that blocks, or a blocking call that orders nothing (I/O, poll,
// sleeping, waiting for a signal: interceptors/interceptor.h's blocking_call), so a thread
// asleep in one for the whole run holds nothing. Retired sets are gathered in batches; a full
// batch records every thread's passes and is freed once all of them have moved. A thread that
// never ticks nor waits again (a long loop with no synchronization and no such call) holds its
// batch and those after it: they are freed later or never, as before this existed, when every
// detached set was abandoned.
//
// Thread-safety: any thread, inside the runtime (the caller holds a cell lock; this takes the
// batches' lock, then the arena's).
#ifndef INTERLOCK_RUNTIME_RETIRED_READ_SETS_H
#define INTERLOCK_RUNTIME_RETIRED_READ_SETS_H

#include "detector/race/shadow_cell.h"

namespace interlock {

// `set` is detached from its cell: freed once no thread can still be reading it.
void retire_read_set(race::ReadSet *set);
// The same for a lane pair.
void retire_lane_pair(race::LanePair *pair);

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_RETIRED_READ_SETS_H
