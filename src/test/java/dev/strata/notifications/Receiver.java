package dev.strata.notifications;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** A webhook receiver on a local port: keeps what it got and answers as the test tells it. */
final class Receiver implements AutoCloseable {

    /** One request, as received. */
    record Received(String event, String delivery, String signature, String contentType, String body) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    /** The status of the n-th request (1 for the first). */
    private volatile IntUnaryOperator status = n -> 200;

    private volatile Map<String, String> headers = Map.of();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(new Received(
                    h.getFirst("X-Strata-Event"),
                    h.getFirst("X-Strata-Delivery"),
                    h.getFirst("X-Strata-Signature-256"),
                    h.getFirst("Content-Type"),
                    new String(body, StandardCharsets.UTF_8)));
            int code = status.applyAsInt(calls.incrementAndGet());
            headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] answer = ("answer " + code).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    void answer(IntUnaryOperator byCall) {
        status = byCall;
    }

    void answerHeaders(Map<String, String> extra) {
        headers = extra;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String event) {
        return received.stream().filter(r -> event.equals(r.event())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
