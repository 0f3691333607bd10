// At -O2 the store from `innermost` is inlined twice; its site names `innermost` and chains,
// through `inlined_at`, to the call in `middle` and then to the call in `outer`.
int value;

static inline void innermost(int v) { value = v; }
static inline void middle(int v) { innermost(v + 1); }
void outer(int v) { middle(v * 2); }

// INLINED-DAG: @[[OUTER_CALL:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[OUTER_FN:__interlock_str[.0-9]*]], i32 0, i32 0), {{.*}}, i32 7, i32 21, %interlock.site* null }
// INLINED-DAG: @[[MIDDLE_CALL:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[MIDDLE_FN:__interlock_str[.0-9]*]], i32 0, i32 0), {{.*}}, i32 6, i32 36, %interlock.site* @[[OUTER_CALL]] }
// INLINED-DAG: @[[STORE:__interlock_site[.0-9]*]] = private constant %interlock.site { i8* getelementptr inbounds ({{.*}}@[[INNER_FN:__interlock_str[.0-9]*]], i32 0, i32 0), {{.*}}, i32 5, i32 45, %interlock.site* @[[MIDDLE_CALL]] }
// INLINED-DAG: @[[OUTER_FN]] = private unnamed_addr constant [6 x i8] c"outer\00"
// INLINED-DAG: @[[MIDDLE_FN]] = private unnamed_addr constant [7 x i8] c"middle\00"
// INLINED-DAG: @[[INNER_FN]] = private unnamed_addr constant [10 x i8] c"innermost\00"
// INLINED: define {{.*}} @outer(
// INLINED-NOT: call {{.*}}@middle
// INLINED: call void @__interlock_write4(i8* bitcast (i32* @value to i8*), %interlock.site* @[[STORE]])
// INLINED: ret void
