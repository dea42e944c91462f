//===- CheckpointTest.cpp - Tests of the checkpoint files -------*- C++ -*-===//
// SPDX-License-Identifier: Apache-2.0
//
// The weights file and its optimizer-state file: round trips with the run
// position, the state file's name, the hash that ties the two together,
// dtype conversion of files PyTorch writes, and the one-line list of
// mismatches between a model and a file.
//
//===----------------------------------------------------------------------===//

#include "checkpoint/Checkpoint.h"

#include "TestSupport.h"

#include <cstring>

using namespace mdlrt;
using namespace mdlrt::test;

namespace {

std::string littleEndian64(uint64_t value) {
  std::string bytes;
  for (int i = 0; i < 8; ++i)
    bytes += static_cast<char>((value >> (8 * i)) & 0xFF);
  return bytes;
}

std::string makeFile(const std::string &header, const std::string &data) {
  return littleEndian64(header.size()) + header + data;
}

Checkpoint sampleCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.params = {{"fc.weight", {2, 3}, {1, 2, 3, 4, 5, 6}},
                       {"fc.bias", {2}, {-0.5f, 0.25f}}};
  checkpoint.optimizerState = {
      {"fc.weight.exp_avg", {2, 3}, {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}},
      {"fc.bias.exp_avg", {2}, {7, 8}}};
  RunPosition position;
  position.epoch = 3;
  position.stepInEpoch = 17;
  position.step = 317;
  position.seed = 18446744073709551615ULL;
  position.batch = 64;
  position.lr = 1e-3;
  position.epochLossSum = 12.345678901234567;
  checkpoint.position = position;
  return checkpoint;
}

TEST(CheckpointTest, StatePathSitsNextToTheWeights) {
  EXPECT_EQ(optimizerStatePath("w.safetensors"), "w.optim.safetensors");
  EXPECT_EQ(optimizerStatePath("a/b/w.safetensors"), "a/b/w.optim.safetensors");
  EXPECT_EQ(optimizerStatePath("weights"), "weights.optim.safetensors");
  EXPECT_EQ(optimizerStatePath(".safetensors"), ".safetensors.optim.safetensors");
}

TEST(CheckpointTest, RoundTripWithStateAndPosition) {
  TempDir dir;
  std::string path = dir.file("ck.safetensors");
  std::string error;
  Checkpoint written = sampleCheckpoint();
  ASSERT_TRUE(writeCheckpoint(path, written, error)) << error;

  // The weights file holds the parameters only.
  SafetensorsFile weights;
  ASSERT_TRUE(SafetensorsFile::read(path, weights, error)) << error;
  ASSERT_EQ(weights.tensors().size(), 2u);
  EXPECT_EQ(weights.metadata().at("mdlc.optimizer_state"),
            "ck.optim.safetensors");
  EXPECT_EQ(weights.metadata().at("format"), "pt");

  Checkpoint read;
  ASSERT_TRUE(readCheckpoint(path, /*withOptimizerState=*/true, read, error))
      << error;
  ASSERT_EQ(read.params.size(), 2u);
  EXPECT_EQ(read.params[0].name, "fc.bias"); // name order
  EXPECT_EQ(read.params[1].data, written.params[0].data);
  ASSERT_EQ(read.optimizerState.size(), 2u);
  EXPECT_EQ(read.optimizerState[1].data, written.optimizerState[0].data);
  ASSERT_TRUE(read.position.has_value());
  EXPECT_EQ(read.position->epoch, 3);
  EXPECT_EQ(read.position->stepInEpoch, 17);
  EXPECT_EQ(read.position->step, 317);
  EXPECT_EQ(read.position->seed, 18446744073709551615ULL);
  EXPECT_EQ(read.position->batch, 64);
  EXPECT_EQ(read.position->lr, 1e-3);
  EXPECT_EQ(read.position->epochLossSum, 12.345678901234567);

  // Without asking for the state, the state file is not needed.
  ASSERT_EQ(std::remove(dir.file("ck.optim.safetensors").c_str()), 0);
  ASSERT_TRUE(readCheckpoint(path, false, read, error)) << error;
  EXPECT_TRUE(read.optimizerState.empty());
  EXPECT_FALSE(readCheckpoint(path, true, read, error));
  EXPECT_NE(error.find("ck.optim.safetensors"), std::string::npos) << error;
}

