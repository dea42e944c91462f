//===- AgentEval.cpp - `PROG eval` of an agent ----------------------------===//
// SPDX-License-Identifier: Apache-2.0
//
// Implements mdlrt_rl_eval_begin, mdlrt_rl_eval_act and mdlrt_rl_eval_end:
// --episodes N greedy episodes with the parameters of --weights, episode n
// starting from stream (EvalEpisode, n) of --seed (default 0), and the mean
// return reported like a supervised eval's result (a stderr line unless
// --quiet, one JSON line on stdout).
//
//===----------------------------------------------------------------------===//

#include "core/Error.h"
#include "core/Json.h"
#include "core/Run.h"
#include "mdlrt/mdlrt.h"
#include "rl/QLearningRun.h"

#include <algorithm>

using namespace mdlrt;

namespace {
long long ll(int64_t value) { return static_cast<long long>(value); }

QLearningRun &requireEvaluating(const char *function) {
  RunState &state = runState();
  if (!state.agent || !state.agent->evaluating)
    internalError(std::string(function) + " called before mdlrt_rl_eval_begin");
  if (state.ended)
    internalError(std::string(function) + " called after mdlrt_rl_eval_end");
  return *state.agent;
}

void startEvalEpisode(QLearningRun &agent) {
  PhiloxStream stream(agent.evalSeed, StreamDomain::EvalEpisode,
                      static_cast<uint32_t>(agent.episode));
  agent.env->reset(stream, agent.observation.data());
  agent.episodeReturn = 0.0;
}
} // namespace

extern "C" void mdlrt_rl_eval_begin(void) {
  RunState &state = runState();
  if (state.mode != RunMode::Eval)
    internalError("mdlrt_rl_eval_begin called outside 'eval'");
  if (!state.agent)
    internalError("mdlrt_rl_eval_begin called before mdlrt_env_declare");
  if (state.begun)
    internalError("mdlrt_rl_eval_begin called twice");
  const TrainOptions &options = state.options;
  if (!options.dataDir.empty())
    fatal("option '--data-dir' does not apply to an agent (it reads no data)",
          2);
  int64_t episodes =
      options.episodes ? *options.episodes : kDefaultEvalEpisodes;
  if (episodes > kMaxAgentSteps)
    fatal(formatString("'--episodes' takes at most %lld, not %lld",
                       ll(kMaxAgentSteps), ll(episodes)),
          2);
  loadParameters(state, options.weightsPath);
  QLearningRun &agent = *state.agent;
  agent.evaluating = true;
  agent.evalSeed = options.seed ? *options.seed : 0;
  agent.evalEpisodes = episodes;
  agent.episode = 0;
  startEvalEpisode(agent);
  state.begun = true;
}

extern "C" int64_t mdlrt_rl_eval_act(int64_t action) {
  QLearningRun &agent = requireEvaluating("mdlrt_rl_eval_act");
  if (!runState().paramsReady)
    internalError("mdlrt_rl_eval_act called before mdlrt_params_ready");
  if (static_cast<int64_t>(agent.evalReturns.size()) >= agent.evalEpisodes)
    internalError("mdlrt_rl_eval_act called after the last episode ended");
  Environment &env = *agent.env;
  if (action < 0 || action >= env.actionCount())
    internalError(formatString("mdlrt_rl_eval_act: action %lld is not one "
                               "of %s's %lld actions",
                               ll(action), env.name().c_str(),
                               ll(env.actionCount())));
  StepResult result = env.step(action, agent.observation.data());
  agent.episodeReturn += result.reward;
  if (!result.terminated && !result.truncated)
    return 1;
  agent.evalReturns.push_back(agent.episodeReturn);
  agent.evalLengths.push_back(env.episodeSteps());
  if (static_cast<int64_t>(agent.evalReturns.size()) == agent.evalEpisodes)
    return 0;
  ++agent.episode;
  startEvalEpisode(agent);
  return 1;
}

extern "C" void mdlrt_rl_eval_end(void) {
  QLearningRun &agent = requireEvaluating("mdlrt_rl_eval_end");
  RunState &state = runState();
  int64_t done = static_cast<int64_t>(agent.evalReturns.size());
  if (done != agent.evalEpisodes)
    internalError(formatString("mdlrt_rl_eval_end called after %lld of %lld "
                               "episodes",
                               ll(done), ll(agent.evalEpisodes)));
  double sum = 0.0;
  for (double value : agent.evalReturns)
    sum += value;
  double mean = sum / static_cast<double>(done);
  if (!state.options.quiet) {
    auto [low, high] =
        std::minmax_element(agent.evalReturns.begin(), agent.evalReturns.end());
    double steps = 0.0;
    for (int64_t length : agent.evalLengths)
      steps += static_cast<double>(length);
    std::fprintf(errStream(),
                 "eval over %lld %s of %s: mean return %.6g (min %.6g, max "
                 "%.6g), mean length %.6g\n",
                 ll(done), done == 1 ? "episode" : "episodes",
                 agent.env->name().c_str(), mean, *low, *high,
                 steps / static_cast<double>(done));
    std::fflush(errStream());
  }
  std::fprintf(outStream(), "%s\n",
               JsonObjectWriter()
                   .add("mean_return", mean)
                   .add("episodes", done)
                   .str()
                   .c_str());
  std::fflush(outStream());
  state.ended = true;
}
