package dev.strata.editing.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Focusable;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.dom.DomListenerRegistration;
import dev.strata.config.KeySpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The field for one value, fitting its type: a checkbox for bool, a select for enum, number fields,
 * a password field for secrets and a text field for the rest. Values stay text, as in Git.
 */
final class CellEditor {

    private final HasValue<?, ?> field;
    private final Component component;
    private String problem;
    /** The browser's report of keys a number field refuses; null for other fields. */
    DomListenerRegistration refusedKeys;

    /**
     * @param spec    the key's schema entry
     * @param initial the value to start from (pending, in the file, or the default), or null
     * @param label   what the field is for, for screen readers
     */
    CellEditor(KeySpec spec, String initial, String label) {
        component = spec.secret()
                ? passwordField()
                : switch (spec.type()) {
                    case BOOL -> new Checkbox("true".equals(initial));
                    case ENUM -> enumSelect(spec, initial);
                    case INT -> fitsInt(initial) ? integerField(initial) : textField(initial);
                    case NUMBER -> fitsNumber(initial) ? numberField(initial) : textField(initial);
                    case STRING, URL, DURATION, JSON -> textField(initial);
                };
        field = (HasValue<?, ?>) component;
        component.getElement().setAttribute("aria-label", label);
        component.addClassName("cell-editor");
        if (component instanceof IntegerField || component instanceof NumberField) {
            sayWhyKeysAreRefused();
        }
    }

    /**
     * A number field drops every key its pattern refuses, without a word: the browser reports such
     * keys (only those) so that the person reads why nothing appeared.
     */
    private void sayWhyKeysAreRefused() {
        String allowed = component instanceof IntegerField ? "[-+0-9]" : "[-+0-9.]";
        String fits = component instanceof IntegerField ? "a whole number such as 42" : "a number such as 1.5";
        refusedKeys = component
                .getElement()
                .addEventListener("keydown", event -> {
                    String key = event.getEventData().get("event.key").asString();
                    showProblem("'" + key + "' cannot be part of " + fits + ".");
                })
                .addEventData("event.key")
                .setFilter("event.key.length === 1 && !event.ctrlKey && !event.metaKey" + " && !/" + allowed
                        + "/.test(event.key)");
    }

    Component component() {
        return component;
    }

    /** The value as text, or null when the field holds none (an empty number field or password field). */
    String value() {
        return switch (component) {
            case Checkbox box -> String.valueOf(box.getValue());
            case Select<?> select -> (String) select.getValue();
            case IntegerField number -> number.getValue() == null ? null : String.valueOf(number.getValue());
            case NumberField number ->
                number.getValue() == null
                        ? null
                        : BigDecimal.valueOf(number.getValue())
                                .stripTrailingZeros()
                                .toPlainString();
            case PasswordField password -> password.getValue().isEmpty() ? null : password.getValue();
            case TextField text -> text.getValue();
            default -> throw new IllegalStateException("unexpected editor " + component);
        };
    }

    /** Sets the value as a person would, firing the same events. */
    @SuppressWarnings("unchecked")
    void setValue(String value) {
        switch (component) {
            case Checkbox box -> box.setValue("true".equals(value));
            case Select<?> select -> ((Select<String>) select).setValue(value);
            case IntegerField number -> number.setValue(value == null ? null : Integer.valueOf(value));
            case NumberField number -> number.setValue(value == null ? null : Double.valueOf(value));
            case TextField text -> text.setValue(value == null ? "" : value);
            case PasswordField password -> password.setValue(value == null ? "" : value);
            default -> throw new IllegalStateException("unexpected editor " + component);
        }
    }

    void onChange(Runnable listener) {
        field.addValueChangeListener(change -> listener.run());
    }

    /** Shows {@code problem} next to the field, or clears it when null: any message about the value being edited. */
    void showProblem(String problem) {
        this.problem = problem;
        if (component instanceof HasValidation validated) {
            validated.setErrorMessage(problem);
            validated.setInvalid(problem != null);
        }
    }

    /** What {@link #showProblem} shows now, or null. */
    String problem() {
        return problem;
    }

    void focus() {
        if (component instanceof Focusable<?> focusable) {
            focusable.focus();
        }
    }

    private static TextField textField(String initial) {
        var text = new TextField();
        text.setValue(initial == null ? "" : initial);
        text.setValueChangeMode(ValueChangeMode.EAGER);
        text.setWidthFull();
        return text;
    }

    private static PasswordField passwordField() {
        var password = new PasswordField();
        password.setPlaceholder("new secret value");
        password.setValueChangeMode(ValueChangeMode.EAGER);
        password.setWidthFull();
        return password;
    }

    private static Select<String> enumSelect(KeySpec spec, String initial) {
        List<String> items = new ArrayList<>(spec.values());
        if (initial != null && !items.contains(initial)) {
            items.add(initial);
        }
        var select = new Select<String>();
        select.setItems(items);
        select.setValue(initial);
        select.setWidthFull();
        return select;
    }

    private static IntegerField integerField(String initial) {
        var number = new IntegerField();
        number.setValue(initial == null ? null : Integer.valueOf(initial));
        number.setValueChangeMode(ValueChangeMode.EAGER);
        number.setWidthFull();
        return number;
    }

    private static NumberField numberField(String initial) {
        var number = new NumberField();
        number.setValue(initial == null ? null : Double.valueOf(initial));
        number.setValueChangeMode(ValueChangeMode.EAGER);
        number.setWidthFull();
        return number;
    }

    /** Values an int field cannot hold exactly (beyond 32 bits, or not numbers at all) are edited as text. */
    private static boolean fitsInt(String value) {
        if (value == null) {
            return true;
        }
        try {
            Integer.parseInt(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A number field would rewrite 1.50 as 1.5; values it cannot round-trip are edited as text. */
    private static boolean fitsNumber(String value) {
        if (value == null) {
            return true;
        }
        try {
            return BigDecimal.valueOf(Double.parseDouble(value))
                    .stripTrailingZeros()
                    .equals(new BigDecimal(value).stripTrailingZeros());
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
