package dev.strata.api;

import dev.strata.config.Revision;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/** How domain values appear in JSON: a revision is its commit id, as clients send it back. */
@Configuration(proxyBeanMethods = false)
class DomainJson {

    @Bean
    SimpleModule strataDomainTypes() {
        return new SimpleModule("strata-domain").addSerializer(Revision.class, new ValueSerializer<>() {
            @Override
            public void serialize(Revision value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(value.id());
            }
        });
    }
}
