package dev.strata.editing.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.strata.config.AppName;
import dev.strata.config.CommitResult;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.ValidationException;
import dev.strata.editing.SettingsService;
import dev.strata.editing.SettingsTransfer;
import dev.strata.formats.FileFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.springframework.security.access.AccessDeniedException;

/**
 * Imports pasted .env, .properties, YAML or JSON into one environment: first a preview of the key
 * diff, with every mistake by line, and only then one commit with a message.
 */
class ImportDialog extends Dialog {

    private final SettingsService settings;
    private final SettingsTransfer transfer;
    private final AppName app;
    private final Runnable imported;
    final Select<EnvName> env = new Select<>();
    final Select<FileFormat> format = new Select<>();
    final TextArea text = new TextArea("Settings");
    final Upload upload = new Upload();
    final Checkbox removeOthers = new Checkbox("Remove keys the text does not mention");
    final Button preview = new Button("Preview");
    final Div result = new Div();
    final Grid<SettingsTransfer.ImportPreview.Change> changes = new Grid<>();
    final TextField message = new TextField("Why? (the commit message)");
    final Button commit = new Button("Import as one commit");
    private SettingsTransfer.ImportPreview shown;

    ImportDialog(
            SettingsService settings,
            SettingsTransfer transfer,
            AppName app,
            List<EnvName> environments,
            Runnable imported) {
        this.settings = settings;
        this.transfer = transfer;
        this.app = app;
        this.imported = imported;
        setHeaderTitle("Import settings");
        addClassName("import-dialog");
        setWidth("min(52rem, 100vw)");

        env.setLabel("Into");
        env.setItems(environments);
        env.setItemLabelGenerator(EnvName::value);
        env.setValue(environments.getFirst());
        format.setLabel("Format");
        format.setItems(FileFormat.values());
        format.setItemLabelGenerator(FileFormat::label);
        format.setValue(FileFormat.ENV);
        text.setWidthFull();
        text.setMinRows(6);
        text.setMaxRows(14);
        text.setPlaceholder("LOG_LEVEL=WARN\nHTTP_TIMEOUT=15s");
        text.setHelperText("Paste, or upload a file below. Up to 10 MB and " + String.format("%,d", 100_000)
                + " lines. Nothing is saved before you confirm.");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(FileFormat.MAX_CHARS);
        upload.setAcceptedFileExtensions(".env", ".properties", ".yaml", ".yml", ".json", ".txt");
        upload.setUploadHandler(UploadHandler.inMemory((metadata, data) -> {
            String name = metadata.fileName();
            // undecodable bytes become U+FFFD, which the preview reports as binary data
            String content = new String(data, StandardCharsets.UTF_8);
            upload.getUI().ifPresent(ui -> ui.access(() -> loadFile(name, content)));
        }));
        upload.addFileRejectedListener(rejected -> result.add(problem(rejected.getFileName() + ": "
                + rejected.getErrorMessage() + " (at most 10 MB of .env, .properties, YAML or JSON)")));
        upload.addClassName("import-upload");
        env.addValueChangeListener(change -> clearPreview());
        format.addValueChangeListener(change -> clearPreview());
        text.addValueChangeListener(change -> clearPreview());
        removeOthers.addValueChangeListener(change -> clearPreview());

        changes.addClassName("import-changes");
        changes.addColumn(change -> change.key().value())
                .setHeader("Key")
                .setKey("key")
                .setAutoWidth(true);
        changes.addColumn(change -> change.kind().name().toLowerCase(Locale.ROOT))
                .setHeader("Change")
                .setKey("kind")
                .setAutoWidth(true);
        changes.addColumn(change -> change.now() == null ? "—" : change.now())
                .setHeader("Now")
                .setKey("now");
        changes.addColumn(change -> change.imported() == null ? "—" : change.imported())
                .setHeader("Imported")
                .setKey("imported");
        changes.setAllRowsVisible(true);
        changes.setVisible(false);
        message.setWidthFull();
        message.setVisible(false);
        result.addClassName("import-result");

        preview.addClickListener(click -> preview());
        commit.addThemeVariants(ButtonVariant.PRIMARY);
        commit.setEnabled(false);
        commit.addClickListener(click -> commit());

        var choices = new FlexLayout(env, format, removeOthers);
        choices.addClassName("import-choices");
        add(choices, text, upload, result, changes, message);
        getFooter().add(new Button("Cancel", click -> close()), preview, commit);
    }

    /** A file's content replaces the text, in the format its name says, ready to preview. */
    void loadFile(String name, String content) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileFormat candidate : FileFormat.values()) {
            if (lower.endsWith("." + candidate.extension()) || candidate == FileFormat.YAML && lower.endsWith(".yml")) {
                format.setValue(candidate);
            }
        }
        text.setValue(content);
        preview();
    }

    private void clearPreview() {
        shown = null;
        result.removeAll();
        changes.setVisible(false);
        message.setVisible(false);
        commit.setEnabled(false);
    }

    private void preview() {
        clearPreview();
        try {
            shown = transfer.previewImport(
                    app, env.getValue(), format.getValue(), text.getValue(), removeOthers.getValue());
        } catch (AccessDeniedException e) {
            result.add(problem(e.getMessage()));
            return;
        }
        if (!shown.errors().isEmpty()) {
            result.add(new Paragraph("Nothing can be imported until these are fixed:"));
            shown.errors().forEach(error -> result.add(problem(error.toString())));
            return;
        }
        shown.problems().forEach(p -> result.add(problem(p.subject() + ": " + p.message())));
        if (shown.changes().isEmpty()) {
            result.add(new Paragraph(env.getValue() + " already holds these values; there is nothing to import."));
            return;
        }
        result.add(new Paragraph(shown.changes().size()
                + (shown.changes().size() == 1 ? " key changes" : " keys change") + " in " + env.getValue() + ":"));
        changes.setItems(shown.changes());
        changes.setVisible(true);
        message.setVisible(true);
        commit.setEnabled(shown.importable());
        if (shown.importable()) {
            message.focus();
        }
    }

    private void commit() {
        if (message.getValue().isBlank()) {
            message.setErrorMessage("Say why you import these settings; it becomes the commit message.");
            message.setInvalid(true);
            return;
        }
        try {
            CommitResult committed = settings.change(
                    app, env.getValue(), shown.revision(), message.getValue().strip(), shown.set(), shown.unset());
            close();
            Notification.show(
                            "Imported " + shown.changes().size() + " changes into " + env.getValue() + " as "
                                    + committed.revision().abbreviated() + ".",
                            5000,
                            Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.SUCCESS);
            imported.run();
        } catch (ConflictException e) {
            clearPreview();
            result.add(problem("Someone else changed "
                    + String.join(
                            ", ",
                            e.conflicts().stream().map(c -> c.key().value()).toList()) + " in " + env.getValue()
                    + " meanwhile. Preview again to see their values."));
        } catch (ValidationException e) {
            message.setErrorMessage(e.getMessage());
            message.setInvalid(true);
        } catch (AccessDeniedException e) {
            result.add(problem(e.getMessage()));
        }
    }

    private static Div problem(String text) {
        var problem = new Div(text);
        problem.addClassName("import-problem");
        return problem;
    }
}
