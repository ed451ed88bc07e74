package dev.strata.changes.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.strata.config.Rollout;
import dev.strata.config.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * In the merge dialog: everyone now, or a gradual rollout to the instances with some labels or to a
 * percentage of them. The selector is checked by the server, which says what is wrong with it.
 */
class RolloutChoice extends VerticalLayout {

    static final String EVERYONE = "Everyone now";
    static final String LABELS = "Instances with labels";
    static final String PERCENT = "A percentage of instances";

    final RadioButtonGroup<String> who = new RadioButtonGroup<>("Who gets it");
    final TextField labels = new TextField("Labels", "canary=true");
    final IntegerField percent = new IntegerField("Percent");

    RolloutChoice() {
        addClassName("rollout-choice");
        setPadding(false);
        who.setItems(EVERYONE, LABELS, PERCENT);
        who.setValue(EVERYONE);
        labels.setHelperText("key=value, separated by commas: instances sending all of them in Strata-Labels");
        percent.setMin(1);
        percent.setMax(100);
        percent.setHelperText("chosen by a stable hash of each instance's Strata-Instance id");
        who.addValueChangeListener(change -> show());
        add(who, labels, percent);
        show();
    }

    private void show() {
        labels.setVisible(LABELS.equals(who.getValue()));
        percent.setVisible(PERCENT.equals(who.getValue()));
    }

    /** The rollout chosen, or null for everyone now. */
    Rollout.@Nullable Selector selector() {
        if (LABELS.equals(who.getValue())) {
            Map<String, String> chosen = new LinkedHashMap<>();
            for (String pair : labels.getValue().split(",")) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new ValidationException("rollout.labels", "labels are key=value, separated by commas");
                }
                chosen.put(
                        pair.substring(0, equals).strip(),
                        pair.substring(equals + 1).strip());
            }
            return Rollout.Selector.byLabels(chosen);
        }
        if (PERCENT.equals(who.getValue())) {
            if (percent.getValue() == null) {
                throw new ValidationException("rollout.percent", "percent is a whole number from 1 to 100");
            }
            return Rollout.Selector.byPercent(percent.getValue());
        }
        return null;
    }
}
