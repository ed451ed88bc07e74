package dev.strata.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/admin/webhooks}: list, add, ping and remove webhooks, and read their deliveries,
 * for admins. A secret is write-only: answers say whether a webhook has one, never what it is.
 */
@RestController
@RequestMapping("/api/v1/admin/webhooks")
class WebhookController {

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping
    List<WebhookJson> list() {
        return webhooks.list().stream().map(WebhookJson::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    WebhookJson create(@RequestBody NewWebhook request) {
        return WebhookJson.of(
                webhooks.create(request.name(), request.url(), request.events(), request.secret(), request.format()));
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String name) {
        webhooks.delete(name);
    }

    @PostMapping("/{name}/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> ping(@PathVariable String name) {
        return Map.of("delivery", webhooks.ping(name));
    }

    @GetMapping("/{name}/deliveries")
    List<DeliveryLog.Entry> deliveries(@PathVariable String name) {
        return webhooks.deliveries(name);
    }

    record NewWebhook(String name, String url, List<String> events, String secret, String format) {}

    record WebhookJson(String name, String url, List<String> events, boolean signed, String format, Instant created) {

        static WebhookJson of(Webhook webhook) {
            return new WebhookJson(
                    webhook.name(),
                    webhook.url().toString(),
                    List.copyOf(webhook.events()),
                    webhook.signed(),
                    webhook.format().word(),
                    webhook.created());
        }
    }
}