TEST(CheckpointTest, SameStateGivesTheSameBytes) {
  TempDir dir;
  std::string error;
  ASSERT_TRUE(writeCheckpoint(dir.file("a.safetensors"), sampleCheckpoint(),
                              error));
  ASSERT_TRUE(writeCheckpoint(dir.file("b.safetensors"), sampleCheckpoint(),
                              error));
  EXPECT_EQ(readWholeFile(dir.file("a.optim.safetensors")),
            readWholeFile(dir.file("b.optim.safetensors")));
  // The weights files differ only in the state file's name they carry.
  std::string a = readWholeFile(dir.file("a.safetensors"));
  std::string b = readWholeFile(dir.file("b.safetensors"));
  ASSERT_EQ(a.size(), b.size());
  size_t differing = 0;
  for (size_t i = 0; i < a.size(); ++i)
    differing += a[i] != b[i];
  EXPECT_EQ(differing, 1u);
}

TEST(CheckpointTest, StateOfAnotherSaveIsRefused) {
  TempDir dir;
  std::string path = dir.file("ck.safetensors");
  std::string error;
  ASSERT_TRUE(writeCheckpoint(path, sampleCheckpoint(), error));
  std::string firstState = readWholeFile(dir.file("ck.optim.safetensors"));
  Checkpoint later = sampleCheckpoint();
  later.optimizerState[0].data[0] = 99.0f;
  ASSERT_TRUE(writeCheckpoint(path, later, error));
  writeWholeFile(dir.file("ck.optim.safetensors"), firstState);
  Checkpoint read;
  EXPECT_FALSE(readCheckpoint(path, true, read, error));
  EXPECT_NE(error.find("does not belong to"), std::string::npos) << error;
}

TEST(CheckpointTest, NoStateFileWithoutOptimizerState) {
  TempDir dir;
  Checkpoint checkpoint = sampleCheckpoint();
  checkpoint.optimizerState.clear();
  std::string error;
  ASSERT_TRUE(writeCheckpoint(dir.file("w.safetensors"), checkpoint, error));
  EXPECT_FALSE(std::ifstream(dir.file("w.optim.safetensors")).good());
  Checkpoint read;
  ASSERT_TRUE(readCheckpoint(dir.file("w.safetensors"), true, read, error));
  EXPECT_TRUE(read.optimizerState.empty());
}

TEST(CheckpointTest, AgentStateIsASecondSiblingFile) {
  EXPECT_EQ(agentStatePath("a/w.safetensors"), "a/w.agent.safetensors");
  EXPECT_EQ(agentStatePath("weights"), "weights.agent.safetensors");
  TempDir dir;
  std::string path = dir.file("ck.safetensors");
  Checkpoint written = sampleCheckpoint();
  AgentState agent;
  agent.tensors.push_back({"target.fc.weight", {2}, {1.5f, -2.0f}});
  agent.metadata["mdlc.agent.episode"] = "7";
  written.agentState = agent;
  std::string error;
  ASSERT_TRUE(writeCheckpoint(path, written, error)) << error;

  // The weights file still holds the parameters only, and names both.
  SafetensorsFile weights;
  ASSERT_TRUE(SafetensorsFile::read(path, weights, error)) << error;
  EXPECT_EQ(weights.tensors().size(), 2u);
  EXPECT_EQ(weights.metadata().at("mdlc.agent_state"), "ck.agent.safetensors");
  EXPECT_EQ(weights.metadata().at("mdlc.agent_state_fnv1a").size(), 16u);

  Checkpoint read;
  ASSERT_TRUE(readCheckpoint(path, true, read, error)) << error;
  EXPECT_TRUE(read.hasAgentState);
  ASSERT_TRUE(read.agentState);
  ASSERT_EQ(read.agentState->tensors.size(), 1u);
  EXPECT_EQ(read.agentState->tensors[0].name, "target.fc.weight");
  EXPECT_EQ(read.agentState->tensors[0].data, agent.tensors[0].data);
  EXPECT_EQ(read.agentState->metadata, agent.metadata);
  EXPECT_EQ(read.optimizerState.size(), 2u);

  // Without the state, the agent file is not read but is known of.
  ASSERT_TRUE(readCheckpoint(path, false, read, error)) << error;
  EXPECT_TRUE(read.hasAgentState);
  EXPECT_FALSE(read.agentState);

  // An agent file of another save is refused by its hash.
  std::string first = readWholeFile(dir.file("ck.agent.safetensors"));
  written.agentState->metadata["mdlc.agent.episode"] = "8";
  ASSERT_TRUE(writeCheckpoint(path, written, error)) << error;
  writeWholeFile(dir.file("ck.agent.safetensors"), first);
  EXPECT_FALSE(readCheckpoint(path, true, read, error));
  EXPECT_EQ(error, "'" + dir.file("ck.agent.safetensors") +
                       "' does not belong to '" + path +
                       "' (it was written by another save)");
}

