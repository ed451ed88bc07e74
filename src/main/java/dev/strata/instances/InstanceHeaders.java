package dev.strata.instances;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two headers a client names itself with: {@value #INSTANCE} (1–{@value #MAX_INSTANCE}
 * characters of {@code A-Za-z0-9._:-}) and {@value #LABELS} ({@code key=value,key=value}, at most
 * {@value #MAX_LABELS} labels and {@value #MAX_LABELS_LENGTH} characters). A header that breaks
 * these rules is ignored as a whole, never refused: naming oneself is optional, and the answer must
 * not depend on it. Checked character by character, without regular expressions or allocation, as
 * every served request passes here.
 */
public final class InstanceHeaders {

    public static final String INSTANCE = "Strata-Instance";
    public static final String LABELS = "Strata-Labels";
    static final int MAX_INSTANCE = 128;
    static final int MAX_LABELS = 20;
    static final int MAX_LABELS_LENGTH = 512;
    static final int MAX_LABEL_KEY = 63;

    private InstanceHeaders() {}

    /** Whether {@code id} is an instance id as the header allows it. */
    public static boolean validInstance(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_INSTANCE) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!nameChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code labels} is a label header as allowed: {@code key=value} pairs separated by
     * commas, keys of 1–{@value #MAX_LABEL_KEY} and values of any length of the instance id's
     * characters plus {@code /} (a repeated key: the last value wins).
     */
    public static boolean validLabels(String labels) {
        if (labels == null || labels.isEmpty() || labels.length() > MAX_LABELS_LENGTH) {
            return false;
        }
        int count = 0;
        int start = 0;
        while (start <= labels.length()) {
            int end = labels.indexOf(',', start);
            if (end < 0) {
                end = labels.length();
            }
            int equals = labels.indexOf('=', start);
            if (equals <= start || equals >= end || equals - start > MAX_LABEL_KEY || ++count > MAX_LABELS) {
                return false;
            }
            for (int i = start; i < end; i++) {
                char c = labels.charAt(i);
                if (!(i == equals || nameChar(c) || c == '/' && i > equals)) {
                    return false;
                }
            }
            start = end + 1;
        }
        return true;
    }

    /** The labels of a header that {@link #validLabels} accepted, in their order; none for null. */
    public static Map<String, String> labels(String header) {
        if (header == null) {
            return Map.of();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : header.split(",")) {
            int equals = pair.indexOf('=');
            labels.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return Collections.unmodifiableMap(labels);
    }

    private static boolean nameChar(char c) {
        return c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9'
                || c == '.'
                || c == '_'
                || c == ':'
                || c == '-';
    }
}
