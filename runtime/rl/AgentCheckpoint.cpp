//===- AgentCheckpoint.cpp - Checkpoints of a q_learning run ----*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// Builds the checkpoint of a q_learning run and restores one
// (AgentCheckpoint.h). Doubles are written with %.17g and floats as f32
// tensors, both of which read back exactly.
//
//===----------------------------------------------------------------------===//

#include "rl/AgentCheckpoint.h"

#include "core/Error.h"
#include "core/Json.h"
#include "core/Memref.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"
#include "rl/QLearningRun.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>

namespace mdlrt {

namespace {
constexpr const char *kEnvironment = "mdlc.agent.environment";
constexpr const char *kObservationSize = "mdlc.agent.observation_size";
constexpr const char *kActions = "mdlc.agent.actions";
constexpr const char *kMaxSteps = "mdlc.agent.max_steps";
constexpr const char *kEnvState = "mdlc.agent.env_state";
constexpr const char *kEpisode = "mdlc.agent.episode";
constexpr const char *kEpisodeSteps = "mdlc.agent.episode_steps";
constexpr const char *kEpisodeReturn = "mdlc.agent.episode_return";
constexpr const char *kReplayCapacity = "mdlc.agent.replay_capacity";
constexpr const char *kReplayAdded = "mdlc.agent.replay_added";
constexpr const char *kGradientSteps = "mdlc.agent.gradient_steps";
constexpr const char *kEpisodesEnded = "mdlc.agent.episodes_ended";
constexpr const char *kRecentReturns = "mdlc.agent.recent_returns";
constexpr const char *kRecordLossSum = "mdlc.agent.record_loss_sum";
constexpr const char *kRecordLossCount = "mdlc.agent.record_loss_count";

constexpr const char *kTargetPrefix = "target.";
constexpr const char *kReplayState = "replay.state";
constexpr const char *kReplayNextState = "replay.next_state";
constexpr const char *kReplayAction = "replay.action";
constexpr const char *kReplayReward = "replay.reward";
constexpr const char *kReplayDone = "replay.done";
constexpr const char *kRecentLosses = "progress.recent_losses";

long long ll(int64_t value) { return static_cast<long long>(value); }

std::string doubles(const std::vector<double> &values) {
  std::string text;
  for (double value : values)
    text += (text.empty() ? "" : " ") + formatString("%.17g", value);
  return text;
}

F32Tensor tensor(std::string name, std::vector<int64_t> shape,
                 std::vector<float> data) {
  F32Tensor result;
  result.name = std::move(name);
  result.shape = std::move(shape);
  result.data = std::move(data);
  return result;
}

/// Reads the agent file's metadata of `path`, failing with one line that
/// names the file and the key.
class MetadataReader {
public:
  MetadataReader(const std::string &path, const SafetensorsMetadata &metadata)
      : file(agentStatePath(path)), metadata(metadata) {}

  const std::string &text(const char *key) const {
    auto found = metadata.find(key);
    if (found == metadata.end())
      fatal("'" + file + "' lacks the agent state '" + key + "'");
    return found->second;
  }

  int64_t count(const char *key) const {
    const std::string &value = text(key);
    errno = 0;
    char *end = nullptr;
    long long parsed = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || errno || end != value.c_str() + value.size() ||
        parsed < 0)
      bad(key);
    return parsed;
  }

  std::vector<double> numbers(const char *key) const {
    const std::string &value = text(key);
    std::vector<double> result;
    const char *at = value.c_str();
    while (*at) {
      errno = 0;
      char *end = nullptr;
      double parsed = std::strtod(at, &end);
      if (end == at || errno || !std::isfinite(parsed))
        bad(key);
      result.push_back(parsed);
      at = end;
      if (*at == ' ')
        ++at;
      else if (*at)
        bad(key);
    }
    return result;
  }

  double number(const char *key) const {
    std::vector<double> values = numbers(key);
    if (values.size() != 1)
      bad(key);
    return values[0];
  }

  [[noreturn]] void bad(const char *key) const {
    fatal("'" + file + "': its agent state '" + key + "' is malformed");
  }

  std::string file;

private:
  const SafetensorsMetadata &metadata;
};

/// The agent file's tensors by name; `take` hands one out, once.
class TensorTable {
public:
  TensorTable(const std::string &file, std::vector<F32Tensor> tensors)
      : file(file) {
    for (F32Tensor &tensor : tensors)
      byName.emplace(tensor.name, std::move(tensor));
  }

