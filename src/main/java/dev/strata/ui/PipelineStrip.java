package dev.strata.ui;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.strata.config.EnvironmentPolicy;
import java.util.List;

/** The environments in promotion order, as a row: dev → staging → production, protected ones marked. */
public class PipelineStrip extends Div {

    public PipelineStrip(List<EnvironmentPolicy> environments) {
        addClassName("pipeline");
        getElement().setAttribute("aria-label", "Promotion pipeline");
        for (int i = 0; i < environments.size(); i++) {
            EnvironmentPolicy env = environments.get(i);
            if (i > 0) {
                var arrow = new Span("→");
                arrow.addClassName("pipeline-arrow");
                arrow.getElement().setAttribute("aria-hidden", "true");
                add(arrow);
            }
            var stage = new Badge(env.name().value());
            stage.addClassName("pipeline-stage");
            if (env.isProtected()) {
                stage.setIcon(VaadinIcon.LOCK.create());
                stage.getElement()
                        .setAttribute(
                                "title",
                                env.name() + " is protected: changes arrive through change requests"
                                        + (env.requiredApprovals() > 0
                                                ? " with " + env.requiredApprovals() + " approval(s)"
                                                : ""));
            } else {
                stage.addThemeVariants(BadgeVariant.SUCCESS);
                stage.getElement().setAttribute("title", env.name() + " takes direct commits from its editors");
            }
            add(stage);
        }
    }
}