TEST(CheckpointTest, MalformedPositionIsAnError) {
  std::optional<RunPosition> position;
  std::string error;
  EXPECT_TRUE(decodeRunPosition({{"format", "pt"}}, position, error));
  EXPECT_FALSE(position.has_value());

  SafetensorsMetadata meta = encodeRunPosition(RunPosition());
  meta["mdlc.step"] = "-4";
  EXPECT_FALSE(decodeRunPosition(meta, position, error));
  EXPECT_NE(error.find("mdlc.step"), std::string::npos) << error;
  meta = encodeRunPosition(RunPosition());
  meta.erase("mdlc.seed");
  EXPECT_FALSE(decodeRunPosition(meta, position, error));
  EXPECT_NE(error.find("mdlc.seed"), std::string::npos) << error;
  meta = encodeRunPosition(RunPosition());
  meta["mdlc.lr"] = "fast";
  EXPECT_FALSE(decodeRunPosition(meta, position, error));
}

TEST(CheckpointTest, FloatDtypesOfPyTorchAreConverted) {
  // F64 1.5, F16 -2.0 and 65504 (max half) and a subnormal, BF16 3.0, I64
  // 300 (batch norm's num_batches_tracked); U8 is refused.
  double f64 = 1.5;
  std::string data(reinterpret_cast<const char *>(&f64), 8);
  data += std::string("\x00\xc0\xff\x7b\x01\x00", 6); // F16 -2, 65504, 2^-24
  data += std::string("\x40\x40", 2);                 // BF16 3.0
  std::string file = makeFile(
      "{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
      "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[8,14]},"
      "\"b\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[14,16]},"
      "\"i\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[16,24]},"
      "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[24,25]}}",
      data + std::string("\x2c\x01\0\0\0\0\0\0\x07", 9));
  SafetensorsFile parsed;
  std::string error;
  ASSERT_TRUE(SafetensorsFile::parse(file, parsed, error)) << error;
  std::vector<float> values;
  ASSERT_TRUE(parsed.readAsF32(*parsed.find("d"), values, error)) << error;
  EXPECT_EQ(values, std::vector<float>{1.5f});
  ASSERT_TRUE(parsed.readAsF32(*parsed.find("h"), values, error)) << error;
  EXPECT_EQ(values, (std::vector<float>{-2.0f, 65504.0f, 5.9604645e-8f}));
  ASSERT_TRUE(parsed.readAsF32(*parsed.find("b"), values, error)) << error;
  EXPECT_EQ(values, std::vector<float>{3.0f});
  ASSERT_TRUE(parsed.readAsF32(*parsed.find("i"), values, error)) << error;
  EXPECT_EQ(values, std::vector<float>{300.0f});
  EXPECT_FALSE(parsed.readAsF32(*parsed.find("u"), values, error));
  EXPECT_NE(error.find("U8"), std::string::npos) << error;
}

TEST(CheckpointTest, MismatchesAreListedBriefly) {
  std::vector<F32Tensor> model = {{"fc1.weight", {4, 3}, {}},
                                  {"fc1.bias", {4}, {}},
                                  {"fc2.weight", {2, 4}, {}}};
  EXPECT_EQ(describeMismatches(model, model), "");
  std::vector<F32Tensor> file = {{"fc1.weight", {3, 4}, {}},
                                 {"fc2.weight", {2, 4}, {}},
                                 {"extra", {1}, {}}};
  EXPECT_EQ(describeMismatches(model, file),
            "'fc1.weight' has shape [3, 4], the model expects [4, 3]; "
            "missing 'fc1.bias'; unexpected 'extra'");
  EXPECT_EQ(describeMismatches(model, {{"a", {}, {}}}),
            "missing 'fc1.weight'; missing 'fc1.bias'; missing 'fc2.weight' "
            "(and 1 more)");
}

} // namespace
