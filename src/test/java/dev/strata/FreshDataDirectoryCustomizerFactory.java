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

/**
 * Sets {@code strata.data-dir} to a new directory for each class marked {@link FreshDataDirectory},
 * and for each Strata that the classes marked {@link SharedStrata} share.
 */
class FreshDataDirectoryCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        if (TestContextAnnotationUtils.hasAnnotation(testClass, FreshDataDirectory.class)) {
            return new PerClass(testClass);
        }
        return TestContextAnnotationUtils.hasAnnotation(testClass, SharedStrata.class) ? new Shared() : null;
    }

    private static void useNewDataDirectory(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "fresh-data-directory",
                        Map.of("strata.data-dir", TestDataDirectories.create().toString())));
    }

    /**
     * Equal for all sharing classes, so that those of the same configuration get one cached context.
     * Each context it starts gets a new directory: one that the cache dropped and started again never
     * meets the lock of the one before, which may still be closing.
     */
    private record Shared() implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            useNewDataDirectory(context);
        }
    }

    /** Equal only for the same class, so that no two classes share a cached context and its data. */
    private record PerClass(Class<?> testClass) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
            useNewDataDirectory(context);
        }
    }
}
