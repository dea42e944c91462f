//===- AgentCheckpoint.h - Checkpoints of a q_learning run ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// What `--save`, the `checkpoint = "FILE" every N steps` option and Ctrl-C
// write for a q_learning run, and what `--resume` restores, so that a
// resumed run takes exactly the steps the uninterrupted one would have
// taken (docs/checkpoints.md, "Agents"). Besides the online network (the
// weights file, loadable by PyTorch as it is) and Adam's state (the
// `.optim` file), the `.agent` file holds
//   tensors   `target.<param>` (the target network), `replay.state`,
//             `replay.next_state` [size, obs], `replay.action`,
//             `replay.reward`, `replay.done` [size] (slot order; actions
//             as f32), `progress.recent_losses` [<= 1000];
//   metadata  "mdlc.agent.*": the environment and its state, the episode in
//             progress, the replay ring's count, the gradient steps taken
//             and AgentProgress's counts (kAgentKeys in the .cpp).
// Nothing random needs saving: every draw of a run is a pure function of
// the seed and a counter the checkpoint holds (rl/QLearningRun.h).
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_RL_AGENTCHECKPOINT_H
#define MDLRT_RL_AGENTCHECKPOINT_H

#include "checkpoint/Checkpoint.h"
#include "rl/AgentProgress.h"

#include <string>

namespace mdlrt {

struct RunState;

/// The checkpoint of the q_learning run of `state` as it stands after its
/// last environment step: the tensors last reported (online and target
/// networks, optimizer state) and the runtime's own state.
Checkpoint agentCheckpoint(const RunState &state);

/// What `resumeAgent` restored besides the tensors.
struct AgentResume {
  RunPosition position;
  AgentProgress::Saved progress;
};

/// --resume of a q_learning run, called by mdlrt_rl_begin once the replay
/// buffer exists: reads `path`, checks that it was written by a run of this
/// program (environment, sizes, replay capacity), restores the
/// environment, the episode, the replay buffer and the counters, and hands
/// the online network, the optimizer state and the target network to the
/// calls that initialise them. Every mismatch is a one-line user error.
AgentResume resumeAgent(RunState &state, const std::string &path);

} // namespace mdlrt

#endif // MDLRT_RL_AGENTCHECKPOINT_H
