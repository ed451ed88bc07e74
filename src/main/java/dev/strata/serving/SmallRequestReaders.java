package dev.strata.serving;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.CharBuffer;
import org.apache.catalina.connector.InputBuffer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each connection's request a {@value #READER_CHARS}-character buffer for
 * {@code getReader()} instead of Tomcat's fixed 8,192 (16 KB of heap). Tomcat allocates that
 * buffer with every connection's request object, whether or not anything reads characters, and
 * offers no setting for it: it was the largest single cost of a client waiting for a change
 * ({@code ?wait=N}), a fifth of the heap that 10,000 of them kept alive. Readers of larger bodies
 * (the UI's requests) decode in more steps; the buffer still grows as {@code mark} needs.
 * <p>
 * The buffer is a private field of Tomcat's: should a later Tomcat rename it, this valve does
 * nothing and says so once at start-up, and the only cost is the heap.
 */
final class SmallRequestReaders extends ValveBase {

    static final int READER_CHARS = 512;

    private static final Logger log = LoggerFactory.getLogger(SmallRequestReaders.class);
    private static final VarHandle INPUT_BUFFER = field(Request.class, "inputBuffer", InputBuffer.class);
    private static final VarHandle CHARS = field(InputBuffer.class, "cb", CharBuffer.class);

    SmallRequestReaders() {
        super(true); // waiting clients are asynchronous requests
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        shrink(request);
        getNext().invoke(request, response);
    }

    /**
     * Once per request object (Tomcat reuses it for the connection's later requests, and keeps a
     * buffer that is not larger than its default), and only while nothing has been read into it.
     */
    private static void shrink(Request request) {
        if (INPUT_BUFFER == null || CHARS == null) {
            return;
        }
        var input = (InputBuffer) INPUT_BUFFER.get(request);
        var chars = (CharBuffer) CHARS.get(input);
        if (chars.capacity() > READER_CHARS && chars.position() == 0 && chars.limit() == 0) {
            CHARS.set(input, CharBuffer.allocate(READER_CHARS).limit(0)); // empty, as Tomcat leaves it
        }
    }

    private static VarHandle field(Class<?> owner, String name, Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Tomcat's {}.{} is not there: each connection keeps Tomcat's 16 KB reader buffer", owner, name, e);
            return null;
        }
    }
}
