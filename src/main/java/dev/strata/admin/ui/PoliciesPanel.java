package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.admin.PolicyAdministration;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.FreezeWindow;
import dev.strata.config.Revision;
import dev.strata.config.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The policy of each environment, saved as one commit to strata.yaml authored by the admin. If
 * someone changed strata.yaml meanwhile, nothing is saved and the admin is told.
 */
class PoliciesPanel extends VerticalLayout {

    private final PolicyAdministration policies;
    final Grid<Row> grid = new Grid<>();
    final TextField message = new TextField("Why");
    final Button save = new Button("Save policies");
    private Revision base;
    private List<Row> rows = List.of();

    /** One environment's editors; the fields are the draft until saved. */
    static final class Row {
        final String environment;
        final Checkbox isProtected = new Checkbox();
        final IntegerField requiredApprovals = new IntegerField();
        final Checkbox requireOwnerApproval = new Checkbox();
        final TextField soak = new TextField();
        /** One window a line: {@code from until reason}, instants in ISO-8601. */
        final TextArea freeze = new TextArea();

        Row(EnvironmentPolicy policy) {
            environment = policy.name().value();
            isProtected.setValue(policy.isProtected());
            isProtected.setAriaLabel("protected: " + environment);
            requiredApprovals.setValue(policy.requiredApprovals());
            requiredApprovals.setMin(0);
            requiredApprovals.setMax(10);
            requiredApprovals.setStepButtonsVisible(true);
            requiredApprovals.setAriaLabel("required approvals: " + environment);
            requireOwnerApproval.setValue(policy.requireOwnerApproval());
            requireOwnerApproval.setAriaLabel("owner approval required: " + environment);
            soak.setValue(policy.soak().isZero() ? "" : EnvironmentPolicy.formatSoak(policy.soak()));
            soak.setPlaceholder("none");
            soak.setMaxLength(10);
            soak.setWidth("6rem");
            soak.setAriaLabel("soak: " + environment);
            freeze.setValue(policy.freeze().stream()
                    .map(w -> w.from() + " " + w.until() + " " + w.reason())
                    .collect(Collectors.joining("\n")));
            freeze.setPlaceholder("2026-12-20T00:00:00Z 2027-01-04T00:00:00Z year-end freeze");
            freeze.setMaxLength(10_000);
            freeze.setWidthFull();
            freeze.setAriaLabel("freeze windows: " + environment);
        }

        /** The gates as typed, each field marked with what is wrong; null when one is wrong. */
        EnvironmentPolicy gated(EnvironmentPolicy policy) {
            soak.setInvalid(false);
            freeze.setInvalid(false);
            Duration soaking;
            try {
                soaking = soak.getValue().isBlank() ? Duration.ZERO : EnvironmentPolicy.parseSoak(soak.getValue());
                policy.withGates(soaking, List.of());
            } catch (ValidationException e) {
                soak.setErrorMessage(e.problems().getFirst().message());
                soak.setInvalid(true);
                return null;
            }
            List<FreezeWindow> windows = new ArrayList<>();
            List<String> lines =
                    freeze.getValue().lines().filter(line -> !line.isBlank()).toList();
            for (int i = 0; i < lines.size(); i++) {
                String[] parts = lines.get(i).strip().split("\\s+", 3);
                try {
                    if (parts.length < 3) {
                        throw new ValidationException("freeze", "give the start, the end and a reason");
                    }
                    windows.add(new FreezeWindow(
                            EnvironmentPolicy.parseInstant("from", parts[0]),
                            EnvironmentPolicy.parseInstant("until", parts[1]),
                            parts[2]));
                } catch (ValidationException e) {
                    freeze.setErrorMessage(
                            "Line " + (i + 1) + ": " + e.problems().getFirst().message());
                    freeze.setInvalid(true);
                    return null;
                }
            }
            return policy.withGates(soaking, windows);
        }
    }

    PoliciesPanel(PolicyAdministration policies) {
        this.policies = policies;
        setPadding(false);

        grid.addColumn(row -> row.environment)
                .setHeader("Environment")
                .setKey("environment")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.isProtected)
                .setHeader("Protected")
                .setKey("protected")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.requiredApprovals)
                .setHeader("Required approvals")
                .setKey("approvals")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.requireOwnerApproval)
                .setHeader("Owner approval")
                .setKey("owner-approval")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.soak)
                .setHeader("Soak")
                .setKey("soak")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.freeze)
                .setHeader("Freeze windows (from until reason)")
                .setKey("freeze")
                .setFlexGrow(1);
        grid.setAllRowsVisible(true);

        message.setPlaceholder("Change environment policies");
        message.setWidth("30rem");
        message.setMaxWidth("100%");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> save());
        var actions = new HorizontalLayout(message, save);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(
                new Paragraph(
                        "A protected environment takes no direct commits: changes arrive through change requests, "
                                + "which need the required approvals from approvers other than their author. With owner approval, "
                                + "one of them must come from a member of a team that owns the application. A soak (such as 24h) "
                                + "holds a promotion until its values have been in the environment before for that long. In a "
                                + "freeze window nothing merges, unless an admin overrides it with a reason. Saving commits "
                                + "strata.yaml as you."),
                grid,
                actions);
        load();
    }

    private void load() {
        var current = policies.current();
        base = current.revision();
        rows = current.environments().stream().map(Row::new).toList();
        grid.setItems(rows);
        message.clear();
    }

    private void save() {
        List<EnvironmentPolicy> changed = new ArrayList<>();
        for (Row row : rows) {
            Integer approvals = row.requiredApprovals.getValue();
            if (approvals == null || approvals < 0 || approvals > 10) {
                row.requiredApprovals.setErrorMessage("0 to 10");
                row.requiredApprovals.setInvalid(true);
                return;
            }
            row.requiredApprovals.setInvalid(false);
            EnvironmentPolicy gated = row.gated(new EnvironmentPolicy(
                    new EnvName(row.environment),
                    row.isProtected.getValue(),
                    approvals,
                    row.requireOwnerApproval.getValue()));
            if (gated == null) {
                return;
            }
            changed.add(gated);
        }
        if (Outcomes.attempt(() -> policies.save(base, changed, message.getValue()), Map.of())) {
            Outcomes.success("Saved the environment policies.");
        }
        // after a conflict too: what is shown must be what strata.yaml holds now
        load();
    }
}
