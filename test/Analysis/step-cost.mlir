// mdl-step-cost fills each `mdlrt.info_step_cost` that names a train step
// with the step's FLOPs and peak live tensor bytes (compiler/Analysis/
// StepCost.h has the conventions; the counts below are derived by hand).
// RUN: mdlc-opt %s --mdl-step-cost --split-input-file --verify-diagnostics | FileCheck %s

// A step written out by hand: forward (conv2d, relu, sum), backward (both
// convolution gradients, with the relu output standing in for dy), adam.
//   conv2d  72 outputs [2,4,3,3] x 9 products (Cin 1 x 3x3) x 2 + bias 72
//           = 1296 + 72                                          = 1368
//   relu    72 elements                                          =   72
//   sum     72 input elements                                    =   72
//   weight grad  2 x 72 (dy elements) x 9                        = 1296
//   input grad   2 x 72 x 9                                      = 1296
//   adam    13 x 36 weight elements                              =  468
//   total                                                        = 4572
// Peak bytes: the arguments are live throughout: x 200 + w 144 + b 16 +
// m 144 + v 144 = 648. Then y +288 (936), r +288 (1224, y dies after it),
// l +4 (940), dw +144 (1084), dx +200 (1284 = the peak, r dies after it),
// adam writes in place (+0).
// CHECK-LABEL: func.func @mdl_info
// CHECK:         mdlrt.info_step_cost {batch = 2 : i64, flops = 4572 : i64, peak_bytes = 1284 : i64}
func.func private @explicit_step(%x: tensor<2x1x5x5xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>, %m: tensor<4x1x3x3xf32>, %v: tensor<4x1x3x3xf32>, %t: f32, %lr: f32) -> (tensor<4x1x3x3xf32>, tensor<4x1x3x3xf32>, tensor<4x1x3x3xf32>, tensor<f32>, tensor<2x1x5x5xf32>) {
  %y = mdl.conv2d %x, %w, %b {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x1x5x5xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<2x4x3x3xf32>
  %r = mdl.relu %y : tensor<2x4x3x3xf32>
  %l = mdl.sum %r dims = [0, 1, 2, 3] : tensor<2x4x3x3xf32> -> tensor<f32>
  %dw = mdl.conv2d_weight_grad %x, %r {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x1x5x5xf32>, tensor<2x4x3x3xf32>) -> tensor<4x1x3x3xf32>
  %dx = mdl.conv2d_input_grad %r, %w {stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>} : (tensor<2x4x3x3xf32>, tensor<4x1x3x3xf32>) -> tensor<2x1x5x5xf32>
  %p1, %m1, %v1 = mdl.adam %w, %dw, %m, %v, %t, %lr {beta1 = 0.9 : f64, beta2 = 0.999 : f64, eps = 1.0e-08 : f64} : tensor<4x1x3x3xf32>, f32
  return %p1, %m1, %v1, %l, %dx : tensor<4x1x3x3xf32>, tensor<4x1x3x3xf32>, tensor<4x1x3x3xf32>, tensor<f32>, tensor<2x1x5x5xf32>
}

func.func @mdl_info() {
  mdlrt.info_step_cost {batch = 2 : i64, step = @explicit_step}
  mdlrt.info_end
  return
}

// -----

// A step that asks for its gradient: the pass differentiates a copy, so the
// backward sweep is counted, while this module keeps its value_and_grad.
//   forward  mul 16 + sum 16                                      =  32
//   backward d(sum)/dp broadcasts the seed (free), dp * x          =  16
//   sgd      2 x 16 weight elements                                =  32
//   linear   2 x 6 outputs [3, 2] x 8 (K), no bias                 =  96
//   total                                                          = 176
// Peak bytes, in the differentiated copy (constant 1.0 seed, p = w * x,
// sum, broadcast seed, dp * x, sgd, linear): w 64 + x 64 + a 96 = 224
// throughout; seed +4, p +64, l +4 (p dies: 232), broadcast +64 (296, the
// seed dies: 292), dp * x +64 (356 = the peak, the broadcast dies), sgd
// in place, z +24.
// CHECK-LABEL: func.func private @grad_step
// CHECK:         mdl.value_and_grad @loss
// CHECK-LABEL: func.func @mdl_info
// CHECK:         mdlrt.info_step_cost {batch = 2 : i64, flops = 176 : i64, peak_bytes = 356 : i64}
func.func private @loss(%w: tensor<2x8xf32>, %x: tensor<2x8xf32>) -> tensor<f32> {
  %p = mdl.mul %w, %x : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %s = mdl.sum %p dims = [0, 1] : tensor<2x8xf32> -> tensor<f32>
  return %s : tensor<f32>
}

func.func private @grad_step(%w: tensor<2x8xf32>, %x: tensor<2x8xf32>, %a: tensor<3x8xf32>, %lr: f32) -> (tensor<2x8xf32>, tensor<f32>, tensor<3x2xf32>) {
  %l, %g = mdl.value_and_grad @loss(%w, %x) wrt = [0] : (tensor<2x8xf32>, tensor<2x8xf32>) -> (tensor<f32>, tensor<2x8xf32>)
  %w1 = mdl.sgd %w, %g, %lr {weight_decay = 0.0 : f64} : tensor<2x8xf32>, f32
  %z = mdl.linear %a, %w1 : (tensor<3x8xf32>, tensor<2x8xf32>) -> tensor<3x2xf32>
  return %w1, %l, %z : tensor<2x8xf32>, tensor<f32>, tensor<3x2xf32>
}

func.func @mdl_info() {
  mdlrt.info_step_cost {batch = 2 : i64, step = @grad_step}
  mdlrt.info_end
  return
}

// -----

func.func @mdl_info() {
  // expected-error @below {{'mdlrt.info_step_cost' op names no function 'missing'}}
  mdlrt.info_step_cost {batch = 8 : i64, step = @missing}
  mdlrt.info_end
  return
}
