// runtime/internal_alloc.h: the bytes of a block handed out are resident and the process's own,
// so that the runtime's first write to them takes no page fault (a first read would otherwise
// map the kernel's zero page, and the write after it a copy-on-write fault with a TLB flush on
// every CPU the process runs on); a block's rounding up to its size class is left unreserved.
//
// Faults are counted with getrusage(RUSAGE_THREAD) around writes of one byte per page. On a
// kernel without MADV_POPULATE_WRITE (before Linux 5.14) the pages fault in later, as before:
// the test cases are skipped there.
#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "runtime/internal_alloc.h"

using interlock::internal_alloc;

namespace {

constexpr size_t kPage = 4096;
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older C library headers lack it
#endif

bool kernel_populates_for_write() {
  void *probe = mmap(nullptr, kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (probe == MAP_FAILED) return false;
  const bool ok = madvise(probe, kPage, MADV_POPULATE_WRITE) == 0;
  munmap(probe, kPage);
  return ok;
}

long minor_faults() {
  struct rusage usage;
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

// The minor faults taken by writing one byte in each page of [p, p + size).
long faults_writing(char *p, size_t size) {
  const long before = minor_faults();
  for (size_t offset = 0; offset < size; offset += kPage)
    *static_cast<volatile char *>(p + offset) = 1;
  *static_cast<volatile char *>(p + size - 1) = 1;
  return minor_faults() - before;
}

// How many pages of [p, p + size) (page-aligned) are resident.
size_t resident_pages(char *p, size_t size) {
  std::vector<unsigned char> in_core(size / kPage);
  REQUIRE(mincore(p, size, in_core.data()) == 0);
  size_t count = 0;
  for (unsigned char page : in_core) count += page & 1;
  return count;
}

}  // namespace

TEST_CASE("a block mapped for itself is written without a page fault", "[internal_alloc]") {
  if (!kernel_populates_for_write()) {
    WARN("the kernel has no MADV_POPULATE_WRITE: skipped");
    return;
  }
  const size_t size = (size_t(3) << 20) + 100;  // above the largest class: a mapping of its own
  char *block = static_cast<char *>(internal_alloc(size));
  CHECK(faults_writing(block, size) == 0);
}

TEST_CASE("a class's block is written without a page fault, its rounding up left unreserved",
          "[internal_alloc]") {
  if (!kernel_populates_for_write()) {
    WARN("the kernel has no MADV_POPULATE_WRITE: skipped");
    return;
  }
  // 600 KiB takes a block of the 1 MiB class, carved from the class's chunk (nothing in this
  // test process frees a block of that class, which would come back zeroed whole).
  const size_t size = size_t(600) << 10;
  char *block = static_cast<char *>(internal_alloc(size));
  REQUIRE(reinterpret_cast<uintptr_t>(block) % kPage == 0);
  const size_t asked_pages = (size + kPage - 1) / kPage;
  CHECK(resident_pages(block + asked_pages * kPage, (size_t(1) << 20) - asked_pages * kPage) == 0);
  CHECK(faults_writing(block, size) == 0);

  // Small blocks lie side by side: 4,000 of 48 bytes (the 64-byte class) span 62 pages.
  std::vector<char *> small;
  for (int i = 0; i < 4000; i++) small.push_back(static_cast<char *>(internal_alloc(48)));
  const long before = minor_faults();
  for (char *p : small) *static_cast<volatile char *>(p + 47) = 1;
  CHECK(minor_faults() - before == 0);
}
