package dev.strata.serving;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Response headers encoded once, added to Tomcat's own list of a response's headers as bytes. A
 * header set as a string is looked up by name in that list first, then encoded and scanned for
 * control characters byte by byte as the response is written: for the dozen headers of a served
 * configuration that was about a tenth of the direct path's CPU time (JFR under wrk). Only for
 * headers that are known not to be set already, since these are added, not replaced.
 * <p>
 * Each response gets copies of the bytes, never the arrays encoded once: Tomcat keeps a header's
 * buffer when it recycles the response and writes into it when a later response on that connection
 * reuses the header's slot for a number (its {@code Content-Length}). With the arrays themselves, a
 * later answer's length overwrote the start of {@code Cache-Control} for every answer after it.
 */
final class HeaderBytes {

    private final byte[][] names;
    private final byte[][] values;

    HeaderBytes(List<Map.Entry<String, String>> headers) {
        names = new byte[headers.size()][];
        values = new byte[headers.size()][];
        for (int i = 0; i < headers.size(); i++) {
            names[i] = latin1(headers.get(i).getKey());
            values[i] = latin1(headers.get(i).getValue());
        }
    }

    void addTo(MimeHeaders headers) {
        for (int i = 0; i < names.length; i++) {
            add(headers, names[i], values[i]);
        }
    }

    static void add(MimeHeaders headers, byte[] name, byte[] value) {
        headers.addValue(name.clone(), 0, name.length).setBytes(value.clone(), 0, value.length);
    }

    /** Header text is ISO-8859-1 on the wire; every header Strata sends is ASCII. */
    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
