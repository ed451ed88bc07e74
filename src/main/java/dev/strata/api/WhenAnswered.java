package dev.strata.api;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/**
 * Runs something once a waiting request ({@code ?wait=N}) has been answered and completed, whoever
 * answered it; a timeout or an error is completed afterwards, so it runs then too.
 */
public final class WhenAnswered implements AsyncListener {

    private final Runnable action;

    public WhenAnswered(Runnable action) {
        this.action = action;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        action.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // answered by the watch, then completed
    }

    @Override
    public void onError(AsyncEvent event) {
        // completed after the error
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // a waiting request starts once
    }
}
