// RUN: mdlc-opt %s --convert-mdl-to-linalg | FileCheck %s
// Batch normalization is decomposed into mdl reductions and broadcasting
// arithmetic, which lower like any other mdl op: per channel (dim 1) the
// mean, the biased variance as the mean of (x - mean)², then
// (x - mean) · weight / sqrt(var + eps) + bias. Dropout becomes one
// elementwise generic that hashes (seed, row-major element index) with
// SplitMix64 and keeps an element when the hash's top 24 bits are at least
// ceil(p·2^24).

// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$CH4:.*]] = affine_map<(d0, d1, d2, d3) -> (d1)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR1:.*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[$CH2:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>

// Training mode, NCHW: the statistics reduce dims 0, 2 and 3 (n = 32) and
// are results too.
// CHECK-LABEL: func.func @batch_norm_train
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3x4x4xf32>, %[[W:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>)
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$CH4]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[X]] : tensor<2x3x4x4xf32>) outs(%{{.*}} : tensor<3xf32>)
// CHECK:           arith.addf
// CHECK:         %[[MEAN:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[SUM]] : tensor<3xf32>)
// CHECK:           arith.constant 3.125000e-02 : f32
// CHECK:         %[[MEANB:.*]] = linalg.generic {indexing_maps = [#[[$CH4]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME:      ins(%[[MEAN]] : tensor<3xf32>) outs(%{{.*}} : tensor<2x3x4x4xf32>)
// CHECK:         %[[XC:.*]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$ID4]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[X]], %[[MEANB]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:           arith.subf
// CHECK:         %[[SQ:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[XC]], %[[XC]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:           arith.mulf
// CHECK:         %[[SSQ:.*]] = linalg.generic {indexing_maps = [#[[$ID4]], #[[$CH4]]], iterator_types = ["reduction", "parallel", "reduction", "reduction"]}
// CHECK-SAME:      ins(%[[SQ]] : tensor<2x3x4x4xf32>)
// CHECK:         %[[VAR:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[SSQ]] : tensor<3xf32>)
// CHECK:           arith.constant 3.125000e-02 : f32
// CHECK:         %[[EPS:.*]] = arith.constant dense<9.99999974E-6> : tensor<f32>
// CHECK:         %[[VE:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[VAR]], %[[EPS]] : tensor<3xf32>, tensor<f32>)
// CHECK:           arith.addf
// CHECK:         %[[STD:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[VE]] : tensor<3xf32>)
// CHECK:           math.sqrt
// CHECK:         %[[GAIN:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[W]], %[[STD]] : tensor<3xf32>, tensor<3xf32>)
// CHECK:           arith.divf
// CHECK:         %[[MEANB2:.*]] = linalg.generic {indexing_maps = [#[[$CH4]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[MEAN]] : tensor<3xf32>)
// CHECK:         %[[XC2:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[X]], %[[MEANB2]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:           arith.subf
// CHECK:         %[[GAINB:.*]] = linalg.generic {indexing_maps = [#[[$CH4]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[GAIN]] : tensor<3xf32>)
// CHECK:         %[[SCALED:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[XC2]], %[[GAINB]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:           arith.mulf
// CHECK:         %[[BB:.*]] = linalg.generic {indexing_maps = [#[[$CH4]], #[[$ID4]]]
// CHECK-SAME:      ins(%[[B]] : tensor<3xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[SCALED]], %[[BB]] : tensor<2x3x4x4xf32>, tensor<2x3x4x4xf32>)
// CHECK:           arith.addf
// CHECK:         return %[[Y]], %[[MEAN]], %[[VAR]] : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>
func.func @batch_norm_train(%x: tensor<2x3x4x4xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %y, %m, %v = mdl.batch_norm_train %x, %w, %b {eps = 1.0e-05 : f64} : tensor<2x3x4x4xf32>, tensor<3xf32>
  return %y, %m, %v : tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>
}

