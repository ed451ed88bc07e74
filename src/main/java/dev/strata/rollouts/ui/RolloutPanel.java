package dev.strata.rollouts.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.spring.annotation.SpringComponent;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.Rollout;
import dev.strata.instances.InstancesService;
import dev.strata.rollouts.Rollouts;
import java.util.List;
import org.springframework.context.annotation.Scope;

/**
 * The rollouts in progress for an application: "rollout to canary=true in production: 2 of 8
 * instances on the candidate", with Complete and Abort for those who may merge into that
 * environment (the server checks again). Hidden when none is in progress.
 */
@SpringComponent
@Scope("prototype")
public class RolloutPanel extends VerticalLayout {

    private final Rollouts rollouts;
    private final InstancesService instances;
    private AppName app;

    RolloutPanel(Rollouts rollouts, InstancesService instances) {
        this.rollouts = rollouts;
        this.instances = instances;
        addClassName("rollout-panel");
        setPadding(false);
        setSpacing(false);
    }

    /** A panel showing the rollouts of {@code app}: placed by a view with one call, made by Spring for its services. */
    public static RolloutPanel of(AppName app) {
        RolloutPanel panel = VaadinService.getCurrent().getInstantiator().getOrCreate(RolloutPanel.class);
        panel.show(app);
        return panel;
    }

    /** Shows the rollouts of {@code app} in progress now. */
    public void show(AppName app) {
        this.app = app;
        removeAll();
        List<Rollout> mine = rollouts.all().stream()
                .filter(r -> r.target().app().equals(app))
                .toList();
        mine.forEach(rollout -> add(line(rollout)));
        setVisible(!mine.isEmpty());
    }

    private Div line(Rollout rollout) {
        EnvName env = rollout.target().env();
        var fleet = instances.fleet(app, env);
        long onCandidate = fleet.instances().stream()
                .filter(i -> i.revision().equals(rollout.candidate().id()))
                .count();
        int total = fleet.instances().size();
        var text = new Span("Rollout to " + rollout.selector() + " in " + env + ": " + onCandidate + " of " + total
                + (total == 1 ? " instance" : " instances") + " on the candidate "
                + rollout.candidate().abbreviated()
                + " · started by " + rollout.startedBy().name() + " · ");
        var line = new Div(
                text,
                new Anchor("change-requests/" + rollout.changeRequest(), "change request #" + rollout.changeRequest()));
        line.addClassName("rollout-" + env);
        if (rollouts.refusal(app, env) == null) {
            var complete = new Button(
                    "Complete",
                    click -> act(() -> rollouts.complete(app, env), "Everyone in " + env + " gets the change now."));
            complete.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.SMALL);
            complete.addClassName("rollout-complete");
            var abort = new Button(
                    "Abort",
                    click -> act(() -> rollouts.abort(app, env), "Aborted: everyone in " + env + " keeps main."));
            abort.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.SMALL, ButtonVariant.TERTIARY);
            abort.addClassName("rollout-abort");
            line.add(complete, abort);
        }
        return line;
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Notification.show(done).addThemeVariants(NotificationVariant.SUCCESS);
        } catch (RuntimeException e) {
            Notification.show(e.getMessage()).addThemeVariants(NotificationVariant.ERROR);
        }
        show(app);
    }
}
