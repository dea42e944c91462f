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
#define MDLRT_ABI_VERSION 7

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

/// `PROG eval --weights FILE`: declares the evaluation set (the train
/// block's `eval` set, or its training set when it has none), calls
/// mdlrt_eval_begin, initialises the parameters (copied from FILE), calls
/// mdlrt_params_ready, then makes one pass over the set ending in
/// mdlrt_eval_end(0).
void mdl_eval(void);

/// `PROG info`: describes the model with mdlrt_info_param calls, then
/// calls mdlrt_info_end.
void mdl_info(void);

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

/// mdlrt_train_begin for a program compiled with a dynamic batch dimension:
/// `batch` is the `.mdl` default, which --batch N replaces. (A program that
/// calls mdlrt_train_begin has a fixed batch: --batch must equal it.)
void mdlrt_train_begin_dynamic(int64_t batch, int64_t default_epochs,
                               double default_lr, int64_t default_seed);

/// The batch size the run uses (--batch, or the default): generated code
/// of a dynamic-batch program sizes its batch buffers with it (a q_learning
/// run's replay batches too, after mdlrt_rl_begin_dynamic).
int64_t mdlrt_train_batch(void);

/// Number of epochs to run (from --epochs, or the default; when --steps is
/// given, just enough epochs to reach that many steps).
int64_t mdlrt_train_epochs(void);

/// Number of steps of epoch `epoch` (0-based): full batches of the training
/// set (the last partial batch is dropped), clipped by what --steps leaves;
/// for the first epoch of a resumed run, the steps it still has to take.
int64_t mdlrt_train_epoch_steps(int64_t epoch);

/// The epoch the epoch loop starts at and the number of steps already
/// taken: 0 and 0, except under --resume.
int64_t mdlrt_train_first_epoch(void);
int64_t mdlrt_train_first_step(void);

/// Whether the run must stop: 1 once SIGINT or SIGTERM arrived (and from
/// then on), else 0. Generated code asks before each step and skips the
/// remaining steps, epoch ends, evaluations and checkpoints;
/// mdlrt_train_end then saves a checkpoint to --save (or the checkpoint
/// option's file), prints how to resume, and the exit status is 130.
int64_t mdlrt_should_stop(void);

/// The learning rate in force (--lr, or the default).
double mdlrt_train_lr(void);

/// The seed of step `step`'s dropout masks (steps count from 1): a pure
/// function of the run seed and the step, so a resumed run draws the masks
/// an uninterrupted one would.
int64_t mdlrt_step_seed(int64_t step);

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

/// Fills the next batch of a dataset with f32 targets (synthetic_linear):
/// `x` is f32 [batch, ...features], `y` f32 [batch, ...targets]. Samples
/// are taken in order (or in the epoch's shuffled order, seeded) and wrap
/// to the next epoch after the last full batch. A descriptor whose shape
/// does not fit the dataset aborts the process with a one-line message (a
/// compiler bug, not a user error).
void _mlir_ciface_mdlrt_next_batch_f32(mdlrt_unranked_memref *x,
                                       mdlrt_unranked_memref *y);

/// Declares the training set as an IDX image/label pair (LANGUAGE.md §2):
/// images become f32 [N, 1, rows, cols] scaled by `scale`, labels i32 [N].
/// Paths are i8 memrefs, resolved as LANGUAGE.md says. Errors (missing,
/// corrupt or mismatched files) print one line naming the file and exit 1.
/// `shuffle` is 0 or 1: when 1, each epoch visits the samples in an order
/// drawn from the run seed (data/Dataset.h). The images file holds u8 (or
/// any IDX type) [N, rows, cols], the labels file integers [N], each class
/// index non-negative; both may be gzip-compressed.
void _mlir_ciface_mdlrt_dataset_idx(mdlrt_unranked_memref *images,
                                    mdlrt_unranked_memref *labels,
                                    double scale, int64_t shuffle);

