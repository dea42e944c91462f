// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// mdl.gather and mdl.scatter_add lower without data-dependent addressing:
// both compare the position along the axis (linalg.index) with the index,
// so every access stays in bounds whatever the index holds (an index
// outside [0, size) gathers 0 and scatters nowhere).
//   gather:       a reduction over the axis into a zero-filled accumulator
//                 of [index == c] · input[..., c, ...]
//   scatter_add:  an all-parallel generic writing [index == c] · source

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$NO1:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$NO0:.*]] = affine_map<(d0, d1) -> (d1)>

// The input is read whole; index and result drop the axis (dim 1), which is
// the reduction iterator.
// CHECK-LABEL: func.func @gather_rows
// CHECK-SAME:    (%[[V:.*]]: tensor<64x2xf32>, %[[I:.*]]: tensor<64xi32>) -> tensor<64xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<64xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<64xf32>) -> tensor<64xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$NO1]], #[[$NO1]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[V]], %[[I]] : tensor<64x2xf32>, tensor<64xi32>) outs(%[[INIT]] : tensor<64xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[IDX:.*]]: i32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[C:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[CI:.*]] = arith.index_cast %[[C]] : index to i32
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[IDX]], %[[CI]] : i32
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[PICK:.*]] = arith.select %[[HIT]], %[[IN]], %[[Z]] : f32
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addf %[[ACC]], %[[PICK]] : f32
// CHECK-NEXT:      linalg.yield %[[NEXT]] : f32
// CHECK:         return %[[R]] : tensor<64xf32>
func.func @gather_rows(%v: tensor<64x2xf32>, %i: tensor<64xi32>) -> tensor<64xf32> {
  %q = mdl.gather %v, %i axis = 1 : (tensor<64x2xf32>, tensor<64xi32>) -> tensor<64xf32>
  return %q : tensor<64xf32>
}

// Axis 0 with an i64 index and f64 values: dim 0 is the reduction and the
// comparison is in i64.
// CHECK-LABEL: func.func @gather_axis0_f64
// CHECK-SAME:    (%[[V:.*]]: tensor<3x4xf64>, %[[I:.*]]: tensor<4xi64>) -> tensor<4xf64>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<4xf64>)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$NO0]], #[[$NO0]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME:      ins(%[[V]], %[[I]] : tensor<3x4xf64>, tensor<4xi64>) outs(%[[INIT]] : tensor<4xf64>)
// CHECK:         ^bb0(%[[IN:.*]]: f64, %[[IDX:.*]]: i64, %[[ACC:.*]]: f64):
// CHECK-NEXT:      %[[C:.*]] = linalg.index 0 : index
// CHECK-NEXT:      %[[CI:.*]] = arith.index_cast %[[C]] : index to i64
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[IDX]], %[[CI]] : i64
// CHECK:           arith.select %[[HIT]], %[[IN]], %{{.*}} : f64
// CHECK:           arith.addf %[[ACC]], %{{.*}} : f64
func.func @gather_axis0_f64(%v: tensor<3x4xf64>, %i: tensor<4xi64>) -> tensor<4xf64> {
  %q = mdl.gather %v, %i axis = 0 : (tensor<3x4xf64>, tensor<4xi64>) -> tensor<4xf64>
  return %q : tensor<4xf64>
}

// scatter_add writes every result element once: no fill, no reduction; the
// source and the index are read without the axis.
// CHECK-LABEL: func.func @scatter_add_rows
// CHECK-SAME:    (%[[D:.*]]: tensor<64xf32>, %[[I:.*]]: tensor<64xi32>) -> tensor<64x2xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<64x2xf32>
// CHECK-NOT:     linalg.fill
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$NO1]], #[[$NO1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[D]], %[[I]] : tensor<64xf32>, tensor<64xi32>) outs(%[[EMPTY]] : tensor<64x2xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[IDX:.*]]: i32, %{{.*}}: f32):
// CHECK-NEXT:      %[[C:.*]] = linalg.index 1 : index
// CHECK-NEXT:      %[[CI:.*]] = arith.index_cast %[[C]] : index to i32
// CHECK-NEXT:      %[[HIT:.*]] = arith.cmpi eq, %[[IDX]], %[[CI]] : i32
// CHECK-NEXT:      %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[PLACED:.*]] = arith.select %[[HIT]], %[[IN]], %[[Z]] : f32
// CHECK-NEXT:      linalg.yield %[[PLACED]] : f32
// CHECK:         return %[[R]] : tensor<64x2xf32>
func.func @scatter_add_rows(%d: tensor<64xf32>, %i: tensor<64xi32>) -> tensor<64x2xf32> {
  %r = mdl.scatter_add %d, %i axis = 1 : (tensor<64xf32>, tensor<64xi32>) -> tensor<64x2xf32>
  return %r : tensor<64x2xf32>
}
