// Lost updates between two critical sections or an atomic load and store (runtime/atomicity.h).
#include "runtime/atomicity.h"

#include <string.h>

#include "runtime/coroutines.h"
#include "runtime/flags.h"
#include "runtime/report.h"
#include "runtime/shadow.h"
#include "runtime/site_dependences.h"
#include "runtime/thread_state.h"

namespace interlock {
namespace {

// Whether `read` was made by this thread in the critical section of its mutex just before the
// current one (a section of that mutex is held now, and the thread's previous one is the read's:
// a read several sections back is another round of the thread's work, not this write's check)
// or, for an atomic store, by an atomic load.
// A coroutine's read (`run` set): made in an earlier run of the coroutine, before a suspension.
// `held` is the thread's hold of read.lock (null when it holds none, and for a coroutine's read).
bool from_earlier_section(const HeldMutex *held, const RecentRead &read, bool atomic_store,
                          const CoroutineRun *run) {
  if (run) return read.section != run->section;
  if (atomic_store) return read.lock == 0;
  return read.lock != 0 && held && held->section != read.section &&
         held->previous_own_section == read.section;
}

// The thread's hold of the mutex a critical section's `read` was made under, if it holds it now
// (null for a coroutine's read, whose `lock` is its frame).
const HeldMutex *held_for(ThreadState *thr, const RecentRead &read, const CoroutineRun *run) {
  return read.lock && !run ? find_held(thr, read.lock) : nullptr;
}

// Whether two sites are one place in the source (two inlined copies of a function, or one
// function called from two lines, reach the same line through different sites or frames).
bool same_source_place(const interlock_site *x, const interlock_site *y) {
  if (x == y) return true;
  if (!x || !y || x->line == 0 || x->line != y->line || x->column != y->column) return false;
  return x->file == y->file || (x->file && y->file && strcmp(x->file, y->file) == 0);
}

// The same code read both: the same source line and column, whatever locks each held (a
// condition variable's wait re-takes the mutex at another call: a new lock set) and however it
// was reached (zstd's job lookup runs its find function once before a condition variable's wait
// and once after, two inlined copies at -O2: the second read is the same check made again).
bool same_code(uint64_t a, uint64_t b) {
  if (a == b) return true;
  if (!a || !b || ((a & b) & kInlineAccessBit)) return false;  // two inline words: equal or not
  const ContextNode *x = access_node_of_word(a), *y = access_node_of_word(b);
  if (!x || !y) return false;
  if (x->parent == y->parent && x->a == y->a) return true;
  return same_source_place(static_cast<const interlock_site *>(x->a),
                           static_cast<const interlock_site *>(y->a));
}

bool in_current_section(const HeldMutex *held, const RecentRead &read, const CoroutineRun *run) {
  if (run) return read.section == run->section;
  return read.lock != 0 && held && held->section == read.section;
}

// Whether the write a critical section's `read` saw, by another thread, could have come between
// the read and a later write: it was made in a critical section of the read's own mutex (its
// access node's lock set has it), and nothing but that mutex's order put it before the read
// (movable_write_context).
bool could_come_between(const RecentRead &read) {
  const uint64_t word = read.movable_write_context;
  if (read.lock == 0 || word == 0 || (word & kInlineAccessBit)) return false;  // inline: no lock
  if (!(read.write_seen & read.record & race::kMaskBits)) return false;
  const ContextNode *write_node = access_node_of_word(word);
  if (!write_node) return false;
  for (const ContextNode *set = lock_set_of_access(write_node); set; set = set->parent)
    if (reinterpret_cast<uptr>(set->a) == read.lock) return true;
  return false;
}

constexpr unsigned kMaxFrames = 256;

// The frames of an access node, outermost first; 0 if deeper than kMaxFrames.
unsigned frames_of(const ContextNode *access, const ContextNode **out) {
  unsigned n = 0;
  for (const ContextNode *f = access->parent; f; f = f->parent) {
    if (n == kMaxFrames) return 0;
    out[n++] = f;
  }
  for (unsigned i = 0; i < n / 2; i++) {
    const ContextNode *t = out[i];
    out[i] = out[n - 1 - i];
    out[n - 1 - i] = t;
  }
  return n;
}

// Where the calling paths of two accesses part: in the deepest frame both are in, the site each
// path goes through (the call leading to the access, or the access itself when it is in that
// frame). False if they share no frame.
bool parting_sites(const ContextNode *a, const ContextNode *b, const interlock_site **a_site,
                   const interlock_site **b_site) {
  if (!a || !b) return false;
  const ContextNode *fa[kMaxFrames], *fb[kMaxFrames];
  const unsigned na = frames_of(a, fa), nb = frames_of(b, fb);
  unsigned i = 0;
  while (i < na && i < nb && fa[i] == fb[i]) i++;
  if (i == 0) return false;
  *a_site = static_cast<const interlock_site *>(i < na ? fa[i]->a : a->a);
  *b_site = static_cast<const interlock_site *>(i < nb ? fb[i]->a : b->a);
  return *a_site && *b_site;
}

// The site through which `access` was reached in `frame`: the access's own site when made there,
// else the call made there that led to it; null when `frame` is not on its calling path.
const interlock_site *site_in_frame(const ContextNode *access, const ContextNode *frame) {
  const ContextNode *step = access;
  for (unsigned depth = 0; step && depth <= kMaxFrames; depth++, step = step->parent)
    if (step->parent == frame) return static_cast<const interlock_site *>(step->a);
  return nullptr;
}

// Whether the thread holds, now, the critical section with serial `section`.
bool in_held_section(const ThreadState *thr, uint64_t section) {
  for (unsigned i = 0; i < thr->held_count; i++)
    if (thr->held[i].section == section) return true;
  return false;
}

// Whether the bytes `slot`'s latest read read held what the thread had read there before (its
// previous read of the granule, from an earlier section, saw the same write record): an index
// that has not moved since. (Only while the granule is set: the thread's own write of the bytes
// forgets both reads.)
bool unchanged_since_earlier_read(const RecentReadSlot &slot) {
  return slot.latest.granule != 0 && slot.earlier.granule == slot.latest.granule &&
         slot.earlier.section != slot.latest.section &&
         ((slot.earlier.write_seen ^ slot.latest.write_seen) & race::kEpochBits) == 0;
}

// Whether the write (access node `write_node`) writes to an element chosen afresh in its own
// critical section: its address was computed (the plugin's address dependences) from a read the
// thread made in a section it holds now, other than the section of `read`, and that read's value
// is not known to be the one the thread saw before. A LIFO's `tasks[count++] = t` after an
// earlier section's `t = tasks[--count]`: the same address may come round again, but `count` was
// read afresh, so it is another element (a slot reused), not a write back of the element read.
// `v = a[i]; ...; a[i] = v + 1` with `i` unchanged between the sections is still the same element.
// Looked up in the thread's recent reads (a read whose slot another read took since is not
// found: the write is then reported as before).
bool addresses_element_chosen_afresh(const ThreadState *thr, const RecentRead &read,
                                     const ContextNode *write_node) {
  if (!write_node || !write_node->parent) return false;
  const auto *write_site = static_cast<const interlock_site *>(write_node->a);
  if (!write_site) return false;
  for (const RecentReadSlot &slot : thr->recent_reads) {
    const RecentRead &index = slot.latest;
    // (A slot whose granule the thread's own write cleared still tells what was read in which
    // section: serials are never reused.)
    if (index.lock == 0 || index.section == read.section || !in_held_section(thr, index.section))
      continue;
    const interlock_site *index_site =
        site_in_frame(access_node_of_word(index.context), write_node->parent);
    if (!index_site || !address_depends_on(write_site, index_site)) continue;
    if (!unchanged_since_earlier_read(slot)) return true;
  }
  return false;
}

}  // namespace

AccessNodeNote learn_read_note(ThreadState *thr, const ContextNode *access) {
  // The answer depends on the site and the calling path only, not on the locks held.
  if (thr->read_note != kReadsUnknown && access->parent == thr->read_note_path &&
      access->a == thr->read_note_site) {
    set_access_node_note(access, thr->read_note);
    return AccessNodeNote(thr->read_note);
  }
  const auto *site = static_cast<const interlock_site *>(access->a);
  bool starts_pair = site_starts_dependence(site);
  bool index = site_starts_address_dependence(site);
  unsigned depth = 0;
  for (const ContextNode *frame = access->parent; frame && !index; frame = frame->parent) {
    if (++depth > kMaxFrames) {  // (deeper than parting_sites looks: kept)
      index = true;
      break;
    }
    const auto *call = static_cast<const interlock_site *>(frame->a);
    starts_pair = starts_pair || site_starts_dependence(call);
    index = site_starts_address_dependence(call);
  }
  const bool quiet = !index && (!starts_pair || read_is_overwritten_in_its_block(site));
  const AccessNodeNote note = quiet ? kReadsQuiet : kReadsKept;
  set_access_node_note(access, note);
  thr->read_note_path = access->parent;
  thr->read_note_site = access->a;
  thr->read_note = note;
  return note;
}

// (atomicity_section_entered() for a mutex not among the thread's recent ones: it takes the
// oldest entry.)
uint64_t atomicity_first_section_in_a_while(ThreadState *thr, uptr m, uint64_t section) {
  OwnSection *oldest = &thr->own_sections[0];
  for (OwnSection &own : thr->own_sections)
    if (own.section < oldest->section) oldest = &own;
  *oldest = {m, section};
  return 0;
}

void atomicity_note_reread(RecentReadSlot &slot, uint64_t context) {
  for (uint64_t &kept : slot.rereads) {
    if (same_code(kept, context)) return;
    if (!kept) {
      kept = context;
      return;
    }
  }
}

void atomicity_note_coroutine_read(ThreadState *thr, uptr addr, uint64_t record,
                                   uint64_t context, uint64_t write_seen) {
  const uptr granule = round_down(addr, kGranule);
  // The thread's stack is not shared state: the calls of every coroutine's runs reuse the same
  // addresses for their own locals.
  CoroutineTable *table = thr->coroutines;
  if (!table->depth || (addr >= thr->stack_begin && addr < thr->stack_end)) return;
  const ContextNode *node = access_node_of_word(context);
  // Each running coroutine made the read: one started inside another's run (its ramp called
  // there, the ended one's body inlined into it) is part of that run.
  for (unsigned i = table->depth; i-- > 0;) {
    CoroutineRun *run = table->running[i];
    const interlock_site *site = site_in_coroutine(node, run->base);
    if (!site) continue;  // not made under the coroutine's function: no site to pair
    // The result of an awaited coroutine brings what that one read (runtime/coroutines.h).
    if (i == table->depth - 1 && take_over_reads(thr, run, write_seen, site)) return;
    RecentRead read{};
    read.granule = granule;
    read.record = record;
    read.context = context;
    read.write_seen = write_seen;
    read.section = run->section;
    read.lock = run->frame;
    read.coroutine_site = site;
    RecentReadSlot &slot = coroutine_read_slot(run, addr);
    if (slot.latest.granule == granule && slot.latest.section == read.section)
      atomicity_note_reread(slot, context);
    else
      atomicity_begin_latest(slot, granule) = read;
  }
}

namespace {

// Whether the read `reread` (of the write's section) is the function that made the check `read`
// reading the bytes again: the same invocation of the same function (one frame, one innermost,
// possibly inlined, function), at a place other than the write's own (the read of `x -= n` is
// the act's, not a new check). libuv's thread-pool worker tests a counter at one line, releases
// the lock, and after re-taking it tests the counter again in its loop's condition before
// raising it: the raise follows the new test. (Re-reads in the section's epoch take the access
// fast path and are never seen here, so the repeated test at the check's own line may be
// invisible: the other line that read again is the evidence.)
bool same_function_reads_again(uint64_t reread, uint64_t read, uint64_t write) {
  if (!reread || !read || ((reread | read) & kInlineAccessBit)) return false;
  const ContextNode *x = access_node_of_word(reread), *y = access_node_of_word(read);
  const ContextNode *w = access_node_of_word(write);
  if (!x || !y || x->parent != y->parent) return false;
  const auto *sx = static_cast<const interlock_site *>(x->a);
  const auto *sy = static_cast<const interlock_site *>(y->a);
  if (!sx || !sy || !sx->function || !sy->function || strcmp(sx->function, sy->function) != 0)
    return false;
  return !(w && same_source_place(sx, static_cast<const interlock_site *>(w->a)));
}

// Whether the code that made `read` read the bytes again in the latest read's section, before
// the write (context word `write`): the same code, or the same function elsewhere than the write.
// Whether `holds(context)` for a read of the latest read's section: the latest read itself, or a
// re-read kept beside it.
template <class Holds>
bool some_read_of_latest_section(const RecentReadSlot &slot, Holds holds) {
  if (holds(slot.latest.context)) return true;
  for (uint64_t kept : slot.rereads)
    if (kept && holds(kept)) return true;
  return false;
}

bool read_again_in_latest_section(const RecentReadSlot &slot, const RecentRead &read,
                                  uint64_t write) {
  return some_read_of_latest_section(slot, [&](uint64_t reread) {
    return same_code(reread, read.context) || same_function_reads_again(reread, read.context, write);
  });
}

// Whether the write (access node `write_node`) is decided by a test of its bytes made afresh in
// its own critical section: a read of the section (the slot's latest, or one of its re-reads)
// on which a branch decided that the write runs. The act then follows the new test, not the
// earlier check: zstd's worker takes a context from a pool (`if (pool->avail) ...`) and, much
// later, gives it back (`if (pool->avail < pool->total) pool->ctx[pool->avail++] = ctx`), where
// only whether the first test found one decided, through the context it chose, that the return
// runs at all.
bool tested_again_in_section(const RecentReadSlot &slot, const ContextNode *write_node) {
  return some_read_of_latest_section(slot, [&](uint64_t reread) {
    const interlock_site *read_site, *write_site;
    return reread && !(reread & kInlineAccessBit) &&
           parting_sites(access_node_of_word(reread), write_node, &read_site, &write_site) &&
           site_decided_by(write_site, read_site);
  });
}

}  // namespace

namespace {

// The read of the thread's that the write `record` depends on, with another thread's write of
// the same bytes between the two, if there is one: reported.
// `run`: the write of a running coroutine, and `slot` holds that coroutine's reads (the write
// between may then be any code's, this thread's included, but not the coroutine's own: its own
// write forgets its reads).
void report_if_lost_update(ThreadState *thr, const RecentReadSlot &slot, uptr addr, uptr granule,
                           uint64_t record, uint64_t context,
                           const race::Conflict &previous_write, const CoroutineRun *run) {
  const bool atomic_store = race::record_atomic(record);
  const uint64_t bytes = record & race::kMaskBits;
  // The read this write may depend on: the latest one, if it was made in an earlier section;
  // else (the thread re-read in this section, as a check-then-act's act does) the one before,
  // unless the act follows the new read (asked below, once the sites are known).
  // (The caller saw slot.latest.granule == granule.)
  const RecentRead *read = nullptr;
  const HeldMutex *latest_held = held_for(thr, slot.latest, run);
  if ((slot.latest.record & bytes) &&
      from_earlier_section(latest_held, slot.latest, atomic_store, run)) {
    read = &slot.latest;
  } else if (!atomic_store && in_current_section(latest_held, slot.latest, run) &&
             slot.earlier.granule == granule && (slot.earlier.record & bytes) &&
             from_earlier_section(held_for(thr, slot.earlier, run), slot.earlier, false, run)) {
    read = &slot.earlier;
  }
  if (!read) return;
  // Another thread's write of the bytes read, made after the read (observed); or else, for a
  // critical section's read, the write the read saw, if it could have come after it (predicted).
  // (A coroutine's runs each have their own epoch of the thread: runtime/coroutines.h.)
  race::Conflict interleaved = previous_write;
  bool observed = true;
  const uint64_t between = previous_write.record;
  const bool same_write_as_seen =
      (between & race::kEpochBits) == (read->write_seen & race::kEpochBits);
  if ((!run && race::record_tid(between) == thr->slot) ||
      !(between & read->record & race::kMaskBits) || same_write_as_seen) {
    if (run || !same_write_as_seen || !could_come_between(*read)) return;
    interleaved = {read->write_seen, read->movable_write_context, /*is_write=*/true};
    observed = false;
  }
  const interlock_site *read_site, *write_site;
  const ContextNode *read_node = access_node_of_word(read->context);
  const ContextNode *write_node = access_node_of_word(context);
  if (run) {
    // Sites in the coroutine's own function: whoever resumed it, it is the same code.
    read_site = read->coroutine_site;
    write_site = site_in_coroutine(write_node, run->base);
    if (!read_site || !write_site) return;
  } else if (!parting_sites(read_node, write_node, &read_site, &write_site)) {
    return;
  }
  if (!site_depends_on(write_site, read_site)) return;
  if (read == &slot.earlier) {
    // The thread read the bytes again in the write's section. The check is not stale when the
    // act follows the new read: the check's own code or function read again; or a test of the
    // new read decided that the write runs, and the check decided only that (not what it
    // writes).
    if (read_again_in_latest_section(slot, *read, context)) return;
    // (A coroutine's sites are its own function's: the rule is asked of threads' sections only.)
    if (!run && site_depends_on_only_through_control(write_site, read_site) &&
        tested_again_in_section(slot, write_node))
      return;
  }
  if (!run && addresses_element_chosen_afresh(thr, *read, write_node)) return;
  AtomicityReport report;
  report.address = addr;
  report.read = read->record;
  report.read_context = read_node;
  report.between = interleaved;
  report.observed = observed;
  report.write = record;
  report.write_context = write_node;
  if (run) {
    report.across_suspension = true;
    report.suspended_at = read->suspended_at;
  } else {
    report.lock = read->lock;
  }
  report_atomicity_violation(thr, report);
}

}  // namespace

void atomicity_check_thread_write(ThreadState *thr, RecentReadSlot &slot, uptr addr,
                                  uint64_t record, uint64_t context,
                                  const race::Conflict &previous_write) {
  report_if_lost_update(thr, slot, addr, round_down(addr, kGranule), record, context,
                        previous_write, nullptr);
}

void atomicity_check_coroutine_write(ThreadState *thr, uptr addr, uint64_t record,
                                     uint64_t context, const race::Conflict *previous_write) {
  const uptr granule = round_down(addr, kGranule);
  // Every running coroutine made the write (see atomicity_note_read).
  CoroutineTable *table = thr->coroutines;
  for (unsigned i = table->depth; i-- > 0;) {
    CoroutineRun *run = table->running[i];
    RecentReadSlot &slot = coroutine_read_slot(run, addr);
    if (slot.latest.granule != granule) continue;
    if (previous_write)
      report_if_lost_update(thr, slot, addr, granule, record, context, *previous_write, run);
    slot.latest.granule = 0;
    slot.earlier.granule = 0;
  }
}

}  // namespace interlock
