package dev.strata.history.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import dev.strata.changes.ui.ChangeRequestView;
import dev.strata.config.ConflictException;
import dev.strata.config.Revision;
import dev.strata.config.ValidationException;
import dev.strata.history.HistoryService;
import dev.strata.history.HistoryService.Commit;
import dev.strata.history.Reverts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.AccessDeniedException;

/**
 * What a row of the history shows when it is opened: the commit's key-by-key diff, its review,
 * links to the settings at that commit and to a comparison with now, and its revert (offered only
 * where the person may revert, and confirmed first).
 */
final class CommitDetails {

    private final Reverts reverts;
    private final Runnable reload;

    /** @param reload shows the history again after a revert landed on main */
    CommitDetails(Reverts reverts, Runnable reload) {
        this.reverts = reverts;
        this.reload = reload;
    }

    Component of(Commit commit) {
        var diff = new Grid<HistoryService.Change>(HistoryService.Change.class, false);
        diff.addColumn(change -> change.app() + " / " + change.env())
                .setHeader("Where")
                .setAutoWidth(true);
        diff.addColumn(HistoryService.Change::key).setHeader("Key").setAutoWidth(true);
        diff.addColumn(change -> CompareView.before(change, null)).setHeader("Before");
        diff.addColumn(change -> CompareView.after(change, null)).setHeader("After");
        diff.setItems(commit.changes());
        diff.setAllRowsVisible(true);
        diff.addClassName("history-diff");

        var id = new Span("Commit " + commit.revision().id()
                + (commit.parents().isEmpty()
                        ? ""
                        : " · parent "
                                + String.join(
                                        ", ",
                                        commit.parents().stream()
                                                .map(Revision::abbreviated)
                                                .toList()))
                + " · " + commit.email()
                + " · " + HistoryView.ABSOLUTE.format(commit.time()));
        id.addClassName("history-commit-id");
        var box = new VerticalLayout(id);
        if (commit.changeRequest() != null) {
            var review = new Div(
                    new RouterLink(
                            "Change request #" + commit.changeRequest(),
                            ChangeRequestView.class,
                            new RouteParameters("id", commit.changeRequest().toString())),
                    new Span(
                            commit.approvedBy().isEmpty()
                                    ? ""
                                    : " · approved by " + String.join(", ", commit.approvedBy())));
            review.addClassName("history-review");
            box.add(review);
        }
        if (commit.message().lines().count() > 1) {
            box.add(new Span(commit.message().strip()));
        }
        var travel = new Div();
        travel.addClassName("history-exports");
        for (String application : commit.changes().stream()
                .map(HistoryService.Change::app)
                .distinct()
                .toList()) {
            travel.add(new RouterLink(
                    "Settings of " + application + " at this commit",
                    PastSettingsView.class,
                    new RouteParameters(
                            Map.of("app", application, "when", commit.revision().id()))));
            var compare = new RouterLink("Compare " + application + " with now", CompareView.class);
            var parameters = new LinkedHashMap<String, String>();
            parameters.put("app", application);
            parameters.put("from", commit.revision().id());
            compare.setQueryParameters(QueryParameters.simple(parameters));
            travel.add(compare);
        }
        box.add(travel);
        if (!commit.changes().isEmpty()) {
            box.add(diff);
            var revert =
                    new Button("Revert this commit", VaadinIcon.ROTATE_LEFT.create(), click -> confirmRevert(commit));
            revert.addThemeVariants(ButtonVariant.TERTIARY);
            String refusal = reverts.refusal(commit.revision());
            revert.setEnabled(refusal == null);
            revert.setTooltipText(refusal);
            box.add(revert);
        }
        box.setPadding(false);
        return box;
    }

    private void confirmRevert(Commit commit) {
        var dialog = new ConfirmDialog(
                "Revert this commit?",
                "A new commit by you (a change request, where the environment is protected) will undo \""
                        + commit.message().lines().findFirst().orElse("") + "\" in " + HistoryView.where(commit)
                        + ". Keys changed again since are not overwritten.",
                "Revert",
                confirm -> revert(commit));
        dialog.setCancelable(true);
        dialog.open();
    }

    void revert(Commit commit) {
        try {
            var outcome = reverts.revert(commit.revision(), null);
            if (outcome.changeRequest() != null) {
                show(
                        HistoryView.where(commit) + " is protected: the revert is change request #"
                                + outcome.changeRequest() + ", waiting for review.",
                        NotificationVariant.SUCCESS);
                UI.getCurrent().navigate("change-requests/" + outcome.changeRequest());
                return;
            }
            show("Reverted as " + outcome.revision().abbreviated(), NotificationVariant.SUCCESS);
            reload.run();
        } catch (ConflictException e) {
            show(
                    "Not reverted: " + e.getMessage() + " Revert those keys by hand if you still want to.",
                    NotificationVariant.ERROR);
        } catch (AccessDeniedException | ValidationException e) {
            show("Not reverted: " + e.getMessage(), NotificationVariant.ERROR);
        }
    }

    private static void show(String message, NotificationVariant variant) {
        var notification = Notification.show(message, 6000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(variant);
    }
}
