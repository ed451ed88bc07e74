package dev.strata.config;

/**
 * A commit of the configuration repository, by its full 40-hex-digit id (lower case).
 *
 * @param id the commit id
 */
public record Revision(String id) {

    public Revision {
        if (id == null || id.length() != 40) {
            throw new ValidationException(
                    "revision",
                    "a revision is a 40-digit hexadecimal commit id, not "
                            + (id == null ? "nothing" : Rules.quote(id)));
        }
        for (int i = 0; i < 40; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new ValidationException(
                        "revision",
                        "a revision is a 40-digit hexadecimal commit id in lower case; " + Rules.quote(id) + " has "
                                + Rules.quote(String.valueOf(c)) + " at position " + (i + 1));
            }
        }
    }

    /** The first 7 digits, as people write them. */
    public String abbreviated() {
        return id.substring(0, 7);
    }

    @Override
    public String toString() {
        return id;
    }
}
