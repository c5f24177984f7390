// tests/support/smtp_sink.py as a process: an SMTP server on 127.0.0.1 that
// accepts every message and records what arrived (envelope, headers decoded by
// Python's own e-mail parser, body, whether STARTTLS happened), one JSON
// object a line. With TLS it presents a certificate MakeTestCertificate made.
#pragma once
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/support/process.h"

namespace gapwatch::testing {

struct TestCertificate {
  std::string certificate;  // PEM, self-signed for 127.0.0.1: a client's ca_file
  std::string key;          // PEM
};
// Makes one with the openssl command in `directory` (created when missing); throws when it cannot.
TestCertificate MakeTestCertificate(const std::filesystem::path& directory);

class SmtpSink {
 public:
  // tls: "starttls" (offered, upgrades when asked), "implicit" (smtps) or "none".
  // reject_auth: every AUTH gets a 535 that echoes the credentials, as a careless server might.
  SmtpSink(const std::filesystem::path& directory, const std::string& tls, const TestCertificate& certificate,
           bool reject_auth = false);
  std::string url(const std::string& scheme = "smtp") const { return scheme + "://127.0.0.1:" + port_; }
  const std::string& port() const { return port_; }
  // The records of `kind` ("message", or "session" as each connection ends)
  // once there are `count` of them, waiting up to 10 s for them.
  std::vector<nlohmann::json> Records(const std::string& kind, std::size_t count = 1) const;

 private:
  std::filesystem::path out_;
  BackgroundProcess process_;
  std::string port_;
};

}  // namespace gapwatch::testing
