package dev.strata.serving;

import org.apache.coyote.http11.Http11NioProtocol;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes Tomcat's per-connection buffers for thousands of waiting clients ({@code ?wait=N}). A
 * waiting request keeps its connection's buffers for up to a minute; with Tomcat's defaults that
 * came to about 110 KB per waiter, and 5,000 waiters exhausted a 512 MB heap. Smaller socket
 * buffers, a smaller response buffer and 4 KB for response headers
 * ({@code server.tomcat.max-http-response-header-size}) brought it to about 70 KB; a heap histogram
 * of 2,000 parked waiters then showed three more costs no request of Strata's needs: 8 KB for the
 * trailer of a chunked request body (now {@value #TRAILER_BYTES} bytes: Strata reads no trailers), the
 * socket's read buffer, which Tomcat also adds to each request-header buffer (now
 * {@value #READ_BUFFER_BYTES} bytes: headers are read in more calls, not refused), and a 16 KB
 * character buffer for {@code getReader()} ({@link SmallRequestReaders}); and the response buffer
 * (twice its size again in characters) went from 2 KB to {@value #RESPONSE_BUFFER_BYTES} bytes: a
 * configuration is written in one piece past it, and the socket's write buffer still gathers headers
 * and body into one write. Together about 38 KB per waiter. What Strata sends and
 * receives is small (a configuration, a page of the UI, a JSON edit); larger bodies take a few more
 * writes. Request headers keep their full 8 KB, for the cookies of the UI.
 */
@Component
class ServingConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int SOCKET_BUFFER_BYTES = 4096;
    static final int READ_BUFFER_BYTES = 1024;
    static final int TRAILER_BYTES = 1024;
    static final int RESPONSE_BUFFER_BYTES = 1024;

    private final ObjectProvider<DirectServing> direct;

    ServingConnector(ObjectProvider<DirectServing> direct) {
        this.direct = direct;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(SmallResponseBuffers.class.getName());
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(READ_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(SOCKET_BUFFER_BYTES));
            connector.setProperty("maxTrailerSize", Integer.toString(TRAILER_BYTES));
        });
        // the readers first: a waiting client's connection keeps its buffers, whichever way it is answered
        factory.addEngineValves(new SmallRequestReaders(), new DirectServing.Valve(direct));
    }

    /**
     * HTTP/1.1 whose responses buffer {@value #RESPONSE_BUFFER_BYTES} bytes (and as many chars)
     * instead of 8 KB: the size the connector gives each response comes from here, and Tomcat
     * offers no property for it. Tomcat creates the protocol from its class name, hence public.
     */
    public static class SmallResponseBuffers extends Http11NioProtocol {
        @Override
        public int getDesiredBufferSize() {
            return RESPONSE_BUFFER_BYTES;
        }

        private volatile boolean initialised;

        @Override
        public void init() throws Exception {
            super.init(); // names the connector after its domain
            initialised = true;
        }

        /**
         * None once the connector is set up, so that Tomcat keeps no JMX name and no global list
         * entry per request processor: its MBean registry is off (Spring Boot's default), so nothing
         * reads them, yet Tomcat registered each new processor under a lock and, when its cache of
         * 200 idle ones was full, removed it from that list by a linear search. With 10,000 waiters
         * answered at once that search alone was 6.5 % of the delivery's CPU time (JFR).
         */
        @Override
        public String getDomain() {
            return initialised ? null : super.getDomain();
        }
    }
}
