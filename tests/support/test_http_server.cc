#include "tests/support/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace gapwatch::testing {

TestHttpServer::TestHttpServer(std::function<TestResponse(const TestRequest&)> handler) : handler_(std::move(handler)) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener_, 16) != 0) {
    throw std::runtime_error("test server: cannot listen on 127.0.0.1");
  }
  socklen_t length = sizeof address;
  ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

TestHttpServer::~TestHttpServer() {
  stopping_ = true;
  thread_.join();
  ::close(listener_);
}

std::vector<TestRequest> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void TestHttpServer::Serve() {
  while (!stopping_) {
    pollfd waiting{listener_, POLLIN, 0};
    if (::poll(&waiting, 1, 50) <= 0) continue;
    const int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) continue;
    std::string received;
    char buffer[4096];
    while (received.find("\r\n\r\n") == std::string::npos) {
      const ssize_t count = ::recv(connection, buffer, sizeof buffer, 0);
      if (count <= 0) break;
      received.append(buffer, static_cast<size_t>(count));
    }
    TestRequest request;
    const auto line_end = received.find("\r\n");
    const std::string line = received.substr(0, line_end);
    const auto first_space = line.find(' ');
    const auto second_space = line.find(' ', first_space + 1);
    request.method = line.substr(0, first_space);
    request.target = line.substr(first_space + 1, second_space - first_space - 1);
    request.headers = received.substr(line_end + 2);
    request.received_at = std::chrono::steady_clock::now();
    const auto head_end = received.find("\r\n\r\n");
    if (const auto length_at = received.find("Content-Length: ");
        length_at != std::string::npos && length_at < head_end) {
      const size_t length = std::stoul(received.substr(length_at + 16));
      request.body = received.substr(head_end + 4);
      while (request.body.size() < length) {
        const ssize_t count = ::recv(connection, buffer, sizeof buffer, 0);
        if (count <= 0) break;
        request.body.append(buffer, static_cast<size_t>(count));
      }
      request.headers = received.substr(line_end + 2, head_end + 4 - (line_end + 2));
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
    }
    const TestResponse response = handler_(request);
    std::this_thread::sleep_for(response.delay);
    const std::string reply = "HTTP/1.1 " + std::to_string(response.status) +
                              " X\r\nContent-Length: " + std::to_string(response.body.size()) +
                              "\r\nConnection: close\r\n" + response.headers + "\r\n" + response.body;
    ::send(connection, reply.data(), reply.size(), MSG_NOSIGNAL);
    ::close(connection);
  }
}

}  // namespace gapwatch::testing
