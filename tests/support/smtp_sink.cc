#include "tests/support/smtp_sink.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace gapwatch::testing {

TestCertificate MakeTestCertificate(const std::filesystem::path& directory) {
  std::filesystem::create_directories(directory);
  const TestCertificate made{(directory / "cert.pem").string(), (directory / "key.pem").string()};
  const CommandResult result = RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                                           "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                                           "-keyout", made.key, "-out", made.certificate});
  if (result.exit_status != 0) {
    throw std::runtime_error("openssl could not make a test certificate (scripts/setup installs it): " + result.err);
  }
  return made;
}

namespace {

std::vector<std::string> SinkCommand(const std::filesystem::path& out, const std::string& tls,
                                     const TestCertificate& certificate, bool reject_auth) {
  std::vector<std::string> arguments = {"/usr/bin/python3",
                                        std::string(GAPWATCH_SOURCE_DIR) + "/tests/support/smtp_sink.py",
                                        "--out",
                                        out.string(),
                                        "--tls",
                                        tls,
                                        "--cert",
                                        certificate.certificate,
                                        "--key",
                                        certificate.key};
  if (reject_auth) arguments.push_back("--reject-auth");
  return arguments;
}

}  // namespace

SmtpSink::SmtpSink(const std::filesystem::path& directory, const std::string& tls, const TestCertificate& certificate,
                   bool reject_auth)
    : out_((std::filesystem::create_directories(directory), directory / ("smtp-" + tls + ".jsonl"))),
      process_(SinkCommand(out_, tls, certificate, reject_auth)) {
  const std::string line = process_.ReadLine();
  if (line.rfind("port ", 0) == 0) port_ = line.substr(5);
}

std::vector<nlohmann::json> SmtpSink::Records(const std::string& kind, std::size_t count) const {
  std::vector<nlohmann::json> found;
  for (int wait = 0; wait < 200; ++wait) {
    found.clear();
    std::ifstream in(out_);
    for (std::string line; std::getline(in, line);) {
      nlohmann::json entry = nlohmann::json::parse(line);
      if (entry["kind"] == kind) found.push_back(std::move(entry));
    }
    if (found.size() >= count) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return found;
}

}  // namespace gapwatch::testing
