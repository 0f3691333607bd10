// The library proc_detached_tls_reclaimed_silent.c loads with dlopen. Its thread-local counter
// lives in dynamic TLS: glibc allocates the block per thread (malloc) on the thread's first use.
__thread long tls_counter;

void tls_bump(void) {
  for (int i = 0; i < 64; ++i) tls_counter += i;
}
