package dev.strata.editing.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.function.SerializableConsumer;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.AppName;
import dev.strata.config.KeySpec;
import dev.strata.config.Schema;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.ApplicationsService;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
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
    final SchemaKeysEditor keys = new SchemaKeysEditor();
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

        add(form, new H3("Keys of the schema"), keys);

        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClickListener(click -> create());
        create.addClickShortcut(Key.ENTER);
        var cancel = new Button("Cancel", click -> close());
        getFooter().add(cancel, create);
    }

    KeySpecFields addKey() {
        return keys.add();
    }

    private void create() {
        List<HasValidation> invalid = new ArrayList<>();
        AppName app =
                KeySpecFields.parse(name, () -> new AppName(name.getValue().strip()), invalid);
        SortedMap<SettingKey, KeySpec> specs = keys.collect(invalid);
        if (!invalid.isEmpty()) {
            return;
        }
        List<String> ownerList = KeySpecFields.list(owners.getValue());
        try {
            var revision =
                    applications.create(app, new Schema(description.getValue().strip(), ownerList, specs));
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

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 5000, Notification.Position.BOTTOM_START).addThemeVariants(variant);
    }
}
