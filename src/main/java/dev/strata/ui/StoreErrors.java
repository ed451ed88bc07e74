package dev.strata.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.server.DefaultErrorHandler;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A write the store could not do, from any page, becomes a notification that says so (and why,
 * when the remote Git server is the reason) instead of a silent failure. Views handle the errors
 * a person can act on (validation, conflicts) themselves; this catches what reaches Vaadin.
 */
@Component
class StoreErrors implements VaadinServiceInitListener {

    private static final Logger LOG = LoggerFactory.getLogger(StoreErrors.class);

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(StoreErrors::handle));
    }

    private static void handle(ErrorEvent event) {
        StoreException store = find(event.getThrowable());
        UI ui = UI.getCurrent();
        if (store == null || ui == null) {
            new DefaultErrorHandler().error(event);
            return;
        }
        String text;
        if (store instanceof RemoteUnavailableException) {
            LOG.warn("A write did not reach the remote: {}", store.getMessage());
            text = "Not saved: " + store.getMessage();
        } else {
            LOG.error("The configuration store failed", store);
            text =
                    "Not saved: the configuration repository could not do this right now; nothing was changed. Try again.";
        }
        Notification.show(text, 8000, Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.ERROR);
    }

    private static StoreException find(Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store;
            }
        }
        return null;
    }
}
