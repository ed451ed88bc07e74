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
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.admin.PolicyAdministration;
import dev.strata.config.EnvName;
import dev.strata.config.EnvironmentPolicy;
import dev.strata.config.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        }
    }

    PoliciesPanel(PolicyAdministration policies) {
        this.policies = policies;
        setPadding(false);

        grid.addColumn(row -> row.environment).setHeader("Environment").setKey("environment").setAutoWidth(true);
        grid.addComponentColumn(row -> row.isProtected).setHeader("Protected").setKey("protected").setAutoWidth(true);
        grid.addComponentColumn(row -> row.requiredApprovals).setHeader("Required approvals").setKey("approvals")
                .setAutoWidth(true);
        grid.addComponentColumn(row -> row.requireOwnerApproval).setHeader("Owner approval").setKey("owner-approval")
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);

        message.setPlaceholder("Change environment policies");
        message.setWidth("30rem");
        message.setMaxWidth("100%");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickListener(click -> save());
        var actions = new HorizontalLayout(message, save);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new Paragraph("A protected environment takes no direct commits: changes arrive through change requests, "
                + "which need the required approvals from approvers other than their author. With owner approval, "
                + "one of them must come from a member of a team that owns the application. Saving commits "
                + "strata.yaml as you."), grid, actions);
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
            changed.add(new EnvironmentPolicy(new EnvName(row.environment), row.isProtected.getValue(), approvals,
                    row.requireOwnerApproval.getValue()));
        }
        if (Outcomes.attempt(() -> policies.save(base, changed, message.getValue()), Map.of())) {
            Outcomes.success("Saved the environment policies.");
        }
        // after a conflict too: what is shown must be what strata.yaml holds now
        load();
    }
}