  /// The tensor `name` of shape `shape`; an empty one if it is absent and
  /// `shape` has no elements (empty tensors are not written).
  std::vector<float> take(const std::string &name,
                          const std::vector<int64_t> &shape) {
    int64_t elements = 1;
    for (int64_t dim : shape)
      elements *= dim;
    auto found = byName.find(name);
    if (found == byName.end()) {
      if (elements == 0)
        return {};
      fatal("'" + file + "' lacks the agent state '" + name + "'");
    }
    if (found->second.shape != shape)
      fatal("'" + file + "': '" + name + "' has shape " +
            formatShape(found->second.shape) + ", this program expects " +
            formatShape(shape));
    std::vector<float> data = std::move(found->second.data);
    byName.erase(found);
    return data;
  }

  /// The tensors whose names start with `prefix`, taken out.
  std::vector<F32Tensor> takePrefixed(const std::string &prefix) {
    std::vector<F32Tensor> result;
    for (auto it = byName.begin(); it != byName.end();) {
      if (it->first.compare(0, prefix.size(), prefix) != 0) {
        ++it;
        continue;
      }
      result.push_back(std::move(it->second));
      it = byName.erase(it);
    }
    return result;
  }

  /// Fails naming a tensor nothing took.
  void checkAllTaken() const {
    if (!byName.empty())
      fatal("'" + file + "' holds an unexpected tensor '" +
            printableText(byName.begin()->first) + "'");
  }

private:
  std::string file;
  std::map<std::string, F32Tensor> byName;
};

/// `expected` (what the program's run declares) must equal `saved`.
void expectSame(const std::string &path, const char *what, int64_t saved,
                int64_t expected) {
  if (saved != expected)
    fatal(formatString("'%s' was saved by a q_learning run with %s %lld, "
                       "not %lld",
                       path.c_str(), what, ll(saved), ll(expected)));
}
} // namespace

Checkpoint agentCheckpoint(const RunState &state) {
  const QLearningRun &agent = *state.agent;
  Checkpoint checkpoint;
  checkpoint.params = state.params.finals();
  checkpoint.optimizerState = state.optimizerState.finals();
  RunPosition position;
  position.step = agent.stepsTaken;
  position.seed = state.seed;
  position.batch = state.batch;
  position.lr = state.lr;
  checkpoint.position = position;

  AgentState saved;
  for (const F32Tensor &param : agent.targetNetwork.finals())
    saved.tensors.push_back(
        tensor(kTargetPrefix + param.name, param.shape, param.data));
  const ReplayBuffer &replay = *agent.replay;
  ReplayBuffer::Contents contents = replay.contents();
  int64_t held = replay.size(), obs = replay.observationSize();
  std::vector<float> actions(contents.actions.begin(), contents.actions.end());
  if (held > 0) {
    saved.tensors.push_back(
        tensor(kReplayState, {held, obs}, std::move(contents.states)));
    saved.tensors.push_back(
        tensor(kReplayNextState, {held, obs}, std::move(contents.nextStates)));
    saved.tensors.push_back(tensor(kReplayAction, {held}, std::move(actions)));
    saved.tensors.push_back(
        tensor(kReplayReward, {held}, std::move(contents.rewards)));
    saved.tensors.push_back(
        tensor(kReplayDone, {held}, std::move(contents.dones)));
  }
  AgentProgress::Saved progress = agent.progress.save();
  if (!progress.recentLosses.empty()) {
    int64_t count = static_cast<int64_t>(progress.recentLosses.size());
    saved.tensors.push_back(
        tensor(kRecentLosses, {count}, std::move(progress.recentLosses)));
  }

  const Environment &env = *agent.env;
  Environment::Snapshot snapshot = env.snapshot();
  SafetensorsMetadata &meta = saved.metadata;
  meta[kEnvironment] = env.name();
  meta[kObservationSize] = std::to_string(env.observationSize());
  meta[kActions] = std::to_string(env.actionCount());
  meta[kMaxSteps] = std::to_string(env.maxSteps());
  meta[kEnvState] = doubles(snapshot.values);
  meta[kEpisode] = std::to_string(agent.episode);
  meta[kEpisodeSteps] = std::to_string(snapshot.episodeSteps);
  meta[kEpisodeReturn] = formatString("%.17g", agent.episodeReturn);
  meta[kReplayCapacity] = std::to_string(replay.capacity());
  meta[kReplayAdded] = std::to_string(replay.added());
  meta[kGradientSteps] = std::to_string(agent.batchesDrawn);
  meta[kEpisodesEnded] = std::to_string(progress.episodes);
  meta[kRecentReturns] = doubles(progress.recentReturns);
  meta[kRecordLossSum] = formatString("%.17g", progress.recordLossSum);
  meta[kRecordLossCount] = std::to_string(progress.recordLossCount);
  checkpoint.agentState = std::move(saved);
  return checkpoint;
}

