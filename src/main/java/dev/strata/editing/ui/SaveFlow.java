package dev.strata.editing.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.strata.changes.ChangeRequestService;
import dev.strata.config.CommitResult;
import dev.strata.config.ConflictException;
import dev.strata.config.EnvName;
import dev.strata.config.NotFoundException;
import dev.strata.config.Problem;
import dev.strata.config.RemoteUnavailableException;
import dev.strata.config.SettingKey;
import dev.strata.config.ValidationException;
import dev.strata.editing.Draft;
import dev.strata.editing.ResolvedSettings;
import dev.strata.editing.SchemaService;
import dev.strata.editing.SettingsService;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.security.access.AccessDeniedException;

/**
 * How a draft ends: saved as one commit (with the credential warning and conflicts settled key
 * by key), proposed as a change request into a protected environment, or discarded.
 */
final class SaveFlow {

    private final SettingsService settings;
    private final ChangeRequestService changes;
    private final SchemaService schemas;
    private final ResolvedSettings resolved;
    private final OpenApplication open;
    private final Checkbox onlyProblems;
    private final Runnable closeEditor;
    private final Runnable reload;
    /** "Only problems" was ticked by a refused save rather than by the person: saving unticks it again. */
    private boolean problemsShownForSave;
    /** The call to fix problems before saving, while it is shown. */
    private Notification fixFirst;

    /**
     * @param onlyProblems the filter a refused save ticks, to single out what to fix
     * @param reload reads the application afresh, keeping what is left of the draft
     */
    SaveFlow(
            SettingsService settings,
            ChangeRequestService changes,
            SchemaService schemas,
            ResolvedSettings resolved,
            OpenApplication open,
            Checkbox onlyProblems,
            Runnable closeEditor,
            Runnable reload) {
        this.resolved = resolved;
        this.settings = settings;
        this.changes = changes;
        this.schemas = schemas;
        this.open = open;
        this.onlyProblems = onlyProblems;
        this.closeEditor = closeEditor;
        this.reload = reload;
        onlyProblems.addValueChangeListener(change -> {
            if (change.isFromClient()) {
                problemsShownForSave = false;
            }
        });
    }

    void discard() {
        closeEditor.run();
        open.forgetDraft();
        settled();
        reload.run();
        OpenApplication.notify("Discarded your unsaved changes.", NotificationVariant.INFO);
    }

    void save() {
        closeEditor.run();
        Draft draft = open.draft;
        List<Problem> problems = draft.problems(open.table.schema());
        if (!problems.isEmpty()) {
            if (!onlyProblems.getValue()) {
                problemsShownForSave = true;
                onlyProblems.setValue(true);
            }
            closeFixFirst();
            fixFirst = OpenApplication.notify(
                    "Fix these before saving: "
                            + problems.stream()
                                    .map(p -> p.subject() + ": " + p.message())
                                    .reduce((a, b) -> a + "; " + b)
                                    .orElseThrow(),
                    NotificationVariant.ERROR);
            return;
        }
        EnvName env = draft.env().orElseThrow();
        int size = draft.size();
        String changes = size + (size == 1 ? " change" : " changes") + " to " + env;
        if (open.proposing()) {
            var dialog = SaveDialog.proposal(changes + " will become a change request for review.");
            showReach(dialog, env);
            dialog.onSave(title -> propose(dialog, title));
            dialog.open();
            return;
        }
        var dialog = new SaveDialog(changes + " will become one commit.");
        showReach(dialog, env);
        dialog.onSave(message -> commit(dialog, message, Set.of()));
        List<SettingsService.CredentialWarning> warnings = settings.credentialWarnings(open.app, draft.toSet());
        if (!warnings.isEmpty()) {
            Set<SettingKey> keys = new TreeSet<>(
                    warnings.stream().map(w -> new SettingKey(w.key())).toList());
            dialog.warnAboutCredentials(
                    warnings.stream()
                            .map(SettingsService.CredentialWarning::message)
                            .toList(),
                    message -> commit(dialog, message, keys));
        }
        dialog.open();
    }

    /** For a shared set, which applications the draft's keys reach in {@code env}. */
    private void showReach(SaveDialog dialog, EnvName env) {
        if (open.table.schema().shared()) {
            Set<SettingKey> keys = new TreeSet<>(open.draft.toSet().keySet());
            keys.addAll(open.draft.toUnset());
            dialog.showReach(resolved.reaches(open.app, List.of(env), keys));
        }
    }

