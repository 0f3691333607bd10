// fork() in a threaded program: the child has only the forking thread, and any runtime lock
// another thread held at that instant would stay locked forever in it. Each file that owns
// runtime locks offers a pair below: the first takes them all (so no other thread is inside
// the corresponding state when the fork copies memory), the second releases them (in the
// parent) or makes them usable again (in the child). fork_prepare/fork_parent/fork_child call
// them in one global order, outermost first, matching how the runtime nests its locks.
//
// Thread-safety: fork_prepare blocks until every other thread has left the runtime's critical
// sections; the *_after_fork functions run with the locks held by the calling thread.
#ifndef INTERLOCK_RUNTIME_FORK_H
#define INTERLOCK_RUNTIME_FORK_H

namespace interlock {

struct ThreadState;

// Around the real fork(); fork_child runs in the child with `thr` its only thread (may be null).
void fork_prepare();
void fork_parent();
void fork_child(ThreadState *thr);

// Per file, in the order fork_prepare takes them.
void lock_file_locks_for_fork();  // file_locks.cpp and file_lock_edges.cpp: their tables
// In the child, `thr` (the forking thread) also lets go of its process-owned (classic fcntl,
// lockf) file locks: the kernel does not give them to the child.
void unlock_file_locks_after_fork(ThreadState *thr, bool in_child);
void lock_file_contents_for_fork();  // file_contents.cpp: its slots (before the arena's lock)
void unlock_file_contents_after_fork();
void lock_graph_for_fork();       // deadlocks.cpp
void unlock_graph_after_fork();
void lock_reports_for_fork();     // report.cpp
void unlock_reports_after_fork(bool in_child);  // the child forgets the parent's findings
void lock_wait_scan_for_fork();   // hangs.cpp
void unlock_wait_scan_after_fork();
void lock_registry_for_fork();    // threads.cpp
void unlock_registry_after_fork();
void lock_memory_map_for_fork();  // memory_map.cpp
void unlock_memory_map_after_fork();
void lock_modules_for_fork();     // modules.cpp: the instrumented modules' list
void unlock_modules_after_fork();
void lock_sync_table_for_fork();  // sync.cpp: the free list and every object's lock
void unlock_sync_table_after_fork();
// In the child: releases the sync-object slot lock a thread that did not survive the fork held.
void fork_child_release_sync_slot(ThreadState *vanished);
void lock_annotated_flags_for_fork();  // interceptors/annotated_mutex_flags.cpp
void unlock_annotated_flags_after_fork();
void lock_benign_ranges_for_fork();    // benign_ranges.cpp
void unlock_benign_ranges_after_fork();
void lock_contexts_for_fork();         // context.cpp: the interning table's shards
void unlock_contexts_after_fork();
void lock_openmp_frame_sites_for_fork();    // interceptors/openmp_objects.cpp
void unlock_openmp_frame_sites_after_fork();
void lock_site_dependences_for_fork();    // site_dependences.cpp: registration of new pairs
void unlock_site_dependences_after_fork();
void lock_retired_read_sets_for_fork();  // retired_read_sets.cpp (before the arena's lock)
void unlock_retired_read_sets_after_fork();
void lock_kept_contexts_for_fork();    // kept_byte_contexts.cpp
void unlock_kept_contexts_after_fork();
void lock_internal_alloc_for_fork();   // internal_alloc.cpp
void unlock_internal_alloc_after_fork();

}  // namespace interlock

#endif  // INTERLOCK_RUNTIME_FORK_H
