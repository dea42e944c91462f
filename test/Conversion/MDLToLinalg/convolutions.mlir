// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Convolutions become one linalg.matmul each over the gathered windows of
// the whole batch (im2col). The gather is a copying generic over (c, i, j,
// n, y, x) that reads the (padded) input at (y·s + i·d, x·s + j·d),
// collapsed to channel-major columns [C·K², N·OH·OW]. The forward
// multiplies the weights [O, C·K²] with them onto the bias broadcast along
// rows; the weight gradient multiplies dy, transposed to [O, N·OH·OW], with
// the columns read transposed; the input gradient multiplies the flipped,
// transposed kernel [C, O·K²] with the columns of dy spread `stride` apart.
// Results in [C, N, H, W] are transposed back to NCHW. Past the
// column-buffer limit the direct lowering stays: linalg.conv_2d_nchw_fchw
// and contraction generics.

// CHECK-DAG: #[[$ROWS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$WIN_S2:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 * 2 + d1, d5 * 2 + d2)>
// CHECK-DAG: #[[$WIN_D2:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 + d1 * 2, d5 + d2 * 2)>
// CHECK-DAG: #[[$WIN_1:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d1 + d4, d2 + d5)>
// CHECK-DAG: #[[$ID6:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3, d4, d5)>
// CHECK-DAG: #[[$SWAP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$FLIP:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, -d2 + 2, -d3 + 2)>
// CHECK-DAG: #[[$WG_X:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d2 + d5, d3 + d6)>
// CHECK-DAG: #[[$WG_DY:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d0, d5, d6)>
// CHECK-DAG: #[[$OUT7:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$IG_SPREAD:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d4, d2 + -d5 + 2, d3 + -d6 + 2)>
// CHECK-DAG: #[[$IG_W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d1, d5, d6)>

