// RUN: mdlc-opt %s --pass-pipeline='builtin.module(func.func(mdl-fuse-elementwise))' | FileCheck %s
// mdl-fuse-elementwise fuses like linalg-fuse-elementwise-ops, except into
// or out of a linalg.matmul, which must stay whole for the SGEMM kernel.

#id = affine_map<(d0, d1) -> (d0, d1)>

// A ReLU feeding a matmul stays a generic of its own (upstream pulls it
// into the contraction, which then recomputes it per output column).
// CHECK-LABEL: func.func @relu_then_matmul
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK:           arith.maximumf
// CHECK:         linalg.matmul ins(%[[R]], %{{.*}} : tensor<8x4xf32>, tensor<4x2xf32>)
func.func @relu_then_matmul(%x: tensor<8x4xf32>, %w: tensor<4x2xf32>, %acc: tensor<8x2xf32>) -> tensor<8x2xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<8x4xf32>) outs(%e : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<8x4xf32>
  %y = linalg.matmul ins(%r, %w : tensor<8x4xf32>, tensor<4x2xf32>) outs(%acc : tensor<8x2xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// A flatten feeding a matmul stays a collapse_shape (upstream expands the
// matmul into a 5-D generic contraction instead).
// CHECK-LABEL: func.func @flatten_then_matmul
// CHECK:         %[[F:.*]] = tensor.collapse_shape
// CHECK:         linalg.matmul ins(%[[F]], %{{.*}} : tensor<8x784xf32>, tensor<784x2xf32>)
// CHECK-NOT:     linalg.generic
func.func @flatten_then_matmul(%x: tensor<8x1x28x28xf32>, %w: tensor<784x2xf32>, %acc: tensor<8x2xf32>) -> tensor<8x2xf32> {
  %f = tensor.collapse_shape %x [[0], [1, 2, 3]] : tensor<8x1x28x28xf32> into tensor<8x784xf32>
  %y = linalg.matmul ins(%f, %w : tensor<8x784xf32>, tensor<784x2xf32>) outs(%acc : tensor<8x2xf32>) -> tensor<8x2xf32>
  return %y : tensor<8x2xf32>
}

// A matmul's result is not fused into its elementwise consumer either, but
// elementwise chains elsewhere still fuse.
// CHECK-LABEL: func.func @matmul_then_relu_and_chain
// CHECK:         %[[Y:.*]] = linalg.matmul
// CHECK:         linalg.generic {{.*}} ins(%[[Y]] : tensor<8x2xf32>)
// CHECK:         linalg.generic
// CHECK:           arith.addf
// CHECK-NEXT:      arith.mulf
// CHECK-NOT:     linalg.generic
func.func @matmul_then_relu_and_chain(%x: tensor<8x4xf32>, %w: tensor<4x2xf32>, %acc: tensor<8x2xf32>,
                                      %a: tensor<8x4xf32>) -> (tensor<8x2xf32>, tensor<8x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %y = linalg.matmul ins(%x, %w : tensor<8x4xf32>, tensor<4x2xf32>) outs(%acc : tensor<8x2xf32>) -> tensor<8x2xf32>
  %e = tensor.empty() : tensor<8x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%y : tensor<8x2xf32>) outs(%e : tensor<8x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<8x2xf32>
  %e4 = tensor.empty() : tensor<8x4xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x4xf32>) outs(%e4 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = arith.addf %in, %in : f32
    linalg.yield %t : f32
  } -> tensor<8x4xf32>
  %p = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%s : tensor<8x4xf32>) outs(%e4 : tensor<8x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = arith.mulf %in, %in : f32
    linalg.yield %t : f32
  } -> tensor<8x4xf32>
  return %r, %p : tensor<8x2xf32>, tensor<8x4xf32>
}
