package dev.strata.changes.ui;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import dev.strata.changes.ChangeRequestService;
import dev.strata.changes.Review;
import dev.strata.config.AppName;
import dev.strata.config.ChangeRequest;
import dev.strata.config.ChangeRequestEvent;
import dev.strata.config.ConfigSnapshot;
import dev.strata.config.ConfigStore;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.Includes;
import dev.strata.config.NotFoundException;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.ui.EmptyState;
import dev.strata.ui.ShownValue;
import jakarta.annotation.security.PermitAll;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.springframework.security.access.AccessDeniedException;

/**
 * One change request under review, at {@code change-requests/<id>}: what it would change, key by
 * key, its record, and the review actions. Every action goes through the service, which decides;
 * buttons are only enabled when it would agree, and say why when not.
 */
@Route("change-requests/:id")
@PermitAll
public class ChangeRequestView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private final ChangeRequestService changes;
    private final ConfigStore store;
    private long id;
    Review review;

    final H2 title = new H2();
    final Badge state = new Badge();
    final Paragraph summary = new Paragraph();
    final Paragraph description = new Paragraph();
    final Div blockers = new Div();
    final Button approve = new Button("Approve", VaadinIcon.CHECK.create());
    final Button merge = new Button("Merge", VaadinIcon.CHECK_CIRCLE.create());
    final Button refresh = new Button("Refresh", VaadinIcon.REFRESH.create());
    final Button close = new Button("Close");
    final Button reopen = new Button("Reopen");
    final Button overrideFreeze = new Button("Merge despite freeze…", VaadinIcon.UNLOCK.create());
    final Grid<Review.Row> keys = new Grid<>();
    final Div timeline = new Div();
    final TextArea comment = new TextArea("Comment");
    final Button send = new Button("Comment", VaadinIcon.COMMENT.create());

    ChangeRequestView(ChangeRequestService changes, ConfigStore store) {
        this.changes = changes;
        this.store = store;
        addClassName("change-request-view");
        setWidthFull();

        approve.addThemeVariants(ButtonVariant.SUCCESS);
        approve.addClickListener(click -> act(changes::approve, "Approved."));
        merge.addThemeVariants(ButtonVariant.PRIMARY);
        merge.addClickListener(click -> confirmMerge());
        refresh.addThemeVariants(ButtonVariant.TERTIARY);
        refresh.addClickListener(click -> act(changes::refresh, "Refreshed: earlier approvals no longer count."));
        close.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.ERROR);
        close.addClickListener(click -> act(changes::close, "Closed."));
        reopen.addThemeVariants(ButtonVariant.TERTIARY);
        reopen.addClickListener(click -> act(changes::reopen, "Reopened."));
        overrideFreeze.addThemeVariants(ButtonVariant.ERROR);
        overrideFreeze.addClickListener(click -> new FreezeOverrideDialog(
                        review,
                        reason -> act(
                                request -> changes.merge(request, reason),
                                merged -> "Merged despite the freeze; the reason is recorded."))
                .open());

        keys.addClassName("review-grid");
        keys.addThemeVariants(GridVariant.COLUMN_BORDERS, GridVariant.WRAP_CELL_CONTENT);
        keys.setAllRowsVisible(true);
        keys.addColumn(Review.Row::key)
                .setHeader("Key")
                .setWidth("14rem")
                .setFlexGrow(0)
                .setPartNameGenerator(row -> "key");
        keys.addColumn(row -> row.kind().name().toLowerCase(Locale.ROOT))
                .setHeader("Change")
                .setWidth("7rem")
                .setFlexGrow(0);
        keys.addColumn(row -> ShownValue.of(row.current(), row.defaultValue()))
                .setHeader("Now")
                .setFlexGrow(1)
                .setPartNameGenerator(row -> row.conflict() ? "conflict" : null);
        keys.addColumn(row -> ShownValue.of(row.proposed(), row.defaultValue()))
                .setHeader("Proposed")
                .setFlexGrow(1)
                .setPartNameGenerator(row -> row.problem() != null ? "problem" : "proposed");
        keys.addColumn(Review.Row::type).setHeader("Type").setWidth("7rem").setFlexGrow(0);
        keys.addColumn(ChangeRequestView::check).setHeader("Check").setFlexGrow(1);

        comment.setWidthFull();
        comment.setMaxLength(ChangeRequestEvent.MAX_COMMENT_LENGTH);
        comment.setPlaceholder("Ask a question or explain your review (Ctrl+Enter sends)");
        comment.setHelperText("Shown as plain text.");
        send.addClickListener(click -> sendComment());
        send.addClickShortcut(Key.ENTER, KeyModifier.CONTROL).listenOn(comment);
    }

    @Override
    public String getPageTitle() {
        return review == null ? "Change request · Strata" : "#" + review.id() + " " + review.title() + " · Strata";
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String text = event.getRouteParameters().get("id").orElse("");
        try {
            id = Long.parseLong(text);
            show(changes.review(id));
        } catch (NumberFormatException | NotFoundException e) {
            review = null;
            removeAll();
            add(new EmptyState(
                    VaadinIcon.QUESTION_CIRCLE,
                    "There is no such change request",
                    "The address names a change request that does not exist.",
                    new RouterLink("All change requests", ChangeRequestsView.class)));
        }
    }

    /**
     * For a change of a shared set, which applications it reaches in the target environment as
     * things stand now, so that reviewers weigh more than the set; null for an application.
     */
    private String reachText(Review shown) {
        ConfigSnapshot now = store.snapshot();
        AppName set = new AppName(shown.app());
        if (!now.application(set).map(a -> a.schema().shared()).orElse(false)) {
            return null;
        }
        Set<SettingKey> keys =
                shown.changes().stream().map(row -> new SettingKey(row.key())).collect(Collectors.toSet());
        List<String> apps = Includes.reaches(now, set, List.of(new EnvName(shown.target())), keys).stream()
                .map(Includes.Reach::app)
                .toList();
        return apps.isEmpty()
                ? "A shared set: this change reaches no application in " + shown.target() + "."
                : "A shared set: this change reaches " + apps.size()
                        + (apps.size() == 1 ? " application" : " applications") + " in " + shown.target() + ": "
                        + String.join(", ", apps) + ".";
    }

    void show(Review shown) {
        review = shown;
        removeAll();
        title.setText("#" + shown.id() + " " + shown.title());
        state.setText(shown.state().word());
        state.removeThemeVariants(BadgeVariant.values());
        state.addThemeVariants(
                switch (shown.state()) {
                    case OPEN -> BadgeVariant.SUCCESS;
                    case MERGED -> BadgeVariant.CONTRAST;
                    case CLOSED -> BadgeVariant.ERROR;
                });
        summary.removeAll();
        summary.add(
                new Span(who(shown.author()) + " proposes " + what(shown) + " "),
                new Anchor("apps/" + shown.app(), shown.app()),
                new Span(" · opened " + TIME.format(shown.opened()) + " · based on "
                        + shown.base().abbreviated()
                        + (shown.merged() == null
                                ? ""
                                : " · merged as " + shown.merged().abbreviated())));
        summary.addClassName("review-summary");
        description.setText(shown.description());
        description.addClassName("review-description");
        description.setVisible(!shown.description().isBlank());

        var header = new FlexLayout(title, state);
        header.addClassName("review-header");
        add(header, summary, description);

        blockers.removeAll();
        blockers.addClassName("review-status");
        blockers.add(new Span("Approvals: " + shown.approvals().size() + " of " + shown.requiredApprovals()
                + (shown.approvals().isEmpty()
                        ? ""
                        : " ("
                                + String.join(
                                        ", ",
                                        shown.approvals().stream()
                                                .map(a -> a.actor().name())
                                                .toList()) + ")")));
        if (shown.state() == ChangeRequest.State.OPEN) {
            if (shown.blockers().isEmpty()) {
                blockers.add(line(VaadinIcon.CHECK_CIRCLE, "Ready to merge.", "review-ready"));
            }
            shown.blockers().forEach(reason -> blockers.add(line(VaadinIcon.WARNING, reason, "review-blocker")));
            shown.notes().forEach(note -> blockers.add(line(VaadinIcon.INFO_CIRCLE, note, "review-note")));
            String reach = reachText(shown);
            if (reach != null) {
                blockers.add(line(VaadinIcon.CONNECT, reach, "review-reach"));
            }
        }
        add(blockers);

        enable(approve, shown.may().approve());
        enable(merge, shown.may().merge());
        enable(refresh, shown.may().refresh());
        enable(close, shown.may().close());
        enable(reopen, shown.may().reopen());
        enable(overrideFreeze, shown.may().overrideFreeze());
        var actions = new FlexLayout(approve, merge, refresh, close, reopen, overrideFreeze);
        actions.addClassName("review-actions");
        approve.setVisible(shown.state() == ChangeRequest.State.OPEN);
        merge.setVisible(shown.state() == ChangeRequest.State.OPEN);
        refresh.setVisible(shown.state() == ChangeRequest.State.OPEN);
        close.setVisible(shown.state() == ChangeRequest.State.OPEN);
        reopen.setVisible(shown.state() == ChangeRequest.State.CLOSED);
        overrideFreeze.setVisible(shown.state() == ChangeRequest.State.OPEN && shown.freeze() != null);
        add(actions);

        keys.setItems(shown.changes());
        add(new H3("Changes to " + shown.target()), keys);

        timeline.removeAll();
        timeline.addClassName("review-timeline");
        shown.events().forEach(event -> timeline.add(entry(event)));
        comment.clear();
        add(new H3("Activity"), timeline, comment, send);
    }

    private static Div line(VaadinIcon icon, String text, String className) {
        var line = new Div(icon.create(), new Span(text));
        line.addClassName(className);
        return line;
    }

    private static void enable(Button button, String refusal) {
        button.setEnabled(refusal == null);
        button.setTooltipText(refusal);
    }

    private static String who(Review.Participant person) {
        return person.name() + " (" + person.username() + ")";
    }

    private static String what(Review shown) {
        return switch (shown.kind()) {
            case PROMOTION -> "promoting " + shown.source() + " → " + shown.target() + " of";
            case EDIT -> "a change to " + shown.target() + " of";
            case REVERT -> "reverting " + shown.revertOf().abbreviated() + " in " + shown.target() + " of";
        };
    }

    private static String check(Review.Row row) {
        if (row.conflict()) {
            return "Changed in the target since proposed: refresh";
        }
        return row.problem() != null ? row.problem() : "OK";
    }

    private static Div entry(Review.Event event) {
        String what = switch (event.type()) {
            case OPENED -> "opened it";
            case COMMENTED -> "commented";
            case APPROVED -> "approved";
            case REFRESHED -> "refreshed it (approvals reset)";
            case MERGED -> "merged it as " + event.revision().abbreviated();
            case CLOSED -> "closed it";
            case REOPENED -> "reopened it";
        };
        var head = new Div(new Span(event.actor().name()), new Span(" " + what + " · " + TIME.format(event.time())));
        head.addClassName("event-head");
        var entry = new Div(head);
        entry.addClassNames("event", "event-" + event.type().word());
        if (event.text() != null) {
            // setText: a comment is shown as written, never interpreted as HTML
            var text = new Div();
            text.setText(event.text());
            text.addClassName("event-text");
            entry.add(text);
        }
        return entry;
    }

    private void sendComment() {
        try {
            show(changes.comment(id, comment.getValue()));
        } catch (ValidationException e) {
            comment.setInvalid(true);
            comment.setErrorMessage(e.problems().getFirst().message());
        }
    }

    /** Merging changes what the target's applications are served, so it is confirmed first, naming them. */
    private void confirmMerge() {
        String where = review.target() + " of " + review.app();
        var rollout = new RolloutChoice();
        var confirm = new ConfirmDialog(
                "Merge into " + where + "?",
                "The proposed values become the settings of " + where
                        + ": applications reading them get them at once, or, rolled out, only the instances chosen until it is"
                        + " completed.",
                "Merge",
                ok -> act(
                        request -> changes.merge(request, null, rollout.selector()),
                        merged -> merged.state() == ChangeRequest.State.OPEN
                                ? "Rolling out: the chosen instances of " + merged.target()
                                        + " get these values; complete or abort it on the application's page."
                                : "Merged: " + merged.target() + " of " + merged.app() + " now has these values."));
        confirm.add(rollout);
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("primary");
        confirm.open();
    }

    private void act(LongFunction<Review> action, String done) {
        act(action, result -> done);
    }

    private void act(LongFunction<Review> action, Function<Review, String> done) {
        try {
            Review result = action.apply(id);
            show(result);
            notify(done.apply(result), NotificationVariant.SUCCESS);
        } catch (AccessDeniedException | ConflictException | ValidationException e) {
            notify(e.getMessage(), NotificationVariant.ERROR);
            show(changes.review(id));
        }
    }

    private static void notify(String text, NotificationVariant variant) {
        Notification.show(text, 5000, Notification.Position.BOTTOM_START).addThemeVariants(variant);
    }
}
