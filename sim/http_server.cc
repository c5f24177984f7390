#include "sim/http_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace gapwatch::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kIdleTimeout(60);

std::string ToString(beast::string_view text) { return {text.data(), text.size()}; }

// "127.0.0.1:54321" or "[::1]:54321"; empty when the peer is already gone.
std::string PeerOf(const tcp::socket& socket) {
  beast::error_code error;
  const tcp::endpoint peer = socket.remote_endpoint(error);
  if (error) return "";
  const std::string address = peer.address().to_string();
  return (peer.address().is_v6() ? "[" + address + "]" : address) + ":" + std::to_string(peer.port());
}

// One connection: read a request, answer it, and read the next one while the
// client keeps the connection alive. Owned by its pending I/O operations.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpHandler& handler)
      : client_(PeerOf(socket)), stream_(std::move(socket)), timer_(stream_.get_executor()), handler_(handler) {}

  void ReadRequest() {
    request_ = {};
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

 private:
  HttpRequest ToRequest() {
    HttpRequest request{
        ToString(request_.method_string()), ToString(request_.target()), {}, std::move(request_.body()), client_};
    for (const auto& field : request_) {
      std::string name = ToString(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const std::string value = ToString(field.value());
      const auto [at, added] = request.headers.emplace(name, value);
      if (!added) at->second += ", " + value;
    }
    return request;
  }

  void OnRead(beast::error_code error, std::size_t) {
    if (error) return Close();  // end of stream, timeout or a malformed request
    HttpReply reply;
    try {
      reply = handler_(ToRequest());
    } catch (const std::exception& e) {
      reply = {500, "text/plain;charset=UTF-8", std::string("internal error: ") + e.what() + "\n"};
    }
    response_ = {};
    response_.version(request_.version());
    response_.result(static_cast<unsigned>(reply.status));
    response_.set(http::field::server, "nginx");
    if (!reply.content_type.empty()) response_.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) response_.insert(name, value);
    response_.keep_alive(request_.keep_alive());
    response_.content_length(reply.body.size());  // for HEAD too: what GET would send
    close_after_write_ = false;
    if (request_.method() != http::verb::head) {
      if (reply.sent_body_bytes && *reply.sent_body_bytes < reply.body.size()) {
        reply.body.resize(*reply.sent_body_bytes);
        close_after_write_ = true;  // the rest that Content-Length promised never comes
      }
      response_.body() = std::move(reply.body);
    }
    if (reply.delay.count() <= 0) return Write();
    timer_.expires_after(reply.delay);
    timer_.async_wait([self = shared_from_this()](beast::error_code) { self->Write(); });
  }

  void Write() {
    stream_.expires_after(kIdleTimeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code error, std::size_t) {
    if (error || close_after_write_ || !response_.keep_alive()) return Close();
    ReadRequest();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  const std::string client_;
  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  bool close_after_write_ = false;
  const HttpHandler& handler_;
};

}  // namespace

// Member order matters: the io_context is destroyed before the handler that
// its pending sessions refer to.
struct HttpServer::State {
  HttpHandler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::mutex mutex;  // guards thread and stopped
  std::thread thread;
  bool stopped = false;
  unsigned short port = 0;

  void Accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error == asio::error::operation_aborted) return;  // the acceptor closed
      if (!error) std::make_shared<Session>(std::move(socket), handler)->ReadRequest();
      Accept();
    });
  }
};

HttpServer::HttpServer(const std::string& address, unsigned short port, HttpHandler handler)
    : state_(std::make_unique<State>()) {
  state_->handler = std::move(handler);
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(address), port);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(asio::socket_base::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(asio::socket_base::max_listen_connections);
    state_->port = state_->acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + ": " + e.code().message());
  }
  state_->Accept();
}

HttpServer::~HttpServer() { Stop(); }

unsigned short HttpServer::port() const { return state_->port; }

void HttpServer::Start() {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped || state_->thread.joinable()) return;
  state_->thread = std::thread([state = state_.get()] { state->io.run(); });
}

void HttpServer::Stop() {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) return;
  state_->stopped = true;
  state_->io.stop();
  if (state_->thread.joinable()) state_->thread.join();
  // The serving thread has ended: the sockets can be closed from here.
  beast::error_code ignored;
  state_->acceptor.close(ignored);
}

SiteServers::SiteServers(const std::string& host, unsigned short first_port, std::vector<SimulatedSite> sites)
    : host_(host) {
  for (size_t i = 0; i < sites.size(); ++i) {
    const std::string& name = sites[i].name;
    const size_t port = first_port == 0 ? 0 : first_port + i;
    if (port > 65535)
      throw std::runtime_error("no port left for site " + name + " above " + std::to_string(first_port));
    try {
      servers_.push_back(std::make_unique<HttpServer>(host, static_cast<unsigned short>(port), sites[i].handler));
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("site " + name + ": " + e.what());
    }
    names_.push_back(name);
  }
}

void SiteServers::Start() {
  for (auto& server : servers_) server->Start();
}

void SiteServers::Stop() {
  for (auto& server : servers_) server->Stop();
}

std::string SiteServers::Announcement() const {
  std::string lines;
  for (size_t i = 0; i < servers_.size(); ++i) lines += names_[i] + "=" + BaseUrl(host_, servers_[i]->port()) + "\n";
  return lines;
}

std::string BaseUrl(const std::string& host, unsigned short port) {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace gapwatch::sim
