//===- Checkpoint.h - The files of a training checkpoint --------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// A checkpoint is what `--save`, the `checkpoint` train option and an
// interrupted run write, and what `--init`, `--resume` and `eval --weights`
// read (docs/checkpoints.md). It is one or two safetensors files:
//
//   PATH             the parameters, `layer.weight` / `layer.bias` in
//                    PyTorch's layouts, nothing else, so that
//                    `module.load_state_dict(safetensors.torch.load_file(PATH))`
//                    takes it as it is. Its metadata holds the run state
//                    (keys "mdlc.*", strings; see RunPosition).
//   STATE_PATH       the optimizer state when the optimizer has any (Adam:
//                    `<param>.exp_avg`, `<param>.exp_avg_sq`, PyTorch's
//                    names), with the same "mdlc.checkpoint_id" metadata.
//                    STATE_PATH is optimizerStatePath(PATH):
//                    "w.safetensors" -> "w.optim.safetensors".
//   AGENT_PATH       a q_learning run's own state (rl/AgentCheckpoint.h):
//                    the target network (`target.<param>`), the replay
//                    buffer (`replay.*`) and the run's counters in its
//                    metadata. AGENT_PATH is agentStatePath(PATH):
//                    "w.safetensors" -> "w.agent.safetensors".
//
// The state files are written first, then PATH, each atomically, so PATH
// never names state that is not complete on disk; PATH carries the FNV-1a
// hash of each, which a reader checks.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_CHECKPOINT_CHECKPOINT_H
#define MDLRT_CHECKPOINT_CHECKPOINT_H

#include "checkpoint/Safetensors.h"
#include "core/Tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mdlrt {

/// Where a run stood when its checkpoint was written: what `--resume`
/// needs, besides the tensors, to continue exactly.
struct RunPosition {
  /// Epochs completed.
  int64_t epoch = 0;
  /// Steps of epoch `epoch` already taken (0 at an epoch boundary).
  int64_t stepInEpoch = 0;
  /// Steps taken in total (Adam's bias correction counts them).
  int64_t step = 0;
  /// The run's seed: parameter initialisation and the shuffled orders.
  uint64_t seed = 0;
  /// The batch size (the data order depends on it).
  int64_t batch = 0;
  /// The learning rate in force.
  double lr = 0.0;
  /// Sum of the losses of the `stepInEpoch` steps, so that the resumed
  /// epoch's mean loss is the one the whole run would print.
  double epochLossSum = 0.0;
  /// How many steps `epochLossSum` covers (0 when the epoch's first steps
  /// were already reported by an epoch line, as after --steps).
  int64_t epochLossSteps = 0;
};

/// The agent file of a q_learning run's checkpoint: tensors and metadata
/// as rl/AgentCheckpoint.h lays them out.
struct AgentState {
  std::vector<F32Tensor> tensors;
  SafetensorsMetadata metadata;
};

struct Checkpoint {
  std::vector<F32Tensor> params;
  std::vector<F32Tensor> optimizerState;
  /// Present in the checkpoint of a q_learning run; read only with the
  /// optimizer state (`readCheckpoint`'s `withOptimizerState`).
  std::optional<AgentState> agentState;
  /// Whether the weights file names an agent file (also when it was not
  /// read).
  bool hasAgentState = false;
  /// Absent in a file that mdlc did not write as a checkpoint (e.g. one
  /// written by PyTorch).
  std::optional<RunPosition> position;
};

/// "w.safetensors" -> "w.optim.safetensors"; any other name gets
/// ".optim.safetensors" appended.
std::string optimizerStatePath(const std::string &path);

/// "w.safetensors" -> "w.agent.safetensors"; any other name gets
/// ".agent.safetensors" appended.
std::string agentStatePath(const std::string &path);

/// The metadata entries of `position` (all "mdlc.*").
SafetensorsMetadata encodeRunPosition(const RunPosition &position);
/// Reads them back; nullopt when there are none, false with a reason when
/// they are there but malformed.
bool decodeRunPosition(const std::map<std::string, std::string> &metadata,
                       std::optional<RunPosition> &position,
                       std::string &error);

/// Writes `checkpoint` to `path` (and its state file when it has optimizer
/// state, its agent file when it has agent state); false with a one-line
/// reason naming the file.
bool writeCheckpoint(const std::string &path, const Checkpoint &checkpoint,
                     std::string &error);

/// Reads the parameters of `path`, converting floating-point dtypes to f32,
/// and its run position if it has one. With `withOptimizerState`, also the
/// state file and the agent file (each must exist when the metadata names
/// it, and hash as the metadata says). The reason names the file.
bool readCheckpoint(const std::string &path, bool withOptimizerState,
                    Checkpoint &checkpoint, std::string &error);

/// Compares the tensors a model expects (name and shape, in order) with
/// the ones a file holds; an empty string when they fit, otherwise a
/// reason listing the first few mismatches ("missing 'fc1.bias'",
/// "unexpected 'fc3.weight'", "'fc1.weight' has shape [3, 4], the model
/// expects [4, 3]").
std::string describeMismatches(const std::vector<F32Tensor> &expected,
                               const std::vector<F32Tensor> &found);

} // namespace mdlrt

#endif // MDLRT_CHECKPOINT_CHECKPOINT_H
