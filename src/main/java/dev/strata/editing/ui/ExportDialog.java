package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.strata.config.AppName;
import dev.strata.config.EnvName;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsTable;
import dev.strata.editing.SettingsTransfer;
import dev.strata.formats.FileFormat;
import dev.strata.security.Person;
import dev.strata.security.Role;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Downloads one environment's settings as .env, .properties, YAML or JSON, read when the download starts. */
class ExportDialog extends Dialog {

    final Select<EnvName> env = new Select<>();
    final RadioButtonGroup<FileFormat> format = new RadioButtonGroup<>("Format");
    final Anchor download = new Anchor();
    final Paragraph secrets = new Paragraph();

    ExportDialog(SettingsTransfer settings, AppName app, SettingsTable table) {
        setHeaderTitle("Download settings");
        addClassName("export-dialog");
        setWidth("min(30rem, 100vw)");
        env.setLabel("Environment");
        env.setItems(table.columns().stream().map(SettingsTable.Column::env).toList());
        env.setItemLabelGenerator(EnvName::value);
        env.setValue(table.columns().getFirst().env());
        format.setItems(FileFormat.values());
        format.setItemLabelGenerator(FileFormat::label);
        format.setValue(FileFormat.ENV);
        secrets.addClassName("export-secrets");

        download.setHref(DownloadHandler.fromInputStream(event -> {
            SettingsTransfer.Export export;
            try {
                export = settings.export(app, env.getValue(), format.getValue());
            } catch (ValidationException e) {
                return DownloadResponse.error(
                        422, e.getMessage()); // .env: two keys become one variable, as the page shows
            }
            byte[] bytes = export.content().getBytes(StandardCharsets.UTF_8);
            return new DownloadResponse(
                    new ByteArrayInputStream(bytes),
                    export.fileName(),
                    export.mediaType() + "; charset=UTF-8",
                    bytes.length);
        }));
        download.getElement().setAttribute("download", true);
        download.add(new Button("Download", VaadinIcon.DOWNLOAD.create()));
        env.addValueChangeListener(change -> explainSecrets(table));
        explainSecrets(table);
        var fields = new VerticalLayout(env, format, secrets);
        fields.setPadding(false);
        add(fields);
        getFooter().add(new Button("Close", click -> close()), download);
    }

    private void explainSecrets(SettingsTable table) {
        boolean mayReveal = table.column(env.getValue())
                .map(SettingsTable.Column::mayReveal)
                .orElse(false);
        secrets.setText(
                mayReveal
                        ? "Secret values are included in plain text: keep the file safe."
                        : "Secret values are left out: revealing them in " + env.getValue() + " needs the role "
                                + Person.needed(
                                        Role.Kind.EDITOR,
                                        env.getValue().value(),
                                        table.schema().owners()) + ".");
    }
}
