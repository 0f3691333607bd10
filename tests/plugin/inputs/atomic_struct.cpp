// std::atomic of a 16-byte struct: libstdc++ uses the generic __atomic builtins, which clang 14
// turns into calls to libatomic at every level, with or without -mcx16. Each is replaced by the
// runtime's generic entry point, which is passed the libatomic function to perform it with.
#include <atomic>

struct TaggedPointer {
  void *pointer;
  unsigned long tag;
};
std::atomic<TaggedPointer> head;

// CHECK-LABEL: define {{.*}}push{{.*}}(
bool push(void *node) {
  // CHECK: call void @__interlock_atomic_generic_load(i64 16, i8* {{[^,]+}}, i8* {{[^,]+}}, i32 {{[^,]+}}, {{.*}} @__atomic_load to i8*))
  TaggedPointer old = head.load(std::memory_order_acquire);
  // CHECK: call i32 @__interlock_atomic_generic_compare_exchange(i64 16, i8* {{[^,]+}}, i8* {{[^,]+}}, i8* {{[^,]+}}, i32 {{[^,]+}}, i32 {{[^,]+}}, {{.*}} @__atomic_compare_exchange to i8*))
  return head.compare_exchange_strong(old, TaggedPointer{node, old.tag + 1},
                                      std::memory_order_acq_rel, std::memory_order_acquire);
}

// CHECK-LABEL: define {{.*}}reset{{.*}}(
TaggedPointer reset() {
  // CHECK: call void @__interlock_atomic_generic_store(i64 16, i8* {{[^,]+}}, i8* {{[^,]+}}, i32 {{[^,]+}}, {{.*}} @__atomic_store to i8*))
  head.store(TaggedPointer{nullptr, 0}, std::memory_order_release);
  // CHECK: call void @__interlock_atomic_generic_exchange(i64 16, i8* {{[^,]+}}, i8* {{[^,]+}}, i8* {{[^,]+}}, i32 {{[^,]+}}, {{.*}} @__atomic_exchange to i8*))
  return head.exchange(TaggedPointer{nullptr, 1});
}

// No call into libatomic is left (the declarations stay: the runtime is passed their address).
// CHECK-NOT: call {{.*}} @__atomic_{{load|store|exchange|compare_exchange}}(
