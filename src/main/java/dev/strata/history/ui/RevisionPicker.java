package dev.strata.history.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.customfield.CustomField;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.strata.history.HistoryService.Commit;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A point in an application's history, picked rather than typed: one of its recent commits (with
 * message, author and date), or the end of a day. A commit id typed or pasted into the list is taken
 * too. The value is what the address holds: a full commit id, a date such as {@code 2026-11-20}, or
 * the text typed; empty for none.
 */
class RevisionPicker extends CustomField<String> {

    final ComboBox<Commit> commit = new ComboBox<>();
    final DatePicker day = new DatePicker();
    private final List<Commit> commits = new ArrayList<>();
    /** The commits to offer, read when the list first opens: an application's history costs more than the page. */
    private Supplier<List<Commit>> offer = List::of;

    private boolean offered = true;
    /** A commit id typed into the list that is not one of its items; null for none. */
    private String typed;

    private boolean presenting;

    RevisionPicker(String label, String placeholder) {
        setLabel(label);
        addClassName("revision-picker");
        commit.setPlaceholder(placeholder);
        commit.setAriaLabel(label + ": commit");
        commit.setAllowCustomValue(true);
        commit.setClearButtonVisible(true);
        commit.setWidth("22rem");
        commit.setItemLabelGenerator(c -> c.revision().abbreviated() + " · " + firstLine(c.message()));
        commit.setRenderer(new ComponentRenderer<>(RevisionPicker::option));
        commit.addCustomValueSetListener(event -> {
            typed = event.getDetail().strip().isEmpty()
                    ? null
                    : event.getDetail().strip();
            presenting = true;
            commit.clear();
            presenting = false;
            pick(true);
        });
        commit.addValueChangeListener(event -> {
            if (!presenting) {
                typed = null;
                pick(event.getValue() != null);
            }
        });
        commit.getElement().addPropertyChangeListener("opened", "opened-changed", event -> {
            if (commit.isOpened() && !offered) {
                offered = true;
                setCommits(offer.get());
            }
        });
        day.setPlaceholder("or a day");
        day.setAriaLabel(label + ": day");
        day.setClearButtonVisible(true);
        day.setMax(LocalDate.now());
        day.setWidth("10rem");
        day.addValueChangeListener(event -> {
            if (!presenting) {
                pick(false);
            }
        });
        var fields = new FlexLayout(commit, day);
        fields.addClassName("revision-picker-fields");
        add(fields);
    }

    /** A choice in one of the two fields clears the other, so the value is always what is shown. */
    private void pick(boolean fromCommit) {
        presenting = true;
        if (fromCommit) {
            day.clear();
        } else if (day.getValue() != null) {
            commit.clear();
            typed = null;
        }
        presenting = false;
        updateValue();
    }

    /** The commits to offer once the list opens, newest first; until then only the one the value names. */
    void offerCommits(Supplier<List<Commit>> recent) {
        offer = recent;
        offered = false;
        setCommits(List.of());
    }

    /** The commits offered, newest first; the one the value names is kept among them. */
    void setCommits(List<Commit> recent) {
        Commit chosen = commit.getValue();
        commits.clear();
        commits.addAll(recent);
        if (chosen != null && commits.stream().noneMatch(c -> c.revision().equals(chosen.revision()))) {
            commits.add(chosen);
        }
        presenting = true;
        commit.setItems(commits);
        commit.setValue(
                chosen == null
                        ? null
                        : commits.stream()
                                .filter(c -> c.revision().equals(chosen.revision()))
                                .findFirst()
                                .orElse(null));
        presenting = false;
        if (chosen == null && typed != null) {
            show(typed);
        }
    }

    /** Shows {@code found}, the commit the typed value resolved to, as the choice. */
    void resolvedTo(Commit found) {
        if (typed == null && commit.getValue() == null || day.getValue() != null) {
            return;
        }
        if (commits.stream().noneMatch(c -> c.revision().equals(found.revision()))) {
            commits.add(found);
            commit.setItems(commits);
        }
        presenting = true;
        commit.setValue(commits.stream()
                .filter(c -> c.revision().equals(found.revision()))
                .findFirst()
                .orElseThrow());
        presenting = false;
    }

    @Override
    protected String generateModelValue() {
        if (day.getValue() != null) {
            return day.getValue().toString();
        }
        if (commit.getValue() != null) {
            return commit.getValue().revision().id();
        }
        return typed == null ? "" : typed;
    }

    @Override
    protected void setPresentationValue(String value) {
        typed = null;
        show(value == null ? "" : value.strip());
    }

    private void show(String value) {
        presenting = true;
        commit.clear();
        day.clear();
        if (!value.isEmpty()) {
            LocalDate date = date(value);
            String prefix = value.toLowerCase(Locale.ROOT);
            Commit known = commits.stream()
                    .filter(c -> c.revision().id().startsWith(prefix))
                    .findFirst()
                    .orElse(null);
            if (date != null) {
                day.setValue(date);
            } else if (known != null
                    && commits.stream()
                                    .filter(c -> c.revision().id().startsWith(prefix))
                                    .count()
                            == 1) {
                commit.setValue(known);
            } else {
                typed = value;
            }
        }
        presenting = false;
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Div option(Commit c) {
        var id = new Span(c.revision().abbreviated());
        id.addClassName("revision-id");
        var message = new Span(firstLine(c.message()));
        message.addClassName("revision-message");
        var who = new Div(c.author() + " · " + PastSettingsView.ABSOLUTE.format(c.time()));
        who.addClassName("revision-meta");
        var option = new Div(new Div(id, message), who);
        option.addClassName("revision-option");
        return option;
    }

    private static String firstLine(String message) {
        return message.lines().findFirst().orElse("");
    }
}
