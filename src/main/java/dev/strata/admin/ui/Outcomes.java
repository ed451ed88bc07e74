package dev.strata.admin.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.strata.config.AlreadyExistsException;
import dev.strata.config.ConflictException;
import dev.strata.config.NotFoundException;
import dev.strata.config.ValidationException;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;

/**
 * How the admin page reports what a service said: a broken rule next to the field it concerns
 * (or as a notification when no field does), a refusal or a conflict as a notification.
 */
final class Outcomes {

    private Outcomes() {}

    static void success(String message) {
        Notification.show(message, 4000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.SUCCESS);
    }

    static void failure(String message) {
        Notification.show(message, 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.ERROR);
    }

    /**
     * Runs {@code action}; on a refusal shows it by the field of {@code fields} named like the
     * problem's subject, else as a notification.
     *
     * @return whether the action succeeded
     */
    static boolean attempt(Runnable action, Map<String, HasValidation> fields) {
        fields.values().forEach(field -> field.setInvalid(false));
        try {
            action.run();
            return true;
        } catch (ValidationException e) {
            boolean shown = false;
            for (var problem : e.problems()) {
                HasValidation field = fields.get(problem.subject());
                if (field != null) {
                    field.setErrorMessage(problem.message());
                    field.setInvalid(true);
                    shown = true;
                }
            }
            if (!shown) {
                failure(e.getMessage());
            }
        } catch (AlreadyExistsException e) {
            HasValidation field = fields.getOrDefault("username", fields.get("name"));
            if (field != null) {
                field.setErrorMessage(e.getMessage());
                field.setInvalid(true);
            } else {
                failure(e.getMessage());
            }
        } catch (AccessDeniedException | ConflictException | NotFoundException e) {
            failure(e.getMessage());
        }
        return false;
    }
}
