package dev.strata.changes.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouteParameters;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.ChangeRequestService.PromotionPreview;
import dev.strata.changes.Review;
import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.EnvName;
import dev.strata.config.Includes;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.ui.ShownValue;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Proposes bringing {@code target} up to the environment before it: the keys that differ, those
 * expected to differ ({@code envSpecific}) left unchosen, each one selectable; a title and why.
 * Opening it leads to its review page.
 */
public class PromoteDialog extends Dialog {

    private final ChangeRequestService changes;
    private final PromotionPreview preview;

    final Grid<PromotionPreview.Key> keys = new Grid<>();
    final TextField title = new TextField("Title");
    final TextArea description = new TextArea("Why");
    final Button open = new Button("Open change request");
    /** For a shared set: the applications the promotion reaches. */
    final Paragraph reach = new Paragraph();

    private final VerticalLayout content = new VerticalLayout();

    public PromoteDialog(ChangeRequestService changes, AppName app, EnvName target) {
        this.changes = changes;
        this.preview = changes.previewPromotion(app, target);
        setHeaderTitle("Promote " + app + ": " + preview.source() + " → " + target);
        setWidth("min(56rem, 95vw)");
        addClassName("promote-dialog");

        keys.setSelectionMode(Grid.SelectionMode.MULTI);
        keys.setAllRowsVisible(true);
        keys.addColumn(key -> key.key().value()).setHeader("Key").setFlexGrow(1);
        keys.addColumn(key -> ShownValue.of(key.target(), key.defaultValue()))
                .setHeader(target.value() + " now")
                .setFlexGrow(1);
        keys.addColumn(key -> ShownValue.of(key.source(), key.defaultValue()))
                .setHeader("from " + preview.source())
                .setFlexGrow(1);
        keys.addColumn(key -> key.envSpecific() ? "expected to differ: left out unless chosen" : "")
                .setHeader("Note")
                .setFlexGrow(1);
        keys.setItems(preview.keys());
        preview.keys().stream().filter(PromotionPreview.Key::chosen).forEach(keys::select);
        keys.addSelectionListener(
                selection -> open.setEnabled(!selection.getAllSelectedItems().isEmpty() && preview.refusal() == null));

        title.setWidthFull();
        title.setRequired(true);
        title.setMaxLength(ChangeRequest.MAX_TITLE_LENGTH);
        title.setValue("Promote " + app + " from " + preview.source() + " to " + target);
        description.setWidthFull();
        description.setMaxLength(ChangeRequest.MAX_DESCRIPTION_LENGTH);

        content.setPadding(false);
        if (preview.keys().isEmpty()) {
            content.add(new Paragraph(
                    target + " already has every value of " + preview.source() + ": there is nothing to promote."));
        } else {
            content.add(
                    new Paragraph(preview.keys().size() + (preview.keys().size() == 1 ? " key differs" : " keys differ")
                            + ". The chosen ones are proposed for review; approvers of " + target + " decide."),
                    keys,
                    title,
                    description);
        }
        if (preview.refusal() != null) {
            content.add(new Paragraph(preview.refusal()));
        }
        add(content);

        open.addThemeVariants(ButtonVariant.PRIMARY);
        open.setEnabled(preview.refusal() == null && !keys.getSelectedItems().isEmpty());
        open.addClickListener(click -> submit());
        var cancel = new Button("Cancel", click -> close());
        cancel.addThemeVariants(ButtonVariant.TERTIARY);
        getFooter().add(cancel, open);
    }

    /**
     * For a shared set, says which applications promoting its differing keys reaches in the target,
     * as {@code reaches} finds them for those keys.
     */
    public void showReach(Function<Set<SettingKey>, List<Includes.Reach>> reaches) {
        if (preview.keys().isEmpty()) {
            return;
        }
        Set<SettingKey> differing =
                preview.keys().stream().map(PromotionPreview.Key::key).collect(Collectors.toCollection(TreeSet::new));
        List<String> apps = reaches.apply(differing).stream()
                .map(Includes.Reach::app)
                .distinct()
                .toList();
        reach.setText(
                apps.isEmpty()
                        ? "A shared set: no application gets these keys from it in " + preview.target() + "."
                        : "A shared set: this promotion reaches " + apps.size()
                                + (apps.size() == 1 ? " application" : " applications") + " in " + preview.target()
                                + ": " + String.join(", ", apps) + ".");
        reach.addClassName("promote-reach");
        content.addComponentAtIndex(1, reach);
    }

    void submit() {
        Set<SettingKey> chosen = keys.getSelectedItems().stream()
                .map(PromotionPreview.Key::key)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<SettingKey> byDefault = preview.keys().stream()
                .filter(PromotionPreview.Key::chosen)
                .map(PromotionPreview.Key::key)
                .collect(Collectors.toCollection(TreeSet::new));
        try {
            // the default choice is kept as "whatever differs", so that a refresh brings what differs by then
            Review review = changes.openPromotion(
                    preview.app(),
                    preview.target(),
                    preview.source(),
                    chosen.equals(byDefault) ? null : chosen,
                    title.getValue(),
                    description.getValue());
            // the UI first: a closed dialog is no longer attached to it
            getUI().ifPresent(ui ->
                    ui.navigate(ChangeRequestView.class, new RouteParameters("id", String.valueOf(review.id()))));
            close();
        } catch (ValidationException e) {
            var problem = e.problems().getFirst();
            if (problem.subject().equals("title")) {
                title.setInvalid(true);
                title.setErrorMessage(problem.message());
            } else if (problem.subject().equals("description")) {
                description.setInvalid(true);
                description.setErrorMessage(problem.message());
            } else {
                com.vaadin.flow.component.notification.Notification.show(
                        e.getMessage(), 6000, com.vaadin.flow.component.notification.Notification.Position.MIDDLE);
            }
        }
    }
}
