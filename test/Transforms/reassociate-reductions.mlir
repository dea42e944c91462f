// RUN: mdlc-opt %s --pass-pipeline='builtin.module(func.func(mdl-reassociate-reductions))' | FileCheck %s
// RUN: mdlc-opt %s --pass-pipeline='builtin.module(func.func(mdl-reassociate-reductions))' \
// RUN:   --mlir-print-op-generic | FileCheck %s --check-prefix=NAMED
// Float arithmetic in the body of a linalg op with a reduction loop may be
// reassociated and contracted (so LLVM vectorises the loop with partial
// sums and forms FMAs); elementwise ops keep strict semantics.

#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// CHECK-LABEL: func.func @row_sums
// CHECK:         linalg.generic
// CHECK:           arith.mulf %{{.*}}, %{{.*}} fastmath<reassoc,contract> : f32
// CHECK:           arith.subf %{{.*}}, %{{.*}} fastmath<reassoc,nnan,contract> : f32
// CHECK:           arith.addf %{{.*}}, %{{.*}} fastmath<reassoc,contract> : f32
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : f32
func.func @row_sums(%x: memref<4x8xf32>, %out: memref<4xf32>) {
  linalg.generic {indexing_maps = [#id, #row], iterator_types = ["parallel", "reduction"]}
      ins(%x : memref<4x8xf32>) outs(%out : memref<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %sq = arith.mulf %in, %in : f32
    %d = arith.subf %sq, %in fastmath<nnan> : f32
    %s = arith.addf %acc, %d : f32
    %m = arith.maximumf %s, %in : f32
    linalg.yield %m : f32
  }
  return
}

// A named contraction's implicit body is marked too (printed generically).
// NAMED:       "linalg.matmul"
// NAMED-NEXT:    ^bb0
// NAMED-NEXT:    "arith.mulf"{{.*}}fastmath = #arith.fastmath<reassoc,contract>{{.*}}f64
// NAMED-NEXT:    "arith.addf"{{.*}}fastmath = #arith.fastmath<reassoc,contract>{{.*}}f64
func.func @matmul_f64(%a: memref<4x3xf64>, %b: memref<3x5xf64>, %c: memref<4x5xf64>) {
  linalg.matmul ins(%a, %b : memref<4x3xf64>, memref<3x5xf64>) outs(%c : memref<4x5xf64>)
  return
}

// CHECK-LABEL: func.func @elementwise
// CHECK:         arith.addf %{{.*}}, %{{.*}} : f32
// CHECK-NOT:     fastmath
func.func @elementwise(%x: memref<4x8xf32>, %y: memref<4x8xf32>) {
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : memref<4x8xf32>) outs(%y : memref<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %out : f32
    linalg.yield %s : f32
  }
  return
}
