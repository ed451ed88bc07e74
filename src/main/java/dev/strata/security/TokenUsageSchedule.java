package dev.strata.security;

import dev.strata.StrataProperties;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/** Writes the tokens' last uses every {@code strata.tokens.usage-interval}, rather than a file per served request. */
@Component
class TokenUsageSchedule implements SchedulingConfigurer {

    private final TokenDirectory tokens;
    private final StrataProperties.Tokens settings;

    TokenUsageSchedule(TokenDirectory tokens, StrataProperties properties) {
        this.tokens = tokens;
        this.settings = properties.tokens();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(
                new FixedDelayTask(tokens::saveUses, settings.usageInterval(), settings.usageInterval()));
    }
}
