//===- Environment.h - Reinforcement-learning environments ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The environments a `train ... with q_learning` run acts in (LANGUAGE.md
// §3). An environment has a fixed observation size and a number of discrete
// actions; `reset` starts an episode from a state drawn from a seeded Philox
// stream, and `step` applies one action and says whether the episode
// terminated (a terminal state: no bootstrapping) or was truncated (it hit
// `max_steps`: bootstrap from the last observation).
//
// Observations are written into a buffer the caller owns (observationSize()
// floats), so a step allocates nothing and can write straight into a replay
// buffer. Dynamics run in double, as Gym's classic-control environments do;
// only observations are rounded to float.
//
// The base class validates actions and counts steps, so an environment only
// provides `resetState`, `advance` and `observe`, and for checkpoints the
// pair `saveState` / `loadState`, which turn its dynamic state into doubles
// and back exactly (the episode's step count is the base class's). The
// random numbers need no saving: an episode's start is drawn from its own
// stream (`episodeStream`), and `step` draws none. Environments are created
// by name from the registry (Registry.cpp, Environments.def); the C++ API
// stays internal to the runtime. docs/environments.md says how to add one.
//
//===----------------------------------------------------------------------===//

#ifndef MDLRT_ENV_ENVIRONMENT_H
#define MDLRT_ENV_ENVIRONMENT_H

#include "core/Random.h"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mdlrt {

/// What one step returns besides the observation.
struct StepResult {
  float reward = 0.0f;
  /// The episode reached a terminal state.
  bool terminated = false;
  /// The episode hit max_steps (both flags may be set on that step).
  bool truncated = false;
};

/// The stream episode `episode` of a run seeded with `seed` draws its start
/// from: any episode's initial state is a pure function of (seed, episode).
PhiloxStream episodeStream(uint64_t seed, uint32_t episode);

/// An environment's constructor arguments, by name (`CartPole(max_steps:
/// 500)`). Factories read them with `getPositiveInt`; the registry then
/// rejects any argument no factory read, listing the ones it takes.
class EnvironmentArgs {
public:
  EnvironmentArgs() = default;
  EnvironmentArgs(
      std::initializer_list<std::pair<const std::string, double>> values)
      : values(values) {}

  EnvironmentArgs &set(const std::string &name, double value) {
    values[name] = value;
    return *this;
  }

  /// The argument `name` (or `defaultValue` if absent), which must be an
  /// integer >= 1; a fatal error names `envName` otherwise.
  int64_t getPositiveInt(const std::string &envName, const std::string &name,
                         int64_t defaultValue);

  /// Fails naming `envName` if an argument was given that was never read.
  void checkAllRead(const std::string &envName) const;

private:
  std::map<std::string, double> values;
  /// Names read so far, in order: the arguments the environment takes.
  std::vector<std::string> readNames;
};

/// One environment instance; not thread-safe (one per acting thread).
class Environment {
public:
  virtual ~Environment();

  const std::string &name() const { return envName; }
  /// Floats in one observation.
  int64_t observationSize() const { return obsSize; }
  /// Actions are 0 .. actionCount() - 1.
  int64_t actionCount() const { return numActions; }
  /// Steps after which an episode is truncated.
  int64_t maxSteps() const { return stepLimit; }
  /// Steps taken in the current episode.
  int64_t episodeSteps() const { return steps; }

  /// Starts an episode from a state drawn from `rng` and writes its
  /// observation to `observation`.
  void reset(PhiloxStream &rng, float *observation);

  /// Applies `action` and writes the next observation. Fatal error (not a
  /// crash) for an action out of range or a step outside an episode.
  StepResult step(int64_t action, float *observation);

  /// The state of the episode in progress, exactly: what `restore` needs
  /// to continue it as if it had never stopped (checkpoints).
  struct Snapshot {
    /// The environment's own values (`saveState`).
    std::vector<double> values;
    /// Steps taken in the episode.
    int64_t episodeSteps = 0;
  };
  /// Fatal error outside an episode.
  Snapshot snapshot() const;
  /// Continues the episode of `snapshot` (taken of an environment of the
  /// same kind and arguments) and writes its observation. False with a
  /// reason when the snapshot does not fit: values of another size or out
  /// of the environment's range, or a step count outside [0, maxSteps()).
  bool restore(const Snapshot &snapshot, float *observation,
               std::string &error);

protected:
  Environment(std::string name, int64_t observationSize, int64_t actionCount,
              int64_t maxSteps);

  /// What `advance` reports; the base class adds truncation.
  struct Transition {
    float reward;
    bool terminated;
  };

  /// Draws the initial state from `rng`.
  virtual void resetState(PhiloxStream &rng) = 0;
  /// Applies a valid action to the state.
  virtual Transition advance(int64_t action) = 0;
  /// Writes the current state's observation (observationSize() floats).
  virtual void observe(float *observation) const = 0;
  /// Appends the dynamic state to `values`, as doubles that hold it
  /// exactly.
  virtual void saveState(std::vector<double> &values) const = 0;
  /// Sets the state from what `saveState` wrote; false with a reason if
  /// `values` cannot be such a state (its size, a value out of range).
  virtual bool loadState(const std::vector<double> &values,
                         std::string &error) = 0;

private:
  enum class Phase { NotStarted, Running, Ended };

  std::string envName;
  int64_t obsSize;
  int64_t numActions;
  int64_t stepLimit;
  int64_t steps = 0;
  Phase phase = Phase::NotStarted;
};

/// For `loadState`: true when `values` holds `expected` values, else false
/// with "a state of N values, not M".
bool checkStateSize(const std::vector<double> &values, size_t expected,
                    std::string &error);

/// Creates the environment registered as `name` with `args`; a fatal error
/// lists the known environments if there is none of that name.
std::unique_ptr<Environment> createEnvironment(const std::string &name,
                                               EnvironmentArgs args = {});

/// The registered names, in registration order.
std::vector<std::string> environmentNames();

} // namespace mdlrt

#endif // MDLRT_ENV_ENVIRONMENT_H
