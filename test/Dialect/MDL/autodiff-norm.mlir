// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// mdl-autodiff of batch normalization and dropout (README.md#batch_norm,
// #dropout). Per-channel tensors [C] meet the input along dim 1: statistics
// sum over every other dim, and [C] values spread with mdl.broadcast
// dims = [1].

// Training mode, NCHW: dβ = Σ dy, dγ = Σ dy·x̂ and
// dx = γ·inv · (dy - Σdy/n - x̂·Σ(dy·x̂)/n), inv = 1/sqrt(var + eps),
// x̂ = (x - mean)·inv, n = N·H·W = 32.
func.func private @f_bn_train(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<f32> {
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  %s = mdl.sum %y dims = [0, 1, 2, 3] : tensor<2x3x4x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_bn_train.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x4x4xf32>, %[[W:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK-SAME:    -> (tensor<f32>, tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK:         %[[Y:.*]], %[[MEAN:.*]], %[[VAR:.*]] = mdl.batch_norm_train %[[X]], %[[W]], %[[B]] {eps = 1.000000e-05 : f64}
// CHECK:         %[[S:.*]] = mdl.sum %[[Y]] dims = [0, 1, 2, 3]
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[EPS:.*]] = arith.constant dense<9.99999974E-6> : tensor<f32>
// CHECK:         %[[VE:.*]] = mdl.add %[[VAR]], %[[EPS]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[STD:.*]] = mdl.sqrt %[[VE]] : tensor<3xf32>
// CHECK:         %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[INV:.*]] = mdl.div %[[ONE]], %[[STD]] : (tensor<f32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         %[[MEANB:.*]] = mdl.broadcast %[[MEAN]] dims = [1] : tensor<3xf32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[XC:.*]] = mdl.sub %[[X]], %[[MEANB]]
// CHECK:         %[[INVB:.*]] = mdl.broadcast %[[INV]] dims = [1] : tensor<3xf32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[XHAT:.*]] = mdl.mul %[[XC]], %[[INVB]]
// CHECK:         %[[DB:.*]] = mdl.sum %[[DY]] dims = [0, 2, 3] : tensor<2x3x4x4xf32> -> tensor<3xf32>
// CHECK:         %[[DYXHAT:.*]] = mdl.mul %[[DY]], %[[XHAT]]
// CHECK:         %[[DW:.*]] = mdl.sum %[[DYXHAT]] dims = [0, 2, 3] : tensor<2x3x4x4xf32> -> tensor<3xf32>
// CHECK:         %[[INVN:.*]] = arith.constant dense<3.125000e-02> : tensor<f32>
// CHECK:         %[[MDY:.*]] = mdl.mul %[[DB]], %[[INVN]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[MDYB:.*]] = mdl.broadcast %[[MDY]] dims = [1] : tensor<3xf32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[INVN2:.*]] = arith.constant dense<3.125000e-02> : tensor<f32>
// CHECK:         %[[MDYX:.*]] = mdl.mul %[[DW]], %[[INVN2]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[MDYXB:.*]] = mdl.broadcast %[[MDYX]] dims = [1] : tensor<3xf32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[PROJ:.*]] = mdl.mul %[[XHAT]], %[[MDYXB]]
// CHECK:         %[[I1:.*]] = mdl.sub %[[DY]], %[[MDYB]]
// CHECK:         %[[I2:.*]] = mdl.sub %[[I1]], %[[PROJ]]
// CHECK:         %[[GAIN:.*]] = mdl.mul %[[W]], %[[INV]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         %[[GAINB:.*]] = mdl.broadcast %[[GAIN]] dims = [1] : tensor<3xf32> -> tensor<2x3x4x4xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %[[I2]], %[[GAINB]]
// CHECK:         return %[[S]], %[[DX]], %[[DW]], %[[DB]]

// CHECK-LABEL: func.func @bn_train
// CHECK-NOT:     mdl.value_and_grad
// CHECK:         call @f_bn_train.value_and_grad(%{{.*}}, %{{.*}}, %{{.*}})
func.func @bn_train(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<f32>, tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %l, %gx, %gw, %gb = mdl.value_and_grad @f_bn_train(%x, %w, %b) wrt = [0, 1, 2] : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return %l, %gx, %gw, %gb : tensor<f32>, tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>
}

// The batch statistics as results ([N, C], n = 8): d mean/dx = 1/n and
// d var/dx = 2·(x - mean)/n; with y unused, no dy term is built.
func.func private @f_bn_stats(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<f32> {
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<8x3xf32>, tensor<3xf32>
  %t = mdl.add %m, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s = mdl.sum %t dims = [0] : tensor<3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_bn_stats.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<8x3xf32>, %{{.*}}: tensor<3xf32>, %{{.*}}: tensor<3xf32>) -> (tensor<f32>, tensor<8x3xf32>)
// CHECK:         %{{.*}}, %[[MEAN:.*]], %[[VAR:.*]] = mdl.batch_norm_train %[[X]]
// CHECK:         %[[DSTAT:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<3xf32>
// CHECK:         %[[MEANB:.*]] = mdl.broadcast %[[MEAN]] dims = [1] : tensor<3xf32> -> tensor<8x3xf32>
// CHECK:         %[[XC:.*]] = mdl.sub %[[X]], %[[MEANB]]
// CHECK-NOT:     mdl.sum
// CHECK:         %[[INVN:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK:         %[[DM:.*]] = mdl.mul %[[DSTAT]], %[[INVN]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[DMB:.*]] = mdl.broadcast %[[DM]] dims = [1] : tensor<3xf32> -> tensor<8x3xf32>
// CHECK:         %[[TWON:.*]] = arith.constant dense<2.500000e-01> : tensor<f32>
// CHECK:         %[[DV:.*]] = mdl.mul %[[DSTAT]], %[[TWON]] : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[DVB:.*]] = mdl.broadcast %[[DV]] dims = [1] : tensor<3xf32> -> tensor<8x3xf32>
// CHECK:         %[[DVX:.*]] = mdl.mul %[[XC]], %[[DVB]]
// CHECK:         %[[DX:.*]] = mdl.add %[[DMB]], %[[DVX]]
// CHECK:         return %{{.*}}, %[[DX]]

// CHECK-LABEL: func.func @bn_stats
// CHECK:         call @f_bn_stats.value_and_grad
func.func @bn_stats(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<8x3xf32> {
  %l, %gx = mdl.value_and_grad @f_bn_stats(%x, %w, %b) wrt = [0] : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<8x3xf32>)
  return %gx : tensor<8x3xf32>
}

// Evaluation mode ([N, C]): an affine map per channel with gain γ·inv, so
// dx = dy·γ·inv, dγ = Σ dy·x̂, dβ = Σ dy, d mean = -γ·inv·Σ dy and
// d var = -γ·inv³/2 · Σ dy·(x - mean).
func.func private @f_bn_eval(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> tensor<f32> {
  %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-05 : f64} : tensor<8x3xf32>, tensor<3xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x3xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_bn_eval.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<8x3xf32>, %[[W:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[RM:.*]]: tensor<3xf32>, %[[RV:.*]]: tensor<3xf32>)
// CHECK:         mdl.batch_norm_eval %[[X]], %[[W]], %[[B]], %[[RM]], %[[RV]] {eps = 1.000000e-05 : f64}
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<8x3xf32>
// CHECK:         %[[VE:.*]] = mdl.add %[[RV]], %{{.*}} : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>
// CHECK:         %[[STD:.*]] = mdl.sqrt %[[VE]]
// CHECK:         %[[INV:.*]] = mdl.div %{{.*}}, %[[STD]]
// CHECK:         %[[MEANB:.*]] = mdl.broadcast %[[RM]] dims = [1] : tensor<3xf32> -> tensor<8x3xf32>
// CHECK:         %[[XC:.*]] = mdl.sub %[[X]], %[[MEANB]]
// CHECK:         %[[INVB:.*]] = mdl.broadcast %[[INV]] dims = [1]
// CHECK:         %[[XHAT:.*]] = mdl.mul %[[XC]], %[[INVB]]
// CHECK:         %[[GAIN:.*]] = mdl.mul %[[W]], %[[INV]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         %[[GAINB:.*]] = mdl.broadcast %[[GAIN]] dims = [1] : tensor<3xf32> -> tensor<8x3xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %[[DY]], %[[GAINB]]
// CHECK:         %[[DYXHAT:.*]] = mdl.mul %[[DY]], %[[XHAT]]
// CHECK:         %[[DW:.*]] = mdl.sum %[[DYXHAT]] dims = [0] : tensor<8x3xf32> -> tensor<3xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DY]] dims = [0] : tensor<8x3xf32> -> tensor<3xf32>
// CHECK:         %[[MONE:.*]] = arith.constant dense<-1.000000e+00> : tensor<f32>
// CHECK:         %[[NGAIN:.*]] = mdl.mul %[[GAIN]], %[[MONE]]
// CHECK:         %[[SDY:.*]] = mdl.sum %[[DY]] dims = [0]
// CHECK:         %[[DM:.*]] = mdl.mul %[[SDY]], %[[NGAIN]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         %[[INV2:.*]] = mdl.mul %[[INV]], %[[INV]]
// CHECK:         %[[INV3:.*]] = mdl.mul %[[INV2]], %[[INV]]
// CHECK:         %[[MHALF:.*]] = arith.constant dense<-5.000000e-01> : tensor<f32>
// CHECK:         %[[WINV3:.*]] = mdl.mul %[[W]], %[[INV3]]
// CHECK:         %[[VSLOPE:.*]] = mdl.mul %[[WINV3]], %[[MHALF]]
// CHECK:         %[[DYXC:.*]] = mdl.mul %[[DY]], %[[XC]]
// CHECK:         %[[SDYXC:.*]] = mdl.sum %[[DYXC]] dims = [0]
// CHECK:         %[[DV:.*]] = mdl.mul %[[SDYXC]], %[[VSLOPE]] : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
// CHECK:         return %{{.*}}, %[[DX]], %[[DW]], %[[DB]], %[[DM]], %[[DV]]

// CHECK-LABEL: func.func @bn_eval
// CHECK:         call @f_bn_eval.value_and_grad
func.func @bn_eval(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %l, %gx, %gw, %gb, %gm, %gv = mdl.value_and_grad @f_bn_eval(%x, %w, %b, %rm, %rv) wrt = [0, 1, 2, 3, 4] : (tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
  return %gx, %gw, %gb, %gm, %gv : tensor<8x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// Dropout is linear in its input with the mask the seed fixes, so its VJP
// is the same dropout (same seed, same p) of the adjoint; the i64 seed gets
// no adjoint.
func.func private @f_dropout(%x: tensor<8x4xf32>, %seed: i64) -> tensor<f32> {
  %y = mdl.dropout %x, %seed {p = 2.5e-01 : f64} : tensor<8x4xf32>
  %s = mdl.sum %y dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_dropout.value_and_grad(
// CHECK-SAME:    %[[X:.*]]: tensor<8x4xf32>, %[[SEED:.*]]: i64) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         mdl.dropout %[[X]], %[[SEED]] {p = 2.500000e-01 : f64} : tensor<8x4xf32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[DX:.*]] = mdl.dropout %[[DY]], %[[SEED]] {p = 2.500000e-01 : f64} : tensor<8x4xf32>
// CHECK:         return %{{.*}}, %[[DX]]

// CHECK-LABEL: func.func @dropout
// CHECK:         call @f_dropout.value_and_grad(%{{.*}}, %{{.*}}) : (tensor<8x4xf32>, i64) -> (tensor<f32>, tensor<8x4xf32>)
func.func @dropout(%x: tensor<8x4xf32>, %seed: i64) -> tensor<8x4xf32> {
  %l, %g = mdl.value_and_grad @f_dropout(%x, %seed) wrt = [0] : (tensor<8x4xf32>, i64) -> (tensor<f32>, tensor<8x4xf32>)
  return %g : tensor<8x4xf32>
}
