// The trading platform's request signature (SITES.md §2.2, "Anti-crawl
// headers"), as the simulated ygp search API checks it:
//   X-Dgi-Req-App: ggzy-portal
//   X-Dgi-Req-Nonce: 16 ASCII letters or digits
//   X-Dgi-Req-Timestamp: milliseconds since the epoch, digits only (any value:
//     the simulator has no clock a test could rely on, so it does not judge age)
//   X-Dgi-Req-Signature: lower-case hex SHA-256 of
//     nonce + salt + CanonicalBody(body) + timestamp
// The real client-side salt is unknown; kYgpSignatureSalt stands in for it
// (gapwatch's sites.yaml reads the salt from an environment variable).
// SHA-256 comes from OpenSSL's libcrypto. Pure functions, thread-safe.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gapwatch::sim {

inline constexpr char kYgpSignatureSalt[] = "gapwatch-sim-ygp-salt-2024";

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// The canonical form of a JSON object body: its top-level keys in ascending
// byte order, each as key=value joined by '&', where a string value is its
// text URL-decoded (%XX and '+'), a number, true, false or null is written as
// in the body, and an array or object is its compact JSON. nullopt when the
// body is not a JSON object.
std::optional<std::string> CanonicalBody(std::string_view body);

// The signature a client must send for this request.
std::string YgpSignature(std::string_view nonce, std::string_view salt, std::string_view canonical_body,
                         std::string_view timestamp);

// Whether the request carries the four headers, well formed, and a signature
// matching its body under `salt`. `headers` have lower-case names.
bool HasValidYgpSignature(const std::map<std::string, std::string>& headers, std::string_view body,
                          std::string_view salt);

}  // namespace gapwatch::sim