// Evaluation mode, [N, C]: no reductions, the given statistics.
// CHECK-LABEL: func.func @batch_norm_eval
// CHECK-SAME:    (%[[X:.*]]: tensor<8x3xf32>, %[[W:.*]]: tensor<3xf32>, %[[B:.*]]: tensor<3xf32>, %[[RM:.*]]: tensor<3xf32>, %[[RV:.*]]: tensor<3xf32>)
// CHECK-NOT:     "reduction"
// CHECK:         %[[EPS:.*]] = arith.constant dense<1.000000e-03> : tensor<f32>
// CHECK:         %[[VE:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME:      ins(%[[RV]], %[[EPS]] : tensor<3xf32>, tensor<f32>)
// CHECK:           arith.addf
// CHECK:         %[[STD:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[VE]] : tensor<3xf32>)
// CHECK:           math.sqrt
// CHECK:         %[[GAIN:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[W]], %[[STD]] : tensor<3xf32>, tensor<3xf32>)
// CHECK:           arith.divf
// CHECK:         %[[MEANB:.*]] = linalg.generic {indexing_maps = [#[[$CH2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[RM]] : tensor<3xf32>) outs(%{{.*}} : tensor<8x3xf32>)
// CHECK:         %[[XC:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[X]], %[[MEANB]] : tensor<8x3xf32>, tensor<8x3xf32>)
// CHECK:           arith.subf
// CHECK:         %[[GAINB:.*]] = linalg.generic {indexing_maps = [#[[$CH2]], #[[$ID2]]]
// CHECK-SAME:      ins(%[[GAIN]] : tensor<3xf32>)
// CHECK:         %[[SCALED:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[XC]], %[[GAINB]] : tensor<8x3xf32>, tensor<8x3xf32>)
// CHECK:           arith.mulf
// CHECK:         %[[BB:.*]] = linalg.generic {indexing_maps = [#[[$CH2]], #[[$ID2]]]
// CHECK-SAME:      ins(%[[B]] : tensor<3xf32>)
// CHECK:         %[[Y:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[SCALED]], %[[BB]] : tensor<8x3xf32>, tensor<8x3xf32>)
// CHECK:           arith.addf
// CHECK-NOT:     "reduction"
// CHECK:         return %[[Y]] : tensor<8x3xf32>
func.func @batch_norm_eval(%x: tensor<8x3xf32>, %w: tensor<3xf32>, %b: tensor<3xf32>, %rm: tensor<3xf32>, %rv: tensor<3xf32>) -> tensor<8x3xf32> {
  %y = mdl.batch_norm_eval %x, %w, %b, %rm, %rv {eps = 1.0e-03 : f64} : tensor<8x3xf32>, tensor<3xf32>
  return %y : tensor<8x3xf32>
}

