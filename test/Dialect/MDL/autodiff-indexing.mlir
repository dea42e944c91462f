// RUN: mdlc-opt %s --mdl-autodiff | FileCheck %s
// mdl-autodiff of mdl.max and the indexing ops (README.md#reductions,
// #gather). max's adjoint shares dy evenly among the maxima of each reduced
// slice (torch.amax's rule); gather and scatter_add are each other's
// adjoint, and the integer index gets no adjoint.

// A row-wise max: dx = [x == max] · dy / (number of maxima in the row).
func.func private @f_max_rows(%a: tensor<8x4xf32>) -> tensor<f32> {
  %m = mdl.max %a dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
  %s = mdl.sum %m dims = [0] : tensor<8xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_max_rows.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         %[[M:.*]] = mdl.max %[[A]] dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
// CHECK:         %[[S:.*]] = mdl.sum %[[M]] dims = [0] : tensor<8xf32> -> tensor<f32>
// CHECK:         %[[DM:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<8xf32>
// CHECK:         %[[MAXES:.*]] = mdl.broadcast %[[M]] dims = [0] : tensor<8xf32> -> tensor<8x4xf32>
// CHECK:         %[[ISMAX:.*]] = mdl.compare "eq", %[[A]], %[[MAXES]] : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xi1>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[MASK:.*]] = mdl.select %[[ISMAX]], %[[ONE]], %[[ZERO]] : (tensor<8x4xi1>, tensor<f32>, tensor<f32>) -> tensor<8x4xf32>
// CHECK:         %[[COUNT:.*]] = mdl.sum %[[MASK]] dims = [1] : tensor<8x4xf32> -> tensor<8xf32>
// CHECK:         %[[SHARE:.*]] = mdl.div %[[DM]], %[[COUNT]] : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
// CHECK:         %[[SPREAD:.*]] = mdl.broadcast %[[SHARE]] dims = [0] : tensor<8xf32> -> tensor<8x4xf32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[MASK]], %[[SPREAD]] : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
// CHECK:         return %[[S]], %[[DA]]

// CHECK-LABEL: func.func @max_rows
// CHECK-NOT:     mdl.value_and_grad
// CHECK:         call @f_max_rows.value_and_grad(%{{.*}}) : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
func.func @max_rows(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_max_rows(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// A full max: the maxima are counted over the whole tensor (a scalar count).
func.func private @f_max_all(%a: tensor<8x4xf32>) -> tensor<f32> {
  %m = mdl.max %a dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  return %m : tensor<f32>
}

// CHECK-LABEL: func.func private @f_max_all.value_and_grad(
// CHECK-SAME:    %[[A:.*]]: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
// CHECK:         %[[M:.*]] = mdl.max %[[A]] dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
// CHECK:         %[[SEED:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[MAXES:.*]] = mdl.broadcast %[[M]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[ISMAX:.*]] = mdl.compare "eq", %[[A]], %[[MAXES]]
// CHECK:         %[[MASK:.*]] = mdl.select %[[ISMAX]]
// CHECK:         %[[COUNT:.*]] = mdl.sum %[[MASK]] dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
// CHECK:         %[[SHARE:.*]] = mdl.div %[[SEED]], %[[COUNT]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[SPREAD:.*]] = mdl.broadcast %[[SHARE]] dims = [] : tensor<f32> -> tensor<8x4xf32>
// CHECK:         %[[DA:.*]] = mdl.mul %[[MASK]], %[[SPREAD]]
// CHECK:         return %[[M]], %[[DA]]

// CHECK-LABEL: func.func @max_all
// CHECK:         call @f_max_all.value_and_grad
func.func @max_all(%a: tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>) {
  %l, %ga = mdl.value_and_grad @f_max_all(%a) wrt = [0] : (tensor<8x4xf32>) -> (tensor<f32>, tensor<8x4xf32>)
  return %l, %ga : tensor<f32>, tensor<8x4xf32>
}

// Q-learning's pick of the taken action: q = gather(values, actions, 1)
// ⇒ d values = scatter_add(dq, actions, 1).
func.func private @f_gather(%v: tensor<64x2xf32>, %i: tensor<64xi32>) -> tensor<f32> {
  %q = mdl.gather %v, %i axis = 1 : (tensor<64x2xf32>, tensor<64xi32>) -> tensor<64xf32>
  %s = mdl.sum %q dims = [0] : tensor<64xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_gather.value_and_grad(
// CHECK-SAME:    %[[V:.*]]: tensor<64x2xf32>, %[[I:.*]]: tensor<64xi32>) -> (tensor<f32>, tensor<64x2xf32>)
// CHECK:         %[[Q:.*]] = mdl.gather %[[V]], %[[I]] axis = 1 : (tensor<64x2xf32>, tensor<64xi32>) -> tensor<64xf32>
// CHECK:         %[[S:.*]] = mdl.sum %[[Q]] dims = [0]
// CHECK:         %[[DQ:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<64xf32>
// CHECK:         %[[DV:.*]] = mdl.scatter_add %[[DQ]], %[[I]] axis = 1 : (tensor<64xf32>, tensor<64xi32>) -> tensor<64x2xf32>
// CHECK:         return %[[S]], %[[DV]] : tensor<f32>, tensor<64x2xf32>

// CHECK-LABEL: func.func @gather
// CHECK:         call @f_gather.value_and_grad(%{{.*}}, %{{.*}}) : (tensor<64x2xf32>, tensor<64xi32>) -> (tensor<f32>, tensor<64x2xf32>)
func.func @gather(%v: tensor<64x2xf32>, %i: tensor<64xi32>) -> (tensor<f32>, tensor<64x2xf32>) {
  %l, %g = mdl.value_and_grad @f_gather(%v, %i) wrt = [0] : (tensor<64x2xf32>, tensor<64xi32>) -> (tensor<f32>, tensor<64x2xf32>)
  return %l, %g : tensor<f32>, tensor<64x2xf32>
}

// The transpose: r = scatter_add(d, i, 0) ⇒ dd = gather(dr, i, 0), here with
// an i64 index along the leading axis.
func.func private @f_scatter_add(%d: tensor<4xf32>, %i: tensor<4xi64>) -> tensor<f32> {
  %r = mdl.scatter_add %d, %i axis = 0 : (tensor<4xf32>, tensor<4xi64>) -> tensor<3x4xf32>
  %s = mdl.sum %r dims = [0, 1] : tensor<3x4xf32> -> tensor<f32>
  return %s : tensor<f32>
}

// CHECK-LABEL: func.func private @f_scatter_add.value_and_grad(
// CHECK-SAME:    %[[D:.*]]: tensor<4xf32>, %[[I:.*]]: tensor<4xi64>) -> (tensor<f32>, tensor<4xf32>)
// CHECK:         %[[R:.*]] = mdl.scatter_add %[[D]], %[[I]] axis = 0 : (tensor<4xf32>, tensor<4xi64>) -> tensor<3x4xf32>
// CHECK:         %[[S:.*]] = mdl.sum %[[R]] dims = [0, 1]
// CHECK:         %[[DR:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<3x4xf32>
// CHECK:         %[[DD:.*]] = mdl.gather %[[DR]], %[[I]] axis = 0 : (tensor<3x4xf32>, tensor<4xi64>) -> tensor<4xf32>
// CHECK:         return %[[S]], %[[DD]] : tensor<f32>, tensor<4xf32>

// CHECK-LABEL: func.func @scatter_add
// CHECK:         call @f_scatter_add.value_and_grad
func.func @scatter_add(%d: tensor<4xf32>, %i: tensor<4xi64>) -> (tensor<f32>, tensor<4xf32>) {
  %l, %g = mdl.value_and_grad @f_scatter_add(%d, %i) wrt = [0] : (tensor<4xf32>, tensor<4xi64>) -> (tensor<f32>, tensor<4xf32>)
  return %l, %g : tensor<f32>, tensor<4xf32>
}
