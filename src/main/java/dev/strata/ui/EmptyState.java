package dev.strata.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;

/** What a page shows when it has nothing to list: what would be here and how it gets there. */
public class EmptyState extends Div {

    public EmptyState(VaadinIcon icon, String title, String explanation, Component... actions) {
        addClassName("empty-state");
        var symbol = icon.create();
        symbol.addClassName("empty-state-icon");
        add(symbol, new H2(title), new Paragraph(explanation));
        add(actions);
    }
}
