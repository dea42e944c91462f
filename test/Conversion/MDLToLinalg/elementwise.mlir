// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Broadcasting arithmetic, negation and the SGD update become all-parallel
// linalg.generics; the indexing maps do the broadcasting (a size-1 dim that
// is stretched reads index 0, a missing leading dim is dropped).

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$COL1:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW1:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[$SCALAR2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ID0:.*]] = affine_map<() -> ()>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @add
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<8x4xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<8x4xf32>, tensor<8x4xf32>) outs(%[[EMPTY]] : tensor<8x4xf32>)
// CHECK:         ^bb0(%[[L:.*]]: f32, %[[RR:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[L]], %[[RR]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         return %[[R]]
func.func @add(%a: tensor<8x4xf32>, %b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = mdl.add %a, %b : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A rank-1 rhs aligns with the last dim: it is indexed by d1 only.
// CHECK-LABEL: func.func @sub_broadcast_row
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<8x4xf32>, tensor<4xf32>) outs(%[[EMPTY]] : tensor<8x4xf32>)
// CHECK:         ^bb0(%[[L:.*]]: f32, %[[RR:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[DIFF:.*]] = arith.subf %[[L]], %[[RR]] : f32
// CHECK-NEXT:      linalg.yield %[[DIFF]] : f32
func.func @sub_broadcast_row(%a: tensor<8x4xf32>, %b: tensor<4xf32>) -> tensor<8x4xf32> {
  %r = mdl.sub %a, %b : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A [8, 1] lhs stretched along dim 1 reads column 0.
// CHECK-LABEL: func.func @mul_broadcast_column
// CHECK-SAME:    (%[[A:.*]]: tensor<8x1xf32>, %[[B:.*]]: tensor<8x4xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[$COL1]], #[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<8x1xf32>, tensor<8x4xf32>)
// CHECK:         ^bb0(%[[L:.*]]: f32, %[[RR:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[PROD:.*]] = arith.mulf %[[L]], %[[RR]] : f32
// CHECK-NEXT:      linalg.yield %[[PROD]] : f32
func.func @mul_broadcast_column(%a: tensor<8x1xf32>, %b: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = mdl.mul %a, %b : (tensor<8x1xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// Both operands stretched: an outer sum.
// CHECK-LABEL: func.func @add_outer
// CHECK:         linalg.generic {indexing_maps = [#[[$COL1]], #[[$ROW1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<8x1xf32>, tensor<1x4xf32>) outs(%{{.*}} : tensor<8x4xf32>)
// CHECK:           arith.addf
func.func @add_outer(%a: tensor<8x1xf32>, %b: tensor<1x4xf32>) -> tensor<8x4xf32> {
  %r = mdl.add %a, %b : (tensor<8x1xf32>, tensor<1x4xf32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A size-1 dim facing a size-1 dim is not stretched: identity maps.
// CHECK-LABEL: func.func @add_unit_dims
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<1x4xf32>, tensor<1x4xf32>)
func.func @add_unit_dims(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %r = mdl.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}

// A rank-0 divisor is read through the empty map.
// CHECK-LABEL: func.func @div_scalar
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>, %[[B:.*]]: tensor<f32>)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$SCALAR2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[B]] : tensor<8x4xf32>, tensor<f32>)
// CHECK:         ^bb0(%[[L:.*]]: f32, %[[RR:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[Q:.*]] = arith.divf %[[L]], %[[RR]] : f32
// CHECK-NEXT:      linalg.yield %[[Q]] : f32
func.func @div_scalar(%a: tensor<8x4xf32>, %b: tensor<f32>) -> tensor<8x4xf32> {
  %r = mdl.div %a, %b : (tensor<8x4xf32>, tensor<f32>) -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// CHECK-LABEL: func.func @neg
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]] : tensor<8x4xf32>) outs(%[[EMPTY]] : tensor<8x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[N:.*]] = arith.negf %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[N]] : f32
func.func @neg(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = mdl.neg %a : tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// Rank 0: no loops at all.
// CHECK-LABEL: func.func @neg_rank0
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<f32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID0]], #[[$ID0]]], iterator_types = []}
// CHECK-SAME:      outs(%[[EMPTY]] : tensor<f32>)
// CHECK:           arith.negf
func.func @neg_rank0(%a: tensor<f32>) -> tensor<f32> {
  %r = mdl.neg %a : tensor<f32>
  return %r : tensor<f32>
}

// SGD writes param - lr * grad into the parameter itself (no tensor.empty),
// so that bufferization can update it in place.
// CHECK-LABEL: func.func @sgd
// CHECK-SAME:    (%[[W:.*]]: tensor<2x4xf32>, %[[G:.*]]: tensor<2x4xf32>, %[[LR:.*]]: f32)
// CHECK-NOT:     tensor.empty
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[G]] : tensor<2x4xf32>) outs(%[[W]] : tensor<2x4xf32>)
// CHECK:         ^bb0(%[[GRAD:.*]]: f32, %[[PARAM:.*]]: f32):
// CHECK-NEXT:      %[[STEP:.*]] = arith.mulf %[[LR]], %[[GRAD]] : f32
// CHECK-NEXT:      %[[NEW:.*]] = arith.subf %[[PARAM]], %[[STEP]] : f32
// CHECK-NEXT:      linalg.yield %[[NEW]] : f32
// CHECK:         return %[[R]]
func.func @sgd(%w: tensor<2x4xf32>, %g: tensor<2x4xf32>, %lr: f32) -> tensor<2x4xf32> {
  %r = mdl.sgd %w, %g, %lr : tensor<2x4xf32>, f32
  return %r : tensor<2x4xf32>
}

// f64 operands give an f64 body.
// CHECK-LABEL: func.func @mul_f64
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<3xf64>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK:         ^bb0(%[[L:.*]]: f64, %[[RR:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      arith.mulf %[[L]], %[[RR]] : f64
func.func @mul_f64(%a: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<3xf64> {
  %r = mdl.mul %a, %b : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
  return %r : tensor<3xf64>
}
