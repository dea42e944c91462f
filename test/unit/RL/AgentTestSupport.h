//===- AgentTestSupport.h - A hand-written agent for the RL tests ---------===//
// SPDX-License-Identifier: Apache-2.0
//
// What generated code does for `train ... with q_learning`, written by hand
// against the C ABI: a linear Q-function Q(s, a) = w_a · s + b_a over
// CartPole's 4 observations and 2 actions ("out.weight" [2, 4], "out.bias"
// [2]), epsilon-greedy acting, replay batches, a TD step by SGD with a
// target copy synced every `targetSync` steps, the losses logged, and the
// checkpoint calls (target network init and report, the gradient-step
// count, the loop's first step, periodic saves) so that it resumes. Also
// a fixed policy, and a direct CartPole simulation for reference values.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_TEST_UNIT_RL_AGENTTESTSUPPORT_H
#define MDLRT_TEST_UNIT_RL_AGENTTESTSUPPORT_H

#include "core/Run.h"
#include "core/Signals.h"
#include "env/Environment.h"
#include "rl/QLearningRun.h"

#include "../Runtime/TestSupport.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace mdlrt::test {

/// A balancing controller: push towards the side the pole falls to.
inline int64_t balancingAction(const float *s) {
  return s[2] + 0.5f * s[3] > 0.0f ? 1 : 0;
}

/// Q-values of the linear agent.
inline void linearQ(const float *w, const float *b, const float *s, float *q) {
  for (int a = 0; a < 2; ++a) {
    q[a] = b[a];
    for (int j = 0; j < 4; ++j)
      q[a] += w[a * 4 + j] * s[j];
  }
}

/// Greedy action of the linear agent (ties to action 0, as argmax).
inline int64_t linearGreedy(const float *w, const float *b, const float *s) {
  float q[2];
  linearQ(w, b, s, q);
  return q[1] > q[0] ? 1 : 0;
}

/// The train block of the hand-written agent.
struct AgentSettings {
  int64_t steps = 2000;
  double lr = 0.01;
  int64_t seed = 3;
  int64_t replay = 500;
  int64_t batch = 8;
  /// Begins with mdlrt_rl_begin_dynamic (a run-time replay batch that
  /// --batch may replace) and sizes the replay buffers by
  /// mdlrt_train_batch(), as a program compiled with `?` does.
  bool dynamicBatch = false;
  int64_t warmup = 100;
  double epsilonFrom = 1.0;
  double epsilonTo = 0.05;
  int64_t epsilonSteps = 1000;
  int64_t targetSync = 50;
  double gamma = 0.99;
  std::string environment = "CartPole";
  int64_t maxSteps = 0;
  /// Stop (as after SIGINT) once this many environment steps were taken.
  int64_t stopAfter = -1;
  /// `checkpoint = "..." every N steps` (declared with
  /// mdlrt_checkpoint_config before mdlrt_rl_begin): N, 0 for none.
  int64_t checkpointEvery = 0;
  std::string checkpointPath;
};

/// What a run of the hand-written agent did.
struct AgentRunResult {
  int64_t stepsTaken = 0;
  int64_t gradientSteps = 0;
  std::vector<float> weight, bias, targetWeight;
  std::vector<int64_t> actions;
  /// Gradient steps in all (a resumed run counts the checkpoint's too).
  int64_t updates = 0;
};

inline void declareEnvironment(const std::string &name, int64_t maxSteps,
                               int64_t observations = 4, int64_t actions = 2) {
  StringMemref envName(name);
  _mlir_ciface_mdlrt_env_declare(envName.get(), maxSteps, observations,
                                 actions);
}

inline void beginAgent(const AgentSettings &a) {
  declareEnvironment(a.environment, a.maxSteps);
  if (a.checkpointEvery) {
    StringMemref path(a.checkpointPath);
    _mlir_ciface_mdlrt_checkpoint_config(path.get(), a.checkpointEvery);
  }
  (a.dynamicBatch ? mdlrt_rl_begin_dynamic : mdlrt_rl_begin)(
      a.steps, a.lr, a.seed, a.replay, a.batch, a.warmup, a.epsilonFrom,
      a.epsilonTo, a.epsilonSteps);
}

