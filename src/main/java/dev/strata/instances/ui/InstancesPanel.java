package dev.strata.instances.ui;

import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.spring.annotation.SpringComponent;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.instances.InstancesService;
import dev.strata.instances.InstancesService.Fleet;
import dev.strata.instances.InstancesService.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Scope;

/**
 * What runs an application, per environment: "7 of 8 instances on a1b2c3d", and under it the
 * instances that lag behind (their revision, when last seen) and those that stopped polling.
 * Environments without instances are left out, and the panel hides when no instance was seen.
 * One per view, which shows it with {@link #show}.
 */
@SpringComponent
@Scope("prototype")
public class InstancesPanel extends VerticalLayout {

    private final InstancesService instances;

    InstancesPanel(InstancesService instances) {
        this.instances = instances;
        addClassName("instances-panel");
        setPadding(false);
        setSpacing(false);
    }

    /** Shows the instances of {@code app} in each of {@code envs}, as they are now. */
    public void show(AppName app, List<EnvName> envs) {
        removeAll();
        Instant now = Instant.now();
        for (EnvName env : envs) {
            Fleet fleet = instances.fleet(app, env);
            if (!fleet.instances().isEmpty() || fleet.unnamed() > 0) {
                add(environment(env, fleet, now));
            }
        }
        setVisible(getComponentCount() > 0);
    }

    private static Details environment(EnvName env, Fleet fleet, Instant now) {
        var summary = new Span(env + ": " + summary(fleet));
        var details = new Details(summary);
        details.addClassName("instances-" + env);
        fleet.instances().stream()
                .filter(i -> !i.current() || i.stale())
                .forEach(instance -> details.add(line(instance, now)));
        if (fleet.unnamed() > 0) {
            details.add(
                    new Div(fleet.unnamed() + " unnamed (clients that send no Strata-Instance header, by address)"));
        }
        return details;
    }

    /** "7 of 8 instances on a1b2c3d", with the stale and unnamed ones counted after it. */
    public static String summary(Fleet fleet) {
        int total = fleet.instances().size();
        String text = fleet.current() + " of " + total + (total == 1 ? " instance" : " instances") + " on "
                + fleet.revision().abbreviated();
        long stale = fleet.instances().stream().filter(Instance::stale).count();
        if (stale > 0) {
            text += " · " + stale + " stale";
        }
        if (fleet.unnamed() > 0) {
            text += " · " + fleet.unnamed() + " unnamed";
        }
        return text;
    }

    /** For a cell of the overview: " · 7/8 instances current"; nothing without instances. */
    public static String count(Fleet fleet) {
        return fleet == null || fleet.instances().isEmpty()
                ? ""
                : " · " + fleet.current() + "/" + fleet.instances().size() + " instances current";
    }

    private static Div line(Instance instance, Instant now) {
        String labels = instance.labels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        var text = new Span(instance.id() + (labels.isEmpty() ? "" : " (" + labels + ")") + " · "
                + (instance.current() ? "current" : "on " + instance.revision().substring(0, 7))
                + " · last seen " + ago(Duration.between(instance.lastSeen(), now)) + " from " + instance.address());
        var line = new Div(text);
        line.addClassName(instance.stale() ? "instance-stale" : "instance-lagging");
        if (instance.stale()) {
            var icon = VaadinIcon.WARNING.create();
            icon.setSize("var(--lumo-icon-size-s, 1em)");
            line.addComponentAsFirst(icon);
            line.add(new Span(" · stale: not seen for longer than it usually polls"));
        }
        return line;
    }

    static String ago(Duration age) {
        if (age.toMinutes() < 1) {
            return "just now";
        }
        if (age.toHours() < 1) {
            return age.toMinutes() + " min ago";
        }
        return age.toHours() + (age.toHours() == 1 ? " hour ago" : " hours ago");
    }
}