/// Declares a `csv(path, features: "a, b", label: "y")` set (or `target:
/// "y"`): the comma-separated `features` columns, in that order, make the
/// f32 [F] input of a sample; `label` is the label column, i32 class
/// indices when `class_labels` is 1, else f32 targets [1]. `role` 0 makes
/// it the training set (shuffled per epoch when `shuffle` is 1, as
/// mdlrt_dataset_idx), 1 the evaluation set (`shuffle` 0; before
/// mdlrt_train_begin). Paths resolve as for idx; a missing, malformed or
/// mismatched file is a one-line error naming it (data/Csv.h).
void _mlir_ciface_mdlrt_dataset_csv(mdlrt_unranked_memref *path,
                                    mdlrt_unranked_memref *features,
                                    mdlrt_unranked_memref *label,
                                    int64_t class_labels, int64_t shuffle,
                                    int64_t role);

/// Declares an `npy(inputs: X, labels: Y)` set (or `targets: Y`): X holds
/// [N, ...] numbers whose trailing dimensions have as many elements as
/// `sample_shape` (a rank-1 i64 memref; read row-major into that shape, as
/// f32); Y holds N class labels (`class_labels` 1) or N f32 targets of
/// `target_shape`. `shuffle` and `role` as mdlrt_dataset_csv; errors name
/// the file (data/Npy.h).
void _mlir_ciface_mdlrt_dataset_npy(mdlrt_unranked_memref *inputs,
                                    mdlrt_unranked_memref *targets,
                                    mdlrt_unranked_memref *sample_shape,
                                    mdlrt_unranked_memref *target_shape,
                                    int64_t class_labels, int64_t shuffle,
                                    int64_t role);

/// Fills the next batch of a dataset with f32 inputs and i32 class labels:
/// `x` is f32 [batch, ...sample] (idx: [batch, 1, rows, cols]), `y` i32
/// [batch]. Order, wrapping and shape checks as mdlrt_next_batch_f32.
void _mlir_ciface_mdlrt_next_batch_f32_i32(mdlrt_unranked_memref *x,
                                           mdlrt_unranked_memref *y);

//===----------------------------------------------------------------------===//
// Evaluation
//===----------------------------------------------------------------------===//

/// Declares the evaluation set (same rules as mdlrt_dataset_idx, never
/// shuffled) and returns nothing; mdlrt_eval_batches() gives its number of
/// full batches of size `batch`, and mdlrt_eval_next_batch_f32_i32 fills
/// them in order. Declared at most once, and before mdlrt_train_begin when
/// there is a training run, so that bad files are reported before training.
void _mlir_ciface_mdlrt_eval_dataset_idx(mdlrt_unranked_memref *images,
                                         mdlrt_unranked_memref *labels,
                                         double scale);

/// Starts a pass over the evaluation set in batches of `batch` (> 0) and
/// returns the number of full batches (the last partial batch is not
/// evaluated). An evaluation set smaller than one batch is a user error
/// (one line, exit 1).
int64_t mdlrt_eval_batches(int64_t batch);

/// Fills the next batch of the evaluation pass: `x` f32 [batch, ...sample],
/// `y` i32 [batch], with `batch` as given to mdlrt_eval_batches. After the
/// last full batch it starts over at the first sample.
void _mlir_ciface_mdlrt_eval_next_batch_f32_i32(mdlrt_unranked_memref *x,
                                                mdlrt_unranked_memref *y);

/// Fills the next batch of the evaluation pass for a set with f32 targets:
/// `x` f32 [batch, ...sample], `y` f32 [batch, ...target].
void _mlir_ciface_mdlrt_eval_next_batch_f32(mdlrt_unranked_memref *x,
                                            mdlrt_unranked_memref *y);

/// `PROG eval` only, after the dataset declarations: a set declared with
/// mdlrt_eval_dataset_idx is evaluated, else the training set declared
/// (with mdlrt_dataset_*); the parameters are read from --weights (a file
/// that cannot be read: one line, exit 1), and mdlrt_param_init_f32 copies
/// them from it.
void mdlrt_eval_begin(void);

