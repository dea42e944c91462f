//===- Checkpoint.cpp - The files of a training checkpoint ------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The weights file names its optimizer-state file and carries the FNV-1a
// hash of that file's bytes rather than a random id: two runs that reach
// the same state write byte-identical checkpoints, which is what the
// determinism tests compare.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Checkpoint.h"

#include "checkpoint/AtomicFile.h"
#include "core/Error.h"
#include "core/Memref.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <map>

namespace mdlrt {

namespace {
constexpr const char *kEpoch = "mdlc.epoch";
constexpr const char *kStepInEpoch = "mdlc.step_in_epoch";
constexpr const char *kStep = "mdlc.step";
constexpr const char *kSeed = "mdlc.seed";
constexpr const char *kBatch = "mdlc.batch";
constexpr const char *kLr = "mdlc.lr";
constexpr const char *kEpochLossSum = "mdlc.epoch_loss_sum";
constexpr const char *kEpochLossSteps = "mdlc.epoch_loss_steps";
constexpr const char *kStateFile = "mdlc.optimizer_state";
constexpr const char *kStateHash = "mdlc.optimizer_state_fnv1a";
constexpr const char *kAgentFile = "mdlc.agent_state";
constexpr const char *kAgentHash = "mdlc.agent_state_fnv1a";

std::string fnv1a(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return formatString("%016llx", static_cast<unsigned long long>(hash));
}

std::string baseName(const std::string &path) {
  std::string::size_type slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool parseInt(const std::string &text, int64_t &value) {
  if (text.empty() || text.size() > 20)
    return false;
  errno = 0;
  char *end = nullptr;
  long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (errno || end != text.c_str() + text.size())
    return false;
  value = parsed;
  return true;
}

bool parseDouble(const std::string &text, double &value) {
  if (text.empty())
    return false;
  errno = 0;
  char *end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return !errno && end == text.c_str() + text.size();
}

bool readWholeFile(const std::string &path, std::string &bytes,
                   std::string &error) {
  std::FILE *stream = std::fopen(path.c_str(), "rbe");
  if (!stream) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  char chunk[1 << 16];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, stream)) > 0)
    bytes.append(chunk, got);
  bool failed = std::ferror(stream);
  int savedErrno = errno;
  std::fclose(stream);
  if (failed) {
    error = "cannot read '" + path + "': " + std::strerror(savedErrno);
    return false;
  }
  return true;
}

/// Reads every tensor of `file` as f32.
bool readTensors(const SafetensorsFile &file, std::vector<F32Tensor> &tensors,
                 std::string &error) {
  for (const SafetensorsEntry &entry : file.tensors()) {
    F32Tensor tensor;
    tensor.name = entry.name;
    tensor.shape = entry.shape;
    if (!file.readAsF32(entry, tensor.data, error))
      return false;
    tensors.push_back(std::move(tensor));
  }
  return true;
}
} // namespace

