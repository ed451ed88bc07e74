package dev.strata.admin.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import dev.strata.config.Replication;
import dev.strata.config.ReplicationStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The remote Git repository this instance keeps in step with: its address (without password),
 * whether it answers, the last fetch and push, and why it is refused when it is. Refreshed every
 * few seconds while open; "Fetch now" does not wait for the interval.
 */
class RemotePanel extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int REFRESH_MILLIS = 3000;

    private final Replication replication;
    final Span state = new Span();
    final Span remote = new Span();
    final Span branch = new Span();
    final Span lastFetch = new Span();
    final Span lastPush = new Span();
    final Div problem = new Div();
    final Button fetchNow = new Button("Fetch now", VaadinIcon.REFRESH.create());
    private Registration polling;

    RemotePanel(Replication replication) {
        this.replication = replication;
        addClassName("remote-panel");
        var facts = new FormLayout();
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        facts.addFormItem(state, "State");
        facts.addFormItem(remote, "Remote");
        facts.addFormItem(branch, "Branch");
        facts.addFormItem(lastFetch, "Last fetch");
        facts.addFormItem(lastPush, "Last push");
        problem.addClassName("remote-problem");
        fetchNow.addClickListener(click -> {
            replication.fetchSoon();
            Notification.show("Fetching from the remote…", 3000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.INFO);
        });
        add(facts, problem, fetchNow);
        show();
    }

    void show() {
        ReplicationStatus status = replication.status();
        state.setText(
                status.divergence() != null
                        ? "Refused: the remote's history was rewritten"
                        : status.failure() != null
                                ? "Cannot reach the remote; writes fail until it is back"
                                : "In step");
        state.setClassName("remote-state");
        state.addClassName(status.healthy() ? "in-step" : "out-of-step");
        remote.setText(status.remote());
        branch.setText(status.branch());
        lastFetch.setText(when(status.lastFetch()));
        lastPush.setText(when(status.lastPush()));
        String why = status.divergence() != null ? status.divergence() : status.failure();
        problem.setText(why == null ? "" : why);
        problem.setVisible(why != null);
    }

    private static String when(Instant time) {
        if (time == null) {
            return "not yet";
        }
        long seconds = Math.max(0, Duration.between(time, Instant.now()).toSeconds());
        return TIME.format(time) + " (" + (seconds < 120 ? seconds + " s ago" : seconds / 60 + " min ago") + ")";
    }

    @Override
    protected void onAttach(AttachEvent event) {
        event.getUI().setPollInterval(REFRESH_MILLIS);
        polling = event.getUI().addPollListener(poll -> show());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        polling.remove();
    }
}