    /** Opens the draft as a change request of kind edit, and goes to its review. */
    private void propose(SaveDialog dialog, String title) {
        Draft draft = open.draft;
        EnvName env = draft.env().orElseThrow();
        try {
            var review = changes.openEdit(
                    open.app, env, new TreeMap<>(draft.toSet()), new TreeSet<>(draft.toUnset()), title, "");
            dialog.close();
            open.forgetDraft();
            settled();
            OpenApplication.notify("Proposed as change request #" + review.id() + ".", NotificationVariant.SUCCESS);
            UI.getCurrent().navigate("change-requests/" + review.id());
        } catch (ValidationException e) {
            List<Problem> aboutTitle = e.problems().stream()
                    .filter(p -> p.subject().equals("title"))
                    .toList();
            if (!aboutTitle.isEmpty()) {
                dialog.showProblem(aboutTitle.getFirst().message());
            } else {
                dialog.close();
                OpenApplication.notify("Not proposed: " + e.getMessage(), NotificationVariant.ERROR);
            }
        } catch (AccessDeniedException | NotFoundException e) {
            dialog.close();
            OpenApplication.notify("Not proposed: " + e.getMessage(), NotificationVariant.ERROR);
        }
    }

    /**
     * Makes the draft one commit, marking {@code markSecret} secret in it when not empty; a conflict
     * is settled key by key and then the rest is tried again.
     */
    private void commit(SaveDialog dialog, String message, Set<SettingKey> markSecret) {
        Draft draft = open.draft;
        EnvName env = draft.env().orElseThrow();
        int size = draft.size();
        try {
            CommitResult result;
            if (markSecret.isEmpty()) {
                result = settings.change(
                        open.app,
                        env,
                        draft.base(),
                        message,
                        new TreeMap<>(draft.toSet()),
                        new TreeSet<>(draft.toUnset()));
            } else {
                SchemaService.SchemaSaved saved = schemas.markSecretAndChange(
                        open.app,
                        env,
                        draft.base(),
                        message,
                        new TreeMap<>(draft.toSet()),
                        new TreeSet<>(draft.toUnset()),
                        markSecret);
                result = new CommitResult(saved.revision(), false, new TreeSet<>());
                OpenApplication.notify("Marked " + joined(markSecret) + " secret.", NotificationVariant.SUCCESS);
                if (saved.warning() != null) {
                    SchemaDialog.remindOfHistory(saved.warning());
                }
            }
            dialog.close();
            open.forgetDraft();
            settled();
            reload.run();
            OpenApplication.notify(
                    "Saved " + size + (size == 1 ? " change" : " changes") + " to " + env + " as "
                            + result.revision().abbreviated() + ".",
                    NotificationVariant.SUCCESS);
            if (result.rebased()) {
                OpenApplication.notify(
                        result.changedByOthers().isEmpty()
                                ? "Someone else committed meanwhile; your changes were applied on top of theirs."
                                : "Meanwhile someone else changed " + joined(result.changedByOthers()) + " in " + env
                                        + "; your changes were applied on top, and the page shows theirs too.",
                        NotificationVariant.INFO);
            }
        } catch (ConflictException e) {
            dialog.close();
            new ConflictDialog(env.value(), e.conflicts(), open.table.schema(), keepTheirs -> {
                        draft.resolve(e.current(), keepTheirs);
                        keepTheirs.forEach(open.addedRows::remove);
                        reload.run();
                        if (draft.isEmpty()) {
                            OpenApplication.notify(
                                    "You kept their values; nothing is left to save.", NotificationVariant.INFO);
                        } else {
                            commit(dialog, message, markSecret);
                        }
                    })
                    .open();
        } catch (ValidationException e) {
            List<Problem> aboutMessage = e.problems().stream()
                    .filter(p -> p.subject().equals("message"))
                    .toList();
            if (!aboutMessage.isEmpty()) {
                dialog.showProblem(aboutMessage.getFirst().message());
            } else {
                dialog.close();
                OpenApplication.notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
            }
        } catch (AccessDeniedException | NotFoundException e) {
            dialog.close();
            OpenApplication.notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
        } catch (RemoteUnavailableException e) {
            // the draft stays, to be saved again once the remote is back
            dialog.close();
            OpenApplication.notify("Not saved: " + e.getMessage(), NotificationVariant.ERROR);
        }
    }

    private static String joined(Set<SettingKey> keys) {
        return String.join(", ", keys.stream().map(SettingKey::value).toList());
    }

    /**
     * Once the draft is saved or discarded, the keys it had problems with no longer need singling
     * out: the person's own filter comes back and the call to fix them goes.
     */
    void settled() {
        closeFixFirst();
        if (problemsShownForSave) {
            problemsShownForSave = false;
            onlyProblems.setValue(false);
        }
    }

    private void closeFixFirst() {
        if (fixFirst != null) {
            fixFirst.close();
            fixFirst = null;
        }
    }
}
