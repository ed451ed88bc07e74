package dev.strata.editing.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** The fields of one key of a schema, for creating an application and for editing its schema. */
class KeySpecFields extends FlexLayout {

    final TextField key = new TextField("Key");
    final Select<KeyType> type = new Select<>();
    final TextField defaultValue = new TextField("Default");
    final TextField values = new TextField("Allowed values");
    final Checkbox required = new Checkbox("Required");
    final Checkbox secret = new Checkbox("Secret");
    final Checkbox envSpecific = new Checkbox("Differs per environment");
    final TextField keyDescription = new TextField("Description");
    final Button remove = new Button(VaadinIcon.TRASH.create());

    KeySpecFields() {
        addClassName("key-fields");
        type.setLabel("Type");
        type.setItems(KeyType.values());
        type.setItemLabelGenerator(KeyType::schemaName);
        type.setValue(KeyType.STRING);
        values.setHelperText("Separated by commas");
        values.setVisible(false);
        type.addValueChangeListener(change -> values.setVisible(change.getValue() == KeyType.ENUM));
        remove.addThemeVariants(ButtonVariant.TERTIARY);
        remove.setAriaLabel("Remove this key");
        remove.setTooltipText("Remove this key");
        add(key, type, defaultValue, values, keyDescription, required, secret, envSpecific, remove);
    }

    /** Fields showing an existing key. */
    static KeySpecFields of(SettingKey name, KeySpec spec) {
        var fields = new KeySpecFields();
        fields.key.setValue(name.value());
        fields.type.setValue(spec.type());
        fields.defaultValue.setValue(spec.defaultValue() == null ? "" : spec.defaultValue());
        fields.values.setValue(String.join(", ", spec.values()));
        fields.required.setValue(spec.required());
        fields.secret.setValue(spec.secret());
        fields.envSpecific.setValue(spec.envSpecific());
        fields.keyDescription.setValue(spec.description() == null ? "" : spec.description());
        return fields;
    }

    /** The key's name, or null with the domain's message next to the field. */
    SettingKey name(List<HasValidation> invalid) {
        return parse(key, () -> new SettingKey(key.getValue().strip()), invalid);
    }

    KeySpec spec(List<HasValidation> invalid) {
        defaultValue.setInvalid(false);
        values.setInvalid(false);
        List<String> allowed = type.getValue() == KeyType.ENUM ? list(values.getValue()) : List.of();
        String fallback = defaultValue.getValue().isEmpty() ? null : defaultValue.getValue();
        try {
            return new KeySpec(
                    type.getValue(),
                    fallback,
                    required.getValue(),
                    secret.getValue(),
                    envSpecific.getValue(),
                    keyDescription.getValue().isBlank()
                            ? null
                            : keyDescription.getValue().strip(),
                    allowed);
        } catch (ValidationException e) {
            TextField field = e.problems().getFirst().subject().equals("values") ? values : defaultValue;
            field.setErrorMessage(e.problems().getFirst().message());
            field.setInvalid(true);
            invalid.add(field);
            return null;
        }
    }

    /** Shows a problem the service found with this key next to the field it concerns. */
    void showProblem(String message) {
        TextField field = message.contains("default") ? defaultValue : key;
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    /** A comma-separated list, trimmed, without empty entries. */
    static List<String> list(String text) {
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Builds a domain value from a field, showing the domain's own message next to it when it refuses. */
    static <T> T parse(TextField field, Supplier<T> build, List<HasValidation> invalid) {
        try {
            T value = build.get();
            field.setInvalid(false);
            return value;
        } catch (ValidationException e) {
            field.setErrorMessage(e.problems().getFirst().message());
            field.setInvalid(true);
            invalid.add(field);
            return null;
        }
    }
}
