// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// mdl.sum, mdl.mean and mdl.mse become reductions into a zero-filled
// accumulator (reduced dims are "reduction" iterators and vanish from the
// output map); mean and mse then scale by 1/count in an elementwise generic.
// mdl.max folds with arith.maximumf into a -inf-filled accumulator.
// mdl.bce_with_logits reduces like mse, with a stable per-element body.

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$KEEP1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$KEEP0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ALL2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$KEEP02:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ALL1:.*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[$ID0:.*]] = affine_map<() -> ()>

// CHECK-LABEL: func.func @sum_rows
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<4xf32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME:      ins(%[[A]] : tensor<8x4xf32>) outs(%[[INIT]] : tensor<4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         return %[[R]] : tensor<4xf32>
func.func @sum_rows(%a: tensor<8x4xf32>) -> tensor<4xf32> {
  %r = mdl.sum %a dims = [0] : tensor<8x4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Reducing every dim gives a rank-0 accumulator.
// CHECK-LABEL: func.func @sum_all
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<f32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<f32>) -> tensor<f32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:      outs(%[[INIT]] : tensor<f32>)
// CHECK:           arith.addf
func.func @sum_all(%a: tensor<8x4xf32>) -> tensor<f32> {
  %r = mdl.sum %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// A middle dim: the iterators follow the input's dims.
// CHECK-LABEL: func.func @sum_middle
// CHECK:         linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID3]], #[[$KEEP02]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
func.func @sum_middle(%a: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  %r = mdl.sum %a dims = [1] : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// An empty dims list reduces nothing: every iterator is parallel.
// CHECK-LABEL: func.func @sum_none
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<4xf32>) outs(%{{.*}} : tensor<4xf32>)
func.func @sum_none(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.sum %a dims = [] : tensor<4xf32> -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// mean over dim 1 of [8, 4]: the sum, then a multiply by 1/4.
// CHECK-LABEL: func.func @mean_columns
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<8xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<8xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[A]] : tensor<8x4xf32>) outs(%[[INIT]] : tensor<8xf32>)
// CHECK:           arith.addf
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8xf32>
// CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[SUM]] : tensor<8xf32>) outs(%[[EMPTY]] : tensor<8xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[IN]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[SCALED]] : f32
// CHECK:         return %[[MEAN]] : tensor<8xf32>
func.func @mean_columns(%a: tensor<8x4xf32>) -> tensor<8xf32> {
  %r = mdl.mean %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// mean of all 32 elements: a rank-0 scaling generic with no iterators.
// CHECK-LABEL: func.func @mean_all
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[$ID0]], #[[$ID0]]], iterator_types = []}
// CHECK-SAME:      ins(%[[SUM]] : tensor<f32>)
// CHECK:           arith.constant 3.125000e-02 : f32
// CHECK:         return %[[MEAN]]
func.func @mean_all(%a: tensor<8x4xf32>) -> tensor<f32> {
  %r = mdl.mean %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// max over dim 1 of [8, 4]: the same reduction, from -inf with maximumf.
// CHECK-LABEL: func.func @max_columns
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<8xf32>
// CHECK-DAG:     %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<8xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%[[EMPTY]] : tensor<8xf32>) -> tensor<8xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME:      ins(%[[A]] : tensor<8x4xf32>) outs(%[[INIT]] : tensor<8xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[MAX:.*]] = arith.maximumf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT:      linalg.yield %[[MAX]] : f32
// CHECK-NOT:     arith.mulf
// CHECK:         return %[[R]] : tensor<8xf32>
func.func @max_columns(%a: tensor<8x4xf32>) -> tensor<8xf32> {
  %r = mdl.max %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  return %r : tensor<8xf32>
}

// max of every f64 element: a rank-0 accumulator filled with f64 -inf.
// CHECK-LABEL: func.func @max_all_f64
// CHECK:         %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f64) outs(%{{.*}} : tensor<f64>) -> tensor<f64>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:      outs(%[[INIT]] : tensor<f64>)
// CHECK:           arith.maximumf %{{.*}}, %{{.*}} : f64
func.func @max_all_f64(%a: tensor<8x4xf64>) -> tensor<f64> {
  %r = mdl.max %a dims = [0, 1] : tensor<8x4xf64> -> tensor<f64>
  return %r : tensor<f64>
}

// mse: one reduction of (p - t)² over both inputs, then a multiply by 1/N.
// CHECK-LABEL: func.func @mse
// CHECK-SAME:    (%[[P:.*]]: tensor<256x1xf32>, %[[T:.*]]: tensor<256x1xf32>) -> tensor<f32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<f32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<f32>) -> tensor<f32>
// CHECK:         %[[SSE:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:      ins(%[[P]], %[[T]] : tensor<256x1xf32>, tensor<256x1xf32>) outs(%[[INIT]] : tensor<f32>)
// CHECK:         ^bb0(%[[PIN:.*]]: f32, %[[TIN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[DIFF:.*]] = arith.subf %[[PIN]], %[[TIN]] : f32
// CHECK-NEXT:      %[[SQ:.*]] = arith.mulf %[[DIFF]], %[[DIFF]] : f32
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addf %[[ACC]], %[[SQ]] : f32
// CHECK-NEXT:      linalg.yield %[[NEXT]] : f32
// CHECK:         %[[EMPTY2:.*]] = tensor.empty() : tensor<f32>
// CHECK:         %[[L:.*]] = linalg.generic {indexing_maps = [#[[$ID0]], #[[$ID0]]], iterator_types = []}
// CHECK-SAME:      ins(%[[SSE]] : tensor<f32>) outs(%[[EMPTY2]] : tensor<f32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 3.906250e-03 : f32
// CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[IN]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[SCALED]] : f32
// CHECK:         return %[[L]] : tensor<f32>
func.func @mse(%p: tensor<256x1xf32>, %t: tensor<256x1xf32>) -> tensor<f32> {
  %l = mdl.mse %p, %t : (tensor<256x1xf32>, tensor<256x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// f64 mse over a rank-1 input; the scale is 1/3 in f64.
// CHECK-LABEL: func.func @mse_f64
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         linalg.fill ins(%[[ZERO]] : f64)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$ALL1]]], iterator_types = ["reduction"]}
// CHECK:           arith.subf %{{.*}}, %{{.*}} : f64
// CHECK:         linalg.generic {indexing_maps = [#[[$ID0]], #[[$ID0]]], iterator_types = []}
// CHECK:           arith.constant 0.33333333333333331 : f64
func.func @mse_f64(%p: tensor<3xf64>, %t: tensor<3xf64>) -> tensor<f64> {
  %l = mdl.mse %p, %t : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// bce_with_logits: one reduction of max(z, 0) - z·t + log1p(exp(-|z|))
// (exp never overflows), then a multiply by 1/N = 1/64.
// CHECK-LABEL: func.func @bce_with_logits
// CHECK-SAME:    (%[[Z:.*]]: tensor<64x1xf32>, %[[T:.*]]: tensor<64x1xf32>) -> tensor<f32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<f32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<f32>) -> tensor<f32>
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]], #[[$ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK-SAME:      ins(%[[Z]], %[[T]] : tensor<64x1xf32>, tensor<64x1xf32>) outs(%[[INIT]] : tensor<f32>)
// CHECK:         ^bb0(%[[ZIN:.*]]: f32, %[[TIN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[C0:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[POS:.*]] = arith.maximumf %[[ZIN]], %[[C0]] : f32
// CHECK-NEXT:      %[[ZT:.*]] = arith.mulf %[[ZIN]], %[[TIN]] : f32
// CHECK-NEXT:      %[[ABS:.*]] = math.absf %[[ZIN]] : f32
// CHECK-NEXT:      %[[NABS:.*]] = arith.negf %[[ABS]] : f32
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[NABS]] : f32
// CHECK-NEXT:      %[[SP:.*]] = math.log1p %[[E]] : f32
// CHECK-NEXT:      %[[D:.*]] = arith.subf %[[POS]], %[[ZT]] : f32
// CHECK-NEXT:      %[[TERM:.*]] = arith.addf %[[D]], %[[SP]] : f32
// CHECK-NEXT:      %[[NEXT:.*]] = arith.addf %[[ACC]], %[[TERM]] : f32
// CHECK-NEXT:      linalg.yield %[[NEXT]] : f32
// CHECK:         %[[L:.*]] = linalg.generic {indexing_maps = [#[[$ID0]], #[[$ID0]]], iterator_types = []}
// CHECK-SAME:      ins(%[[SUM]] : tensor<f32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[SCALE:.*]] = arith.constant 1.562500e-02 : f32
// CHECK-NEXT:      %[[SCALED:.*]] = arith.mulf %[[IN]], %[[SCALE]] : f32
// CHECK-NEXT:      linalg.yield %[[SCALED]] : f32
// CHECK:         return %[[L]] : tensor<f32>
func.func @bce_with_logits(%z: tensor<64x1xf32>, %t: tensor<64x1xf32>) -> tensor<f32> {
  %l = mdl.bce_with_logits %z, %t : (tensor<64x1xf32>, tensor<64x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
