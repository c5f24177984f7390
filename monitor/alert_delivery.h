// Delivering alerts (monitor/alerts.h) from the store's outbox: a webhook's
// JSON POST or an e-mail over SMTP, through libcurl, one attempt at a time.
// SendAlert makes one attempt and never throws for a failed send: the result
// says why, naming the channel and its URL without credentials, the query or
// the fragment. Secrets (the webhook's token, the SMTP password) are read from
// the environment at each attempt; a missing one is an error naming its
// variable; no secret's value ever appears in an error or a log line.
// DeliverDueAlerts sends what the outbox says is due and records each
// attempt: a failed one is tried again after RetryDelay, up to
// kMaxAlertAttempts attempts in all (about 20 hours), then abandoned. An
// alert whose channel the configuration no longer defines is left waiting,
// untried, until a channel of that name is back. After a channel's attempt
// fails, its other due alerts wait for the next call, untried: a dead server
// costs one timeout per call, not one per alert. Each attempt first claims
// its alert (Store::ClaimAlert), so two processes delivering from one store
// never send an alert twice.
// Thread-safety: SendAlert is reentrant; DeliverDueAlerts uses the Store it is given.
#pragma once
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "monitor/alerts.h"
#include "store/store.h"

namespace gapwatch {

struct SendResult {
  bool sent = false;
  std::string error;  // why not, when not sent
};

// One attempt, bounded by channel.timeout_s. A webhook: POST of message.json
// (Content-Type: application/json; charset=utf-8), "Authorization: Bearer" with
// $token_env when the channel names one, X-Gapwatch-Subscription and
// X-Gapwatch-Event (the event key, which with the subscription identifies the
// delivery: a receiver drops repeats by them; bytes other than printable ASCII
// percent-encoded); sent when it answers 2xx; no redirect is followed. An
// e-mail: a MIME message (Subject as RFC 2047 UTF-8 encoded words, the text
// base64-encoded, Message-ID derived from subscription and event key) to each
// of channel.to; smtp:// must upgrade with STARTTLS unless !require_tls,
// smtps:// is TLS from the start.
SendResult SendAlert(const AlertChannel& channel, const AlertMessage& message);

// Queues each message in the store's outbox, due at `now` (Unix seconds), in
// one transaction; returns how many were new: an event its subscription
// already queued (waiting, sent or abandoned) is not queued again.
int EnqueueAlerts(Store& store, const std::vector<AlertMessage>& messages, long long now);

// Attempts in all before an alert is abandoned.
inline constexpr int kMaxAlertAttempts = 12;
// The wait after `failed_attempts` failed attempts (1, 2, …): 60 s doubling
// each time, capped at 6 hours; nullopt once kMaxAlertAttempts have failed.
std::optional<long long> RetryDelay(int failed_attempts);

struct DeliveryCounts {
  int sent = 0;
  int failed = 0;     // to be tried again
  int abandoned = 0;  // failed for the last time
  int deferred = 0;   // due, left untried: their channel failed an attempt in this call
  int waiting = 0;    // due, but their channel is not configured
};

// Sends every alert due at `now` (Unix seconds) whose channel `config`
// defines, oldest first, recording each attempt in `store` as it ends (a
// process killed midway keeps what it sent). One line on `log` per attempt.
DeliveryCounts DeliverDueAlerts(Store& store, const AlertsConfig& config, long long now, std::ostream& log);

}  // namespace gapwatch
