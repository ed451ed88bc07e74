package dev.strata.admin.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.notifications.DeliveryLog;
import dev.strata.notifications.Webhook;
import dev.strata.notifications.Webhooks;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The webhooks Strata posts its events to: added with a dialog that marks each wrong field, pinged,
 * removed, and their last deliveries with the answers. Secrets are typed once and never shown again.
 */
class NotificationsPanel extends VerticalLayout {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private final Webhooks webhooks;
    final Grid<Webhook> grid = new Grid<>();
    final Button add = new Button("New webhook", VaadinIcon.PLUS.create());
    final Grid<DeliveryLog.Entry> deliveries = new Grid<>();
    final H4 deliveriesTitle = new H4();

    NotificationsPanel(Webhooks webhooks) {
        this.webhooks = webhooks;
        setPadding(false);
        grid.addColumn(Webhook::name).setHeader("Name").setKey("name").setAutoWidth(true);
        grid.addColumn(webhook -> webhook.url().toString())
                .setHeader("URL")
                .setKey("url")
                .setFlexGrow(1);
        grid.addColumn(webhook -> String.join(", ", webhook.events()))
                .setHeader("Events")
                .setKey("events")
                .setFlexGrow(1);
        grid.addColumn(webhook -> webhook.format().word())
                .setHeader("Format")
                .setKey("format")
                .setAutoWidth(true);
        grid.addColumn(webhook -> webhook.signed() ? "yes" : "no")
                .setHeader("Signed")
                .setKey("signed")
                .setAutoWidth(true);
        grid.addComponentColumn(this::actions).setHeader("").setKey("actions").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addSelectionListener(
                selection -> showDeliveries(selection.getFirstSelectedItem().orElse(null)));

        deliveries
                .addColumn(entry -> TIME.format(entry.time()))
                .setHeader("Time")
                .setKey("time")
                .setAutoWidth(true);
        deliveries
                .addColumn(DeliveryLog.Entry::event)
                .setHeader("Event")
                .setKey("event")
                .setAutoWidth(true);
        deliveries
                .addColumn(DeliveryLog.Entry::attempt)
                .setHeader("Try")
                .setKey("attempt")
                .setAutoWidth(true);
        deliveries
                .addColumn(entry -> entry.status() == 0 ? "–" : String.valueOf(entry.status()))
                .setHeader("Status")
                .setKey("status")
                .setAutoWidth(true);
        deliveries
                .addColumn(DeliveryLog.Entry::outcome)
                .setHeader("Outcome")
                .setKey("outcome")
                .setAutoWidth(true);
        deliveries
                .addColumn(DeliveryLog.Entry::answer)
                .setHeader("Answer")
                .setKey("answer")
                .setFlexGrow(1);
        deliveries.setAllRowsVisible(true);
        deliveries.setVisible(false);
        deliveriesTitle.setVisible(false);

        add.addClickListener(click -> new WebhookDialog().open());
        add(
                new Paragraph(
                        "Strata POSTs JSON (or Slack's {text}) to these addresses when someone commits or acts on a "
                                + "change request, signed with X-Strata-Signature-256 when the webhook has a secret. Failed deliveries "
                                + "are retried for 24 hours. Payloads name keys, never their values. Select a webhook to see its last "
                                + "deliveries."),
                add,
                grid,
                deliveriesTitle,
                deliveries);
        load();
    }

    private void load() {
        grid.setItems(webhooks.list());
    }

    private HorizontalLayout actions(Webhook webhook) {
        var ping = new Button("Send a ping", click -> {
            if (Outcomes.attempt(() -> webhooks.ping(webhook.name()), Map.of())) {
                Outcomes.success("Ping queued for " + webhook.name() + "; its delivery shows below.");
                grid.select(webhook);
            }
        });
        ping.addThemeVariants(ButtonVariant.TERTIARY);
        var delete = new Button("Delete", click -> {
            if (Outcomes.attempt(() -> webhooks.delete(webhook.name()), Map.of())) {
                Outcomes.success("Deleted webhook " + webhook.name() + ".");
                showDeliveries(null);
                load();
            }
        });
        delete.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.ERROR);
        return new HorizontalLayout(ping, delete);
    }

    void showDeliveries(Webhook webhook) {
        deliveries.setVisible(webhook != null);
        deliveriesTitle.setVisible(webhook != null);
        if (webhook != null) {
            deliveriesTitle.setText("Last deliveries to " + webhook.name());
            deliveries.setItems(webhooks.deliveries(webhook.name()));
        }
    }

    /** A new webhook; each broken rule is shown next to its field. */
    final class WebhookDialog extends Dialog {

        final TextField name = new TextField("Name");
        final TextField url = new TextField("URL");
        final CheckboxGroup<String> events = new CheckboxGroup<>("Events");
        final PasswordField secret = new PasswordField("Secret (optional)");
        final RadioButtonGroup<String> format = new RadioButtonGroup<>("Format");
        final Button create = new Button("Create");

        WebhookDialog() {
            setHeaderTitle("New webhook");
            name.setPlaceholder("team-chat");
            name.setMaxLength(63);
            url.setPlaceholder("https://hooks.example.com/strata");
            url.setMaxLength(Webhook.MAX_URL_LENGTH);
            url.setWidthFull();
            events.setItems(new TreeSet<>(Webhook.EVENTS));
            secret.setMaxLength(Webhook.MAX_SECRET_LENGTH);
            secret.setHelperText("Signs each body; shown only now.");
            format.setItems("json", "slack");
            format.setValue("json");
            create.addThemeVariants(ButtonVariant.PRIMARY);
            create.addClickListener(click -> {
                if (Outcomes.attempt(
                        () -> webhooks.create(
                                name.getValue(),
                                url.getValue(),
                                new ArrayList<>(events.getValue()),
                                secret.getValue(),
                                format.getValue()),
                        Map.of("name", name, "url", url, "events", events, "secret", secret, "format", format))) {
                    Outcomes.success("Created webhook " + name.getValue() + ".");
                    close();
                    load();
                }
            });
            add(new VerticalLayout(name, url, events, secret, format));
            getFooter().add(new Button("Cancel", click -> close()), create);
        }
    }
}
