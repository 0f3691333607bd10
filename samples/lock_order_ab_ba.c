// AB/BA lock order: the classic potential deadlock.
//
// A shop keeps its stock and its order book under two locks. Restocking locks the stock, then
// the order book (to fill back-orders); cancelling an order locks the order book, then the stock
// (to put the items back). Each function on its own is correct. Together they take the same two
// locks in opposite orders: if a restock holds `stock_lock` while a cancellation holds
// `orders_lock`, each waits for the other's lock forever.
//
// This run never hangs: main lets the restock finish before the cancellation starts. The bug is
// there anyway, and Interlock reports it as a lock-order cycle from the two acquisition orders it
// saw (stock -> orders, orders -> stock), with both stacks of each edge and a suggested order.
//
// The fix: pick one global order (stock before orders, say) and take the locks in that order in
// both functions, as dining_philosophers_ordered.c does for five locks.
// EXPECT: lock-order-cycle 29 41
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t stock_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t orders_lock = PTHREAD_MUTEX_INITIALIZER;
static int items_in_stock;
static int back_orders = 3;

static void *restock(void *unused) {
  (void)unused;
  pthread_mutex_lock(&stock_lock);
  items_in_stock += 10;
  pthread_mutex_lock(&orders_lock);  // EDGE: holds stock, requests orders
  items_in_stock -= back_orders;
  back_orders = 0;
  pthread_mutex_unlock(&orders_lock);
  pthread_mutex_unlock(&stock_lock);
  return NULL;
}

static void *cancel_order(void *unused) {
  (void)unused;
  pthread_mutex_lock(&orders_lock);
  back_orders += 1;
  pthread_mutex_lock(&stock_lock);  // EDGE: holds orders, requests stock (the inverted order)
  items_in_stock += 1;
  pthread_mutex_unlock(&stock_lock);
  pthread_mutex_unlock(&orders_lock);
  return NULL;
}

int main(void) {
  pthread_t restocker, canceller;
  // One after the other, so this run cannot deadlock; another schedule could.
  pthread_create(&restocker, NULL, restock, NULL);
  pthread_join(restocker, NULL);
  pthread_create(&canceller, NULL, cancel_order, NULL);
  pthread_join(canceller, NULL);
  printf("stock %d, back-orders %d\n", items_in_stock, back_orders);
  return 0;
}
