package dev.strata.config;

import java.util.Objects;

/**
 * Someone who acts on a change request: the account that did it (what rules compare, such as
 * "never one's own") and the name and e-mail its commits carry.
 *
 * @param username the account name
 * @param author   the name and e-mail of the person
 */
public record Actor(String username, Author author) {

    public Actor {
        Objects.requireNonNull(author, "author");
        if (username == null
                || username.isBlank()
                || username.length() > 100
                || username.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new ValidationException(
                    "username", "a user name is 1 to 100 characters without spaces or control characters");
        }
    }

    public String name() {
        return author.name();
    }
}
