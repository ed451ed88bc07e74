package dev.strata.store;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * Real Git servers on loopback for the remote tests, each serving the bare repositories under a
 * directory: git's own smart HTTP ({@code git http-backend}) behind HTTP Basic, {@code git daemon},
 * and an SSH server (Apache MINA SSHD, running upload-pack and receive-pack) that accepts one key.
 */
final class GitServers {

    private GitServers() {}

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code git http-backend} as CGI behind a JDK HTTP server that asks for one user and token. */
    static final class SmartHttp implements AutoCloseable {

        private final Path root;
        private final String credentials;
        private final int port;
        private HttpServer server;
        private ExecutorService threads;

        SmartHttp(Path root, String user, String token) throws IOException {
            this.root = root;
            this.credentials = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
            this.port = freePort();
            start();
        }

        String url(String repository) {
            return "http://127.0.0.1:" + port + "/" + repository;
        }

        /** Starts serving, again after {@link #stop()}, on the same port. */
        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
            threads = Executors.newCachedThreadPool();
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }

        @Override
        public void close() {
            stop();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                if (!credentials.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                var cgi = new ProcessBuilder("git", "http-backend");
                Map<String, String> env = cgi.environment();
                env.put("GIT_PROJECT_ROOT", root.toString());
                env.put("GIT_HTTP_EXPORT_ALL", "1");
                env.put("REMOTE_USER", "strata");
                env.put("REQUEST_METHOD", exchange.getRequestMethod());
                env.put("PATH_INFO", exchange.getRequestURI().getPath());
                env.put(
                        "QUERY_STRING",
                        exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : exchange.getRequestURI().getRawQuery());
                headerToEnv(exchange, "Content-Type", "CONTENT_TYPE", env);
                headerToEnv(exchange, "Content-Length", "CONTENT_LENGTH", env);
                headerToEnv(exchange, "Content-Encoding", "HTTP_CONTENT_ENCODING", env);
                headerToEnv(exchange, "Git-Protocol", "GIT_PROTOCOL", env);
                Process process =
                        cgi.redirectError(ProcessBuilder.Redirect.DISCARD).start();
                try (OutputStream toCgi = process.getOutputStream();
                        InputStream body = exchange.getRequestBody()) {
                    body.transferTo(toCgi);
                }
                InputStream fromCgi = process.getInputStream();
                int status = 200;
                for (String line = readLine(fromCgi); !line.isEmpty(); line = readLine(fromCgi)) {
                    int colon = line.indexOf(':');
                    String name = line.substring(0, colon).strip();
                    String value = line.substring(colon + 1).strip();
                    if (name.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.substring(0, 3));
                    } else {
                        exchange.getResponseHeaders().add(name, value);
                    }
                }
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    fromCgi.transferTo(out);
                }
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void headerToEnv(
                HttpExchange exchange, String header, String variable, Map<String, String> env) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                env.put(variable, value);
            }
        }

        private static String readLine(InputStream in) throws IOException {
            var line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    /** {@code git daemon} serving the repositories under a directory, pushes allowed. */
    static final class Daemon implements AutoCloseable {

        private final Path root;
        private final int port;
        private Process process;

        Daemon(Path root) throws IOException {
            this.root = root;
            this.port = freePort();
            start();
        }

        String url(String repository) {
            return "git://127.0.0.1:" + port + "/" + repository;
        }

        void start() throws IOException {
            process = new ProcessBuilder(
                            "git",
                            "daemon",
                            "--reuseaddr",
                            "--export-all",
                            "--enable=receive-pack",
                            "--listen=127.0.0.1",
                            "--port=" + port,
                            "--base-path=" + root,
                            root.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("git daemon exited before it listened on port " + port, () -> !process.isAlive())
                    .until(this::listening);
        }

        private boolean listening() {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }

        void stop() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /**
     * An SSH server that lets one key in and runs JGit's upload-pack and receive-pack on the
     * repositories under a directory; it also writes the client's key and a known_hosts file.
     */
    static final class Ssh implements AutoCloseable {

        private final SshServer server;
        private final Path clientKey;
        private final Path knownHosts;

        Ssh(Path root, Path keys) throws Exception {
            Files.createDirectories(keys);
            KeyPair client = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            clientKey = keys.resolve("id_ed25519");
            try (OutputStream out = Files.newOutputStream(clientKey)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "strata-test", null, out);
            }
            PublicKey allowed = client.getPublic();
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(keys.resolve("host-key")));
            server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
            server.setCommandFactory((channel, command) -> new GitCommand(root, command));
            server.start();
            PublicKey hostKey =
                    server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic();
            knownHosts = keys.resolve("known_hosts");
            Files.writeString(
                    knownHosts, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
        }

        String url(String repository) {
            return "ssh://git@127.0.0.1:" + server.getPort() + "/" + repository;
        }

        Path clientKey() {
            return clientKey;
        }

        Path knownHosts() {
            return knownHosts;
        }

        @Override
        public void close() throws IOException {
            server.stop(true);
        }
    }

    /** {@code git-upload-pack '/name'} or {@code git-receive-pack '/name'}, served by JGit. */
    private static final class GitCommand implements Command, Runnable {

        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback exit) {
            this.exit = exit;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread.ofVirtual().start(this);
        }

        @Override
        public void destroy(ChannelSession channel) {}

        @Override
        public void run() {
            List<String> words = List.of(command.split(" ", 2));
            String name = words.get(1).replace("'", "").replaceFirst("^/", "");
            Path path = root.resolve(name).normalize();
            if (!path.startsWith(root) || words.size() != 2) {
                exit.onExit(1, "no such repository");
                return;
            }
            try (Repository repository = new FileRepositoryBuilder()
                    .setGitDir(path.toFile())
                    .setMustExist(true)
                    .build()) {
                switch (words.getFirst()) {
                    case "git-upload-pack" -> new UploadPack(repository).upload(in, out, err);
                    case "git-receive-pack" -> new ReceivePack(repository).receive(in, out, err);
                    default -> throw new IOException("unknown command " + words.getFirst());
                }
                out.flush();
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                exit.onExit(1, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }
}
