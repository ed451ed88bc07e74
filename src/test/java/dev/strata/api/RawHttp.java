package dev.strata.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests that {@link java.net.http.HttpClient} refuses to send
 * (TRACE, {@code %00}, a 20 KB header, a malformed Accept) and for bodies that are still being sent
 * when the answer arrives. The read timeout only guards against a server that never answers.
 */
final class RawHttp {

    private static final int ANSWER_TIMEOUT_MILLIS = 30_000;

    /** What the server answered; header names in lower case. */
    record Answer(int status, Map<String, String> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    /** Writes the rest of a request body while the answer is awaited; may stop early, or fail once the server closes. */
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private RawHttp() {}

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code head} (request line and headers, without the blank line) and a complete body. */
    static Answer exchange(int port, String head, byte[] body) {
        return exchange(port, head, out -> out.write(body));
    }

    /**
     * Sends {@code head}, then lets {@code body} write from another thread (the server may answer
     * before it has read the body, or without reading it at all) and reads the answer.
     */
    static Answer exchange(int port, String head, Body body) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write((head.strip() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException e) {
                    // the server answered and closed the connection before taking all of the body
                }
            });
            Answer answer = read(socket.getInputStream());
            writer.interrupt();
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(
                    header.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    header.substring(colon + 1).strip());
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            var chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                chunks.write(in.readNBytes(size));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new IOException("the connection ended in the middle of the answer: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