/// Runs the linear agent as generated code would, from mdlrt_env_declare to
/// mdlrt_train_end. With `fixedPolicy`, acts by it instead of by
/// epsilon-greedy (still asking mdlrt_rl_explore, as generated code does).
inline AgentRunResult
runLinearAgent(const AgentSettings &a,
               std::function<int64_t(const float *)> fixedPolicy = nullptr) {
  beginAgent(a);
  double lr = mdlrt_train_lr();
  StringMemref weightName("out.weight"), biasName("out.bias");
  Memref<2> weight({2, 4});
  Memref<1> bias({2});
  _mlir_ciface_mdlrt_param_init_f32(weightName.get(), weight.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  _mlir_ciface_mdlrt_param_init_f32(biasName.get(), bias.get(),
                                    MDLRT_INIT_UNIFORM_FAN_IN, 4);
  mdlrt_params_ready();
  Memref<2> targetWeight({2, 4});
  Memref<1> targetBias({2});
  _mlir_ciface_mdlrt_rl_target_init_f32(weightName.get(), weight.get(),
                                        targetWeight.get());
  _mlir_ciface_mdlrt_rl_target_init_f32(biasName.get(), bias.get(),
                                        targetBias.get());
  std::vector<float> &targetW = targetWeight.data, &targetB = targetBias.data;
  int64_t updates = mdlrt_rl_gradient_steps();
  auto report = [&] {
    _mlir_ciface_mdlrt_param_final_f32(weightName.get(), weight.get());
    _mlir_ciface_mdlrt_param_final_f32(biasName.get(), bias.get());
    _mlir_ciface_mdlrt_rl_target_final_f32(weightName.get(),
                                           targetWeight.get());
    _mlir_ciface_mdlrt_rl_target_final_f32(biasName.get(), targetBias.get());
  };

  int64_t batch = a.dynamicBatch ? mdlrt_train_batch() : a.batch;
  Memref<2> observation({1, 4}), s({batch, 4}), s2({batch, 4});
  Memref<1, int32_t> actions({batch});
  Memref<1> rewards({batch}), done({batch});
  AgentRunResult result;
  int64_t total = mdlrt_rl_total_steps();
  for (int64_t t = mdlrt_train_first_step(); t < total; ++t) {
    if (t == a.stopAfter)
      detail::setStopRequestedForTesting(true);
    if (mdlrt_should_stop())
      break;
    int64_t action = mdlrt_rl_explore(t);
    if (fixedPolicy || action < 0) {
      _mlir_ciface_mdlrt_rl_observe(observation.get());
      action = fixedPolicy ? fixedPolicy(observation.values())
                           : linearGreedy(weight.values(), bias.values(),
                                          observation.values());
    }
    result.actions.push_back(action);
    mdlrt_rl_act(action);
    ++result.stepsTaken;
    if (mdlrt_rl_ready()) {
      _mlir_ciface_mdlrt_rl_sample(s.get(), actions.get(), rewards.get(),
                                   s2.get(), done.get());
      // Huber-free TD step: loss = mean((Q(s, a) - y)^2) / 2.
      std::vector<double> gradW(8, 0.0), gradB(2, 0.0);
      double loss = 0.0;
      for (int64_t i = 0; i < batch; ++i) {
        float q[2], next[2];
        linearQ(weight.values(), bias.values(), s.values() + i * 4, q);
        linearQ(targetW.data(), targetB.data(), s2.values() + i * 4, next);
        double y = rewards.values()[i] + a.gamma * (1.0 - done.values()[i]) *
                                             std::max(next[0], next[1]);
        int32_t act = actions.values()[i];
        double diff = q[act] - y;
        loss += 0.5 * diff * diff / batch;
        for (int j = 0; j < 4; ++j)
          gradW[act * 4 + j] += diff * s.values()[i * 4 + j] / batch;
        gradB[act] += diff / batch;
      }
      for (int k = 0; k < 8; ++k)
        weight.values()[k] -= static_cast<float>(lr * gradW[k]);
      for (int k = 0; k < 2; ++k)
        bias.values()[k] -= static_cast<float>(lr * gradB[k]);
      mdlrt_log_step(static_cast<float>(loss));
      ++result.gradientSteps;
      ++updates;
    }
    if ((t + 1) % a.targetSync == 0) {
      targetW = weight.data;
      targetB = bias.data;
    }
    if (a.checkpointEvery && (t + 1) % a.checkpointEvery == 0) {
      report();
      mdlrt_rl_checkpoint_save();
    }
  }
  report();
  mdlrt_train_end();
  result.updates = updates;
  result.targetWeight = targetW;
  result.weight = weight.data;
  result.bias = bias.data;
  return result;
}

/// One episode simulated directly with the Environment class.
struct SimulatedEpisode {
  double episodeReturn = 0.0;
  int64_t length = 0;
  bool terminated = false;
};

/// Runs `policy` for one episode of `env` from `stream`.
inline SimulatedEpisode
simulateEpisode(Environment &env, PhiloxStream stream,
                const std::function<int64_t(const float *)> &policy) {
  std::vector<float> obs(static_cast<size_t>(env.observationSize()));
  env.reset(stream, obs.data());
  SimulatedEpisode episode;
  for (;;) {
    StepResult result = env.step(policy(obs.data()), obs.data());
    episode.episodeReturn += result.reward;
    ++episode.length;
    if (result.terminated || result.truncated) {
      episode.terminated = result.terminated;
      return episode;
    }
  }
}

} // namespace mdlrt::test

#endif // MDLRT_TEST_UNIT_RL_AGENTTESTSUPPORT_H