/// Records the number of correct predictions and the summed loss of one
/// evaluation batch; mdlrt_eval_end(epoch) prints and logs accuracy and mean
/// loss of the pass (stderr line `eval epoch E: accuracy A, loss L` and a
/// JSONL record {"event":"eval","epoch":E,"accuracy":A,"loss":L}).
/// `count` is the batch size (> 0), 0 <= `correct` <= `count`, and
/// `loss_sum` the sum of the per-sample losses (the batch's mean loss times
/// `count`); accuracy = sum(correct) / sum(count) and loss = sum(loss_sum) /
/// sum(count) over the pass. `epoch` is 0-based like mdlrt_epoch_end's; E is
/// printed and logged from 1. The stderr line is left out under --quiet.
/// For a set with f32 targets, `correct` is ignored and no accuracy is
/// reported. Under `PROG eval`, mdlrt_eval_end prints
/// `eval on N samples: accuracy A, loss L` on stderr (unless --quiet) and
/// the JSON line {"accuracy":A,"loss":L} (or {"loss":L}) on stdout.
void mdlrt_eval_record(int64_t correct, int64_t count, double loss_sum);
void mdlrt_eval_end(int64_t epoch);

//===----------------------------------------------------------------------===//
// Parameters
//===----------------------------------------------------------------------===//

/// Initialises the f32 parameter `name` (e.g. "linear.weight") in place with
/// `kind`, drawing from the run's seeded generator in call order; under
/// `--init FILE`, copies it from FILE instead.
void _mlir_ciface_mdlrt_param_init_f32(mdlrt_unranked_memref *name,
                                       mdlrt_unranked_memref *param,
                                       int64_t kind, int64_t fan_in);

/// Called once after the last mdlrt_param_init_f32. Under `--init FILE`, a
/// FILE whose tensors do not match the parameters one to one by name and
/// shape is a user error: one line listing the first mismatches, exit 1.
void mdlrt_params_ready(void);

/// Reports the final value of parameter `name` after training; the runtime
/// copies it (for --save and the summary).
void _mlir_ciface_mdlrt_param_final_f32(mdlrt_unranked_memref *name,
                                        mdlrt_unranked_memref *param);

/// Fills the initial value of optimizer-state tensor `name` (see below):
/// zeros, or under --resume the value saved in the checkpoint. Called for
/// every state tensor after the mdlrt_param_init_f32 calls and before
/// mdlrt_params_ready, which checks the saved state like the parameters.
void _mlir_ciface_mdlrt_optim_state_init_f32(mdlrt_unranked_memref *name,
                                             mdlrt_unranked_memref *value);

/// Reports the current value of optimizer-state tensor `name`
/// ("<param>.exp_avg", "<param>.exp_avg_sq" for Adam) next to the
/// parameters, for the next checkpoint: call it with mdlrt_param_final_f32
/// for every tensor before mdlrt_checkpoint_save and before
/// mdlrt_train_end.
void _mlir_ciface_mdlrt_optim_state_final_f32(mdlrt_unranked_memref *name,
                                              mdlrt_unranked_memref *value);

//===----------------------------------------------------------------------===//
// Checkpoints
//===----------------------------------------------------------------------===//

/// Declares the `checkpoint = "PATH" every N epochs` train option (`path`
/// an i8 memref, relative to the working folder; `every_epochs` = N > 0).
/// Called before mdlrt_train_begin, which checks that PATH can be written.
void _mlir_ciface_mdlrt_checkpoint_config(mdlrt_unranked_memref *path,
                                          int64_t every_epochs);

/// Writes the tensors last reported (mdlrt_param_final_f32,
/// mdlrt_optim_state_final_f32) and the run's position to the checkpoint
/// option's file, atomically, after epoch `epoch` (0-based; generated code
/// calls it when (epoch + 1) % N == 0). A write failure is a user error
/// (one line, exit 1). The layout is in docs/checkpoints.md.
void mdlrt_checkpoint_save(int64_t epoch);

//===----------------------------------------------------------------------===//
// The info command
//===----------------------------------------------------------------------===//