AgentResume resumeAgent(RunState &state, const std::string &path) {
  Checkpoint checkpoint = readResumableCheckpoint(path);
  std::string error;
  if (!checkpoint.agentState)
    fatal("'" + path +
          "' holds no agent state (it was not saved by a "
          "q_learning run); use '--init' to start from its weights");
  AgentResume resume;
  resume.position = *checkpoint.position;
  const RunPosition &position = resume.position;
  checkResumedSeed(state, path, position);

  QLearningRun &agent = *state.agent;
  Environment &env = *agent.env;
  ReplayBuffer &replay = *agent.replay;
  MetadataReader meta(path, checkpoint.agentState->metadata);
  if (meta.text(kEnvironment) != env.name())
    fatal("'" + path + "' was saved by a q_learning run on " +
          printableText(meta.text(kEnvironment)) + ", not " + env.name());
  expectSame(path, "observations of", meta.count(kObservationSize),
             env.observationSize());
  expectSame(path, "actions", meta.count(kActions), env.actionCount());
  expectSame(path, "max_steps", meta.count(kMaxSteps), env.maxSteps());
  expectSame(path, "a replay buffer of", meta.count(kReplayCapacity),
             replay.capacity());
  int64_t added = meta.count(kReplayAdded);
  // Every environment step stores one transition.
  if (added != position.step)
    fatal(formatString("'%s' is inconsistent: %lld transitions stored after "
                       "%lld environment steps",
                       meta.file.c_str(), ll(added), ll(position.step)));

  TensorTable tensors(meta.file, std::move(checkpoint.agentState->tensors));
  // The target network: one `target.P` of P's shape for each parameter P
  // of the weights file (which mdlrt_params_ready matches to the model).
  std::vector<F32Tensor> target;
  for (const F32Tensor &param : checkpoint.params) {
    F32Tensor copy = param;
    copy.data = tensors.take(kTargetPrefix + param.name, param.shape);
    target.push_back(std::move(copy));
  }
  int64_t obs = env.observationSize();
  int64_t held = std::min(added, replay.capacity());
  ReplayBuffer::Contents contents;
  contents.states = tensors.take(kReplayState, {held, obs});
  contents.nextStates = tensors.take(kReplayNextState, {held, obs});
  std::vector<float> actions = tensors.take(kReplayAction, {held});
  contents.rewards = tensors.take(kReplayReward, {held});
  contents.dones = tensors.take(kReplayDone, {held});
  for (float action : actions) {
    if (!(action >= 0.0f && action < static_cast<float>(env.actionCount())) ||
        std::floor(action) != action)
      fatal("'" + meta.file + "': a stored action is not one of " + env.name() +
            "'s actions");
    contents.actions.push_back(static_cast<int32_t>(action));
  }
  if (!replay.restore(added, contents, error))
    fatal("'" + meta.file + "': " + error);

  AgentProgress::Saved &progress = resume.progress;
  progress.episodes = meta.count(kEpisodesEnded);
  progress.recentReturns = meta.numbers(kRecentReturns);
  progress.gradientSteps = meta.count(kGradientSteps);
  progress.recordLossSum = meta.number(kRecordLossSum);
  progress.recordLossCount = meta.count(kRecordLossCount);
  int64_t lossCount =
      std::min(progress.gradientSteps, static_cast<int64_t>(kFinalLossSteps));
  progress.recentLosses = tensors.take(kRecentLosses, {lossCount});
  tensors.checkAllTaken();
  if (static_cast<int64_t>(progress.recentReturns.size()) !=
      std::min(progress.episodes, static_cast<int64_t>(kRecentEpisodes)))
    meta.bad(kRecentReturns);

  int64_t episode = meta.count(kEpisode);
  if (episode != progress.episodes || episode > kMaxAgentSteps)
    meta.bad(kEpisode);
  Environment::Snapshot snapshot;
  snapshot.values = meta.numbers(kEnvState);
  snapshot.episodeSteps = meta.count(kEpisodeSteps);
  if (!env.restore(snapshot, agent.observation.data(), error))
    fatal("'" + meta.file + "': " + error);
  agent.stepsTaken = position.step;
  agent.batchesDrawn = progress.gradientSteps;
  agent.episode = episode;
  agent.episodeReturn = meta.number(kEpisodeReturn);
  agent.resumedTarget = std::move(target);
  agent.resumed = true;

  adoptResumedTensors(state, path, checkpoint);
  return resume;
}

} // namespace mdlrt