// Dropout, p = 0.25 on [8, 4]: the linear index i = i0·4 + i1, then
// SplitMix64(SplitMix64(seed) ^ i) (add 0x9E3779B97F4A7C15, then
// xor-shift 30 / multiply 0xBF58476D1CE4E5B9, xor-shift 27 / multiply
// 0x94D049BB133111EB, xor-shift 31), kept when hash >> 40 >= 0.25·2^24 and
// scaled by 1/(1 - p).
// CHECK-LABEL: func.func @dropout
// CHECK-SAME:    (%[[X:.*]]: tensor<8x4xf32>, %[[SEED:.*]]: i64)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[X]] : tensor<8x4xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK:           %[[I0:.*]] = linalg.index 0 : index
// CHECK:           %[[C4:.*]] = arith.constant 4 : index
// CHECK:           %[[I1:.*]] = linalg.index 1 : index
// CHECK:           %[[L2:.*]] = arith.muli %[[I0]], %[[C4]] : index
// CHECK:           %[[L3:.*]] = arith.addi %[[L2]], %[[I1]] : index
// CHECK:           %[[LIN:.*]] = arith.index_cast %[[L3]] : index to i64
// The seed's SplitMix64.
// CHECK:           %[[G:.*]] = arith.constant -7046029254386353131 : i64
// CHECK:           %[[S0:.*]] = arith.addi %[[SEED]], %[[G]] : i64
// CHECK:           %[[K30:.*]] = arith.constant 30 : i64
// CHECK:           %[[S1:.*]] = arith.shrui %[[S0]], %[[K30]] : i64
// CHECK:           %[[S2:.*]] = arith.xori %[[S0]], %[[S1]] : i64
// CHECK:           %[[M1:.*]] = arith.constant -4658895280553007687 : i64
// CHECK:           %[[S3:.*]] = arith.muli %[[S2]], %[[M1]] : i64
// CHECK:           %[[K27:.*]] = arith.constant 27 : i64
// CHECK:           %[[S4:.*]] = arith.shrui %[[S3]], %[[K27]] : i64
// CHECK:           %[[S5:.*]] = arith.xori %[[S3]], %[[S4]] : i64
// CHECK:           %[[M2:.*]] = arith.constant -7723592293110705685 : i64
// CHECK:           %[[S6:.*]] = arith.muli %[[S5]], %[[M2]] : i64
// CHECK:           %[[K31:.*]] = arith.constant 31 : i64
// CHECK:           %[[S7:.*]] = arith.shrui %[[S6]], %[[K31]] : i64
// CHECK:           %[[SH:.*]] = arith.xori %[[S6]], %[[S7]] : i64
// The element's: the seed's hash xor the index, mixed again.
// CHECK:           %[[KEY:.*]] = arith.xori %[[SH]], %[[LIN]] : i64
// CHECK:           %[[G2:.*]] = arith.constant -7046029254386353131 : i64
// CHECK:           %[[H0:.*]] = arith.addi %[[KEY]], %[[G2]] : i64
// CHECK:           %[[K30B:.*]] = arith.constant 30 : i64
// CHECK:           %[[H1:.*]] = arith.shrui %[[H0]], %[[K30B]] : i64
// CHECK:           %[[H2:.*]] = arith.xori %[[H0]], %[[H1]] : i64
// CHECK:           %[[M1B:.*]] = arith.constant -4658895280553007687 : i64
// CHECK:           %[[H3:.*]] = arith.muli %[[H2]], %[[M1B]] : i64
// CHECK:           %[[K27B:.*]] = arith.constant 27 : i64
// CHECK:           %[[H4:.*]] = arith.shrui %[[H3]], %[[K27B]] : i64
// CHECK:           %[[H5:.*]] = arith.xori %[[H3]], %[[H4]] : i64
// CHECK:           %[[M2B:.*]] = arith.constant -7723592293110705685 : i64
// CHECK:           %[[H6:.*]] = arith.muli %[[H5]], %[[M2B]] : i64
// CHECK:           %[[K31B:.*]] = arith.constant 31 : i64
// CHECK:           %[[H7:.*]] = arith.shrui %[[H6]], %[[K31B]] : i64
// CHECK:           %[[HASH:.*]] = arith.xori %[[H6]], %[[H7]] : i64
// CHECK:           %[[K40:.*]] = arith.constant 40 : i64
// CHECK:           %[[TOP:.*]] = arith.shrui %[[HASH]], %[[K40]] : i64
// CHECK:           %[[THRESHOLD:.*]] = arith.constant 4194304 : i64
// CHECK:           %[[KEEP:.*]] = arith.cmpi uge, %[[TOP]], %[[THRESHOLD]] : i64
// CHECK:           %[[SCALE:.*]] = arith.constant 1.33333337 : f32
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[SCALED:.*]] = arith.mulf %[[IN]], %[[SCALE]] : f32
// CHECK:           %[[R:.*]] = arith.select %[[KEEP]], %[[SCALED]], %[[ZERO]] : f32
// CHECK-NEXT:      linalg.yield %[[R]] : f32
func.func @dropout(%x: tensor<8x4xf32>, %seed: i64) -> tensor<8x4xf32> {
  %y = mdl.dropout %x, %seed {p = 0.25 : f64} : tensor<8x4xf32>
  return %y : tensor<8x4xf32>
}

// p = 0.5 on f64 [6]: threshold 2^23, scale 2.
// CHECK-LABEL: func.func @dropout_half_f64
// CHECK:         linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK:           linalg.index 0 : index
// CHECK:           %[[THRESHOLD:.*]] = arith.constant 8388608 : i64
// CHECK:           %[[KEEP:.*]] = arith.cmpi uge, %{{.*}}, %[[THRESHOLD]] : i64
// CHECK:           %[[SCALE:.*]] = arith.constant 2.000000e+00 : f64
// CHECK:           arith.select %[[KEEP]], %{{.*}}, %{{.*}} : f64
func.func @dropout_half_f64(%x: tensor<6xf64>, %seed: i64) -> tensor<6xf64> {
  %y = mdl.dropout %x, %seed {p = 0.5 : f64} : tensor<6xf64>
  return %y : tensor<6xf64>
}
