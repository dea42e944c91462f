// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// mdl.conv2d becomes linalg.conv_2d_nchw_fchw (strides, dilations) on a
// zero-padded input, accumulating onto the broadcast bias. Its adjoints are
// contraction generics over seven loops, four parallel then three
// reductions: the weight gradient (o, c, i, j | n, y, x) reads the padded
// input at (y·s + i·d, x·s + j·d); the input gradient (n, c, h, w | o, i, j)
// reads the output gradient spread `stride` apart into a zero tensor
// (tensor.insert_slice with strides) at the flipped tap h + (K-1-i)·d, then
// crops the padding away.

// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$WG_X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5 * 2 + d2, d6 * 2 + d3)>
// CHECK-DAG: #[[$WG_DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d0, d5, d6)>
// CHECK-DAG: #[[$OUT7:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$IG_SPREAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + -d5 + 2, d3 + -d6 + 2)>
// CHECK-DAG: #[[$IG_W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5, d6)>
// CHECK-DAG: #[[$IG_SPREAD_D2:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + (-d5 + 2) * 2, d3 + (-d6 + 2) * 2)>

// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<2x4x4x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<2x4x4x4xf32>)
// CHECK:         ^bb0(%[[BIN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[BIN]] : f32
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<2x3x8x8xf32> to tensor<2x3x10x10xf32>
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[PADDED]], %[[W]] : tensor<2x3x10x10xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<2x4x4x4xf32>)
// CHECK:         return %[[Y]] : tensor<2x4x4x4xf32>
func.func @conv2d(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// Without bias or padding: a zero-filled accumulator and the input itself.
// CHECK-LABEL: func.func @conv2d_dilated_no_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG:     %[[EMPTY:.*]] = tensor.empty() : tensor<2x4x4x4xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<2x4x4x4xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[X]], %[[W]] : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<2x4x4x4xf32>)
// CHECK:         return %[[Y]]
func.func @conv2d_dilated_no_bias(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// dw[o,c,i,j] = Σ_{n,y,x} xpad[n, c, 2y + i, 2x + j] · dy[n, o, y, x].
// CHECK-LABEL: func.func @conv2d_weight_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[DY:.*]]: tensor<2x4x4x4xf32>)
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x3x3x3xf32>)
// CHECK:         %[[DW:.*]] = linalg.generic {indexing_maps = [#[[$WG_X]], #[[$WG_DY]], #[[$OUT7]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[PADDED]], %[[DY]] : tensor<2x3x10x10xf32>, tensor<2x4x4x4xf32>) outs(%[[INIT]] : tensor<4x3x3x3xf32>)
// CHECK:         ^bb0(%[[XIN:.*]]: f32, %[[DYIN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:      %[[PROD:.*]] = arith.mulf %[[XIN]], %[[DYIN]] : f32
// CHECK-NEXT:      %[[SUM:.*]] = arith.addf %[[ACC]], %[[PROD]] : f32
// CHECK-NEXT:      linalg.yield %[[SUM]] : f32
// CHECK:         return %[[DW]] : tensor<4x3x3x3xf32>
func.func @conv2d_weight_grad(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32> {
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
  return %dw : tensor<4x3x3x3xf32>
}

// Stride 2, padding 1: dy [2,4,4,4] is spread into [2, 4, 10 + 2, 10 + 2]
// from offset K-1 = 2, two apart; the 10x10 padded gradient is cropped to 8x8.
// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK-SAME:    (%[[DY:.*]]: tensor<2x4x4x4xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x12x12xf32>)
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %[[ZEROS]][0, 0, 2, 2] [2, 4, 4, 4] [1, 1, 2, 2] : tensor<2x4x4x4xf32> into tensor<2x4x12x12xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x10x10xf32>)
// CHECK:         %[[DXPAD:.*]] = linalg.generic {indexing_maps = [#[[$IG_SPREAD]], #[[$IG_W]], #[[$OUT7]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[SPREAD]], %[[W]] : tensor<2x4x12x12xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<2x3x10x10xf32>)
// CHECK:           arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK:         %[[DX:.*]] = tensor.extract_slice %[[DXPAD]][0, 0, 1, 1] [2, 3, 8, 8] [1, 1, 1, 1] : tensor<2x3x10x10xf32> to tensor<2x3x8x8xf32>
// CHECK:         return %[[DX]] : tensor<2x3x8x8xf32>
func.func @conv2d_input_grad(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// Dilation 2 without padding: the spread starts at (K-1)·d = 4, the taps
// read (K-1-i)·2 further, and nothing is cropped.
// CHECK-LABEL: func.func @conv2d_input_grad_dilated
// CHECK-SAME:    (%[[DY:.*]]: tensor<2x4x4x4xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 4, 4] [2, 4, 4, 4] [1, 1, 1, 1] : tensor<2x4x4x4xf32> into tensor<2x4x12x12xf32>
// CHECK:         %[[DX:.*]] = linalg.generic {indexing_maps = [#[[$IG_SPREAD_D2]], #[[$IG_W]], #[[$OUT7]]]
// CHECK-SAME:      ins(%[[SPREAD]], %[[W]] : tensor<2x4x12x12xf32>, tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<2x3x8x8xf32>)
// CHECK-NOT:     tensor.extract_slice
// CHECK:         return %[[DX]] : tensor<2x3x8x8xf32>
func.func @conv2d_input_grad_dilated(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}
