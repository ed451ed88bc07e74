package dev.strata.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

/** The direct path's headers, encoded once, against Tomcat's own list of a response's headers. */
class HeaderBytesTest {

    static final String CACHE_CONTROL = "no-cache, no-store, max-age=0, must-revalidate";

    @Test
    void a_later_answer_on_the_same_tomcat_response_leaves_the_headers_encoded_once_as_they_were() {
        var encodedOnce = new HeaderBytes(List.of(Map.entry("Cache-Control", CACHE_CONTROL)));
        var etag = HeaderBytes.latin1("\"3795d7673dd18aec4f99f187663a910749a53dd9\"");
        var response = new MimeHeaders();

        encodedOnce.addTo(response);
        HeaderBytes.add(response, HeaderBytes.latin1("ETag"), etag);
        // Tomcat recycles the response for the connection's next request, whose length lands in the same
        // slots: a number is written into the buffer a slot kept
        response.recycle();
        response.addValue("Content-Length").setLong(146);
        response.addValue("Content-Length").setLong(7);
        response.recycle();
        encodedOnce.addTo(response);
        HeaderBytes.add(response, HeaderBytes.latin1("ETag"), etag);

        assertThat(response.getHeader("Cache-Control")).isEqualTo(CACHE_CONTROL);
        assertThat(response.getHeader("ETag")).isEqualTo("\"3795d7673dd18aec4f99f187663a910749a53dd9\"");
    }
}
