package dev.strata.editing.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.function.SerializableConsumer;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppName;
import dev.strata.config.KeySpec;
import dev.strata.config.KeyType;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.ApplicationsService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.springframework.security.access.AccessDeniedException;

/**
 * Creating an application with its schema (admins). Each rule the domain enforces is shown next
 * to the field that broke it, so the admin can fix everything in one go.
 */
class NewApplicationDialog extends Dialog {

    private final ApplicationsService applications;
    private final SerializableConsumer<String> created;
    final TextField name = new TextField("Name");
    final TextField description = new TextField("Description");
    final TextField owners = new TextField("Owners");
    final List<KeyFields> keys = new ArrayList<>();
    private final Div keyList = new Div();
    final Button create = new Button("Create application");

    NewApplicationDialog(ApplicationsService applications, SerializableConsumer<String> created) {
        this.applications = applications;
        this.created = created;
        addClassName("new-application-dialog");
        setHeaderTitle("New application");
        setWidth("min(60rem, 100vw)");

        name.setHelperText("Lower-case letters, digits and '-', starting with a letter: payments, order-api");
        name.setRequiredIndicatorVisible(true);
        owners.setHelperText("Teams or people, separated by commas");
        var form = new FormLayout(name, description, owners);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("40rem", 3));

        keyList.addClassName("key-list");
        var addKey = new Button("Add key", VaadinIcon.PLUS.create(), click -> addKey());
        addKey.addThemeVariants(ButtonVariant.TERTIARY);
        add(form, new H3("Keys of the schema"), keyList, addKey);

        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickListener(click -> create());
        create.addClickShortcut(Key.ENTER);
        var cancel = new Button("Cancel", click -> close());
        getFooter().add(cancel, create);
    }

    KeyFields addKey() {
        var fields = new KeyFields();
        fields.remove.addClickListener(click -> {
            keys.remove(fields);
            keyList.remove(fields);
        });
        keys.add(fields);
        keyList.add(fields);
        fields.key.focus();
        return fields;
    }

    private void create() {
        List<HasValidation> invalid = new ArrayList<>();
        AppName app = parse(name, () -> new AppName(name.getValue().strip()), invalid);
        TreeMap<SettingKey, KeySpec> specs = new TreeMap<>();
        for (KeyFields fields : keys) {
            SettingKey key = parse(fields.key, () -> new SettingKey(fields.key.getValue().strip()), invalid);
            KeySpec spec = fields.spec(invalid);
            if (key != null && spec != null && specs.putIfAbsent(key, spec) != null) {
                fields.key.setErrorMessage("key " + key + " is listed twice");
                fields.key.setInvalid(true);
                invalid.add(fields.key);
            }
        }
        if (!invalid.isEmpty()) {
            return;
        }
        List<String> ownerList = Arrays.stream(owners.getValue().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            var revision = applications.create(app, new Schema(description.getValue().strip(), ownerList, specs));
            close();
            notify("Created " + app + " (" + revision.abbreviated() + ").", NotificationVariant.SUCCESS);
            created.accept(app.value());
        } catch (AlreadyExistsException e) {
            name.setErrorMessage(e.getMessage());
            name.setInvalid(true);
        } catch (ValidationException e) {
            notify("Not created: " + e.getMessage(), NotificationVariant.ERROR);
        } catch (AccessDeniedException e) {
            notify(e.getMessage(), NotificationVariant.ERROR);
        }
    }

    /** Builds a domain value from a field, showing the domain's own message next to it when it refuses. */
    private static <T> T parse(TextField field, Supplier<T> build,
                               List<HasValidation> invalid) {
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

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 5000, Notification.Position.BOTTOM_START).addThemeVariants(variant);
    }

    /** The fields of one key of the schema. */
    static class KeyFields extends FlexLayout {

        final TextField key = new TextField("Key");
        final Select<KeyType> type = new Select<>();
        final TextField defaultValue = new TextField("Default");
        final TextField values = new TextField("Allowed values");
        final Checkbox required = new Checkbox("Required");
        final Checkbox secret = new Checkbox("Secret");
        final Checkbox envSpecific = new Checkbox("Differs per environment");
        final TextField keyDescription = new TextField("Description");
        final Button remove = new Button(VaadinIcon.TRASH.create());

        KeyFields() {
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

        KeySpec spec(List<HasValidation> invalid) {
            defaultValue.setInvalid(false);
            values.setInvalid(false);
            List<String> allowed = type.getValue() == KeyType.ENUM
                    ? Arrays.stream(values.getValue().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()
                    : List.of();
            String fallback = defaultValue.getValue().isEmpty() ? null : defaultValue.getValue();
            try {
                return new KeySpec(type.getValue(), fallback, required.getValue(), secret.getValue(),
                        envSpecific.getValue(), keyDescription.getValue().isBlank() ? null : keyDescription.getValue().strip(),
                        allowed);
            } catch (ValidationException e) {
                TextField field = e.problems().getFirst().subject().equals("values") ? values : defaultValue;
                field.setErrorMessage(e.problems().getFirst().message());
                field.setInvalid(true);
                invalid.add(field);
                return null;
            }
        }
    }
}
