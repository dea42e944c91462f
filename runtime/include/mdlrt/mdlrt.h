//===- mdlrt.h - The C ABI between mdlc-generated code and libmdlrt -*- C -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// This header is the whole contract between code that mdlc generates and the
// runtime library it links against. Generated code does all tensor math
// itself; it calls the runtime only for I/O: configuring and reading data,
// initialising parameters, logging, and reporting the final parameters.
//
// Tensors cross the boundary as MLIR memref descriptors. Functions whose
// name starts with `_mlir_ciface_` are called through MLIR's C interface
// (`llvm.emit_c_interface`): each memref argument is passed as a pointer to
// an unranked descriptor `mdlrt_unranked_memref`, whose `descriptor` points
// to the ranked layout `{allocated, aligned, offset, sizes[rank],
// strides[rank]}` (StridedMemRefType in mlir/ExecutionEngine/CRunnerUtils.h).
// Strings are rank-1 i8 memrefs holding the bytes without a terminator.
//
// The program's control flow: the runtime's `main` parses the command line
// (see `mdlrt_main`), then calls the generated `mdl_train` entry point, which
// drives its own epoch/step loop with the calls below.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_MDLRT_H
#define MDLRT_MDLRT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Bumped whenever a signature below changes. mdlc links the runtime built
/// with it, so the two always agree; the value is reported by
/// mdlrt_abi_version() for tools that inspect a runtime library.
#define MDLRT_ABI_VERSION 1

/// An unranked memref as MLIR's C interface passes it.
typedef struct mdlrt_unranked_memref {
  int64_t rank;
  void *descriptor;
} mdlrt_unranked_memref;

/// The ranked descriptor `mdlrt_unranked_memref::descriptor` points to; the
/// trailing array holds `sizes[rank]` then `strides[rank]`.
typedef struct mdlrt_memref_header {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes_and_strides[];
} mdlrt_memref_header;

/// Parameter initialisers (PyTorch's defaults).
enum mdlrt_init_kind {
  /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)): kaiming_uniform_(a=sqrt(5)) for
  /// weights, and the default bias initialiser.
  MDLRT_INIT_UNIFORM_FAN_IN = 0,
  MDLRT_INIT_ZEROS = 1,
  MDLRT_INIT_ONES = 2,
};

//===----------------------------------------------------------------------===//
// Entry points defined by generated code
//===----------------------------------------------------------------------===//

/// Runs the program's `train` block. Defined in the object mdlc emits.
void mdl_train(void);

//===----------------------------------------------------------------------===//
// Run setup
//===----------------------------------------------------------------------===//

/// Returns MDLRT_ABI_VERSION of the linked runtime.
int64_t mdlrt_abi_version(void);

/// Declares the training run: the batch size and the `.mdl` defaults for the
/// number of epochs, the learning rate and the seed. Command-line flags
/// (--epochs, --lr, --seed, --steps) override the defaults. Must be called
/// once, after the dataset is declared and before any other train call.
void mdlrt_train_begin(int64_t batch, int64_t default_epochs,
                       double default_lr, int64_t default_seed);

/// Number of epochs to run (from --epochs, or the default; when --steps is
/// given, just enough epochs to reach that many steps).
int64_t mdlrt_train_epochs(void);

/// Number of steps of epoch `epoch` (0-based): full batches of the training
/// set (the last partial batch is dropped), clipped by what --steps leaves.
int64_t mdlrt_train_epoch_steps(int64_t epoch);

/// The learning rate in force (--lr, or the default).
double mdlrt_train_lr(void);

/// Called after the last step: prints the summary, writes --save, closes
/// --log. Returns nothing; a failure to write is reported and sets the exit
/// status of the process to 1.
void mdlrt_train_end(void);

//===----------------------------------------------------------------------===//
// Datasets
//===----------------------------------------------------------------------===//

/// Declares the training set as `synthetic_linear`: x ~ N(0, 1) of shape
/// [samples, features]; a true weight vector w ~ N(0, 1) drawn from `seed`;
/// y = x·w + 0.5 + noise · N(0, 1), shape [samples, 1].
void mdlrt_dataset_synthetic_linear(int64_t samples, int64_t features,
                                    double noise, int64_t seed);

/// Fills the next batch: `x` is f32 [batch, ...features], `y` f32
/// [batch, ...targets]. Samples are taken in order (or in the epoch's
/// shuffled order, seeded) and wrap to the next epoch after the last full
/// batch. A descriptor whose shape does not fit the dataset aborts the
/// process with a one-line message (a compiler bug, not a user error).
void _mlir_ciface_mdlrt_next_batch_f32(mdlrt_unranked_memref *x,
                                       mdlrt_unranked_memref *y);

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

/// Initialises the f32 parameter `name` (e.g. "linear.weight") in place with
/// `kind`, drawing from the run's seeded generator in call order.
void _mlir_ciface_mdlrt_param_init_f32(mdlrt_unranked_memref *name,
                                       mdlrt_unranked_memref *param,
                                       int64_t kind, int64_t fan_in);

/// Reports the final value of parameter `name` after training; the runtime
/// copies it (for --save and the summary).
void _mlir_ciface_mdlrt_param_final_f32(mdlrt_unranked_memref *name,
                                        mdlrt_unranked_memref *param);

//===----------------------------------------------------------------------===//
// Logging
//===----------------------------------------------------------------------===//

/// Records the loss of the step just taken.
void mdlrt_log_step(float loss);

/// Marks the end of epoch `epoch` (0-based): prints the epoch's mean loss.
void mdlrt_epoch_end(int64_t epoch);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // MDLRT_MDLRT_H