/// Describes one state_dict tensor for `PROG info`: its name
/// ("fc1.weight"), its layer's name ("fc1") and kind ("Linear"), all i8
/// memrefs, its shape, a rank-1 i64 memref, and whether it is a trainable
/// parameter (1) or a buffer such as batch norm's running_mean (0).
void _mlir_ciface_mdlrt_info_param(mdlrt_unranked_memref *name,
                                   mdlrt_unranked_memref *layer,
                                   mdlrt_unranked_memref *kind,
                                   mdlrt_unranked_memref *shape,
                                   int64_t trainable);

/// Optional: the FLOPs and the peak live tensor bytes of one training step
/// (forward, backward, optimizer) at batch size `batch`, as the compiler
/// measured them (docs/program.md "info"), printed under the table.
void mdlrt_info_step_cost(int64_t flops, int64_t peak_bytes, int64_t batch);

/// Prints the table of the parameters described so far on stdout.
void mdlrt_info_end(void);

//===----------------------------------------------------------------------===//
// Logging
//===----------------------------------------------------------------------===//

/// Records the loss of the step just taken.
void mdlrt_log_step(float loss);

/// Marks the end of epoch `epoch` (0-based): prints the epoch's mean loss.
void mdlrt_epoch_end(int64_t epoch);

//===----------------------------------------------------------------------===//
// Reinforcement learning (`train M on ENV with q_learning`, LANGUAGE.md §3)
//===----------------------------------------------------------------------===//
// Generated code drives the agent's loop itself, as it drives the epoch
// loop of a supervised run: per environment step it reads the observation
// (mdlrt_rl_observe), asks whether to explore (mdlrt_rl_explore), otherwise
// runs its compiled forward pass on the single state and takes the argmax,
// then acts (mdlrt_rl_act). The runtime owns the environment, the episode
// bookkeeping and the replay buffer; once mdlrt_rl_ready() says so,
// generated code samples a batch (mdlrt_rl_sample), takes one gradient step
// and logs its loss with mdlrt_log_step. The target network is a second set
// of loop-carried tensors the generated code copies every `target_sync`
// steps. mdlrt_train_end ends the run as for a supervised one.
//
// Training, in order:
//   mdlrt_env_declare; [mdlrt_checkpoint_config;] mdlrt_rl_begin (or
//   mdlrt_rl_begin_dynamic, then mdlrt_train_batch);
//   mdlrt_train_lr;
//   mdlrt_param_init_f32 (online network) ..., mdlrt_optim_state_init_f32
//   ...; mdlrt_params_ready; mdlrt_rl_target_init_f32 (target network) ...;
//   u = mdlrt_rl_gradient_steps();
//   for t in [mdlrt_train_first_step(), mdlrt_rl_total_steps())
//       while !mdlrt_should_stop():
//     a = mdlrt_rl_explore(t); if a < 0: mdlrt_rl_observe, forward, argmax;
//     mdlrt_rl_act(a);
//     if mdlrt_rl_ready(): mdlrt_rl_sample, gradient step number ++u,
//       mdlrt_log_step;
//     copy online to target every target_sync steps;
//     every N steps (`checkpoint = "F" every N steps`): report as below,
//       mdlrt_rl_checkpoint_save;
//   mdlrt_param_final_f32 (online network) ...,
//   mdlrt_optim_state_final_f32 ..., mdlrt_rl_target_final_f32 ...;
//   mdlrt_train_end.
// `PROG eval`:
//   mdlrt_env_declare; mdlrt_rl_eval_begin; mdlrt_param_init_f32 ...;
//   mdlrt_params_ready;
//   do { mdlrt_rl_observe, forward, argmax } while (mdlrt_rl_eval_act(a));
//   mdlrt_rl_eval_end.
// The checkpoint of a q_learning run (--save, the checkpoint option, Ctrl-C)
// holds everything `--resume` needs to continue it bit for bit: both
// networks, the optimizer state, the environment, the episode, the replay
// buffer and the counters (rl/AgentCheckpoint.h, docs/checkpoints.md).
// Under --resume, mdlrt_rl_begin restores the runtime's part and the init
// calls above hand out the checkpoint's tensors; the loop starts at the
// saved step with the saved gradient-step count.
// Everything random is a pure function of the run seed (core/Random.h:
// EnvironmentReset, Exploration, ReplaySample, EvalEpisode).
//
// Errors: an unknown environment name, flags that do not apply to an
// agent (--epochs, --data-dir; eval --data-dir) and a --resume checkpoint
// of another program are user errors (one line, exit 2 for flags, 1
// otherwise); calls out of this order,
// actions out of range and memrefs of the wrong shape are internal errors.

