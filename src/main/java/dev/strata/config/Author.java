package dev.strata.config;

/**
 * The person a change is attributed to, as written in the commit's author line.
 *
 * @param name  display name, one line
 * @param email e-mail address, one line, without angle brackets
 */
public record Author(String name, String email) {

    public Author {
        check("author name", name, 200);
        check("author email", email, 320);
        if (!email.contains("@")) {
            throw new ValidationException("author email", "author email " + Rules.quote(email) + " must contain '@'");
        }
    }

    /** Names and e-mails end up in commit headers: a newline or '<' there would forge other headers. */
    private static void check(String subject, String text, int max) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(subject, subject + " must not be empty");
        }
        if (text.length() > max) {
            throw new ValidationException(
                    subject, subject + " is " + text.length() + " characters long; at most " + max + " are allowed");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '<' || c == '>') {
                throw new ValidationException(subject, subject + " must not contain control characters, '<' or '>'");
            }
        }
    }

    @Override
    public String toString() {
        return name + " <" + email + ">";
    }
}
