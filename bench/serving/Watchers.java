import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Holds N watchers (?wait=60 with If-None-Match) on one configuration, runs a command while they
 * are parked (if given; the benchmark measures Strata's heap with it), then commits a change
 * through the management API and measures when each watcher has the whole new configuration.
 * <p>
 * The watchers are plain HTTP/1.1 requests on non-blocking sockets, served by one selector thread:
 * real watchers run on other machines, and a full HTTP client for each of 5,000 connections spent
 * on these same two cores about half a second of the time being measured (1.1 s in all, the server
 * had answered the last of them after 0.65 s).
 * Usage: java Watchers.java <strata-url> <token> <watchers> <person:password> [command]; with STRATA_PID set,
 * it also prints the CPU time Strata spent from the commit to the last delivery.
 */
public class Watchers {

    /** At most this many connections are being opened at once, as real clients start in waves. */
    private static final int OPENING = 200;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        String token = args[1];
        int watchers = Integer.parseInt(args[2]);
        String person = args[3];
        String path = "/api/v1/config/payments/dev";
        String strataPid = System.getenv("STRATA_PID");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        var first = http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        byte[] request = ("GET " + path + "?wait=60 HTTP/1.1\r\nHost: " + base.getAuthority()
                + "\r\nAuthorization: Bearer " + token + "\r\nIf-None-Match: " + etag + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        var clients = new Clients(new InetSocketAddress(base.getHost(), base.getPort()), request, watchers);
        long openStart = System.nanoTime();
        Thread.ofPlatform().name("watchers").start(clients::run);
        clients.opened.await();
        Thread.sleep(5_000); // let the last requests reach the server and be parked
        System.out.printf("watchers opened: %d in %.1f s%n", watchers, (System.nanoTime() - openStart) / 1e9);
        if (!clients.failures.isEmpty()) {
            throw new IllegalStateException("watchers failed before the change: " + clients.failures.peek());
        }
        if (args.length > 4) {
            new ProcessBuilder("sh", "-c", args[4]).inheritIO().start().waitFor();
        }

        String settings = "/api/v1/apps/payments/envs/dev/settings";
        var current = http.send(HttpRequest.newBuilder(base.resolve(settings)).header("Authorization", basic(person)).build(),
                HttpResponse.BodyHandlers.ofString());
        String revision = current.body().replaceAll("(?s).*\"revision\":\"([0-9a-f]{40})\".*", "$1");
        String patch = "{\"baseRevision\":\"" + revision + "\",\"message\":\"benchmark change\",\"set\":{\"BENCH_MARKER\":\""
                + System.nanoTime() + "\"}}";
        long cpuBefore = cpuMillis(strataPid);
        long committed = System.nanoTime();
        var commit = http.send(HttpRequest.newBuilder(base.resolve(settings))
                .header("Authorization", basic(person)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patch)).build(), HttpResponse.BodyHandlers.ofString());
        long acknowledged = System.nanoTime();
        if (commit.statusCode() != 200) {
            throw new IllegalStateException("commit failed: " + commit.statusCode() + " " + commit.body());
        }
        clients.done.await(120, TimeUnit.SECONDS);
        long cpuAfter = cpuMillis(strataPid);

        long last = clients.delivered.stream().mapToLong(Long::longValue).max().orElse(committed);
        System.out.printf("commit acknowledged after %.0f ms%n", (acknowledged - committed) / 1e6);
        System.out.printf("change delivered to %d of %d watchers; the last %.0f ms after the commit was acknowledged"
                + " (%.0f ms after it was sent)%n", clients.delivered.size(), watchers, (last - acknowledged) / 1e6,
                (last - committed) / 1e6);
        if (cpuBefore >= 0 && cpuAfter >= 0) {
            // what the machine's load cannot inflate: the CPU time Strata spent on the commit and the deliveries
            System.out.printf("Strata's CPU time from the commit to the last delivery: %d ms (%.0f µs a watcher)%n",
                    cpuAfter - cpuBefore, 1000.0 * (cpuAfter - cpuBefore) / watchers);
        }
        if (!clients.failures.isEmpty()) {
            System.out.println("failures: " + clients.failures.size() + ", e.g. " + clients.failures.peek());
        }
        System.exit(clients.delivered.size() == watchers ? 0 : 1);
    }

    /** User plus system CPU time of a process, from /proc (Linux); -1 when there is no pid or no /proc. */
    private static long cpuMillis(String pid) {
        if (pid == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks * 1000 / 100; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String basic(String person) {
        return "Basic " + Base64.getEncoder().encodeToString(person.getBytes(StandardCharsets.UTF_8));
    }

    /** The watchers' connections, on one selector: each sends its request once and reads one response. */
    private static final class Clients {

        final ConcurrentLinkedQueue<Long> delivered = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final CountDownLatch opened = new CountDownLatch(1);
        final CountDownLatch done;
        private final InetSocketAddress server;
        private final byte[] request;
        private final int count;
        private final AtomicInteger finished = new AtomicInteger();

        Clients(InetSocketAddress server, byte[] request, int count) {
            this.server = server;
            this.request = request;
            this.count = count;
            this.done = new CountDownLatch(count);
        }

        void run() {
            try (Selector selector = Selector.open()) {
                int started = 0;
                int opening = 0;
                while (finished.get() < count) {
                    while (started < count && opening < OPENING) {
                        SocketChannel channel = SocketChannel.open();
                        channel.configureBlocking(false);
                        channel.connect(server);
                        channel.register(selector, SelectionKey.OP_CONNECT, new Response());
                        started++;
                        opening++;
                    }
                    if (started == count && opening == 0) {
                        opened.countDown();
                    }
                    selector.select(100);
                    for (SelectionKey key : selector.selectedKeys()) {
                        var channel = (SocketChannel) key.channel();
                        var response = (Response) key.attachment();
                        try {
                            if (key.isConnectable()) {
                                channel.finishConnect();
                                channel.write(ByteBuffer.wrap(request)); // a few hundred bytes: one write
                                key.interestOps(SelectionKey.OP_READ);
                                opening--;
                            } else if (key.isReadable() && response.read(channel)) {
                                finish(key, response.failure());
                            }
                        } catch (IOException e) {
                            if (key.isConnectable()) {
                                opening--;
                            }
                            finish(key, e.toString());
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                failures.add(e.toString());
                while (done.getCount() > 0) {
                    done.countDown();
                }
            } finally {
                opened.countDown();
            }
        }

        private void finish(SelectionKey key, String failure) {
            long now = System.nanoTime();
            if (failure == null) {
                delivered.add(now);
            } else {
                failures.add(failure);
            }
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closed either way
            }
            finished.incrementAndGet();
            done.countDown();
        }
    }

    /** One response, read until its body is complete. */
    private static final class Response {

        private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

        private final ByteBuffer buffer = ByteBuffer.allocate(4096);
        private String text = "";

        /** @return true when the response is complete (or the server closed the connection) */
        boolean read(SocketChannel channel) throws IOException {
            int read = channel.read(buffer);
            text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            if (read < 0) {
                return true;
            }
            int headersEnd = text.indexOf("\r\n\r\n");
            if (headersEnd < 0) {
                return false;
            }
            var length = CONTENT_LENGTH.matcher(text);
            int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
            return buffer.position() >= headersEnd + 4 + body;
        }

        /** Null for the new configuration with the benchmark's change; otherwise what came instead. */
        String failure() {
            if (text.startsWith("HTTP/1.1 200") && text.contains("BENCH_MARKER")) {
                return null;
            }
            int line = text.indexOf("\r\n");
            return text.isEmpty() ? "connection closed without an answer" : text.substring(0, line < 0 ? text.length() : line);
        }
    }
}
