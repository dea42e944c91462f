// RUN: mdlc-opt %s --convert-mdlrt-to-func | FileCheck %s

// Strings and shapes become constant globals passed as unranked memrefs;
// the flags become i64 (class labels, shuffle, role: 0 training, 1 eval).
// CHECK-DAG: func.func private @mdlrt_dataset_csv(memref<*xi8>, memref<*xi8>, memref<*xi8>, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: func.func private @mdlrt_dataset_npy(memref<*xi8>, memref<*xi8>, memref<*xi64>, memref<*xi64>, i64, i64, i64) attributes {llvm.emit_c_interface}
// CHECK-DAG: memref.global "private" constant @__mdlrt_i64.1.2.2 : memref<3xi64> = dense<[1, 2, 2]>
// CHECK-LABEL: func.func @sets()
// CHECK:       %[[LABELS:.*]] = arith.constant 1 : i64
// CHECK-NEXT:  %[[SHUFFLE:.*]] = arith.constant 1 : i64
// CHECK-NEXT:  %[[TRAINING:.*]] = arith.constant 0 : i64
// CHECK:       call @mdlrt_dataset_csv(%{{.*}}, %{{.*}}, %{{.*}}, %[[LABELS]], %[[SHUFFLE]], %[[TRAINING]])
// CHECK:       memref.get_global @__mdlrt_i64.1.2.2 : memref<3xi64>
// CHECK-NEXT:  memref.get_global @__mdlrt_i64.1 : memref<1xi64>
// CHECK-NEXT:  %[[TARGETS:.*]] = arith.constant 0 : i64
// CHECK-NEXT:  %[[NOSHUFFLE:.*]] = arith.constant 0 : i64
// CHECK-NEXT:  %[[EVAL:.*]] = arith.constant 1 : i64
// CHECK:       call @mdlrt_dataset_npy(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[TARGETS]], %[[NOSHUFFLE]], %[[EVAL]])
func.func @sets() {
  mdlrt.dataset_csv "t.csv" {class_labels = true, eval = false, features = "a, b", label = "y", shuffle = true}
  mdlrt.dataset_npy "x.npy", "y.npy" {class_labels = false, eval = true, sample_shape = array<i64: 1, 2, 2>, shuffle = false, target_shape = array<i64: 1>}
  return
}
