#include "observation.h"

#include <map>
#include <set>

namespace interlock::e2e {
namespace {

using Signature = std::pair<std::string, std::vector<int>>;

std::string describe(const Signature &signature) {
  std::string text = signature.first;
  for (int line : signature.second) text += " " + std::to_string(line);
  return text;
}

}  // namespace

std::string describe(const ObservedFinding &finding) {
  std::string text = describe(Signature{finding.kind, finding.lines});
  if (!finding.access_pattern.empty()) text += " [" + finding.access_pattern + "]";
  return text;
}

std::vector<std::string> compare_with_expectations(const std::vector<ExpectedFinding> &expected,
                                                   const std::vector<ObservedFinding> &observed) {
  std::map<Signature, int> expected_count;
  for (const ExpectedFinding &finding : expected) expected_count[{finding.kind, finding.lines}]++;
  std::map<Signature, std::vector<std::string>> observed_patterns;
  for (const ObservedFinding &finding : observed)
    observed_patterns[{finding.kind, finding.lines}].push_back(finding.access_pattern);

  std::vector<std::string> differences;
  for (const auto &[signature, count] : expected_count) {
    auto found = observed_patterns.find(signature);
    const int seen = found == observed_patterns.end() ? 0 : static_cast<int>(found->second.size());
    if (seen < count)
      differences.push_back("missing: " + describe(signature) + " (expected " +
                            std::to_string(count) + ", reported " + std::to_string(seen) + ")");
  }
  for (const auto &[signature, patterns] : observed_patterns) {
    auto wanted = expected_count.find(signature);
    if (wanted == expected_count.end()) {
      differences.push_back("unexpected: " + describe(signature) + " (reported " +
                            std::to_string(patterns.size()) + " time(s))");
      continue;
    }
    const std::set<std::string> distinct(patterns.begin(), patterns.end());
    if (static_cast<int>(patterns.size()) > wanted->second && distinct.size() < patterns.size())
      differences.push_back("duplicate: " + describe(signature) + " reported " +
                            std::to_string(patterns.size()) +
                            " times with a repeated access pattern");
  }
  return differences;
}

std::vector<std::string> compare_observations(const Observation &reference,
                                              const Observation &candidate) {
  std::set<Signature> reference_signatures, candidate_signatures;
  for (const ObservedFinding &finding : reference.findings)
    reference_signatures.insert({finding.kind, finding.lines});
  for (const ObservedFinding &finding : candidate.findings)
    candidate_signatures.insert({finding.kind, finding.lines});
  std::vector<std::string> differences;
  for (const Signature &signature : reference_signatures)
    if (!candidate_signatures.count(signature))
      differences.push_back(reference.tool + " reports " + describe(signature) + ", " +
                            candidate.tool + " does not");
  for (const Signature &signature : candidate_signatures)
    if (!reference_signatures.count(signature))
      differences.push_back(candidate.tool + " reports " + describe(signature) + ", " +
                            reference.tool + " does not");
  return differences;
}

}  // namespace interlock::e2e