/// Declares the environment of `environment e = Name(max_steps: N)`:
/// `name` is an i8 memref ("CartPole"), `max_steps` the argument or 0 for
/// the environment's default. `observation_size` and `action_count` are the
/// sizes the compiled model expects; an environment that differs is an
/// internal error (Sema checks them). An unknown name is a one-line user
/// error listing the known ones (exit 1). Called once, before
/// mdlrt_rl_begin or mdlrt_rl_eval_begin, in a program that declares no
/// dataset.
void _mlir_ciface_mdlrt_env_declare(mdlrt_unranked_memref *name,
                                    int64_t max_steps, int64_t observation_size,
                                    int64_t action_count);

/// Declares a q_learning run with the train block's defaults: total
/// environment steps (--steps overrides), learning rate (--lr), seed
/// (--seed), replay capacity, batch size, warm-up steps, and the epsilon
/// schedule `linear(from, to, steps)` (eps(t) = from + (to - from) *
/// min(t / steps, 1); steps = 0 gives the constant `to`, for `epsilon =
/// 0.1`). from and to lie in [0, 1]. Checks --save, --log and --init like
/// mdlrt_train_begin, allocates the replay buffer (one that does not fit
/// in memory is a user error) and resets the environment for the first
/// episode. Stands in for mdlrt_train_begin; mdlrt_train_lr() and
/// mdlrt_should_stop() work as in a supervised run.
void mdlrt_rl_begin(int64_t default_steps, double default_lr,
                    int64_t default_seed, int64_t replay_capacity,
                    int64_t batch, int64_t warmup, double epsilon_from,
                    double epsilon_to, int64_t epsilon_steps);

/// mdlrt_rl_begin for a program compiled with a dynamic replay batch:
/// `batch` is the `.mdl` default, which --batch N replaces (and, under
/// --resume without --batch, the checkpoint's batch); mdlrt_train_batch()
/// returns the batch the run uses. (A program that calls mdlrt_rl_begin
/// has a fixed batch: --batch must equal it.)
void mdlrt_rl_begin_dynamic(int64_t default_steps, double default_lr,
                            int64_t default_seed, int64_t replay_capacity,
                            int64_t batch, int64_t warmup,
                            double epsilon_from, double epsilon_to,
                            int64_t epsilon_steps);

/// The number of environment steps to take (--steps, or the default).
int64_t mdlrt_rl_total_steps(void);

/// Copies the current observation into `state`, an f32 [1, observation]
/// memref (training and `PROG eval`).
void _mlir_ciface_mdlrt_rl_observe(mdlrt_unranked_memref *state);

/// Epsilon-greedy's coin at environment step `step` (0-based; it must be
/// the number of steps taken so far): with probability eps(step) a
/// uniformly random action, else -1 (act greedily). A pure function of the
/// run seed and `step`.
int64_t mdlrt_rl_explore(int64_t step);

/// Applies `action` to the environment, stores the transition (s, a, r,
/// s2, done = terminated, never truncated) in the replay buffer, and at the
/// end of an episode logs its return and length and starts the next one.
/// Called once per environment step, after mdlrt_params_ready.
void mdlrt_rl_act(int64_t action);

/// 1 when the replay buffer holds at least max(warmup, batch) transitions
/// (a gradient step is due after this environment step), else 0.
int64_t mdlrt_rl_ready(void);