using namespace mdlrt;

namespace {
/// The q_learning run between mdlrt_rl_begin and mdlrt_train_end.
QLearningRun &trainingAgent(const char *function) {
  RunState &state = runState();
  if (!state.agent || !state.agent->training || !state.begun)
    internalError(std::string(function) + " called before mdlrt_rl_begin");
  if (state.ended)
    internalError(std::string(function) + " called after mdlrt_train_end");
  return *state.agent;
}
} // namespace

extern "C" void
_mlir_ciface_mdlrt_rl_target_init_f32(mdlrt_unranked_memref *name,
                                      mdlrt_unranked_memref *online,
                                      mdlrt_unranked_memref *target) {
  QLearningRun &agent = trainingAgent("mdlrt_rl_target_init_f32");
  if (!runState().paramsReady)
    internalError("mdlrt_rl_target_init_f32 called before "
                  "mdlrt_params_ready");
  std::string paramName = readStringMemref(name, "parameter name");
  MemrefView from(online, sizeof(float), "parameter '" + paramName + "'");
  MemrefView to(target, sizeof(float), "target parameter '" + paramName + "'");
  if (to.shape() != from.shape())
    internalError("target parameter '" + paramName + "' has shape " +
                  formatShape(to.shape()) + ", its parameter " +
                  formatShape(from.shape()));
  size_t bytes = static_cast<size_t>(to.numElements()) * sizeof(float);
  if (!agent.resumed) {
    if (bytes)
      std::memcpy(to.data(), from.data(), bytes);
    return;
  }
  // resumeAgent matched the checkpoint's target network to its parameters,
  // and mdlrt_params_ready those to the model's.
  for (const F32Tensor &tensor : agent.resumedTarget)
    if (tensor.name == paramName && tensor.shape == to.shape()) {
      if (bytes)
        std::memcpy(to.data(), tensor.data.data(), bytes);
      return;
    }
  internalError("target parameter '" + paramName +
                "' is not in the resumed checkpoint");
}

extern "C" void
_mlir_ciface_mdlrt_rl_target_final_f32(mdlrt_unranked_memref *name,
                                       mdlrt_unranked_memref *target) {
  QLearningRun &agent = trainingAgent("mdlrt_rl_target_final_f32");
  std::string paramName = readStringMemref(name, "parameter name");
  std::string what = "target parameter '" + paramName + "'";
  agent.targetNetwork.recordFinal(
      copyF32Tensor(target, std::move(paramName), what));
}

extern "C" int64_t mdlrt_rl_gradient_steps(void) {
  return trainingAgent("mdlrt_rl_gradient_steps").batchesDrawn;
}

extern "C" void mdlrt_rl_checkpoint_save(void) {
  QLearningRun &agent = trainingAgent("mdlrt_rl_checkpoint_save");
  RunState &state = runState();
  if (state.checkpointPath.empty())
    internalError("mdlrt_rl_checkpoint_save called without a checkpoint "
                  "option");
  std::string error;
  if (!writeCheckpoint(state.checkpointPath, agentCheckpoint(state), error))
    fatal(error); // A checkpoint that cannot be written must stop the run.
  if (!state.options.quiet)
    state.progress.printLine(
        formatString("saved checkpoint %s (environment step %lld)",
                     state.checkpointPath.c_str(), ll(agent.stepsTaken)));
  state.progress.writeRecord(JsonObjectWriter()
                                 .add("event", "checkpoint")
                                 .add("step", agent.stepsTaken)
                                 .add("path", state.checkpointPath)
                                 .str());
}
