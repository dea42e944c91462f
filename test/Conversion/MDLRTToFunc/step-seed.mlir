// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s

// The step number crosses the ABI as i64; the seed comes back as i64.
// CHECK-DAG: func.func private @mdlrt_step_seed(i64) -> i64{{$}}
// CHECK-LABEL: func.func @seed(
// CHECK-SAME:    %[[STEP:.*]]: index) -> i64
// CHECK-NEXT:    %[[S64:.*]] = arith.index_cast %[[STEP]] : index to i64
// CHECK-NEXT:    %[[SEED:.*]] = call @mdlrt_step_seed(%[[S64]]) : (i64) -> i64
// CHECK-NEXT:    return %[[SEED]] : i64
func.func @seed(%step: index) -> i64 {
  %s = mdlrt.step_seed %step : i64
  return %s : i64
}
