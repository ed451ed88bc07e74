package dev.strata.security;

import dev.strata.StartupProblem;

/** users.yaml is unreadable or breaks a rule; the message names the file, the line and the rule. */
class AccountsFileException extends StartupProblem {

    AccountsFileException(String message, Throwable cause) {
        super(message, "Fix the file (see the users.yaml example in the README) and start Strata again.", cause);
    }
}
