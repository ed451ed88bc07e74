package dev.strata;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Sets {@code strata.data-dir} to a new directory for each class marked {@link FreshDataDirectory}. */
class FreshDataDirectoryCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return TestContextAnnotationUtils.hasAnnotation(testClass, FreshDataDirectory.class)
                ? new PerClass(testClass) : null;
    }

    /** Equal only for the same class, so that no two classes share a cached context and its data. */
    private record PerClass(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fresh-data-directory",
                    Map.of("strata.data-dir", TestDataDirectories.create().toString())));
        }
    }
}
