// RUN: mdlc-opt %s --mdl-autodiff --canonicalize | FileCheck %s
// Reverse-mode rules of the elementwise functions, compare/select and
// stop_gradient (after canonicalize, so only the live adjoint remains).

func.func private @f_relu(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.relu %x : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// CHECK-LABEL: func.func private @f_relu.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[POS:.*]] = mdl.compare "gt", %[[X]], %[[ZERO]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
// CHECK:         %[[DX:.*]] = mdl.select %[[POS]], %{{.*}}, %[[ZERO]] : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_relu(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_exp(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.exp %x : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// The adjoint of exp reuses the forward result.
// CHECK-LABEL: func.func private @f_exp.value_and_grad
// CHECK:         %[[Y:.*]] = mdl.exp %{{.*}} : tensor<4xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %{{.*}}, %[[Y]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_exp(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_log(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.log %x : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// CHECK-LABEL: func.func private @f_log.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK:         %[[DX:.*]] = mdl.div %{{.*}}, %[[X]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @log(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_log(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_stop(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.stop_gradient %x : tensor<4xf32>
  %z = mdl.mul %y, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = mdl.sum %z dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// Only the direct use of x contributes: d(sg(x)·x)/dx = sg(x) = x.
// CHECK-LABEL: func.func private @f_stop.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK:         %[[SG:.*]] = mdl.stop_gradient %[[X]]
// CHECK:         %[[DX:.*]] = mdl.mul %{{.*}}, %[[SG]] : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT:     mdl.add
// CHECK:         return %{{.*}}, %[[DX]]
func.func @stop(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_stop(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_select(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<f32>) -> tensor<f32> {
  %y = mdl.select %c, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// The broadcast scalar branch gets the summed adjoint of the elements it
// was chosen for.
// CHECK-LABEL: func.func private @f_select.value_and_grad
// CHECK-SAME:      (%[[C:.*]]: tensor<4xi1>, %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<f32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[Y:.*]] = mdl.select %[[C]], %[[A]], %[[B]]
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DA:.*]] = mdl.select %[[C]], %[[DY]], %[[ZERO]] : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         %[[DB4:.*]] = mdl.select %[[C]], %[[ZERO]], %[[DY]] : (tensor<4xi1>, tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[DB:.*]] = mdl.sum %[[DB4]] dims = [0] : tensor<4xf32> -> tensor<f32>
// CHECK:         return %{{.*}}, %[[DA]], %[[DB]]
func.func @select(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<f32>) -> (tensor<4xf32>, tensor<f32>) {
  %l, %ga, %gb = mdl.value_and_grad @f_select(%c, %a, %b) wrt = [1, 2] : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> (tensor<f32>, tensor<4xf32>, tensor<f32>)
  return %ga, %gb : tensor<4xf32>, tensor<f32>
}

func.func private @f_ce(%z: tensor<4x10xf32>, %y: tensor<4xi32>) -> tensor<f32> {
  %l = mdl.cross_entropy %z, %y : (tensor<4x10xf32>, tensor<4xi32>) -> tensor<f32>
  return %l : tensor<f32>
}
// d CE / dz = (softmax(z) - one_hot(y)) / N.
// CHECK-LABEL: func.func private @f_ce.value_and_grad
// CHECK-SAME:      (%[[Z:.*]]: tensor<4x10xf32>, %[[Y:.*]]: tensor<4xi32>)
// CHECK-DAG:     %[[SM:.*]] = mdl.softmax %[[Z]] axis = 1 : tensor<4x10xf32>
// CHECK-DAG:     %[[OH:.*]] = mdl.one_hot %[[Y]] : tensor<4xi32> -> tensor<4x10xf32>
// CHECK:         %[[D:.*]] = mdl.sub %[[SM]], %[[OH]]
// CHECK:         %[[DZ:.*]] = mdl.mul %[[D]], %{{.*}} : (tensor<4x10xf32>, tensor<f32>) -> tensor<4x10xf32>
// CHECK:         return %{{.*}}, %[[DZ]]
func.func @ce(%z: tensor<4x10xf32>, %y: tensor<4xi32>) -> tensor<4x10xf32> {
  %l, %g = mdl.value_and_grad @f_ce(%z, %y) wrt = [0] : (tensor<4x10xf32>, tensor<4xi32>) -> (tensor<f32>, tensor<4x10xf32>)
  return %g : tensor<4x10xf32>
}

func.func private @f_lsm(%z: tensor<4x10xf32>) -> tensor<f32> {
  %r = mdl.log_softmax %z axis = 1 : tensor<4x10xf32>
  %s = mdl.sum %r dims = [0, 1] : tensor<4x10xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// d log_softmax: dy - exp(y) · Σ_axis dy.
// CHECK-LABEL: func.func private @f_lsm.value_and_grad
// CHECK:         %[[Y:.*]] = mdl.log_softmax
// CHECK:         %[[P:.*]] = mdl.exp %[[Y]]
// CHECK:         %[[T:.*]] = mdl.sum %{{.*}} dims = [1] : tensor<4x10xf32> -> tensor<4xf32>
// CHECK:         %[[TB:.*]] = mdl.broadcast %[[T]] dims = [0] : tensor<4xf32> -> tensor<4x10xf32>
// CHECK:         %[[S:.*]] = mdl.mul %[[P]], %[[TB]]
// CHECK:         %[[DZ:.*]] = mdl.sub %{{.*}}, %[[S]]
// CHECK:         return %{{.*}}, %[[DZ]]
func.func @lsm(%z: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %l, %g = mdl.value_and_grad @f_lsm(%z) wrt = [0] : (tensor<4x10xf32>) -> (tensor<f32>, tensor<4x10xf32>)
  return %g : tensor<4x10xf32>
}

func.func private @f_huber(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.huber %x {delta = 1.0 : f64} : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// d huber = clamp(x, -delta, delta).
// CHECK-LABEL: func.func private @f_huber.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[HI:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[LO:.*]] = arith.constant dense<-1.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[GT:.*]] = mdl.compare "gt", %[[X]], %[[HI]]
// CHECK-DAG:     %[[UP:.*]] = mdl.select %[[GT]], %[[HI]], %[[X]]
// CHECK-DAG:     %[[LT:.*]] = mdl.compare "lt", %[[X]], %[[LO]]
// CHECK:         %[[SLOPE:.*]] = mdl.select %[[LT]], %[[LO]], %[[UP]]
// CHECK:         %[[DX:.*]] = mdl.mul %{{.*}}, %[[SLOPE]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @huber(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_huber(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_erf(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.erf %x : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// d erf = 2/√π · exp(-x²).
// CHECK-LABEL: func.func private @f_erf.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[C:.*]] = arith.constant dense<1.12837923> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[SQ:.*]] = mdl.mul %[[X]], %[[X]]
// CHECK:         %[[NSQ:.*]] = mdl.neg %[[SQ]]
// CHECK:         %[[E:.*]] = mdl.exp %[[NSQ]]
// CHECK:         %[[SLOPE:.*]] = mdl.mul %[[E]], %[[C]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %[[DY]], %[[SLOPE]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @erf(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_erf(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_gelu(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.gelu %x : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// d gelu = Φ(x) + x·φ(x): Φ(x) = (erf(x/√2) + 1)·0.5,
// φ(x) = exp(-0.5·x²)/√(2π).
// CHECK-LABEL: func.func private @f_gelu.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[INVSQRT2PI:.*]] = arith.constant dense<0.398942292> : tensor<f32>
// CHECK-DAG:     %[[MHALF:.*]] = arith.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-DAG:     %[[HALF:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-DAG:     %[[INVSQRT2:.*]] = arith.constant dense<0.707106769> : tensor<f32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[ONE]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[XS:.*]] = mdl.mul %[[X]], %[[INVSQRT2]]
// CHECK:         %[[ERF:.*]] = mdl.erf %[[XS]] : tensor<4xf32>
// CHECK:         %[[ERF1:.*]] = mdl.add %[[ERF]], %[[ONE]]
// CHECK:         %[[CDF:.*]] = mdl.mul %[[ERF1]], %[[HALF]]
// CHECK:         %[[SQ:.*]] = mdl.mul %[[X]], %[[X]]
// CHECK:         %[[HSQ:.*]] = mdl.mul %[[SQ]], %[[MHALF]]
// CHECK:         %[[E:.*]] = mdl.exp %[[HSQ]]
// CHECK:         %[[PDF:.*]] = mdl.mul %[[E]], %[[INVSQRT2PI]]
// CHECK:         %[[XPDF:.*]] = mdl.mul %[[X]], %[[PDF]]
// CHECK:         %[[SLOPE:.*]] = mdl.add %[[CDF]], %[[XPDF]]
// CHECK:         %[[DX:.*]] = mdl.mul %[[DY]], %[[SLOPE]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_gelu(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_leaky_relu(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.leaky_relu %x {slope = 0.01 : f64} : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// dy where x > 0, slope·dy elsewhere (at 0 too, as PyTorch).
// CHECK-LABEL: func.func private @f_leaky_relu.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[SLOPE:.*]] = arith.constant dense<0.00999999977> : tensor<f32>
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[POS:.*]] = mdl.compare "gt", %[[X]], %[[ZERO]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
// CHECK:         %[[LEAK:.*]] = mdl.mul %[[DY]], %[[SLOPE]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         %[[DX:.*]] = mdl.select %[[POS]], %[[DY]], %[[LEAK]] : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @leaky_relu(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_leaky_relu(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_pow3(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.pow %x {exponent = 3.0 : f64} : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// d x³ = x²·3: the slope is another mdl.pow, one exponent lower.
// CHECK-LABEL: func.func private @f_pow3.value_and_grad
// CHECK-SAME:      (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[THREE:.*]] = arith.constant dense<3.000000e+00> : tensor<f32>
// CHECK:         mdl.pow %[[X]] {exponent = 3.000000e+00 : f64}
// CHECK:         %[[DY:.*]] = mdl.broadcast %{{.*}} dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[SQ:.*]] = mdl.pow %[[X]] {exponent = 2.000000e+00 : f64} : tensor<4xf32>
// CHECK:         %[[SLOPE:.*]] = mdl.mul %[[SQ]], %[[THREE]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %[[DY]], %[[SLOPE]]
// CHECK:         return %{{.*}}, %[[DX]]
func.func @pow3(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_pow3(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_pow1(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.pow %x {exponent = 1.0 : f64} : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// Exponent 1: the slope is the constant 1, no second pow.
// CHECK-LABEL: func.func private @f_pow1.value_and_grad
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         mdl.pow %{{.*}} {exponent = 1.000000e+00 : f64}
// CHECK-NOT:     mdl.pow
// CHECK:         %[[DY:.*]] = mdl.broadcast %[[ONE]] dims = [] : tensor<f32> -> tensor<4xf32>
// CHECK:         %[[DX:.*]] = mdl.mul %[[DY]], %[[ONE]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK:         return %{{.*}}, %[[DX]]
func.func @pow1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_pow1(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_pow0(%x: tensor<4xf32>) -> tensor<f32> {
  %y = mdl.pow %x {exponent = 0.0 : f64} : tensor<4xf32>
  %s = mdl.sum %y dims = [0] : tensor<4xf32> -> tensor<f32>
  return %s : tensor<f32>
}
// Exponent 0: x⁰ is constant, the adjoint is zeros (no x^-1, and no NaN
// when dy is inf or NaN, as in PyTorch).
// CHECK-LABEL: func.func private @f_pow0.value_and_grad
// CHECK-DAG:     %[[DX:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG:     mdl.pow %{{.*}} {exponent = 0.000000e+00 : f64}
// CHECK-NOT:     mdl.mul
// CHECK:         return %{{.*}}, %[[DX]]
func.func @pow0(%x: tensor<4xf32>) -> tensor<4xf32> {
  %l, %g = mdl.value_and_grad @f_pow0(%x) wrt = [0] : (tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
  return %g : tensor<4xf32>
}

func.func private @f_bce(%z: tensor<8x1xf32>, %t: tensor<8x1xf32>) -> tensor<f32> {
  %l = mdl.bce_with_logits %z, %t : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<f32>
  return %l : tensor<f32>
}
// d bce / dz = (sigmoid(z) - t) · dy/N, d bce / dt = -z · dy/N.
// CHECK-LABEL: func.func private @f_bce.value_and_grad
// CHECK-SAME:      (%[[Z:.*]]: tensor<8x1xf32>, %[[T:.*]]: tensor<8x1xf32>)
// CHECK-DAG:     %[[INVN:.*]] = arith.constant dense<1.250000e-01> : tensor<f32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK:         %[[L:.*]] = mdl.bce_with_logits %[[Z]], %[[T]]
// CHECK:         %[[SCALE:.*]] = mdl.mul %[[ONE]], %[[INVN]] : (tensor<f32>, tensor<f32>) -> tensor<f32>
// CHECK:         %[[P:.*]] = mdl.sigmoid %[[Z]] : tensor<8x1xf32>
// CHECK:         %[[D:.*]] = mdl.sub %[[P]], %[[T]] : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<8x1xf32>
// CHECK:         %[[DZ:.*]] = mdl.mul %[[D]], %[[SCALE]] : (tensor<8x1xf32>, tensor<f32>) -> tensor<8x1xf32>
// CHECK:         %[[NZ:.*]] = mdl.neg %[[Z]] : tensor<8x1xf32>
// CHECK:         %[[DT:.*]] = mdl.mul %[[NZ]], %[[SCALE]] : (tensor<8x1xf32>, tensor<f32>) -> tensor<8x1xf32>
// CHECK:         return %[[L]], %[[DZ]], %[[DT]]
func.func @bce(%z: tensor<8x1xf32>, %t: tensor<8x1xf32>) -> (tensor<8x1xf32>, tensor<8x1xf32>) {
  %l, %gz, %gt = mdl.value_and_grad @f_bce(%z, %t) wrt = [0, 1] : (tensor<8x1xf32>, tensor<8x1xf32>) -> (tensor<f32>, tensor<8x1xf32>, tensor<8x1xf32>)
  return %gz, %gt : tensor<8x1xf32>, tensor<8x1xf32>
}