namespace {
/// "w.safetensors" -> "w.<part>.safetensors", else PATH.<part>.safetensors.
std::string siblingPath(const std::string &path, const char *part) {
  static const std::string kSuffix = ".safetensors";
  std::string infix = std::string(".") + part;
  if (path.size() > kSuffix.size() &&
      path.compare(path.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    return path.substr(0, path.size() - kSuffix.size()) + infix + kSuffix;
  return path + infix + kSuffix;
}

/// Writes a state file next to `path` and names it, with its hash, in
/// `meta` under `fileKey` and `hashKey`.
bool writeSibling(const std::string &siblingFile,
                  const std::vector<F32Tensor> &tensors,
                  const SafetensorsMetadata &siblingMeta, const char *fileKey,
                  const char *hashKey, SafetensorsMetadata &meta,
                  std::string &error) {
  std::string bytes;
  std::string reason;
  if (!serializeSafetensors(tensors, bytes, reason, siblingMeta) ||
      !writeFileAtomically(siblingFile, bytes, reason)) {
    error = "cannot save to '" + siblingFile + "': " + reason;
    return false;
  }
  meta[fileKey] = baseName(siblingFile);
  meta[hashKey] = fnv1a(bytes);
  return true;
}

/// Reads the state file that the weights file `path` names under `fileKey`
/// (it lies in the same folder) and checks its hash.
bool readSibling(const std::string &path, const SafetensorsFile &weights,
                 const char *fileKey, const char *hashKey,
                 SafetensorsFile &sibling, std::string &error) {
  const std::map<std::string, std::string> &meta = weights.metadata();
  std::string::size_type slash = path.rfind('/');
  std::string siblingFile =
      (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) +
      meta.at(fileKey);
  std::string bytes;
  if (!readWholeFile(siblingFile, bytes, error))
    return false;
  auto hash = meta.find(hashKey);
  if (hash == meta.end() || hash->second != fnv1a(bytes)) {
    error = "'" + siblingFile + "' does not belong to '" + path +
            "' (it was written by another save)";
    return false;
  }
  std::string reason;
  if (!SafetensorsFile::parse(std::move(bytes), sibling, reason)) {
    error = "'" + siblingFile + "' is not a valid safetensors file: " + reason;
    return false;
  }
  return true;
}
} // namespace

std::string optimizerStatePath(const std::string &path) {
  return siblingPath(path, "optim");
}

std::string agentStatePath(const std::string &path) {
  return siblingPath(path, "agent");
}

SafetensorsMetadata encodeRunPosition(const RunPosition &position) {
  SafetensorsMetadata meta;
  meta[kEpoch] = std::to_string(position.epoch);
  meta[kStepInEpoch] = std::to_string(position.stepInEpoch);
  meta[kStep] = std::to_string(position.step);
  meta[kSeed] = std::to_string(position.seed);
  meta[kBatch] = std::to_string(position.batch);
  meta[kLr] = formatString("%.17g", position.lr);
  meta[kEpochLossSum] = formatString("%.17g", position.epochLossSum);
  meta[kEpochLossSteps] = std::to_string(position.epochLossSteps);
  return meta;
}

bool decodeRunPosition(const std::map<std::string, std::string> &metadata,
                       std::optional<RunPosition> &position,
                       std::string &error) {
  position.reset();
  if (!metadata.count(kStep))
    return true;
  auto get = [&](const char *key) -> const std::string * {
    auto found = metadata.find(key);
    if (found == metadata.end()) {
      error = std::string("its metadata lacks '") + key + "'";
      return nullptr;
    }
    return &found->second;
  };
  RunPosition result;
  struct IntField {
    const char *key;
    int64_t *value;
  } ints[] = {{kEpoch, &result.epoch},
              {kStepInEpoch, &result.stepInEpoch},
              {kStep, &result.step},
              {kBatch, &result.batch},
              {kEpochLossSteps, &result.epochLossSteps}};
  for (const IntField &field : ints) {
    const std::string *text = get(field.key);
    if (!text)
      return false;
    if (!parseInt(*text, *field.value) || *field.value < 0) {
      error = std::string("its metadata '") + field.key + "' is not a count";
      return false;
    }
  }
  const std::string *seedText = get(kSeed);
  if (!seedText)
    return false;
  errno = 0;
  char *end = nullptr;
  unsigned long long parsedSeed = std::strtoull(seedText->c_str(), &end, 10);
  if (seedText->empty() || errno || end != seedText->c_str() + seedText->size() ||
      (*seedText)[0] == '-') {
    error = "its metadata 'mdlc.seed' is not a seed";
    return false;
  }
  result.seed = parsedSeed;
  const std::string *lr = get(kLr);
  const std::string *lossSum = get(kEpochLossSum);
  if (!lr || !lossSum)
    return false;
  if (!parseDouble(*lr, result.lr) || !parseDouble(*lossSum, result.epochLossSum)) {
    error = "its metadata 'mdlc.lr' or 'mdlc.epoch_loss_sum' is not a number";
    return false;
  }
  if (result.stepInEpoch > result.step) {
    error = "its metadata says more steps in the epoch than in the run";
    return false;
  }
  position = result;
  return true;
}

bool writeCheckpoint(const std::string &path, const Checkpoint &checkpoint,
                     std::string &error) {
  SafetensorsMetadata meta;
  if (checkpoint.position)
    meta = encodeRunPosition(*checkpoint.position);
  if (!checkpoint.optimizerState.empty() &&
      !writeSibling(optimizerStatePath(path), checkpoint.optimizerState, {},
                    kStateFile, kStateHash, meta, error))
    return false;
  if (checkpoint.agentState &&
      !writeSibling(agentStatePath(path), checkpoint.agentState->tensors,
                    checkpoint.agentState->metadata, kAgentFile, kAgentHash,
                    meta, error))
    return false;
  return writeSafetensorsFile(path, checkpoint.params, error, meta);
}

bool readCheckpoint(const std::string &path, bool withOptimizerState,
                    Checkpoint &checkpoint, std::string &error) {
  checkpoint = Checkpoint();
  SafetensorsFile file;
  if (!SafetensorsFile::read(path, file, error))
    return false;
  std::string reason;
  if (!readTensors(file, checkpoint.params, reason) ||
      !decodeRunPosition(file.metadata(), checkpoint.position, reason)) {
    error = "'" + path + "': " + reason;
    return false;
  }
  checkpoint.hasAgentState = file.metadata().count(kAgentFile) != 0;
  if (!withOptimizerState)
    return true;
  if (file.metadata().count(kStateFile)) {
    SafetensorsFile state;
    if (!readSibling(path, file, kStateFile, kStateHash, state, error))
      return false;
    if (!readTensors(state, checkpoint.optimizerState, reason)) {
      error = "'" + optimizerStatePath(path) + "': " + reason;
      return false;
    }
  }
  if (checkpoint.hasAgentState) {
    SafetensorsFile agent;
    if (!readSibling(path, file, kAgentFile, kAgentHash, agent, error))
      return false;
    AgentState state;
    if (!readTensors(agent, state.tensors, reason)) {
      error = "'" + agentStatePath(path) + "': " + reason;
      return false;
    }
    for (const auto &[key, value] : agent.metadata())
      if (key != "format" && key != "producer")
        state.metadata[key] = value;
    checkpoint.agentState = std::move(state);
  }
  return true;
}

std::string describeMismatches(const std::vector<F32Tensor> &expected,
                               const std::vector<F32Tensor> &found) {
  constexpr size_t kShown = 3;
  std::map<std::string, const F32Tensor *> byName;
  for (const F32Tensor &tensor : found)
    byName[tensor.name] = &tensor;
  std::vector<std::string> problems;
  std::map<std::string, bool> known;
  for (const F32Tensor &want : expected) {
    known[want.name] = true;
    auto have = byName.find(want.name);
    if (have == byName.end()) {
      problems.push_back("missing '" + printableText(want.name) + "'");
      continue;
    }
    if (have->second->shape != want.shape)
      problems.push_back("'" + printableText(want.name) + "' has shape " +
                         formatShape(have->second->shape) +
                         ", the model expects " + formatShape(want.shape));
  }
  for (const F32Tensor &tensor : found)
    if (!known.count(tensor.name))
      problems.push_back("unexpected '" + printableText(tensor.name) + "'");
  if (problems.empty())
    return "";
  std::string text;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i)
    text += (i ? "; " : "") + problems[i];
  if (problems.size() > kShown)
    text += formatString(" (and %zu more)", problems.size() - kShown);
  return text;
}

} // namespace mdlrt
