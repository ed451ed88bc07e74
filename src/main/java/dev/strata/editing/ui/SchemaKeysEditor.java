package dev.strata.editing.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.strata.config.KeySpec;
import dev.strata.config.SettingKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The keys of a schema as a list of fields, with adding and removing keys. */
class SchemaKeysEditor extends Div {

    final List<KeySpecFields> keys = new ArrayList<>();
    private final Div keyList = new Div();
    final Button addKey = new Button("Add key", VaadinIcon.PLUS.create(), click -> add());

    SchemaKeysEditor() {
        keyList.addClassName("key-list");
        addKey.addThemeVariants(ButtonVariant.TERTIARY);
        add(keyList, addKey);
    }

    /** Adds empty fields for a new key. */
    KeySpecFields add() {
        KeySpecFields fields = add(new KeySpecFields());
        fields.key.focus();
        return fields;
    }

    KeySpecFields add(KeySpecFields fields) {
        fields.remove.addClickListener(click -> {
            keys.remove(fields);
            keyList.remove(fields);
        });
        keys.add(fields);
        keyList.add(fields);
        return fields;
    }

    /** The fields of {@code key}, if listed. */
    Optional<KeySpecFields> fields(String key) {
        return keys.stream()
                .filter(fields -> fields.key.getValue().strip().equals(key))
                .findFirst();
    }

    /** The keys and their specs; every field that breaks a rule is marked and added to {@code invalid}. */
    SortedMap<SettingKey, KeySpec> collect(List<HasValidation> invalid) {
        TreeMap<SettingKey, KeySpec> specs = new TreeMap<>();
        for (KeySpecFields fields : keys) {
            SettingKey key = fields.name(invalid);
            KeySpec spec = fields.spec(invalid);
            if (key != null && spec != null && specs.putIfAbsent(key, spec) != null) {
                fields.key.setErrorMessage("key " + key + " is listed twice");
                fields.key.setInvalid(true);
                invalid.add(fields.key);
            }
        }
        return specs;
    }
}
