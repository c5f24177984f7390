#include "sim/http_server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace gapwatch::sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kIdleTimeout(60);

std::string_view ToStd(beast::string_view text) { return {text.data(), text.size()}; }

// One connection: read a request, answer it, and read the next one while the
// client keeps the connection alive. Owned by its pending I/O operations.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const HttpHandler& handler) : stream_(std::move(socket)), handler_(handler) {}

  void ReadRequest() {
    request_ = {};
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, request_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

 private:
  void OnRead(beast::error_code error, std::size_t) {
    if (error) return Close();  // end of stream, timeout or a malformed request
    HttpReply reply;
    try {
      reply = handler_(ToStd(request_.method_string()), ToStd(request_.target()));
    } catch (const std::exception& e) {
      reply = {500, "text/plain;charset=UTF-8", std::string("internal error: ") + e.what() + "\n"};
    }
    response_ = {};
    response_.version(request_.version());
    response_.result(static_cast<unsigned>(reply.status));
    response_.set(http::field::server, "nginx");
    response_.set(http::field::content_type, reply.content_type);
    response_.keep_alive(request_.keep_alive());
    if (request_.method() == http::verb::head) {
      response_.content_length(reply.body.size());  // what GET would send
    } else {
      response_.body() = std::move(reply.body);
      response_.prepare_payload();
    }
    stream_.expires_after(kIdleTimeout);
    http::async_write(stream_, response_, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code error, std::size_t) {
    if (error || !response_.keep_alive()) return Close();
    ReadRequest();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
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

}  // namespace gapwatch::sim
