package dev.strata.api;

import dev.strata.config.ValidationException;
import tools.jackson.databind.JsonNode;

/**
 * Values as clients send them: a JSON string as it is (as people and .env files write values),
 * or a typed JSON value (number, boolean, object or array for {@code json} keys) as its text.
 * Either way the schema then checks the text against the key's type.
 */
public final class JsonValues {

    private JsonValues() {}

    public static String text(String subject, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new ValidationException(subject, "null is not a value; to remove a key, list it in 'unset'");
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toString(); // read as BigDecimal (application.properties): every digit given
        }
        if (value.isFloatingPointNumber()) {
            throw new ValidationException(subject, "the number cannot be read exactly; send it as a string");
        }
        if (value.isNumber() || value.isBoolean()) {
            return value.asString();
        }
        return value.toString();
    }
}
