// The runtime's side of fork(): every runtime lock held across the real fork, then released in
// the parent and made usable in the child, where only the forking thread goes on.
#include "runtime/fork.h"

#include "detector/race/shadow_cell.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// A thread that no longer exists in the child may have held (or been taking) a shadow cell's
// lock at the fork: release it, or the child's next access to that memory spins forever.
void release_cells_of_vanished_threads(ThreadState *self) {
  for (Tid tid = 0; tid < thread_count(); tid++) {
    ThreadRecord *rec = thread_record(tid);
    if (rec == nullptr || rec->state == nullptr || rec->state == self) continue;
    if (race::ShadowCell *cell = rec->state->locking_cell) {
      race::unlock_cell(*cell);
      rec->state->locking_cell = nullptr;
    }
    fork_child_release_sync_slot(rec->state);
  }
}

}  // namespace

void fork_prepare() {
  lock_file_locks_for_fork();
  lock_file_contents_for_fork();
  lock_graph_for_fork();
  lock_reports_for_fork();
  lock_wait_scan_for_fork();
  lock_registry_for_fork();
  lock_memory_map_for_fork();
  lock_modules_for_fork();
  lock_sync_table_for_fork();
  lock_annotated_flags_for_fork();
  lock_benign_ranges_for_fork();
  lock_contexts_for_fork();
  lock_openmp_frame_sites_for_fork();  // inserts allocate: before the allocator's locks
  lock_site_dependences_for_fork();    // so do registrations
  lock_retired_read_sets_for_fork();
  lock_kept_contexts_for_fork();
  lock_internal_alloc_for_fork();
}

namespace {
void unlock_all(bool in_child) {
  unlock_internal_alloc_after_fork();
  unlock_kept_contexts_after_fork();
  unlock_retired_read_sets_after_fork();
  unlock_site_dependences_after_fork();
  unlock_openmp_frame_sites_after_fork();
  unlock_contexts_after_fork();
  unlock_benign_ranges_after_fork();
  unlock_annotated_flags_after_fork();
  unlock_sync_table_after_fork();
  unlock_modules_after_fork();
  unlock_memory_map_after_fork();
  unlock_registry_after_fork();
  unlock_wait_scan_after_fork();
  unlock_reports_after_fork(in_child);
  unlock_graph_after_fork();
  unlock_file_contents_after_fork();
}
}  // namespace

void fork_parent() {
  unlock_all(/*in_child=*/false);
  unlock_file_locks_after_fork(nullptr, /*in_child=*/false);
}

void fork_child(ThreadState *thr) {
  unlock_all(/*in_child=*/true);
  unlock_file_locks_after_fork(thr, /*in_child=*/true);
  release_cells_of_vanished_threads(thr);
  if (thr) {
    // The parent's reported pairs are the parent's: the child reports its own findings.
    for (auto &pair : thr->reported_pairs) pair[0] = pair[1] = nullptr;
  }
}

}  // namespace interlock
