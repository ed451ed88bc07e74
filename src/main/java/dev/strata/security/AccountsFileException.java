package dev.strata.security;

import dev.strata.StartupProblem;

/** users.yaml or tokens.yaml is unreadable or breaks a rule; the message names the file, the line and the rule. */
class AccountsFileException extends StartupProblem {

    AccountsFileException(String message, Throwable cause) {
        super(message, "Fix the file (the README shows its format) and start Strata again.", cause);
    }
}
