// A program with one thread: main takes first then second, later second then first (a cleanup
// path written in the other order). Run alone it cannot hang, but the same two paths run by two
// threads can: reported as a lock-order cycle that one thread made, as TSan reports it.
// EXPECT: lock-order-cycle
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;
static int accounts[2];

// Moves one unit from account 0 to account 1, first, then second.
static void transfer(void) {
  pthread_mutex_lock(&first);
  pthread_mutex_lock(&second);  // CYCLE requested while holding first
  accounts[0]--;
  accounts[1]++;
  pthread_mutex_unlock(&second);
  pthread_mutex_unlock(&first);
}

// Undoes it, written the other way round.
static void refund(void) {
  pthread_mutex_lock(&second);
  pthread_mutex_lock(&first);  // CYCLE requested while holding second
  accounts[1]--;
  accounts[0]++;
  pthread_mutex_unlock(&first);
  pthread_mutex_unlock(&second);
}

int main(void) {
  transfer();
  refund();
  printf("%d %d\n", accounts[0], accounts[1]);
  return 0;
}
