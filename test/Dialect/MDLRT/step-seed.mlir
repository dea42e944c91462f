// RUN: mdlc-opt %s | FileCheck %s
// RUN: mdlc-opt %s --mlir-print-op-generic | mdlc-opt | FileCheck %s

// CHECK-LABEL: func.func @seed
func.func @seed(%step: index) -> i64 {
  // CHECK: %[[S:.*]] = mdlrt.step_seed %{{.*}} : i64
  %s = mdlrt.step_seed %step : i64
  // CHECK: return %[[S]] : i64
  return %s : i64
}
