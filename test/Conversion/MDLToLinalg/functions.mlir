// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Elementwise functions, compare and select become all-parallel
// linalg.generics whose bodies use math and arith; stop_gradient vanishes.

// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR1:.*]] = affine_map<(d0) -> ()>

// CHECK-LABEL: func.func @relu
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[R:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @relu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.relu %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @math
// CHECK:         math.exp %{{.*}} : f32
// CHECK:         math.log %{{.*}} : f32
// CHECK:         math.tanh %{{.*}} : f32
// CHECK:         math.absf %{{.*}} : f32
// CHECK:         math.sqrt %{{.*}} : f32
func.func @math(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mdl.exp %a : tensor<4xf32>
  %1 = mdl.log %0 : tensor<4xf32>
  %2 = mdl.tanh %1 : tensor<4xf32>
  %3 = mdl.abs %2 : tensor<4xf32>
  %4 = mdl.sqrt %3 : tensor<4xf32>
  return %4 : tensor<4xf32>
}

// sigmoid(x) = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT:      %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[DEN:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:      %[[R:.*]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @sigmoid(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.sigmoid %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @stop_gradient
// CHECK-SAME:    (%[[A:.*]]: tensor<4xf32>)
// CHECK-NEXT:    return %[[A]]
func.func @stop_gradient(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.stop_gradient %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @compare_select
// CHECK-SAME:    (%[[A:.*]]: tensor<4xf32>, %[[S:.*]]: tensor<f32>)
// CHECK:         %[[C:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[A]], %[[S]] : tensor<4xf32>, tensor<f32>) outs(%{{.*}} : tensor<4xi1>)
// CHECK:           arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[C]], %[[A]], %[[S]] : tensor<4xi1>, tensor<4xf32>, tensor<f32>)
// CHECK:           arith.select %{{.*}}, %{{.*}}, %{{.*}} : f32
func.func @compare_select(%a: tensor<4xf32>, %s: tensor<f32>) -> tensor<4xf32> {
  %c = mdl.compare "lt", %a, %s : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %r = mdl.select %c, %a, %s : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// Integer comparisons are signed.
// CHECK-LABEL: func.func @compare_integers
// CHECK:         arith.cmpi sge, %{{.*}}, %{{.*}} : i32
func.func @compare_integers(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi1> {
  %c = mdl.compare "ge", %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %c : tensor<4xi1>
}

// huber: 0.5 x² inside |x| <= delta, delta (|x| - 0.5 delta) outside.
// CHECK-LABEL: func.func @huber
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[A:.*]] = math.absf %[[X]] : f32
// CHECK:           %[[IN:.*]] = arith.cmpf ole, %[[A]], %{{.*}} : f32
// CHECK:           %[[R:.*]] = arith.select %[[IN]], %{{.*}}, %{{.*}} : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @huber(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.huber %a {delta = 2.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @erf
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = math.erf %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @erf(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.erf %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

// gelu(x) = 0.5·x·(1 + erf(x/√2)), PyTorch's exact form.
// CHECK-LABEL: func.func @gelu
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[RSQRT2:.*]] = arith.constant 0.707106769 : f32
// CHECK-NEXT:      %[[XS:.*]] = arith.mulf %[[X]], %[[RSQRT2]] : f32
// CHECK-NEXT:      %[[E:.*]] = math.erf %[[XS]] : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[E1:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:      %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[XH:.*]] = arith.mulf %[[X]], %[[HALF]] : f32
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[XH]], %[[E1]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @gelu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.gelu %a : tensor<4xf32>
  return %r : tensor<4xf32>
}

// leaky_relu: x where x > 0, slope·x elsewhere.
// CHECK-LABEL: func.func @leaky_relu
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:      %[[POS:.*]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:      %[[SLOPE:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-NEXT:      %[[LEAK:.*]] = arith.mulf %[[X]], %[[SLOPE]] : f32
// CHECK-NEXT:      %[[R:.*]] = arith.select %[[POS]], %[[X]], %[[LEAK]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @leaky_relu(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.leaky_relu %a {slope = 0.2 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// pow with exponent 2 is a product (no libm call).
// CHECK-LABEL: func.func @pow_square
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[R:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
// CHECK-NOT:     math.powf
func.func @pow_square(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.pow %a {exponent = 2.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// Other exponents call math.powf with the exponent as a constant.
// CHECK-LABEL: func.func @pow_cube
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      %[[P:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT:      %[[R:.*]] = math.powf %[[X]], %[[P]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @pow_cube(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.pow %a {exponent = 3.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}

// CHECK-LABEL: func.func @pow_root_f64
// CHECK:         ^bb0(%[[X:.*]]: f64, %{{.*}}: f64):
// CHECK-NEXT:      %[[P:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-NEXT:      %[[R:.*]] = math.powf %[[X]], %[[P]] : f64
// CHECK-NEXT:      linalg.yield %[[R]] : f64
func.func @pow_root_f64(%a: tensor<4xf64>) -> tensor<4xf64> {
  %r = mdl.pow %a {exponent = 0.5 : f64} : tensor<4xf64>
  return %r : tensor<4xf64>
}

// Exponent 1 yields the input itself.
// CHECK-LABEL: func.func @pow_one
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:      linalg.yield %[[X]] : f32
func.func @pow_one(%a: tensor<4xf32>) -> tensor<4xf32> {
  %r = mdl.pow %a {exponent = 1.0 : f64} : tensor<4xf32>
  return %r : tensor<4xf32>
}
