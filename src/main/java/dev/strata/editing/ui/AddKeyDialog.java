package dev.strata.editing.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.strata.config.EnvName;
import dev.strata.config.SettingKey;
import dev.strata.config.Settings;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsTable;
import java.util.List;

/**
 * Adds a key to one environment: one the schema declares but the environment does not set, or a
 * new one ad hoc (an optional string). The key and value rules are checked next to their fields.
 */
class AddKeyDialog extends Dialog {

    /** What to do with a key that passed the checks: put it into the draft. */
    interface Adder {
        void add(EnvName env, SettingKey key, String value);
    }

    final Select<EnvName> env = new Select<>();
    final ComboBox<String> key = new ComboBox<>("Key");
    final TextField value = new TextField("Value");
    final Button add = new Button("Add to draft");
    private final SettingsTable table;

    AddKeyDialog(SettingsTable table, List<EnvName> environments, Adder adder) {
        this.table = table;
        setHeaderTitle("Add a key");
        addClassName("add-key-dialog");
        setWidth("min(32rem, 100vw)");
        env.setLabel("Environment");
        env.setItems(environments);
        env.setItemLabelGenerator(EnvName::value);
        env.setValue(environments.getFirst());
        env.addValueChangeListener(change -> offerKeys());
        key.setAllowCustomValue(true);
        key.setHelperText("A key of the schema, or a new one (then it is an optional string)");
        key.addCustomValueSetListener(custom -> key.setValue(custom.getDetail()));
        key.setRequiredIndicatorVisible(true);
        offerKeys();
        value.setValueChangeMode(ValueChangeMode.EAGER);
        var form = new FormLayout(env, key, value);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        add(form);

        add.addThemeVariants(ButtonVariant.PRIMARY);
        add.addClickListener(click -> submit(adder));
        add.addClickShortcut(Key.ENTER);
        getFooter().add(new Button("Cancel", click -> close()), add);
        addOpenedChangeListener(opened -> key.focus());
    }

    /** Keys the schema declares that the chosen environment does not set yet. */
    private void offerKeys() {
        EnvName chosen = env.getValue();
        key.setItems(table.rows().stream()
                .filter(row -> row.declared() && !row.cell(chosen).isSet())
                .map(row -> row.key().value())
                .toList());
    }

    private void submit(Adder adder) {
        SettingKey parsed;
        try {
            parsed = new SettingKey(key.getValue() == null ? "" : key.getValue().strip());
            key.setInvalid(false);
        } catch (ValidationException e) {
            key.setErrorMessage(e.problems().getFirst().message());
            key.setInvalid(true);
            return;
        }
        if (table.row(parsed).map(row -> row.cell(env.getValue()).isSet()).orElse(false)) {
            key.setErrorMessage(parsed + " is already set in " + env.getValue() + "; edit its cell instead");
            key.setInvalid(true);
            return;
        }
        String problem = Settings.valueProblem(value.getValue());
        if (problem == null) {
            problem = table.schema().spec(parsed).problem(value.getValue());
        }
        if (problem != null) {
            value.setErrorMessage(problem);
            value.setInvalid(true);
            return;
        }
        close();
        adder.add(env.getValue(), parsed, value.getValue());
    }
}
