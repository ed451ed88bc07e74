package dev.strata;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.net.http.HttpClient;

/**
 * Loopback addresses besides 127.0.0.1, one for each class that fails sign-ins on purpose. The sign-in
 * throttle counts failures per address as well as per user name (20 from one address within ten minutes
 * lock it out), so such a class sends its requests from an address of its own and shares the
 * {@link ApiTest} Strata without locking out the classes after it, which sign in from 127.0.0.1. Linux
 * answers on the whole of 127.0.0.0/8.
 */
public enum LoopbackAddress {
    LOCKOUT("127.0.0.11"),
    LOG_FORGING("127.0.0.12"),
    HTTP_ACCESS("127.0.0.13");

    private final String address;

    LoopbackAddress(String address) {
        this.address = address;
    }

    public InetAddress inet() {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address the requests of {@link #client()} come from, as Strata's access log names it. */
    public String text() {
        return address;
    }

    /** A client whose requests come from this address; send them to {@link #base(int)}. */
    public HttpClient client() {
        return HttpClient.newBuilder().localAddress(inet()).build();
    }

    /** A connection to Strata on 127.0.0.1 from this address, for requests written by hand. */
    public Socket socket(int port) throws IOException {
        return new Socket("127.0.0.1", port, inet(), 0);
    }

    /** Strata on 127.0.0.1, since "localhost" may be ::1, which an IPv4 address cannot reach. */
    public static String base(int port) {
        return "http://127.0.0.1:" + port;
    }
}
