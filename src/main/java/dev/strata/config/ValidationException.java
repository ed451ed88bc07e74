package dev.strata.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that breaks a rule of the domain. Carries one {@link Problem} per broken rule, so that a
 * client can show each next to the key or field it concerns.
 */
public class ValidationException extends RuntimeException {

    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.stream().map(p -> p.subject() + ": " + p.message()).collect(Collectors.joining("; ")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public ValidationException(String subject, String message) {
        this(List.of(new Problem(subject, message)));
    }

    public List<Problem> problems() {
        return problems;
    }
}
