package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.function.SerializableConsumer;
import dev.strata.config.KeyConflict;
import dev.strata.config.Schema;
import dev.strata.config.Secrecy;
import dev.strata.config.SettingKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Someone else changed keys this draft changes too. Shows base, theirs and yours for each, and lets
 * the person keep theirs or use theirs key by key; nothing is overwritten without that choice.
 */
class ConflictDialog extends Dialog {

    static final String KEEP_THEIRS = "Keep theirs";
    static final String USE_MINE = "Use mine";

    final Map<SettingKey, RadioButtonGroup<String>> choices = new LinkedHashMap<>();
    final Button apply = new Button("Save with these choices");

    ConflictDialog(
            String env, List<KeyConflict> conflicts, Schema schema, SerializableConsumer<Set<SettingKey>> onResolve) {
        setHeaderTitle("Someone else changed the same keys");
        addClassName("conflict-dialog");
        setWidth("min(48rem, 100vw)");
        add(new Paragraph("While you edited, these keys of " + env + " were changed and committed by someone else. "
                + "Choose for each which value to keep; your other changes are kept as they are."));
        for (KeyConflict conflict : conflicts) {
            boolean secret = schema.spec(conflict.key()).secret();
            var key = new Span(conflict.key().value());
            key.addClassName("conflict-key");
            var values = new Div(
                    line("base", conflict.base(), secret),
                    line("theirs", conflict.current(), secret),
                    line("yours", conflict.proposed(), secret));
            values.addClassName("conflict-values");
            var choice = new RadioButtonGroup<String>();
            choice.setItems(KEEP_THEIRS, USE_MINE);
            choice.setValue(KEEP_THEIRS);
            choice.setAriaLabel("Which value of " + conflict.key() + " to keep");
            choices.put(conflict.key(), choice);
            var item = new Div(key, values, choice);
            item.addClassName("conflict");
            add(item);
        }
        apply.addThemeVariants(ButtonVariant.PRIMARY);
        apply.addClickListener(click -> {
            close();
            onResolve.accept(choices.entrySet().stream()
                    .filter(e -> KEEP_THEIRS.equals(e.getValue().getValue()))
                    .map(Map.Entry::getKey)
                    .collect(Collectors.toSet()));
        });
        getFooter().add(new Button("Cancel", click -> close()), apply);
    }

    private static Div line(String label, String value, boolean secret) {
        var name = new Span(label);
        name.addClassName("conflict-label");
        String shown = value == null ? "(not set)" : Secrecy.shown(secret, value);
        var text = new Span(shown);
        text.addClassName("conflict-value");
        return new Div(name, text);
    }
}
