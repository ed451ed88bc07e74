package dev.strata.formats;

import java.util.List;
import java.util.Map;

/**
 * What a reader found in a text: the settings in the order of the text, and what is wrong with it.
 *
 * @param settings keys and values (for .env, variable names and values); meaningless when there are errors
 * @param errors   the mistakes, each with its line and column; when any, nothing may be taken from the text
 */
public record Reading(Map<String, String> settings, List<FormatError> errors) {

    public Reading {
        settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        errors = List.copyOf(errors);
    }
}
