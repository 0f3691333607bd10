// Vtable pointers: a virtual call's load of the object's vtable pointer is checked as a read
// through __interlock_vptr_read (at -O1 and above, where clang tags it with TBAA; at -O0 it is a
// plain 8-byte read); a constructor's or destructor's store goes through __interlock_vptr_update
// with the value stored (the runtime skips a store of the value the object already holds). At
// -O0 the store is recognized by its value, an address inside a `_ZTV` vtable.
struct Base {
  Base();
  virtual ~Base();
  virtual int kind() const;
  int field = 0;
};
struct Derived : Base {
  Derived() { field = 2; }
  int kind() const override { return 2; }
};

// CHECK-LABEL: define {{.*}} @_Z4kindPK4Base(
int kind(const Base *object) {
  // O2: call void @__interlock_vptr_read(i8* %{{.*}}, %interlock.site* @__interlock_site
  // O0: call void @__interlock_read8(
  // CHECK-NOT: __interlock_vptr_update
  // CHECK: ret i32
  return object->kind();
}

// The constructor stores Derived's vtable (after Base's constructor stored Base's): inlined
// into make() at -O2, its own function at -O0.
// CHECK-LABEL: define {{.*}} @_Z4makev(
Base *make() {
  // O2: call void @__interlock_vptr_update(i8* %{{.*}}, i8* bitcast (i8** getelementptr inbounds ({{.*}} @_ZTV7Derived
  // O2-NOT: call void @__interlock_write8(
  // CHECK: ret
  return new Derived;
}
// O0-LABEL: define {{.*}} @_ZN7DerivedC2Ev(
// O0: call void @__interlock_vptr_update(i8* %{{.*}}, i8* bitcast (i8** getelementptr inbounds ({{.*}} @_ZTV7Derived
