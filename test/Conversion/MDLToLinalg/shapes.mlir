// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// mdl.broadcast and mdl.transpose become copying linalg.generics whose input
// map does the work; mdl.reshape becomes tensor.collapse_shape to rank 1
// and/or tensor.expand_shape from it (rank 0 directly).

// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL1:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$SCALAR2:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$NEW_STRETCHED:.*]] = affine_map<(d0, d1, d2) -> (0, d2)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$SWAP:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// CHECK-DAG: #[[$ROTATE:.*]] = affine_map<(d0, d1, d2) -> (d2, d0, d1)>

//===----------------------------------------------------------------------===//
// broadcast
//===----------------------------------------------------------------------===//

// A new leading dim: the input is indexed by d1 only.
// CHECK-LABEL: func.func @broadcast_new_dim
// CHECK-SAME:    (%[[B:.*]]: tensor<4xf32>) -> tensor<8x4xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<8x4xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<8x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
// CHECK:         return %[[R]]
func.func @broadcast_new_dim(%b: tensor<4xf32>) -> tensor<8x4xf32> {
  %r = mdl.broadcast %b dims = [1] : tensor<4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A size-1 dim stretched to 4 reads index 0.
// CHECK-LABEL: func.func @broadcast_stretch
// CHECK-SAME:    (%[[B:.*]]: tensor<8x1xf32>) -> tensor<8x4xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$COL1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[B]] : tensor<8x1xf32>) outs(%{{.*}} : tensor<8x4xf32>)
func.func @broadcast_stretch(%b: tensor<8x1xf32>) -> tensor<8x4xf32> {
  %r = mdl.broadcast %b dims = [0, 1] : tensor<8x1xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// A new dim, a stretched dim and a kept dim at once.
// CHECK-LABEL: func.func @broadcast_mixed
// CHECK:         linalg.generic {indexing_maps = [#[[$NEW_STRETCHED]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<1x4xf32>) outs(%{{.*}} : tensor<3x5x4xf32>)
func.func @broadcast_mixed(%b: tensor<1x4xf32>) -> tensor<3x5x4xf32> {
  %r = mdl.broadcast %b dims = [1, 2] : tensor<1x4xf32> -> tensor<3x5x4xf32>
  return %r : tensor<3x5x4xf32>
}

// A rank-0 input, as the autodiff seed is broadcast.
// CHECK-LABEL: func.func @broadcast_scalar
// CHECK:         linalg.generic {indexing_maps = [#[[$SCALAR2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<f32>) outs(%{{.*}} : tensor<8x4xf32>)
func.func @broadcast_scalar(%b: tensor<f32>) -> tensor<8x4xf32> {
  %r = mdl.broadcast %b dims = [] : tensor<f32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @transpose_2d
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<4x8xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[$SWAP]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[A]] : tensor<8x4xf32>) outs(%[[EMPTY]] : tensor<4x8xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
// CHECK:         return %[[R]]
func.func @transpose_2d(%a: tensor<8x4xf32>) -> tensor<4x8xf32> {
  %r = mdl.transpose %a permutation = [1, 0] : tensor<8x4xf32> -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// result[i, j, k] = input[k, i, j] for permutation [1, 2, 0].
// CHECK-LABEL: func.func @transpose_3d
// CHECK:         linalg.generic {indexing_maps = [#[[$ROTATE]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<3x4x2xf32>)
func.func @transpose_3d(%a: tensor<2x3x4xf32>) -> tensor<3x4x2xf32> {
  %r = mdl.transpose %a permutation = [1, 2, 0] : tensor<2x3x4xf32> -> tensor<3x4x2xf32>
  return %r : tensor<3x4x2xf32>
}

//===----------------------------------------------------------------------===//
// reshape
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape_collapse
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<32xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<8x4xf32> into tensor<32xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_collapse(%a: tensor<8x4xf32>) -> tensor<32xf32> {
  %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<32xf32>
  return %r : tensor<32xf32>
}

// CHECK-LABEL: func.func @reshape_expand
// CHECK-SAME:    (%[[A:.*]]: tensor<32xf32>) -> tensor<8x4xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [8, 4] : tensor<32xf32> into tensor<8x4xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_expand(%a: tensor<32xf32>) -> tensor<8x4xf32> {
  %r = mdl.reshape %a : tensor<32xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// Rank 2 to another rank 2: through a flat rank-1 tensor.
// CHECK-LABEL: func.func @reshape_through_flat
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<2x16xf32>
// CHECK-NEXT:    %[[FLAT:.*]] = tensor.collapse_shape %[[A]] {{\[}}[0, 1]] : tensor<8x4xf32> into tensor<32xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[}}[0, 1]] output_shape [2, 16] : tensor<32xf32> into tensor<2x16xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_through_flat(%a: tensor<8x4xf32>) -> tensor<2x16xf32> {
  %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<2x16xf32>
  return %r : tensor<2x16xf32>
}

// The reshape the autodiff emits to restore a size-1 dim.
// CHECK-LABEL: func.func @reshape_add_unit_dim
// CHECK-SAME:    (%[[A:.*]]: tensor<8xf32>) -> tensor<8x1xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[A]] {{\[}}[0, 1]] output_shape [8, 1] : tensor<8xf32> into tensor<8x1xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_add_unit_dim(%a: tensor<8xf32>) -> tensor<8x1xf32> {
  %r = mdl.reshape %a : tensor<8xf32> -> tensor<8x1xf32>
  return %r : tensor<8x1xf32>
}

// The same type: no op at all.
// CHECK-LABEL: func.func @reshape_identity
// CHECK-SAME:    (%[[A:.*]]: tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK-NEXT:    return %[[A]]
func.func @reshape_identity(%a: tensor<8x4xf32>) -> tensor<8x4xf32> {
  %r = mdl.reshape %a : tensor<8x4xf32> -> tensor<8x4xf32>
  return %r : tensor<8x4xf32>
}

// To rank 0: a collapse with no reassociation groups.
// CHECK-LABEL: func.func @reshape_to_rank0
// CHECK-SAME:    (%[[A:.*]]: tensor<1x1xf32>) -> tensor<f32>
// CHECK-NEXT:    %[[R:.*]] = tensor.collapse_shape %[[A]] [] : tensor<1x1xf32> into tensor<f32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_to_rank0(%a: tensor<1x1xf32>) -> tensor<f32> {
  %r = mdl.reshape %a : tensor<1x1xf32> -> tensor<f32>
  return %r : tensor<f32>
}

// From rank 0: an expand with no reassociation groups.
// CHECK-LABEL: func.func @reshape_from_rank0
// CHECK-SAME:    (%[[A:.*]]: tensor<f32>) -> tensor<1x1xf32>
// CHECK-NEXT:    %[[R:.*]] = tensor.expand_shape %[[A]] [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
// CHECK-NEXT:    return %[[R]]
func.func @reshape_from_rank0(%a: tensor<f32>) -> tensor<1x1xf32> {
  %r = mdl.reshape %a : tensor<f32> -> tensor<1x1xf32>
  return %r : tensor<1x1xf32>
}

// Rank 1 of one element to rank 0.
// CHECK-LABEL: func.func @reshape_rank1_to_rank0
// CHECK-NEXT:    tensor.collapse_shape %{{.*}} [] : tensor<1xf32> into tensor<f32>
func.func @reshape_rank1_to_rank0(%a: tensor<1xf32>) -> tensor<f32> {
  %r = mdl.reshape %a : tensor<1xf32> -> tensor<f32>
  return %r : tensor<f32>
}