/// Fills a replay batch sampled uniformly (with replacement, seeded):
/// `s` and `s2` f32 [batch, observation], `a` i32 [batch], `r` and `done`
/// f32 [batch] (done is 1.0 for a terminal transition, else 0.0), batch
/// being the run's (mdlrt_train_batch). Only once mdlrt_rl_ready() is 1;
/// the gradient step on the batch reports its loss with mdlrt_log_step.
void _mlir_ciface_mdlrt_rl_sample(mdlrt_unranked_memref *s,
                                  mdlrt_unranked_memref *a,
                                  mdlrt_unranked_memref *r,
                                  mdlrt_unranked_memref *s2,
                                  mdlrt_unranked_memref *done);

/// The target network's initial value of parameter `name`: copies
/// `online` (the parameter, as initialised) into `target` (same shape), or
/// under --resume the checkpoint's target network. Once per parameter,
/// after mdlrt_params_ready.
void _mlir_ciface_mdlrt_rl_target_init_f32(mdlrt_unranked_memref *name,
                                           mdlrt_unranked_memref *online,
                                           mdlrt_unranked_memref *target);

/// Reports the target network's current value of parameter `name`, next
/// to mdlrt_param_final_f32 and mdlrt_optim_state_final_f32, before a
/// checkpoint is written and before the run ends.
void _mlir_ciface_mdlrt_rl_target_final_f32(mdlrt_unranked_memref *name,
                                            mdlrt_unranked_memref *target);

/// Gradient steps taken so far: 0 for a fresh run, the checkpoint's count
/// under --resume (Adam's bias correction continues from it).
int64_t mdlrt_rl_gradient_steps(void);

/// `checkpoint = "FILE" every N steps`: writes the tensors reported last
/// and the runtime's state to FILE (after the environment step whose count
/// is a multiple of N); a write that fails ends the run (one line, exit 1).
void mdlrt_rl_checkpoint_save(void);

/// `PROG eval` of an agent, after mdlrt_env_declare: reads --weights like
/// mdlrt_eval_begin (parameters then come from mdlrt_param_init_f32 and
/// mdlrt_params_ready) and starts the first of --episodes N (default 20)
/// greedy episodes, episode n from stream (EvalEpisode, n) of --seed
/// (default 0): apart from training's starts.
void mdlrt_rl_eval_begin(void);

/// Applies the greedy `action` in an evaluation episode; returns 1 while
/// steps remain to be taken, 0 once the last episode ended, after which
/// mdlrt_rl_eval_end prints the mean return (stderr line `eval over N
/// episodes of ENV: mean return R (min A, max B), mean length L` unless
/// --quiet, and the JSON line {"mean_return":R,"episodes":N} on stdout).
int64_t mdlrt_rl_eval_act(int64_t action);
void mdlrt_rl_eval_end(void);

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//
// Unlike the calls above, these do tensor math: hand-tuned kernels that
// generated code calls instead of its own loops where they are faster (as
// IREE's ukernels; DESIGN.md "Where it must be fast"). They take ranked
// descriptors, any strides, and run on the runtime's threads
// (MDLRT_NUM_THREADS, default: every CPU the process may use).

/// A rank-2 f32 memref descriptor (StridedMemRefType<float, 2>): element
/// (i, j) is aligned[offset + i * strides[0] + j * strides[1]].
typedef struct mdlrt_memref2d_f32 {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
} mdlrt_memref2d_f32;

/// c = a·b when `accumulate` is 0, c += a·b otherwise; a is [M, K], b
/// [K, N], c [M, N], in any strides (a transposed operand is a view with its
/// strides swapped). c must not overlap a or b. Sums are reassociated (as
/// in any BLAS). Mismatched sizes are an internal error.
void _mlir_ciface_mdlrt_matmul_f32(const mdlrt_memref2d_f32 *a,
                                   const mdlrt_memref2d_f32 *b,
                                   const mdlrt_memref2d_f32 *c,
                                   int64_t accumulate);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // MDLRT_MDLRT_H