// Stride 2, padding 1: 2 images of 3x8x8 padded to 10x10, 4x4 windows of
// 3x3 taps, so columns [27, 2·16]; y' = W[4, 27] · cols + b, then [4, 2, 4,
// 4] is transposed to NCHW.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK:         %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<2x3x8x8xf32> to tensor<2x3x10x10xf32>
// CHECK:         %[[EMPTY:.*]] = tensor.empty() : tensor<4x32xf32>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$ROWS]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[B]] : tensor<4xf32>) outs(%[[EMPTY]] : tensor<4x32xf32>)
// CHECK:         ^bb0(%[[BIN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[BIN]] : f32
// CHECK:         %[[WIN:.*]] = linalg.generic {indexing_maps = [#[[$WIN_S2]], #[[$ID6]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[PADDED]] : tensor<2x3x10x10xf32>) outs(%{{.*}} : tensor<3x3x3x2x4x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[IN]] : f32
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %[[WIN]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<3x3x3x2x4x4xf32> into tensor<27x32xf32>
// CHECK:         %[[WM:.*]] = tensor.collapse_shape %[[W]] {{\[}}[0], [1, 2, 3]] : tensor<4x3x3x3xf32> into tensor<4x27xf32>
// CHECK:         %[[YT:.*]] = linalg.matmul ins(%[[WM]], %[[COLS]] : tensor<4x27xf32>, tensor<27x32xf32>) outs(%[[INIT]] : tensor<4x32xf32>)
// CHECK:         %[[YT4:.*]] = tensor.expand_shape %[[YT]] {{\[}}[0], [1, 2, 3]] output_shape [4, 2, 4, 4] : tensor<4x32xf32> into tensor<4x2x4x4xf32>
// CHECK:         %[[Y:.*]] = linalg.generic {indexing_maps = [#[[$SWAP]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[YT4]] : tensor<4x2x4x4xf32>) outs(%{{.*}} : tensor<2x4x4x4xf32>)
// CHECK:         return %[[Y]] : tensor<2x4x4x4xf32>
func.func @conv2d(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<2x4x4x4xf32> {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// Without bias or padding: a zero-filled accumulator and the input itself;
// dilation 2 spaces the taps, not the windows.
// CHECK-LABEL: func.func @conv2d_dilated_no_bias
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x32xf32>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[WIN:.*]] = linalg.generic {indexing_maps = [#[[$WIN_D2]], #[[$ID6]]]
// CHECK-SAME:      ins(%[[X]] : tensor<2x3x8x8xf32>)
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %[[WIN]]
// CHECK:         linalg.matmul ins(%{{.*}}, %[[COLS]] : tensor<4x27xf32>, tensor<27x32xf32>) outs(%[[INIT]] : tensor<4x32xf32>)
func.func @conv2d_dilated_no_bias(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32> {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x4x4xf32>
  return %y : tensor<2x4x4x4xf32>
}

// dW[o, (c,i,j)] = Σ_(n,y,x) dy'[o, (n,y,x)] · cols[(c,i,j), (n,y,x)]: the
// same gather as the forward (CSE merges the two in a train step), read
// transposed by the matmul; dy transposed to [O, N, OH, OW] first.
// CHECK-LABEL: func.func @conv2d_weight_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[DY:.*]]: tensor<2x4x4x4xf32>)
// CHECK:         %[[PADDED:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         %[[WIN:.*]] = linalg.generic {indexing_maps = [#[[$WIN_S2]], #[[$ID6]]]
// CHECK-SAME:      ins(%[[PADDED]] : tensor<2x3x10x10xf32>)
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %[[WIN]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<3x3x3x2x4x4xf32> into tensor<27x32xf32>
// CHECK:         %[[DYT:.*]] = linalg.generic {indexing_maps = [#[[$SWAP]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[DY]] : tensor<2x4x4x4xf32>) outs(%{{.*}} : tensor<4x2x4x4xf32>)
// CHECK:         %[[DYM:.*]] = tensor.collapse_shape %[[DYT]] {{\[}}[0], [1, 2, 3]] : tensor<4x2x4x4xf32> into tensor<4x32xf32>
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<4x27xf32>)
// CHECK:         %[[DW:.*]] = linalg.matmul indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]]
// CHECK-SAME:      ins(%[[DYM]], %[[COLS]] : tensor<4x32xf32>, tensor<27x32xf32>) outs(%[[INIT]] : tensor<4x27xf32>)
// CHECK:         %[[DW4:.*]] = tensor.expand_shape %[[DW]] {{\[}}[0], [1, 2, 3]] output_shape [4, 3, 3, 3] : tensor<4x27xf32> into tensor<4x3x3x3xf32>
// CHECK:         return %[[DW4]] : tensor<4x3x3x3xf32>
func.func @conv2d_weight_grad(%x: tensor<2x3x8x8xf32>, %dy: tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32> {
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<2x4x4x4xf32>) -> tensor<4x3x3x3xf32>
  return %dw : tensor<4x3x3x3xf32>
}

// Stride 2, padding 1: dy [2,4,4,4] is spread into [2, 4, 10 + 2, 10 + 2]
// from offset K-1 = 2, two apart. The unpadded 8x8 positions read 3x3
// stride-1 windows of its [1, 11) rows and columns; the kernel, flipped and
// transposed to [3, 4, 3, 3], multiplies their columns [36, 2·64].
// CHECK-LABEL: func.func @conv2d_input_grad
// CHECK-SAME:    (%[[DY:.*]]: tensor<2x4x4x4xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[ZEROS:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x12x12xf32>)
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %[[ZEROS]][0, 0, 2, 2] [2, 4, 4, 4] [1, 1, 2, 2] : tensor<2x4x4x4xf32> into tensor<2x4x12x12xf32>
// CHECK:         %[[INNER:.*]] = tensor.extract_slice %[[SPREAD]][0, 0, 1, 1] [2, 4, 10, 10] [1, 1, 1, 1] : tensor<2x4x12x12xf32> to tensor<2x4x10x10xf32>
// CHECK:         %[[WIN:.*]] = linalg.generic {indexing_maps = [#[[$WIN_1]], #[[$ID6]]]
// CHECK-SAME:      ins(%[[INNER]] : tensor<2x4x10x10xf32>) outs(%{{.*}} : tensor<4x3x3x2x8x8xf32>)
// CHECK:         %[[COLS:.*]] = tensor.collapse_shape %[[WIN]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<4x3x3x2x8x8xf32> into tensor<36x128xf32>
// CHECK:         %[[FLIPPED:.*]] = linalg.generic {indexing_maps = [#[[$FLIP]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[W]] : tensor<4x3x3x3xf32>) outs(%{{.*}} : tensor<3x4x3x3xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x128xf32>)
// CHECK:         %[[WM:.*]] = tensor.collapse_shape %[[FLIPPED]] {{\[}}[0], [1, 2, 3]] : tensor<3x4x3x3xf32> into tensor<3x36xf32>
// CHECK:         %[[DXT:.*]] = linalg.matmul ins(%[[WM]], %[[COLS]] : tensor<3x36xf32>, tensor<36x128xf32>) outs(%[[INIT]] : tensor<3x128xf32>)
// CHECK:         %[[DXT4:.*]] = tensor.expand_shape %[[DXT]] {{\[}}[0], [1, 2, 3]] output_shape [3, 2, 8, 8] : tensor<3x128xf32> into tensor<3x2x8x8xf32>
// CHECK:         %[[DX:.*]] = linalg.generic {indexing_maps = [#[[$SWAP]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[DXT4]] : tensor<3x2x8x8xf32>) outs(%{{.*}} : tensor<2x3x8x8xf32>)
// CHECK:         return %[[DX]] : tensor<2x3x8x8xf32>
func.func @conv2d_input_grad(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 2, 2>, padding = array<i64: 1, 1>, dilation = array<i64: 1, 1>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// Dilation 2 without padding: the spread starts at (K-1)·d = 4 and is used
// whole; the windows' taps are 2 apart.
// CHECK-LABEL: func.func @conv2d_input_grad_dilated
// CHECK-SAME:    (%[[DY:.*]]: tensor<2x4x4x4xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 4, 4] [2, 4, 4, 4] [1, 1, 1, 1] : tensor<2x4x4x4xf32> into tensor<2x4x12x12xf32>
// CHECK-NOT:     tensor.extract_slice
// CHECK:         linalg.generic {indexing_maps = [#[[$WIN_D2]], #[[$ID6]]]
// CHECK-SAME:      ins(%[[SPREAD]] : tensor<2x4x12x12xf32>) outs(%{{.*}} : tensor<4x3x3x2x8x8xf32>)
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<3x36xf32>, tensor<36x128xf32>) outs(%{{.*}} : tensor<3x128xf32>)
func.func @conv2d_input_grad_dilated(%dy: tensor<2x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32> {
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 2, 2>} : (tensor<2x4x4x4xf32>, tensor<4x3x3x3xf32>) -> tensor<2x3x8x8xf32>
  return %dx : tensor<2x3x8x8xf32>
}

// f64 takes the same path (its matmul becomes loops, not a kernel call).
// CHECK-LABEL: func.func @conv2d_f64
// CHECK:         linalg.matmul ins(%{{.*}}, %{{.*}} : tensor<4x27xf64>, tensor<27x32xf64>)
func.func @conv2d_f64(%x: tensor<2x3x6x6xf64>, %w: tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64> {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x3x6x6xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x4x4xf64>
  return %y : tensor<2x4x4x4xf64>
}

// Past the limit (2^26 column values; these would need 64·64·9·222·222 ≈
// 1.8·10^9) the direct lowering stays, for all three ops.
// CHECK-LABEL: func.func @too_big_for_columns
// CHECK-SAME:    (%[[X:.*]]: tensor<64x64x224x224xf32>, %[[W:.*]]: tensor<64x64x3x3xf32>, %[[DY:.*]]: tensor<64x64x222x222xf32>)
// CHECK:         %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<64x64x222x222xf32>)
// CHECK:         %[[Y:.*]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
// CHECK-SAME:      ins(%[[X]], %[[W]] : tensor<64x64x224x224xf32>, tensor<64x64x3x3xf32>) outs(%[[INIT]] : tensor<64x64x222x222xf32>)
// CHECK:         %[[DW:.*]] = linalg.generic {indexing_maps = [#[[$WG_X]], #[[$WG_DY]], #[[$OUT7]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[X]], %[[DY]] : tensor<64x64x224x224xf32>, tensor<64x64x222x222xf32>) outs(%{{.*}} : tensor<64x64x3x3xf32>)
// CHECK:           arith.mulf
// CHECK-NEXT:      arith.addf
// CHECK:         %[[SPREAD:.*]] = tensor.insert_slice %[[DY]] into %{{.*}}[0, 0, 2, 2] [64, 64, 222, 222] [1, 1, 1, 1]
// CHECK:         %[[DX:.*]] = linalg.generic {indexing_maps = [#[[$IG_SPREAD]], #[[$IG_W]], #[[$OUT7]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[SPREAD]], %[[W]] : tensor<64x64x226x226xf32>, tensor<64x64x3x3xf32>) outs(%{{.*}} : tensor<64x64x224x224xf32>)
// CHECK-NOT:     linalg.matmul
// CHECK:         return %[[Y]], %[[DW]], %[[DX]]
func.func @too_big_for_columns(%x: tensor<64x64x224x224xf32>, %w: tensor<64x64x3x3xf32>, %dy: tensor<64x64x222x222xf32>)
    -> (tensor<64x64x222x222xf32>, tensor<64x64x3x3xf32>, tensor<64x64x224x224xf32>) {
  %y = mdl.conv2d %x, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x64x224x224xf32>, tensor<64x64x3x3xf32>) -> tensor<64x64x222x222xf32>
  %dw = mdl.conv2d_weight_grad %x, %dy {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x64x224x224xf32>, tensor<64x64x222x222xf32>) -> tensor<64x64x3x3xf32>
  %dx = mdl.conv2d_input_grad %dy, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<64x64x222x222xf32>, tensor<64x64x3x3xf32>) -> tensor<64x64x224x224xf32>
  return %y, %dw, %dx : tensor<64x64x222x222xf32>, tensor<64x64x3x3xf32>, tensor<64x64x224x224xf32>
}
