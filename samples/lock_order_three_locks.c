// A lock-order cycle through three locks and three threads, each pair taken in a consistent order.
//
// A tiny file system keeps directories, inodes and the block allocator under three locks. Each
// operation nests two of them, and each pair on its own is always nested the same way:
//   create_file:  directory -> inode
//   grow_file:    inode     -> allocator
//   compact:      allocator -> directory   (it rewrites directory blocks it moved)
// No two functions disagree about any pair, which is why a review of any two misses the bug. But
// the three edges form the cycle directory -> inode -> allocator -> directory: with one thread in
// each function, each holding its first lock, all three wait forever.
//
// This run never hangs: the three operations run one after the other. Interlock reports the
// lock-order cycle of three edges; the fix is a global order (directory, inode, allocator) that
// compact follows by taking the directory lock before the allocator's.
// EXPECT: lock-order-cycle 29 40 51
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t directory_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t inode_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t allocator_lock = PTHREAD_MUTEX_INITIALIZER;
static int directory_entries, inode_size, free_blocks = 100;

static void *create_file(void *unused) {
  (void)unused;
  pthread_mutex_lock(&directory_lock);
  directory_entries += 1;
  pthread_mutex_lock(&inode_lock);  // EDGE: directory -> inode
  inode_size = 0;
  pthread_mutex_unlock(&inode_lock);
  pthread_mutex_unlock(&directory_lock);
  return NULL;
}

static void *grow_file(void *unused) {
  (void)unused;
  pthread_mutex_lock(&inode_lock);
  inode_size += 4096;
  pthread_mutex_lock(&allocator_lock);  // EDGE: inode -> allocator
  free_blocks -= 1;
  pthread_mutex_unlock(&allocator_lock);
  pthread_mutex_unlock(&inode_lock);
  return NULL;
}

static void *compact(void *unused) {
  (void)unused;
  pthread_mutex_lock(&allocator_lock);
  free_blocks += 1;
  pthread_mutex_lock(&directory_lock);  // EDGE: allocator -> directory (closes the cycle)
  directory_entries += 0;
  pthread_mutex_unlock(&directory_lock);
  pthread_mutex_unlock(&allocator_lock);
  return NULL;
}

int main(void) {
  void *(*const operations[])(void *) = {create_file, grow_file, compact};
  for (int i = 0; i < 3; ++i) {
    // One operation at a time: this run cannot deadlock; concurrent ones could.
    pthread_t worker;
    pthread_create(&worker, NULL, operations[i], NULL);
    pthread_join(worker, NULL);
  }
  printf("%d entries, inode %d bytes, %d free blocks\n", directory_entries, inode_size,
         free_blocks);
  return 0;
}
