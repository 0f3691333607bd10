// One writer updates the configuration under the write lock while two readers read it under
// read locks. Readers never write, so read/read is not a race, and the write lock orders the rest.
// EXPECT: silent
// TSAN: same
#include <pthread.h>
#include <stdio.h>

static pthread_rwlock_t config_lock = PTHREAD_RWLOCK_INITIALIZER;
int config_version;
int config_limit;

static void *update_config(void *unused) {
  (void)unused;
  for (int i = 0; i < 1000; ++i) {
    pthread_rwlock_wrlock(&config_lock);
    config_version = i;
    config_limit = i * 2;
    pthread_rwlock_unlock(&config_lock);
  }
  return NULL;
}

static void *read_config(void *arg) {
  long *checksum = arg;
  for (int i = 0; i < 1000; ++i) {
    pthread_rwlock_rdlock(&config_lock);
    *checksum += config_version + config_limit;
    pthread_rwlock_unlock(&config_lock);
  }
  return NULL;
}

int main(void) {
  long checksums[2] = {0, 0};
  pthread_t writer, readers[2];
  pthread_create(&writer, NULL, update_config, NULL);
  for (int i = 0; i < 2; ++i) pthread_create(&readers[i], NULL, read_config, &checksums[i]);
  pthread_join(writer, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(readers[i], NULL);
  printf("%ld\n", checksums[0] + checksums[1]);
  return 0;
}
