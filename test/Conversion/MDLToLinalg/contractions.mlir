// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// RUN: mdlc-opt %s --convert-mdl-to-linalg --canonicalize | FileCheck %s --check-prefix=DCE
// mdl.linear and mdl.matmul become linalg.matmul over an (m, n, k)
// iteration space with k the reduction. Linear reads its [out, in] weight
// through (n, k), so no transpose is materialised, and its accumulator
// starts from the broadcast bias (or from zeros). A 2-D mdl.transpose
// feeding a product (the weight and input gradients) is read in place
// through a transposed map as well.

// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$LHS:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$LHST:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$WEIGHT:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$RHS:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>

// CHECK-LABEL: func.func @linear
// CHECK-SAME:    (%[[X:.*]]: tensor<8x4xf32>, %[[W:.*]]: tensor<2x4xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8x2xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[B]] : tensor<2xf32>) outs(%[[EMPTY]] : tensor<8x2xf32>)
// CHECK:         ^bb0(%[[BIN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[BIN]] : f32
// CHECK:         %[[Y:.*]] = linalg.matmul indexing_maps = [#[[$LHS]], #[[$WEIGHT]], #[[$OUT]]]
// CHECK-SAME:      ins(%[[X]], %[[W]] : tensor<8x4xf32>, tensor<2x4xf32>) outs(%[[INIT]] : tensor<8x2xf32>) -> tensor<8x2xf32>
// CHECK:         return %[[Y]] : tensor<8x2xf32>
func.func @linear(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>, %b: tensor<2xf32>) -> tensor<8x2xf32> {
  %y = mdl.linear %x, %w, %b : (tensor<8x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// Without a bias the accumulator is a zero-filled tensor.
// CHECK-LABEL: func.func @linear_no_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<8x4xf32>, %[[W:.*]]: tensor<2x4xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<8x2xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<8x2xf32>) -> tensor<8x2xf32>
// CHECK:         %[[Y:.*]] = linalg.matmul indexing_maps = [#[[$LHS]], #[[$WEIGHT]], #[[$OUT]]]
// CHECK-SAME:      ins(%[[X]], %[[W]] : tensor<8x4xf32>, tensor<2x4xf32>) outs(%[[INIT]] : tensor<8x2xf32>)
// CHECK:         return %[[Y]]
func.func @linear_no_bias(%x: tensor<8x4xf32>, %w: tensor<2x4xf32>) -> tensor<8x2xf32> {
  %y = mdl.linear %x, %w : (tensor<8x4xf32>, tensor<2x4xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// One output feature: the [1] bias faces the size-1 result dim, so it is
// read through d1, not stretched.
// CHECK-LABEL: func.func @linear_one_output
// CHECK:         linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<1xf32>) outs(%{{.*}} : tensor<256x1xf32>)
// CHECK:         linalg.matmul indexing_maps = [#[[$LHS]], #[[$WEIGHT]], #[[$OUT]]]
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<256x64xf32>, tensor<1x64xf32>)
func.func @linear_one_output(%x: tensor<256x64xf32>, %w: tensor<1x64xf32>, %b: tensor<1xf32>) -> tensor<256x1xf32> {
  %y = mdl.linear %x, %w, %b : (tensor<256x64xf32>, tensor<1x64xf32>, tensor<1xf32>) -> tensor<256x1xf32>
  return %y : tensor<256x1xf32>
}

// matmul reads its [K, N] rhs through (k, n): the default maps, which
// linalg.matmul does not print.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME:    (%[[A:.*]]: tensor<4x3xf32>, %[[B:.*]]: tensor<3x5xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<4x5xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<4x5xf32>) -> tensor<4x5xf32>
// CHECK:         %[[C:.*]] = linalg.matmul ins(%[[A]], %[[B]] : tensor<4x3xf32>, tensor<3x5xf32>) outs(%[[INIT]] : tensor<4x5xf32>) -> tensor<4x5xf32>
// CHECK:         return %[[C]] : tensor<4x5xf32>
func.func @matmul(%a: tensor<4x3xf32>, %b: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %m = mdl.matmul %a, %b : (tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x5xf32>
  return %m : tensor<4x5xf32>
}

// The weight gradient of a Linear layer, dyᵀ·x: dy is read through (k, m);
// the transpose, left unused, is gone after canonicalize.
// CHECK-LABEL: func.func @matmul_transposed_lhs
// CHECK-SAME:    (%[[DY:.*]]: tensor<128x256xf32>, %[[X:.*]]: tensor<128x784xf32>)
// CHECK:         linalg.matmul indexing_maps = [#[[$LHST]], #[[$RHS]], #[[$OUT]]]
// CHECK-SAME:      ins(%[[DY]], %[[X]] : tensor<128x256xf32>, tensor<128x784xf32>) outs(%{{.*}} : tensor<256x784xf32>)
// DCE-LABEL: func.func @matmul_transposed_lhs
// DCE-NOT:     linalg.generic
// DCE:         linalg.matmul
// DCE-NOT:     linalg.generic
// DCE:         return
func.func @matmul_transposed_lhs(%dy: tensor<128x256xf32>, %x: tensor<128x784xf32>) -> tensor<256x784xf32> {
  %t = mdl.transpose %dy permutation = [1, 0] : tensor<128x256xf32> -> tensor<256x128xf32>
  %m = mdl.matmul %t, %x : (tensor<256x128xf32>, tensor<128x784xf32>) -> tensor<256x784xf32>
  return %m : tensor<256x784xf32>
}

// The lhs gradient of a matmul, dy·Bᵀ: B is read through (n, k). The
// transpose has another use, so it is still built for that one.
// CHECK-LABEL: func.func @matmul_transposed_rhs
// CHECK-SAME:    (%[[DY:.*]]: tensor<4x5xf32>, %[[B:.*]]: tensor<3x5xf32>)
// CHECK:         %[[BT:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[B]] : tensor<3x5xf32>)
// CHECK:         linalg.matmul indexing_maps = [#[[$LHS]], #[[$WEIGHT]], #[[$OUT]]]
// CHECK-SAME:      ins(%[[DY]], %[[B]] : tensor<4x5xf32>, tensor<3x5xf32>) outs(%{{.*}} : tensor<4x3xf32>)
// CHECK:         return %{{.*}}, %[[BT]]
func.func @matmul_transposed_rhs(%dy: tensor<4x5xf32>, %b: tensor<3x5xf32>) -> (tensor<4x3xf32>, tensor<5x3xf32>) {
  %t = mdl.transpose %b permutation = [1, 0] : tensor<3x5xf32> -> tensor<5x3xf32>
  %m = mdl.matmul %dy, %t : (tensor<4x5xf32>, tensor<5x3xf32>) -> tensor<4x3xf32>
  return %m, %t : tensor<4x3xf32>, tensor<5x3xf32>
}

// CHECK-LABEL: func.func @matmul_f64
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK:         linalg.fill ins(%[[ZERO]] : f64)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x3xf64>, tensor<3x5xf64>)
func.func @matmul_f64(%a: tensor<4x3xf64>, %b: tensor<3x5xf64>) -> tensor<4x5xf64> {
  %m = mdl.matmul %a, %b : (tensor<4x3xf64>, tensor<3x5xf64>) -> tensor<4x5xf64>
  return %m : tensor<4x5xf64>
}
